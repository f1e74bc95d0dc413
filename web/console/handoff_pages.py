"""The console's live hand-off pages: the waiting queue, one conversation to join, its poll.

Claiming, replying and ending go through the gateway's desk (web/handoff/desk.py), which
pauses and resumes Rasa; these handlers only read the form, call it, audit, and render.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from sqlalchemy.engine import Connection
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from web.console import audit
from web.console.auth import checked_form, login_required
from web.console.state import console_state
from web.console.views import render
from web.conversations.transcripts import Message, read_transcript
from web.handoff import queue
from web.handoff.desk import HandoffDesk
from web.handoff.queue import Handoff, HandoffError
from web.rasa_client import RasaUnavailable

RASA_DOWN = "The assistant could not be reached, so nothing changed. Try again in a moment."


def _desk(request: Request) -> HandoffDesk:
    desk = request.app.state.handoff
    if desk is None:
        raise HTTPException(404, "Live hand-off is not set up on this console.")
    return desk


def _handoff_id(request: Request) -> int:
    raw = request.path_params["handoff_id"]
    if not raw.isdigit() or len(raw) > 12:
        raise HTTPException(404, "There is no such hand-off.")
    return int(raw)


async def _find(request: Request, handoff_id: int) -> Handoff:
    handoff = await console_state(request).run(lambda c: queue.find(c, handoff_id))
    if handoff is None:
        raise HTTPException(404, "There is no such hand-off.")
    return handoff


def _back(request: Request, handoff_id: int, error: str | None = None) -> RedirectResponse:
    url = str(request.url_for("handoff", handoff_id=str(handoff_id)))
    if error:
        url += "?" + urlencode({"error": error})
    return RedirectResponse(url + "#reply", status_code=303)


@login_required
async def queue_page(request: Request) -> Response:
    # Looking at the queue is also when visitors nobody joined move on to a call back.
    await _desk(request).expire_overdue()
    open_handoffs, closed = await console_state(request).run(queue.listing)
    return render(request, "handoffs.html", open_handoffs=open_handoffs, closed=closed,
                  now=time.time())


@login_required
async def handoff_page(request: Request) -> Response:
    handoff_id = _handoff_id(request)
    staff = request.state.staff.username
    handoff = await _find(request, handoff_id)

    def load(connection: Connection):
        audit.record(connection, staff, "view", handoff.sender_id)
        return read_transcript(connection, handoff.sender_id)

    transcript = await console_state(request).run(load)
    messages = transcript.messages if transcript else []
    return render(request, "handoff.html", handoff=handoff, messages=messages,
                  last_event_id=max((m.event_id for m in messages), default=0),
                  mine=handoff.status == "claimed" and handoff.claimed_by == staff,
                  now=time.time(), error=request.query_params.get("error"))


@login_required
async def handoff_messages(request: Request) -> Response:
    """GET .../messages.json?after=N: the page's poll for new messages and the status."""
    handoff = await _find(request, _handoff_id(request))
    raw_after = request.query_params.get("after", "0")
    after = int(raw_after) if raw_after.isdigit() else 0
    transcript = await console_state(request).run(
        lambda c: read_transcript(c, handoff.sender_id))
    messages = [m for m in (transcript.messages if transcript else []) if m.event_id > after]
    return JSONResponse({
        "status": handoff.status,
        "claimed_by": handoff.claimed_by,
        "crisis": handoff.crisis_category,
        "messages": [_message_json(m) for m in messages],
    })


def _message_json(message: Message) -> dict[str, object]:
    who = {"visitor": "Visitor", "staff": f"Team member ({message.staff})"}.get(
        message.speaker, "Harbor")
    return {"id": message.event_id, "speaker": message.speaker, "who": who,
            "text": message.text, "risk": message.risk_level}


async def _act(request: Request, action: str, step) -> Response:
    form = await checked_form(request)
    handoff_id = _handoff_id(request)
    staff = request.state.staff.username
    handoff = await _find(request, handoff_id)
    try:
        await step(_desk(request), handoff_id, staff, form)
    except HandoffError as error:
        return _back(request, handoff_id, str(error))
    except RasaUnavailable:
        return _back(request, handoff_id, RASA_DOWN)
    await console_state(request).run(
        lambda c: audit.record(c, staff, action, handoff.sender_id))
    return _back(request, handoff_id)


@login_required
async def claim(request: Request) -> Response:
    shown_as = request.state.staff.display_name  # what the visitor sees; None: "Team member"
    return await _act(request, "handoff_claim", lambda desk, handoff_id, staff, form:
                      desk.claim(handoff_id, staff, shown_as))


@login_required
async def reply(request: Request) -> Response:
    shown_as = request.state.staff.display_name
    return await _act(request, "handoff_reply", lambda desk, handoff_id, staff, form:
                      desk.reply(handoff_id, staff, str(form.get("text", "")), shown_as))


@login_required
async def end(request: Request) -> Response:
    return await _act(request, "handoff_end",
                      lambda desk, handoff_id, staff, form: desk.end(handoff_id, staff))
