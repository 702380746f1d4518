# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monthly and annual summaries' counting: each scheduled duty's slots in a period (from the same
calendar the timers are built from, controller.schedule), the ledger's runs against them, the slots
missed, and how long each FAIL stayed open across stored reports. Pure: the caller reads the ledger,
the inventory and the report files and gives the time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL
from ansible.module_utils.healthops.controller.schedule.calendar import Run
from ansible.module_utils.healthops.controller.schedule.missed import EARLY, _started
from ansible.module_utils.healthops.controller.schedule.oncalendar import elapses, parse


def period(month: str | None = None, year: str | None = None) -> tuple[dt.datetime, dt.datetime, str]:
    """The period [start, end) and its label for ``--month YYYY-MM`` or ``--year YYYY``."""
    if month:
        start = dt.datetime.strptime(month, "%Y-%m")
        end = dt.datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, end, f"{start:%Y-%m}"
    if year:
        start = dt.datetime(int(year), 1, 1)
        return start, dt.datetime(start.year + 1, 1, 1), f"{start:%Y}"
    raise ValueError("give a month (YYYY-MM) or a year (YYYY)")


def slots(run: Run, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The times ``run``'s timer elapses in [start, end)."""
    days = (end - start).days + 1
    found = []
    for moment in elapses(parse(run.on_calendar), start - dt.timedelta(microseconds=1), days):
        if moment >= end:
            break
        found.append(moment)
    return found


def duty_rows(
    runs: Iterable[Run],
    ledger_runs: Iterable[Mapping[str, Any]],
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """Per scheduled duty: slots expected in the period, runs done (check-mode previews not counted),
    their outcomes, and the slots missed: a slot whose window has passed with no run between it
    (less EARLY) and the next slot. Slots still to come are counted as expected but not as missed."""
    starts: dict[tuple[str, str], list[tuple[dt.datetime, str]]] = {}
    for row in ledger_runs:
        moment = _started(row)
        if moment is None or not row.get("system") or not row.get("duty") or row.get("check_mode"):
            continue
        starts.setdefault((str(row["system"]), str(row["duty"])), []).append((moment, str(row.get("outcome") or "")))
    rows = []
    for run in sorted(runs, key=lambda r: (r.system, r.duty)):
        expected = slots(run, start, end)
        mine = sorted(starts.get((run.system, run.duty), []))
        done = [(m, o) for m, o in mine if start <= m < end]
        missed = []
        for i, slot in enumerate(expected):
            if slot + dt.timedelta(minutes=run.window_minutes) > now:
                continue
            following = expected[i + 1] if i + 1 < len(expected) else end
            if not any(slot - EARLY <= m < following - EARLY for m, _ in mine):
                missed.append(slot)
        outcomes: dict[str, int] = {}
        for _, outcome in done:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        rows.append(
            {
                "scheduled": True,
                "system": run.system,
                "duty": run.duty,
                "playbook": run.playbook,
                "expected": len(expected),
                "due": sum(1 for s in expected if s + dt.timedelta(minutes=run.window_minutes) <= now),
                "done": len(done),
                "outcomes": outcomes,
                "missed": missed,
            }
        )
    # Duties run with no timer (patch rounds on change, drills planned by hand): done, nothing expected.
    scheduled = {(r["system"], r["duty"]) for r in rows}
    for (system, duty), mine in sorted(starts.items()):
        done = [o for m, o in mine if start <= m < end]
        if (system, duty) in scheduled or not done:
            continue
        outcomes = {o: done.count(o) for o in sorted(set(done))}
        rows.append(
            {
                "scheduled": False,
                "system": system,
                "duty": duty,
                "playbook": "",
                "expected": None,
                "due": None,
                "done": len(done),
                "outcomes": outcomes,
                "missed": [],
            }
        )
    return sorted(rows, key=lambda r: (r["system"], r["duty"]))


def fail_spans(reports: Iterable[tuple[dt.datetime, str, str, Iterable[tuple[str, str]]]]) -> list[dict[str, Any]]:
    """How long each FAIL stayed open: ``reports`` are (time, system, duty, the (host, check id) pairs
    that were FAIL) of the successive stored reports. A FAIL opens at the first report that has it and
    closes at the first later report of the same system and duty that has not (a report of another
    duty did not look); one still open has no close."""
    open_: dict[tuple[str, str, str, str], dt.datetime] = {}
    spans = []
    for moment, system, duty, fails in sorted(reports, key=lambda r: (r[0], r[1], r[2])):
        now_failing = {(system, duty, host, check) for host, check in fails}
        for key in sorted(k for k in open_ if k[:2] == (system, duty) and k not in now_failing):
            spans.append(_span(key, open_.pop(key), moment))
        for key in sorted(now_failing):
            open_.setdefault(key, moment)
    spans.extend(_span(key, opened, None) for key, opened in sorted(open_.items()))
    return sorted(spans, key=lambda s: (s["system"], s["opened"], s["host"], s["check"], s["duty"]))


def _span(key: tuple[str, str, str, str], opened: dt.datetime, closed: dt.datetime | None) -> dict[str, Any]:
    system, duty, host, check = key
    days = None if closed is None else round((closed - opened).total_seconds() / 86400, 1)
    return {
        "system": system,
        "duty": duty,
        "host": host,
        "check": check,
        "opened": opened,
        "closed": closed,
        "days_open": days,
    }


def fails_in(spans: Iterable[Mapping[str, Any]], start: dt.datetime, end: dt.datetime) -> dict[str, dict[str, int]]:
    """Per system: FAILs opened and closed in [start, end), and those open at its end."""
    out: dict[str, dict[str, int]] = {}
    for span in spans:
        row = out.setdefault(span["system"], {"opened": 0, "closed": 0, "open_at_end": 0})
        row["opened"] += start <= span["opened"] < end
        row["closed"] += span["closed"] is not None and start <= span["closed"] < end
        row["open_at_end"] += span["opened"] < end and (span["closed"] is None or span["closed"] >= end)
    return out


def report_fails(report: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per system of a stored report.json, its (host, check id) pairs that are FAIL (every system the
    report covers is named, also one with none: a FAIL it no longer has is closed)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for host in report.get("hosts") or []:
        pairs = out.setdefault(str(host.get("system") or ""), [])
        for check in host.get("checks") or []:
            if check.get("status") == FAIL:
                pairs.append((str(host.get("host")), str(check.get("id"))))
    return out


def build_summary(
    runs: Iterable[Run],
    ledger_runs: Iterable[Mapping[str, Any]],
    reports: Iterable[tuple[dt.datetime, Mapping[str, Any]]],
    start: dt.datetime,
    end: dt.datetime,
    label: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """The summary of a period: per system its duties against the calendar and its FAILs.
    ``reports`` are (run time, naive local) and the stored report.json of every run up to ``end``."""
    ledger_runs = list(ledger_runs)
    rows = duty_rows(runs, ledger_runs, start, end, now)
    history = [
        (moment, system, str((report.get("run") or {}).get("duty") or ""), pairs)
        for moment, report in reports
        if moment < end
        for system, pairs in report_fails(report).items()
        if system
    ]
    spans = fail_spans(history)
    counts = fails_in(spans, start, end)
    systems: dict[str, dict[str, Any]] = {}
    for row in rows:
        systems.setdefault(row["system"], {"system": row["system"], "duties": [], "fails": None})["duties"].append(row)
    for system, count in counts.items():
        systems.setdefault(system, {"system": system, "duties": [], "fails": None})["fails"] = count
    empty = {"opened": 0, "closed": 0, "open_at_end": 0}
    for entry in systems.values():
        entry["fails"] = entry["fails"] or dict(empty)
    in_period = [s for s in spans if s["opened"] < end and (s["closed"] is None or s["closed"] >= start)]
    return {
        "period": label,
        "start": start,
        "end": end,
        "generated": now,
        "systems": [systems[name] for name in sorted(systems)],
        "fail_spans": in_period,
        "totals": {
            "expected": sum(r["expected"] or 0 for r in rows),
            "due": sum(r["due"] or 0 for r in rows),
            "done": sum(r["done"] for r in rows),
            "missed": sum(len(r["missed"]) for r in rows),
            "ledger_runs": sum(1 for r in ledger_runs if not r.get("check_mode") and _within(r, start, end)),
        },
    }


def _within(row: Mapping[str, Any], start: dt.datetime, end: dt.datetime) -> bool:
    moment = _started(row)
    return moment is not None and start <= moment < end
