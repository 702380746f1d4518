# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL maintenance and integrity: transaction ID wraparound, dead tuples and vacuum, vacuums running
long, invalid indexes."""

from typing import List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN, grade
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
from ansible.module_utils.healthops.db.postgres.base import first_row, qualified_name
from ansible.module_utils.healthops.db.postgres.stats import first_stats_row, reltuples, stats_since

# The freeze limit each age is graded against (PostgreSQL forces an anti-wraparound vacuum there):
# the column graded, the column of its limit, and how the detail names it.
FREEZE_LIMITS = (("xid_age", "freeze_max_age", "xid"), ("mxid_age", "multixact_freeze_max_age", "multixact"))


def ev_xid_age(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The oldest database's transaction ID (and multixact) age as a share of autovacuum_freeze_max_age
    (autovacuum_multixact_freeze_max_age), naming the oldest tables."""
    worst: Optional[float] = None
    worst_text = "no databases"
    limits = first_row(rows["xid_age"])
    for row in rows["xid_age"]:
        for column, setting, kind in FREEZE_LIMITS:
            age, limit = to_float(row.get(column)), to_float(limits.get(setting))
            if age is None or not limit:
                continue
            share = 100.0 * age / limit
            if worst is None or share > worst:
                worst = share
                worst_text = f"{row.get('datname')} {kind} age {age:.0f} of autovacuum_{setting} {limit:.0f}"
    tables = sorted(rows.get("oldest_tables") or [], key=lambda r: to_float(r.get("xid_age")) or 0, reverse=True)
    named = [f"{qualified_name(r, 'schemaname', 'relname')} {to_float(r.get('xid_age')) or 0:.0f}" for r in tables]
    detail = worst_text + (("; oldest tables: " + join_limited(named, 5)) if named else "")
    subject = Subject(ctx, "xid_wraparound", "integrity", "Transaction ID wraparound age", "事务号回卷风险")
    return [subject.graded(worst, "pg_xid_age", detail)]


