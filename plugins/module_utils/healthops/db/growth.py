# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Growth between runs: size samples kept in the state file, growth per day and days until full."""

import datetime as dt
import math
from typing import Any, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.db.compat import fromisoformat
from ansible.module_utils.healthops.db.context import to_float

# Samples of sizes kept per object for growth estimates (monthly runs: three years).
GROWTH_SAMPLES_KEPT = 40
# Samples older than this are not used for a growth rate.
GROWTH_WINDOW_DAYS = 400


def parse_time(text: Any) -> Optional[dt.datetime]:
    if isinstance(text, dt.datetime):
        return text if text.tzinfo else text.replace(tzinfo=dt.timezone.utc)
    if not text:
        return None
    try:
        value = fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def add_sample(samples: Sequence[Sequence[Any]], now: dt.datetime, used: float) -> List[List[Any]]:
    """Append (time, used) to a sample list, keeping the newest GROWTH_SAMPLES_KEPT."""
    kept = [list(s) for s in samples if isinstance(s, (list, tuple)) and len(s) == 2]
    kept.append([now.isoformat(), used])
    return kept[-GROWTH_SAMPLES_KEPT:]


def growth_per_day(samples: Sequence[Sequence[Any]], now: dt.datetime, used_now: float) -> Optional[float]:
    """Least-squares growth per day over the samples (and now); None with less than a day of history."""
    points: List[Tuple[float, float]] = []
    for when, used in samples:
        moment, amount = parse_time(when), to_float(used)
        if moment is None or amount is None:
            continue
        age = (now - moment).total_seconds() / 86400
        if 0 < age <= GROWTH_WINDOW_DAYS:
            points.append((-age, amount))
    if not points or max(-p[0] for p in points) < 1:
        return None
    points.append((0.0, used_now))
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    if sxx == 0:
        return None
    return sum((p[0] - mean_x) * (p[1] - mean_y) for p in points) / sxx


def days_until_full(used: Optional[float], capacity: Optional[float], per_day: Optional[float]) -> Optional[float]:
    """Days until ``used`` reaches ``capacity`` at ``per_day``; inf when not growing, None when unknown."""
    if used is None or capacity is None or per_day is None:
        return None
    if per_day <= 0:
        return math.inf
    return max(0.0, (capacity - used) / per_day)
