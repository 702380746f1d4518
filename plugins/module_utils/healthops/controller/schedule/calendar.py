# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The duty calendar of each system, validated, as the runs the control node schedules.

Input is the inventory as Ansible resolves it: each host's ``healthops_system``,
``healthops_calendar`` (duty -> cycle word or systemd calendar expression, plus targets such as
``password_rotation_days``) and ``healthops_schedule_times`` (duty -> ``at`` time of day, ``day``,
``window_minutes``: how long a run may last). Every message names the system and the key. Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ansible.module_utils.healthops.controller.schedule.duties import (
    NO_TIMER_VALUES,
    ON_HOSTS,
    Duty,
    is_target,
    resolve,
)
from ansible.module_utils.healthops.controller.schedule.oncalendar import WEEKDAYS, CalendarError, elapses, parse

CALENDAR_VAR, TIMES_VAR = "healthops_calendar", "healthops_schedule_times"
# Cycle words (the report names them: labels.CYCLE_WORDS) and the months they run in.
CYCLE_MONTHS = {"monthly": "*", "quarterly": "01,04,07,10", "semiannual": "01,07", "yearly": "01"}
TIME_KEYS = {"at", "day", "window_minutes"}
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
# Overlaps are looked for over this many days of elapses, at most this many elapses per duty.
HORIZON_DAYS, MAX_ELAPSES = 800, 4000


@dataclass(frozen=True)
class Run:
    """One scheduled duty of one system: a timer and its service."""

    system: str
    duty: str
    playbook: str
    on_calendar: str
    window_minutes: int
    extra_vars: dict[str, str] = field(default_factory=dict)
    preview: bool = False

    @property
    def unit(self) -> str:
        return f"healthops-{self.system}-{self.duty}".replace("_", "-")

    @property
    def lock(self) -> str:
        """Runs of the same playbook for the same system share a lock: they never overlap."""
        return f"{self.system}-{self.playbook.removesuffix('.yml')}"


