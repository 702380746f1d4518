# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL tuning: checkpoints, cache hit ratio, unused and duplicate indexes, statistics, parameters."""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    fmt_bytes,
    join_limited,
    pct,
    to_float,
)
from ansible.module_utils.healthops.db.parameters import parse_quantity, review_parameters
from ansible.module_utils.healthops.db.postgres.base import MB, first_row, qualified_name
from ansible.module_utils.healthops.db.postgres.sql import statements_exec_columns, statements_ready
from ansible.module_utils.healthops.db.postgres.stats import interval_counters, stats_began

# Too little activity for a hit ratio or a checkpoint share to mean anything.
MIN_CACHE_BLOCKS = 10000


MIN_CHECKPOINTS = 10


def ev_checkpoints(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = first_row(rows["checkpoints"])
    current = {"timed": to_float(row.get("timed")) or 0.0, "requested": to_float(row.get("requested")) or 0.0}
    counted, taken = interval_counters(ctx, "checkpoints", current, stats_began(ctx, row))
    timed, requested = counted["timed"], counted["requested"]
    checkpoints = Subject(ctx, "checkpoints", "performance", "Requested checkpoints", "检查点压力")
    skipped = to_float(row.get("skipped"))
    # From 18 the timed count is of checkpoints performed (skipped ones apart); before, it includes them.
    timed_text = f"{timed:.0f} timed" + (f" ({skipped:.0f} skipped, not counted)" if skipped is not None else "")
    standby = (
        " (a standby: restartpoints counted as checkpoints)" if row.get("in_recovery") and ctx.version < 170000 else ""
    )
    detail = (
        f"{requested:.0f} requested, {timed_text} {taken or 'since statistics reset'}{standby}; "
        f"checkpoint_timeout {row.get('checkpoint_timeout')}, max_wal_size {row.get('max_wal_size')}"
    )
    if timed + requested < MIN_CHECKPOINTS:
        return [checkpoints.check(INFO, unit="%", detail=detail + ": too few checkpoints to judge")]
    value = pct(requested, timed + requested)
    return [checkpoints.graded(value, "pg_checkpoint_requested", detail + " (raise max_wal_size if high)")]


def ev_cache_hit(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The hit ratio of the interval since the previous run (the cumulative one after a reset or on a first
    run): a ratio over months hides this month's misses, and one over minutes after a crash says nothing."""
    row = first_row(rows["cache_hit"])
    current = {"hit": to_float(row.get("hit")) or 0.0, "read": to_float(row.get("read")) or 0.0}
    counted, taken = interval_counters(ctx, "cache_hit", current, stats_began(ctx, row))
    hit, read = counted["hit"], counted["read"]
    period = taken or "since statistics reset"
    cache_hit = Subject(ctx, "cache_hit", "performance", "Buffer cache hit ratio", "缓存命中率")
    if hit + read < MIN_CACHE_BLOCKS:
        detail = f"only {hit + read:.0f} block accesses {period}: too little to judge"
        return [cache_hit.check(INFO, value=pct(hit, hit + read), unit="%", detail=detail)]
    return [cache_hit.graded(pct(hit, hit + read), "pg_cache_hit", f"{hit:.0f} hits, {read:.0f} reads {period}")]


def ev_top_statements(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The statements that took the most time, from pg_stat_statements where it can be read (INFO: what to
    tune first); where it cannot, what is missing to have it."""
    subject = Subject(ctx, "top_statements", "performance", "Top SQL by total time", "耗时最多的 SQL")
    ext = first_row(rows["statements_extension"])
    if not statements_ready(ext):
        return [subject.check(INFO, detail=statements_missing(ext))]
    parts = []
    for row in rows["top_statements"]:
        total, calls = (to_float(row.get("total_ms")) or 0.0) / 1000, to_float(row.get("calls")) or 0.0
        text = " ".join(str(row.get("query") or "").split())[:80]
        parts.append(
            f"[{row.get('queryid')}] {to_float(row.get('share_pct')) or 0:.0f}% of the time: {total:.1f} s in "
            f"{calls:.0f} call(s) of {to_float(row.get('mean_ms')) or 0:.1f} ms, {row.get('username')} in "
            f"{row.get('database')}: {text}"
        )
    top = first_row(rows["top_statements"])
    value = (to_float(top.get("total_ms")) or 0.0) / 1000 if top else None
    detail = join_limited(parts, 5) if parts else "no statements recorded since pg_stat_statements was reset"
    if ctx.version >= 130000 and not statements_exec_columns(ext.get("extversion")):
        # Created before an upgrade to 13 and not updated since: read by its total_time columns.
        detail += (
            f"; extension pg_stat_statements {ext.get('extversion')} is older than the server's module (1.8 or "
            "later): ALTER EXTENSION pg_stat_statements UPDATE"
        )
    return [subject.check(INFO, value=value, unit="s", detail=detail)]


def statements_missing(ext: Row) -> str:
    """Why pg_stat_statements cannot be read, and what gives it."""
    if not ext.get("preloaded"):
        return (
            "pg_stat_statements is not in shared_preload_libraries: add it, restart, and CREATE EXTENSION "
            "pg_stat_statements for the top SQL"
        )
    if not ext.get("extversion"):
        return f"pg_stat_statements is loaded but not created in database {ext.get('database')} (CREATE EXTENSION)"
    return f"pg_stat_statements {ext.get('extversion')} is in a schema outside the probe role's search_path"


def ev_unused_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["unused_indexes"]
    total = sum(to_float(r.get("bytes")) or 0.0 for r in items)
    names = [qualified_name(r, "schemaname", "index_name") + f" {fmt_bytes(to_float(r.get('bytes')))}" for r in items]
    detail = (
        (f"{len(items)} index(es) never scanned since statistics reset: " + join_limited(names, 6)) if items else "none"
    )
    unused = Subject(ctx, "unused_indexes", "performance", "Unused indexes", "未使用的索引")
    return [unused.graded(total / MB, "pg_unused_index_size", detail)]


def counted(subject: Subject, tid: str, names: List[str]) -> Check:
    """The number of objects found, graded against ``tid`` and the first six named; PASS when there are none."""
    if not names:
        return subject.nothing_found(tid, unit="", value=0, detail="none")
    return subject.graded(len(names), tid, join_limited(names, 6))


def ev_duplicate_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["duplicate_indexes"]
    names = [qualified_name(r, "schema_name", "table_name") + f": {', '.join(r.get('indexes') or [])}" for r in items]
    duplicates = Subject(ctx, "duplicate_indexes", "performance", "Duplicate indexes", "重复索引")
    return [counted(duplicates, "pg_duplicate_indexes", names)]


def ev_stale_stats(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Tables changed past their autoanalyze threshold since the last ANALYZE (the statement selects them);
    "never analyzed" only when pg_class says so, as a statistics reset forgets last_analyze."""
    items = rows["stale_stats"]
    names = []
    for r in items:
        age = to_float(r.get("analyze_age_days"))
        name = qualified_name(r, "schemaname", "relname")
        changes = to_float(r.get("n_mod_since_analyze")) or 0
        if age is not None:
            names.append(f"{name} {changes:.0f} changes since analyze {age:.0f} d ago")
        elif never_counted(r):
            names.append(f"{name} never analyzed")
        else:
            names.append(f"{name} {changes:.0f} changes, not analyzed since statistics began")
    stale = Subject(
        ctx, "stale_statistics", "statistics", "Stale or missing optimizer statistics", "统计信息过期或缺失"
    )
    return [counted(stale, "pg_stale_stats", names)]


def never_counted(row: Row) -> bool:
    """pg_class says no VACUUM or ANALYZE ever counted the table: reltuples -1 (14+), or 0 with no pages."""
    tuples, pages = to_float(row.get("reltuples")), to_float(row.get("relpages"))
    if tuples is None:
        return True
    return tuples < 0 or (tuples == 0 and not pages)


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
