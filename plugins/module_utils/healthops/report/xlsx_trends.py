# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The 趋势 sheet of report.xlsx: each series' samples as a small table and a native Excel line chart.

The charts (openpyxl.chart) read the cells beside them, so they stay live when the
client edits the workbook; the WARN and FAIL limits are series of their own, drawn dashed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.report import trends
from ansible.module_utils.healthops.report.labels import LABELS

CHART_ROWS = 16  # rows a chart takes (7.5 cm tall), so blocks never overlap


def _chart(ws: Any, first: int, last: int, columns: int, title: str) -> Any:
    from openpyxl.chart import LineChart, Reference

    chart = LineChart()
    chart.title = title
    chart.height, chart.width = 7.5, 16
    chart.legend.position = "b"
    data = Reference(ws, min_col=2, max_col=1 + columns, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=last))
    for index, line in enumerate(chart.series):
        line.smooth = False
        if index:  # the limits: dashed, orange then red
            line.graphicalProperties.line.dashStyle = "dash"
            line.graphicalProperties.line.solidFill = ("B06000", "C5221F")[index - 1]
    return chart


def write_trends(ws: Any, report: Mapping[str, Any], lang: str, bold: Any) -> int:
    """Fill the sheet; return the number of charts drawn."""
    labels = LABELS[lang]
    block = report["trends"]
    ws.cell(row=1, column=1, value=labels["trends"]).font = bold
    ws.cell(row=2, column=1, value=trends.span_note(block, labels))
    ws.column_dimensions["A"].width = 22
    row, drawn = 4, 0
    for host, trend in block["hosts"].items():
        ws.cell(row=row, column=1, value=host).font = bold
        series_list = [s for s in trend["series"] if trends.chartable(s)]
        if not series_list:
            ws.cell(row=row, column=2, value=labels["one_sample"])
            row += 2
            continue
        row += 1
        for series in series_list:
            title = series["title_zh"] if lang == "zh" else series["title"]
            limits = [(k, series[k]) for k in ("warn", "fail") if series.get(k) is not None]
            heads = [labels["date"], title + (f" ({series['unit']})" if series["unit"] else "")]
            heads += [labels[f"{k}_line"] for k, _v in limits]
            for col, text in enumerate(heads, 1):
                ws.cell(row=row, column=col, value=text).font = bold
            for offset, (when, value) in enumerate(series["points"], 1):
                ws.cell(row=row + offset, column=1, value=str(when)[:10])
                ws.cell(row=row + offset, column=2, value=value)
                for col, (_k, limit) in enumerate(limits, 3):
                    ws.cell(row=row + offset, column=col, value=limit)
            last = row + len(series["points"])
            if series.get("projected_full"):
                note = labels["projected_full"].format(date=series["projected_full"])
                ws.cell(row=last + 1, column=1, value=note)
            ws.add_chart(_chart(ws, row, last, 1 + len(limits), f"{host} {title}"), f"F{row}")
            drawn += 1
            row += max(len(series["points"]) + 3, CHART_ROWS)
    return drawn
