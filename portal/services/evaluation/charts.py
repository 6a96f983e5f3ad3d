"""Bar charts drawn by the server as SVG: no scripts, a title and description for screen
readers, and the same numbers in the table the page shows under each chart.

A suppressed value (``<5`` or ``x``) gets no bar, only its mark, so a chart reveals no
more than the table.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from portal.services.evaluation.figures import COUNT, Block
from portal.services.evaluation.labels import _

ROW_HEIGHT = 28
LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 70


def display(value: object) -> str:
    """A value as the chart writes it (Dutch digits grouping, comma decimals)."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, Decimal):
        return f"{value:,}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def bar_chart(block: Block, chart_id: str) -> Markup:
    """A horizontal bar chart of the block's counts."""
    figures = [f for f in block.figures if f.unit == COUNT]
    biggest = max((int(f.value or 0) for f in figures if not f.hidden), default=0) or 1
    height = ROW_HEIGHT * len(figures) + 10
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    summary = "; ".join(f"{f.label}: {display(f.shown)}" for f in figures)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(block.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_("Staafdiagram. %(summary)s.", summary=summary))}</desc>',
    ]
    for i, f in enumerate(figures):
        y = i * ROW_HEIGHT + 5
        label = f.label if len(f.label) <= 38 else f.label[:36] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" '
            f'class="chart-label">{escape(label)}</text>'
        )
        if not f.hidden and f.value:
            w = max(1, round(BAR_WIDTH * int(f.value) / biggest))
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{w}" height="{ROW_HEIGHT - 10}" class="chart-bar"/>'
            )
            x = LABEL_WIDTH + w + 6
        else:
            x = LABEL_WIDTH + 6
        parts.append(
            f'<text x="{x}" y="{y + 18}" class="chart-value">{escape(display(f.shown))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
