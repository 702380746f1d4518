"""healthops/report/fleet.py: the first page of a multi-system run, systems by check categories.

Each cell holds the worst status of the system's checks of that category and how many
checks have it; report.html draws it first, report.xlsx opens on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ansible.module_utils.healthops.common.result import STATUS_EN, make_check
from ansible.module_utils.healthops.report import fleet, model, xlsx
from ansible.module_utils.healthops.report import html as report_html
from openpyxl import load_workbook

META = {"run_id": "r1", "duty": "inspect", "started": "2025-01-06T08:30:00+08:00"}


def _c(check_id: str, category: str, status: str) -> dict[str, Any]:
    return make_check(check_id, category, check_id, check_id, status)


def fleet_report() -> dict[str, Any]:
    hosts = [
        {"host": "a1", "system": "alpha", "system_name_zh": "甲系统", "checks": [
            _c("fs.space:/", "fs", "FAIL"), _c("fs.space:/data", "fs", "FAIL"), _c("fs.inodes:/", "fs", "WARN"),
            _c("memory.used", "memory", "PASS"),
        ]},
        {"host": "a2", "system": "alpha", "system_name_zh": "甲系统", "checks": [_c("memory.used", "memory", "WARN")]},
        {"host": "b1", "system": "beta", "system_name_zh": "乙系统", "checks": [
            _c("fs.space:/", "fs", "PASS"), _c("service.cron", "service", "PASS"),
        ]},
    ]  # fmt: skip
    return model.build_report(hosts, META)


def test_cells_hold_the_worst_status_and_its_count() -> None:
    report = fleet_report()
    table = fleet.cells(report)
    assert fleet.categories(report) == ["memory", "service", "fs"]  # the result model's order
    assert (table["alpha"]["fs"]["worst"], table["alpha"]["fs"]["count"]) == ("FAIL", 2)
    assert (table["alpha"]["memory"]["worst"], table["alpha"]["memory"]["count"]) == ("WARN", 1)
    assert (table["beta"]["fs"]["worst"], table["beta"]["fs"]["count"]) == ("PASS", 1)
    assert "service" not in table["alpha"]
    assert fleet.cell_text(table["alpha"]["fs"], "zh") == "异常 2"
    assert fleet.cell_text(table["alpha"]["fs"], "en") == f"{STATUS_EN['FAIL']} 2"


def test_html_opens_with_the_overview(tmp_path: Path) -> None:
    page = report_html.render_html(fleet_report())
    assert page.index('id="fleet"') < page.index('id="overview"')
    section = page[page.index('id="fleet"') : page.index("</section>", page.index('id="fleet"'))]
    cells = re.findall(
        r'<td class="fleet-cell cell-(\w+)" data-category="(\w+)" data-status="\w+" data-count="(\d+)"', section
    )
    assert cells == [("WARN", "memory", "1"), ("FAIL", "fs", "2"), ("PASS", "service", "1"), ("PASS", "fs", "1")]
    assert section.count("<tr data-system=") == 2
    assert "td.cell-FAIL{background:#FDE2E1" in page  # the cell is coloured by its status


def test_xlsx_opens_on_the_overview(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    xlsx.write_xlsx(fleet_report(), str(path))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "总览"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("系统", "内存", "服务", "文件系统")
    assert rows[1:] == [("甲系统", "警告 1", None, "异常 2"), ("乙系统", None, "正常 1", "正常 1")]
    assert ws["D5"].fill.fgColor.rgb.endswith("FDE2E1")
    assert ws["D6"].fill.fgColor.rgb.endswith("E6F4EA")


def test_a_single_system_has_no_overview(tmp_path: Path) -> None:
    hosts = [{"host": "a1", "system": "alpha", "checks": [_c("memory.used", "memory", "PASS")]}]
    report = model.build_report(hosts, META)
    assert 'id="fleet"' not in report_html.render_html(report)
    path = tmp_path / "r.xlsx"
    xlsx.write_xlsx(report, str(path))
    assert load_workbook(path).sheetnames[0] == "封面"


def test_every_new_section_in_english_on_request(tmp_path: Path) -> None:
    """Overview, changes and trends: no Chinese in their headings and words when lang is en."""
    from ansible.module_utils.healthops.report import changes, trends

    earlier = fleet_report()
    earlier["run"]["started"] = "2024-12-30T08:30:00+08:00"
    report = fleet_report()
    for value, run in ((40.0, earlier), (50.0, report)):
        for check in (c for h in run["hosts"] for c in h["checks"] if c["id"] == "memory.used"):
            check.update(value=value, threshold=">=85/95%", unit="%")
    report["changes"] = changes.compare(report, [earlier])
    report["trends"] = trends.collect(report, [earlier])
    page = report_html.render_html(report, lang="en")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for section in ("fleet", "changes", "trends"):
        start = page.index(f'<section id="{section}"')
        text = page[start : page.index("</section>", start)]
        assert not cjk.search(re.sub(r"<[^>]+>", "", text)), section
    path = tmp_path / "en.xlsx"
    xlsx.write_xlsx(report, str(path), lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Overview"
    assert {"Changes", "Trends"} <= set(wb.sheetnames)
    for name in ("Overview", "Changes"):
        assert not [
            v for row in wb[name].iter_rows(values_only=True) for v in row if isinstance(v, str) and cjk.search(v)
        ]
