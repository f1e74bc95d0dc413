"""The gateway's ASGI app: every route and middleware in one place.

Build it with `create_app(settings)`; `python -m web` serves it.
"""

from __future__ import annotations

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

from harbor.center import Center, load_center
from harbor.settings import Settings
from web import endpoints
from web.console.app import console_mount
from web.demo_page import render_demo_page
from web.errors import ApiError, error_response, handle_api_error, handle_http_exception
from web.rasa_client import RasaClient
from web.rate_limit import RateLimit, RateLimitMiddleware, TokenBucketLimiter
from web.security import SecurityHeadersMiddleware, check_origins, cors_middleware, security_headers
from web.sessions import ConversationTokens
from web.widget_config import build_widget_config

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger("web")

ROUTES = [
    Route("/", endpoints.demo_page, methods=["GET"]),
    Route("/healthz", endpoints.healthz, methods=["GET"]),
    Route("/readyz", endpoints.readyz, methods=["GET"]),
    Route("/api/config", endpoints.widget_config, methods=["GET"]),
    Route("/api/conversations", endpoints.create_conversation, methods=["POST"]),
    Route(
        "/api/conversations/{conversation_id}/messages", endpoints.post_message, methods=["POST"]
    ),
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
]


def create_app(
    settings: Settings,
    *,
    center: Center | None = None,
    rate_limit: RateLimit | None = None,
) -> Starlette:
    origins = check_origins(settings.allowed_origins)
    center = center or load_center()
    limiter = TokenBucketLimiter(rate_limit or RateLimit.from_settings(settings))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # One pooled client for the app's life. trust_env=False: Rasa is on loopback or
        # a private network, and a stray HTTP_PROXY must not reroute visitors' messages.
        async with httpx.AsyncClient(
            base_url=settings.rasa_url, timeout=settings.rasa_timeout_seconds, trust_env=False
        ) as http:
            app.state.rasa = RasaClient(http, settings.rasa_timeout_seconds)
            yield

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
        routes=[*ROUTES, console_mount(settings)],
        middleware=[
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
    app.state.tokens = ConversationTokens(settings.secret_key)
    app.state.widget_config = build_widget_config(center)
    app.state.demo_page_html = render_demo_page(center)
    return app

