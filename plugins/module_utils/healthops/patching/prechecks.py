# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pre-checks that stop a host before a patch round changes anything (pure; Python >= 3.6).

Each returns one check (``healthops.common.result``); a FAIL or ERROR blocks the host.
"""

from __future__ import absolute_import, division, print_function

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, make_check

__metaclass__ = type

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BLOCKING = (FAIL, ERROR)
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def _check(check_id: str, title: str, title_zh: str, status: str, value: Any, threshold: Any, unit: str, detail: str):
    return make_check(check_id, "patch", title, title_zh, status, value, threshold, unit, detail)


def space_check(path: str, free_mb: Optional[float], minimum_mb: float) -> Dict[str, Any]:
    """patch.space:<path>: free space against the round's minimum (None: the path does not exist)."""
    title, title_zh = "Free space %s" % path, "可用空间 %s" % path
    limit = ">=%g MB" % minimum_mb
    if free_mb is None:
        status, value, detail = INFO, None, "%s does not exist" % path
    else:
        status = PASS if free_mb >= minimum_mb else FAIL
        value = round(free_mb)
        detail = "%.0f MB free" % free_mb + ("" if status == PASS else ", below the %g MB a round needs" % minimum_mb)
    return _check("patch.space:%s" % path, title, title_zh, status, value, limit, "MB", detail)


