# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluation of ``postgres_probe``: pure functions from catalogue rows to checks.

Each function takes ``rows`` (statement name -> list of row dicts, column
names as in healthops.db.postgres.sql) and an ``EvalContext`` and returns checks.
``EVALUATORS`` binds them to statements and profiles; ``POSTGRES_THRESHOLDS``
is the threshold catalogue (the shared defaults of DESIGN.md plus the
PostgreSQL-specific ids), validated with healthops_thresholds.validate_thresholds.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, grade, threshold_text
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.db.common import (
    Check,
    EvalContext,
    Evaluator,
    Row,
    TlsPlan,
    add_sample,
    check,
    fmt_bytes,
    fmt_seconds,
    graded,
    growth_per_day,
    join_limited,
    parse_quantity,
    pct,
    review_parameters,
    tls_error_cause,
    tls_status,
    to_float,
)

PREFIX = "pg"

POSTGRES_THRESHOLDS: Dict[str, Dict[str, Any]] = {
    "resource_limit": dict(DEFAULT_THRESHOLDS["resource_limit"]),
    "pg_connect_time": {"warn": 1, "fail": 5, "unit": "s", "higher_is_worse": True},
    "pg_xid_age": {"warn": 50, "fail": 75, "unit": "%", "higher_is_worse": True},
    "pg_replication_lag": {"warn": 60, "fail": 600, "unit": "s", "higher_is_worse": True},
    "pg_slot_retained": {"warn": 1024, "fail": 10240, "unit": "MB", "higher_is_worse": True},
    "pg_long_query": {"warn": 300, "fail": 1800, "unit": "s", "higher_is_worse": True},
    "pg_idle_in_transaction": {"warn": 60, "fail": 600, "unit": "s", "higher_is_worse": True},
    "pg_blocked": {"warn": 30, "fail": 300, "unit": "s", "higher_is_worse": True},
    "pg_dead_tuples": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "pg_vacuum_age": {"warn": 7, "fail": 30, "unit": "d", "higher_is_worse": True},
    "pg_archive_age": {"warn": 6, "fail": 24, "unit": "h", "higher_is_worse": True},
    "pg_checkpoint_requested": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "pg_cache_hit": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    "pg_unused_index_size": {"warn": 100, "fail": None, "unit": "MB", "higher_is_worse": True},
    "pg_duplicate_indexes": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "pg_stale_stats": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
}

# 2^31: transaction IDs wrap around here; ages are graded as a share of it.
XID_WRAP = 2**31
# Too little activity for a hit ratio or a checkpoint share to mean anything.
MIN_CACHE_BLOCKS = 10000
MIN_CHECKPOINTS = 10
MB = 1024 * 1024


def _qualified(row: Row, schema: str, name: str) -> str:
    """database.schema.name (the database only for per-database rows)."""
    return ".".join(str(p) for p in (row.get("datname"), row.get(schema), row.get(name)) if p)


def _first(rows: List[Row]) -> Row:
    return rows[0] if rows else {}


