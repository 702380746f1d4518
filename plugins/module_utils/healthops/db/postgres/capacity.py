# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL capacity: database and tablespace sizes, growth per day."""

from typing import Any, List, Mapping, Tuple

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, check, fmt_bytes, join_limited, to_float
from ansible.module_utils.healthops.db.growth import add_sample, growth_per_day
from ansible.module_utils.healthops.db.postgres.base import MB


def _size_check(ctx: EvalContext, check_id: str, title: str, title_zh: str, total: float, detail: str) -> Check:
    """INFO: a total size in MB and what makes it up."""
    return check(
        ctx,
        check_id=check_id,
        category="capacity",
        title=title,
        title_zh=title_zh,
        status=INFO,
        value=round(total / MB, 1),
        unit="MB",
        detail=detail,
    )


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
    sizes_check = _size_check(ctx, "database_size", "Database sizes", "数据库大小", total, detail)
    return [sizes_check, growth_check(rates, ctx)]


def growth_check(rates: List[Tuple[float, Any]], ctx: EvalContext) -> Check:
    """Growth per day of all databases, from ``(bytes per day, name)``; unknown until a day-old sample exists."""
    value, detail = None, "no earlier size sample at least a day old: growth is known from the next run"
    if rates:
        rates = sorted(rates, reverse=True)
        value = round(sum(r for r, _ in rates) / MB, 2)
        detail = join_limited((f"{n} {fmt_bytes(r)}/d" for r, n in rates), 10)
    return check(
        ctx,
        check_id="database_growth",
        category="capacity",
        title="Database growth per day",
        title_zh="数据库日增长",
        status=INFO,
        value=value,
        threshold=None,
        unit="MB/d",
        detail=detail,
    )


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
    return [_size_check(ctx, "tablespace_size", "Tablespace sizes", "表空间大小", total, detail)]
