"""healthops.controller.schedule: the calendar grammar, the duty table and the calendar's validation."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.module_utils.healthops.controller.schedule import oncalendar
from ansible.module_utils.healthops.controller.schedule.calendar import build, systems_of
from ansible.module_utils.healthops.controller.schedule.duties import change_playbooks, resolve
from ansible.module_utils.healthops.controller.schedule.missed import missed
from healthops_testlib import REPO

START = dt.datetime(2026, 12, 6, 6, 0)
PLAYBOOKS = ["inspect.yml", "db_health.yml", "backup.yml", "backup_verify.yml", "tomcat.yml"]


def upcoming(expression: str, count: int = 3) -> list[str]:
    moments = oncalendar.elapses(oncalendar.parse(expression), START)
    return [f"{next(moments):%a %Y-%m-%d %H:%M:%S}" for _ in range(count)]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Mon *-*-* 02:00", ["Mon 2026-12-07 02:00:00", "Mon 2026-12-14 02:00:00", "Mon 2026-12-21 02:00:00"]),
        ("weekly", ["Mon 2026-12-07 00:00:00", "Mon 2026-12-14 00:00:00", "Mon 2026-12-21 00:00:00"]),
        ("*-01,07-01 03:00", ["Fri 2027-01-01 03:00:00", "Thu 2027-07-01 03:00:00", "Sat 2028-01-01 03:00:00"]),
        ("*:0/20", ["Sun 2026-12-06 06:20:00", "Sun 2026-12-06 06:40:00", "Sun 2026-12-06 07:00:00"]),
        ("Fri *-*-1..7 01:00", ["Fri 2027-01-01 01:00:00", "Fri 2027-02-05 01:00:00", "Fri 2027-03-05 01:00:00"]),
        ("2027-*-15 12:00:30", ["Fri 2027-01-15 12:00:30", "Mon 2027-02-15 12:00:30", "Mon 2027-03-15 12:00:30"]),
    ],
)
def test_calendar_expressions_elapse_as_systemd_says(expression: str, expected: list[str]) -> None:
    assert upcoming(expression) == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("bogus", "weekday 'bogus'"),
        ("Mon 25:00", "hour 25 is outside"),
        ("*-13-01", "month 13"),
        ("*-02~01", "'~'"),
        ("02:00 *-*-*", "a date (Y-M-D) then a time"),
        ("*-*-* 10..02:00", "runs backwards"),
        ("", "empty"),
    ],
)
def test_expressions_outside_the_grammar_are_refused_by_name(expression: str, message: str) -> None:
    with pytest.raises(oncalendar.CalendarError, match=message.replace("(", r"\(").replace(")", r"\)")):
        oncalendar.parse(expression)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
@pytest.mark.parametrize("expression", ["Mon *-*-* 02:00", "*-01,04,07,10-15 03:00", "Sat,Sun *-*-* 04:30", "*:0/20"])
def test_the_parser_agrees_with_systemd_analyze(expression: str) -> None:
    out = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=3", expression],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, TZ="UTC", SYSTEMD_COLORS="0"),
    ).stdout
    theirs = [
        line.split(": ", 1)[1].rsplit(" ", 1)[0]
        for line in out.splitlines()
        if "Next elapse" in line or "Iter." in line
    ]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    moments = oncalendar.elapses(oncalendar.parse(expression), now)
    ours = [f"{next(moments):%a %Y-%m-%d %H:%M:%S}" for _ in range(3)]
    assert ours == theirs


def test_a_duty_is_known_by_the_table_or_by_its_playbook() -> None:
    assert resolve("inspection", PLAYBOOKS)[1] == "scheduled"
    assert resolve("db_tuning", PLAYBOOKS)[0].extra_vars == {"db_health_profile": "tuning"}
    assert resolve("patch_round", PLAYBOOKS)[1] == "planned"
    assert resolve("patch_round", [*PLAYBOOKS, "patch.yml"])[1] == "scheduled"
    # A new helper's playbook is a duty by its name, without editing the table.
    assert resolve("backup_audit", [*PLAYBOOKS, "backup_audit.yml"])[1] == "scheduled"
    assert resolve("fire_drill", [*PLAYBOOKS, "fire_drill.yml"])[0].playbook == "fire_drill.yml"
    assert resolve("inspections", PLAYBOOKS) == (None, "unknown")
    assert change_playbooks([*PLAYBOOKS, "patch.yml", "rotate_passwords.yml"]) == [
        "tomcat.yml",
        "patch.yml",
        "rotate_passwords.yml",
    ]


def calendar_of(calendar: dict, times: dict | None = None, system: str = "petition"):
    return build({system: {"calendar": calendar, "times": times or {}}}, PLAYBOOKS, START)


def test_cycle_words_become_timers_at_their_times() -> None:
    cal = calendar_of(
        {"inspection": "weekly", "db_health": "monthly", "db_tuning": "quarterly", "restore_test": "yearly"},
        {"inspection": {"at": "1:30", "day": "Sat"}, "db_tuning": {"day": 20}},
    )
    assert cal.errors == []
    assert {r.duty: r.on_calendar for r in cal.runs} == {
        "inspection": "Sat *-*-* 01:30:00",
        "db_health": "*-*-01 03:00:00",
        "db_tuning": "*-01,04,07,10-20 03:00:00",
        "restore_test": "*-01-10 04:00:00",
    }
    assert {r.unit for r in cal.runs} >= {"healthops-petition-inspection", "healthops-petition-db-tuning"}


def test_entries_without_a_timer_are_listed_not_scheduled() -> None:
    cal = calendar_of(
        {
            "backup": "daily",
            "certificate_audit": "with_inspection",
            "patch_round": "semiannual",
            "password_rotation_days": 90,
        }
    )
    assert cal.errors == []
    assert cal.runs == []
    assert sorted((duty, state) for _s, duty, state, _n in cal.others) == [
        ("backup", "on_hosts"),
        ("certificate_audit", "with_inspection"),
        ("patch_round", "planned"),
    ]


@pytest.mark.parametrize(
    ("calendar", "times", "message"),
    [
        ({"inspektion": "weekly"}, {}, "petition: healthops_calendar.inspektion: unknown duty"),
        ({"inspection": "fortnightly"}, {}, "petition: healthops_calendar.inspection: 'fortnightly' is neither"),
        (
            {"inspection": "Mon *-*-* 26:00"},
            {},
            "petition: healthops_calendar.inspection: 'Mon *-*-* 26:00' is neither",
        ),
        ({"inspection": "weekly"}, {"inspection": {"at": "25:00"}}, "petition: healthops_schedule_times.inspection.at"),
        ({"inspection": "weekly"}, {"inspection": {"day": "Funday"}}, "healthops_schedule_times.inspection.day"),
        ({"db_health": "monthly"}, {"db_health": {"day": 31}}, "1..28"),
        (
            {"inspection": "weekly"},
            {"inspection": {"when": "now"}},
            "healthops_schedule_times.inspection: unknown when",
        ),
        (
            {"inspection": "weekly"},
            {"db_health": {"at": "01:00"}},
            "healthops_schedule_times.db_health: no healthops_calendar",
        ),
        ({"inspection": "*-*-* 02:00"}, {"inspection": {"at": "01:00"}}, "apply to cycle words only"),
        ({"password_rotation_days": "often"}, {}, "healthops_calendar.password_rotation_days: 'often' is not a whole"),
    ],
)
def test_a_bad_calendar_names_the_system_and_the_key(calendar: dict, times: dict, message: str) -> None:
    errors = calendar_of(calendar, times).errors
    assert any(message in e for e in errors), errors


def test_overlapping_runs_of_one_duty_are_refused() -> None:
    # Every 30 minutes, for up to 120: each run would start while the last one runs.
    errors = calendar_of({"inspection": "*:0/30"}).errors
    assert errors
    assert "petition: healthops_calendar.inspection: runs of playbooks/inspect.yml overlap" in errors[0]
    assert calendar_of({"inspection": "*:0/30"}, {"inspection": {"window_minutes": 25}}).errors == []


def test_two_duties_of_one_playbook_may_not_meet() -> None:
    # db_health on the 15th at 03:00 meets db_tuning's default slot in January, April, July, October.
    errors = calendar_of({"db_health": "monthly", "db_tuning": "quarterly"}, {"db_health": {"day": 15}}).errors
    assert any("healthops_calendar.db_health and healthops_calendar.db_tuning" in e for e in errors), errors


def test_hosts_of_one_system_must_share_its_calendar() -> None:
    _systems, errors = systems_of(
        [
            {"inventory_hostname": "a", "healthops_system": "petition", "healthops_calendar": {"inspection": "weekly"}},
            {"inventory_hostname": "b", "healthops_system": "petition", "healthops_calendar": {"inspection": "daily"}},
        ]
    )
    assert errors == [
        "petition: healthops_calendar of host b differs from host a's; set it once, in group_vars/petition/"
    ]


def test_the_example_inventory_calendars_are_valid() -> None:
    # The lab inventory has its systems' group_vars but hosts only while a lab runs (test_schedule_units).
    site = "example"
    inventory = json.loads(
        subprocess.run(
            [
                str(Path(sys.executable).with_name("ansible-inventory")),
                "-i",
                f"inventories/{site}",
                "--list",
                "--export",
            ],
            cwd=REPO,
            env=dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg")),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    systems = {
        group: {
            "calendar": data["vars"]["healthops_calendar"],
            "times": data["vars"].get("healthops_schedule_times", {}),
        }
        for group, data in inventory.items()
        if isinstance(data, dict) and "healthops_calendar" in data.get("vars", {})
    }
    assert len(systems) == 5
    cal = build(systems, [p.name for p in (REPO / "playbooks").iterdir()], START)
    assert cal.errors == []
    assert {r.system for r in cal.runs if r.duty == "inspection"} == set(systems)


def started(*when: int) -> str:
    """A ledger start time: local time with its offset, as the callback writes it."""
    return dt.datetime(*when).astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")


def test_a_slot_without_a_run_is_missed() -> None:
    (run,) = calendar_of({"inspection": "daily"}).runs  # 02:00, for up to 120 minutes
    now = dt.datetime(2026, 12, 7, 5, 0)
    yesterday = {"system": "petition", "duty": "inspection", "started": started(2026, 12, 6, 2, 0, 3)}
    today = {"system": "petition", "duty": "inspection", "started": started(2026, 12, 7, 1, 58)}
    other = {"system": "cadre_health", "duty": "inspection", "started": started(2026, 12, 7, 2, 0)}
    assert missed([run], [yesterday, other], now) == [
        {
            "system": "petition",
            "duty": "inspection",
            "playbook": "playbooks/inspect.yml",
            "slot": dt.datetime(2026, 12, 7, 2, 0),
        }
    ]
    assert missed([run], [yesterday, today], now) == []  # started 2 minutes early: counts
    # Within the window of today's slot, yesterday's slot is judged: it had its run.
    assert missed([run], [yesterday], dt.datetime(2026, 12, 7, 3, 0)) == []
