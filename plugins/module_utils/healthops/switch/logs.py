# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch log evaluation (pure): which entries of the log buffer are new since the last run, and
the ``switch.log`` check grading them (WARN at warning, FAIL at critical or worse).

Part of the switch evaluation (:mod:`healthops.switch.evaluate`), which calls it and keeps the
fingerprints it returns in the switch's state. Nothing here does I/O.
"""

from __future__ import absolute_import, division, print_function

import datetime
import hashlib
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN, make_check

__metaclass__ = type

# On the first run there is no log position yet: entries this recent (device clock,
# relative to the newest entry) are graded, older ones become the baseline.
FIRST_RUN_LOG_HOURS = 24
LOG_MIN_SEVERITY = 4  # syslog warning; 0 is emergency
LOG_FAIL_SEVERITY = 2  # critical, alert, emergency
MAX_LISTED = 20  # entries (and, in evaluate, ports) named in one check's detail


def fingerprint(entry: Dict[str, Any]) -> str:
    """A stable id for one log line (the device prints the same line the same way every time)."""
    return hashlib.sha1(entry["raw"].strip().encode("utf-8", "replace")).hexdigest()[:16]  # noqa: S324 - an id, not security


def _parse_time(text: Optional[str]) -> Optional[datetime.datetime]:
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def select_new_logs(
    logs: List[Dict[str, Any]], previous: Optional[Dict[str, Any]]
) -> Tuple[List[Dict[str, Any]], Dict[str, int], bool]:
    """Entries at WARNING or above that were not in the buffer at the last run.

    The buffer's lines are remembered by fingerprint (with a count, for lines
    repeated verbatim), so neither a missing year nor a device clock that is off
    makes an old line new. Without a previous run, entries within
    FIRST_RUN_LOG_HOURS of the newest entry are new. Returns the new entries,
    the fingerprints to keep and whether this was the first run.
    """
    relevant = [e for e in logs if e["severity"] <= LOG_MIN_SEVERITY]
    seen_now: Dict[str, int] = {}
    for entry in relevant:
        fp = fingerprint(entry)
        seen_now[fp] = seen_now.get(fp, 0) + 1
    first_run = not previous or previous.get("log_seen") is None
    if first_run:
        times = [t for t in (_parse_time(e.get("time")) for e in logs) if t is not None]
        newest = max(times) if times else None
        new = []
        for entry in relevant:
            when = _parse_time(entry.get("time"))
            if newest is None or when is None or when >= newest - datetime.timedelta(hours=FIRST_RUN_LOG_HOURS):
                new.append(entry)
        return new, seen_now, True
    before = dict((previous or {}).get("log_seen") or {})
    new = []
    for entry in relevant:
        fp = fingerprint(entry)
        if before.get(fp, 0) > 0:
            before[fp] -= 1
        else:
            new.append(entry)
    return new, seen_now, False


def evaluate_logs(new_entries: List[Dict[str, Any]], first_run: bool, total: int) -> Dict[str, Any]:
    """The ``switch.log`` check listing the new entries at WARNING or above."""
    worst_seen = min([e["severity"] for e in new_entries] or [7])
    if not new_entries:
        status = PASS
    elif worst_seen <= LOG_FAIL_SEVERITY:
        status = FAIL
    else:
        status = WARN
    lines = [
        "[%s] %s %s %s" % (e["severity_name"], e.get("time") or "", e["source"], e["message"]) for e in new_entries
    ]
    if len(lines) > MAX_LISTED:
        lines = [*lines[:MAX_LISTED], "... and %d more" % (len(lines) - MAX_LISTED)]
    scope = (
        "first run: entries of the last %d h of the log (%d lines read)" % (FIRST_RUN_LOG_HOURS, total)
        if first_run
        else "since the last run (%d lines read)" % total
    )
    detail = scope + (": " + "; ".join(lines) if lines else ": none at warning or above")
    return log_check(status, len(new_entries), "warning: WARN, critical: FAIL", "entries", detail)


def log_check(status: str, value: Optional[int], threshold: str, unit: str, detail: str) -> Dict[str, Any]:
    """The ``switch.log`` check."""
    return make_check(
        check_id="switch.log",
        category="log",
        title="Switch log (warning and above)",
        title_zh="交换机日志(警告及以上)",
        status=status,
        value=value,
        threshold=threshold,
        unit=unit,
        detail=detail,
    )
