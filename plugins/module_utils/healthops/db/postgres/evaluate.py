# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluation of ``postgres_probe``: the registry binding evaluators to statements and profiles.

Each evaluator takes ``rows`` (statement name -> list of row dicts, column names as in
healthops.db.postgres.sql) and an ``EvalContext`` and returns checks; they live by concern in
this package (availability, capacity, sessions, replication, maintenance, backup, tuning).
``EVALUATORS`` keeps the order of the checks in the report. The names the probe and the tests
use are re-exported here, so ``evaluate`` stays the one entry point.
"""

from typing import List

from ansible.module_utils.healthops.db.context import Evaluator, connect_time_check, connection_error_check
from ansible.module_utils.healthops.db.postgres.availability import (
    describe_connect_error,
    ev_uptime,
    tls_check,
)
from ansible.module_utils.healthops.db.postgres.backup import ev_archive_backlog, ev_archiver
from ansible.module_utils.healthops.db.postgres.base import POSTGRES_THRESHOLDS, PREFIX
from ansible.module_utils.healthops.db.postgres.bloat import ev_index_bloat, ev_table_bloat
from ansible.module_utils.healthops.db.postgres.capacity import ev_database_sizes, ev_tablespace_sizes
from ansible.module_utils.healthops.db.postgres.events import ev_database_events, ev_standby_conflicts
from ansible.module_utils.healthops.db.postgres.maintenance import (
    ev_dead_tuples,
    ev_invalid_indexes,
    ev_vacuum_progress,
    ev_xid_age,
)
from ansible.module_utils.healthops.db.postgres.patching import ev_patch_level
from ansible.module_utils.healthops.db.postgres.replication import ev_replication, ev_slots
from ansible.module_utils.healthops.db.postgres.sequences import ev_sequences
from ansible.module_utils.healthops.db.postgres.sessions import (
    ev_blocking,
    ev_connections,
    ev_database_connections,
    ev_sessions,
)
from ansible.module_utils.healthops.db.postgres.standbys import ev_standbys
from ansible.module_utils.healthops.db.postgres.transactions import ev_prepared_xacts, ev_xmin_horizon
from ansible.module_utils.healthops.db.postgres.tuning import (
    ev_cache_hit,
    ev_checkpoints,
    ev_duplicate_indexes,
    ev_settings,
    ev_stale_stats,
    ev_top_statements,
    ev_unused_indexes,
)
from ansible.module_utils.healthops.db.postgres.wal import ev_checkpoint_age, ev_wal_size

EVALUATORS: List[Evaluator] = [
    Evaluator("uptime", "availability", "Server uptime", "数据库运行时间", ("server",), ev_uptime),
    Evaluator(
        "patch_level",
        "security",
        "Database patch level",
        "数据库补丁级别",
        ("server",),
        ev_patch_level,
        ("monthly",),
    ),
    Evaluator(
        "connections",
        "sessions",
        "Connections of max_connections",
        "连接数占用",
        ("connections",),
        ev_connections,
        ("monthly",),
    ),
    Evaluator(
        "database_connection_limit",
        "sessions",
        "Connections of per-database limits",
        "数据库连接数限额占用",
        ("database_connections",),
        ev_database_connections,
        ("monthly",),
    ),
    Evaluator("database_size", "capacity", "Database sizes", "数据库大小", ("database_sizes",), ev_database_sizes),
    Evaluator(
        "tablespace_size",
        "capacity",
        "Tablespace sizes",
        "表空间大小",
        ("tablespace_sizes",),
        ev_tablespace_sizes,
        ("monthly",),
    ),
    Evaluator(
        "xid_wraparound",
        "integrity",
        "Transaction ID wraparound age",
        "事务号回卷风险",
        ("xid_age", "oldest_tables"),
        ev_xid_age,
        ("monthly",),
    ),
    Evaluator(
        "replication_lag",
        "replication",
        "Replication lag",
        "复制延迟",
        ("replication", "standby"),
        ev_replication,
        ("monthly",),
    ),
    Evaluator(
        "standbys",
        "replication",
        "Expected and synchronous standbys",
        "预期与同步备库",
        ("replication", "standby"),
        ev_standbys,
        ("monthly",),
    ),
    Evaluator(
        "replication_slots",
        "replication",
        "Replication slots",
        "复制槽",
        ("replication_slots",),
        ev_slots,
        ("monthly",),
    ),
    Evaluator(
        "sessions",
        "sessions",
        "Long and idle-in-transaction sessions",
        "长会话与事务中空闲会话",
        ("sessions",),
        ev_sessions,
        ("monthly",),
    ),
    Evaluator(
        "prepared_transactions",
        "locks",
        "Prepared transactions",
        "预提交(两阶段)事务",
        ("prepared_xacts",),
        ev_prepared_xacts,
        ("monthly",),
    ),
    Evaluator(
        "xmin_horizon",
        "maintenance",
        "Oldest transaction horizon (xmin)",
        "最旧事务视界(xmin)",
        ("xmin_horizon", "xid_age"),
        ev_xmin_horizon,
        ("monthly",),
    ),
    Evaluator(
        "blocking_locks", "locks", "Sessions blocked by locks", "锁阻塞", ("blocking",), ev_blocking, ("monthly",)
    ),
    Evaluator(
        "dead_tuples",
        "maintenance",
        "Dead tuples and vacuum age",
        "死元组与清理",
        ("dead_tuples",),
        ev_dead_tuples,
        ("monthly",),
    ),
    Evaluator(
        "vacuum_progress",
        "maintenance",
        "Vacuums running long",
        "长时间运行的清理(vacuum)",
        ("vacuum_progress",),
        ev_vacuum_progress,
        ("monthly",),
    ),
    Evaluator(
        "sequences",
        "capacity",
        "Sequences close to their maximum",
        "序列接近上限",
        ("sequences",),
        ev_sequences,
        ("monthly",),
    ),
    Evaluator(
        "database_events",
        "integrity",
        "Deadlocks, temporary files, checksum failures",
        "死锁、临时文件与校验和错误",
        ("database_events",),
        ev_database_events,
        ("monthly",),
    ),
    Evaluator(
        "standby_conflicts",
        "availability",
        "Standby query conflicts",
        "备库查询冲突",
        ("standby_conflicts",),
        ev_standby_conflicts,
        ("monthly",),
    ),
    Evaluator(
        "invalid_indexes",
        "integrity",
        "Invalid indexes",
        "无效索引",
        ("invalid_indexes",),
        ev_invalid_indexes,
        ("monthly",),
    ),
    Evaluator("archiver", "backup", "WAL archiving", "WAL 归档", ("archiver",), ev_archiver, ("monthly",)),
    Evaluator(
        "archive_backlog",
        "backup",
        "WAL waiting to be archived",
        "待归档 WAL 积压",
        ("archiver", "archive_status"),
        ev_archive_backlog,
        ("monthly",),
    ),
    Evaluator(
        "wal_size", "capacity", "Size of pg_wal", "WAL 目录(pg_wal)大小", ("wal_size",), ev_wal_size, ("monthly",)
    ),
    Evaluator(
        "checkpoint_age",
        "performance",
        "Time since the last checkpoint",
        "距上次检查点时间",
        ("checkpoint_age",),
        ev_checkpoint_age,
        ("monthly",),
    ),
    Evaluator(
        "checkpoints",
        "performance",
        "Requested checkpoints",
        "检查点压力",
        ("checkpoints",),
        ev_checkpoints,
        ("tuning",),
    ),
    Evaluator(
        "cache_hit", "performance", "Buffer cache hit ratio", "缓存命中率", ("cache_hit",), ev_cache_hit, ("tuning",)
    ),
    Evaluator(
        "top_statements",
        "performance",
        "Top SQL by total time",
        "耗时最多的 SQL",
        ("statements_extension", "top_statements"),
        ev_top_statements,
        ("tuning",),
    ),
    Evaluator(
        "unused_indexes",
        "performance",
        "Unused indexes",
        "未使用的索引",
        ("unused_indexes",),
        ev_unused_indexes,
        ("tuning",),
    ),
    Evaluator(
        "duplicate_indexes",
        "performance",
        "Duplicate indexes",
        "重复索引",
        ("duplicate_indexes",),
        ev_duplicate_indexes,
        ("tuning",),
    ),
    Evaluator(
        "table_bloat",
        "capacity",
        "Table bloat (estimate)",
        "表膨胀(估算)",
        ("table_bloat",),
        ev_table_bloat,
        ("tuning",),
    ),
    Evaluator(
        "index_bloat",
        "capacity",
        "B-tree index bloat (estimate)",
        "B-tree 索引膨胀(估算)",
        ("index_bloat",),
        ev_index_bloat,
        ("tuning",),
    ),
    Evaluator(
        "stale_statistics",
        "statistics",
        "Stale or missing optimizer statistics",
        "统计信息过期或缺失",
        ("stale_stats",),
        ev_stale_stats,
        ("tuning",),
    ),
    Evaluator("parameters", "configuration", "Parameter review", "参数评审", ("settings",), ev_settings, ("tuning",)),
]

__all__ = [
    "EVALUATORS",
    "POSTGRES_THRESHOLDS",
    "PREFIX",
    "connect_time_check",
    "connection_error_check",
    "describe_connect_error",
    "ev_archive_backlog",
    "ev_archiver",
    "ev_blocking",
    "ev_cache_hit",
    "ev_checkpoint_age",
    "ev_checkpoints",
    "ev_connections",
    "ev_database_connections",
    "ev_database_events",
    "ev_database_sizes",
    "ev_dead_tuples",
    "ev_duplicate_indexes",
    "ev_index_bloat",
    "ev_invalid_indexes",
    "ev_prepared_xacts",
    "ev_replication",
    "ev_sequences",
    "ev_sessions",
    "ev_settings",
    "ev_slots",
    "ev_stale_stats",
    "ev_standby_conflicts",
    "ev_standbys",
    "ev_table_bloat",
    "ev_tablespace_sizes",
    "ev_top_statements",
    "ev_unused_indexes",
    "ev_uptime",
    "ev_vacuum_progress",
    "ev_wal_size",
    "ev_xid_age",
    "ev_xmin_horizon",
    "tls_check",
]
