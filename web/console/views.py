"""Rendering console pages: the templates and the helpers they use."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from web.console.auth import CSRF_FIELD, csrf_token

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _duration(seconds: float) -> str:
    """A wait in words a person reads at a glance: "45 s", "3 min 5 s"."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _split(joined: str) -> list[str]:
    return [item for item in joined.split(",") if item]


def _context(request: Request) -> dict[str, Any]:
    return {
        "staff": getattr(request.state, "staff", None),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
    }


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
environment.filters.update(when=_when, percent=_percent, split_list=_split, urlencode=urlencode,
                           duration=_duration)
templates = Jinja2Templates(env=environment, context_processors=[_context])


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)
