# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Numbers the audit derives from what it read: times, trends, growth and gaps. Pure, Python >= 3.6."""

from __future__ import absolute_import, division, print_function

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

__metaclass__ = type

HOUR = 3600.0
DAY = 86400.0
ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


def parse_iso(text: Any) -> Optional[float]:
    """Epoch of an ISO 8601 time with its UTC offset (``Z`` or ``+08:00``); None when it is not one.

    A time without an offset is refused: the audit compares times of several hosts.
    """
    match = ISO_RE.match(str(text or "").strip())
    if not match or not match.group(3):
        return None
    offset = match.group(3)
    offset = "+0000" if offset == "Z" else offset.replace(":", "")
    # %z with a colon needs Python 3.7; the hosts may have 3.6.
    stamp = "%sT%s%s" % (match.group(1), match.group(2), offset)
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").timestamp()


def parse_day(text: Any) -> Optional[float]:
    """Epoch of an ISO 8601 time with its offset, or of a date alone (``2026-11-28``, its start in UTC).

    Dates an operator records by hand (an off-line copy taken) are days; a few hours either way do not
    change a limit counted in days.
    """
    value = str(text or "").strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return parse_iso(value + "T00:00:00Z")
    return parse_iso(value)


def median(values: Sequence[float]) -> Optional[float]:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2.0


def in_period(sets: Sequence[Dict[str, Any]], now: float, period_days: float) -> List[Dict[str, Any]]:
    """Good sets started within the period, newest first."""
    start = now - period_days * DAY
    return [s for s in sets if s.get("good") and s.get("time") is not None and s["time"] >= start]


def change_percent(newest: Optional[float], earlier: Sequence[float]) -> Optional[float]:
    """How far ``newest`` is from the median of ``earlier``, in percent (None without a base)."""
    base = median([v for v in earlier if v is not None])
    if newest is None or not base:
        return None
    return round((newest - base) * 100.0 / base, 1)


def growth_per_set(sets: Sequence[Dict[str, Any]]) -> float:
    """Average size growth from one good set to the next (bytes; 0 when shrinking or unknown)."""
    sizes = [s["size_bytes"] for s in sorted(sets, key=lambda s: s["time"]) if s.get("size_bytes") is not None]
    if len(sizes) < 2:
        return 0.0
    return max(0.0, (sizes[-1] - sizes[0]) / float(len(sizes) - 1))


def next_sets_bytes(sets: Sequence[Dict[str, Any]], count: int) -> Optional[float]:
    """Room ``count`` more sets need at the current growth: the newest size, growing each time."""
    sized = [s for s in sets if s.get("size_bytes") is not None]
    if not sized:
        return None
    newest = max(sized, key=lambda s: s["time"])["size_bytes"]
    growth = growth_per_set(sized)
    return float(sum(newest + growth * (i + 1) for i in range(count)))


def longest_gap_hours(times: Sequence[float], now: float) -> Optional[float]:
    """The RPO the backups give: the longest time without a good backup, up to now (hours)."""
    ordered = sorted({t for t in times if t is not None})
    if not ordered:
        return None
    gaps = [b - a for a, b in zip(ordered, ordered[1:])] + [now - ordered[-1]]
    return round(max(gaps) / HOUR, 1)


def human_bytes(size: Optional[float]) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(value) < 1024:
            return ("%d %s" % (value, unit)) if unit == "B" else ("%.1f %s" % (value, unit))
        value /= 1024.0
    return "%.1f TiB" % value
