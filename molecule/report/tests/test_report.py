"""The report role wrote JSON, HTML and XLSX that agree, with the silent host as ERROR, and kept them private.

report.json is the contract; the HTML and the XLSX are read back here on their own (the HTML with the
standard library's html.parser, the XLSX with openpyxl), not through the code that wrote them, and
every per-status count and every row must match the JSON.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

REPORTS = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent")) / "reports"
RUN = REPORTS / "molecule"
STATUSES = ("PASS", "WARN", "FAIL", "INFO", "ERROR")
# The status words of the 巡检记录 (README, The result model) (the role's default language is zh).
CJK = re.compile(r"[\u4e00-\u9fff]")
WORDS = {"PASS": "正常", "WARN": "警告", "FAIL": "异常", "INFO": "信息", "ERROR": "无法检查"}
STATUS_OF_WORD = {word: status for status, word in WORDS.items()}
ACTION_FIRST = {"FAIL": 0, "ERROR": 1, "WARN": 2, "INFO": 3, "PASS": 4}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json.loads((RUN / "report.json").read_text(encoding="utf-8"))


def json_rows(report: dict[str, Any]) -> Counter[tuple[str, str, str, str]]:
    """(host, check id, status, detail as the zh record shows it: detail_zh where there is one) of every check."""
    return Counter(
        (h["host"], c["id"], c["status"], c.get("detail_zh") or c["detail"])
        for h in report["hosts"]
        for c in h["checks"]
    )


def test_the_trend_charts_take_the_role_s_period(report: dict[str, Any]) -> None:
    assert (report["trends"]["period"], report["trends"]["runs"]) == ("week", 1)  # the first run: one sample
    assert report["trends"]["hosts"]["report-host"]["samples"] == 1


def test_every_expected_host_is_reported(report: dict[str, Any]) -> None:
    hosts = {h["host"]: h for h in report["hosts"]}
    assert set(hosts) == {"report-host", "pet-ghost-01"}
    assert hosts["pet-ghost-01"]["status"] == "ERROR"
    assert hosts["report-host"]["status"] == "FAIL"
    assert report["summary"]["counts"] == {"PASS": 1, "WARN": 1, "FAIL": 1, "INFO": 0, "ERROR": 1}
    # The summary is the rows counted, not a number of its own.
    rows = Counter(c["status"] for h in report["hosts"] for c in h["checks"])
    assert report["summary"]["counts"] == {s: rows[s] for s in STATUSES}
    assert report["summary"]["totals"]["checks"] == sum(rows.values())


# --------------------------------------------------------------------------- HTML


class ReportHtml(HTMLParser):
    """Collects the status badges and the detail rows (one <tr class="row"> per check) of report.html."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.badges: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []
        self._row: dict[str, Any] | None = None
        self._cell: list[str] | None = None
        self._system = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = attr.get("class", "").split()
        if tag == "section" and "system" in classes:
            self._system = attr["data-system"]
        elif tag == "span" and "badge" in classes:
            self.badges[attr["data-status"]] = int(attr["data-count"])
        elif tag == "tr" and "row" in classes:
            self._row = {"status": attr["data-status"], "host": attr["data-host"], "check": attr["data-check"]}
            self._row.update(system=self._system, cells=[])
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None