def ev_dead_tuples(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Tables past their autovacuum vacuum threshold: the dead share of reltuples (a crash resets n_live_tup,
    not reltuples) and the time since their last vacuum, or since statistics began when none is recorded."""
    ratios: List[Tuple[float, str]] = []
    ages: List[Tuple[float, str]] = []
    past = [r for r in rows["dead_tuples"] if over_vacuum_threshold(r)]
    for row in past:
        dead = to_float(row.get("n_dead_tup")) or 0.0
        name = qualified_name(row, "schemaname", "relname")
        share = pct(dead, reltuples(row) + dead)
        if share is not None:
            ratios.append((share, f"{name} {share:.0f}% dead ({dead:.0f})"))
        ages.append(vacuum_age(row, name))
    ratios.sort(reverse=True)
    ages.sort(reverse=True)
    since = stats_since(first_stats_row(rows["dead_tuples"]))
    return [dead_tuples_check(ratios, ctx, since), vacuum_age_check(ages, ctx, since)]


def over_vacuum_threshold(row: Row) -> bool:
    """Dead tuples past autovacuum's vacuum threshold (rows recorded without one count as past it)."""
    limit = to_float(row.get("vacuum_threshold"))
    return limit is None or (to_float(row.get("n_dead_tup")) or 0.0) > limit


def vacuum_age(row: Row, name: str) -> Tuple[float, str]:
    """Days since the table's last vacuum and its text; with none recorded, the days since statistics
    began (a reset forgets last_vacuum), or infinity when that is not known either."""
    age = to_float(row.get("vacuum_age_days"))
    if age is not None:
        return age, f"{name} vacuumed {age:.1f} d ago"
    since = to_float(row.get("stats_age_days"))
    if since is not None:
        return since, f"{name} not vacuumed since statistics began {since:.1f} d ago"
    return float("inf"), f"{name} never vacuumed"


def dead_tuples_check(ratios: List[Tuple[float, str]], ctx: EvalContext, since: Optional[str] = None) -> Check:
    """The worst dead-tuple share, from ``(share, text)`` sorted worst first."""
    dead = Subject(ctx, "dead_tuples", "maintenance", "Dead tuples", "死元组比例")
    note = f"; {since}" if since else ""
    if ratios:
        return dead.graded(ratios[0][0], "pg_dead_tuples", join_limited((r[1] for r in ratios), 5) + note)
    detail = (
        f"no table has {ctx.options.get('min_dead_tuples', 1000)} dead tuples or more past its autovacuum threshold"
    )
    return dead.nothing_found("pg_dead_tuples", unit="%", value=0, detail=detail + note)


def vacuum_age_check(ages: List[Tuple[float, str]], ctx: EvalContext, since: Optional[str] = None) -> Check:
    """The longest time since vacuum, from ``(days, text)`` sorted worst first (never vacuumed: infinity)."""
    age_spec = ctx.thresholds["pg_vacuum_age"]
    vacuum = Subject(ctx, "vacuum_age", "maintenance", "Vacuum age of tables with dead tuples", "表清理(vacuum)间隔")
    note = f"; {since}" if since else ""
    if not ages:
        detail = "no table with dead tuples past its autovacuum threshold" + note
        return vacuum.nothing_found("pg_vacuum_age", unit="d", value=0, detail=detail)
    worst = ages[0][0]
    never = worst == float("inf")
    result = vacuum.graded(None if never else worst, "pg_vacuum_age", join_limited((a[1] for a in ages), 5) + note)
    if never:
        result["status"] = FAIL if age_spec.get("fail") is not None else WARN
    return result


def ev_invalid_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["invalid_indexes"]
    names = [qualified_name(r, "schema_name", "index_name") + f" on {r.get('table_name')}" for r in items]
    detail = ("rebuild with REINDEX INDEX CONCURRENTLY or drop: " + join_limited(names, 8)) if items else "none"
    return [
        Subject(ctx, "invalid_indexes", "integrity", "Invalid indexes", "无效索引").none_allowed(
            bool(items), len(items), detail
        )
    ]


def ev_vacuum_progress(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The longest-running VACUUM, graded in minutes; one to prevent wraparound past the WARN limit is FAIL (it
    does not give way to locks, and the transaction ID age grows while it runs). Each is named with its phase,
    progress, index passes (more than one: maintenance_work_mem too small) and what it waits for."""
    subject = Subject(ctx, "vacuum_progress", "maintenance", "Vacuums running long", "长时间运行的清理(vacuum)")
    running = sorted(rows["vacuum_progress"], key=lambda r: to_float(r.get("running_seconds")) or 0.0, reverse=True)
    if not running:
        return [subject.nothing_found("pg_vacuum_running", unit="min", value=0, detail="no VACUUM running")]
    result = subject.graded(
        (to_float(running[0].get("running_seconds")) or 0.0) / 60,
        "pg_vacuum_running",
        join_limited((vacuum_text(r) for r in running), 5),
    )
    late = [r for r in running if r.get("wraparound") and vacuum_status(r, ctx) != PASS]
    if late:
        result["status"] = FAIL
    return [result]


def vacuum_status(row: Row, ctx: EvalContext) -> str:
    """One running VACUUM's status by its minutes."""
    spec = ctx.thresholds["pg_vacuum_running"]
    return grade((to_float(row.get("running_seconds")) or 0.0) / 60, spec.get("warn"), spec.get("fail"))


def vacuum_text(row: Row) -> str:
    """'db.rel: autovacuum to prevent wraparound, vacuuming indexes, 45% of the heap scanned (2 index passes: ...),
    3 h, waiting Lock/relation'."""
    kind = ("autovacuum" if row.get("autovacuum") else "VACUUM") + (
        " to prevent wraparound" if row.get("wraparound") else ""
    )
    text = f"{qualified_name(row, 'schemaname', 'relation')}: {kind}, {row.get('phase')}"
    scanned = pct(to_float(row.get("heap_blks_scanned")), to_float(row.get("heap_blks_total")))
    if scanned is not None:
        text += f", {scanned:.0f}% of the heap scanned"
    passes = to_float(row.get("index_vacuum_count")) or 0.0
    if passes >= 2:
        text += f" ({passes:.0f} index passes: maintenance_work_mem too small)"
    text += f", {fmt_seconds(to_float(row.get('running_seconds')))}"
    if row.get("wait_event"):
        text += f", waiting {row.get('wait_event_type')}/{row.get('wait_event')}"
    return text
