# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Missed calendar slots: a scheduled duty whose last slot has passed (its window too) with no run
of that duty for that system in the ledger since the slot. Pure: the caller gives the ledger's runs
and the time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ansible.module_utils.healthops.controller.schedule.calendar import Run
from ansible.module_utils.healthops.controller.schedule.oncalendar import parse, previous_elapse

# A run that starts a little before its slot (clock skew, a manual run just ahead) still counts.
EARLY = dt.timedelta(minutes=5)


def _started(run: Mapping[str, Any]) -> dt.datetime | None:
    try:
        moment = dt.datetime.strptime(str(run.get("started")), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None)  # the ledger's local time, as the slots are


def missed(runs: Iterable[Run], ledger_runs: Iterable[Mapping[str, Any]], now: dt.datetime) -> list[dict[str, Any]]:
    """Each scheduled duty whose last finished slot has no run in the ledger: system, duty, slot."""
    starts: dict[tuple[str, str], list[dt.datetime]] = {}
    for row in ledger_runs:
        moment = _started(row)
        if moment is not None and row.get("system") and row.get("duty"):
            starts.setdefault((str(row["system"]), str(row["duty"])), []).append(moment)
    found = []
    for run in runs:
        slot = previous_elapse(parse(run.on_calendar), now - dt.timedelta(minutes=run.window_minutes))
        if slot is None:
            continue
        if not any(moment >= slot - EARLY for moment in starts.get((run.system, run.duty), [])):
            found.append(
                {"system": run.system, "duty": run.duty, "playbook": f"playbooks/{run.playbook}", "slot": slot}
            )
    return found
