"""The gateway's ASGI app: every route and middleware in one place.

Build it with `create_app(settings)`; `python -m web` serves it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from harbor.center import CENTER_FILE, Center, load_center
from harbor.settings import Settings
from harbor.staffed_hours import HandoffSettings, HandoffSettingsFile
from web import health
from web.console.app import console_mount
from web.console.config import ConsoleConfig
from web.console.state import ConsoleState
from web.conversation_locks import conversation_locks
from web.errors import ApiError, error_response, handle_api_error, handle_http_exception
from web.handoff.desk import HandoffDesk
from web.notifications import Notifier
from web.notifications.background import keep_up
from web.notifications.outbox_notifier import OutboxNotifier
from web.rasa_client import BotMessage, RasaClient, http_client
from web.rate_limit import RateLimiter, RateLimitMiddleware, RateLimits
from web.replicas import ReplicaSet
from web.security import SecurityHeadersMiddleware, check_origins, cors_middleware, security_headers
from web.visitor import endpoints as visitor
from web.visitor.demo_page import render_demo_page
from web.visitor.quick_replies import offered_buttons_store, offered_payloads
from web.visitor.sessions import ConversationTokens
from web.visitor.widget_config import build_widget_config

VISITOR_STATIC_DIR = Path(__file__).parent / "visitor" / "static"
log = logging.getLogger("web")

# The gateway's rooms share its middleware, errors and Rasa client: the visitor room
# (public API and widget) is here; the staff console and the hand-off add theirs below.
HEALTH_ROUTES = [
    Route("/healthz", health.healthz, methods=["GET"]),
    Route("/readyz", health.readyz, methods=["GET"]),
]
VISITOR_ROUTES = [
    Route("/", visitor.demo_page, methods=["GET"]),
    Route("/api/config", visitor.widget_config, methods=["GET"]),
    Route("/api/conversations", visitor.create_conversation, methods=["POST"]),
    Route(
        "/api/conversations/{conversation_id}/messages", visitor.post_message, methods=["POST"]
    ),
    # A live hand-off's news for the widget to poll: a person joined, their replies, the end.
    Route(
        "/api/conversations/{conversation_id}/events", visitor.handoff_events, methods=["GET"]
    ),
    Mount("/static", StaticFiles(directory=VISITOR_STATIC_DIR), name="static"),
]
ROUTES = [*HEALTH_ROUTES, *VISITOR_ROUTES]


def create_app(
    settings: Settings,
    *,
    center: Center | None = None,
    rate_limits: RateLimits | None = None,
    namespace: str = "harbor",
    handoff_settings: HandoffSettings | None = None,
    notifier: Notifier | None = None,
    center_file: Path = CENTER_FILE,
) -> Starlette:
    """The gateway. `namespace` prefixes its keys in Redis (tests use their own);
    `handoff_settings` default to `center_file`'s `handoff:` section, read again whenever
    the file changes."""
    origins = check_origins(settings.allowed_origins)
    center = center or load_center()
    limiter = RateLimiter(
        rate_limits or RateLimits.from_settings(settings), settings.redis_url, namespace
    )
    offered_buttons = offered_buttons_store(settings.redis_url, namespace)
    # Which replica serves which conversation, and which are down: kept for the app's life.
    replicas = ReplicaSet(settings.rasa_urls)
    locks = conversation_locks(settings)
    # The console's database holds the hand-off queue too: one migration, one engine.
    database = ConsoleState(ConsoleConfig.from_settings(settings))

    async def remember_offered(sender_id: str, replies: list[BotMessage]) -> None:
        await offered_buttons.put(sender_id, offered_payloads(replies))

    desk = HandoffDesk(
        database,
        rasa=lambda: app.state.rasa,
        notifier=lambda: app.state.notifier,
        settings=(lambda: handoff_settings) if handoff_settings
        else HandoffSettingsFile(center_file).current,
        on_bot_replies=remember_offered,
        webhook_configured=database.config.webhook.configured,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # One pooled client to every Rasa replica for the app's life.
        async with http_client(settings.rasa_timeout_seconds) as http:
            api_token = settings.rasa_api_token if settings.rasa_api_enabled else ""
            app.state.rasa = RasaClient(
                http, settings.rasa_timeout_seconds, replicas=replicas, locks=locks,
                api_token=api_token,
            )
            # Call-backs into the console's list, notices out through the webhook.
            background = asyncio.create_task(keep_up(database, desk.expire_overdue))
            yield
            background.cancel()
        await offered_buttons.close()
        await locks.close()

    async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette's error middleware sits outside ours, so this answer needs the
        # security headers added here. The traceback goes to the log, never the visitor.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            500,
            "internal_error",
            "Something went wrong on our side. Please try again.",
            headers=security_headers(origins),
        )

    app = Starlette(
        routes=[*ROUTES, console_mount(database, desk)],
        middleware=[
            # Only a configured proxy may name the client (see web/rate_limit.py).
            *proxy_middleware(settings.trusted_proxies),
            Middleware(SecurityHeadersMiddleware, allowed_origins=origins),
            cors_middleware(origins),
            Middleware(RateLimitMiddleware, limiter=limiter),
        ],
        exception_handlers={
            ApiError: handle_api_error,
            HTTPException: handle_http_exception,
            500: handle_unexpected,
        },
        lifespan=lifespan,
    )
    app.state.limiter = limiter
    app.state.replicas = replicas
    app.state.handoff = desk
    # The console's database, for /healthz's report on the webhook's outbox.
    app.state.console = database
    # Without a webhook it logs each notice; with one, the outbox delivers it.
    app.state.notifier = notifier or OutboxNotifier(database)
    app.state.offered_buttons = offered_buttons
    app.state.tokens = ConversationTokens(settings.secret_key)
    app.state.widget_config = build_widget_config(center)
    app.state.demo_page_html = render_demo_page(center)
    return app


def proxy_middleware(trusted_proxies: tuple[str, ...]) -> list[Middleware]:
    """Honour X-Forwarded-For only from these proxies; with none, never."""
    if not trusted_proxies:
        return []
    return [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))]
