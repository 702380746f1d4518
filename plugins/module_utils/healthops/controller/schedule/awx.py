# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The duty calendar as AWX / Automation Controller objects: job templates and schedules (pure).

The same validated calendar (``calendar.build``) the control node's timers come from: each timer's
``OnCalendar=`` expression becomes an AWX schedule's ``rrule`` (RFC 5545 as AWX accepts it:
``DTSTART;TZID=…`` and one ``RRULE`` with ``INTERVAL``; no several ``BYMONTHDAY``/``BYMONTH``, no
``SECONDLY``, no year-bound rules). An expression AWX cannot hold is refused, naming the system and
the key, rather than approximated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ansible.module_utils.healthops.controller.schedule.calendar import CALENDAR_VAR, Calendar, Run
from ansible.module_utils.healthops.controller.schedule.duties import resolve
from ansible.module_utils.healthops.controller.schedule.oncalendar import CalendarSpec, elapses, parse

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ALL_MONTHS, ALL_DAYS, ALL_WEEK = frozenset(range(1, 13)), frozenset(range(1, 32)), frozenset(range(7))
TIMEZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}\Z")
PREFIX = "healthops"


class RruleError(ValueError):
    """A calendar expression that has no AWX schedule equivalent; the message says why."""


def _months_rule(months: frozenset[int]) -> str:
    """The frequency part for a set of months: every month, one month a year, or every k-th month."""
    if months == ALL_MONTHS:
        return "FREQ=MONTHLY;INTERVAL=1"
    ordered = sorted(months)
    if len(ordered) == 1:
        return f"FREQ=YEARLY;INTERVAL=1;BYMONTH={ordered[0]}"
    step = ordered[1] - ordered[0]
    evenly = all(b - a == step for a, b in zip(ordered, ordered[1:])) and step * len(ordered) == 12
    if not evenly:
        raise RruleError(f"months {','.join(map(str, ordered))} are not evenly spaced over the year")
    # DTSTART falls in the first of them (the first elapse), INTERVAL steps to the others.
    return f"FREQ=MONTHLY;INTERVAL={step}"


def rule_of(spec: CalendarSpec) -> str:
    """The RRULE (without DTSTART) of a parsed calendar expression; RruleError where AWX has none."""
    if spec.years is not None:
        raise RruleError("a rule bound to given years")
    if len(spec.seconds) > 1:
        raise RruleError("several seconds a minute")
    if spec.days == ALL_DAYS:
        if spec.months == ALL_MONTHS:
            parts = ["FREQ=DAILY;INTERVAL=1" if spec.weekdays == ALL_WEEK else "FREQ=WEEKLY;INTERVAL=1"]
        elif len(spec.months) == 1:
            parts = [f"FREQ=DAILY;INTERVAL=1;BYMONTH={min(spec.months)}"]
        else:
            raise RruleError("every day of several months (AWX takes one BYMONTH)")
    else:
        if len(spec.days) != 1:
            raise RruleError("several days of the month (AWX takes one BYMONTHDAY)")
        parts = [_months_rule(spec.months), f"BYMONTHDAY={min(spec.days)}"]
    if spec.weekdays != ALL_WEEK:
        parts.append("BYDAY=" + ",".join(BYDAY[d] for d in sorted(spec.weekdays)))
    if len(spec.hours) > 1 or len(spec.minutes) > 1:
        parts.append("BYHOUR=" + ",".join(map(str, spec.hours)))
        parts.append("BYMINUTE=" + ",".join(map(str, spec.minutes)))
    return ";".join(parts)


def rrule(expression: str, anchor: dt.date, timezone: str) -> str:
    """AWX's ``rrule`` of a calendar expression: DTSTART is its first elapse on or after ``anchor``.

    A fixed anchor keeps the rule the same from one configuration run to the next (no change to
    apply); the times are wall-clock times in ``timezone``, as the timers' are in the node's.
    """
    spec = parse(expression)
    rule = rule_of(spec)
    start = next(elapses(spec, dt.datetime.combine(anchor, dt.time()) - dt.timedelta(seconds=1)), None)
    if start is None:
        raise RruleError(f"no elapse within two years of {anchor}")
    return f"DTSTART;TZID={timezone}:{start:%Y%m%dT%H%M%S} RRULE:{rule}"


@dataclass(frozen=True)
class Options:
    """How the objects are named and timed; ``anchor``: the schedules' DTSTART is on or after it."""

    anchor: dt.date
    timezone: str = "Asia/Shanghai"
    prefix: str = PREFIX

    def errors(self) -> list[str]:
        problems = []
        if not TIMEZONE.match(self.timezone):
            problems.append(f"healthops_awx_timezone: {self.timezone!r} is not a time zone name (Area/City)")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_. -]{0,40}", self.prefix):
            problems.append(f"healthops_awx_prefix: {self.prefix!r} is not a short name")
        return problems


def job_template_name(options: Options, duty: str) -> str:
    return f"{options.prefix} {duty}"


def schedule_name(options: Options, run: Run) -> str:
    return f"{options.prefix} {run.system} {run.duty}"


def _job_template(options: Options, duty: str, playbook: str, extra_vars: dict[str, str], preview: bool) -> dict:
    return {
        "name": job_template_name(options, duty),
        "playbook": f"playbooks/{playbook}",
        "extra_vars": dict(extra_vars),
        # A change duty's scheduled run is its preview, as on the timers; the change itself is
        # launched by hand in its window (job type run) after the plan was approved.
        "job_type": "check" if preview else "run",
        "diff_mode": preview,
        "description": f"{CALENDAR_VAR}.{duty}: playbooks/{playbook}" + (" (preview)" if preview else ""),
    }


def objects(calendar: Calendar, options: Options, playbooks: Iterable[str]) -> dict[str, Any]:
    """{errors, job_templates, schedules} of a validated calendar: one job template per duty, one
    schedule per duty and system (``limit: <system>:localhost``, as the timers' ``--limit``)."""
    playbooks = list(playbooks)
    errors = list(options.errors())
    templates: dict[str, dict] = {}
    schedules: list[dict] = []
    for run in calendar.runs:
        templates.setdefault(run.duty, _job_template(options, run.duty, run.playbook, run.extra_vars, run.preview))
        try:
            rule = rrule(run.on_calendar, options.anchor, options.timezone)
        except RruleError as exc:
            errors.append(
                f"{run.system}: {CALENDAR_VAR}.{run.duty}: {run.on_calendar!r} cannot be an AWX schedule: {exc};"
                " use a cycle word or a simpler expression"
            )
            continue
        schedules.append(
            {
                "name": schedule_name(options, run),
                "job_template": job_template_name(options, run.duty),
                "rrule": rule,
                "limit": f"{run.system}:localhost",
                "description": f"{run.system}: {CALENDAR_VAR}.{run.duty} = {run.on_calendar}",
                "system": run.system,
                "duty": run.duty,
                "on_calendar": run.on_calendar,
            }
        )
    # Duties run by hand (on_change) get a job template too, launched with a limit, never scheduled.
    for _system, key, state, _note in calendar.others:
        duty, present = resolve(key, playbooks)
        if state == "on_change" and duty is not None and present == "scheduled":
            templates.setdefault(key, _job_template(options, key, duty.playbook, duty.extra_vars, duty.preview))
    return {
        "errors": errors,
        "job_templates": [templates[k] for k in sorted(templates)],
        "schedules": sorted(schedules, key=lambda s: s["name"]),
    }
