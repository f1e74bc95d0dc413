"""The gateway's ASGI app: every route and middleware in one place.

Build it with `create_app(settings)`; `python -m web` serves it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from harbor.center import Center, load_center
from harbor.settings import Settings
from web import health
from web.console.app import console_mount
from web.errors import ApiError, error_response, handle_api_error, handle_http_exception
from web.notifications.background import keep_up
from web.notifications.outbox_notifier import OutboxNotifier
from web.rasa_client import RasaClient
from web.rate_limit import RateLimiter, RateLimitMiddleware, RateLimits
from web.security import SecurityHeadersMiddleware, check_origins, cors_middleware, security_headers
from web.visitor import endpoints as visitor
from web.visitor.demo_page import render_demo_page
from web.visitor.quick_replies import offered_buttons_store
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
    Mount("/static", StaticFiles(directory=VISITOR_STATIC_DIR), name="static"),
]
ROUTES = [*HEALTH_ROUTES, *VISITOR_ROUTES]


def create_app(
    settings: Settings,
    *,
    center: Center | None = None,
    rate_limits: RateLimits | None = None,
    namespace: str = "harbor",
) -> Starlette:
    """The gateway. `namespace` prefixes its keys in Redis (tests use their own)."""
    origins = check_origins(settings.allowed_origins)
    center = center or load_center()
    limiter = RateLimiter(
        rate_limits or RateLimits.from_settings(settings), settings.redis_url, namespace
    )
    offered_buttons = offered_buttons_store(settings.redis_url, namespace)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # One pooled client for the app's life. trust_env=False: Rasa is on loopback or
        # a private network, and a stray HTTP_PROXY must not reroute visitors' messages.
        async with httpx.AsyncClient(
            base_url=settings.rasa_url, timeout=settings.rasa_timeout_seconds, trust_env=False
        ) as http:
            app.state.rasa = RasaClient(http, settings.rasa_timeout_seconds)
            # Call-backs into the console's list, notices out through the webhook.
            background = asyncio.create_task(keep_up(console_state))
            yield
            background.cancel()
        await offered_buttons.close()

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

    console = console_mount(settings)
    console_state = console.app.state.console

    app = Starlette(
        routes=[*ROUTES, console],
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
    app.state.notifier = OutboxNotifier(console_state)
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
