# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.xlsx, the 巡检记录 the client signs: a cover, a summary, one sheet per system.

Reads a report built by healthops.report.model, as report.html does; openpyxl is
imported only inside the functions that write or read a workbook.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.common.fileio import atomic_write
from ansible.module_utils.healthops.report import changes as report_changes
from ansible.module_utils.healthops.report import fleet, model
from ansible.module_utils.healthops.report.labels import LABELS, reachable_word, status_word
from ansible.module_utils.healthops.report.xlsx_trends import write_trends

_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of []:*?/\\, not 'History'.

    ``used`` holds the lower-cased names taken so far (Excel compares them
    without case) and gets the new one.
    """
    base = _INVALID_SHEET_CHARS.sub("_", name).strip().strip("'").strip()[:31].strip() or "Sheet"
    candidate, number = base, 1
    while candidate.lower() in used or candidate.lower() == "history":
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def _xlsx_datetime(stamp: str | None) -> datetime.datetime | None:
    """An ISO time as the naive UTC datetime openpyxl's document properties expect."""
    if not stamp:
        return None
    try:
        value = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


class _Styles:
    """The few cell styles of the workbook, built once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.sign_line = Border(bottom=Side(style="thin", color="000000"))
        self.head_fill = PatternFill("solid", fgColor="F1F3F4")
        self.bold = Font(bold=True)
        self.small = Font(size=9, color="5F6368")
        self.title = Font(bold=True, size=16)
        self.heading = Font(bold=True, size=13)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="center")
        self.head_align = Alignment(vertical="center", wrap_text=True)
        self.bottom = Alignment(vertical="bottom")
        self.fills = {s: PatternFill("solid", fgColor=c["fill"]) for s, c in model.STATUS_COLOURS.items()}
        self.fonts = {s: Font(bold=True, color=c["text"]) for s, c in model.STATUS_COLOURS.items()}


def _cell(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write one cell; text is always text, never a formula (a probe's '=...' stays inert).

    Control characters that XLSX cannot hold (an ANSI escape in a command's
    output, say) are dropped rather than failing the whole workbook.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _xlsx_header(ws: Any, row: int, values: list[str], st: _Styles) -> None:
    for col, value in enumerate(values, 1):
        cell = _cell(ws, row, col, value)
        cell.font, cell.fill, cell.border, cell.alignment = st.bold, st.head_fill, st.border, st.head_align


def _xlsx_widths(ws: Any, values: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(values, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _xlsx_row(ws: Any, row: int, values: list[Any], st: _Styles) -> None:
    for col, value in enumerate(values, 1):
        _cell(ws, row, col, value).border = st.border


def _xlsx_cover(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    labels = LABELS[lang]
    _xlsx_widths(ws, [18, 44, 12, 26])
    ws.merge_cells("A1:D1")
    ws["A1"] = model.report_title(report, lang)
    ws["A1"].font, ws["A1"].alignment = st.title, st.centre
    ws.row_dimensions[1].height = 32
    row = 3
    for label, value in model.cover_rows(report, lang) + model.run_rows(report, lang)[:1]:
        _cell(ws, row, 1, label)
        _cell(ws, row, 2, value)
        for col in range(1, 5):
            ws.cell(row=row, column=col).border = st.border
        ws.cell(row=row, column=1).font, ws.cell(row=row, column=1).fill = st.bold, st.head_fill
        ws.cell(row=row, column=2).alignment = st.wrap
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 18 * min(8, 1 + len(value) // 36)
        row += 1
    row += 1
    _xlsx_header(ws, row, [labels["status"], labels["count"]], st)
    for status in model.DISPLAY_ORDER:
        row += 1
        _xlsx_row(ws, row, [status_word(status, lang), report["summary"]["counts"][status]], st)
        ws.cell(row=row, column=1).fill, ws.cell(row=row, column=1).font = st.fills[status], st.fonts[status]
    row += 2
    ws.cell(row=row, column=1, value=labels["signoff"]).font = st.heading
    for who in ("sign_ops", "sign_client"):
        row += 1
        ws.cell(row=row, column=1, value=labels[who]).font = st.bold
        ws.cell(row=row, column=3, value=labels["sign_date"]).font = st.bold
        for col in range(1, 5):
            ws.cell(row=row, column=col).alignment = st.bottom
        for col in (2, 4):
            ws.cell(row=row, column=col).border = st.sign_line
        ws.row_dimensions[row].height = 40
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _xlsx_summary(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    labels = LABELS[lang]
    summary = report["summary"]
    status_heads = [status_word(s, lang) for s in model.DISPLAY_ORDER]
    _xlsx_widths(ws, [18, 24, 16, 10, 10] + [10] * len(model.DISPLAY_ORDER) + [10])
    ws.cell(row=1, column=1, value=labels["by_system"]).font = st.heading
    heads = [labels["system"], labels["system_name"], labels["hosts"], labels["checks"]]
    _xlsx_header(ws, 2, heads + status_heads + [labels["overall"]], st)
    row = 2
    for name, system in summary["systems"].items():
        row += 1
        values = [name, model.system_name_zh(report, name, lang), system["hosts"] + system["devices"], system["checks"]]
        values += [system["counts"][s] for s in model.DISPLAY_ORDER] + [status_word(system["worst"], lang)]
        _xlsx_row(ws, row, values, st)
        ws.cell(row=row, column=len(values)).fill = st.fills[system["worst"]]
    row += 2
    ws.cell(row=row, column=1, value=labels["by_host"]).font = st.heading
    row += 1
    heads = [labels["system"], labels["host"], labels["ip"], labels["reachable"], labels["checks"]]
    _xlsx_header(ws, row, heads + status_heads + [labels["status"]], st)
    for name, host in summary["hosts"].items():
        row += 1
        values = [model.system_label(report, host["system"], lang), name, host["ip"]]
        values += [reachable_word(host["reachable"], lang), host["checks"]]
        values += [host["counts"][s] for s in model.DISPLAY_ORDER] + [status_word(host["worst"], lang)]
        _xlsx_row(ws, row, values, st)
        ws.cell(row=row, column=len(values)).fill = st.fills[host["worst"]]


def _xlsx_system(ws: Any, report: Mapping[str, Any], name: str, lang: str, st: _Styles) -> None:
    _xlsx_header(ws, 1, model.row_headings(lang), st)
    _xlsx_widths(ws, [18, 16, 12, 30, 18, 14, 11, 44, 50])
    row = 1
    for host, check in model.system_rows(report, name):
        row += 1
        status = check["status"]
        for col, value in enumerate(model.row_cells(host, check, lang), 1):
            cell = _cell(ws, row, col, value)
            cell.border, cell.alignment = st.border, st.wrap
            if status in model.TINTED:
                cell.fill = st.fills[status]
        ws.cell(row=row, column=7).fill, ws.cell(row=row, column=7).font = st.fills[status], st.fonts[status]
        ws.cell(row=row, column=9).font = st.small
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _xlsx_fleet(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    """总览: systems by check categories, each cell filled by its worst status, with the count."""
    labels = LABELS[lang]
    names = fleet.categories(report)
    ws.cell(row=1, column=1, value=labels["fleet"]).font = st.heading
    _cell(ws, 2, 1, labels["fleet_note"])
    _xlsx_header(ws, 4, [labels["system"], *(fleet.heading(c, lang) for c in names)], st)
    _xlsx_widths(ws, [24] + [11] * len(names))
    row = 4
    for system, cells in fleet.cells(report).items():
        row += 1
        values = [model.system_label(report, system, lang)] + [fleet.cell_text(cells.get(c), lang) for c in names]
        _xlsx_row(ws, row, values, st)
        ws.cell(row=row, column=1).font = st.bold
        for col, category in enumerate(names, 2):
            cell = cells.get(category)
            if cell:
                ws.cell(row=row, column=col).fill = st.fills[cell["worst"]]
                ws.cell(row=row, column=col).font = st.fonts[cell["worst"]]
                ws.cell(row=row, column=col).alignment = st.centre
    ws.freeze_panes = "B5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


_CHANGE_FILLS = {"new": "FAIL", "open": "WARN", "resolved": "PASS", "host_added": "INFO", "host_gone": "INFO"}


def _xlsx_changes(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    """变化: what changed since the previous record, one row per change."""
    ws.cell(row=1, column=1, value=LABELS[lang]["changes"]).font = st.heading
    row = 1
    for line in report_changes.summary_lines(report, lang):
        row += 1
        _cell(ws, row, 1, line)
    row += 2
    _xlsx_header(ws, row, report_changes.change_headings(lang), st)
    _xlsx_widths(ws, [12, 20, 18, 30, 10, 10, 12, 60])
    ws.freeze_panes = f"A{row + 1}"
    ws.print_title_rows = f"{row}:{row}"
    for kind, cells in report_changes.change_rows(report, lang):
        row += 1
        _xlsx_row(ws, row, cells, st)
        ws.cell(row=row, column=1).fill = st.fills[_CHANGE_FILLS[kind]]
        ws.cell(row=row, column=8).alignment = st.wrap
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_xlsx(report: Mapping[str, Any], path: str, lang: str = "zh") -> None:
    """Write report.xlsx atomically, mode 0640 (see :func:`xlsx_bytes`)."""
    atomic_write(path, xlsx_bytes(report, lang), mode=0o640)


def xlsx_bytes(report: Mapping[str, Any], lang: str = "zh") -> bytes:
    """report.xlsx, the 巡检记录 the client signs: a cover, a summary, one sheet per system."""
    from openpyxl import Workbook

    labels = LABELS[model.check_lang(lang)]
    st = _Styles()
    used: set[str] = set()
    wb = Workbook()
    props = wb.properties
    props.title = model.report_title(report, lang)
    props.subject = report["run"]["run_id"]
    props.creator = "healthops"
    props.identifier = model.report_digest(report)
    props.created = _xlsx_datetime(report["run"].get("generated"))

    first = wb.active
    if fleet.is_fleet(report):
        # A multi-system run opens on the overview: where the trouble is, at a glance.
        first.title = sheet_name(labels["fleet_sheet"], used)
        _xlsx_fleet(first, report, lang, st)
        cover = wb.create_sheet(sheet_name(labels["cover_sheet"], used))
    else:
        cover = first
        cover.title = sheet_name(labels["cover_sheet"], used)
    _xlsx_cover(cover, report, lang, st)
    _xlsx_summary(wb.create_sheet(sheet_name(labels["summary_sheet"], used)), report, lang, st)
    if "changes" in report:
        _xlsx_changes(wb.create_sheet(sheet_name(labels["changes_sheet"], used)), report, lang, st)
    for name in report["summary"]["systems"]:
        _xlsx_system(wb.create_sheet(sheet_name(model.system_label(report, name, lang), used)), report, name, lang, st)
    if report.get("trends", {}).get("hosts"):
        write_trends(wb.create_sheet(sheet_name(labels["trends_sheet"], used)), report, lang, st.heading)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_digest(path: str) -> str | None:
    """The report digest an existing report.xlsx was written with (None if it has none or is unreadable)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    try:
        identifier = wb.properties.identifier
    finally:
        wb.close()
    return identifier if isinstance(identifier, str) else None
