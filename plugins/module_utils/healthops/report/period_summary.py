# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monthly and annual summaries as HTML (one self-contained page) and XLSX, Chinese by default.

Renders the summary healthops.controller.summary builds: per system each duty's expected, due,
done and missed slots, the FAILs opened and closed and how long they stayed open. Words come from
healthops.report.labels (SUMMARY_LABELS, duty titles).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.common.fileio import atomic_write
from ansible.module_utils.healthops.report.labels import SUMMARY_LABELS, duty_title
from ansible.module_utils.healthops.report.model import check_lang

CSS = (
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2em}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:4px 8px}"
    "th{background:#eee}td.n{text-align:right}td.bad{color:#b00;font-weight:bold}"
)


def title(summary: Mapping[str, Any], lang: str) -> str:
    words = SUMMARY_LABELS[check_lang(lang)]
    return words["title_year" if len(summary["period"]) == 4 else "title_month"]


def _when(value: dt.datetime | None, lang: str) -> str:
    return SUMMARY_LABELS[lang]["still_open"] if value is None else f"{value:%Y-%m-%d %H:%M}"


def _duty(duty: str, lang: str) -> str:
    name = duty_title(duty, lang) or duty_title(duty.replace("inspection", "inspect"), lang)
    return f"{name} ({duty})" if name else duty


def _outcomes(outcomes: Mapping[str, int]) -> str:
    return ", ".join(f"{k or '-'} {v}" for k, v in sorted(outcomes.items()))


def totals_rows(summary: Mapping[str, Any], lang: str) -> list[tuple[str, Any]]:
    words = SUMMARY_LABELS[lang]
    totals = summary["totals"]
    fails = [s["fails"] for s in summary["systems"]]
    return [
        (words["period"], summary["period"]),
        (words["generated"], f"{summary['generated']:%Y-%m-%d %H:%M}"),
        (words["ledger_runs"], totals["ledger_runs"]),
        (words["cycle_expected"], totals["expected"]),
        (words["due"], totals["due"]),
        (words["done"], totals["done"]),
        (words["missed"], totals["missed"]),
        (words["fails_opened"], sum(f["opened"] for f in fails)),
        (words["fails_closed"], sum(f["closed"] for f in fails)),
        (words["fails_open_at_end"], sum(f["open_at_end"] for f in fails)),
    ]


def duty_headings(lang: str) -> list[str]:
    words = SUMMARY_LABELS[lang]
    return [words[k] for k in ("system", "duty", "cycle_expected", "due", "done", "missed", "outcomes")] + [
        words["fails_opened"],
        words["fails_closed"],
        words["fails_open_at_end"],
    ]


def duty_rows(summary: Mapping[str, Any], lang: str) -> list[list[Any]]:
    words = SUMMARY_LABELS[lang]
    rows = []
    for system in summary["systems"]:
        fails = system["fails"]
        counts = [fails["opened"], fails["closed"], fails["open_at_end"]]
        for row in system["duties"] or [None]:
            if row is None:
                rows.append([system["system"], words["none"], "", "", "", "", "", *counts])
                continue
            expected = words["unscheduled"] if row["expected"] is None else row["expected"]
            due = "" if row["due"] is None else row["due"]
            cells = [system["system"], _duty(row["duty"], lang), expected, due, row["done"], len(row["missed"])]
            rows.append([*cells, _outcomes(row["outcomes"]), *counts])
    return rows


def missed_rows(summary: Mapping[str, Any], lang: str) -> list[list[Any]]:
    return [
        [system["system"], _duty(row["duty"], lang), f"{slot:%Y-%m-%d %H:%M}"]
        for system in summary["systems"]
        for row in system["duties"]
        for slot in row["missed"]
    ]


def fail_rows(summary: Mapping[str, Any], lang: str) -> list[list[Any]]:
    return [
        [
            s["system"],
            s["host"],
            s["check"],
            _when(s["opened"], lang),
            _when(s["closed"], lang),
            "" if s["days_open"] is None else s["days_open"],
        ]
        for s in summary["fail_spans"]
    ]


def _tables(summary: Mapping[str, Any], lang: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    words = SUMMARY_LABELS[lang]
    return [
        (words["duties_sheet"], duty_headings(lang), duty_rows(summary, lang)),
        (words["missed_sheet"], [words["system"], words["duty"], words["slot"]], missed_rows(summary, lang)),
        (
            words["fails_sheet"],
            [words[k] for k in ("system", "host", "check", "opened", "closed", "days_open")],
            fail_rows(summary, lang),
        ),
    ]


def render_html(summary: Mapping[str, Any], lang: str = "zh") -> str:
    lang = check_lang(lang)
    e = html.escape
    head = f"{title(summary, lang)} {summary['period']}"
    out = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(head)}</title><style>{CSS}</style></head><body><h1>{e(head)}</h1><table>",
    ]
    out += [f"<tr><th>{e(str(k))}</th><td class=n>{e(str(v))}</td></tr>" for k, v in totals_rows(summary, lang)]
    out.append("</table>")
    for heading, columns, rows in _tables(summary, lang):
        out.append(f"<h2>{e(heading)}</h2><table><tr>{''.join(f'<th>{e(c)}</th>' for c in columns)}</tr>")
        for row in rows:
            cells = "".join(f"<td{' class=n' if isinstance(v, (int, float)) else ''}>{e(str(v))}</td>" for v in row)
            out.append(f"<tr>{cells}</tr>")
        if not rows:
            out.append(f"<tr><td colspan={len(columns)}>{e(SUMMARY_LABELS[lang]['none'])}</td></tr>")
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def xlsx_bytes(summary: Mapping[str, Any], lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = check_lang(lang)
    words = SUMMARY_LABELS[lang]
    wb = Workbook()
    wb.properties.title = f"{title(summary, lang)} {summary['period']}"
    wb.properties.creator = "healthops"
    ws = wb.active
    ws.title = words["totals_sheet"]
    ws.append([wb.properties.title])
    ws["A1"].font = Font(bold=True, size=14)
    for row in totals_rows(summary, lang):
        ws.append(list(row))
    ws.column_dimensions["A"].width = 24
    for heading, columns, rows in _tables(summary, lang):
        sheet = wb.create_sheet(heading)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index in range(len(columns)):
            sheet.column_dimensions[chr(ord("A") + index)].width = 18
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write(summary: Mapping[str, Any], directory: str, lang: str = "zh") -> dict[str, str]:
    """Write summary-<period>.html and .xlsx into ``directory``, atomically, mode 0640."""
    base = f"{directory.rstrip('/')}/summary-{summary['period']}{'' if lang == 'zh' else '-' + lang}"
    files = {"html": f"{base}.html", "xlsx": f"{base}.xlsx"}
    atomic_write(files["html"], render_html(summary, lang), mode=0o640)
    atomic_write(files["xlsx"], xlsx_bytes(summary, lang), mode=0o640)
    return files
