# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The quarterly tuning review of an Oracle database (the hit ratios are in ``ratios``): wait classes, top SQL,
optimizer statistics, parameters against the recommendations, data distribution.
"""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import INFO, PASS
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    check,
    fmt_bytes,
    join_limited,
    pct,
    to_float,
)
from ansible.module_utils.healthops.db.oracle.base import PROBLEM_WAIT_CLASSES, as_int, first, upper
from ansible.module_utils.healthops.db.parameters import parse_quantity, review_parameters


def ev_wait_classes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    times = [(to_float(r.get("time_us")) or 0.0, str(r.get("wait_class"))) for r in rows["wait_classes"]]
    total = sum(t for t, _ in times)
    waits = Subject(ctx, "wait_classes", "performance", "Top wait classes (share of database time)", "主要等待类别")
    if not total:
        return [waits.check(INFO, unit="%", detail="no database time recorded")]
    times.sort(reverse=True)
    detail = join_limited((f"{name} {100 * t / total:.0f}%" for t, name in times), 6)
    problems = [(100 * t / total, name) for t, name in times if name in PROBLEM_WAIT_CLASSES]
    if not problems:
        return [waits.check(INFO, unit="%", detail=detail)]
    share, name = max(problems)
    return [waits.graded(share, "oracle_wait_class", f"{name} is the largest problem class; " + detail)]


def ev_top_sql(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["top_sql"]
    parts = []
    for row in items:
        execs = to_float(row.get("executions")) or 0.0
        elapsed = to_float(row.get("elapsed_seconds")) or 0.0
        per = f"{1000 * elapsed / execs:.1f} ms/exec" if execs else "not executed to completion"
        text = " ".join(str(row.get("sql_text") or "").split())[:60]
        parts.append(f"{row.get('sql_id')} {elapsed:.0f} s in {execs:.0f} execs ({per}): {text}")
    top = to_float(first(items).get("elapsed_seconds")) if items else None
    return [
        check(
            ctx,
            check_id="top_sql",
            category="performance",
            title="Top SQL by elapsed time",
            title_zh="耗时最多的 SQL",
            status=INFO,
            value=top,
            unit="s",
            detail=join_limited(parts, 10) if parts else "no SQL statistics",
        )
    ]


def ev_optimizer_statistics(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["optimizer_statistics"]
    total = sum(int(to_float(r.get("tables_total")) or 0) for r in items)
    stale = sum(int(to_float(r.get("stale")) or 0) for r in items)
    missing = sum(int(to_float(r.get("missing")) or 0) for r in items)
    locked = sum(int(to_float(r.get("locked")) or 0) for r in items)
    title, title_zh = "Stale or missing optimizer statistics", "优化器统计信息过期或缺失"
    statistics = Subject(ctx, "optimizer_statistics", "statistics", title, title_zh)
    if not total:
        return [statistics.check(PASS, value=0, unit="%", detail="no application tables")]
    bad = [r for r in items if (to_float(r.get("stale")) or 0) + (to_float(r.get("missing")) or 0) > 0]
    parts = [
        f"{r.get('owner')} {as_int(r, 'stale')} stale, {as_int(r, 'missing')} missing of {as_int(r, 'tables_total')}"
        for r in bad
    ]
    detail = f"{stale} stale and {missing} missing of {total} application tables ({locked} locked); " + (
        join_limited(parts, 6) if parts else "all current"
    )
    return [statistics.graded(pct(stale + missing, total), "oracle_stale_statistics", detail)]


def ev_parameters(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    settings: Dict[str, Tuple[Any, Optional[Tuple[float, str]]]] = {}
    nondefault = []
    for row in rows["parameters"]:
        name = str(row.get("name") or "").lower()
        value = row.get("value")
        display = row.get("display_value") if row.get("display_value") is not None else value
        settings[name] = ("" if display is None else str(display), parse_quantity(value) if value is not None else None)
        if upper(row.get("isdefault")) == "FALSE":
            nondefault.append(name)
    return review_parameters(ctx, settings, ctx.options.get("parameter_recommendations"), nondefault)


def _segment_text(row: Row) -> str:
    pieces, spaces = as_int(row, "pieces"), as_int(row, "tablespaces")
    where = str(row.get("tablespace_name")) + (f" and {spaces - 1} more tablespace(s)" if spaces > 1 else "")
    parts = f" ({pieces} partitions)" if pieces > 1 else ""
    return (
        f"{row.get('owner')}.{row.get('segment_name')} {row.get('segment_type')}{parts} in {where} "
        f"{fmt_bytes(to_float(row.get('bytes')))}"
    )


def ev_segments(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Sizes by owner and the largest segments (partitions summed), from the one pass of statement ``segments``."""
    owners: Dict[str, Tuple[float, int]] = {}
    for row in rows["segments"]:
        owners[str(row.get("owner"))] = (to_float(row.get("owner_bytes")) or 0.0, as_int(row, "owner_segments"))
    ranked = sorted(owners.items(), key=lambda item: -item[1][0])
    total = sum(size for size, _ in owners.values())
    owner_parts = [f"{owner} {fmt_bytes(size)} ({count} segments)" for owner, (size, count) in ranked]
    largest = sorted(
        (r for r in rows["segments"] if 0 < as_int(r, "segment_rank") <= 15), key=lambda r: as_int(r, "segment_rank")
    )
    top = to_float(first(largest).get("bytes"))
    return [
        check(
            ctx,
            check_id="data_distribution",
            category="capacity",
            title="Data distribution by owner",
            title_zh="数据分布(按用户)",
            status=INFO,
            value=round(total / 1024**3, 2),
            unit="GB",
            detail=join_limited(owner_parts, 15),
        ),
        check(
            ctx,
            check_id="largest_segments",
            category="capacity",
            title="Largest segments (partitions summed)",
            title_zh="最大的段(分区合计)",
            status=INFO,
            value=None if top is None else round(top / 1024**3, 2),
            unit="GB",
            detail=join_limited((_segment_text(r) for r in largest), 15),
        ),
    ]
