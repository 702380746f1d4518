# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cache, parse and sort ratios per interval: the counters' difference to the previous run's sample.

V$SYSSTAT, V$LIBRARYCACHE and V$ROWCACHE count since instance startup, so a ratio read from them
alone averages months of work and hides a bad week. Like established monitoring plugins
(check_oracle_health keeps the previous sample in a state file), each run keeps its counters in
the state file's memory (``ratio_sample``) and grades the difference to the previous sample. A
first run, a restart since the sample (another STARTUP_TIME or instance) and counters that went
back fall back to the figures since startup, and every detail says which interval it covers.
"""

from typing import Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, fmt_seconds, graded, pct, to_float
from ansible.module_utils.healthops.db.growth import parse_time
from ansible.module_utils.healthops.db.oracle.base import first

MEMORY_KEY = "ratio_sample"
# V$SYSSTAT statistic names (REFRN V-SYSSTAT, Statistics Descriptions) read by the ratios.
SYSSTAT = (
    "physical reads cache",
    "consistent gets from cache",
    "db block gets from cache",
    "parse count (total)",
    "parse count (hard)",
    "sorts (memory)",
    "sorts (disk)",
)
# V$LIBRARYCACHE (REFRN V-LIBRARYCACHE) and V$ROWCACHE (REFRN V-ROWCACHE) sums.
LIBRARY = ("pins", "pinhits", "reloads")
DICTIONARY = ("gets", "getmisses")


def counters(rows: Mapping[str, List[Row]]) -> Dict[str, float]:
    """The cumulative counters of this run, by name; NULLs left out."""
    found: Dict[str, Optional[float]] = {str(r.get("name")): to_float(r.get("value")) for r in rows["sysstat"]}
    lib, dic = first(rows["library_cache"]), first(rows["dictionary_cache"])
    found.update({f"library {k}": to_float(lib.get(k)) for k in LIBRARY})
    found.update({f"dictionary {k}": to_float(dic.get(k)) for k in DICTIONARY})
    return {k: v for k, v in found.items() if v is not None}


def interval(
    now: Dict[str, float], info: Row, ctx: EvalContext, key: str = MEMORY_KEY, new_from_zero: bool = False
) -> Tuple[Dict[str, float], str]:
    """(counters over the interval, which interval) and this run's sample remembered under ``key`` for the next.

    ``new_from_zero``: a counter the previous sample lacks started after it (a wait event first waited for since),
    so it counts from zero; otherwise such a sample is not comparable.
    """
    startup = str(info.get("startup_time") or "?")
    instance = str(info.get("instance_name") or "")
    previous = ctx.remembered(key) or {}
    ctx.memory[key] = {
        "time": ctx.now.isoformat(),
        "startup_time": startup,
        "instance": instance,
        "counters": now,
    }
    since_startup = f"since instance startup {startup}"
    if not isinstance(previous, dict) or not previous.get("counters"):
        return now, f"{since_startup} (first run: no earlier sample to compare with)"
    if previous.get("startup_time") != startup or previous.get("instance") != instance:
        return now, f"{since_startup} (the instance restarted after the previous sample)"
    before = dict(previous["counters"])
    if new_from_zero:
        before.update({k: 0.0 for k in now if to_float(before.get(k)) is None})
    deltas = {k: v - float(before[k]) for k, v in now.items() if to_float(before.get(k)) is not None}
    if set(deltas) != set(now) or any(v < 0 for v in deltas.values()):
        return now, f"{since_startup} (the previous sample does not match these counters)"
    taken = parse_time(previous.get("time"))
    span = fmt_seconds((ctx.now - taken).total_seconds()) if taken else "?"
    return deltas, f"over the {span} since the previous run ({str(previous.get('time'))[:16]})"


def _ratios(stat: Mapping[str, float]) -> List[Tuple[str, str, str, Optional[float], str]]:
    """(check id, title, Chinese title, ratio %, detail) of each cache and parse ratio of ``stat``."""
    logical = stat.get("consistent gets from cache", 0.0) + stat.get("db block gets from cache", 0.0)
    physical = stat.get("physical reads cache", 0.0)
    pins, pinhits = stat.get("library pins"), stat.get("library pinhits")
    gets, misses = stat.get("dictionary gets"), stat.get("dictionary getmisses")
    parses, hard = stat.get("parse count (total)", 0.0), stat.get("parse count (hard)", 0.0)
    sorts_mem, sorts_disk = stat.get("sorts (memory)", 0.0), stat.get("sorts (disk)", 0.0)
    reloads = stat.get("library reloads", 0.0)
    return [
        (
            "buffer_cache_hit",
            "Buffer cache hit ratio",
            "数据缓冲区命中率",
            100.0 * (1 - physical / logical) if logical else None,
            f"{physical:.0f} physical reads of {logical:.0f} logical reads",
        ),
        (
            "library_cache_hit",
            "Library cache hit ratio",
            "库缓存命中率",
            pct(pinhits, pins),
            f"{pinhits or 0:.0f} pin hits of {pins or 0:.0f} pins, {reloads:.0f} reloads",
        ),
        (
            "dictionary_cache_hit",
            "Dictionary cache hit ratio",
            "数据字典缓存命中率",
            100.0 * (1 - misses / gets) if gets and misses is not None else None,
            f"{misses or 0:.0f} misses of {gets or 0:.0f} gets",
        ),
        (
            "soft_parse",
            "Soft parse ratio",
            "软解析比例",
            100.0 * (1 - hard / parses) if parses else None,
            f"{hard:.0f} hard parses of {parses:.0f}; a low ratio points at literals instead of bind variables",
        ),
        (
            "memory_sort",
            "In-memory sort ratio",
            "内存排序比例",
            pct(sorts_mem, sorts_mem + sorts_disk),
            f"{sorts_disk:.0f} disk sorts of {sorts_mem + sorts_disk:.0f}",
        ),
    ]


def ev_ratios(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Each ratio over the interval since the previous run, graded against its threshold ``oracle_<check id>``."""
    stat, covered = interval(counters(rows), first(rows["instance"]), ctx)
    return [
        graded(ctx, cid, "performance", title, title_zh, value, f"oracle_{cid}", f"{detail}; {covered}")
        for cid, title, title_zh, value, detail in _ratios(stat)
    ]
