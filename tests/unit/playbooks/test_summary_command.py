"""bin/healthops summary: the monthly and annual summaries from a ledger of real runs (recorded as the
ledger callback records them) and their stored report.json files; the XLSX read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from ansible.module_utils.healthops.controller import summary
from ansible.module_utils.healthops.controller.ledger import connect, record
from ansible.module_utils.healthops.controller.schedule.calendar import build
from healthops_testlib import REPO
from openpyxl import load_workbook

sys.path.insert(0, str(REPO / "plugins" / "callback"))
from healthops_ledger import ledger_entry

HEALTHOPS = str(REPO / "bin" / "healthops")
CALENDAR = {"inspection": "weekly", "db_health": "monthly"}
PLAYBOOKS = sorted(p.name for p in (REPO / "playbooks").glob("*.yml"))
SKIPPED = {dt.date(2025, 3, 10), dt.date(2025, 11, 17)}  # two Mondays with no inspection
FAILING = {dt.date(2025, 3, 3): "open", dt.date(2025, 3, 17): "closed", dt.date(2025, 11, 24): "open"}


def write_report(reports: Path, run_id: str, when: dt.datetime, duty: str, disk: str) -> str:
    run_dir = reports / run_id
    run_dir.mkdir(parents=True)
    checks = [{"id": "os.disk", "status": disk}, {"id": "os.load", "status": "PASS"}]
    report = {
        "run": {"run_id": run_id, "duty": duty, "started": when.astimezone().isoformat()},
        "hosts": [{"host": "db01", "system": "petition", "checks": checks}],
    }
    (run_dir / "report.json").write_text(json.dumps(report))
    return str(run_dir / "report.json")


def one_run(
    conn, reports: Path, duty: str, playbook: str, when: dt.datetime, disk: str = "PASS", check_mode: bool = False
) -> None:
    path = write_report(reports, f"{when:%Y%m%dT%H%M}-{duty}", when, duty, disk)
    facts = {"duty": duty, "system": "petition", "report_path": path, "inventory": ["inv.yml"]}
    epoch = when.timestamp()
    record(
        conn,
        ledger_entry(f"playbooks/{playbook}", epoch, epoch + 300, {"db01": {"ok": 5}}, check_mode, context_facts=facts),
    )


def test_the_annual_and_monthly_summaries_count_the_runs_in_the_ledger(tmp_path: Path) -> None:
    runs = {
        r.duty: r
        for r in build({"petition": {"calendar": CALENDAR, "times": {}}}, PLAYBOOKS, dt.datetime(2025, 1, 1)).runs
    }
    year = summary.period(year="2025")
    mondays = summary.slots(runs["inspection"], *year[:2])
    months = summary.slots(runs["db_health"], *year[:2])
    assert (len(mondays), len(months)) == (52, 12)
    reports = tmp_path / "reports"
    conn = connect(str(tmp_path / "ledger.sqlite"))
    disk = "PASS"
    for slot in mondays:
        disk = {"open": "FAIL", "closed": "PASS"}.get(FAILING.get(slot.date(), ""), disk)
        if slot.date() not in SKIPPED:
            one_run(conn, reports, "inspection", runs["inspection"].playbook, slot + dt.timedelta(minutes=1), disk)
    for slot in months:
        one_run(conn, reports, "db_health", runs["db_health"].playbook, slot + dt.timedelta(minutes=2))
    one_run(conn, reports, "patching", "patch.yml", dt.datetime(2025, 11, 20, 22))  # a round, no timer
    one_run(conn, reports, "inspection", "inspect.yml", dt.datetime(2025, 11, 18, 9), check_mode=True)  # a preview
    conn.close()
    inventory = tmp_path / "inv.yml"
    inventory.write_text(
        "all:\n  hosts:\n    db01:\n      healthops_system: petition\n"
        f"      healthops_calendar: {json.dumps(CALENDAR)}\n"
    )
    out = {}
    for args in (["--year", "2025"], ["--month", "2025-11"], ["--year", "2025", "--lang", "en"]):
        proc = subprocess.run(
            [HEALTHOPS, "summary", "-i", str(inventory), "--ledger", str(tmp_path / "ledger.sqlite"), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
            env=dict(os.environ),
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        out[" ".join(args)] = proc.stdout
    # 50 inspections, 12 database checks, one patch round; the preview is not counted.
    assert "2025: 63 runs in the ledger, 63 duty runs of 64 due (64 in the calendar), 2 missed" in out["--year 2025"]
    assert "2025-11: 5 runs in the ledger, 5 duty runs of 5 due (5 in the calendar), 1 missed" in out["--month 2025-11"]

    # Written beside the reports, privately.
    for name in ("summary-2025.html", "summary-2025.xlsx", "summary-2025-11.xlsx", "summary-2025-en.xlsx"):
        assert stat.S_IMODE((reports / name).stat().st_mode) & 0o037 == 0, name
    wb = load_workbook(reports / "summary-2025.xlsx")
    assert wb.sheetnames == ["总览", "职责完成情况", "漏执行", "FAIL 处置"]
    totals = {row[0]: row[1] for row in wb["总览"].iter_rows(min_row=2, values_only=True)}
    assert (totals["台账运行次数"], totals["计划次数"], totals["已执行"], totals["漏执行"]) == (63, 64, 63, 2)
    assert (totals["新增 FAIL"], totals["已解决 FAIL"], totals["期末未解决 FAIL"]) == (2, 1, 1)
    duties = {row[1]: row for row in wb["职责完成情况"].iter_rows(min_row=2, values_only=True)}
    inspection = next(v for k, v in duties.items() if k.endswith("(inspection)"))
    assert inspection[2:6] == (52, 52, 50, 2)
    db_health = next(v for k, v in duties.items() if k.endswith("(db_health)"))
    assert db_health[2:6] == (12, 12, 12, 0)
    assert duties["patching"][2:6] == ("无定时（按需执行）", None, 1, 0)
    missed = [row[2] for row in wb["漏执行"].iter_rows(min_row=2, values_only=True)]
    assert [m[:10] for m in missed] == ["2025-03-10", "2025-11-17"]
    fails = list(wb["FAIL 处置"].iter_rows(min_row=2, values_only=True))
    # Open from 3 March (the 10th had no run) to 17 March: 14 days; open again from 24 November.
    assert [(f[1], f[2], f[3][:10], f[4][:10], f[5]) for f in fails] == [
        ("db01", "os.disk", "2025-03-03", "2025-03-17", 14.0),
        ("db01", "os.disk", "2025-11-24", "未解决", None),
    ]
    month = load_workbook(reports / "summary-2025-11.xlsx")
    totals = {row[0]: row[1] for row in month["总览"].iter_rows(min_row=2, values_only=True)}
    assert (totals["计划次数"], totals["已执行"], totals["漏执行"], totals["新增 FAIL"]) == (5, 5, 1, 1)
    english = load_workbook(reports / "summary-2025-en.xlsx")
    assert english.sheetnames == ["Overview", "Duties done", "Missed slots", "FAILs"]
    page = (reports / "summary-2025.html").read_text()
    assert "运维年度总结 2025" in page
    assert "漏执行" in page
    assert "<script" not in page