_TZ = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def epoch_of(value: Any) -> Optional[float]:
    """The backup status file's times: epoch seconds or ISO 8601 (``2024-05-01T02:13:00+08:00``, ``Z``)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "T", 1)
    zone = _TZ.search(text)
    offset = None
    if zone:
        text = text[: zone.start()]
        sign = zone.group(1)
        if sign == "Z":
            offset = timezone.utc
        else:
            digits = sign[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            offset = timezone(delta if sign[0] == "+" else -delta)
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return (parsed.replace(tzinfo=offset) if offset else parsed).timestamp()
    return None


def backup_check(text: Optional[str], path: str, max_age_hours: float, now: float) -> Dict[str, Any]:
    """patch.backup: a successful database backup younger than ``max_age_hours``, from the db_backup status file.

    ``text`` None means the file is absent, which blocks a database host: no backup has reported.
    """
    title, title_zh, limit = "Database backup before patching", "补丁前数据库备份", "<=%g h" % max_age_hours
    if text is None:
        return _check("patch.backup", title, title_zh, FAIL, None, limit, "h", "%s not found: no backup" % path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        return _check("patch.backup", title, title_zh, ERROR, None, limit, "h", "%s: %s" % (path, exc))
    if not isinstance(data, dict):
        return _check("patch.backup", title, title_zh, ERROR, None, limit, "h", "%s: not a JSON object" % path)
    success = epoch_of(data.get("last_success"))
    if success is None and str(data.get("status", "")).lower() in ("success", "ok", "succeeded"):
        success = epoch_of(data.get("finished"))
    if success is None:
        return _check("patch.backup", title, title_zh, FAIL, None, limit, "h", "no successful backup in %s" % path)
    hours = round(max(0.0, now - success) / 3600.0, 1)
    status = PASS if hours <= max_age_hours else FAIL
    detail = "last successful backup %.1f h ago" % hours
    return _check("patch.backup", title, title_zh, status, hours, limit, "h", detail)


def _minutes(text: str) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def window_errors(window: Dict[str, Any]) -> List[str]:
    """What is wrong with a declared window ({days: [mon..sun], start: HH:MM, end: HH:MM})."""
    errors = []
    for key in ("start", "end"):
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", str(window.get(key, ""))):
            errors.append("%s must be HH:MM, not %r" % (key, window.get(key)))
    bad = [d for d in window.get("days") or [] if str(d).lower()[:3] not in DAYS]
    if bad:
        errors.append("days must be among %s, not %s" % (", ".join(DAYS), bad))
    return errors


def in_window(window: Dict[str, Any], weekday: int, minute_of_day: int) -> bool:
    """Whether a local time (weekday 0 = Monday) is inside the window; a window past midnight
    belongs to the day it starts on (sat 22:00-06:00 holds Sunday 05:00)."""
    start, end = _minutes(window["start"]), _minutes(window["end"])
    days = [DAYS.index(str(d).lower()[:3]) for d in window.get("days") or []] or list(range(7))
    if start < end:
        return weekday in days and start <= minute_of_day < end
    if minute_of_day >= start:
        return weekday in days
    return minute_of_day < end and (weekday - 1) % 7 in days


def window_check(
    window: Optional[Dict[str, Any]], forced: bool, weekday: int, minute_of_day: int, proposal: bool = False
) -> Dict[str, Any]:
    """patch.window: inside the declared maintenance window, or forced; no window declared is no limit.

    A proposal (check mode) is written days before the round, so there the window is stated, not
    enforced: INFO with the window as its value; a malformed window is an ERROR either way.
    """
    title, title_zh = "Maintenance window", "维护窗口"
    now = "%s %02d:%02d" % (DAYS[weekday], minute_of_day // 60, minute_of_day % 60)
    if not window:
        return _check("patch.window", title, title_zh, INFO, now, None, "", "no maintenance window declared")
    errors = window_errors(window)
    text = "%s %s-%s" % (",".join(window.get("days") or ["daily"]), window.get("start"), window.get("end"))
    if errors:
        return _check("patch.window", title, title_zh, ERROR, now, text, "", "; ".join(errors))
    if proposal:
        detail = "the round runs inside this window (host time)" + (", or outside it when forced" if forced else "")
        return _check("patch.window", title, title_zh, INFO, text, None, "", detail)
    if in_window(window, weekday, minute_of_day):
        return _check("patch.window", title, title_zh, PASS, now, text, "", "inside the window")
    if forced:
        return _check("patch.window", title, title_zh, INFO, now, text, "", "outside the window, forced")
    return _check(
        "patch.window", title, title_zh, FAIL, now, text, "", "outside the window (patching_force to override)"
    )


def control_node_check(
    connection: str, inventory_hostname: str, host_machine_id: str, controller_machine_id: str
) -> Dict[str, Any]:
    """patch.control_node: a round never patches or reboots the machine running Ansible."""
    title, title_zh = "Not the control node", "非控制节点"
    reasons = []
    if connection == "local":
        reasons.append("connection is local")
    if inventory_hostname in LOCAL_NAMES:
        reasons.append("host is %s" % inventory_hostname)
    if host_machine_id and host_machine_id == controller_machine_id:
        reasons.append("same machine-id as the controller")
    if reasons:
        return _check("patch.control_node", title, title_zh, FAIL, inventory_hostname, None, "", "; ".join(reasons))
    return _check("patch.control_node", title, title_zh, PASS, inventory_hostname, None, "", "a managed host")


def inspection_check(source: str, failures: Optional[List[str]]) -> Dict[str, Any]:
    """patch.inspection: the host's latest inspection (``source``, its report) has no FAIL; ``failures``
    None means the host is not in that report (or there is none), which blocks as well."""
    title, title_zh = "Latest inspection", "最近一次巡检"
    if failures is None:
        why = "no inspection of this host in %s" % source if source else "no inspection report found"
        return _check("patch.inspection", title, title_zh, FAIL, None, "no FAIL", "", why)
    if failures:
        why = "%d FAIL in %s: %s" % (len(failures), source, ", ".join(failures[:10]))
        return _check("patch.inspection", title, title_zh, FAIL, len(failures), "no FAIL", "", why)
    return _check("patch.inspection", title, title_zh, PASS, 0, "no FAIL", "", "no FAIL in %s" % source)


def approval_check(source: str, approved: Optional[Dict[str, str]]) -> Dict[str, Any]:
    """patch.approval: the host is in the approved proposal (``source``, its report); ``approved`` None means
    it is not (or there is no such report), which blocks the host: nothing unapproved is installed."""
    title, title_zh = "Approved proposal", "已批准的补丁方案"
    if approved is None:
        why = "host not in the approved proposal %s" % source if source else "no approved proposal found"
        return _check("patch.approval", title, title_zh, FAIL, None, None, "", why)
    detail = "%d package(s) approved in %s; the round installs only those, at those versions" % (len(approved), source)
    return _check("patch.approval", title, title_zh, PASS, len(approved), None, "", detail)


def blocked(checks: List[Dict[str, Any]]) -> List[str]:
    """The ids and reasons of the checks that stop the round on this host."""
    return ["%s: %s" % (c["id"], c["detail"]) for c in checks if c["status"] in BLOCKING]
