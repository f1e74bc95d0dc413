"""The visitor room's request handlers. `web.app.create_app` lists their routes."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from safety.replies import service_unavailable_message
from web.errors import ApiError, error_response
from web.handoff.desk import HandoffDesk, requested_reason
from web.handoff.queue import Handoff
from web.rasa_client import BotMessage, RasaUnavailable
from web.rate_limit import too_many
from web.visitor.payloads import parse_message_text, read_body, require_json
from web.visitor.quick_replies import offered_payloads, text_for_rasa

log = logging.getLogger(__name__)


async def create_conversation(request: Request) -> JSONResponse:
    """POST /api/conversations -> {conversation_id, token}; the body, if any, is ignored."""
    conversation = request.app.state.tokens.issue()
    return JSONResponse(
        {"conversation_id": conversation.id, "token": conversation.token}, status_code=201
    )


async def post_message(request: Request) -> JSONResponse:
    """POST /api/conversations/{id}/messages {text} -> {messages: [{text, buttons, timestamp}]}.

    Rasa's replies come back in this response. When they ask for a person (the custom
    payload of action_offer_person), the conversation joins the hand-off queue and the
    response says `handoff: {status, after}`: the widget then polls `handoff_events`.
    While a team member is there Rasa is paused and answers nothing, but the message
    is still assessed for risk, and a crisis gets its reply here at once.
    A text starting with "/" reaches Rasa as a payload only if the last turn offered
    it as a button (see quick_replies).
    """
    conversation_id = authorize(request)
    state = request.app.state
    # Counted after the token check, so nobody can use up another visitor's budget.
    wait = await state.limiter.wait_for_conversation(conversation_id)
    if wait > 0:
        raise too_many(wait)
    require_json(request)
    text = parse_message_text(await read_body(request))
    offered = await _offered(request, conversation_id)
    live = await _live_handoff(state.handoff, conversation_id)
    try:
        replies = await state.rasa.send(conversation_id, text_for_rasa(text, offered))
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable: %s", exc)
        unavailable = BotMessage(text=service_unavailable_message())
        return error_response(
            503,
            "assistant_unavailable",
            "The assistant cannot answer right now.",
            messages=[message_json(unavailable)],
        )
    await _remember_offered(request, conversation_id, offered_payloads(replies))
    shown = [reply for reply in replies if reply.is_shown]
    body: dict[str, object] = {}
    reason = requested_reason(replies)
    if reason is not None:
        shown, body["handoff"] = await _queue(state.handoff, conversation_id, reason, shown)
    elif live is not None and live.status == "claimed":
        shown += await _risk_during_handoff(state.handoff, live)
        body["handoff"] = {"status": live.status}
    elif live is not None and live.status == "waiting":
        await _flag_risk_while_waiting(state.handoff, live)
    return JSONResponse({"messages": [message_json(reply) for reply in shown], **body})


async def _live_handoff(desk: HandoffDesk, conversation_id: str) -> Handoff | None:
    try:
        return await desk.open_handoff(conversation_id)
    except Exception:  # the queue's database failing must not lose the visitor's message
        log.warning("could not read the hand-off queue", exc_info=True)
        return None


async def _queue(
    desk: HandoffDesk, conversation_id: str, reason: str, shown: list[BotMessage]
) -> tuple[list[BotMessage], dict[str, object]]:
    """Put the visitor in the queue; if that fails, take back the promise of a person
    (`utter_handoff_queue_failed`, with the crisis lines)."""
    try:
        handoff, cursor = await desk.request(conversation_id, reason)
    except Exception:
        log.exception("could not queue a hand-off")
        return [BotMessage(text=desk.texts.queue_failed)], {"status": None}
    return shown, {"status": handoff.status, "after": cursor}


async def _risk_during_handoff(desk: HandoffDesk, handoff: Handoff) -> list[BotMessage]:
    """The crisis reply for a crisis message while a person is there; the lines if the
    check itself fails, since its result cannot be known."""
    try:
        reply = await desk.check_visitor_message(handoff)
    except RasaUnavailable as exc:
        log.warning("could not check a message during a hand-off for risk: %s", exc)
        return [BotMessage(text=service_unavailable_message())]
    return [reply] if reply is not None else []


async def _flag_risk_while_waiting(desk: HandoffDesk, handoff: Handoff) -> None:
    """Flag a crisis on the waiting visitor's queue row. Rasa has already given the
    crisis lines, so a failure here costs only the flag, and is logged."""
    try:
        await desk.check_waiting_message(handoff)
    except Exception:
        log.warning("could not check a waiting visitor's message for a crisis", exc_info=True)


async def handoff_events(request: Request) -> JSONResponse:
    """GET /api/conversations/{id}/events?after=N -> {handoff: {status, reason}|null, events}.

    What a live hand-off brought since entry N: a team member joined, their replies,
    the end; or, when nobody joined in time, the move to the call-back path.
    """
    conversation_id = authorize(request)
    raw_after = request.query_params.get("after", "0")
    if not raw_after.isdigit() or len(raw_after) > 15:
        raise ApiError(400, "invalid_cursor", "'after' must be a whole number, 0 or more.")
    status = await request.app.state.handoff.status(conversation_id, int(raw_after))
    handoff = status.handoff
    return JSONResponse({
        "handoff": {"status": handoff.status, "reason": handoff.reason} if handoff else None,
        "events": [entry.as_json() for entry in status.entries],
    })


async def _offered(request: Request, conversation_id: str) -> frozenset[str]:
    """The payloads offered last; none if the store fails, so "/..." is only escaped."""
    try:
        return await request.app.state.offered_buttons.get(conversation_id)
    except Exception:  # a store error must not lose the visitor's message
        log.warning("could not read the offered buttons", exc_info=True)
        return frozenset()


async def _remember_offered(
    request: Request, conversation_id: str, payloads: frozenset[str]
) -> None:
    try:
        await request.app.state.offered_buttons.put(conversation_id, payloads)
    except Exception:  # the reply still reaches the visitor; only its buttons go unheard
        log.warning("could not store the offered buttons", exc_info=True)


def authorize(request: Request) -> str:
    """Return the conversation id of the path once the bearer token proves ownership."""
    conversation_id = request.path_params["conversation_id"]
    tokens = request.app.state.tokens
    if not tokens.is_well_formed_id(conversation_id):
        raise ApiError(404, "unknown_conversation", "There is no such conversation.")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "missing_token",
            "Send the conversation's token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not tokens.is_valid(conversation_id, token.strip()):
        raise ApiError(403, "forbidden", "This token does not belong to this conversation.")
    return conversation_id


def message_json(message: BotMessage) -> dict[str, object]:
    return {
        "text": message.text,
        "buttons": [{"title": b.title, "payload": b.payload} for b in message.buttons],
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


async def widget_config(request: Request) -> JSONResponse:
    """GET /api/config: what the widget shows before any message (crisis link, notice)."""
    return JSONResponse(request.app.state.widget_config.as_json())


async def demo_page(request: Request) -> Response:
    """GET /: a page of the center with the widget, as an embedding site would show it."""
    return HTMLResponse(request.app.state.demo_page_html)
