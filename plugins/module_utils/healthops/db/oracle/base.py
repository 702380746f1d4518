# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every part of the Oracle evaluation shares: the threshold catalogue, the constants, row helpers and
the binds derived from the previous run (window of days, alert-log position).

``ORACLE_THRESHOLDS`` is the shared defaults of the design plus the Oracle-specific ids.
"""

import datetime as dt
import math
import re
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import to_float
from ansible.module_utils.healthops.db.growth import parse_time

PREFIX = "oracle"

ORACLE_THRESHOLDS: Dict[str, Dict[str, Any]] = {
    "oracle_tablespace": dict(DEFAULT_THRESHOLDS["oracle_tablespace"]),
    "oracle_fra": dict(DEFAULT_THRESHOLDS["oracle_fra"]),
    "resource_limit": dict(DEFAULT_THRESHOLDS["resource_limit"]),
    "password_age": dict(DEFAULT_THRESHOLDS["password_age"]),
    "backup_age": dict(DEFAULT_THRESHOLDS["backup_age"]),
    "oracle_connect_time": {"warn": 1, "fail": 5, "unit": "s", "higher_is_worse": True},
    "oracle_temp": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_undo": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_asm_diskgroup": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_db_files": {"warn": 80, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_log_file_sync": {"warn": 10, "fail": 20, "unit": "ms", "higher_is_worse": True},
    "oracle_shared_pool_free": {"warn": 10, "fail": 5, "unit": "%", "higher_is_worse": False},
    "oracle_shared_pool_reloads": {"warn": 1, "fail": 10, "unit": "%", "higher_is_worse": True},
    "oracle_enqueue_latch": {"warn": 10, "fail": 25, "unit": "%", "higher_is_worse": True},
    "oracle_tablespace_days_to_full": {"warn": 90, "fail": 30, "unit": "d", "higher_is_worse": False},
    "oracle_invalid_objects": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "oracle_blocked": {"warn": 60, "fail": 300, "unit": "s", "higher_is_worse": True},
    "oracle_dataguard_lag": {"warn": 300, "fail": 1800, "unit": "s", "higher_is_worse": True},
    "oracle_redo_switch_interval": {"warn": 10, "fail": 3, "unit": "min", "higher_is_worse": False},
    "oracle_buffer_cache_hit": {"warn": 90, "fail": 80, "unit": "%", "higher_is_worse": False},
    "oracle_library_cache_hit": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    "oracle_dictionary_cache_hit": {"warn": 90, "fail": 85, "unit": "%", "higher_is_worse": False},
    "oracle_soft_parse": {"warn": 90, "fail": 80, "unit": "%", "higher_is_worse": False},
    "oracle_memory_sort": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    "oracle_wait_class": {"warn": 30, "fail": 50, "unit": "%", "higher_is_worse": True},
    "oracle_stale_statistics": {"warn": 10, "fail": 30, "unit": "%", "higher_is_worse": True},
}

# Alert-log errors that are a FAIL wherever they appear; any other ORA- error is a WARN.
CRITICAL_ORA = {
    "ORA-00600": "internal error",
    "ORA-07445": "exception (core dump)",
    "ORA-04031": "shared memory exhausted",
    "ORA-01578": "data block corrupted",
    "ORA-00257": "archiver stuck",
    "ORA-19809": "recovery area limit exceeded",
    "ORA-00020": "maximum number of processes exceeded",
    "ORA-00018": "maximum number of sessions exceeded",
    "ORA-01653": "unable to extend table",
    "ORA-01654": "unable to extend index",
    "ORA-01114": "I/O error writing a data file",
    "ORA-00353": "log corruption",
    "ORA-00312": "online log unavailable",
}
# Wait classes that point at something to fix when they dominate database time.
PROBLEM_WAIT_CLASSES = ("Application", "Concurrency", "Configuration", "Commit", "Cluster", "Network")
STANDBY_ROLES = ("PHYSICAL STANDBY", "LOGICAL STANDBY", "SNAPSHOT STANDBY")
DB_BACKUP_TYPES = ("DB FULL", "DB INCR")
# Without an earlier run, the alert log is read this far back and jobs this many days.
DEFAULT_WINDOW_DAYS = 31
MAX_WINDOW_DAYS = 92


def version_number(text: Any) -> int:
    """'19.0.0.0.0' -> 190000, '11.2.0.4.0' -> 110200; 0 when unreadable."""
    parts = re.findall(r"\d+", str(text or ""))
    if len(parts) < 2:
        return 0
    return int(parts[0]) * 10000 + int(parts[1]) * 100


def first(rows: List[Row]) -> Row:
    return rows[0] if rows else {}


def as_int(row: Row, key: str) -> int:
    """A count column as int, 0 for NULL."""
    return int(to_float(row.get(key)) or 0)


def upper(value: Any) -> str:
    return str(value or "").strip().upper()


# --------------------------------------------------------------------------- binds from state


def window_days(previous_run: Optional[str], now: dt.datetime) -> int:
    """Days since the previous run (whole, at least 1, at most 92), 31 without one."""
    moment = parse_time(previous_run)
    if moment is None:
        return DEFAULT_WINDOW_DAYS
    days = math.ceil((now - moment).total_seconds() / 86400)
    return int(min(MAX_WINDOW_DAYS, max(1, days)))


def alert_since(remembered: Optional[str], db_time: Optional[str], lookback_days: int = DEFAULT_WINDOW_DAYS) -> str:
    """Alert-log position to read from: the last run's, or ``lookback_days`` before the server's clock."""
    if remembered and parse_time(remembered) is not None:
        return str(remembered)
    base = parse_time(db_time) or dt.datetime.now(dt.timezone.utc)
    since = base - dt.timedelta(days=lookback_days)
    return since.isoformat(timespec="microseconds")


def interval_seconds(text: Any) -> Optional[float]:
    """V$DATAGUARD_STATS values such as '+00 00:05:12' (days hh:mi:ss) in seconds."""
    if text is None:
        return None
    match = re.match(r"^\s*([+-])?(\d+)\s+(\d+):(\d+):(\d+(?:\.\d+)?)\s*$", str(text))
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    days, hours, minutes, seconds = int(match.group(2)), int(match.group(3)), int(match.group(4)), float(match.group(5))
    return sign * (days * 86400 + hours * 3600 + minutes * 60 + seconds)
