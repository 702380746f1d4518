# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stored record: earlier report.json files of the same duty under the report directory.

The one place the report package reads files; :mod:`healthops.report.changes` and
:mod:`healthops.report.trends` compare and chart what this returns.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping
from typing import Any

# Earlier runs read at most: first-seen dates look back this far; charts take the newest of them.
MAX_RUNS = 104


def _read_report(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("run"), dict) or not isinstance(data.get("hosts"), list):
        return None
    return data


def run_time(report: Mapping[str, Any]) -> datetime.datetime | None:
    """When a run took place, as its report says (started, else generated); None when it does not say."""
    run = report.get("run") or {}
    try:
        when = datetime.datetime.fromisoformat(str(run.get("started") or run.get("generated") or ""))
    except ValueError:
        return None
    # A time without an offset is the controller's local time.
    return when if when.tzinfo else when.astimezone()


def earlier_reports(report_dir: str, current: Mapping[str, Any], limit: int = MAX_RUNS) -> list[dict[str, Any]]:
    """Earlier reports of the current run's duty, oldest first, at most ``limit`` (the newest of them).

    A report of another duty, of the same run id, of no earlier time or unreadable is
    left out. Only the run directories' ``report.json`` files are read.
    """
    run = current["run"]
    duty, run_id, now = run.get("duty"), run.get("run_id"), run_time(current)
    try:
        entries = [e for e in os.scandir(report_dir) if e.is_dir(follow_symlinks=False) and e.name != run_id]
    except OSError:
        return []
    found: list[tuple[datetime.datetime, dict[str, Any]]] = []
    for entry in entries:
        report = _read_report(os.path.join(entry.path, "report.json"))
        if report is None or report["run"].get("duty") != duty:
            continue
        when = run_time(report)
        if when and (not now or when < now):
            found.append((when, report))
    found.sort(key=lambda pair: pair[0])
    return [report for _when, report in found[-limit:]] if limit > 0 else []
