# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to do about each database check (Oracle, PostgreSQL): the recommendation (English, Chinese) per check id.

The database part of the catalogue (see healthops.report.advice_texts for the rules of its keys).
"""

from __future__ import annotations

# Checks of both database engines, without the engine prefix.
DB_SHARED = {
    "connect": (
        "Restore the connection: check the listener/service, the account and its password, and the network path.",
        "恢复数据库连接：检查监听/服务是否运行、账号口令是否有效以及网络是否可达。",
    ),
    "connect_time": (
        "Connecting is slow: check the listener, name resolution (reverse DNS) and the server's load.",
        "连接耗时过长：检查监听、域名解析（反向解析）及数据库服务器负载。",
    ),
    "tls": (
        "Enable TLS with certificate verification for the monitoring connection.",
        "为巡检连接启用 TLS 加密并验证服务器证书。",
    ),
    "uptime": (
        "The instance restarted recently: confirm the restart was planned and read the alert log.",
        "实例近期重启过：确认是否为计划内重启，并查看告警日志。",
    ),
    "sessions": (
        "Sessions near the limit: find idle or leaking connection pools and raise the limit if needed.",
        "会话数接近上限：排查空闲会话或连接池泄漏，必要时调大上限。",
    ),
    "parameters": (
        "Review the listed parameters with the DBA and change them in a maintenance window.",
        "请 DBA 评审所列参数，并在维护窗口调整。",
    ),
    "parameter.*": (
        "The parameter differs from the recommended value: review it with the DBA and change it in a window.",
        "该参数与建议值不符：请 DBA 评审后在维护窗口调整。",
    ),
    "parameters_nondefault": ("No action: for information.", "信息项，无需处理。"),
    "score": (
        "Act on the WARN and FAIL checks of this database; the score follows.",
        "处理该数据库的警告和异常项，评分随之恢复。",
    ),
    "state": ("No action: state kept for the next run.", "信息项（保存供下次比对的状态），无需处理。"),
    "changes": (
        "Review the changes since the previous run with the DBA and confirm they were planned.",
        "请 DBA 核对与上次检查相比的变化，确认均为计划内变更。",
    ),
}

# Texts shared by a check and its items (oracle.tablespace and oracle.tablespace.USERS).
_TABLESPACE = (
    "Add a data file or resize/autoextend one, or purge data, before the tablespace fills.",
    "在表空间写满前增加数据文件、扩大或开启自动扩展，或清理数据。",
)
_TEMP = (
    "Temporary space is short: find the sorts and hash joins using it or add a temp file.",
    "临时表空间不足：找出大量排序/哈希连接的语句，或增加临时文件。",
)
_UNDO = (
    "Undo space is short: find long transactions or enlarge the undo tablespace.",
    "回滚表空间不足：查找长事务，或扩大回滚表空间。",
)
_ASM = (
    "An ASM disk group is filling or degraded: add disks, free space, or replace the failed disk with the DBA.",
    "ASM 磁盘组空间不足或状态异常：由 DBA 增加磁盘、清理空间或更换故障磁盘。",
)

ORACLE = {
    "oracle.open_mode": (
        "Open the primary READ WRITE (or check the standby role) and read the alert log.",
        "将主库以 READ WRITE 方式打开（或核对备库角色），并查看告警日志。",
    ),
    "oracle.archivelog_mode": (
        "Switch the database to ARCHIVELOG mode in a window so that point-in-time recovery is possible.",
        "在维护窗口将数据库切换为归档模式，以支持基于时间点的恢复。",
    ),
    "oracle.alert_log": (
        "Read the ORA- errors in the alert log and resolve them with the DBA (or Oracle support).",
        "查看告警日志中的 ORA- 错误，由 DBA 处理，必要时联系 Oracle 支持。",
    ),
    "oracle.tablespace": _TABLESPACE,
    "oracle.tablespace.*": _TABLESPACE,
    "oracle.tablespace_days_to_full": (
        "At the current growth the tablespace fills soon: plan the extension and the disk space now.",
        "按当前增长速度表空间即将写满：请提前规划扩容及所需磁盘空间。",
    ),
    "oracle.temp": _TEMP,
    "oracle.temp.*": _TEMP,
    "oracle.undo": _UNDO,
    "oracle.undo.*": _UNDO,
    "oracle.asm_diskgroup": _ASM,
    "oracle.asm_diskgroup.*": _ASM,
    "oracle.fra": (
        "The recovery area is filling: back up and delete archive logs (RMAN) or raise db_recovery_file_dest_size.",
        "快速恢复区空间不足：通过 RMAN 备份并删除归档日志，或调大 db_recovery_file_dest_size。",
    ),
    "oracle.cdb_scope": (
        "Some PDBs were not covered: open them, or grant the monitoring user CONTAINER_DATA for them, "
        "and connect to CDB$ROOT.",
        "部分 PDB 未被检查：打开这些 PDB，或为巡检账号授予相应的 CONTAINER_DATA，并连接到 CDB$ROOT。",
    ),
    "oracle.connected_users": (
        "Review the connected users by status and type; end idle sessions of departed users with approval.",
        "核查各状态、类型的连接用户，经批准后清理长期空闲或无主的会话。",
    ),
    "oracle.enqueue_latch": (
        "Enqueue or latch waits are high: find the contended objects (AWR, V$LOCK) and tune the SQL with the DBA.",
        "队列锁或闩锁等待较多：由 DBA 结合 AWR、V$LOCK 找出争用对象并优化相关 SQL。",
    ),
    "oracle.next_extent": (
        "Segments cannot allocate their next extent: add space to the tablespace or enable autoextend.",
        "部分段无法分配下一个区：为表空间增加空间或开启自动扩展。",
    ),
    "oracle.datafiles": (
        "Recover and bring the data files online (RECOVER DATAFILE, ALTER DATABASE DATAFILE ... ONLINE).",
        "恢复并联机所列数据文件（RECOVER DATAFILE、ALTER DATABASE DATAFILE ... ONLINE）。",
    ),
    "oracle.block_corruption": (
        "Corrupt blocks: repair them with RMAN block media recovery and find the storage fault.",
        "存在坏块：使用 RMAN 块介质恢复修复，并排查存储故障。",
    ),
    "oracle.invalid_objects": (
        "Recompile the invalid objects (utlrp.sql) and fix those that stay invalid with the developers.",
        "执行 utlrp.sql 重新编译失效对象，仍失效的对象请开发人员处理。",
    ),
    "oracle.unusable_indexes": (
        "Rebuild the unusable indexes (ALTER INDEX ... REBUILD) in a quiet period.",
        "在业务低峰期重建不可用的索引（ALTER INDEX ... REBUILD）。",
    ),
    "oracle.registry": (
        "Registry components are not VALID: rerun the patch or upgrade scripts (datapatch, utlrp) with the DBA.",
        "数据库组件状态异常：由 DBA 重新执行补丁或升级脚本（datapatch、utlrp）。",
    ),
    "oracle.backup_age": (
        "No recent good RMAN backup: check the backup job and run a backup now.",
        "近期无成功的 RMAN 备份：检查备份作业并立即执行一次备份。",
    ),
    "oracle.rman_failures": (
        "Read the failed RMAN jobs' output, fix the cause and rerun the backup.",
        "查看失败 RMAN 作业的输出，排除原因后重新执行备份。",
    ),
    "oracle.blocking_sessions": (
        "Find the blocking session and its transaction; ask its owner to commit, or end it with approval.",
        "找出阻塞会话及其事务，通知相关人员提交，或经批准后终止该会话。",
    ),
    "oracle.resource_limits": (
        "Sessions or processes near the limit: find the connection surge or raise the parameter in a window.",
        "会话或进程数接近上限：查明连接激增原因，或在维护窗口调大相应参数。",
    ),
    "oracle.processes": (
        "Processes near the limit: find the connection surge or raise PROCESSES in a window.",
        "进程数接近上限：查明连接激增原因，或在维护窗口调大 PROCESSES 参数。",
    ),
    "oracle.password_expiry": (
        "Change the passwords of the listed accounts before they expire (see the rotation procedure).",
        "请在到期前按口令轮换流程修改所列账号的口令。",
    ),
    "oracle.patch_level": (
        "Apply the current release update in a maintenance window (see the patch procedure).",
        "请按补丁流程在维护窗口安装最新的版本更新（RU）。",
    ),
    "oracle.scheduler_jobs": (
        "Read the failed jobs' log (DBA_SCHEDULER_JOB_RUN_DETAILS) and fix them with their owners.",
        "查看失败作业的运行记录（DBA_SCHEDULER_JOB_RUN_DETAILS），与作业负责人共同修复。",
    ),
    "oracle.optimizer_statistics": (
        "Gather the stale statistics (DBMS_STATS) and check the automatic statistics job.",
        "使用 DBMS_STATS 收集过期统计信息，并检查自动统计信息收集作业。",
    ),
    "oracle.redo_switch_interval": (
        "Redo logs switch too often: enlarge the online redo log files.",
        "日志切换过于频繁：请增大联机重做日志文件。",
    ),
    "oracle.dataguard": (
        "Resolve the archive gap or transport error so the standby catches up (check the network and FAL).",
        "处理归档缺失或传输错误，使备库追平（检查网络及 FAL 配置）。",
    ),
    "oracle.dataguard_lag": (
        "The standby lags: check redo transport and apply (MRP) and the network between the sites.",
        "备库延迟：检查日志传输与应用进程（MRP）及两地之间的网络。",
    ),
    "oracle.archive_gap": (
        "Copy and register the missing archive logs on the standby, or let FAL fetch them.",
        "将缺失的归档日志复制到备库并注册，或由 FAL 自动获取。",
    ),
    "oracle.apply_process": (
        "Start redo apply on the standby (ALTER DATABASE RECOVER MANAGED STANDBY DATABASE DISCONNECT).",
        "在备库启动日志应用（ALTER DATABASE RECOVER MANAGED STANDBY DATABASE DISCONNECT）。",
    ),
    "oracle.hit_ratios": (
        "Review the memory sizing (SGA/PGA advisors) with the DBA.",
        "请 DBA 结合 SGA/PGA 顾问评估内存配置。",
    ),
    "oracle.buffer_cache_hit": (
        "Low buffer cache hit ratio: tune the heavy SQL or enlarge the buffer cache (SGA advisor).",
        "缓冲区命中率低：优化高消耗 SQL 或按 SGA 顾问扩大缓冲区。",
    ),
    "oracle.library_cache_hit": (
        "Low library cache hit ratio: use bind variables and size the shared pool.",
        "库缓存命中率低：应用使用绑定变量，并合理设置共享池大小。",
    ),
    "oracle.dictionary_cache_hit": (
        "Low dictionary cache hit ratio: enlarge the shared pool.",
        "字典缓存命中率低：适当扩大共享池。",
    ),
    "oracle.soft_parse": (
        "Too many hard parses: ask the developers to use bind variables.",
        "硬解析过多：请开发人员在 SQL 中使用绑定变量。",
    ),
    "oracle.memory_sort": (
        "Too many sorts on disk: raise PGA_AGGREGATE_TARGET or tune the sorting SQL.",
        "磁盘排序过多：调大 PGA_AGGREGATE_TARGET 或优化排序语句。",
    ),
    "oracle.wait_classes": (
        "Review the top wait class with the DBA (AWR report) and tune what causes it.",
        "请 DBA 结合 AWR 报告分析主要等待类别并优化。",
    ),
    "oracle.top_sql": (
        "Hand the top SQL to the developers for tuning (execution plan, indexes).",
        "将耗时最多的 SQL 交开发人员优化（执行计划、索引）。",
    ),
    "oracle.db_files": (
        "Data files near DB_FILES: raise DB_FILES in a window (restart needed) or use bigfile tablespaces.",
        "数据文件数接近 DB_FILES 上限：在维护窗口调大 DB_FILES（需重启），或使用大文件表空间。",
    ),
    "oracle.dbms_jobs": (
        "Fix the broken or failing DBMS_JOB jobs with their owners, or move them to the Scheduler.",
        "与作业负责人修复损坏或失败的 DBMS_JOB 作业，或迁移到 Scheduler。",
    ),
    "oracle.log_file_sync": (
        "Commits wait on redo writes: put the redo logs on faster storage and avoid committing row by row.",
        "提交等待日志写入：将重做日志放到更快的存储上，并避免逐行提交。",
    ),
    "oracle.shared_pool": (
        "Review the shared pool size with the DBA (shared pool advisor).",
        "请 DBA 结合共享池顾问评估共享池大小。",
    ),
    "oracle.shared_pool_free": (
        "Little free shared pool (risk of ORA-04031): enlarge the shared pool or use bind variables.",
        "共享池空闲内存不足（有 ORA-04031 风险）：扩大共享池或在应用中使用绑定变量。",
    ),
    "oracle.shared_pool_reloads": (
        "Library cache reloads: enlarge the shared pool so parsed SQL stays cached.",
        "库缓存重载较多：扩大共享池，使已解析的 SQL 保留在缓存中。",
    ),
    "oracle.top_events": (
        "Review the top wait events with the DBA (AWR report) and tune what causes them.",
        "请 DBA 结合 AWR 报告分析主要等待事件并优化。",
    ),
    "oracle.largest_segments": ("No action: for information.", "信息项，无需处理。"),
    "oracle.data_distribution": ("No action: for information.", "信息项，无需处理。"),
}

POSTGRES = {
    "postgres.database_access": (
        "A database could not be inspected: grant the monitoring role CONNECT and check pg_hba.conf.",
        "部分数据库无法检查：为巡检账号授予 CONNECT 权限并检查 pg_hba.conf。",
    ),
    "postgres.connections": (
        "Connections near max_connections: use a connection pool, close idle sessions or raise the limit.",
        "连接数接近 max_connections：使用连接池、关闭空闲会话，或调大上限。",
    ),
    "postgres.database_connection_limit": (
        "A database is near its CONNECTION LIMIT: find its clients or raise the limit (ALTER DATABASE).",
        "数据库连接数接近其 CONNECTION LIMIT：排查客户端连接或调大限制（ALTER DATABASE）。",
    ),
    "postgres.database_closed": (
        "No action: the database is closed to connections on purpose.",
        "信息项（该库已按计划关闭连接），无需处理。",
    ),
    "postgres.long_queries": (
        "Review the long queries with their owners; cancel them (pg_cancel_backend) if they block work.",
        "与相关人员核查长时间运行的查询，影响业务时使用 pg_cancel_backend 取消。",
    ),
    "postgres.idle_in_transaction": (
        "Fix the application that leaves transactions open; set idle_in_transaction_session_timeout.",
        "修复未及时提交事务的应用，并设置 idle_in_transaction_session_timeout。",
    ),
    "postgres.long_transactions": (
        "Long transactions hold back vacuum: ask the owner to commit or end the session with approval.",
        "长事务会阻止清理：通知相关人员提交，或经批准后终止会话。",
    ),
    "postgres.prepared_transactions": (
        "Commit or roll back the forgotten prepared transactions (COMMIT/ROLLBACK PREPARED gid).",
        "提交或回滚遗留的预备事务（COMMIT/ROLLBACK PREPARED gid）。",
    ),
    "postgres.blocking_locks": (
        "Find the blocking session (pg_blocking_pids); ask its owner to commit, or end it with approval.",
        "通过 pg_blocking_pids 找出阻塞会话，通知相关人员提交，或经批准后终止。",
    ),
    "postgres.xmin_horizon": (
        "The oldest xmin holds back vacuum: end the old transaction, slot or standby feedback that holds it.",
        "最老的 xmin 阻止清理：结束持有它的旧事务、复制槽或备库反馈。",
    ),
    "postgres.patch_level": (
        "Install the latest minor release of this major version (or the vendor's patch) in a maintenance window.",
        "请在维护窗口安装该大版本的最新小版本（或厂商发布的补丁），修复已公开的安全漏洞。",
    ),
    "postgres.xid_wraparound": (
        "Run VACUUM (FREEZE) on the listed tables now and check that autovacuum keeps up.",
        "立即对所列表执行 VACUUM (FREEZE)，并检查 autovacuum 是否跟得上。",
    ),
    "postgres.dead_tuples": (
        "Vacuum the listed tables and tune autovacuum for them.",
        "对所列表执行 VACUUM，并调整其 autovacuum 参数。",
    ),
    "postgres.vacuum_age": (
        "Tables not vacuumed for long: check autovacuum is on and not blocked, vacuum them by hand.",
        "表长期未清理：确认 autovacuum 已开启且未被阻塞，并手工执行 VACUUM。",
    ),
    "postgres.vacuum_progress": (
        "A VACUUM runs long: see what it waits for (a lock, a pinned page of a long query), end what blocks it, "
        "raise maintenance_work_mem when it passes over the indexes more than once; never cancel one that "
        "prevents wraparound.",
        "VACUUM 运行时间过长：查看其等待事件（锁、长查询占用的页面），处理阻塞它的会话；索引多次扫描时调大 "
        "maintenance_work_mem；不要取消防止事务号回卷的 VACUUM。",
    ),
    "postgres.stale_statistics": (
        "Run ANALYZE on the listed tables.",
        "对所列表执行 ANALYZE 更新统计信息。",
    ),
    "postgres.cache_hit": (
        "Low cache hit ratio: tune the heavy queries or raise shared_buffers.",
        "缓存命中率低：优化高消耗查询或调大 shared_buffers。",
    ),
    "postgres.checkpoints": (
        "Too many requested checkpoints: raise max_wal_size.",
        "请求检查点过多：调大 max_wal_size。",
    ),
    "postgres.archiver": (
        "WAL archiving fails: read the server log for archive_command errors and fix the archive target.",
        "WAL 归档失败：查看日志中 archive_command 的错误并修复归档目标。",
    ),
    "postgres.archive_age": (
        "No WAL archived recently: check archive_command and the archive target.",
        "近期没有 WAL 归档：检查 archive_command 及归档目标。",
    ),
    "postgres.archive_backlog": (
        "WAL waits to be archived: check archive_command and the archive target's space and reachability.",
        "待归档 WAL 积压：检查 archive_command 以及归档目标的空间和连通性。",
    ),
    "postgres.replication_lag": (
        "The standby lags: check the network and the standby's load and disk.",
        "备库延迟：检查网络以及备库的负载和磁盘。",
    ),
    "postgres.standbys": (
        "An expected or synchronous standby is not attached: check it is running and can reach the primary, "
        "and synchronous_standby_names.",
        "预期的备库或同步备库未连接：检查备库是否运行、能否连接主库，并核对 synchronous_standby_names。",
    ),
    "postgres.database_events": (
        "Deadlocks, checksum failures or temporary-file spills: read the server log, fix the storage "
        "(checksums) or the queries and work_mem with the DBA.",
        "出现死锁、数据校验失败或临时文件溢出：查看数据库日志，由 DBA 处理存储故障（校验失败）或优化查询与 work_mem。",
    ),
    "postgres.standby_conflicts": (
        "Queries on a standby were cancelled by recovery conflicts: raise max_standby_streaming_delay, "
        "set hot_standby_feedback, or run long reports on a standby that does not lag.",
        "备库查询因恢复冲突被取消：适当增大 max_standby_streaming_delay、开启 hot_standby_feedback，"
        "或将长报表查询放到允许延迟的备库。",
    ),
    "postgres.sequences": (
        "A sequence nears its maximum: widen it (ALTER SEQUENCE ... AS bigint / MAXVALUE) before inserts fail.",
        "序列接近最大值：在插入失败前扩大序列（ALTER SEQUENCE ... AS bigint 或调整 MAXVALUE）。",
    ),
    "postgres.wal_size": (
        "pg_wal holds more WAL than the settings keep: drop or reconnect the slot holding it, fix archiving, "
        "check checkpoints, and watch the free space of pg_wal's file system.",
        "pg_wal 中的 WAL 超过参数应保留的量：删除或恢复占用 WAL 的复制槽、修复归档、检查检查点，"
        "并关注 pg_wal 所在文件系统的剩余空间。",
    ),
    "postgres.checkpoint_age": (
        "No checkpoint for long while WAL is written: read the server log for a stalled checkpointer or slow "
        "storage (fsync); crash recovery and pg_wal grow meanwhile.",
        "长时间没有完成检查点而 WAL 持续写入：查看数据库日志，排查检查点进程卡住或存储（fsync）过慢；"
        "期间崩溃恢复时间和 pg_wal 都会增长。",
    ),
    "postgres.replication_slots": (
        "An inactive slot keeps WAL: reconnect its consumer or drop the slot (pg_drop_replication_slot).",
        "非活动复制槽会保留 WAL：恢复其使用者，或删除该复制槽（pg_drop_replication_slot）。",
    ),
    "postgres.invalid_indexes": (
        "Rebuild the invalid indexes (REINDEX INDEX CONCURRENTLY).",
        "重建失效的索引（REINDEX INDEX CONCURRENTLY）。",
    ),
    "postgres.table_bloat": (
        "Tables hold much more space than their rows need: find why autovacuum fell behind, then reclaim the "
        "space in a window (VACUUM FULL or pg_repack); let the probe role read the statistics to estimate all.",
        "表占用空间远超数据所需：查明 autovacuum 跟不上的原因，在维护窗口回收空间（VACUUM FULL 或 pg_repack）；"
        "需要估算全部表时，为巡检账号授予读取统计信息的权限。",
    ),
    "postgres.index_bloat": (
        "Indexes hold much more space than their entries need: rebuild them in a window (REINDEX INDEX "
        "CONCURRENTLY) and find what left so many dead entries.",
        "索引占用空间远超其条目所需：在维护窗口重建（REINDEX INDEX CONCURRENTLY），并查明产生大量死条目的原因。",
    ),
    "postgres.top_statements": (
        "Tune the statements that take the most time first (EXPLAIN ANALYZE, indexes, rewriting) with the "
        "developers; without pg_stat_statements, preload and create it.",
        "优先与开发人员优化耗时最多的 SQL（EXPLAIN ANALYZE、索引、改写）；未启用 pg_stat_statements 时，"
        "将其加入 shared_preload_libraries 并创建扩展。",
    ),
    "postgres.duplicate_indexes": (
        "Drop the duplicate indexes after the developers confirm.",
        "经开发人员确认后删除重复索引。",
    ),
    "postgres.unused_indexes": (
        "Review the unused indexes with the developers and drop those not needed.",
        "与开发人员核查未使用的索引，删除不需要的索引。",
    ),
    "postgres.database_growth": (
        "The database grows fast: find the growing tables and plan the disk space.",
        "数据库增长较快：查明增长较快的表，并提前规划磁盘空间。",
    ),
    "postgres.database_size": ("No action: for information.", "信息项，无需处理。"),
    "postgres.tablespace_size": ("No action: for information.", "信息项，无需处理。"),
}
