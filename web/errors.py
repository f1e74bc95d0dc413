"""One JSON shape for every error the gateway returns: {"error": code, "detail": text}."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiError(Exception):
    """An error a visitor's request can cause; the app turns it into a JSON response."""

    def __init__(
        self,
        status_code: int,
        code: str,
        detail: str,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail
        self.headers = dict(headers or {})
        # More fields of the JSON answer, e.g. retry_after_seconds.
        self.extra = dict(extra or {})


def error_response(
    status_code: int,
    code: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    return JSONResponse(
        {"error": code, "detail": detail, **extra},
        status_code=status_code,
        headers=dict(headers or {}),
    )


async def handle_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.code, exc.detail, exc.headers, **exc.extra)


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own 404 and 405 answers, in the gateway's JSON shape."""
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), exc.headers)