def ev_uptime(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    server = _first(rows["server"])
    uptime = to_float(server.get("uptime_seconds"))
    role = "standby (in recovery)" if server.get("in_recovery") else "primary"
    detail = f"{server.get('server_version')} {role}, up {fmt_seconds(uptime)}"
    return [
        check(
            ctx,
            "uptime",
            "availability",
            "Server uptime",
            "数据库运行时间",
            INFO,
            None if uptime is None else round(uptime / 86400, 2),
            None,
            "d",
            detail,
        )
    ]


def ev_connections(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["connections"])
    used, limit = to_float(row.get("used")), to_float(row.get("max_connections"))
    reserved = to_float(row.get("reserved")) or 0
    value = pct(used, limit)
    detail = (
        f"{used:.0f} of max_connections {limit:.0f} ({reserved:.0f} reserved for superusers)"
        if used is not None and limit
        else ""
    )
    return [
        graded(
            ctx,
            "connections",
            "sessions",
            "Connections of max_connections",
            "连接数占用",
            value,
            "resource_limit",
            detail,
        )
    ]


def ev_database_connections(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    spec = ctx.thresholds["resource_limit"]
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
    if not limited:
        return [
            check(
                ctx,
                "database_connection_limit",
                "sessions",
                "Connections of per-database limits",
                "数据库连接数限额占用",
                PASS,
                None,
                threshold_text(spec.get("warn"), spec.get("fail"), True, "%"),
                "%",
                "no database has a connection limit",
            )
        ]
    findings.sort(reverse=True)
    return [
        graded(
            ctx,
            "database_connection_limit",
            "sessions",
            "Connections of per-database limits",
            "数据库连接数限额占用",
            worst_pct,
            "resource_limit",
            join_limited((f[1] for f in findings), 8),
        )
    ]


def ev_database_sizes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    sizes = [(row.get("datname"), to_float(row.get("bytes")) or 0.0) for row in rows["database_sizes"]]
    total = sum(s for _, s in sizes)
    growth_memory = dict(ctx.remembered("db_sizes", {}) or {})
    rates = []
    for name, size in sizes:
        samples = growth_memory.get(name, [])
        rate = growth_per_day(samples, ctx.now, size)
        if rate is not None:
            rates.append((rate, name))
        growth_memory[name] = add_sample(samples, ctx.now, size)
    ctx.memory["db_sizes"] = growth_memory
    detail = join_limited((f"{n} {fmt_bytes(s)}" for n, s in sizes), 10)
    checks = [
        check(
            ctx,
            "database_size",
            "capacity",
            "Database sizes",
            "数据库大小",
            INFO,
            round(total / MB, 1),
            None,
            "MB",
            detail,
        )
    ]
    if rates:
        rates.sort(reverse=True)
        growth = sum(r for r, _ in rates)
        gdetail = join_limited((f"{n} {fmt_bytes(r)}/d" for r, n in rates), 10)
        checks.append(
            check(
                ctx,
                "database_growth",
                "capacity",
                "Database growth per day",
                "数据库日增长",
                INFO,
                round(growth / MB, 2),
                None,
                "MB/d",
                gdetail,
            )
        )
    else:
        checks.append(
            check(
                ctx,
                "database_growth",
                "capacity",
                "Database growth per day",
                "数据库日增长",
                INFO,
                None,
                None,
                "MB/d",
                "no earlier size sample at least a day old: growth is known from the next run",
            )
        )
    return checks


def ev_tablespace_sizes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["tablespace_sizes"]
    total = sum(to_float(r.get("bytes")) or 0.0 for r in items)
    detail = join_limited(
        (
            f"{r.get('spcname')} {fmt_bytes(to_float(r.get('bytes')))}"
            + (f" at {r['location']}" if r.get("location") else "")
            for r in items
        ),
        10,
    )
    return [
        check(
            ctx,
            "tablespace_size",
            "capacity",
            "Tablespace sizes",
            "表空间大小",
            INFO,
            round(total / MB, 1),
            None,
            "MB",
            detail,
        )
    ]


def ev_xid_age(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    worst: Optional[float] = None
    parts = []
    for row in rows["xid_age"]:
        for column in ("xid_age", "mxid_age"):
            age = to_float(row.get(column))
            if age is None:
                continue
            share = 100.0 * age / XID_WRAP
            if worst is None or share > worst:
                worst = share
                parts.insert(0, f"{row.get('datname')} {column.replace('_age', '')} age {age:.0f}")
    freeze = to_float(_first(rows["xid_age"]).get("freeze_max_age"))
    detail = (parts[0] if parts else "no databases") + (f"; autovacuum_freeze_max_age {freeze:.0f}" if freeze else "")
    return [
        graded(
            ctx,
            "xid_wraparound",
            "integrity",
            "Transaction ID wraparound age",
            "事务号回卷风险",
            worst,
            "pg_xid_age",
            detail,
        )
    ]


def ev_replication(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    standby = _first(rows["standby"])
    title, title_zh = "Replication lag", "复制延迟"
    if standby.get("in_recovery"):
        delay = to_float(standby.get("replay_delay_seconds"))
        receiver = standby.get("receiver_status")
        detail = (
            f"standby: WAL receiver {receiver or 'not running'}, last replayed transaction {fmt_seconds(delay)} ago"
        )
        if standby.get("caught_up"):
            # Nothing left to replay: the age of the last transaction is the primary's quiet time, not lag.
            delay = 0.0 if receiver == "streaming" else delay
        result = graded(ctx, "replication_lag", "replication", title, title_zh, delay, "pg_replication_lag", detail)
        if receiver != "streaming" and result["status"] in (PASS, ERROR):
            # Log shipping from an archive is possible, but a standby that stopped streaming needs a look.
            result["status"] = WARN
        return [result]
    replicas = rows["replication"]
    if not replicas:
        return [
            check(
                ctx,
                "replication_lag",
                "replication",
                title,
                title_zh,
                INFO,
                None,
                None,
                "s",
                "primary with no standby attached",
            )
        ]
    worst: Optional[float] = None
    parts = []
    not_streaming = []
    for row in replicas:
        lag = to_float(row.get("replay_lag_seconds")) or 0.0
        worst = lag if worst is None else max(worst, lag)
        lag_bytes = to_float(row.get("replay_lag_bytes"))
        parts.append(
            f"{row.get('application_name') or row.get('client_addr')} {row.get('state')}/{row.get('sync_state')} "
            f"{lag:.1f} s, {fmt_bytes(lag_bytes)} behind"
        )
        if row.get("state") != "streaming":
            not_streaming.append(str(row.get("application_name")))
    result = graded(
        ctx, "replication_lag", "replication", title, title_zh, worst, "pg_replication_lag", join_limited(parts, 6)
    )
    if not_streaming and result["status"] == PASS:
        result["status"] = WARN
        result["detail"] += f"; not streaming: {', '.join(not_streaming)}"
    return [result]


def ev_slots(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    slots = rows["replication_slots"]
    title, title_zh = "Replication slots", "复制槽"
    spec = ctx.thresholds["pg_slot_retained"]
    if not slots:
        return [
            check(
                ctx,
                "replication_slots",
                "replication",
                title,
                title_zh,
                PASS,
                0,
                threshold_text(spec.get("warn"), spec.get("fail"), True, "MB"),
                "MB",
                "no replication slots",
            )
        ]
    statuses = []
    parts = []
    worst_mb = 0.0
    for row in slots:
        retained = to_float(row.get("retained_bytes"))
        mb = (retained or 0.0) / MB
        worst_mb = max(worst_mb, mb)
        status = grade(mb, spec.get("warn"), spec.get("fail"))
        note = []
        if not row.get("active"):
            note.append("inactive")
            status = WARN if status == PASS else status
        if row.get("wal_status") == "lost":
            note.append("WAL lost")
            status = FAIL
        elif row.get("wal_status") == "unreserved":
            note.append("WAL unreserved")
            status = WARN if status == PASS else status
        statuses.append(status)
        parts.append(
            f"{row.get('slot_name')} ({row.get('slot_type')}) retains {fmt_bytes(retained)}"
            + (f", {', '.join(note)}" if note else "")
        )
    status = max(statuses, key=lambda s: {PASS: 0, WARN: 1, FAIL: 2}[s])
    return [
        check(
            ctx,
            "replication_slots",
            "replication",
            title,
            title_zh,
            status,
            round(worst_mb, 1),
            threshold_text(spec.get("warn"), spec.get("fail"), True, "MB"),
            "MB",
            join_limited(parts, 6),
        )
    ]


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
        if longest is None:
            spec = ctx.thresholds[tid]
            checks.append(
                check(
                    ctx,
                    cid,
                    "sessions",
                    title,
                    title_zh,
                    PASS,
                    0,
                    threshold_text(spec.get("warn"), spec.get("fail"), True, "s"),
                    "s",
                    "none",
                )
            )
            continue
        detail = f"{len(ordered)} session(s); " + join_limited((_session_text(r, column) for r in ordered), 3)
        checks.append(graded(ctx, cid, "sessions", title, title_zh, longest, tid, detail))
    return checks


def ev_blocking(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    blocked = rows["blocking"]
    title, title_zh = "Sessions blocked by locks", "锁阻塞"
    if not blocked:
        spec = ctx.thresholds["pg_blocked"]
        return [
            check(
                ctx,
                "blocking_locks",
                "locks",
                title,
                title_zh,
                PASS,
                0,
                threshold_text(spec.get("warn"), spec.get("fail"), True, "s"),
                "s",
                "no session waits for another",
            )
        ]
    longest, ordered = _longest(blocked, "wait_seconds")
    parts = [
        f"pid {r.get('pid')} ({r.get('usename')}@{r.get('datname')}) "
        f"waits {fmt_seconds(to_float(r.get('wait_seconds')))} on {r.get('wait_event_type')}/{r.get('wait_event')}, "
        f"blocked by {r.get('blocked_by')}"
        for r in ordered
    ]
    return [
        graded(
            ctx,
            "blocking_locks",
            "locks",
            title,
            title_zh,
            longest,
            "pg_blocked",
            f"{len(ordered)} blocked; " + join_limited(parts, 4),
        )
    ]


def ev_dead_tuples(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    tables = rows["dead_tuples"]
    dead_spec, age_spec = ctx.thresholds["pg_dead_tuples"], ctx.thresholds["pg_vacuum_age"]
    ratios: List[Tuple[float, str]] = []
    ages: List[Tuple[float, str]] = []
    for row in tables:
        dead = to_float(row.get("n_dead_tup")) or 0.0
        live = to_float(row.get("n_live_tup")) or 0.0
        name = _qualified(row, "schemaname", "relname")
        share = pct(dead, dead + live)
        if share is not None:
            ratios.append((share, f"{name} {share:.0f}% dead ({dead:.0f})"))
        age = to_float(row.get("vacuum_age_days"))
        ages.append(
            (
                age if age is not None else float("inf"),
                f"{name} " + ("never vacuumed" if age is None else f"vacuumed {age:.1f} d ago"),
            )
        )
    ratios.sort(reverse=True)
    ages.sort(reverse=True)
    checks = []
    if ratios:
        checks.append(
            graded(
                ctx,
                "dead_tuples",
                "maintenance",
                "Dead tuples",
                "死元组比例",
                ratios[0][0],
                "pg_dead_tuples",
                join_limited((r[1] for r in ratios), 5),
            )
        )
    else:
        checks.append(
            check(
                ctx,
                "dead_tuples",
                "maintenance",
                "Dead tuples",
                "死元组比例",
                PASS,
                0,
                threshold_text(dead_spec.get("warn"), dead_spec.get("fail"), True, "%"),
                "%",
                f"no table has {ctx.options.get('min_dead_tuples', 1000)} dead tuples or more",
            )
        )
    if ages:
        worst = ages[0][0]
        result = graded(
            ctx,
            "vacuum_age",
            "maintenance",
            "Vacuum age of tables with dead tuples",
            "表清理(vacuum)间隔",
            None if worst == float("inf") else worst,
            "pg_vacuum_age",
            join_limited((a[1] for a in ages), 5),
        )
        if worst == float("inf"):
            result["status"] = FAIL if age_spec.get("fail") is not None else WARN
        checks.append(result)
    else:
        checks.append(
            check(
                ctx,
                "vacuum_age",
                "maintenance",
                "Vacuum age of tables with dead tuples",
                "表清理(vacuum)间隔",
                PASS,
                0,
                threshold_text(age_spec.get("warn"), age_spec.get("fail"), True, "d"),
                "d",
                "no table with many dead tuples",
            )
        )
    return checks


def ev_invalid_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["invalid_indexes"]
    names = [_qualified(r, "schema_name", "index_name") + f" on {r.get('table_name')}" for r in items]
    status = FAIL if items else PASS
    detail = ("rebuild with REINDEX INDEX CONCURRENTLY or drop: " + join_limited(names, 8)) if items else "none"
    return [
        check(ctx, "invalid_indexes", "integrity", "Invalid indexes", "无效索引", status, len(items), "0", "", detail)
    ]


def ev_archiver(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["archiver"])
    mode = str(row.get("archive_mode") or "off")
    title, title_zh = "WAL archiving", "WAL 归档"
    if mode == "off":
        return [
            check(
                ctx,
                "archiver",
                "backup",
                title,
                title_zh,
                INFO,
                None,
                None,
                "",
                "archive_mode is off: no WAL archive (point-in-time recovery is not possible)",
            ),
        ]
    failed = to_float(row.get("failed_count")) or 0.0
    previous_failed = to_float(ctx.remembered("archiver_failed_count"))
    ctx.memory["archiver_failed_count"] = failed
    checks = []
    if row.get("failing_now"):
        checks.append(
            check(
                ctx,
                "archiver",
                "backup",
                title,
                title_zh,
                FAIL,
                failed,
                "0 failures",
                "",
                f"archive_command is failing: last failed WAL {row.get('last_failed_wal')} "
                f"{fmt_seconds(to_float(row.get('last_failed_age_seconds')))} ago, after the last success",
            )
        )
    elif previous_failed is not None and failed > previous_failed:
        checks.append(
            check(
                ctx,
                "archiver",
                "backup",
                title,
                title_zh,
                WARN,
                failed - previous_failed,
                "0 failures",
                "",
                f"{failed - previous_failed:.0f} archive failure(s) since the previous run, since recovered",
            )
        )
    else:
        checks.append(
            check(
                ctx,
                "archiver",
                "backup",
                title,
                title_zh,
                PASS,
                failed,
                "0 failures",
                "",
                f"{to_float(row.get('archived_count')) or 0:.0f} WAL archived, "
                f"{failed:.0f} failures since statistics reset",
            )
        )
    age = to_float(row.get("last_archived_age_seconds"))
    if age is None:
        checks.append(
            check(
                ctx,
                "archive_age",
                "backup",
                "Age of the last archived WAL",
                "最近归档 WAL 时间",
                WARN,
                None,
                None,
                "h",
                "nothing archived since statistics reset",
            )
        )
    else:
        checks.append(
            graded(
                ctx,
                "archive_age",
                "backup",
                "Age of the last archived WAL",
                "最近归档 WAL 时间",
                age / 3600,
                "pg_archive_age",
                f"last archived {row.get('last_archived_wal')}",
            )
        )
    return checks


def ev_checkpoints(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["checkpoints"])
    timed, requested = to_float(row.get("timed")) or 0.0, to_float(row.get("requested")) or 0.0
    detail = (
        f"{requested:.0f} requested, {timed:.0f} timed since statistics reset; "
        f"checkpoint_timeout {row.get('checkpoint_timeout')}, max_wal_size {row.get('max_wal_size')}"
    )
    if timed + requested < MIN_CHECKPOINTS:
        return [
            check(
                ctx,
                "checkpoints",
                "performance",
                "Requested checkpoints",
                "检查点压力",
                INFO,
                None,
                None,
                "%",
                detail + ": too few checkpoints to judge",
            )
        ]
    return [
        graded(
            ctx,
            "checkpoints",
            "performance",
            "Requested checkpoints",
            "检查点压力",
            pct(requested, timed + requested),
            "pg_checkpoint_requested",
            detail + " (raise max_wal_size if high)",
        )
    ]


def ev_cache_hit(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["cache_hit"])
    hit, read = to_float(row.get("hit")) or 0.0, to_float(row.get("read")) or 0.0
    if hit + read < MIN_CACHE_BLOCKS:
        return [
            check(
                ctx,
                "cache_hit",
                "performance",
                "Buffer cache hit ratio",
                "缓存命中率",
                INFO,
                pct(hit, hit + read),
                None,
                "%",
                f"only {hit + read:.0f} block accesses since statistics reset: too little to judge",
            )
        ]
    return [
        graded(
            ctx,
            "cache_hit",
            "performance",
            "Buffer cache hit ratio",
            "缓存命中率",
            pct(hit, hit + read),
            "pg_cache_hit",
            f"{hit:.0f} hits, {read:.0f} reads",
        )
    ]


def ev_unused_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["unused_indexes"]
    total = sum(to_float(r.get("bytes")) or 0.0 for r in items)
    names = [_qualified(r, "schemaname", "index_name") + f" {fmt_bytes(to_float(r.get('bytes')))}" for r in items]
    detail = (
        (f"{len(items)} index(es) never scanned since statistics reset: " + join_limited(names, 6)) if items else "none"
    )
    return [
        graded(
            ctx,
            "unused_indexes",
            "performance",
            "Unused indexes",
            "未使用的索引",
            total / MB,
            "pg_unused_index_size",
            detail,
        )
    ]


def ev_duplicate_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["duplicate_indexes"]
    names = [_qualified(r, "schema_name", "table_name") + f": {', '.join(r.get('indexes') or [])}" for r in items]
    spec = ctx.thresholds["pg_duplicate_indexes"]
    if not items:
        return [
            check(
                ctx,
                "duplicate_indexes",
                "performance",
                "Duplicate indexes",
                "重复索引",
                PASS,
                0,
                threshold_text(spec.get("warn"), spec.get("fail")),
                "",
                "none",
            )
        ]
    return [
        graded(
            ctx,
            "duplicate_indexes",
            "performance",
            "Duplicate indexes",
            "重复索引",
            len(items),
            "pg_duplicate_indexes",
            join_limited(names, 6),
        )
    ]


def ev_stale_stats(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["stale_stats"]
    spec = ctx.thresholds["pg_stale_stats"]
    names = []
    for r in items:
        age = to_float(r.get("analyze_age_days"))
        name = _qualified(r, "schemaname", "relname")
        changes = to_float(r.get("n_mod_since_analyze")) or 0
        names.append(
            f"{name} " + ("never analyzed" if age is None else f"{changes:.0f} changes since analyze {age:.0f} d ago")
        )
    if not items:
        return [
            check(
                ctx,
                "stale_statistics",
                "statistics",
                "Stale or missing optimizer statistics",
                "统计信息过期或缺失",
                PASS,
                0,
                threshold_text(spec.get("warn"), spec.get("fail")),
                "",
                "none",
            )
        ]
    return [
        graded(
            ctx,
            "stale_statistics",
            "statistics",
            "Stale or missing optimizer statistics",
            "统计信息过期或缺失",
            len(items),
            "pg_stale_stats",
            join_limited(names, 6),
        )
    ]


_PG_UNIT_BYTES = {
    "B": 1,
    "kB": 1024,
    "8kB": 8192,
    "16kB": 16384,
    "32kB": 32768,
    "MB": 1024**2,
    "16MB": 16 * 1024**2,
    "GB": 1024**3,
    "TB": 1024**4,
}
_PG_UNIT_MS = {"us": 0.001, "ms": 1, "s": 1000, "min": 60000, "h": 3600000, "d": 86400000}


def pg_setting_quantity(setting: Any, unit: Optional[str]) -> Optional[Tuple[float, str]]:
    """A pg_settings value in base units: bytes for memory, ms for time, plain otherwise."""
    number = to_float(setting)
    if number is None:
        return parse_quantity(setting)
    if unit in _PG_UNIT_BYTES:
        return number * _PG_UNIT_BYTES[unit], "bytes"
    if unit in _PG_UNIT_MS:
        return number * _PG_UNIT_MS[unit], "ms"
    return number, ""


def pg_setting_display(setting: Any, unit: Optional[str]) -> str:
    quantity = pg_setting_quantity(setting, unit)
    if quantity and quantity[1] == "bytes" and quantity[0] >= 1024:
        for suffix, size in (("TB", 1024**4), ("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
            if quantity[0] % size == 0:
                return f"{quantity[0] / size:.0f}{suffix}"
    if quantity and quantity[1] == "ms" and unit != "ms":
        return f"{setting}{unit}"
    return f"{setting}{unit or ''}" if unit == "ms" else str(setting)


def ev_settings(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    settings: Dict[str, Tuple[Any, Optional[Tuple[float, str]]]] = {}
    nondefault = []
    for row in rows["settings"]:
        name = str(row.get("name")).lower()
        settings[name] = (
            pg_setting_display(row.get("setting"), row.get("unit")),
            pg_setting_quantity(row.get("setting"), row.get("unit")),
        )
        if row.get("source") not in ("default", "override", "client", "session"):
            nondefault.append(name)
    return review_parameters(ctx, settings, ctx.options.get("parameter_recommendations"), nondefault)


EVALUATORS: List[Evaluator] = [
    Evaluator("uptime", "availability", "Server uptime", "数据库运行时间", ("server",), ev_uptime),
    Evaluator(
        "connections",
        "sessions",
        "Connections of max_connections",
        "连接数占用",
        ("connections",),
        ev_connections,
        ("monthly",),
    ),
    Evaluator(
        "database_connection_limit",
        "sessions",
        "Connections of per-database limits",
        "数据库连接数限额占用",
        ("database_connections",),
        ev_database_connections,
        ("monthly",),
    ),
    Evaluator("database_size", "capacity", "Database sizes", "数据库大小", ("database_sizes",), ev_database_sizes),
    Evaluator(
        "tablespace_size",
        "capacity",
        "Tablespace sizes",
        "表空间大小",
        ("tablespace_sizes",),
        ev_tablespace_sizes,
        ("monthly",),
    ),
    Evaluator(
        "xid_wraparound",
        "integrity",
        "Transaction ID wraparound age",
        "事务号回卷风险",
        ("xid_age",),
        ev_xid_age,
        ("monthly",),
    ),
    Evaluator(
        "replication_lag",
        "replication",
        "Replication lag",
        "复制延迟",
        ("replication", "standby"),
        ev_replication,
        ("monthly",),
    ),
    Evaluator(
        "replication_slots",
        "replication",
        "Replication slots",
        "复制槽",
        ("replication_slots",),
        ev_slots,
        ("monthly",),
    ),
    Evaluator(
        "sessions",
        "sessions",
        "Long and idle-in-transaction sessions",
        "长会话与事务中空闲会话",
        ("sessions",),
        ev_sessions,
        ("monthly",),
    ),
    Evaluator(
        "blocking_locks", "locks", "Sessions blocked by locks", "锁阻塞", ("blocking",), ev_blocking, ("monthly",)
    ),
    Evaluator(
        "dead_tuples",
        "maintenance",
        "Dead tuples and vacuum age",
        "死元组与清理",
        ("dead_tuples",),
        ev_dead_tuples,
        ("monthly",),
    ),
    Evaluator(
        "invalid_indexes",
        "integrity",
        "Invalid indexes",
        "无效索引",
        ("invalid_indexes",),
        ev_invalid_indexes,
        ("monthly",),
    ),
    Evaluator("archiver", "backup", "WAL archiving", "WAL 归档", ("archiver",), ev_archiver, ("monthly",)),
    Evaluator(
        "checkpoints",
        "performance",
        "Requested checkpoints",
        "检查点压力",
        ("checkpoints",),
        ev_checkpoints,
        ("tuning",),
    ),
    Evaluator(
        "cache_hit", "performance", "Buffer cache hit ratio", "缓存命中率", ("cache_hit",), ev_cache_hit, ("tuning",)
    ),
    Evaluator(
        "unused_indexes",
        "performance",
        "Unused indexes",
        "未使用的索引",
        ("unused_indexes",),
        ev_unused_indexes,
        ("tuning",),
    ),
    Evaluator(
        "duplicate_indexes",
        "performance",
        "Duplicate indexes",
        "重复索引",
        ("duplicate_indexes",),
        ev_duplicate_indexes,
        ("tuning",),
    ),
    Evaluator(
        "stale_statistics",
        "statistics",
        "Stale or missing optimizer statistics",
        "统计信息过期或缺失",
        ("stale_stats",),
        ev_stale_stats,
        ("tuning",),
    ),
    Evaluator("parameters", "configuration", "Parameter review", "参数评审", ("settings",), ev_settings, ("tuning",)),
]


def connect_time_check(ctx: EvalContext, seconds: float, detail: str) -> Check:
    return graded(
        ctx, "connect_time", "availability", "Connection time", "连接耗时", seconds, "pg_connect_time", detail
    )


def connection_error_check(ctx: EvalContext, message: str) -> Check:
    return check(ctx, "connect", "availability", "Connection", "数据库连接", ERROR, None, None, "", message)


def tls_check(ctx: EvalContext, plan: TlsPlan, in_use: Optional[bool], protocol: Optional[str]) -> Check:
    """How the connection used TLS: PASS verified (verify-full), WARN for an explicit opt-out, which it names."""
    status, detail = tls_status(plan, in_use, protocol)
    return check(
        ctx,
        "tls",
        "security",
        "TLS to the database",
        "数据库连接加密与证书验证",
        status,
        plan.ssl_mode,
        "verify-full",
        "",
        detail,
    )


def describe_connect_error(message: str) -> str:
    """The likely cause of a connection failure first (with the fix, for TLS), then libpq's own words."""
    text = " ".join(message.split())
    lower = text.lower()
    tls = tls_error_cause(text)
    if tls:
        return f"{tls} ({text})"
    causes = (
        (
            ("password authentication failed", "authentication failed"),
            "authentication failed: wrong user name or password",
        ),
        (("connection refused",), "connection refused: the server is down or nothing listens on that port"),
        (("timeout expired", "timed out"), "connection timed out: host unreachable or filtered"),
        (("no pg_hba.conf entry",), "rejected by the server's pg_hba.conf"),
        (
            ("could not translate host name", "name or service not known", "nodename nor servname"),
            "host name does not resolve",
        ),
        (("does not exist",), "database or role does not exist"),
        (("too many clients", "remaining connection slots"), "server has no free connection slot"),
        (("ssl",), "TLS negotiation failed"),
    )
    for needles, cause in causes:
        if any(n in lower for n in needles):
            return f"{cause} ({text})"
    return text


__all__ = [
    "EVALUATORS",
    "POSTGRES_THRESHOLDS",
    "PREFIX",
    "connect_time_check",
    "connection_error_check",
    "describe_connect_error",
    "tls_check",
]
