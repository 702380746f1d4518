# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL sessions and connections: connection limits, long and idle-in-transaction sessions, locks."""

from typing import List, Mapping, Optional, Tuple

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
from ansible.module_utils.healthops.db.postgres.base import first_row


def ev_connections(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = first_row(rows["connections"])
    used, limit = to_float(row.get("used")), to_float(row.get("max_connections"))
    reserved = to_float(row.get("reserved")) or 0
    value = pct(used, limit)
    detail = (
        f"{used:.0f} of max_connections {limit:.0f} ({reserved:.0f} reserved for superusers)"
        if used is not None and limit
        else ""
    )
    connections = Subject(ctx, "connections", "sessions", "Connections of max_connections", "连接数占用")
    return [connections.graded(value, "resource_limit", detail)]


def ev_database_connections(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    worst_pct: Optional[float] = None
    findings: List[Tuple[float, str]] = []
    limited = 0
    for row in rows["database_connections"]:
        limit = to_float(row.get("datconnlimit"))
        if limit is None or limit < 0:
            continue
        limited += 1
        used = to_float(row.get("used")) or 0
        share = 100.0 if limit == 0 else 100.0 * used / limit
        worst_pct = share if worst_pct is None else max(worst_pct, share)
        findings.append((share, f"{row.get('datname')} {used:.0f}/{limit:.0f}"))
    per_database = Subject(
        ctx, "database_connection_limit", "sessions", "Connections of per-database limits", "数据库连接数限额占用"
    )
    if not limited:
        detail = "no database has a connection limit"
        return [per_database.nothing_found("resource_limit", unit="%", value=None, detail=detail)]
    findings.sort(reverse=True)
    return [per_database.graded(worst_pct, "resource_limit", join_limited((f[1] for f in findings), 8))]


def _longest(items: List[Row], column: str) -> Tuple[Optional[float], List[Row]]:
    timed = [(to_float(r.get(column)) or 0.0, r) for r in items]
    timed.sort(key=lambda t: t[0], reverse=True)
    return (timed[0][0] if timed else None), [r for _, r in timed]


def _session_text(row: Row, column: str) -> str:
    query = " ".join(str(row.get("query") or "").split())[:80]
    who = f"pid {row.get('pid')} {row.get('usename')}@{row.get('datname')}"
    return f"{who} {fmt_seconds(to_float(row.get(column)))}: {query}"


def ev_sessions(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    sessions = rows["sessions"]
    active = [r for r in sessions if r.get("state") == "active"]
    idle_tx = [r for r in sessions if str(r.get("state") or "").startswith("idle in transaction")]
    checks = []
    for items, column, cid, title, title_zh, tid in (
        (active, "query_seconds", "long_queries", "Long-running queries", "长时间运行的查询", "pg_long_query"),
        (
            idle_tx,
            "state_seconds",
            "idle_in_transaction",
            "Sessions idle in transaction",
            "事务中空闲的会话",
            "pg_idle_in_transaction",
        ),
    ):
        longest, ordered = _longest(items, column)
        subject = Subject(ctx, cid, "sessions", title, title_zh)
        if longest is None:
            checks.append(subject.nothing_found(tid, unit="s", value=0, detail="none"))
            continue
        detail = f"{len(ordered)} session(s); " + join_limited((_session_text(r, column) for r in ordered), 3)
        checks.append(subject.graded(longest, tid, detail))
    return checks


def ev_blocking(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    blocked = rows["blocking"]
    blocking = Subject(ctx, "blocking_locks", "locks", "Sessions blocked by locks", "锁阻塞")
    if not blocked:
        return [blocking.nothing_found("pg_blocked", unit="s", value=0, detail="no session waits for another")]
    longest, ordered = _longest(blocked, "wait_seconds")
    parts = [
        f"pid {r.get('pid')} ({r.get('usename')}@{r.get('datname')}) "
        f"waits {fmt_seconds(to_float(r.get('wait_seconds')))} on {r.get('wait_event_type')}/{r.get('wait_event')}, "
        f"blocked by {r.get('blocked_by')}"
        for r in ordered
    ]
    return [blocking.graded(longest, "pg_blocked", f"{len(ordered)} blocked; " + join_limited(parts, 4))]
