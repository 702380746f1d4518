"""healthops.controller.schedule.awx: the calendar's timers as AWX job templates and schedules (RRULEs).

Each RRULE is checked against the timer it replaces: a small RRULE expander written here from
RFC 5545 (for the parts the translation emits) lists its occurrences, which must be the times
the systemd expression elapses (oncalendar.elapses), over two years.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from ansible.module_utils.healthops.controller.schedule import oncalendar
from ansible.module_utils.healthops.controller.schedule.awx import Options, RruleError, objects, rrule, rule_of
from ansible.module_utils.healthops.controller.schedule.calendar import build
from awx_standin import rrule_problem

ANCHOR = dt.date(2026, 1, 1)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def expand(value: str, count: int) -> list[dt.datetime]:
    """The first ``count`` occurrences of ``DTSTART;TZID=..:YYYYmmddTHHMMSS RRULE:...`` (naive wall time).

    Candidates are walked day by day from DTSTART; a day is in the set when its period (day, week,
    month or year, counted from DTSTART's) is a multiple of INTERVAL and it passes every BY* part.
    """
    start_text, rule_text = re.fullmatch(r"DTSTART;TZID=[^:]+:(\d{8}T\d{6}) RRULE:(\S+)", value).groups()
    start = dt.datetime.strptime(start_text, "%Y%m%dT%H%M%S")
    rule = dict(part.split("=") for part in rule_text.split(";"))
    interval = int(rule["INTERVAL"])
    hours = [int(h) for h in rule.get("BYHOUR", str(start.hour)).split(",")]
    minutes = [int(m) for m in rule.get("BYMINUTE", str(start.minute)).split(",")]
    by_day = rule.get("BYDAY", "")
    weekdays = {DAYS.index(d) for d in by_day.split(",")} if by_day else None
    month_day = int(rule["BYMONTHDAY"]) if "BYMONTHDAY" in rule else None
    month = int(rule["BYMONTH"]) if "BYMONTH" in rule else None
    freq = rule["FREQ"]
    if freq == "WEEKLY" and weekdays is None:
        weekdays = {start.weekday()}
    if freq == "MONTHLY" and month_day is None and weekdays is None:
        month_day = start.day
    if freq == "YEARLY" and month is None:
        month = start.month

    def period(day: dt.date) -> int:
        if freq == "DAILY":
            return (day - start.date()).days
        if freq == "WEEKLY":
            return (
                (day - dt.timedelta(days=day.weekday())) - (start.date() - dt.timedelta(days=start.weekday()))
            ).days // 7
        if freq == "MONTHLY":
            return (day.year - start.year) * 12 + day.month - start.month
        return day.year - start.year

    found: list[dt.datetime] = []
    day = start.date()
    while len(found) < count and day < start.date() + dt.timedelta(days=6 * 366):
        if (
            period(day) % interval == 0
            and (weekdays is None or day.weekday() in weekdays)
            and (month_day is None or day.day == month_day)
            and (month is None or day.month == month)
        ):
            moments = [dt.datetime.combine(day, dt.time(h, m, start.second)) for h in hours for m in minutes]
            found += [m for m in moments if m >= start]
        day += dt.timedelta(days=1)
    return found[:count]


def timer_times(expression: str, count: int) -> list[dt.datetime]:
    """The timer's first ``count`` elapses from the anchor, within five years (a yearly one has five)."""
    after = dt.datetime.combine(ANCHOR, dt.time()) - dt.timedelta(seconds=1)
    return list(itertools.islice(oncalendar.elapses(oncalendar.parse(expression), after, 5 * 365), count))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("*-*-* 06:30:00", "DTSTART;TZID=Asia/Shanghai:20260101T063000 RRULE:FREQ=DAILY;INTERVAL=1"),
        ("Mon *-*-* 02:00:00", "DTSTART;TZID=Asia/Shanghai:20260105T020000 RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"),
        ("*-*-01 03:00:00", "DTSTART;TZID=Asia/Shanghai:20260101T030000 RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1"),
        (
            "*-01,04,07,10-15 03:00:00",
            "DTSTART;TZID=Asia/Shanghai:20260115T030000 RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
        ),
        (
            "*-01,07-05 05:00:00",
            "DTSTART;TZID=Asia/Shanghai:20260105T050000 RRULE:FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=5",
        ),
        (
            "*-01-10 04:00:00",
            "DTSTART;TZID=Asia/Shanghai:20260110T040000 RRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=1;BYMONTHDAY=10",
        ),
    ],
)
def test_cycle_words_become_the_rrules_awx_expects(expression: str, expected: str) -> None:
    assert rrule(expression, ANCHOR, "Asia/Shanghai") == expected


