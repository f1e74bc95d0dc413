"""Liveness and readiness probes for the whole gateway, whatever rooms it serves."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from web.notifications.delivery_health import webhook_health


async def healthz(request: Request) -> JSONResponse:
    """Liveness: the gateway process answers (always 200), with each Rasa replica as the
    gateway last found it (url, state up or down, last error, seconds until retried) and
    the webhook's deliveries (web/notifications/delivery_health.py: counts and ages).

    A replica is marked down when a visitor's message to it fails, and up again when
    one succeeds; this probe sends nothing to Rasa, so it stays cheap. The webhook's
    outbox is one read of the console's database, given up after two seconds.
    """
    return JSONResponse({
        "status": "ok",
        "rasa": request.app.state.replicas.report(),
        "webhook": await webhook_health(request.app.state.console),
    })


async def readyz(request: Request) -> JSONResponse:
    """Readiness: the gateway can reach at least one Rasa replica (each is probed)."""
    if await request.app.state.rasa.is_ready():
        return JSONResponse({"status": "ok", "rasa": "up"})
    return JSONResponse({"status": "unavailable", "rasa": "down"}, status_code=503)
