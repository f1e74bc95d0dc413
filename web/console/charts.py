"""Small bar charts drawn as SVG on the server: no chart library, no script, no CDN."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 640
BAR_AREA_HEIGHT = 160
LABEL_HEIGHT = 40
# One colour per risk category, in CATEGORY order; an eighth is the spare.
PALETTE = ("#b3261e", "#e8710a", "#7b1fa2", "#1967d2", "#188038", "#5f6368", "#a142f4", "#888")


def column_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[int]]) -> Markup:
    """Stacked columns, one per label (e.g. a day), one colour per series."""
    count = max(len(labels), 1)
    slot = WIDTH / count
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {BAR_AREA_HEIGHT + LABEL_HEIGHT}" '
             f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, label in enumerate(labels):
        y = BAR_AREA_HEIGHT
        for colour, (name, values) in zip(PALETTE, series.items(), strict=False):
            height = values[i] / top * (BAR_AREA_HEIGHT - 12)
            if height:
                y -= height
                parts.append(
                    f'<rect x="{i * slot + 1:.1f}" y="{y:.1f}" width="{max(slot - 2, 1):.1f}" '
                    f'height="{height:.1f}" fill="{colour}"><title>{escape(label)} '
                    f'{escape(name)}: {values[i]}</title></rect>'
                )
        if i % max(1, count // 8) == 0:
            parts.append(f'<text x="{i * slot:.1f}" y="{BAR_AREA_HEIGHT + 16}" '
                         f'font-size="11">{escape(label)}</text>')
    parts.append(f'<text x="{WIDTH - 4}" y="12" font-size="11" text-anchor="end">'
                 f'max {max(totals, default=0)}</text></svg>')
    return Markup("".join(parts))


def bar_list(title: str, items: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars with their labels and counts, for "top topics"."""
    row = 22
    top = max((n for _, n in items), default=0) or 1
    height = max(row * len(items), row)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, count) in enumerate(items):
        width = count / top * (WIDTH - 260)
        parts.append(f'<text x="0" y="{i * row + 15}" font-size="12">{escape(label)}</text>'
                     f'<rect x="200" y="{i * row + 4}" width="{width:.1f}" height="14" '
                     f'fill="{PALETTE[3]}"></rect>'
                     f'<text x="{206 + width:.1f}" y="{i * row + 15}" '
                     f'font-size="12">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
