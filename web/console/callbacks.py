"""The call-back list: each request with its conversation, contact, best time, status and
notes; any staff member moves it from new to contacted to closed and adds notes.

Requests arrive from the tracker store (web/conversations/callbacks.py) by the gateway's
background refresh and by the refresh this page runs when it loads. Notes are the
conversation's notes, the same ones its page shows. Every view and change is audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.engine import Connection
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.console import audit
from web.console.auth import checked_form, login_required
from web.console.state import console_state
from web.console.views import render
from web.conversations import annotations, callbacks, outbox
from web.conversations.annotations import AnnotationError
from web.conversations.callbacks import STATUSES, CallbackError


def _status_filter(request: Request) -> str | None:
    status = request.query_params.get("status") or None
    if status is not None and status not in STATUSES:
        raise HTTPException(400, f"Status must be one of {', '.join(STATUSES)}.")
    return status


def _callback_id(request: Request) -> int:
    raw = request.path_params["callback_id"]
    if not raw.isdigit():
        raise HTTPException(404, "There is no call-back request with that id.")
    return int(raw)


def _back(request: Request, error: str | None = None) -> RedirectResponse:
    url = str(request.url_for("callbacks"))
    if error:
        url = f"{url}?{urlencode({'error': error})}"
    return RedirectResponse(url, status_code=303)


@login_required
async def callbacks_page(request: Request) -> Response:
    status = _status_filter(request)
    staff = request.state.staff.username
    webhook = console_state(request).config.webhook

    def load(connection: Connection):
        requests = callbacks.list_callbacks(connection, status)
        notes = {r.sender_id: annotations.notes_for(connection, r.sender_id) for r in requests}
        audit.record(connection, staff, "view", f"callbacks status={status or 'all'}")
        return (requests, notes, callbacks.status_counts(connection),
                outbox.outbox_status(connection) if webhook.configured else None)

    requests, notes, counts, delivery = await console_state(request).run(load, refresh=True)
    return render(request, "callbacks.html", requests=requests, notes=notes, counts=counts,
                  statuses=STATUSES, status=status, webhook=webhook, delivery=delivery,
                  error=request.query_params.get("error"))


@login_required
async def set_callback_status(request: Request) -> Response:
    form = await checked_form(request)
    callback_id = _callback_id(request)
    status = str(form.get("status", ""))
    staff = request.state.staff.username

    def change(connection: Connection) -> None:
        request_row = callbacks.set_status(connection, callback_id, status, staff)
        audit.record(connection, staff, "callback",
                     f"{request_row.sender_id} call-back {callback_id} -> {status}")

    try:
        await console_state(request).run(change)
    except CallbackError as error:
        return _back(request, str(error))
    return _back(request)


@login_required
async def add_callback_note(request: Request) -> Response:
    form = await checked_form(request)
    callback_id = _callback_id(request)
    staff = request.state.staff.username

    def note(connection: Connection) -> None:
        sender_id = callbacks.find_callback(connection, callback_id).sender_id
        annotations.add_note(connection, sender_id, str(form.get("text", "")), staff)
        audit.record(connection, staff, "note", f"{sender_id} (call-back {callback_id})")

    try:
        await console_state(request).run(note)
    except (CallbackError, AnnotationError) as error:
        return _back(request, str(error))
    return _back(request)
