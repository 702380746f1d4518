# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PostgreSQL family's own words in Chinese (PostgreSQL, KingbaseES, openGauss), as healthops.report.detail_texts_db.

Keys without the engine: healthops.report.detail reads them for ``postgres.<key>`` (the probe's
``pg.<key>`` ids are known by that name, healthops.report.advice.canonical).
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE

# The periods a counter is taken over (healthops.db.postgres.stats interval_counters and the first run's).
PERIOD = r"since (?:statistics reset|statistics were reset \(after the previous run\)|the previous run)"

PG = [
    # What a healthy PostgreSQL server's lines say.
    (
        "patch_level",
        r"no required level for (?P<major>\S+) in required_patch_level",
        "required_patch_level 中没有 {major} 的要求版本",
    ),
    ("patch_level", r"no required level for required_patch_level", "required_patch_level 中没有要求的版本"),
    ("patch_level", r"not graded", "未评级"),
    (
        "patch_level",
        r"(?P<product>.+?): its release could not be read from version\(\)",
        "{product}：无法从 version() 读取其版本",
    ),
    ("patch_level", r"(?P<why>.+), at or above (?P<required>\S+)", "{why}，不低于要求的 {required}"),
    ("patch_level", r"(?P<product>\S+) (?P<level>\S+)", "{product} {level}"),
    (
        "database_growth",
        r"no earlier size sample at least a day old: growth is known from the next run",
        "没有至少一天前的大小采样：下次巡检起可计算增长",
    ),
    ("replication_lag", r"primary with no standby attached", "主库，没有连接的备库"),
    (
        "standbys",
        r"no standby expected \(expected_standbys\) or synchronous; attached: (?P<attached>.+)",
        "未预期备库（expected_standbys），也没有同步备库；已连接：{attached}",
    ),
    (
        "archiver",
        r"archive_mode is off: no WAL archive \(point-in-time recovery is not possible\)",
        "archive_mode 为 off：没有 WAL 归档（无法做时间点恢复）",
    ),
    ("archive_backlog", r"no archiving here \(archive_mode=(?P<mode>\S+)\)", "本库不做归档（archive_mode={mode}）"),
    (
        "tls",
        r"(?P<protocol>\S+), server certificate verified against (?P<why_ca>.+) and its name matched \(verify-full\)",
        "{protocol}，服务器证书已用{why_ca}验证，且名称匹配（verify-full）",
    ),
    ("tls", r"CA file (?P<path>\S+)", " CA 文件 {path} "),
    ("tls", r"the system CA bundle (?P<path>\S+)", "系统 CA 证书包 {path} "),
    ("tls", r"the system CA store", "系统 CA 证书库"),
    ("tls", r"local Unix socket: TLS does not apply", "本地 Unix 套接字连接：不涉及 TLS"),
    ("database_connection_limit", r"no database has a connection limit", "没有数据库设置连接数上限"),
    ("replication_slots", r"no replication slots", "没有复制槽"),
    ("xmin_horizon", r"no session holds a snapshot", "没有会话持有快照"),
    ("blocking_locks", r"no session waits for another", "没有会话在等待其他会话"),
    (
        "dead_tuples",
        r"no table has (?P<n>\d+) dead tuples or more past its autovacuum threshold",
        "没有表的死元组达到 {n} 行以上且超过其 autovacuum 阈值",
    ),
    ("vacuum_age", r"no table with dead tuples past its autovacuum threshold", "没有死元组超过 autovacuum 阈值的表"),
    ("sequences", r"none used", "没有已使用的序列"),
    (
        "standbys",
        r"a standby: its primary checks which standbys are attached",
        "本库为备库：连接了哪些备库由其主库检查",
    ),
    ("xid_wraparound", r"no databases", "没有数据库"),
    ("uptime", r"(?P<why_version>.+) primary, up (?P<up>.+)", "{why_version}，主库，已运行 {up}"),
    (
        "uptime",
        r"(?P<why_version>.+) standby \(in recovery\), up (?P<up>.+)",
        "{why_version}，备库（恢复中），已运行 {up}",
    ),
    ("uptime", r"(?P<fork>.+?) \(reports PostgreSQL (?P<version>[^)]+)\)", "{fork}（兼容 PostgreSQL {version}）"),
    (
        "wal_size",
        rf"pg_wal (?P<size>{SIZE}) in (?P<files>\d+) file\(s\), the settings keep (?P<keep>{SIZE}) \(max_wal_size (?P<max>{SIZE}|\?), (?P<keep_name>wal_keep_size|wal_keep_segments) (?P<keep_size>{SIZE}|\?), max_slot_wal_keep_size (?P<why_slot>{SIZE}|\?|unlimited|none \(before 13\))\)",
        "pg_wal 共 {size}（{files} 个文件），按配置保留 {keep}（max_wal_size {max}，{keep_name} {keep_size}，max_slot_wal_keep_size {why_slot}）",
    ),
    ("wal_size", r"unlimited", "不限"),
    ("wal_size", r"none \(before 13\)", "无（13 之前的版本没有此参数）"),
    (
        "wal_size",
        rf"slot (?P<slot>\S+) holds the oldest WAL, (?P<size>{SIZE})",
        "复制槽 {slot} 持有最早的 WAL，{size}",
    ),
    ("wal_size", r"(?P<why>.+): no limit to compare with", "{why}：没有可比较的上限"),
    (
        "wal_size",
        r"else WAL waiting to be archived \(pg\.archive_backlog\) or no recent checkpoint \(pg\.checkpoint_age\)",
        "其他可能原因：WAL 等待归档（pg.archive_backlog）或近期没有检查点（pg.checkpoint_age）",
    ),
    ("checkpoint_age", r"(?P<why>.+): less than one segment, not graded", "{why}：不足一个 WAL 段，不评级"),
    (
        "checkpoint_age",
        rf"last checkpoint (?P<ago>.+?) ago \(checkpoint_timeout (?P<timeout>[^)]*)\), (?P<written>{SIZE}) of WAL written since its redo point",
        "最近一次检查点在 {ago} 前（checkpoint_timeout {timeout}），自其重做点以来写入 WAL {written}",
    ),
    (
        "checkpoint_age",
        rf"last restartpoint (?P<ago>.+?) ago \(checkpoint_timeout (?P<timeout>[^)]*)\), (?P<written>{SIZE}) of WAL written since its redo point",
        "最近一次重启点（备库的检查点）在 {ago} 前（checkpoint_timeout {timeout}），自其重做点以来写入 WAL {written}",
    ),
    # PostgreSQL family
    (
        "database_events",
        rf"(?P<deadlocks>\d+) deadlock\(s\), (?P<files>\d+) temporary file\(s\) \((?P<size>{SIZE})\) (?P<why>since [^;]+)",
        "{why}：死锁 {deadlocks} 次，临时文件 {files} 个（{size}）",
    ),
    ("database_events", r"(?P<n>\d+) data checksum failure\(s\) (?P<why>since [^;]+)", "{why}：数据校验和失败 {n} 次"),
    ("sequences", rf"(?P<sequence>\S+) (?P<pct>{NUM}%) of (?P<limit>-?\d+)", "{sequence} 已用 {pct}（上限 {limit}）"),
    (
        "standby_conflicts",
        r"(?P<why>.+) \(a primary: conflicts happen on standbys\)",
        "{why}（本库为主库：恢复冲突只发生在备库上）",
    ),
    (
        "standby_conflicts",
        rf"(?P<n>\d+) query\(ies\) cancelled by recovery conflicts (?P<why>{PERIOD}) \((?P<kinds>[\w, ]+)\)",
        "{why}：有 {n} 个查询因恢复冲突被取消（{kinds}）",
    ),
    (
        "standby_conflicts",
        rf"(?P<n>\d+) query\(ies\) cancelled by recovery conflicts (?P<why>{PERIOD})",
        "{why}：有 {n} 个查询因恢复冲突被取消",
    ),
    (
        "archive_backlog",
        r"(?P<n>\d+) WAL segment\(s\) of (?P<size>\S+) waiting, the oldest for (?P<age>.+)",
        "{n} 个 WAL 段（每段 {size}）等待归档，最早的已等待 {age}",
    ),
    (
        "archiver",
        r"standby with archive_mode=(?P<mode>\S+): it archives only with archive_mode=always \(the primary archives\)",
        "备库，archive_mode={mode}：备库只有 archive_mode=always 时才归档（由主库归档）",
    ),
    (
        "archiver",
        r"(?P<n>\d+) WAL archived, (?P<failed>\d+) failures since statistics reset",
        "自统计信息重置以来已归档 WAL {n} 个，失败 {failed} 次",
    ),
    (
        "archiver",
        r"(?P<n>\d+) archive failure\(s\) since the previous run, since recovered",
        "自上次巡检以来归档失败 {n} 次，现已恢复",
    ),
    (
        "archiver",
        r"archive_command is failing: last failed WAL (?P<wal>\S+) (?P<ago>.+) ago, after the last success",
        "archive_command 正在失败：最近失败的 WAL 为 {wal}（{ago} 前），晚于最近一次成功",
    ),
    (
        "cache_hit",
        r"(?P<hits>\d+) hits, (?P<reads>\d+) reads (?P<why>since [^;]+)",
        "{why}：命中 {hits} 次，读取 {reads} 次",
    ),
    (
        "checkpoints",
        r"(?P<requested>\d+) requested, (?P<timed>\d+) timed \((?P<skipped>\d+) skipped, not counted\) (?P<why>since [^;]+)",
        "{why}：请求的检查点 {requested} 次，定时检查点 {timed} 次（跳过 {skipped} 次，未计入）",
    ),
    (
        "checkpoints",
        r"(?P<requested>\d+) requested, (?P<timed>\d+) timed (?P<why>since [^;]+)",
        "{why}：请求的检查点 {requested} 次，定时检查点 {timed} 次",
    ),
    (
        "checkpoints",
        r"checkpoint_timeout (?P<timeout>\S+), max_wal_size (?P<size>\S+) \(raise max_wal_size if high\)",
        "checkpoint_timeout {timeout}，max_wal_size {size}（请求的检查点偏多时调大 max_wal_size）",
    ),
    (
        "checkpoints",
        r"checkpoint_timeout (?P<timeout>\S+), max_wal_size (?P<size>\S+): too few checkpoints to judge",
        "checkpoint_timeout {timeout}，max_wal_size {size}：检查点次数太少，无法判断",
    ),
    (
        "checkpoints",
        r"(?P<why>since .+?) \(a standby: restartpoints counted as checkpoints\)",
        "{why}（本库为备库：重启点计为检查点）",
    ),
    (
        "cache_hit",
        r"only (?P<n>\d+) block accesses (?P<why>since .+): too little to judge",
        "{why}：仅 {n} 次块访问，数据太少，无法判断",
    ),
    ("*", r"since statistics were reset \(after the previous run\)", "自统计信息重置（晚于上次巡检）以来"),
    (
        "connections",
        r"(?P<n>\d+) in use of (?P<slots>\d+) slots for ordinary roles \(max_connections (?P<max>\d+) less (?P<reserved>\d+) reserved\)",
        "普通角色已用连接 {n} 个，共 {slots} 个（max_connections {max} 减去保留的 {reserved} 个）",
    ),
    ("*", rf"statistics began (?P<days>{NUM}) d ago", "统计信息始于 {days} 天前"),
    ("*", r"no value", "无数值"),
    ("dead_tuples", r"(?P<table>\S+) (?P<pct>\d+%) dead \((?P<n>\d+)\)", "{table} 死元组占 {pct}（{n} 行）"),
    (
        "*",
        rf"statistics began (?P<days>{NUM}) d ago \(statistics reset at the server's start: a crash, an immediate shutdown, a restore or a failover\)",
        "统计信息始于 {days} 天前（服务器启动时统计信息被重置：崩溃、立即关闭、恢复或故障切换）",
    ),
    (
        "replication_lag",
        rf"(?P<name>.+?) WAL receiver \(does not replay\) (?P<state>\w+)/(?P<mode>\w+) write lag (?P<lag>{NUM} s), (?P<behind>{SIZE}|\?) behind",
        "{name} WAL 接收程序（不重放）{state}/{mode}，写入延迟 {lag}，落后 {behind}",
    ),
    ("vacuum_age", rf"(?P<table>\S+) vacuumed (?P<days>{NUM}) d ago", "{table} 于 {days} 天前执行过 VACUUM"),
    (
        "invalid_indexes",
        r"rebuild with REINDEX INDEX CONCURRENTLY or drop: (?P<why_indexes>.+)",
        "请用 REINDEX INDEX CONCURRENTLY 重建或删除：{why_indexes}",
    ),
    ("prepared_transactions", r"(?P<n>\d+) prepared", "{n} 个预备事务"),
    (
        "prepared_transactions",
        r"end with COMMIT PREPARED or ROLLBACK PREPARED '<gid>'",
        "请用 COMMIT PREPARED 或 ROLLBACK PREPARED '<gid>' 结束",
    ),
    (
        "replication_lag",
        r"(?P<name>\S+): WAL receiver streaming, last replayed transaction (?P<ago>.+) ago",
        "{name}：WAL 接收进程正在流复制，最近重放的事务在 {ago} 前",
    ),
    (
        "replication_lag",
        rf"(?P<name>\S+) (?P<state>\w+)/(?P<mode>\w+) replay lag (?P<lag>{NUM} s), (?P<behind>{SIZE}|\?) behind",
        "{name}（{state}/{mode}）重放延迟 {lag}，落后 {behind}",
    ),
    (
        "replication_slots",
        rf"(?P<slot>\S+) \((?P<kind>\w+)\) retains (?P<size>{SIZE}), inactive",
        "{slot}（{kind}）保留 WAL {size}，未激活",
    ),
    (
        "replication_slots",
        rf"(?P<slot>\S+) \((?P<kind>\w+)\) retains (?P<size>{SIZE})",
        "{slot}（{kind}）保留 WAL {size}",
    ),
    ("stale_statistics", r"(?P<table>\S+) never analyzed", "{table} 从未执行 ANALYZE"),
    (
        "stale_statistics",
        r"(?P<table>\S+) (?P<n>\d+) changes, not analyzed since statistics began",
        "{table} 有 {n} 行变更，自统计信息开始以来未执行 ANALYZE",
    ),
    ("standbys", r"expected standby (?P<name>\S+) not attached", "预期的备库 {name} 未连接"),
    (
        "standbys",
        r"synchronous standby (?P<name>\S+) not attached: commits wait \((?P<setting>.+)\)",
        "同步备库 {name} 未连接：提交将等待（{setting}）",
    ),
    ("standbys", r"synchronous standby (?P<name>\S+) not attached", "同步备库 {name} 未连接"),
    (
        "standbys",
        r"fewer than (?P<n>\d+) synchronous standbys attached: commits wait \((?P<setting>.+)\)",
        "已连接的同步备库少于 {n} 个：提交将等待（{setting}）",
    ),
    (
        "unused_indexes",
        r"(?P<n>\d+) index\(es\) never scanned since statistics reset: (?P<indexes>.+)",
        "自统计信息重置以来有 {n} 个索引从未被扫描：{indexes}",
    ),
    ("vacuum_age", r"(?P<table>\S+) never vacuumed", "{table} 从未执行 VACUUM"),
    (
        "vacuum_age",
        rf"(?P<table>\S+) not vacuumed since statistics began (?P<days>{NUM}) d ago",
        "{table} 自 {days} 天前统计信息开始以来未执行 VACUUM",
    ),
    (
        "xid_wraparound",
        r"(?P<database>\S+) xid age (?P<age>\d+) of autovacuum_freeze_max_age (?P<limit>\d+)",
        "{database} 的事务 ID 年龄为 {age}，autovacuum_freeze_max_age 为 {limit}",
    ),
    (
        "xid_wraparound",
        r"(?P<database>\S+) multixact age (?P<age>\d+) of autovacuum_multixact_freeze_max_age (?P<limit>\d+)",
        "{database} 的 multixact 年龄为 {age}，autovacuum_multixact_freeze_max_age 为 {limit}",
    ),
    (
        "xid_wraparound",
        r"(?P<database>\S+) (?P<kind>\S+) age (?P<age>\d+) of autovacuum_(?P<setting>\w+) (?P<limit>\d+)",
        "{database} 的 {kind} 年龄为 {age}，autovacuum_{setting} 为 {limit}",
    ),
    ("xid_wraparound", r"oldest tables: (?P<tables>.+)", "最老的表：{tables}"),
    ("xmin_horizon", r"autovacuum_freeze_max_age (?P<limit>\d+)", "autovacuum_freeze_max_age 为 {limit}"),
    (
        "connections",
        r"no free slot for ordinary users: (?P<why>.+)",
        "普通用户已没有空闲的连接槽位：{why}",
    ),
    (
        "database_closed",
        r"closed on purpose \(CONNECTION LIMIT 0 or ALLOW_CONNECTIONS false\), not inspected: (?P<databases>.+)",
        "已被有意关闭（CONNECTION LIMIT 0 或 ALLOW_CONNECTIONS false），未检查：{databases}",
    ),
    (
        "sequences",
        r"(?P<n>\d+) sequence\(s\) the probe role may not read",
        "探测角色无权读取的序列有 {n} 个",
    ),
    # Bloat: the relations none of which wastes the minimum, and those not estimated (kind: table(s), index(es)).
    (
        "*_bloat",
        rf"none wastes (?P<min>{SIZE}) or more of (?P<n>\d+) (?P<why_kind>\S+) estimated",
        "已估算的 {n} {why_kind}中，没有浪费 {min} 及以上空间的",
    ),
    ("*_bloat", r"table\(s\)", "个表"),
    ("*_bloat", r"index\(es\)", "个索引"),
    (
        "*_bloat",
        r"(?P<n>\d+) (?P<why_kind>\S+) of 1 MB or more not estimated: the probe role may not read their statistics \(pg_stats shows only columns it may SELECT\): (?P<why_grant>.+)",
        "{n} {why_kind}（1 MB 及以上）未估算：探测角色无权读取其统计信息（pg_stats 只显示该角色可 SELECT 的列）：{why_grant}",
    ),
    (
        "*_bloat",
        r"GRANT pg_read_all_data \(14\+\), or SELECT on them, to the probe role",
        "请将 pg_read_all_data（14 及以上版本）或对这些对象的 SELECT 权限授予探测角色",
    ),
    (
        "*_bloat",
        r"(?P<n>\d+) (?P<why_kind>\S+) of 1 MB or more not estimated: no statistics \(never analyzed\)",
        "{n} {why_kind}（1 MB 及以上）未估算：没有统计信息（从未执行 ANALYZE）",
    ),
    # pg_stat_statements, for the top SQL (healthops.db.postgres.tuning statements_missing).
    (
        "top_statements",
        r"no statements recorded since pg_stat_statements was reset",
        "自 pg_stat_statements 重置以来没有记录到语句",
    ),
    (
        "top_statements",
        r"extension pg_stat_statements (?P<version>\S+) is older than the server's module \(1\.8 or later\): ALTER EXTENSION pg_stat_statements UPDATE",
        "扩展 pg_stat_statements {version} 比服务器的模块旧（需 1.8 及以上）：请执行 ALTER EXTENSION pg_stat_statements UPDATE",
    ),
    (
        "top_statements",
        r"pg_stat_statements is not in shared_preload_libraries: add it, restart, and CREATE EXTENSION pg_stat_statements for the top SQL",
        "pg_stat_statements 不在 shared_preload_libraries 中：请加入并重启数据库，再执行 CREATE EXTENSION pg_stat_statements，以获取耗时最多的 SQL",
    ),
    (
        "top_statements",
        r"pg_stat_statements is loaded but not created in database (?P<database>\S+) \(CREATE EXTENSION\)",
        "pg_stat_statements 已加载，但未在数据库 {database} 中创建（CREATE EXTENSION）",
    ),
    (
        "top_statements",
        r"pg_stat_statements (?P<version>\S+) is in a schema outside the probe role's search_path",
        "pg_stat_statements {version} 所在的模式不在探测角色的 search_path 中",
    ),
    # TLS opt-outs and failures (healthops.db.tls tls_status); the hint that follows is in detail_texts_db.
    (
        "tls",
        r"(?P<protocol>\S+), server certificate verified against (?P<why_ca>.+) but not its name \(ssl_mode verify-ca given explicitly\): any server holding a certificate from that CA is accepted",
        "{protocol}，服务器证书已用{why_ca}验证，但未验证其名称（显式设置了 ssl_mode verify-ca）：持有该 CA 所签发证书的任何服务器都会被接受",
    ),
    ("tls", r"ssl_mode (?P<mode>\S+) but the connection does not use TLS", "ssl_mode 为 {mode}，但连接未使用 TLS"),
    (
        "tls",
        r"not verified: (?P<protocol>\S+) in use, but the server's certificate is not checked \(ssl_mode (?P<mode>\S+) given explicitly\)",
        "未验证：使用了 {protocol}，但未检查服务器证书（显式设置了 ssl_mode {mode}）",
    ),
    (
        "tls",
        r"not verified and not encrypted \(ssl_mode (?P<mode>\S+) given explicitly\): credentials and data cross the network in clear text",
        "既未验证也未加密（显式设置了 ssl_mode {mode}）：凭据和数据以明文在网络上传输",
    ),
    ("invalid_indexes", r"(?P<index>\S+) on (?P<table>\S+)", "{index}（表 {table}）"),
    # A statement not run: the server's version or the fork lacks it (healthops.db.postgres.forks).
    ("*", r"not checked: (?P<why>.+)", "未检查：{why}"),
    ("*", r"(?P<statement>\w+): not on (?P<fork>\S+): (?P<why>.+)", "{statement}：{fork} 上不执行：{why}"),
    (
        "*",
        r"openGauss uses 64-bit transaction IDs, which do not wrap around",
        "openGauss 使用 64 位事务 ID，不会发生回卷",
    ),
    # Replication lag seen from the primary, standby by standby (a list: each standby's lag, then its bytes).
    (
        "replication_lag",
        rf"(?P<name>[^,]+?) WAL receiver \(does not replay\) (?P<state>\w+)/(?P<mode>\w+) write lag (?P<lag>{NUM} s)",
        "{name} WAL 接收程序（不重放）{state}/{mode}，写入延迟 {lag}",
    ),
    (
        "replication_lag",
        rf"(?P<name>[^,]+?) (?P<state>\w+)/(?P<mode>\w+) replay lag (?P<lag>{NUM} s)",
        "{name}（{state}/{mode}）重放延迟 {lag}",
    ),
    ("replication_lag", rf"(?P<size>{SIZE}|\?) behind", "落后 {size}"),
    ("replication_lag", rf"(?P<size>{SIZE}) behind: (?P<threshold>.+)", "落后 {size}：{threshold}"),
    ("replication_lag", r"not streaming: (?P<names>.+)", "未在流复制：{names}"),
    # ... and from a standby.
    (
        "replication_lag",
        r"standby: WAL receiver (?P<why_state>\w+|not running)",
        "备库：WAL 接收进程 {why_state}",
    ),
    ("replication_lag", r"not running", "未运行"),
    ("replication_lag", r"last replayed transaction (?P<ago>[^,]+) ago", "最近重放的事务在 {ago} 前"),
    ("replication_lag", r"nothing replayed since the standby started", "备库启动以来尚未重放任何事务"),
    ("replication_lag", rf"(?P<size>{SIZE}) waiting to be replayed", "待重放 {size}"),
    (
        "replication_lag",
        r"replay paused \(pg_wal_replay_resume\(\) resumes it\)",
        "重放已暂停（执行 pg_wal_replay_resume() 可恢复）",
    ),
    # Sessions waiting on a lock (a list: each session, then who blocks it), prepared transactions, xmin holders.
    (
        "blocking_locks",
        r"pid (?P<pid>\d+) \((?P<who>[^)]*)\) waits (?P<wait>[^,]+?) on (?P<event>\S+)",
        "pid {pid}（{who}）已等待 {wait}，等待事件 {event}",
    ),
    ("blocking_locks", r"blocked by (?P<why_by>.+)", "阻塞者：{why_by}"),
    ("blocking_locks", r"prepared transaction (?P<gid>\S+)", "预备事务 {gid}"),
    ("blocking_locks", r"a prepared transaction", "一个预备事务"),
    (
        "prepared_transactions",
        r"prepared transaction (?P<gid>\S+) \((?P<who>[^)]*)\) prepared (?P<ago>[^,]+) ago",
        "预备事务 {gid}（{who}）已预备 {ago}",
    ),
    ("prepared_transactions", r"xid age (?P<age>\d+)", "事务 ID 年龄 {age}"),
    (
        "xmin_horizon",
        r"(?P<why_holder>session|replication slot|prepared transaction) (?P<name>[^(),]+?) \((?P<database>[^)]*)\) xid age (?P<age>\d+)",
        "{why_holder} {name}（{database}）的事务 ID 年龄为 {age}",
    ),
    ("xmin_horizon", r"session", "会话"),
    ("xmin_horizon", r"replication slot", "复制槽"),
    ("xmin_horizon", r"prepared transaction", "预备事务"),
]