@pytest.fixture(scope="module")
def html_report() -> ReportHtml:
    parser = ReportHtml()
    parser.feed((RUN / "report.html").read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_html_counts_match_the_json(report: dict[str, Any], html_report: ReportHtml) -> None:
    assert html_report.badges == report["summary"]["counts"]
    from_rows = Counter(row["status"] for row in html_report.rows)
    assert {s: from_rows[s] for s in STATUSES} == report["summary"]["counts"]


def test_html_rows_match_the_json(report: dict[str, Any], html_report: ReportHtml) -> None:
    rows = Counter()
    for row in html_report.rows:
        cells = row["cells"]
        assert len(cells) == 9, cells  # 主机名, IP, 类别, 巡检项, 当前值, 阈值, 状态, 处理建议, 说明
        assert cells[0] == row["host"]
        assert cells[6] == WORDS[row["status"]]
        # Every row that needs action says what to do, in Chinese.
        assert bool(CJK.search(cells[7])) == (row["status"] in ("FAIL", "ERROR", "WARN")), cells
        rows[(row["host"], row["check"], row["status"], cells[8])] += 1
    assert rows == json_rows(report)
    for system in report["summary"]["systems"]:
        order = [ACTION_FIRST[row["status"]] for row in html_report.rows if row["system"] == system]
        assert order, f"no rows for {system}"
        assert order == sorted(order), "FAIL and WARN rows come first"


# --------------------------------------------------------------------------- XLSX


@pytest.fixture(scope="module")
def book() -> Iterator[Workbook]:
    workbook = openpyxl.load_workbook(RUN / "report.xlsx", read_only=True)
    yield workbook
    workbook.close()


def xlsx_cover_counts(sheet: ReadOnlyWorksheet) -> dict[str, int]:
    """The cover's status / count table: a row whose first cell is a status word and second a number."""
    counts = {}
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] in STATUS_OF_WORD and isinstance(row[1], int):
            counts[STATUS_OF_WORD[row[0]]] = row[1]
    return counts


def xlsx_detail_rows(book: Workbook, report: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    """The rows of each per-system sheet (after the cover and the summary), without its heading row."""
    # A system's sheet is the one whose heading row is the detail rows' (主机名 ... 处理建议, 说明).
    sheets = [s for s in book.worksheets if next(s.iter_rows(max_row=1, values_only=True))[:1] == ("主机名",)]
    assert len(sheets) == len(report["summary"]["systems"]), [s.title for s in book.worksheets]
    return [
        [row for row in list(sheet.iter_rows(values_only=True))[1:] if any(v is not None for v in row)]
        for sheet in sheets
    ]


def test_xlsx_counts_match_the_json(report: dict[str, Any], book: Workbook) -> None:
    assert xlsx_cover_counts(book["封面"]) == report["summary"]["counts"]
    from_rows = Counter(STATUS_OF_WORD[row[6]] for sheet in xlsx_detail_rows(book, report) for row in sheet)
    assert {s: from_rows[s] for s in STATUSES} == report["summary"]["counts"]


def test_xlsx_rows_match_the_json(report: dict[str, Any], book: Workbook) -> None:
    sheets = xlsx_detail_rows(book, report)
    ips = {h["host"]: h["ip"] for h in report["hosts"]}
    got: Counter[tuple[str, str, str]] = Counter()
    for rows in sheets:
        for row in rows:
            assert len(row) >= 9, row  # 主机名, IP, 类别, 巡检项, 当前值, 阈值, 状态, 处理建议, 说明
            assert (row[1] or "") == (ips[row[0]] or ""), row
            assert bool(row[7]) == (STATUS_OF_WORD[row[6]] in ("FAIL", "ERROR", "WARN")), row
            got[(row[0], STATUS_OF_WORD[row[6]], row[8] or "")] += 1
        order = [ACTION_FIRST[STATUS_OF_WORD[row[6]]] for row in rows]
        assert order, "a system sheet without rows"
        assert order == sorted(order), "FAIL and WARN rows come first"
    assert got == Counter((host, status, detail) for host, _id, status, detail in json_rows(report).elements())


# --------------------------------------------------------------------------- privacy


def umask() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    return 0o022


def test_files_are_0640_and_directories_0750() -> None:
    mask = umask()
    for directory in (REPORTS, RUN):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o750 & ~mask, directory
    names = sorted(p.name for p in RUN.iterdir())
    assert names == ["report.html", "report.json", "report.xlsx"]  # no temporary file left behind
    for name in names:
        assert stat.S_IMODE((RUN / name).stat().st_mode) == 0o640 & ~mask, name