@dataclass
class Calendar:
    runs: list[Run] = field(default_factory=list)
    # (system, duty, state, note) of the calendar keys given no timer: planned, on hosts, with inspection.
    others: list[tuple[str, str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def systems_of(hostvars: Iterable[Mapping[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """system -> {calendar, times, hosts} from each host's variables; errors where hosts disagree."""
    systems: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for hv in hostvars:
        system = hv.get("healthops_system")
        if not system:
            continue
        host = hv.get("inventory_hostname", "?")
        mine = {"calendar": dict(hv.get(CALENDAR_VAR) or {}), "times": dict(hv.get(TIMES_VAR) or {})}
        seen = systems.setdefault(str(system), {**mine, "hosts": []})
        for key, var in (("calendar", CALENDAR_VAR), ("times", TIMES_VAR)):
            if seen[key] != mine[key]:
                errors.append(
                    f"{system}: {var} of host {host} differs from host {seen['hosts'][0]}'s;"
                    f" set it once, in group_vars/{system}/"
                )
        seen["hosts"].append(host)
    return systems, errors


def _at(value: Any, where: str) -> tuple[str, str | None]:
    text = str(value)
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if not match:
        return "", f"{where}.at: {text!r} is not a time of day HH:MM"
    return f"{int(match.group(1)):02d}:{match.group(2)}:00", None


def _day(cycle: str, value: Any, where: str) -> tuple[str, str | None]:
    text = str(value)
    if cycle == "weekly":
        if text.lower()[:3] not in WEEKDAYS or len(text) < 3:
            return "", f"{where}.day: {text!r} is not a weekday (Mon..Sun) for a weekly duty"
        return text[:3].capitalize(), None
    if not text.isdigit() or not 1 <= int(text) <= 28:
        return "", f"{where}.day: {text!r} is not a day of the month 1..28 (every month has it)"
    return f"{int(text):02d}", None


def expression_of(cycle: str, duty: Duty, times: Mapping[str, Any], where: str) -> tuple[str, list[str]]:
    """The OnCalendar expression of a calendar value with its time of day and day; errors instead."""
    errors: list[str] = []
    at, error = _at(times.get("at", duty.at), f"{TIMES_VAR}.{where}")
    errors += [error] if error else []
    if cycle == "daily":
        expression = f"*-*-* {at}"
    elif cycle == "weekly":
        day, error = _day(
            cycle, times.get("day", duty.day if not duty.day.isdigit() else "Mon"), f"{TIMES_VAR}.{where}"
        )
        errors += [error] if error else []
        expression = f"{day} *-*-* {at}"
    elif cycle in CYCLE_MONTHS:
        day, error = _day(cycle, times.get("day", duty.day if duty.day.isdigit() else "1"), f"{TIMES_VAR}.{where}")
        errors += [error] if error else []
        expression = f"*-{CYCLE_MONTHS[cycle]}-{day} {at}"
    else:
        # A systemd calendar expression: it says its own times; schedule_times may add a window only.
        stray = sorted({"at", "day"} & set(times))
        if stray:
            errors.append(f"{TIMES_VAR}.{where}: {', '.join(stray)} apply to cycle words only, not to {cycle!r}")
        expression = cycle
        try:
            parse(expression)
        except CalendarError as exc:
            errors.append(f"{CALENDAR_VAR}.{where}: {cycle!r} is neither a cycle word nor a calendar expression: {exc}")
    return expression, errors


def _window(times: Mapping[str, Any], duty: Duty, where: str) -> tuple[int, list[str]]:
    value = times.get("window_minutes", duty.window_minutes)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7 * 24 * 60:
        return duty.window_minutes, [f"{TIMES_VAR}.{where}.window_minutes: {value!r} is not 1..10080 minutes"]
    return value, []


def _entry(system: str, key: str, value: Any, times: Any, playbooks: Iterable[str], cal: Calendar) -> None:
    """Judge one calendar key of a system; add its run, its note or its errors to ``cal``."""
    where = f"{system}: {CALENDAR_VAR}.{key}"
    if not NAME.match(key):
        cal.errors.append(f"{where}: a duty name is lower-case letters, digits and _")
        return
    if is_target(key):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            cal.errors.append(f"{where}: {value!r} is not a whole number of {key.rsplit('_', 1)[1]}")
        return
    duty, state = resolve(key, playbooks)
    if duty is None:
        cal.errors.append(f"{where}: unknown duty (no entry in the duty table, no playbooks/{key}.yml)")
        return
    if times is not None and not isinstance(times, Mapping):
        cal.errors.append(f"{system}: {TIMES_VAR}.{key}: a mapping of {', '.join(sorted(TIME_KEYS))}")
        return
    times = times or {}
    unknown = sorted(set(times) - TIME_KEYS)
    if unknown:
        cal.errors.append(
            f"{system}: {TIMES_VAR}.{key}: unknown {', '.join(unknown)} (known: {', '.join(sorted(TIME_KEYS))})"
        )
    cycle = str(value).strip()
    if cycle in NO_TIMER_VALUES:
        cal.others.append((system, key, cycle, NO_TIMER_VALUES[cycle]))
        return
    expression, errors = expression_of(cycle, duty, times, f"{key}")
    window, window_errors = _window(times, duty, key)
    cal.errors += [f"{system}: {e}" for e in errors + window_errors]
    if errors or window_errors:
        return
    if duty.runs == ON_HOSTS:
        cal.others.append((system, key, ON_HOSTS, f"on the hosts, by the job playbooks/{duty.playbook} installs"))
    elif state == "planned":
        cal.others.append((system, key, "planned", f"playbooks/{duty.playbook} is not in the checkout yet"))
    else:
        cal.runs.append(Run(system, key, duty.playbook, expression, window, dict(duty.extra_vars), duty.preview))


def overlaps(runs: list[Run], start: dt.datetime) -> list[str]:
    """Runs of one system's playbook (one lock) that would start before the previous one's window ends."""
    errors: list[str] = []
    by_lock: dict[str, list[tuple[dt.datetime, Run]]] = {}
    for run in runs:
        moments = elapses(parse(run.on_calendar), start, HORIZON_DAYS)
        by_lock.setdefault(run.lock, []).extend((m, run) for _, m in zip(range(MAX_ELAPSES), moments))
    for _lock, moments in sorted(by_lock.items()):
        moments.sort(key=lambda item: item[0])
        for (first, a), (second, b) in zip(moments, moments[1:]):
            if second < first + dt.timedelta(minutes=a.window_minutes):
                what = f"{CALENDAR_VAR}.{a.duty}" + (f" and {CALENDAR_VAR}.{b.duty}" if b.duty != a.duty else "")
                errors.append(
                    f"{a.system}: {what}: runs of playbooks/{a.playbook} overlap ({first:%Y-%m-%d %H:%M} lasts up to"
                    f" {a.window_minutes} min, next at {second:%Y-%m-%d %H:%M}); move one or shorten"
                    f" {TIMES_VAR}.{a.duty}.window_minutes"
                )
                break
    return errors


def build(systems: Mapping[str, Mapping[str, Any]], playbooks: Iterable[str], start: dt.datetime) -> Calendar:
    """Every system's calendar judged, its timers listed; ``start``: from when overlaps are looked for."""
    playbooks = list(playbooks)
    cal = Calendar()
    for system in sorted(systems):
        if not NAME.match(system):
            cal.errors.append(f"{system}: healthops_system must be lower-case letters, digits and _")
            continue
        calendar, times = systems[system].get("calendar") or {}, systems[system].get("times") or {}
        if not isinstance(calendar, Mapping) or not isinstance(times, Mapping):
            cal.errors.append(f"{system}: {CALENDAR_VAR} and {TIMES_VAR} must be mappings")
            continue
        for key in sorted(set(times) - set(calendar)):
            cal.errors.append(f"{system}: {TIMES_VAR}.{key}: no {CALENDAR_VAR}.{key} to time")
        for key, value in sorted(calendar.items()):
            _entry(system, str(key), value, times.get(key), playbooks, cal)
    cal.errors += overlaps(cal.runs, start)
    return cal
