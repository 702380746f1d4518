# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sessions of an Oracle database: sessions and processes against V$RESOURCE_LIMIT, blocking sessions, connected
users by status and type."""

from typing import List, Mapping

from ansible.module_utils.healthops.common.result import ERROR, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    fmt_seconds,
    join_limited,
    pct,
    to_float,
)


def ev_resource_limits(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Sessions and processes of their V$RESOURCE_LIMIT limit.

    UNLIMITED is not graded; reaching the limit since startup is a WARN at least.
    """
    by_name = {str(r.get("resource_name") or "").strip().lower(): r for r in rows["resource_limits"]}
    checks = []
    for resource, title, title_zh in (
        ("sessions", "Sessions of limit", "会话数占用"),
        ("processes", "Processes of limit", "进程数占用"),
    ):
        row = by_name.get(resource)
        subject = Subject(ctx, resource, "sessions", title, title_zh)
        if row is None:
            checks.append(subject.check(ERROR, unit="%", detail=f"{resource} not in V$RESOURCE_LIMIT"))
            continue
        current = to_float(row.get("current_utilization"))
        peak = to_float(row.get("max_utilization"))
        limit_text = str(row.get("limit_value") or "").strip()
        limit = to_float(limit_text)
        if limit_text.upper() == "UNLIMITED" or limit is None or limit <= 0:
            detail = f"{current or 0:.0f} in use, peak {peak or 0:.0f}, no limit"
            checks.append(subject.check(INFO, value=current, threshold="UNLIMITED", detail=detail))
            continue
        detail = f"{current or 0:.0f} of {limit:.0f}, peak since startup {peak or 0:.0f}"
        result = subject.graded(pct(current, limit), "resource_limit", detail)
        if peak is not None and peak >= limit and result["status"] == PASS:
            result["status"] = WARN
            result["detail"] += ": the limit was reached since startup (ORA-00018/ORA-00020)"
        checks.append(result)
    return checks


def ev_blocking(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    blocked = rows["blocking_sessions"]
    blocking = Subject(ctx, "blocking_sessions", "locks", "Sessions blocked by locks", "锁阻塞会话")
    if not blocked:
        return [blocking.nothing_found("oracle_blocked", unit="s", value=0, detail="no session waits on another")]
    waits = sorted(((to_float(r.get("wait_seconds")) or 0.0, r) for r in blocked), key=lambda t: t[0], reverse=True)
    parts = [
        f"sid {r.get('sid')},{r.get('serial#')} ({r.get('username')}) waits {fmt_seconds(w)} "
        f"on '{r.get('event')}' blocked by sid {r.get('blocking_session')}"
        for w, r in waits
    ]
    return [blocking.graded(waits[0][0], "oracle_blocked", f"{len(blocked)} blocked; " + join_limited(parts, 4))]


def ev_connected_users(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """User sessions by status (INFO); sessions KILLED or SNIPED that still hold a slot are a WARN."""
    users = Subject(ctx, "connected_users", "sessions", "Connected users by status and type", "连接用户(按状态与类型)")
    counts = {}
    people = 0
    for row in rows["connected_users"]:
        key = f"{str(row.get('type') or '?').upper()} {str(row.get('status') or '?').upper()}"
        counts[key] = counts.get(key, 0) + int(to_float(row.get("sessions")) or 0)
        if str(row.get("type") or "").upper() == "USER":
            people += int(to_float(row.get("users")) or 0)
    user_sessions = sum(n for k, n in counts.items() if k.startswith("USER "))
    stale = sum(n for k, n in counts.items() if k in ("USER KILLED", "USER SNIPED"))
    detail = f"{user_sessions} user sessions of {people} account(s): " + join_limited(
        (f"{k} {n}" for k, n in sorted(counts.items(), key=lambda item: -item[1])), 8
    )
    if stale:
        detail = f"{stale} KILLED/SNIPED session(s) still hold a slot until their client goes; " + detail
    return [users.check(WARN if stale else INFO, value=user_sessions, unit="sessions", detail=detail)]
