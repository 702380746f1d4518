# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waits and memory over the interval since the previous run: log file sync (monthly), the top waiting events
and the shared pool's free memory and reloads (tuning).

V$SYSTEM_EVENT and V$LIBRARYCACHE count since startup; like the ratios, each figure is the difference to the
previous run's sample in the state file (``ratios.interval``), and the detail says which interval it covers.
"""

from typing import Dict, List, Mapping, Optional, Tuple

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
from ansible.module_utils.healthops.db.oracle.base import first
from ansible.module_utils.healthops.db.oracle.ratios import interval

LOG_FILE_SYNC = "log file sync"
TOP_EVENTS = 10


def _event_counters(rows: List[Row], only: Optional[str] = None) -> Dict[str, float]:
    """Foreground waits and microseconds per event: ``<event>\\twaits`` and ``<event>\\ttime``."""
    found: Dict[str, float] = {}
    for row in rows:
        event = str(row.get("event"))
        if only is not None and event != only:
            continue
        found[f"{event}\twaits"] = to_float(row.get("waits")) or 0.0
        found[f"{event}\ttime"] = to_float(row.get("time_us")) or 0.0
    return found


def ev_log_file_sync(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Average foreground 'log file sync' wait (commit latency) over the interval, in milliseconds."""
    sync = Subject(ctx, "log_file_sync", "performance", "Log file sync (commit wait)", "日志文件同步等待(提交)")
    counts, covered = interval(
        _event_counters(rows["system_events"], LOG_FILE_SYNC),
        first(rows["instance"]),
        ctx,
        "log_file_sync_sample",
        new_from_zero=True,
    )
    waits, time_us = counts.get(f"{LOG_FILE_SYNC}\twaits", 0.0), counts.get(f"{LOG_FILE_SYNC}\ttime", 0.0)
    if not waits:
        return [sync.check(INFO, unit="ms", detail=f"no commit waited {covered}")]
    average = time_us / waits / 1000.0
    detail = f"{waits:.0f} waits averaging {average:.1f} ms {covered}; slow commits point at redo log I/O"
    return [sync.graded(average, "oracle_log_file_sync", detail)]


def _top(counts: Mapping[str, float]) -> List[Tuple[float, float, str]]:
    """(microseconds, waits, event) of each event that waited, most time first."""
    events = {k.split("\t")[0] for k in counts}
    found = [(counts.get(f"{e}\ttime", 0.0), counts.get(f"{e}\twaits", 0.0), e) for e in events]
    return sorted((t for t in found if t[0] > 0), reverse=True)


def ev_top_events(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The non-idle events foreground sessions waited on longest over the interval (INFO: what to look at)."""
    events = Subject(ctx, "top_events", "performance", "Top waiting events (foreground)", "主要等待事件(前台)")
    classes = {str(r.get("event")): str(r.get("wait_class")) for r in rows["system_events"]}
    counts, covered = interval(
        _event_counters(rows["system_events"]), first(rows["instance"]), ctx, "event_sample", new_from_zero=True
    )
    top = _top(counts)
    total = sum(t for t, _, _ in top)
    if not total:
        return [events.check(INFO, unit="%", detail=f"no non-idle wait {covered}")]
    parts = [
        f"{e} ({classes.get(e)}) {100 * t / total:.0f}%, {t / 1e6:.0f} s, {t / w / 1000 if w else 0:.1f} ms avg"
        for t, w, e in top[:TOP_EVENTS]
    ]
    detail = f"{covered}: " + join_limited(parts, TOP_EVENTS)
    return [events.check(INFO, value=100 * top[0][0] / total, unit="%", detail=detail)]


def ev_shared_pool(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Shared pool free memory (now) and library cache reloads per pin (over the interval), each graded."""
    pool = first(rows["shared_pool"])
    size, free = to_float(pool.get("pool_bytes")), to_float(pool.get("free_bytes"))
    title = ("Shared pool free memory", "共享池空闲内存")
    free_check = Subject(ctx, "shared_pool_free", "performance", *title)
    detail = f"{fmt_bytes(free)} free of {fmt_bytes(size)} (V$SGASTAT); little free memory risks ORA-04031"
    checks = [free_check.graded(pct(free, size), "oracle_shared_pool_free", detail)]
    lib = first(rows["library_cache"])
    now = {k: v for k in ("pins", "reloads") for v in [to_float(lib.get(k))] if v is not None}
    counts, covered = interval(now, first(rows["instance"]), ctx, "shared_pool_sample")
    pins, reloads = counts.get("pins"), counts.get("reloads", 0.0)
    reload_check = Subject(ctx, "shared_pool_reloads", "performance", "Library cache reloads", "库缓存重载比例")
    detail = f"{reloads:.0f} reloads of {pins or 0:.0f} pins {covered}; reloads mean the shared pool aged objects out"
    checks.append(reload_check.graded(pct(reloads, pins), "oracle_shared_pool_reloads", detail))
    return checks


def _is_lock_wait(event: str) -> bool:
    """Enqueue ('enq: TX - row lock contention') and latch ('latch: shared pool', 'latch free') waits."""
    return event.startswith("enq:") or event.startswith("latch")


def ev_enqueue_latch(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Enqueue and latch waits as a share of the foreground non-idle wait time over the interval, graded."""
    locks = Subject(ctx, "enqueue_latch", "performance", "Enqueue and latch waits", "队列锁与闩锁等待")
    counts, covered = interval(
        _event_counters(rows["system_events"]), first(rows["instance"]), ctx, "event_sample", new_from_zero=True
    )
    top = _top(counts)
    total = sum(t for t, _, _ in top)
    mine = [(t, w, e) for t, w, e in top if _is_lock_wait(e)]
    if not total:
        return [locks.check(INFO, unit="%", detail=f"no non-idle wait {covered}")]
    parts = [f"{e} {t / 1e6:.0f} s ({t / w / 1000 if w else 0:.1f} ms avg)" for t, w, e in mine]
    share = 100.0 * sum(t for t, _, _ in mine) / total
    detail = f"{share:.1f}% of foreground wait time {covered}" + (": " + join_limited(parts, 6) if parts else "")
    return [locks.graded(share, "oracle_enqueue_latch", detail)]
