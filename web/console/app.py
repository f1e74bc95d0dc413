"""The console's ASGI app, mounted by the gateway at /staff: its routes in one list.

Every route but the login form and the stylesheet needs a logged-in staff member
(`auth.login_required`); tests/console/test_access.py walks this list to prove it.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from web.console import callbacks, handoff_pages, pages
from web.console.state import ConsoleState
from web.console.views import render
from web.handoff.desk import HandoffDesk

STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "harbor_staff"
PUBLIC_ROUTES = ("login", "console_static")

ROUTES = [
    Route("/", pages.conversations, name="conversations"),
    Route("/login", pages.login, methods=["GET", "POST"], name="login"),
    Route("/logout", pages.logout, methods=["POST"], name="logout"),
    Route("/conversations/{sender_id}", pages.conversation, name="conversation"),
    Route("/conversations/{sender_id}/tags", pages.add_tag, methods=["POST"], name="add_tag"),
    Route("/conversations/{sender_id}/tags/remove", pages.remove_tag, methods=["POST"],
          name="remove_tag"),
    Route("/conversations/{sender_id}/notes", pages.add_note, methods=["POST"], name="add_note"),
    Route("/conversations/{sender_id}/review", pages.mark_reviewed, methods=["POST"],
          name="review"),
    Route("/export.csv", pages.export_as_csv, name="export_csv"),
    Route("/export.json", pages.export_as_json, name="export_json"),
    Route("/purge", pages.purge_page, methods=["GET", "POST"], name="purge"),
    Route("/audit", pages.audit_page, name="audit"),
    Route("/accounts", pages.accounts_page, methods=["GET", "POST"], name="accounts"),
    Route("/inbox", pages.inbox_page, name="inbox"),
    Route("/inbox/pick", pages.inbox_pick, methods=["POST"], name="inbox_pick"),
    Route("/inbox/nlu.yml", pages.inbox_yaml, name="inbox_yaml"),
    Route("/callbacks", callbacks.callbacks_page, name="callbacks"),
    Route("/callbacks/{callback_id}/status", callbacks.set_callback_status, methods=["POST"],
          name="callback_status"),
    Route("/callbacks/{callback_id}/notes", callbacks.add_callback_note, methods=["POST"],
          name="callback_note"),
    Route("/overview", pages.overview_page, name="overview"),
    Route("/model", pages.model_page, name="model"),
    Route("/model/{name}.png", pages.model_image, name="model_image"),
    Route("/handoffs", handoff_pages.queue_page, name="handoffs"),
    Route("/handoffs/{handoff_id}", handoff_pages.handoff_page, name="handoff"),
    Route("/handoffs/{handoff_id}/messages.json", handoff_pages.handoff_messages,
          name="handoff_messages"),
    Route("/handoffs/{handoff_id}/claim", handoff_pages.claim, methods=["POST"],
          name="handoff_claim"),
    Route("/handoffs/{handoff_id}/reply", handoff_pages.reply, methods=["POST"],
          name="handoff_reply"),
    Route("/handoffs/{handoff_id}/end", handoff_pages.end, methods=["POST"],
          name="handoff_end"),
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="console_static"),
]


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = render(request, "error.html", status_code=exc.status_code, detail=exc.detail)
    response.headers["Cache-Control"] = "no-store"
    return response


class NoStoreMiddleware:
    """Conversations are private: no browser or proxy keeps a console page."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        async def send_no_store(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *[(k, v) for k, v in message.get("headers", []) if k != b"cache-control"],
                    (b"cache-control", b"no-store"),
                ]
            await send(message)

        await self.app(scope, receive, send_no_store)


def create_console(state: ConsoleState, desk: HandoffDesk | None = None) -> Starlette:
    """The console over `state`'s database; without a `desk`, no live hand-off pages."""
    config = state.config
    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(NoStoreMiddleware),
            Middleware(
                SessionMiddleware,
                secret_key=config.secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=config.session_hours * 3600,
                path="/staff",
                same_site="strict",
                https_only=config.secure_cookies,
            ),
        ],
        exception_handlers={HTTPException: handle_http_exception},
    )
    app.state.console = state
    app.state.handoff = desk
    return app


def console_mount(state: ConsoleState, desk: HandoffDesk) -> Mount:
    """What the gateway adds to its routes: the console at /staff, over the gateway's
    database and hand-off desk (the visitor room queues, the console claims)."""
    return Mount("/staff", app=create_console(state, desk))
