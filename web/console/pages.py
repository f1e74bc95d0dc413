"""The console's request handlers; `app.py` lists their routes.

Each handler reads the request, runs one library call in a transaction, records what
the audit log needs, and renders. Anything more belongs in `web.conversations`.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from sqlalchemy.engine import Connection
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from web.console import accounts, audit
from web.console.accounts import AccountError, LockedOut, authenticate
from web.console.auth import admin_required, checked_form, csrf_token, login_required
from web.console.charts import bar_list, column_chart
from web.console.model_report import image_path, load_model_report
from web.console.state import console_state
from web.console.views import render
from web.conversations import annotations, inbox
from web.conversations.annotations import AnnotationError
from web.conversations.export import EXPORT_LIMIT, export_csv, export_json
from web.conversations.filters import (
    RISK_CATEGORIES,
    ConversationFilter,
    FilterError,
    parse_filter,
)
from web.conversations.index import LEVEL_ORDER
from web.conversations.listing import facet_counts, known_topics, list_conversations
from web.conversations.overview import overview
from web.conversations.retention import purge
from web.conversations.transcripts import read_transcript, read_transcripts


def _filter(request: Request) -> ConversationFilter:
    try:
        return parse_filter(request.query_params)
    except FilterError as error:
        raise HTTPException(400, str(error)) from None


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def _back_to(request: Request, sender_id: str) -> RedirectResponse:
    url = request.url_for("conversation", sender_id=sender_id)
    return RedirectResponse(url, status_code=303)


# --- logging in and out ---------------------------------------------------------------

async def login(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "login.html", error=None)
    form = await checked_form(request)
    username = str(form.get("username", "")).strip().lower()
    password = str(form.get("password", ""))
    state = console_state(request)
    config = state.config

    def attempt(connection: Connection):
        member = authenticate(connection, username, password, config.lockout_after_failures,
                              config.lockout_minutes * 60)
        audit.record(connection, username[:64] or "?", "login" if member else "login_failed")
        return member

    try:
        member = await state.run(attempt)
    except LockedOut:
        return render(request, "login.html", status_code=429, error=(
            "Too many failed attempts: this account is locked for a while. "
            "Try again later, or ask an admin."))
    if member is None:
        # Every failure costs time, so guessing passwords is slow even before lockout.
        await asyncio.sleep(config.failed_login_delay_seconds)
        return render(request, "login.html", status_code=401,
                      error="That username and password do not match an account.")
    request.session.clear()  # a fresh session (and CSRF token) for the logged-in staff
    request.session["username"] = member.username
    csrf_token(request)
    return RedirectResponse(request.url_for("conversations"), status_code=303)


@login_required
async def logout(request: Request) -> Response:
    await checked_form(request)
    staff = request.state.staff.username
    await console_state(request).run(lambda c: audit.record(c, staff, "logout"))
    request.session.clear()
    return RedirectResponse(request.url_for("login"), status_code=303)


# --- reviewing ------------------------------------------------------------------------

@login_required
async def conversations(request: Request) -> Response:
    flt = _filter(request)
    page_number = _page_number(request)

    def load(connection: Connection):
        topics = known_topics(connection)
        return (list_conversations(connection, flt, page_number),
                facet_counts(connection, flt, topics), topics,
                annotations.all_tags(connection))

    page, counts, topics, tags = await console_state(request).run(load, refresh=True)
    return render(request, "conversations.html", page=page, counts=counts, topics=topics,
                  tags=tags, flt=flt, query=flt.as_query(), levels=LEVEL_ORDER,
                  categories=RISK_CATEGORIES)


@login_required
async def conversation(request: Request) -> Response:
    sender_id = request.path_params["sender_id"]
    staff = request.state.staff.username

    def load(connection: Connection):
        transcript = read_transcript(connection, sender_id)
        if transcript is None:
            return None
        audit.record(connection, staff, "view", sender_id)
        return (transcript, annotations.tags_for(connection, sender_id),
                annotations.notes_for(connection, sender_id),
                annotations.review_of(connection, sender_id))

    found = await console_state(request).run(load)
    if found is None:
        raise HTTPException(404, "There is no conversation with that id.")
    transcript, tags, notes, review = found
    return render(request, "conversation.html", transcript=transcript, tags=tags, notes=notes,
                  review=review, error=request.query_params.get("error"))


async def _annotate(request: Request, action: str, change) -> Response:
    form = await checked_form(request)
    sender_id = request.path_params["sender_id"]
    staff = request.state.staff.username

    def apply(connection: Connection) -> None:
        if read_transcript(connection, sender_id) is None:
            raise HTTPException(404, "There is no conversation with that id.")
        detail = change(connection, sender_id, form, staff)
        audit.record(connection, staff, action, f"{sender_id} {detail}".strip())

    try:
        await console_state(request).run(apply)
    except AnnotationError as error:
        url = request.url_for("conversation", sender_id=sender_id)
        return RedirectResponse(f"{url}?{urlencode({'error': str(error)})}", status_code=303)
    return _back_to(request, sender_id)


@login_required
async def add_tag(request: Request) -> Response:
    return await _annotate(request, "tag", lambda c, s, form, staff: annotations.add_tag(
        c, s, str(form.get("tag", "")), staff))


@login_required
async def remove_tag(request: Request) -> Response:
    def untag(c: Connection, s: str, form, staff: str) -> str:
        annotations.remove_tag(c, s, str(form.get("tag", "")))
        return str(form.get("tag", ""))

    return await _annotate(request, "untag", untag)


@login_required
async def add_note(request: Request) -> Response:
    def note(c: Connection, s: str, form, staff: str) -> str:
        annotations.add_note(c, s, str(form.get("text", "")), staff)
        return ""

    return await _annotate(request, "note", note)


@login_required
async def mark_reviewed(request: Request) -> Response:
    def review(c: Connection, s: str, form, staff: str) -> str:
        reviewed = form.get("reviewed") == "yes"
        annotations.set_reviewed(c, s, staff, reviewed)
        return "reviewed" if reviewed else "not reviewed"

    return await _annotate(request, "review", review)


# --- admins: export, purge, audit -----------------------------------------------------

async def _export(request: Request, media_type: str) -> Response:
    flt = _filter(request)
    redacted = request.query_params.get("redacted", "yes") != "no"
    staff = request.state.staff.username

    def load(connection: Connection):
        page = list_conversations(connection, flt, 1, EXPORT_LIMIT)
        ids = [row.sender_id for row in page.rows]
        audit.record(connection, staff, "export",
                     f"{media_type} redacted={redacted} {urlencode(flt.as_query())} "
                     f"conversations={','.join(ids)}")
        return read_transcripts(connection, ids)

    transcripts = await console_state(request).run(load, refresh=True)
    suffix = "csv" if media_type == "text/csv" else "json"
    headers = {"Content-Disposition": f'attachment; filename="conversations.{suffix}"',
               "Cache-Control": "no-store"}
    if suffix == "csv":
        return StreamingResponse(export_csv(transcripts, redacted), media_type=media_type,
                                 headers=headers)
    return Response(export_json(transcripts, redacted), media_type=media_type, headers=headers)


@admin_required
async def export_as_csv(request: Request) -> Response:
    return await _export(request, "text/csv")


@admin_required
async def export_as_json(request: Request) -> Response:
    return await _export(request, "application/json")


@admin_required
async def purge_page(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "purge.html", result=None, days=None, error=None)
    form = await checked_form(request)
    raw_days = str(form.get("days", "")).strip()
    if not raw_days.isdigit():
        return render(request, "purge.html", status_code=422, result=None, days=raw_days,
                      error="Days must be a whole number, 0 or more.")
    days = int(raw_days)
    staff = request.state.staff.username

    def run(connection: Connection):
        result = purge(connection, days)
        audit.record(connection, staff, "purge",
                     f"older than {days} days: {result.conversations} conversations")
        return result

    result = await console_state(request).run(run)
    return render(request, "purge.html", result=result, days=days, error=None)


@admin_required
async def accounts_page(request: Request) -> Response:
    error = None
    status = 200
    if request.method == "POST":
        form = await checked_form(request)
        staff = request.state.staff.username
        action = str(form.get("action", ""))
        username = str(form.get("username", "")).strip().lower()

        def change(connection: Connection) -> None:
            display_name = str(form.get("display_name", ""))
            if action == "delete":
                if username == staff:
                    raise AccountError("You cannot delete your own account.")
                if not accounts.delete_account(connection, username):
                    raise AccountError(f"There is no account named {username!r}.")
            elif action == "display_name":
                accounts.set_display_name(connection, username, display_name)
            else:
                accounts.create_account(connection, username, str(form.get("password", "")),
                                        str(form.get("role", "")), display_name)
            audit.record(connection, staff, "account", f"{action or 'create'} {username}")

        try:
            await console_state(request).run(change)
        except AccountError as problem:
            error, status = str(problem), 422
        else:
            return RedirectResponse(request.url_for("accounts"), status_code=303)
    members = await console_state(request).run(accounts.list_accounts)
    return render(request, "accounts.html", status_code=status, members=members,
                  roles=accounts.ROLES, error=error)


@admin_required
async def audit_page(request: Request) -> Response:
    entries = await console_state(request).run(audit.recent)
    return render(request, "audit.html", entries=entries)


# --- trainers -------------------------------------------------------------------------

@login_required
async def inbox_page(request: Request) -> Response:
    root = console_state(request).config.project_root

    def load(connection: Connection):
        return inbox.inbox_items(connection), inbox.picks(connection)

    groups, picks = await console_state(request).run(load, refresh=True)
    return render(request, "inbox.html", groups=groups, picks=picks,
                  intents=inbox.trainable_intents(root), command=inbox.RETRAIN_COMMAND,
                  error=request.query_params.get("error"))


@login_required
async def inbox_pick(request: Request) -> Response:
    form = await checked_form(request)
    staff = request.state.staff.username
    intents = inbox.trainable_intents(console_state(request).config.project_root)
    raw_id = str(form.get("event_id", ""))
    intent = str(form.get("intent", ""))

    def pick(connection: Connection) -> None:
        inbox.record_pick(connection, int(raw_id), intent, staff, intents)
        audit.record(connection, staff, "inbox_pick", f"event {raw_id} -> {intent}")

    url = request.url_for("inbox")
    try:
        if not raw_id.isdigit():
            raise inbox.PickError("no message was chosen")
        await console_state(request).run(pick)
    except inbox.PickError as error:
        return RedirectResponse(f"{url}?{urlencode({'error': str(error)})}", status_code=303)
    return RedirectResponse(url, status_code=303)


@login_required
async def inbox_yaml(request: Request) -> Response:
    picks = await console_state(request).run(inbox.picks)
    return PlainTextResponse(inbox.nlu_fragment(picks), media_type="text/yaml", headers={
        "Content-Disposition": 'attachment; filename="nlu_inbox.yml"'})


@login_required
async def overview_page(request: Request) -> Response:
    figures = await console_state(request).run(overview, refresh=True)
    labels = [day.strftime("%m-%d") for day in figures.days]
    return render(
        request, "overview.html", figures=figures,
        per_day=column_chart("Conversations per day", labels,
                             {"conversations": figures.conversations_per_day}),
        escalations=column_chart("Escalations per day by category", labels,
                                 figures.escalations_per_day),
        topics=bar_list("Top topics", figures.top_topics),
    )


@login_required
async def model_page(request: Request) -> Response:
    report = load_model_report(console_state(request).config.results_dir)
    return render(request, "model.html", report=report)


@login_required
async def model_image(request: Request) -> Response:
    path = image_path(console_state(request).config.results_dir, request.path_params["name"])
    if path is None:
        raise HTTPException(404, "No such figure; run `make test-nlu`.")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "no-store"})
