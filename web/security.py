"""Security headers for every response, and the CORS allow-list for embedding sites.

The widget runs inside other sites' pages (a <script> tag), so those sites' origins
must be allowed to call the API (CORS); they need no framing rights for that. The
frame policy still lets the same origins put the demo page in a frame, nobody else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def check_origins(origins: Iterable[str]) -> tuple[str, ...]:
    """Reject anything that is not a bare scheme://host[:port] before it reaches a header."""
    checked = tuple(origin.rstrip("/") for origin in origins)
    bad = [origin for origin in checked if not _ORIGIN.fullmatch(origin)]
    if bad:
        raise ValueError(f"allowed origins must look like https://example.org, got {bad}")
    return checked


def security_headers(allowed_origins: Sequence[str]) -> dict[str, str]:
    ancestors = " ".join(("'self'", *allowed_origins))
    csp = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        )
    )
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        # A visitor's trip from an addiction-treatment site is nobody else's business.
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if not allowed_origins:
        # X-Frame-Options cannot name other origins; browsers that know frame-ancestors
        # ignore it anyway, so it is only sent when it agrees with frame-ancestors.
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return headers


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response, and no-store to API answers."""

    def __init__(self, app: ASGIApp, allowed_origins: Sequence[str] = ()) -> None:
        self.app = app
        self.headers = security_headers(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if is_api:
                    # Conversations are private: no browser or proxy cache keeps them.
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors_middleware(allowed_origins: Sequence[str]) -> Middleware:
    return Middleware(
        CORSMiddleware,
        allow_origins=list(allowed_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Retry-After"],
        # Tokens travel in a header, never in cookies.
        allow_credentials=False,
        max_age=600,
    )
