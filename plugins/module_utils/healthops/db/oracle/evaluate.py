# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluation of ``oracle_probe``: ``EVALUATORS`` binds each evaluator to its statements and profiles.

Each ``ev_*`` function takes ``rows`` (statement name -> list of row dicts with
lower-case column names, as healthops.db.oracle.sql selects them) and an
``EvalContext`` and returns checks. They must cope with what real servers
return: NULLs, no rows, ``UNLIMITED`` limits, autoextend files whose MAXBYTES
is below their size, intervals as text. They live by concern in the modules of
this package (availability, capacity, sessions, integrity, backup_recovery,
replication, operations, tuning; shared bits in base); this module is their
registry, and names them for the tests.
"""

from typing import List

from ansible.module_utils.healthops.db.context import Evaluator
from ansible.module_utils.healthops.db.oracle.availability import ev_instance
from ansible.module_utils.healthops.db.oracle.backup_recovery import ev_rman
from ansible.module_utils.healthops.db.oracle.capacity import (
    ev_fra,
    ev_next_extent,
    ev_tablespace_growth,
    ev_tablespaces,
    ev_temp,
    ev_undo,
)
from ansible.module_utils.healthops.db.oracle.integrity import (
    ev_block_corruption,
    ev_datafiles,
    ev_invalid_objects,
    ev_registry,
    ev_unusable_indexes,
)
from ansible.module_utils.healthops.db.oracle.operations import (
    ev_alert_log,
    ev_dbms_jobs,
    ev_password_expiry,
    ev_scheduler,
)
from ansible.module_utils.healthops.db.oracle.patching import ev_patch_level
from ansible.module_utils.healthops.db.oracle.ratios import ev_ratios
from ansible.module_utils.healthops.db.oracle.replication import ev_apply_process, ev_dataguard, ev_redo
from ansible.module_utils.healthops.db.oracle.sessions import ev_blocking, ev_connected_users, ev_resource_limits
from ansible.module_utils.healthops.db.oracle.storage import ev_asm, ev_db_files
from ansible.module_utils.healthops.db.oracle.tuning import (
    ev_optimizer_statistics,
    ev_parameters,
    ev_segments,
    ev_top_sql,
    ev_wait_classes,
)
from ansible.module_utils.healthops.db.oracle.waits import (
    ev_enqueue_latch,
    ev_log_file_sync,
    ev_shared_pool,
    ev_top_events,
)

__all__ = [
    "EVALUATORS",
    "ev_alert_log",
    "ev_apply_process",
    "ev_asm",
    "ev_block_corruption",
    "ev_blocking",
    "ev_connected_users",
    "ev_datafiles",
    "ev_dataguard",
    "ev_db_files",
    "ev_dbms_jobs",
    "ev_enqueue_latch",
    "ev_fra",
    "ev_instance",
    "ev_invalid_objects",
    "ev_log_file_sync",
    "ev_next_extent",
    "ev_optimizer_statistics",
    "ev_parameters",
    "ev_password_expiry",
    "ev_patch_level",
    "ev_ratios",
    "ev_redo",
    "ev_registry",
    "ev_resource_limits",
    "ev_rman",
    "ev_scheduler",
    "ev_segments",
    "ev_shared_pool",
    "ev_tablespace_growth",
    "ev_tablespaces",
    "ev_temp",
    "ev_top_events",
    "ev_top_sql",
    "ev_undo",
    "ev_unusable_indexes",
    "ev_wait_classes",
]

EVALUATORS: List[Evaluator] = [
    Evaluator("uptime", "availability", "Instance uptime", "实例运行时间", ("instance",), ev_instance),
    Evaluator("tablespace", "capacity", "Tablespaces", "表空间", ("tablespaces",), ev_tablespaces, ("monthly",)),
    Evaluator(
        "next_extent",
        "capacity",
        "Tablespaces can allocate the next extent",
        "表空间可分配下一个区",
        ("next_extent",),
        ev_next_extent,
        ("monthly",),
    ),
    Evaluator("temp", "capacity", "Temporary tablespaces", "临时表空间", ("temp_tablespaces",), ev_temp, ("monthly",)),
    Evaluator("undo", "capacity", "Undo tablespaces", "回滚表空间", ("undo_tablespaces",), ev_undo, ("monthly",)),
    Evaluator("asm_diskgroup", "capacity", "ASM disk groups", "ASM 磁盘组", ("asm_diskgroups",), ev_asm, ("monthly",)),
    Evaluator(
        "db_files",
        "capacity",
        "Data files of DB_FILES",
        "数据文件数占 DB_FILES",
        ("db_files",),
        ev_db_files,
        ("monthly",),
    ),
    Evaluator("fra", "backup", "Fast recovery area", "快速恢复区使用率", ("fra",), ev_fra, ("monthly",)),
    Evaluator(
        "resource_limits",
        "sessions",
        "Sessions and processes of limit",
        "会话与进程数占用",
        ("resource_limits",),
        ev_resource_limits,
        ("monthly",),
    ),
    Evaluator(
        "connected_users",
        "sessions",
        "Connected users by status and type",
        "连接用户(按状态与类型)",
        ("connected_users",),
        ev_connected_users,
        ("monthly",),
    ),
    Evaluator(
        "invalid_objects",
        "integrity",
        "Invalid objects",
        "无效对象",
        ("invalid_objects",),
        ev_invalid_objects,
        ("monthly",),
    ),
    Evaluator(
        "unusable_indexes",
        "integrity",
        "Unusable indexes",
        "不可用索引",
        ("unusable_indexes",),
        ev_unusable_indexes,
        ("monthly",),
    ),
    Evaluator(
        "registry", "integrity", "Registry components", "数据库组件状态", ("registry",), ev_registry, ("monthly",)
    ),
    Evaluator(
        "patch_level",
        "security",
        "Database patch level",
        "数据库补丁级别",
        ("instance", "patch_level"),
        ev_patch_level,
        ("monthly",),
    ),
    Evaluator(
        "block_corruption",
        "integrity",
        "Corrupted blocks",
        "坏块",
        ("block_corruption",),
        ev_block_corruption,
        ("monthly",),
    ),
    Evaluator(
        "datafiles",
        "integrity",
        "Data files offline or needing recovery",
        "数据文件状态",
        ("datafile_status",),
        ev_datafiles,
        ("monthly",),
    ),
    Evaluator("backup_age", "backup", "RMAN backups", "RMAN 备份", ("instance", "rman_jobs"), ev_rman, ("monthly",)),
    Evaluator(
        "dataguard",
        "replication",
        "Archive gaps and Data Guard lag",
        "归档断档与 Data Guard 延迟",
        ("instance", "archive_dest", "archive_gap", "dataguard_stats"),
        ev_dataguard,
        ("monthly",),
    ),
    Evaluator(
        "apply_process",
        "replication",
        "Redo apply on a physical standby (MRP0)",
        "备库日志应用进程(MRP0)",
        ("instance", "apply_process"),
        ev_apply_process,
        ("monthly",),
    ),
    Evaluator(
        "alert_log",
        "logs",
        "ORA- errors in the alert log since the last run",
        "告警日志 ORA- 错误",
        ("instance", "container", "alert_log"),
        ev_alert_log,
        ("monthly",),
    ),
    Evaluator(
        "password_expiry",
        "security",
        "Password expiry of accounts",
        "账户口令到期",
        ("password_expiry",),
        ev_password_expiry,
        ("monthly",),
    ),
    Evaluator(
        "scheduler_jobs",
        "jobs",
        "Failed scheduler jobs",
        "失败的调度作业",
        ("scheduler_failures", "scheduler_broken"),
        ev_scheduler,
        ("monthly",),
    ),
    Evaluator(
        "dbms_jobs",
        "jobs",
        "Broken or failing DBMS_JOB jobs",
        "损坏或失败的 DBMS_JOB 作业",
        ("legacy_jobs",),
        ev_dbms_jobs,
        ("monthly",),
    ),
    Evaluator(
        "blocking_sessions",
        "locks",
        "Sessions blocked by locks",
        "锁阻塞会话",
        ("blocking_sessions",),
        ev_blocking,
        ("monthly",),
    ),
    Evaluator(
        "redo_switch_interval",
        "performance",
        "Redo log switch interval",
        "日志切换间隔",
        ("redo_switches", "redo_logs"),
        ev_redo,
        ("monthly",),
    ),
    Evaluator(
        "log_file_sync",
        "performance",
        "Log file sync (commit wait)",
        "日志文件同步等待(提交)",
        ("instance", "system_events"),
        ev_log_file_sync,
        ("monthly",),
    ),
    Evaluator(
        "hit_ratios",
        "performance",
        "Cache hit, parse and sort ratios",
        "命中率、解析与排序比例",
        ("instance", "sysstat", "library_cache", "dictionary_cache"),
        ev_ratios,
        ("tuning",),
    ),
    Evaluator(
        "wait_classes",
        "performance",
        "Top wait classes",
        "主要等待类别",
        ("wait_classes",),
        ev_wait_classes,
        ("tuning",),
    ),
    Evaluator(
        "top_events",
        "performance",
        "Top waiting events (foreground)",
        "主要等待事件(前台)",
        ("instance", "system_events"),
        ev_top_events,
        ("tuning",),
    ),
    Evaluator(
        "enqueue_latch",
        "performance",
        "Enqueue and latch waits",
        "队列锁与闩锁等待",
        ("instance", "system_events"),
        ev_enqueue_latch,
        ("tuning",),
    ),
    Evaluator(
        "shared_pool",
        "performance",
        "Shared pool free memory and reloads",
        "共享池空闲内存与重载",
        ("instance", "shared_pool", "library_cache"),
        ev_shared_pool,
        ("tuning",),
    ),
    Evaluator(
        "top_sql", "performance", "Top SQL by elapsed time", "耗时最多的 SQL", ("top_sql",), ev_top_sql, ("tuning",)
    ),
    Evaluator(
        "optimizer_statistics",
        "statistics",
        "Stale or missing optimizer statistics",
        "优化器统计信息过期或缺失",
        ("optimizer_statistics",),
        ev_optimizer_statistics,
        ("tuning",),
    ),
    Evaluator(
        "parameters", "configuration", "Parameter review", "参数评审", ("parameters",), ev_parameters, ("tuning",)
    ),
    Evaluator(
        "data_distribution",
        "capacity",
        "Data distribution",
        "数据分布",
        ("segments",),
        ev_segments,
        ("tuning",),
    ),
    Evaluator(
        "tablespace_days_to_full",
        "capacity",
        "Tablespace days until full",
        "表空间预计写满天数",
        ("tablespaces",),
        ev_tablespace_growth,
        ("tuning",),
    ),
]
