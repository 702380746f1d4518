# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL sessions and connections: connection limits, long and idle-in-transaction sessions, locks."""

from typing import List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO
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
    """Slots in use of those ordinary roles may take: max_connections less the reserved ones.

    With every ordinary slot taken, ordinary logins are refused ("remaining connection slots are reserved"):
    FAIL whatever the thresholds.
    """
    row = first_row(rows["connections"])
    used, limit = to_float(row.get("used")), to_float(row.get("max_connections"))
    reserved = (to_float(row.get("reserved")) or 0) + (to_float(row.get("reserved_connections")) or 0)
    connections = Subject(ctx, "connections", "sessions", "Connections of max_connections", "连接数占用")
    if used is None or not limit:
        return [connections.graded(None, "resource_limit")]
    usable = limit - reserved
    detail = (
        f"{used:.0f} in use of {usable:.0f} slots for ordinary roles "
        f"(max_connections {limit:.0f} less {reserved:.0f} reserved)"
    )
    if usable <= 0 or used >= usable:
        result = connections.graded(pct(used, usable) if usable > 0 else None, "resource_limit", detail)
        result.update(status=FAIL, detail="no free slot for ordinary users: " + detail)
        return [result]
    return [connections.graded(pct(used, usable), "resource_limit", detail)]


def ev_database_connections(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    worst_pct: Optional[float] = None
    findings: List[Tuple[float, str]] = []
    closed: List[str] = []
    limited = 0
    for row in rows["database_connections"]:
        limit = to_float(row.get("datconnlimit"))
        if row.get("datallowconn") is False or limit == 0:
            # ALLOW_CONNECTIONS false or CONNECTION LIMIT 0: closed by an administrator, not full.
            closed.append(str(row.get("datname")))
            continue
        if limit is None or limit < 0:
            continue
        limited += 1
        used = to_float(row.get("used")) or 0
        share = 100.0 * used / limit
        worst_pct = share if worst_pct is None else max(worst_pct, share)
        findings.append((share, f"{row.get('datname')} {used:.0f}/{limit:.0f}"))
    per_database = Subject(
        ctx, "database_connection_limit", "sessions", "Connections of per-database limits", "数据库连接数限额占用"
    )
    checks = [closed_databases_check(closed, ctx)] if closed else []
    if not limited:
        detail = "no database has a connection limit"
        return [per_database.nothing_found("resource_limit", unit="%", value=None, detail=detail)] + checks
    findings.sort(reverse=True)
    return [per_database.graded(worst_pct, "resource_limit", join_limited((f[1] for f in findings), 8))] + checks


def closed_databases_check(closed: List[str], ctx: EvalContext) -> Check:
    """INFO naming the databases closed on purpose (not inspected database by database)."""
    subject = Subject(ctx, "database_closed", "sessions", "Databases closed to connections", "已关闭连接的数据库")
    detail = "closed on purpose (CONNECTION LIMIT 0 or ALLOW_CONNECTIONS false), not inspected: " + join_limited(
        closed, 8
    )
    return subject.check(INFO, value=len(closed), detail=detail)


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
    in_tx = [r for r in sessions if r.get("xact_seconds") is not None]
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
        # Timed from xact_start: a transaction running many short statements is old though never idle long.
        (in_tx, "xact_seconds", "long_transactions", "Long-running transactions", "长事务", "pg_transaction_age"),
    ):
        longest, ordered = _longest(items, column)
        subject = Subject(ctx, cid, "sessions", title, title_zh)
        if longest is None:
            checks.append(subject.nothing_found(tid, unit="s", value=0, detail="none"))
            continue
        detail = f"{len(ordered)} session(s); " + join_limited((_session_text(r, column) for r in ordered), 3)
        checks.append(subject.graded(longest, tid, detail))
    return checks


def _blockers(row: Row) -> str:
    """The blocking pids, a prepared transaction (pid 0 to pg_blocking_pids) named by its gid."""
    gids = [f"prepared transaction {g}" for g in (row.get("blocking_gids") or [])]
    pids = [str(p) for p in (row.get("blocked_by") or []) if str(p) != "0"]
    if not gids and any(str(p) == "0" for p in (row.get("blocked_by") or [])):
        gids = ["a prepared transaction"]
    return ", ".join(["pid " + p for p in pids] + gids) or "?"


def ev_blocking(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    blocked = rows["blocking"]
    blocking = Subject(ctx, "blocking_locks", "locks", "Sessions blocked by locks", "锁阻塞")
    if not blocked:
        return [blocking.nothing_found("pg_blocked", unit="s", value=0, detail="no session waits for another")]
    longest, ordered = _longest(blocked, "wait_seconds")
    parts = [
        f"pid {r.get('pid')} ({r.get('usename')}@{r.get('datname')}) "
        f"waits {fmt_seconds(to_float(r.get('wait_seconds')))} on {r.get('wait_event_type')}/{r.get('wait_event')}, "
        f"blocked by {_blockers(r)}"
        for r in ordered
    ]
    return [blocking.graded(longest, "pg_blocked", f"{len(ordered)} blocked; " + join_limited(parts, 4))]