@pytest.mark.parametrize(
    "expression",
    [
        "*-*-* 06:30:00",
        "Mon *-*-* 02:00:00",
        "Mon,Thu *-*-* 01:30",
        "Sat..Sun *-*-* 22:15",
        "*-*-* 0/6:00",
        "*-*-* 08,20:00,30",
        "*-*-01 03:00:00",
        "*-*-28 23:59",
        "*-01,04,07,10-15 03:00:00",
        "*-02,05,08,11-03 04:00",
        "*-01,07-20 05:00:00",
        "*-03-10 04:00:00",
        "*-12-* 09:00",
        "Fri *-*-13 12:00",
        "weekly",
        "monthly",
        "quarterly",
        "semiannually",
        "yearly",
    ],
)
def test_each_rrule_fires_exactly_when_the_timer_would(expression: str) -> None:
    value = rrule(expression, ANCHOR, "Asia/Shanghai")
    assert rrule_problem(value) == ""  # AWX's own validation accepts it
    timer = timer_times(expression, 40)
    assert len(timer) >= 5
    assert expand(value, len(timer)) == timer


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("2027-*-15 12:00", "given years"),
        ("*-*-1,15 02:00", "several days of the month"),
        ("*-01,02,07-05 02:00", "not evenly spaced"),
        ("*-01,07-* 02:00", "every day of several months"),
        ("*-*-* 02:00:00,30", "several seconds"),
    ],
)
def test_what_awx_cannot_hold_is_refused_not_approximated(expression: str, message: str) -> None:
    with pytest.raises(RruleError, match=message):
        rule_of(oncalendar.parse(expression))


def calendar_of(calendars: dict[str, dict]) -> object:
    systems = {name: {"calendar": cal, "times": {}, "hosts": [f"{name}-01"]} for name, cal in calendars.items()}
    return build(systems, ["inspect.yml", "db_health.yml", "patch.yml", "tomcat.yml"], dt.datetime(2026, 12, 6))


def test_one_job_template_per_duty_one_schedule_per_duty_and_system() -> None:
    cal = calendar_of(
        {
            "petition": {"inspection": "weekly", "db_tuning": "quarterly", "tomcat": "on_change"},
            "medical_supplies": {"inspection": "daily", "patch_round": "semiannual", "backup": "daily"},
        }
    )
    found = objects(cal, Options(ANCHOR), ["inspect.yml", "db_health.yml", "patch.yml", "tomcat.yml"])
    assert found["errors"] == []
    templates = {t["name"]: t for t in found["job_templates"]}
    assert sorted(templates) == [
        "healthops db_tuning",
        "healthops inspection",
        "healthops patch_round",
        "healthops tomcat",
    ]
    assert templates["healthops db_tuning"]["extra_vars"] == {"db_health_profile": "tuning"}
    assert templates["healthops db_tuning"]["playbook"] == "playbooks/db_health.yml"
    # A change duty's scheduled run is its preview, as on the timers.
    assert (templates["healthops patch_round"]["job_type"], templates["healthops patch_round"]["diff_mode"]) == (
        "check",
        True,
    )
    assert templates["healthops inspection"]["job_type"] == "run"
    by_name = {s["name"]: s for s in found["schedules"]}
    # The backup runs on the hosts and tomcat on change: neither is scheduled.
    assert sorted(by_name) == [
        "healthops medical_supplies inspection",
        "healthops medical_supplies patch_round",
        "healthops petition db_tuning",
        "healthops petition inspection",
    ]
    assert by_name["healthops medical_supplies inspection"]["rrule"].endswith("RRULE:FREQ=DAILY;INTERVAL=1")
    assert by_name["healthops petition inspection"]["limit"] == "petition:localhost"
    assert by_name["healthops petition inspection"]["job_template"] == "healthops inspection"


def test_an_expression_awx_cannot_hold_names_the_system_and_key() -> None:
    cal = calendar_of({"petition": {"inspection": "Mon *-*-1,15 02:00"}})
    found = objects(cal, Options(ANCHOR), ["inspect.yml"])
    assert len(found["errors"]) == 1
    assert found["errors"][0].startswith("petition: healthops_calendar.inspection: 'Mon *-*-1,15 02:00' cannot be")
    assert found["schedules"] == []


@pytest.mark.parametrize(("option", "value"), [("timezone", "Asia/Shanghai; rm"), ("prefix", "")])
def test_bad_options_are_named(option: str, value: str) -> None:
    options = Options(ANCHOR, **{option: value})
    assert [e for e in options.errors() if e.startswith(f"healthops_awx_{option}:")]
