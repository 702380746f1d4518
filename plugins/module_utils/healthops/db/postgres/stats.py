# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL cumulative statistics: since when they count, and counters taken per interval between runs.

A crash, an immediate shutdown, a restore from a base backup and a failover discard the cumulative
statistics (n_live_tup, last_vacuum, blks_hit...): after them a counter is small and a timestamp empty
with nothing wrong. ``stats_age_days`` and ``stats_reset_after_start_seconds`` come with the rows
(healthops.db.postgres.sql STATS_SINCE).
"""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import EvalContext, to_float

# Statistics that began within this many seconds of the postmaster's start were reset by it.
RESET_AT_START_SECONDS = 60.0


def stats_since(row: Row) -> Optional[str]:
    """'statistics began N d ago (...)' when the row says since when statistics count, else None."""
    age = to_float(row.get("stats_age_days"))
    if age is None:
        return None
    text = f"statistics began {age:.1f} d ago"
    after_start = to_float(row.get("stats_reset_after_start_seconds"))
    # At or just after the start: a reset by it (before it, the statistics outlived a clean restart).
    if after_start is not None and 0 <= after_start <= RESET_AT_START_SECONDS:
        text += " (statistics reset at the server's start: a crash, an immediate shutdown, a restore or a failover)"
    return text


def reltuples(row: Row) -> float:
    """The table's live rows: the larger of pg_class.reltuples (kept through a reset) and n_live_tup."""
    return max(to_float(row.get("reltuples")) or 0.0, to_float(row.get("n_live_tup")) or 0.0)


def stats_began(ctx: EvalContext, row: Row) -> Optional[float]:
    """When the row's statistics began (``stats_age_days`` before the run), in epoch seconds, or None."""
    age = to_float(row.get("stats_age_days"))
    return None if age is None else ctx.now.timestamp() - age * 86400.0


def interval_counters(
    ctx: EvalContext, key: str, current: Mapping[str, float], began: Optional[float] = None
) -> Tuple[Dict[str, float], Optional[str]]:
    """The counters' growth since the previous run (kept in the state's memory under ``key``), and how
    they were taken: 'since the previous run', 'since statistics were reset (after the previous run)' (a
    counter went down, or the statistics began after the previous sample (``began``, stats_began): the
    current values count since the reset) or None (no previous sample)."""
    ctx.memory[key] = dict(current)
    previous = ctx.remembered(key)
    previous_taken = to_float(ctx.remembered(key + "@taken"))
    if began is not None:
        ctx.memory[key + "@taken"] = ctx.now.timestamp()
    if not isinstance(previous, Mapping) or set(previous) != set(current):
        return dict(current), None
    deltas = {name: value - (to_float(previous.get(name)) or 0.0) for name, value in current.items()}
    # Before 15 a crash restart empties the counters, and by the next run they may have grown past the
    # previous sample: the statistics' start, later than that sample, still tells the reset.
    reset_since = began is not None and previous_taken is not None and began > previous_taken
    if reset_since or any(delta < 0 for delta in deltas.values()):
        return dict(current), "since statistics were reset (after the previous run)"
    return deltas, "since the previous run"


def first_stats_row(rows: List[Row]) -> Dict[str, Any]:
    """The first row with a ``stats_age_days``, for the statistics note of a check."""
    for row in rows:
        if row.get("stats_age_days") is not None:
            return dict(row)
    return {}
