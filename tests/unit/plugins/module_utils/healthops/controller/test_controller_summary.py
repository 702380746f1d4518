"""healthops.controller.summary: each duty's slots in a month or a year, runs against them, missed
slots, and how long FAILs stayed open."""

from __future__ import annotations

import datetime as dt

import pytest
from ansible.module_utils.healthops.controller import summary
from ansible.module_utils.healthops.controller.schedule.calendar import build

PLAYBOOKS = ["inspect.yml", "db_health.yml", "backup.yml", "backup_verify.yml", "tomcat.yml"]
START = dt.datetime(2026, 1, 1)


def runs_of(calendar: dict, times: dict | None = None):
    cal = build({"petition": {"calendar": calendar, "times": times or {}}}, PLAYBOOKS, START)
    assert cal.errors == []
    return {r.duty: r for r in cal.runs}


def started(*when: int) -> str:
    return dt.datetime(*when).astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")


def test_period_of_a_month_and_a_year() -> None:
    assert summary.period(month="2026-12")[:2] == (dt.datetime(2026, 12, 1), dt.datetime(2027, 1, 1))
    assert summary.period(month="2026-02")[:2] == (dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 1))
    assert summary.period(year="2026") == (dt.datetime(2026, 1, 1), dt.datetime(2027, 1, 1), "2026")
    with pytest.raises(ValueError, match="give a month"):
        summary.period()


def test_a_year_expects_52_or_53_weekly_and_12_monthly_slots() -> None:
    runs = runs_of({"inspection": "weekly", "db_health": "monthly", "backup_verify": "quarterly"})
    start, end, _ = summary.period(year="2026")
    # 2026 starts on a Thursday: 52 Mondays.
    assert len(summary.slots(runs["inspection"], start, end)) == 52
    assert len(summary.slots(runs["db_health"], start, end)) == 12
    assert len(summary.slots(runs["backup_verify"], start, end)) == 4
    start, end, _ = summary.period(month="2026-11")
    assert [s.day for s in summary.slots(runs["inspection"], start, end)] == [2, 9, 16, 23, 30]


def test_runs_against_slots_and_the_missed_ones() -> None:
    run = runs_of({"inspection": "weekly"})["inspection"]
    start, end, _ = summary.period(month="2026-11")
    ledger = [
        {"system": "petition", "duty": "inspection", "started": started(2026, 11, 2, 2, 0, 5), "outcome": "ok"},
        {"system": "petition", "duty": "inspection", "started": started(2026, 11, 9, 1, 57), "outcome": "failed"},
        # The 16th's slot is missed: the only run that week was a check-mode preview.
        {"system": "petition", "duty": "inspection", "started": started(2026, 11, 17), "check_mode": 1},
        {"system": "petition", "duty": "inspection", "started": started(2026, 11, 24, 9), "outcome": "ok"},
        {"system": "other", "duty": "inspection", "started": started(2026, 11, 30, 2), "outcome": "ok"},
        {"system": "petition", "duty": "inspection", "started": started(2026, 10, 26, 2), "outcome": "ok"},
    ]
    other, row = summary.duty_rows([run], ledger, start, end, dt.datetime(2026, 12, 6))
    # A system with no timer for the duty: its run is counted, nothing expected of it.
    assert (other["system"], other["expected"], other["done"], other["scheduled"]) == ("other", None, 1, False)
    assert row["system"] == "petition"
    assert (row["expected"], row["due"], row["done"]) == (5, 5, 3)
    assert row["outcomes"] == {"ok": 2, "failed": 1}
    # The 23rd's slot had its run late on the 24th; the 30th had none.
    assert row["missed"] == [dt.datetime(2026, 11, 16, 2, 0), dt.datetime(2026, 11, 30, 2, 0)]
    # Mid-month, the slots to come are expected but neither due nor missed.
    _, row = summary.duty_rows([run], ledger, start, end, dt.datetime(2026, 11, 20))
    assert (row["expected"], row["due"], row["missed"]) == (5, 3, [dt.datetime(2026, 11, 16, 2, 0)])


def test_fail_open_and_close_durations() -> None:
    d = dt.datetime
    reports = [
        (d(2026, 11, 2), "petition", "inspection", [("db01", "os.disk"), ("app01", "tomcat.heap")]),
        (d(2026, 11, 9), "petition", "inspection", [("db01", "os.disk")]),
        (d(2026, 11, 9), "cadre", "inspection", [("db02", "os.disk")]),
        (d(2026, 11, 16), "petition", "inspection", []),
        (d(2026, 11, 20), "petition", "db_health", []),
        (d(2026, 11, 23), "petition", "inspection", [("db01", "os.disk")]),
    ]
    spans = summary.fail_spans(reports)
    # The database check of the 20th did not look at the disk: it closes nothing.
    assert [(s["system"], s["host"], s["check"], s["opened"].day, s["days_open"]) for s in spans] == [
        ("cadre", "db02", "os.disk", 9, None),
        ("petition", "app01", "tomcat.heap", 2, 7.0),
        ("petition", "db01", "os.disk", 2, 14.0),
        ("petition", "db01", "os.disk", 23, None),
    ]
    counts = summary.fails_in(spans, d(2026, 11, 1), d(2026, 12, 1))
    assert counts == {
        "cadre": {"opened": 1, "closed": 0, "open_at_end": 1},
        "petition": {"opened": 3, "closed": 2, "open_at_end": 1},
    }
    # db01's disk opened before the 10th and closed on the 16th; app01's heap closed on the 9th, before.
    assert summary.fails_in(spans, d(2026, 11, 10), d(2026, 11, 20))["petition"] == {
        "opened": 0,
        "closed": 1,
        "open_at_end": 0,
    }
