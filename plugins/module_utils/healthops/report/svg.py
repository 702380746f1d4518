# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One trend series as an inline SVG line chart: no script, no font or image loaded from anywhere.

The samples as a line over time, the WARN and FAIL limits as dashed lines, the first
and last dates and the value range as text in the page's own font.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from typing import Any

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 10, 24
LINE, WARN_LINE, FAIL_LINE = "#1A73E8", "#B06000", "#C5221F"


def _x_values(points: list[list[Any]]) -> list[float]:
    """Sample times in days (the index where a time cannot be read, so the chart still draws)."""
    try:
        stamps = [datetime.datetime.fromisoformat(str(p[0])) for p in points]
        stamps = [s if s.tzinfo else s.astimezone() for s in stamps]
        return [s.timestamp() / 86400 for s in stamps]
    except ValueError:
        return [float(i) for i in range(len(points))]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2g}"


def series_svg(series: Mapping[str, Any], title: str) -> str:
    """The chart of one series with at least two points."""
    points = series["points"]
    xs, ys = _x_values(points), [float(p[1]) for p in points]
    limits = [v for v in (series.get("warn"), series.get("fail")) if v is not None]
    highest = max([*ys, *limits])
    # A share is drawn on its whole scale, 0 to 100 %, so a reader sees how close to full it is.
    top = 100.0 if series.get("unit") == "%" and highest <= 100 else (highest * 1.1 or 1.0)
    bottom = min(0.0, *ys)
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (top - bottom) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return round(LEFT + (x - min(xs)) / span_x * plot_w, 1)

    def py(y: float) -> float:
        return round(TOP + (1 - (y - bottom) / span_y) * plot_h, 1)

    unit = html.escape(str(series.get("unit") or ""))
    out = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" data-series="{html.escape(str(series["id"]))}">',
        f"<title>{html.escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#dadce0"/>',
    ]
    for value, colour, kind in ((series.get("warn"), WARN_LINE, "warn"), (series.get("fail"), FAIL_LINE, "fail")):
        if value is not None and bottom <= value <= top:
            out.append(
                f'<line class="limit limit-{kind}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py(value)}" y2="{py(value)}" '
                f'stroke="{colour}" stroke-dasharray="5 3" stroke-width="1"/>'
            )
    path = " ".join(f"{px(x)},{py(y)}" for x, y in zip(xs, ys, strict=True))
    out.append(f'<polyline class="samples" points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    out += [f'<circle cx="{px(x)}" cy="{py(y)}" r="2.5" fill="{LINE}"/>' for x, y in zip(xs, ys, strict=True)]
    text = 'font-size="10" fill="#5f6368"'
    out += [
        f'<text x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end" {text}>{_fmt(top)}{unit}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" {text}>{_fmt(bottom)}{unit}</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 8}" {text}>{html.escape(str(points[0][0])[:10])}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end" {text}>'
        f"{html.escape(str(points[-1][0])[:10])}</text>",
        "</svg>",
    ]
    return "".join(out)
