"""The demo page at GET /: the center's name, a little content, and the widget snippet.

It stands in for the center's own website, so the widget can be tried and tested the
way visitors meet it. The text paraphrases the seed article "The Link Between Mental
Health and Addiction" (shared/seeds/000_*.txt).
"""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

from harbor.center import Center

TEMPLATE = Path(__file__).parent / "templates" / "index.html"


def render_demo_page(center: Center) -> str:
    """Fill the page once at start-up; every value is HTML-escaped."""
    values = {"center_name": center.name, "contact_sentence": center.contact_sentence()}
    escaped = {key: html.escape(value) for key, value in values.items()}
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(escaped)
