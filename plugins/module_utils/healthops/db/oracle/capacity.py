# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Capacity of an Oracle database: permanent, TEMP and UNDO tablespaces against their ceilings, the fast
recovery area, and tablespace days until full from the growth between runs.
"""

import math
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, INFO, PASS, WARN, threshold_text
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
from ansible.module_utils.healthops.db.growth import add_sample, days_until_full, growth_per_day
from ansible.module_utils.healthops.db.oracle.base import as_int, first, upper
from ansible.module_utils.healthops.db.oracle.cdb import container_label


def _tablespace_usage(row: Row) -> Tuple[Optional[float], Optional[float], Optional[float]]:
    """(used bytes, ceiling bytes, allocated bytes) of a permanent tablespace row.

    From 12.1 the row carries DBA_TABLESPACE_USAGE_METRICS' used space and maximum size (autoextend bounded by
    the file system's room); on 11.2 used is the allocation less DBA_FREE_SPACE and the ceiling MAXBYTES.
    """
    allocated = to_float(row.get("allocated_bytes"))
    metric_used, metric_max = to_float(row.get("used_bytes")), to_float(row.get("metric_max_bytes"))
    ceiling = metric_max if metric_used is not None and metric_max else to_float(row.get("max_bytes"))
    if allocated is None:
        return None, ceiling, None
    ceiling = max(ceiling or 0.0, allocated)
    if metric_used is not None:
        return metric_used, ceiling, allocated
    if "used_bytes" in row:
        return None, ceiling, allocated  # 12.1+ row without a metrics row: no usage figure, not a guess
    free = to_float(row.get("free_bytes")) or 0.0
    return max(0.0, allocated - free), ceiling, allocated


def _record_tablespace_samples(rows: List[Row], ctx: EvalContext) -> Dict[str, List[List[Any]]]:
    memory = dict(ctx.remembered("tablespaces", {}) or {})
    for row in rows:
        used, _, _ = _tablespace_usage(row)
        if used is not None:
            name = container_label(row, str(row.get("tablespace_name")))
            memory[name] = add_sample(memory.get(name, []), ctx.now, used)
    ctx.memory["tablespaces"] = memory
    return memory


def _tablespace_check(row: Row, ctx: EvalContext) -> Check:
    """One permanent tablespace: OFFLINE and READ ONLY shown as such, the others graded."""
    name = container_label(row, str(row.get("tablespace_name")))
    same = Subject(ctx, f"tablespace.{name}", "capacity", f"Tablespace {name}", f"表空间 {name}")
    status = upper(row.get("status"))
    used, ceiling, allocated = _tablespace_usage(row)
    if status == "OFFLINE":
        return same.check(status=WARN, unit="%", detail="tablespace is OFFLINE: its data cannot be read")
    if used is None and allocated is not None:
        return same.check(
            status=INFO,
            unit="%",
            detail=f"no DBA_TABLESPACE_USAGE_METRICS row yet (MMON refreshes it); allocated {fmt_bytes(allocated)}",
        )
    if used is None or not ceiling:
        return same.check(status=ERROR, unit="%", detail="no data file sizes (DBA_DATA_FILES returned nothing for it)")
    files = int(to_float(row.get("file_count")) or 0)
    auto = int(to_float(row.get("autoextensible_files")) or 0)
    detail = (
        f"{fmt_bytes(used)} used of {fmt_bytes(ceiling)} ceiling "
        f"(allocated {fmt_bytes(allocated)}; {auto} of {files} file(s) autoextend)"
    )
    value = pct(used, ceiling)
    if status == "READ ONLY":
        return same.check(status=INFO, value=value, unit="%", detail="READ ONLY: " + detail)
    return same.graded(value, "oracle_tablespace", detail)


def ev_tablespaces(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Permanent tablespaces against their autoextend ceiling; OFFLINE and READ ONLY shown as such."""
    checks = [_tablespace_check(row, ctx) for row in rows["tablespaces"]]
    _record_tablespace_samples(rows["tablespaces"], ctx)
    if not checks:
        none = Subject(ctx, "tablespace", "capacity", "Tablespaces", "表空间")
        checks.append(none.check(ERROR, unit="%", detail="no permanent tablespace visible"))
    return checks


NOT_HERE = (
    "no {kind} tablespace visible in this container: a PDB sharing CDB$ROOT's (12.1 shared undo, or a PDB without "
    "its own) is covered by probing CDB$ROOT"
)


