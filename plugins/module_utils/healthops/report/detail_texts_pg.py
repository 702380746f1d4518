# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PostgreSQL family's own words in Chinese (PostgreSQL, KingbaseES, openGauss), as healthops.report.detail_texts_db.

Keys without the engine: healthops.report.detail reads them for ``postgres.<key>`` (the probe's
``pg.<key>`` ids are known by that name, healthops.report.advice.canonical).
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE

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
    ("archive_backlog", r"no archiving here \(archive_mode=off\)", "本库未启用归档（archive_mode=off）"),
    (
        "tls",
        r"(?P<protocol>TLSv[\d.]+), server certificate verified against CA file (?P<ca>\S+) and its name matched \((?P<mode>[^)]*)\)",
        "{protocol}，服务器证书已用 CA 文件 {ca} 验证，且名称匹配（{mode}）",
    ),
    (
        "tls",
        r"(?P<protocol>TLSv[\d.]+), server certificate verified against the system's trusted CAs and its name matched \((?P<mode>[^)]*)\)",
        "{protocol}，服务器证书已用系统信任的 CA 验证，且名称匹配（{mode}）",
    ),
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
        "wal_size",
        rf"pg_wal (?P<size>{SIZE}) in (?P<files>\d+) file\(s\), the settings keep (?P<keep>{SIZE}) \((?P<settings>[^)]*)\)",
        "pg_wal 共 {size}（{files} 个文件），按配置保留 {keep}（{settings}）",
    ),
    (
        "checkpoint_age",
        rf"last checkpoint (?P<ago>.+?) ago \(checkpoint_timeout (?P<timeout>[^)]*)\), (?P<written>{SIZE}) of WAL written since its redo point: less than one segment, not graded",
        "最近一次检查点在 {ago} 前（checkpoint_timeout {timeout}），自其重做点以来写入 WAL {written}：不足一个段，不评级",
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
        r"(?P<n>\d+) query\(ies\) cancelled by recovery conflicts (?P<why>since .+?) \((?P<kinds>[^)]*)\)",
        "{why}：有 {n} 个查询因恢复冲突被取消（{kinds}）",
    ),
    (
        "archive_backlog",
        r"(?P<n>\d+) WAL segment\(s\) of (?P<size>\S+) waiting, the oldest for (?P<age>.+)",
        "{n} 个 WAL 段（每段 {size}）等待归档，最早的已等待 {age}",
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
        r"rebuild with REINDEX INDEX CONCURRENTLY or drop: (?P<indexes>.+)",
        "请用 REINDEX INDEX CONCURRENTLY 重建或删除：{indexes}",
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
    ("xid_wraparound", r"oldest tables: (?P<tables>.+)", "最老的表：{tables}"),
    ("xmin_horizon", r"autovacuum_freeze_max_age (?P<limit>\d+)", "autovacuum_freeze_max_age 为 {limit}"),
]
