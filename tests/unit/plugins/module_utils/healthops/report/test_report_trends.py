"""healthops/report/{trends,svg,xlsx_trends}.py: the stored history drawn per host, SVG in the HTML, charts in the XLSX.

Four weekly runs go through the healthops_report module into one report directory: the
data file system grows 10 points a week, memory and load move, a host joins in the last
run (one sample: it says so and draws nothing). The HTML is read for one SVG per charted
series and no outside resource; the workbook is opened with openpyxl for its charts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import make_check
from ansible.module_utils.healthops.report import trends
from ansible.module_utils.healthops.report.labels import LABELS
from healthops_testlib import REPO, load_library_module
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

report_module = load_library_module("healthops_report")
SCHEMA = json.loads((REPO / "roles" / "report" / "files" / "report.schema.json").read_text(encoding="utf-8"))
SYSTEM = {"system": "petition", "system_name_zh": "网上信访信息系统"}
DAYS = ("0106", "0113", "0120", "0127")


def checks(week: int) -> list[dict[str, Any]]:
    data = 50.0 + 10 * week
    return [
        make_check("fs.space:/data", "fs", "File system space /data", "文件系统空间使用率 /data",
                   "WARN" if data >= 80 else "PASS", data, ">=80/90%", "%"),
        make_check("fs.space:/", "fs", "File system space /", "文件系统空间使用率 /", "PASS", 30.0, ">=80/90%", "%"),
        make_check("memory.used", "memory", "Memory used", "内存使用率", "PASS", 60.0 + week, ">=85/95%", "%"),
        make_check("cpu.load_per_core", "cpu", "Load per core", "每核负载", "PASS", 0.5, ">=1/2"),
        make_check("service.cron", "service", "Cron daemon", "计划任务服务", "PASS", "running"),
    ]  # fmt: skip


def runs(report_dir: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for week, day in enumerate(DAYS):
        hosts = [{"host": "app-01", **SYSTEM, "checks": checks(week)}]
        if week == len(DAYS) - 1:
            hosts.append({"host": "new-01", **SYSTEM, "checks": checks(0)})
        params = {
            "hosts": hosts,
            "report_dir": str(report_dir),
            "run_id": f"2025{day}T083000-inspect",
            "meta": {"duty": "inspect", "started": f"2025-{day[:2]}-{day[2:]}T08:30:00+08:00"},
            "lang": "zh",
            "formats": ["json", "html", "xlsx"],
            "history": True,
            "trend_runs": 12,
        }
        result = report_module.execute(params, check_mode=False)
    return result


def test_trends_block(tmp_path: Path) -> None:
    files = runs(tmp_path)["files"]
    report = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    assert list(Draft202012Validator(SCHEMA).iter_errors(report)) == []
    app = report["trends"]["hosts"]["app-01"]
    assert app["samples"] == 4
    data = next(s for s in app["series"] if s["id"] == "fs.space:/data")
    assert [p[1] for p in data["points"]] == [50.0, 60.0, 70.0, 80.0]
    assert (data["warn"], data["fail"]) == (80.0, 90.0)
    # 10 points a week from 80 %: full two weeks after 2025-01-27.
    assert data["projected_full"] == "2025-02-10"
    assert next(s for s in app["series"] if s["id"] == "fs.space:/")["projected_full"] is None  # flat
    assert "service.cron" not in {s["id"] for s in app["series"]}
    assert report["trends"]["hosts"]["new-01"]["samples"] == 1


def test_html_has_one_svg_per_charted_series_and_nothing_from_outside(tmp_path: Path) -> None:
    files = runs(tmp_path)["files"]
    report = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    page = Path(files["html"]).read_text(encoding="utf-8")
    charted = [s["id"] for h in report["trends"]["hosts"].values() for s in h["series"] if trends.chartable(s)]
    assert len(charted) == 4  # app-01: /data, /, memory, load; new-01 has one sample
    assert page.count("<svg") == len(charted)
    assert sorted(re.findall(r'<svg class="trend"[^>]* data-series="([^"]+)"', page)) == sorted(charted)
    assert page.count('class="limit limit-fail"') == 4  # the FAIL limit of every chart drawn
    assert "按当前增速预计 2025-02-10 写满" in page
    new_host = page[page.index('class="trend-host" data-host="new-01"') :]
    assert new_host.index("仅有一次采样") < new_host.index("</div>")
    assert "<svg" not in new_host[: new_host.index("</div>")]
    assert not re.search(r"\b(src|href)=|url\(|@import|<script|<link", page)
    assert "http" not in page


def test_xlsx_has_native_charts(tmp_path: Path) -> None:
    files = runs(tmp_path)["files"]
    wb = load_workbook(files["xlsx"])
    ws = wb["趋势"]
    assert len(ws._charts) == 4
    titles = {"".join(r.t for r in c.title.tx.rich.p[0].r) for c in ws._charts}
    assert "app-01 文件系统空间使用率 /data" in titles
    values = [row[1] for row in ws.iter_rows(values_only=True) if row[0] == "2025-01-27"]
    assert 80.0 in values
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "仅有一次采样，暂不绘制趋势图。" in cells


def test_one_run_draws_nothing() -> None:
    series = {"id": "memory.used", "points": [["2025-01-06T08:30:00+08:00", 50.0]]}
    assert not trends.chartable(series)
    assert trends.projected_full(series["points"]) is None
    assert trends.limits(">=80/90%") == (80.0, 90.0)
    assert trends.limits("<=30/7 d") == (30.0, 7.0)
    assert trends.limits("") == (None, None)


def test_backup_size_and_duration_are_charted_without_limits() -> None:
    def report(day: str, size: float, minutes: float) -> dict[str, Any]:
        host_checks = [
            make_check("backup.size", "backup", "Size", "最近一次备份大小", "INFO", size, None, "GiB"),
            make_check("backup.duration", "backup", "Duration", "最近一次备份耗时", "INFO", minutes, None, "min"),
            make_check("oracle.backup_age", "backup", "RMAN age", "RMAN 备份", "PASS", 5.0, ">=26/48 h", "h"),
        ]  # fmt: skip
        return {
            "run": {"started": f"2025-01-{day}T08:30:00+08:00"},
            "hosts": [{"host": "db-01", "checks": host_checks}],
        }

    block = trends.collect(report("13", 48.5, 41.0), [report("06", 47.0, 39.5)])
    series = {s["id"]: s for s in block["hosts"]["db-01"]["series"]}
    assert set(series) == {"backup.size", "backup.duration", "oracle.backup_age"}
    assert [p[1] for p in series["backup.size"]["points"]] == [47.0, 48.5]
    assert (series["backup.duration"]["unit"], series["backup.duration"]["warn"]) == ("min", None)
    assert (series["oracle.backup_age"]["warn"], series["oracle.backup_age"]["fail"]) == (26.0, 48.0)
    assert series["backup.size"]["projected_full"] is None  # a size, not a share: no date of full


def _daily(day: int, value: float) -> dict[str, Any]:
    when = f"2025-01-{day:02d}T08:30:00+08:00"
    check = make_check("memory.used", "memory", "Memory used", "内存使用率", "PASS", value, ">=85/95%", "%")
    return {"run": {"started": when}, "hosts": [{"host": "db-01", "checks": [check]}]}


def test_a_daily_duty_charts_the_last_run_of_each_week() -> None:
    runs = [_daily(day, float(day)) for day in range(1, 29)]  # 1-28 January 2025, one run a day
    current, earlier = runs[-1], runs[:-1]
    # Every run: the last three days.
    assert [r["run"]["started"][8:10] for r in trends.window(current, earlier, 3)] == ["26", "27", "28"]
    # Weeks (ISO, Monday first): the last run of each of the last three weeks, Sundays 19 and 26, then today.
    weekly = trends.window(current, earlier, 3, "week")
    assert [r["run"]["started"][8:10] for r in weekly] == ["19", "26", "28"]
    block = trends.collect(current, earlier, 12, "week")
    assert (block["runs"], block["period"]) == (5, "week")  # weeks of 1-5, 6-12, 13-19, 20-26, 27-28 January
    assert [p[1] for p in block["hosts"]["db-01"]["series"][0]["points"]] == [5.0, 12.0, 19.0, 26.0, 28.0]
    monthly = trends.collect(current, earlier, 12, "month")
    assert monthly["runs"] == 1  # one month so far: one sample, no chart
    assert not trends.chartable(monthly["hosts"]["db-01"]["series"][0])
    assert trends.span_note(block, LABELS["zh"]).startswith("最近 5 周（每周取最后一次巡检）的数据")
    assert trends.span_note(block, LABELS["en"]).startswith("The last 5 weeks (the last run of each week)")


def test_the_module_takes_the_period(tmp_path: Path) -> None:
    for day in ("06", "07", "13", "14"):
        params = {
            "hosts": [{"host": "app-01", **SYSTEM, "checks": checks(int(day) % 5)}],
            "report_dir": str(tmp_path),
            "run_id": f"202501{day}T083000-inspect",
            "meta": {"duty": "inspect", "started": f"2025-01-{day}T08:30:00+08:00"},
            "lang": "zh",
            "formats": ["json", "html"],
            "history": True,
            "trend_runs": 12,
            "trend_period": "week",
        }
        files = report_module.execute(params, check_mode=False)["files"]
    report = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    assert list(Draft202012Validator(SCHEMA).iter_errors(report)) == []
    assert (report["trends"]["runs"], report["trends"]["period"]) == (2, "week")  # Monday 6 + Tuesday 7: one week
    assert "最近 2 周（每周取最后一次巡检）" in Path(files["html"]).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("cycle", "period"),
    [(["daily"], "week"), (["weekly", "daily"], "week"), (["weekly"], "run"), (["monthly"], "run"), ([], "run")],
)
def test_auto_takes_the_period_from_the_duty_s_cycle(cycle: list[str], period: str) -> None:
    assert trends.period_for("auto", cycle) == period
    assert trends.period_for("month", cycle) == "month"  # a period set by hand stands


def test_the_module_derives_the_period_of_a_daily_duty(tmp_path: Path) -> None:
    """No trend_period given: a daily duty (its calendar entry, meta.cycle) samples by week."""
    for day in ("06", "07", "13"):
        params = {
            "hosts": [{"host": "app-01", **SYSTEM, "checks": checks(int(day) % 5)}],
            "report_dir": str(tmp_path),
            "run_id": f"202501{day}T083000-inspect",
            "meta": {"duty": "inspect", "started": f"2025-01-{day}T08:30:00+08:00", "cycle": ["daily"]},
            "lang": "zh",
            "formats": ["json"],
        }
        params = {k: params.get(k, spec.get("default")) for k, spec in report_module.ARGUMENT_SPEC.items()}
        files = report_module.execute(params, check_mode=False)["files"]
    report = json.loads(Path(files["json"]).read_text(encoding="utf-8"))
    assert (report["trends"]["runs"], report["trends"]["period"]) == (2, "week")
