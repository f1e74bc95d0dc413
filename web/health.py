"""Liveness and readiness probes for the whole gateway, whatever rooms it serves."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse


async def healthz(request: Request) -> JSONResponse:
    """Liveness: the gateway process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Readiness: the gateway can reach Rasa."""
    if await request.app.state.rasa.is_ready():
        return JSONResponse({"status": "ok", "rasa": "up"})
    return JSONResponse({"status": "unavailable", "rasa": "down"}, status_code=503)
