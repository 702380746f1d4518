"""healthops/report/{history,changes}.py: each run compared with the previous run of its duty and system.

Three weekly runs go through the healthops_report module into one report directory:
a fault appears in the second (new), stays in the third (still open, first seen on the
second's date) while another is fixed (resolved); a host joins and one leaves. The
HTML's changes section and the XLSX's 变化 sheet are read back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ansible.module_utils.healthops.common.result import make_check
from ansible.module_utils.healthops.report import changes, history, model
from healthops_testlib import load_library_module
from openpyxl import load_workbook

report_module = load_library_module("healthops_report")
SYSTEM = {"system": "petition", "system_name_zh": "网上信访信息系统"}


def fs(status: str, value: float) -> dict[str, Any]:
    return make_check("fs.space:/data", "fs", "File system space /data", "文件系统空间使用率 /data", status, value)


def cron(status: str) -> dict[str, Any]:
    return make_check("service.cron", "service", "Cron daemon", "计划任务服务", status, detail="no cron daemon")


def run(report_dir: Path, day: str, hosts: list[dict[str, Any]], duty: str = "inspect") -> dict[str, Any]:
    params = {
        "hosts": hosts,
        "report_dir": str(report_dir),
        "run_id": f"2025{day}T083000-{duty}",
        "meta": {"duty": duty, "started": f"2025-{day[:2]}-{day[2:]}T08:30:00+08:00"},
        "lang": "zh",
        "formats": ["json", "html", "xlsx"],
        "history": True,
    }
    result = report_module.execute(params, check_mode=False)
    return json.loads(Path(result["files"]["json"]).read_text(encoding="utf-8"))


def week(day: str, fs_status: str, cron_status: str, extra_host: str | None) -> list[dict[str, Any]]:
    hosts = [{"host": "app-01", **SYSTEM, "checks": [fs(fs_status, 50.0), cron(cron_status)]}]
    if extra_host:
        hosts.append({"host": extra_host, **SYSTEM, "checks": [cron("PASS")]})
    return hosts


def three_runs(tmp_path: Path) -> list[dict[str, Any]]:
    first = run(tmp_path, "0106", week("0106", "PASS", "WARN", "old-01"))
    # Another duty's run in between is not this record's previous run.
    run(tmp_path, "0110", [{"host": "app-01", **SYSTEM, "checks": [cron("FAIL")]}], duty="db_health")
    second = run(tmp_path, "0113", week("0113", "FAIL", "WARN", "old-01"))
    third = run(tmp_path, "0120", week("0120", "FAIL", "PASS", "new-01"))
    return [first, second, third]


def keys(items: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return [(i["host"], i["id"], i.get("first_seen")) for i in items]


def test_first_run_has_nothing_to_compare_with(tmp_path: Path) -> None:
    first = three_runs(tmp_path)[0]
    assert first["changes"]["compared"] is False
    assert first["changes"]["new"] == []
    assert first["changes"]["systems"] == {"petition": {"previous_run": None, "previous_date": None}}
    assert "首次巡检" in (tmp_path / "20250106T083000-inspect" / "report.html").read_text(encoding="utf-8")


def test_a_fault_is_new_then_still_open_then_resolved(tmp_path: Path) -> None:
    _first, second, third = three_runs(tmp_path)
    c2 = second["changes"]
    assert c2["systems"]["petition"] == {"previous_run": "20250106T083000-inspect", "previous_date": "2025-01-06"}
    assert keys(c2["new"]) == [("app-01", "fs.space:/data", "2025-01-13")]
    assert c2["new"][0]["previous_status"] == "PASS"
    assert c2["new"][0]["recommendation_zh"].startswith("清理空间")
    # The cron WARN was there the week before (first seen then); the db_health run does not count.
    assert keys(c2["open"]) == [("app-01", "service.cron", "2025-01-06")]
    assert c2["resolved"] == []
    c3 = third["changes"]
    assert keys(c3["open"]) == [("app-01", "fs.space:/data", "2025-01-13")]
    assert [(i["host"], i["id"], i["status"], i["previous_status"]) for i in c3["resolved"]] == [
        ("app-01", "service.cron", "PASS", "WARN")
    ]
    assert c3["new"] == []
    assert c3["hosts_added"] == [{"system": "petition", "host": "new-01"}]
    assert c3["hosts_gone"] == [{"system": "petition", "host": "old-01"}]


def test_html_and_xlsx_show_the_changes(tmp_path: Path) -> None:
    three_runs(tmp_path)
    run_dir = tmp_path / "20250120T083000-inspect"
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert page.index('id="changes"') < page.index('id="overview"')  # at the top
    assert page.count('data-change="open"') == 1
    assert page.count('data-change="resolved"') == 1
    assert page.count('data-change="host_added"') == 1
    assert page.count('data-change="host_gone"') == 1
    assert "上次巡检：2025-01-13（20250113T083000-inspect）" in page
    wb = load_workbook(run_dir / "report.xlsx")
    rows = [
        r
        for r in wb["变化"].iter_rows(values_only=True)
        if r[0] in ("新增", "仍未解决", "已解决", "新增主机", "减少主机")
    ]
    assert [(r[0], r[2]) for r in rows] == [
        ("仍未解决", "app-01"),
        ("已解决", "app-01"),
        ("新增主机", "new-01"),
        ("减少主机", "old-01"),
    ]
    assert rows[0][6] == "2025-01-13"


def test_english_on_request(tmp_path: Path) -> None:
    *_, third = three_runs(tmp_path)
    rows = changes.change_rows(third, "en")
    assert [r[1][0] for r in rows] == ["still open", "resolved", "host added", "host gone"]
    assert rows[0][1][-1].startswith("Free space")
    assert changes.summary_lines(third, "en")[-1] == "0 new, 1 resolved, 1 still open."


def test_history_reads_only_earlier_runs_of_the_duty(tmp_path: Path) -> None:
    three_runs(tmp_path)
    (tmp_path / "garbage").mkdir()
    (tmp_path / "garbage" / "report.json").write_text("{not json", encoding="utf-8")
    current = model.build_report(
        week("0120", "PASS", "PASS", None), {"run_id": "x", "started": "2025-01-14T00:00:00+08:00"}
    )
    earlier = history.earlier_reports(str(tmp_path), current)
    assert [r["run"]["run_id"] for r in earlier] == ["20250106T083000-inspect", "20250113T083000-inspect"]
    assert history.earlier_reports(str(tmp_path / "missing"), current) == []