def ev_temp(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    checks = []
    for row in rows["temp_tablespaces"]:
        name = container_label(row, str(row.get("tablespace_name")))
        temp = Subject(ctx, f"temp.{name}", "capacity", f"Temporary tablespace {name}", f"临时表空间 {name}")
        size, free = to_float(row.get("tablespace_size")), to_float(row.get("free_bytes"))
        allocated = to_float(row.get("allocated_bytes"))
        ceiling = max(to_float(row.get("max_bytes")) or 0.0, allocated or 0.0)
        if size is None or free is None or not ceiling:
            checks.append(temp.check(INFO, unit="%", detail=f"no usage figures ({upper(row.get('status'))})"))
            continue
        used = max(0.0, size - free)
        detail = f"{fmt_bytes(used)} in use of {fmt_bytes(ceiling)} ceiling (temp files {fmt_bytes(allocated)})"
        checks.append(temp.graded(pct(used, ceiling), "oracle_temp", detail))
    if not checks:
        none = Subject(ctx, "temp", "capacity", "Temporary tablespaces", "临时表空间")
        checks.append(none.check(INFO, unit="%", detail=NOT_HERE.format(kind="temporary")))
    return checks


def ev_undo(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Undo is graded on ACTIVE extents, which cannot be reused; UNEXPIRED and EXPIRED are shown."""
    checks = []
    for row in rows["undo_tablespaces"]:
        name = container_label(row, str(row.get("tablespace_name")))
        undo = Subject(ctx, f"undo.{name}", "capacity", f"Undo tablespace {name}", f"回滚表空间 {name}")
        allocated = to_float(row.get("allocated_bytes"))
        ceiling = max(to_float(row.get("max_bytes")) or 0.0, allocated or 0.0)
        if upper(row.get("status")) == "OFFLINE" or not ceiling:
            checks.append(undo.check(INFO, unit="%", detail=f"{upper(row.get('status')) or 'no size'}: not in use"))
            continue
        active = to_float(row.get("active_bytes")) or 0.0
        unexpired = to_float(row.get("unexpired_bytes")) or 0.0
        expired = to_float(row.get("expired_bytes")) or 0.0
        detail = (
            f"active {fmt_bytes(active)}, unexpired {fmt_bytes(unexpired)}, expired {fmt_bytes(expired)} "
            f"of {fmt_bytes(ceiling)} ceiling"
        )
        checks.append(undo.graded(pct(active, ceiling), "oracle_undo", detail))
    if not checks:
        # Shared undo (12.1 multitenant, or LOCAL_UNDO_ENABLED false): a PDB's DBA_ views show no undo tablespace.
        none = Subject(ctx, "undo", "capacity", "Undo tablespaces", "回滚表空间")
        checks.append(none.check(INFO, unit="%", detail=NOT_HERE.format(kind="undo")))
    return checks


def ev_fra(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = first(rows["fra"])
    fra = Subject(ctx, "fra", "backup", "Fast recovery area", "快速恢复区使用率")
    limit = to_float(row.get("space_limit"))
    if not row or not limit or not row.get("name"):
        return [fra.check(INFO, unit="%", detail="no fast recovery area configured (db_recovery_file_dest)")]
    used = to_float(row.get("space_used")) or 0.0
    reclaimable = to_float(row.get("space_reclaimable")) or 0.0
    net = max(0.0, used - reclaimable)
    detail = (
        f"{row.get('name')}: {fmt_bytes(net)} net of {fmt_bytes(reclaimable)} reclaimable, "
        f"limit {fmt_bytes(limit)}, {as_int(row, 'number_of_files')} files"
    )
    return [fra.graded(pct(net, limit), "oracle_fra", detail)]


def _tablespace_days(rows: List[Row], ctx: EvalContext) -> List[Tuple[float, str, str]]:
    history = ctx.remembered("tablespaces", {}) or {}
    found = []
    for row in rows:
        name = container_label(row, str(row.get("tablespace_name")))
        used, ceiling, _ = _tablespace_usage(row)
        if used is None or upper(row.get("status")) in ("OFFLINE", "READ ONLY"):
            continue
        rate = growth_per_day(history.get(name, []), ctx.now, used)
        days = days_until_full(used, ceiling, rate)
        if days is None:
            continue
        text = (
            f"{name} "
            + ("not growing" if math.isinf(days) else f"{days:.0f} d at {fmt_bytes(rate)}/d")
            + f" ({pct(used, ceiling) or 0:.0f}% used)"
        )
        found.append((days, name, text))
    found.sort()
    return found


def ev_tablespace_growth(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Days until the fullest-growing tablespace reaches its ceiling, from the samples of earlier runs."""
    title, title_zh = "Tablespace days until full", "表空间预计写满天数"
    same = Subject(ctx, "tablespace_days_to_full", "capacity", title, title_zh)
    found = _tablespace_days(rows["tablespaces"], ctx)
    _record_tablespace_samples(rows["tablespaces"], ctx)
    if not found:
        return [
            same.check(
                status=INFO,
                unit="d",
                detail="no size sample from a run at least a day earlier: growth is known from the next run",
            )
        ]
    soonest = found[0][0]
    detail = join_limited((f[2] for f in found), 6)
    if math.isinf(soonest):
        spec = ctx.thresholds["oracle_tablespace_days_to_full"]
        threshold = threshold_text(spec.get("warn"), spec.get("fail"), False, "d")
        return [same.check(status=PASS, threshold=threshold, unit="d", detail=detail)]
    return [same.graded(soonest, "oracle_tablespace_days_to_full", detail)]


def ev_next_extent(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Tablespaces where a segment's next extent is larger than the largest free chunk and no file can grow."""
    title, title_zh = "Tablespaces can allocate the next extent", "表空间可分配下一个区"
    same = Subject(ctx, "next_extent", "capacity", title, title_zh)
    items = rows["next_extent"]
    parts = [
        f"{r.get('tablespace_name')}: {as_int(r, 'segments')} segment(s) need up to "
        f"{fmt_bytes(to_float(r.get('largest_next')))}, largest free chunk "
        f"{fmt_bytes(to_float(r.get('largest_free')) or 0)}"
        for r in items
    ]
    detail = (
        join_limited(parts, 8) if parts else "every segment's next extent fits a free chunk or a file that can grow"
    )
    return [same.none_allowed(bool(items), sum(as_int(r, "segments") for r in items), detail, unit="segments")]
