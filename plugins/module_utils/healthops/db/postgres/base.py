# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by the PostgreSQL evaluation modules: check id prefix, threshold catalogue, row helpers.

``POSTGRES_THRESHOLDS`` is the threshold catalogue (the shared defaults of the result model plus the
PostgreSQL-specific ids), validated with healthops.common.thresholds.validate_thresholds.
"""

from typing import Any, Dict, List

from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.db.catalogue import Row

PREFIX = "pg"


POSTGRES_THRESHOLDS: Dict[str, Dict[str, Any]] = {
    "resource_limit": dict(DEFAULT_THRESHOLDS["resource_limit"]),
    "pg_connect_time": {"warn": 1, "fail": 5, "unit": "s", "higher_is_worse": True},
    # Share of autovacuum_freeze_max_age (of autovacuum_multixact_freeze_max_age for multixacts).
    "pg_xid_age": {"warn": 90, "fail": 95, "unit": "%", "higher_is_worse": True},
    # Share of autovacuum_freeze_max_age held back by the oldest session, slot or prepared transaction.
    "pg_xmin_horizon": {"warn": 10, "fail": 50, "unit": "%", "higher_is_worse": True},
    "pg_replication_lag": {"warn": 60, "fail": 600, "unit": "s", "higher_is_worse": True},
    # WAL a standby has still to replay (a WAL receiver: to write), seen from either side.
    "pg_replication_lag_bytes": {"warn": 1024, "fail": 10240, "unit": "MB", "higher_is_worse": True},
    "pg_slot_retained": {"warn": 1024, "fail": 10240, "unit": "MB", "higher_is_worse": True},
    # Share of max_slot_wal_keep_size a slot may still fall behind before its WAL is removed (safe_wal_size, 13+).
    "pg_slot_safe_wal": {"warn": 50, "fail": 20, "unit": "%", "higher_is_worse": False},
    # pg_wal's size in multiples of what the settings keep (max_wal_size, wal_keep_size, max_slot_wal_keep_size).
    "pg_wal_size": {"warn": 1.5, "fail": 3, "unit": "times", "higher_is_worse": True},
    # Time since the last checkpoint (restartpoint) in multiples of checkpoint_timeout, with WAL written since.
    "pg_checkpoint_age": {"warn": 3, "fail": 10, "unit": "times", "higher_is_worse": True},
    "pg_long_query": {"warn": 300, "fail": 1800, "unit": "s", "higher_is_worse": True},
    "pg_idle_in_transaction": {"warn": 60, "fail": 600, "unit": "s", "higher_is_worse": True},
    "pg_transaction_age": {"warn": 300, "fail": 1800, "unit": "s", "higher_is_worse": True},
    "pg_prepared_xact_age": {"warn": 60, "fail": 300, "unit": "s", "higher_is_worse": True},
    "pg_blocked": {"warn": 30, "fail": 300, "unit": "s", "higher_is_worse": True},
    # Share of a sequence's range used (of max_value, or min_value when it counts down).
    "pg_sequence_used": {"warn": 75, "fail": 90, "unit": "%", "higher_is_worse": True},
    "pg_dead_tuples": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "pg_vacuum_age": {"warn": 7, "fail": 30, "unit": "d", "higher_is_worse": True},
    # How long the longest VACUUM now running has run (a wraparound one past WARN is FAIL).
    "pg_vacuum_running": {"warn": 60, "fail": 360, "unit": "min", "higher_is_worse": True},
    # No longer graded (the archive backlog is): kept so inventories that set it stay valid.
    "pg_archive_age": {"warn": 6, "fail": 24, "unit": "h", "higher_is_worse": True},
    "pg_archive_backlog": {"warn": 10, "fail": 100, "unit": "segments", "higher_is_worse": True},
    "pg_checkpoint_requested": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "pg_cache_hit": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    # Estimated share of a table's size beyond what its rows need (tables wasting 8 MB or more).
    "pg_table_bloat": {"warn": 50, "fail": 80, "unit": "%", "higher_is_worse": True},
    # The same for B-tree indexes (at their fillfactor, 90 by default).
    "pg_index_bloat": {"warn": 50, "fail": 80, "unit": "%", "higher_is_worse": True},
    "pg_unused_index_size": {"warn": 100, "fail": None, "unit": "MB", "higher_is_worse": True},
    "pg_duplicate_indexes": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "pg_stale_stats": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
}


MB = 1024 * 1024


def qualified_name(row: Row, schema: str, name: str) -> str:
    """database.schema.name (the database only for per-database rows)."""
    return ".".join(str(p) for p in (row.get("datname"), row.get(schema), row.get(name)) if p)


def first_row(rows: List[Row]) -> Row:
    return rows[0] if rows else {}
