"""Bar charts as SVG, drawn on the server: this period's bar beside the same months a year earlier.

Hand-built rather than a charting library: the report needs one kind of chart (paired horizontal bars with their
values written out), a few dozen lines give exactly that, and the SVG uses nothing but rectangles, lines and text
with presentation attributes, which WeasyPrint draws into the PDF, browsers show inline under the site's
Content-Security-Policy (no script, no style attribute), and the Chinese labels take the embedded font.
"""

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

CURRENT_COLOUR = "#1d4ed8"  # this period: the colour the PDF test looks for on page 1
PREVIOUS_COLOUR = "#94a3b8"  # the same months a year earlier
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"

WIDTH = 660
LABEL_WIDTH = 190
VALUE_WIDTH = 96
BAR = 11
GAP = 3
ROW_GAP = 12
TOP = 44  # title and legend
LABEL_CHARS = 14


@dataclass(frozen=True)
class Bars:
    """One row of a chart: its label, the two values (None: nothing to draw) and how to write them."""

    label: str
    current: Decimal | int | None
    previous: Decimal | int | None
    current_text: str
    previous_text: str


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _text(
    x: float, y: float, content: str, *, size: int = 11, anchor: str = "start", fill: str = "#1f2937"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(content)}</text>'
    )


def _bar(x: float, y: float, length: float, colour: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(length, 0):.1f}" height="{BAR}" fill="{colour}"/>'


def paired_bars(
    *, title: str, rows: list[Bars], current_label: str, previous_label: str, common_scale: bool = True
) -> SafeString:
    """Two bars per row. With `common_scale` every row shares one scale (one indicator across groups); without,
    each row is scaled to its own larger value (several indicators of different units side by side)."""
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    row_height = 2 * BAR + GAP + ROW_GAP
    height = TOP + max(len(rows), 1) * row_height + 8

    def number(value) -> float:
        return float(value) if value is not None else 0.0

    overall = max((max(number(r.current), number(r.previous)) for r in rows), default=0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(title)} class="supervision-chart">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(0, 16, title, size=13),
        f'<rect x="0" y="26" width="10" height="10" fill="{CURRENT_COLOUR}"/>',
        _text(14, 35, current_label, size=10),
        f'<rect x="{LABEL_WIDTH}" y="26" width="10" height="10" fill="{PREVIOUS_COLOUR}"/>',
        _text(LABEL_WIDTH + 14, 35, previous_label, size=10),
    ]
    if not rows:
        parts.append(_text(0, TOP + 14, "没有数据", size=11, fill="#6b7280"))
    for index, row in enumerate(rows):
        y = TOP + index * row_height
        scale = overall if common_scale else max(number(row.current), number(row.previous))
        unit = area / scale if scale else 0.0
        parts.append(_text(LABEL_WIDTH - 8, y + BAR + 2, _short(row.label), anchor="end"))
        for offset, value, text, colour in (
            (0, row.current, row.current_text, CURRENT_COLOUR),
            (BAR + GAP, row.previous, row.previous_text, PREVIOUS_COLOUR),
        ):
            length = number(value) * unit
            parts.append(_bar(LABEL_WIDTH, y + offset, length, colour))
            parts.append(_text(LABEL_WIDTH + length + 4, y + offset + BAR - 2, text, size=9, fill="#374151"))
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" y2="{height - 6}" stroke="#6b7280"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text and attribute above is escaped)
