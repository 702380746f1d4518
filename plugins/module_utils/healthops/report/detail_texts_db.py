# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The database probes' own words in Chinese: what both engines say, and Oracle's (see healthops.report.detail_texts).

Entries as in detail_texts, their keys without the engine: healthops.report.detail puts each in
front (``oracle.<key>``, ``postgres.<key>``), as the advice catalogue's DB_SHARED does. The
PostgreSQL family's own texts are in healthops.report.detail_texts_pg.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE

DB_ENGINES = ("oracle", "postgres")
# A size the probe may not know ("?": a NULL figure).
SIZE_OR = rf"(?:{SIZE}|\?)"
# Which interval an Oracle figure covers (healthops.db.oracle.ratios.interval): since the previous run, or since
# the instance started when there is no usable earlier sample (first run, a restart, counters that do not match).
STARTUP_REASONS = (
    r"first run: no earlier sample to compare with|the instance restarted after the previous sample"
    r"|the previous sample does not match these counters"
)
COVERED = (
    rf"(?:over the (?:{NUM}(?: (?:s|min|h|d))?|\?) since the previous run \([^)]*\)"
    rf"|since instance startup [^()]+? \((?:{STARTUP_REASONS})\))"
)
DB = [
    ("*", r"evaluation failed: (?P<error>.+)", "评估失败：{error}"),
    ("*", r"(?P<why_error>(?:ORA|DPY)-\d+: .+) \(statement (?P<statement>\w+)\)", "{why_error}（语句 {statement}）"),
    (
        "state",
        r"state file (?P<path>\S+) not written \((?P<error>.+)\): the next run cannot compare with this one",
        "状态文件 {path} 未能写入（{error}）：下次巡检无法与本次比较",
    ),
    ("state", r"state file (?P<path>\S+) not written \((?P<error>.+)\)", "状态文件 {path} 未能写入（{error}）"),
    ("*", r"since statistics reset", "自统计信息重置以来"),
    ("*", r"since the previous run", "自上次巡检以来"),
    (
        "*",
        r"since instance startup (?P<when>[^()]+?) \(first run: no earlier sample to compare with\)",
        "自实例启动（{when}）以来（首次巡检，没有可比较的上次采样）",
    ),
    (
        "*",
        r"since instance startup (?P<when>[^()]+?) \(the instance restarted after the previous sample\)",
        "自实例启动（{when}）以来（上次采样后实例已重启）",
    ),
    (
        "*",
        r"since instance startup (?P<when>[^()]+?) \(the previous sample does not match these counters\)",
        "自实例启动（{when}）以来（上次采样与本次计数器不一致）",
    ),
    ("*", r"since instance startup (?P<when>[^()]+)", "自实例启动（{when}）以来"),
    (
        "*",
        rf"over the (?P<why_span>{NUM}(?: (?:s|min|h|d))?|\?) since the previous run \((?P<when>[^)]*)\)",
        "自上次巡检（{when}）以来的 {why_span}内",
    ),
    # A duration as healthy.db.context.fmt_seconds writes it.
    ("*", rf"(?P<n>{NUM}) s", "{n} 秒"),
    ("*", rf"(?P<n>{NUM}) min", "{n} 分钟"),
    ("*", rf"(?P<n>{NUM}) h", "{n} 小时"),
    ("*", rf"(?P<n>{NUM}) d", "{n} 天"),
    # A list cut short (healthops.db.context.join_limited).
    ("*", r"(?P<why_listed>.+) \(\+(?P<n>\d+) more\)", "{why_listed}（另有 {n} 项）"),
    (
        "parameter.*",
        r"is (?P<value>.+), below the recommended minimum (?P<limit>\S+)",
        "当前为 {value}，低于建议的最小值 {limit}",
    ),
    (
        "parameter.*",
        r"is (?P<value>.+), above the recommended maximum (?P<limit>\S+)",
        "当前为 {value}，高于建议的最大值 {limit}",
    ),
    ("parameter.*", r"is (?P<value>.+), which is advised against", "当前为 {value}，不建议如此设置"),
    ("parameter.*", r"is (?P<value>.+), recommended one of (?P<values>.+)", "当前为 {value}，建议为以下之一：{values}"),
    ("parameter.*", r"is (?P<value>.+), recommended (?P<wanted>.+)", "当前为 {value}，建议为 {wanted}"),
    ("parameter.*", r"as recommended", "符合建议"),
    # The rule's note (inventory's words) after any of them, kept as it is.
    ("parameter.*", r"(?P<why>.+) \((?P<note>[^()]*)\)", "{why}（{note}）"),
    (
        "patch_level",
        r"no release update or patch set recorded, below the required (?P<required>\S+): apply the current release update",
        "没有版本更新或补丁集记录，低于要求的 {required}：请安装当前的版本更新（RU）",
    ),
    (
        "patch_level",
        r"(?P<why_current>.+), below the required (?P<required>\S+): apply the current release update",
        "{why_current}，低于要求的 {required}：请安装当前的版本更新（RU）",
    ),
    (
        "patch_level",
        r"(?P<why_current>.+), below the required (?P<required>\S+): apply the vendor's patch",
        "{why_current}，低于要求的 {required}：请安装厂商补丁",
    ),
    (
        "patch_level",
        r"(?P<why_current>.+), below the required (?P<required>\S+): install the latest minor release of (?P<major>\S+)",
        "{why_current}，低于要求的 {required}：请安装 {major} 的最新小版本",
    ),
    ("blocking_*", r"(?P<n>\d+) blocked", "{n} 个会话被阻塞"),
    ("*", r"(?P<n>\d+) session\(s\)", "{n} 个会话"),
    # A failed connection: "<the likely cause> (<the driver's own message>)", the message kept as it is.
    (
        "connect",
        r"connect identifier not resolved \(tnsnames.ora / config_dir\) \((?P<why_message>.+)\)",
        "无法解析连接标识符（tnsnames.ora / config_dir）（{why_message}）",
    ),
    (
        "connect",
        r"Oracle Client libraries not found for thick mode \(oracle_client_lib_dir\) \((?P<why_message>.+)\)",
        "找不到 thick 模式所需的 Oracle 客户端库（oracle_client_lib_dir）（{why_message}）",
    ),
    (
        "connect",
        r"the database is not open \(starting, shutting down, or a mounted standby\): a mounted standby takes only administrative connections, set mode: sysdg \(12c and later\) or sysdba \(11.2\) \((?P<why_message>.+)\)",
        "数据库未打开（正在启动、正在关闭，或为 MOUNT 状态的备库）：MOUNT 状态的备库只接受管理连接，请设置 mode: sysdg（12c 及以上）或 sysdba（11.2）（{why_message}）",
    ),
    ("connect", r"(?P<why_cause>[^(]+?) \((?P<why_message>.+)\)", "{why_cause}（{why_message}）"),
    ("connect", r"authentication failed: wrong user name or password", "认证失败：用户名或密码错误"),
    ("connect", r"the account is locked", "账号已锁定"),
    ("connect", r"the password has expired", "密码已过期"),
    ("connect", r"connection refused: listener down or port closed", "连接被拒绝：监听程序未运行或端口未开放"),
    (
        "connect",
        r"connection refused: the server is down or nothing listens on that port",
        "连接被拒绝：服务器未运行或该端口无服务监听",
    ),
    ("connect", r"service name not registered with the listener", "服务名未在监听程序中注册"),
    ("connect", r"SID not known to the listener", "监听程序不认识该 SID"),
    ("connect", r"connection timed out: host unreachable or filtered", "连接超时：主机不可达或被过滤"),
    ("connect", r"instance not started", "实例未启动"),
    (
        "connect",
        r"server version not supported in thin mode: set thick_mode: true",
        "thin 模式不支持该服务器版本：请设置 thick_mode: true",
    ),
    (
        "connect",
        r"password verifier not supported in thin mode: set thick_mode: true",
        "thin 模式不支持该密码验证方式：请设置 thick_mode: true",
    ),
    ("connect", r"the server closed the connection", "服务器关闭了连接"),
    ("connect", r"host name does not resolve", "主机名无法解析"),
    ("connect", r"rejected by the server's pg_hba.conf", "被服务器的 pg_hba.conf 拒绝"),
    ("connect", r"database or role does not exist", "数据库或角色不存在"),
    ("connect", r"server has no free connection slot", "服务器没有空闲的连接槽位"),
    ("connect", r"TLS negotiation failed", "TLS 协商失败"),
    (
        "tls",
        r"TCPS, server certificate verified against the system's trusted CAs but not matched to the server \(ssl_server_dn_match false given explicitly\): any certificate from a trusted CA is accepted",
        "TCPS：服务器证书已通过系统信任的 CA 验证，但未与服务器名称匹配（显式设置了 ssl_server_dn_match false）：任何受信任 CA 签发的证书都会被接受",
    ),
    (
        "tls",
        r"not verified and not encrypted \(ssl_mode disable given explicitly\): credentials and data cross the network in clear text",
        "既未验证也未加密（显式设置了 ssl_mode disable）：凭据和数据以明文在网络上传输",
    ),
    (
        "tls",
        r"set ssl_mode verify-full and the CA file that signed the server's certificate \(ca_cert\) to verify it",
        "请设置 ssl_mode verify-full 及签发服务器证书的 CA 文件（ca_cert）以验证服务器",
    ),
    # Oracle
    ("alert_log", r"since (?P<since>\S+): (?P<errors>.+)", "自 {since} 以来：{errors}"),
    ("alert_log", r"see the alert log and trace files", "请查看告警日志和跟踪文件"),
    ("alert_log", r"covered: (?P<why>.+)", "覆盖范围：{why}"),
    ("alert_log", r"no ORA- error since (?P<since>\S+)", "自 {since} 以来没有 ORA- 错误"),
    ("alert_log", r"(?P<why_scope>.+?), (?P<why_instance>instance .+)", "{why_scope}，{why_instance}"),
    ("alert_log", r"the database", "整个数据库"),
    (
        "alert_log",
        r"all containers \(read in CDB\$ROOT, CON_ID per error\)",
        "所有容器（在 CDB$ROOT 中读取，每条错误标明 CON_ID）",
    ),
    ("alert_log", r"PDB (?P<pdb>\S+) only", "仅 PDB {pdb}"),
    ("alert_log", r"instance (?P<instance>\S+) on (?P<host>\S+)", "实例 {instance}（主机 {host}）"),
    (
        "alert_log",
        r"instance (?P<instance>\S+) only \(RAC: each instance keeps its own alert log, probe each\)",
        "仅实例 {instance}（RAC：每个实例有各自的告警日志，请逐个巡检）",
    ),
    (
        "alert_log",
        r"errors logged in CDB\$ROOT \((?P<codes>[^)]*)\) are not visible from a PDB: probe the root with a common user",
        "记录在 CDB$ROOT 中的错误（{codes}）在 PDB 中不可见：请用公共用户巡检根容器",
    ),
    (
        "alert_log",
        r"not read: (?P<version>\S+) has no V\$DIAG_ALERT_EXT \(12\.1 and later\)",
        "未读取：{version} 没有 V$DIAG_ALERT_EXT（12.1 及以后版本才有）",
    ),
    (
        "alert_log",
        r"check the text alert log the Diag Trace directory \(V\$DIAG_INFO\) on the host",
        "请在主机上查看 Diag Trace 目录（V$DIAG_INFO）中的文本告警日志",
    ),
    ("alert_log", r"check the text alert log (?P<path>\S+) on the host", "请在主机上查看文本告警日志 {path}"),
    (
        "apply_process",
        r"no MRP0 process: redo reaches the standby but is not applied \(start it with (?P<command>.+)\)",
        "没有 MRP0 进程：重做日志已到达备库但未被应用（请用 {command} 启动）",
    ),
    (
        "apply_process",
        r"MRP0 (?P<state>\S+), thread (?P<thread>\d+) sequence (?P<sequence>\d+)",
        "MRP0 状态 {state}，线程 {thread}，序列号 {sequence}",
    ),
    (
        "archivelog_mode",
        r"no point-in-time recovery: only cold or export backups are possible",
        "无法做时间点恢复：只能进行冷备份或导出备份",
    ),
    ("asm_diskgroup.*", r"(?P<n>\d+) disk\(s\) OFFLINE, redundancy reduced", "{n} 块磁盘 OFFLINE，冗余度已降低"),
    (
        "asm_diskgroup.*",
        rf"(?P<redundancy>\S+) redundancy, (?P<state>\S*): usable free (?P<free>{SIZE_OR}) of (?P<usable>{SIZE_OR}) usable \(free (?P<raw>{SIZE}) raw, (?P<kept>{SIZE}) kept to restore redundancy\)",
        "{redundancy} 冗余，状态 {state}：可用空闲 {free}，可用总量 {usable}（原始空闲 {raw}，其中 {kept} 预留用于恢复冗余）",
    ),
    # A redundancy type the probe does not know (a new one, or none read): two copies assumed.
    (
        "asm_diskgroup.*",
        rf"(?P<redundancy>\S*) redundancy \(redundancy (?P<kind>\S+): (?P<copies>\d+) copies assumed\), (?P<state>\S*): usable free (?P<free>{SIZE_OR}) of (?P<usable>{SIZE_OR}) usable \(free (?P<raw>{SIZE}) raw, (?P<kept>{SIZE}) kept to restore redundancy\)",
        "冗余类型 {kind} 未知（按 {copies} 份副本估算），状态 {state}：可用空闲 {free}，可用总量 {usable}（原始空闲 {raw}，其中 {kept} 预留用于恢复冗余）",
    ),
    ("asm_diskgroup.*", r"no size figures: (?P<why>.+)", "没有容量数据：{why}"),
    ("backup_age", rf"completed database backup (?P<hours>{NUM}) h ago", "最近一次完成的数据库备份在 {hours} 小时前"),
    ("backup_age", r"no archive log backup recorded", "没有归档日志备份记录"),
    (
        "backup_age",
        r"no completed RMAN database backup in the control file \((?P<view>[^)]*)\)",
        "控制文件中（{view}）没有已完成的 RMAN 数据库备份",
    ),
    (
        "backup_age",
        r"if backups are taken another way set rman_expected: false",
        "如采用其他方式备份，请设置 rman_expected: false",
    ),
    (
        "block_corruption",
        r"recover with RMAN RECOVER CORRUPTION LIST: (?P<blocks>.+)",
        "请用 RMAN RECOVER CORRUPTION LIST 修复：{blocks}",
    ),
    (
        "buffer_cache_hit",
        r"(?P<physical>\d+) physical reads of (?P<logical>\d+) logical reads",
        "物理读 {physical} 次，逻辑读 {logical} 次",
    ),
    ("dictionary_cache_hit", r"(?P<misses>\d+) misses of (?P<gets>\d+) gets", "未命中 {misses} 次，共 {gets} 次"),
    (
        "library_cache_hit",
        r"(?P<hits>\d+) pin hits of (?P<pins>\d+) pins, (?P<reloads>\d+) reloads",
        "pin 命中 {hits} 次，共 {pins} 次，重载 {reloads} 次",
    ),
    ("memory_sort", r"(?P<disk>\d+) disk sorts of (?P<total>\d+)", "磁盘排序 {disk} 次，共 {total} 次"),
    ("soft_parse", r"(?P<hard>\d+) hard parses of (?P<total>\d+)", "硬解析 {hard} 次，共 {total} 次"),
    (
        "soft_parse",
        r"a low ratio points at literals instead of bind variables",
        "比率低说明 SQL 使用了字面量而非绑定变量",
    ),
    (
        "shared_pool_reloads",
        rf"(?P<reloads>\d+) reloads of (?P<pins>\d+) pins (?P<why>{COVERED})",
        "{why}，pin {pins} 次中重载 {reloads} 次",
    ),
    ("shared_pool_reloads", r"reloads mean the shared pool aged objects out", "重载说明共享池已将对象换出"),
    (
        "shared_pool_free",
        rf"(?P<free>{SIZE}) free of (?P<total>{SIZE}) \((?P<view>[^)]*)\)",
        "空闲 {free}，共 {total}（{view}）",
    ),
    ("shared_pool_free", r"little free memory risks ORA-04031", "空闲内存过少，有 ORA-04031 风险"),
    (
        "cdb_scope",
        r"scope cdb needs a connection to CDB\$ROOT, not (?P<container>\S+)",
        "scope: cdb 需要连接到 CDB$ROOT，而不是 {container}",
    ),
    ("cdb_scope", r"not covered: (?P<why_containers>.+)", "未覆盖：{why_containers}"),
    ("cdb_scope", r"(?P<pdb>\S+) not open \(no open mode visible\)", "{pdb} 未打开（看不到打开模式）"),
    ("cdb_scope", r"(?P<pdb>\S+) not open \((?P<mode>[A-Z][A-Z ]*)\)", "{pdb} 未打开（{mode}）"),
    (
        "cdb_scope",
        r"(?P<pdb>\S+) outside the probe user's CONTAINER_DATA",
        "{pdb} 不在巡检用户的 CONTAINER_DATA 范围内",
    ),
    ("cdb_scope", r"no PDB in this CDB", "该 CDB 中没有 PDB"),
    ("cdb_scope", r"every PDB covered", "所有 PDB 均已覆盖"),
    ("cdb_scope", r"(?P<n>\d+) container\(s\) covered: (?P<containers>.+)", "已覆盖 {n} 个容器：{containers}"),
    (
        "cdb_scope",
        r"ALTER USER <probe> SET CONTAINER_DATA=ALL CONTAINER=CURRENT covers every open PDB",
        "执行 ALTER USER <probe> SET CONTAINER_DATA=ALL CONTAINER=CURRENT 可覆盖所有已打开的 PDB",
    ),
    (
        "connected_users",
        r"(?P<n>\d+) KILLED/SNIPED session\(s\) still hold a slot until their client goes",
        "{n} 个 KILLED/SNIPED 会话在客户端断开前仍占用会话槽位",
    ),
    (
        "connected_users",
        r"(?P<n>\d+) user sessions of (?P<accounts>\d+) account\(s\): (?P<states>.+)",
        "{accounts} 个账号共 {n} 个用户会话：{states}",
    ),
    (
        "datafiles",
        r"file (?P<n>\d+) (?P<path>\S+): (?P<state>.+) needs recovery",
        "数据文件 {n}（{path}）：{state}，需要恢复",
    ),
    ("dataguard_lag", r"V\$DATAGUARD_STATS has no lag figures", "V$DATAGUARD_STATS 中没有延迟数据"),
    (
        "dataguard_lag",
        r"apply lag (?P<apply>.+?), transport lag (?P<transport>.+)",
        "应用延迟 {apply}，传输延迟 {transport}",
    ),
    (
        "dataguard_lag",
        r"but the last data from the primary arrived (?P<ago>.+) ago \((?P<datum>[^)]*)\): the standby receives nothing from the primary",
        "但主库的最后数据于 {ago} 前到达（{datum}）：备库未从主库收到任何数据",
    ),
    ("db_files", r"(?P<n>\d+) data files of DB_FILES (?P<limit>\d+)", "数据文件 {n} 个，DB_FILES 上限为 {limit}"),
    ("db_files", r"raising DB_FILES needs a restart", "调大 DB_FILES 需要重启数据库"),
    (
        "dbms_jobs",
        r"job (?P<job>\d+) of (?P<owner>\S+) (?P<state>BROKEN|failing) after (?P<n>\d+) failures \(last run (?P<when>[^)]*)\): (?P<what>[^,]+)",
        "{owner} 的作业 {job} 失败 {n} 次，状态 {state}（最近运行 {when}）：{what}",
    ),
    (
        "enqueue_latch",
        rf"(?P<pct>{NUM}%) of foreground wait time (?P<why>{COVERED}): (?P<why_events>.+)",
        "{why}占前台等待时间的 {pct}：{why_events}",
    ),
    (
        "enqueue_latch",
        rf"(?P<pct>{NUM}%) of foreground wait time (?P<why>{COVERED})",
        "{why}占前台等待时间的 {pct}",
    ),
    (
        "enqueue_latch",
        rf"(?P<event>.+) (?P<seconds>{NUM}) s \((?P<ms>{NUM}) ms avg\)",
        "{event} {seconds} 秒（平均 {ms} 毫秒）",
    ),
    (
        "fra",
        rf"(?P<dest>\S+): (?P<used>{SIZE}) net of (?P<reclaimable>{SIZE}) reclaimable, limit (?P<limit>{SIZE}), (?P<n>\d+) files",
        "{dest}：扣除可回收的 {reclaimable} 后已用 {used}，上限 {limit}，文件 {n} 个",
    ),
    (
        "invalid_objects",
        r"(?P<objects>.+) \(recompile with utlrp.sql or DBMS_UTILITY.COMPILE_SCHEMA\)",
        "{objects}（请用 utlrp.sql 或 DBMS_UTILITY.COMPILE_SCHEMA 重新编译）",
    ),
    (
        "log_file_sync",
        rf"(?P<n>\d+) waits averaging (?P<ms>{NUM}) ms (?P<why>{COVERED})",
        "{why}等待 {n} 次，平均 {ms} 毫秒",
    ),
    ("log_file_sync", r"slow commits point at redo log I/O", "提交缓慢说明重做日志 I/O 存在瓶颈"),
    (
        "next_extent",
        rf"(?P<tablespace>\S+): (?P<n>\d+) segment\(s\) need up to (?P<need>{SIZE}), largest free chunk (?P<free>{SIZE})",
        "{tablespace}：{n} 个段扩展时最多需要 {need}，最大空闲块仅 {free}",
    ),
    (
        "optimizer_statistics",
        r"(?P<stale>\d+) stale and (?P<missing>\d+) missing of (?P<total>\d+) application tables \((?P<locked>\d+) locked\)",
        "{total} 张应用表中统计信息过期 {stale} 张、缺失 {missing} 张（锁定 {locked} 张）",
    ),
    ("password_expiry", r"(?P<n>\d+) account\(s\) without password expiry", "{n} 个账号未设置密码过期"),
    (
        "processes",
        r"(?P<n>\d+) of (?P<limit>\d+), peak since startup (?P<peak>\d+)",
        "当前 {n}，上限 {limit}，自启动以来峰值 {peak}",
    ),
    (
        "sessions",
        r"(?P<n>\d+) of (?P<limit>\d+), peak since startup (?P<peak>\d+)",
        "当前 {n}，上限 {limit}，自启动以来峰值 {peak}",
    ),
    ("*", r"(?P<what>\w+) not in V\$RESOURCE_LIMIT", "V$RESOURCE_LIMIT 中没有 {what}"),
    (
        "redo_switch_interval",
        rf"(?P<n>\d+) switches in hour (?P<hour>.+?) \(thread (?P<thread>\d+)\), (?P<gap>{NUM}) min apart",
        "{hour} 时内切换 {n} 次（线程 {thread}），平均间隔 {gap} 分钟",
    ),
    (
        "redo_switch_interval",
        r"size redo logs for about 15-20 min between switches",
        "请调整重做日志大小，使切换间隔约为 15-20 分钟",
    ),
    ("redo_switch_interval", rf"online logs (?P<sizes>{SIZE}(?:, {SIZE})*)", "联机日志 {sizes}"),
    ("rman_failures", r"(?P<jobs>[^,]+ x\d+), last (?P<when>.+)", "失败的 RMAN 作业：{jobs}，最近一次 {when}"),
    ("scheduler_jobs", r"failed runs since the last (?P<days>\d+) d: none", "最近 {days} 天内没有失败的运行"),
    (
        "scheduler_jobs",
        r"failed runs since the last (?P<days>\d+) d: (?P<why_jobs>.+)",
        "最近 {days} 天内失败的运行：{why_jobs}",
    ),
    ("tablespace*", r"no permanent tablespace visible", "看不到任何永久表空间"),
    (
        "tablespace.*",
        rf"(?P<used>{SIZE}) used of (?P<ceiling>{SIZE}) ceiling \(allocated (?P<allocated>{SIZE}); (?P<auto>\d+) of (?P<files>\d+) file\(s\) autoextend\)",
        "已用 {used}，上限 {ceiling}（已分配 {allocated}；{files} 个数据文件中 {auto} 个自动扩展）",
    ),
    ("tablespace.*", r"tablespace is OFFLINE: its data cannot be read", "表空间处于 OFFLINE 状态：其数据无法读取"),
    (
        "tablespace_days_to_full",
        rf"(?P<name>\S+) (?P<days>\d+) d at (?P<rate>{SIZE})/d \((?P<pct>\d+%) used\)",
        "{name} 按每天 {rate} 的增长约 {days} 天后写满（已用 {pct}）",
    ),
    (
        "undo.*",
        rf"active (?P<active>{SIZE}), unexpired (?P<unexpired>{SIZE}), expired (?P<expired>{SIZE}) of (?P<ceiling>{SIZE}) ceiling",
        "活动 {active}，未过期 {unexpired}，已过期 {expired}，上限 {ceiling}",
    ),
    ("unusable_indexes", r"rebuild: (?P<indexes>.+)", "需要重建：{indexes}"),
    ("wait_classes", r"(?P<wait_class>.+) is the largest problem class", "{wait_class} 是占比最大的问题等待类"),
    ("archive_gap", r"thread (?P<thread>\d+) sequences (?P<sequences>\S+)", "线程 {thread} 缺少归档序列 {sequences}"),
    ("asm_diskgroup.*", r"USABLE_FILE_MB is negative: (?P<why>.+)", "USABLE_FILE_MB 为负数：{why}"),
    ("dataguard_lag", r"apply lag (?P<apply>.+)", "应用延迟 {apply}"),
    ("archive_gap", r"dest (?P<n>\d+) (?P<name>\S+): (?P<why_state>.+)", "归档目标 {n}（{name}）：{why_state}"),
    (
        "password_expiry",
        r"(?P<user>\S+) (?P<state>[A-Z()]+) expires in (?P<days>\d+) d \((?P<pct>\d+%) of (?P<limit>\d+) d\)",
        "{user}（{state}）{days} 天后过期（已过期限 {limit} 天的 {pct}）",
    ),
    ("password_expiry", r"(?P<user>\S+) (?P<state>EXPIRED(?:\([A-Z]+\))?|LOCKED(?:\([A-Z]+\))?)", "{user}（{state}）"),
    ("tablespace_days_to_full", r"(?P<name>\S+) not growing \((?P<pct>\d+%) used\)", "{name} 未增长（已用 {pct}）"),
    # What a healthy Oracle database's lines say.
    (
        "tls",
        r"TCP without TLS \(protocol tcp\): use protocol tcps with the server's TCPS listener and wallet, or native network encryption \(thick mode, sqlnet.ora\)",
        "TCP 未使用 TLS（protocol: tcp）：请改用 protocol: tcps 连接服务器的 TCPS 监听程序（配置钱包），或使用原生网络加密（thick 模式，sqlnet.ora）",
    ),
    (
        "uptime",
        r"(?P<database>\S+) \((?P<instance>\S+) on (?P<host>\S+)\), Oracle (?P<version>\S+), (?P<role>.+?), (?P<log_mode>\w+), started (?P<when>.+)",
        "{database}（实例 {instance}，主机 {host}），Oracle {version}，{role}，{log_mode}，启动于 {when}",
    ),
    (
        "asm_diskgroup",
        r"no ASM disk group in use \(data files on a file system\)",
        "未使用 ASM 磁盘组（数据文件位于文件系统）",
    ),
    ("patch_level", r"no release update or patch set recorded", "没有版本更新或补丁集记录"),
    (
        "patch_level",
        r"no required level for (?P<major>\S+) in required_patch_level \(db_health_required_patch_level\)",
        "required_patch_level（db_health_required_patch_level）中没有 {major} 的要求版本",
    ),
    ("*", r"no standby destination configured", "未配置备库归档目标"),
    (
        "apply_process",
        r"redo apply runs on a physical standby; this database is (?P<role>\S+)",
        "重做应用在物理备库上运行；本库为 {role}",
    ),
    (
        "*",
        r"(?P<statement>\w+): not available on server version (?P<version>\d+)",
        "{statement}：服务器版本 {version} 不提供",
    ),
    ("*", r"first run of this profile: nothing to compare", "该类检查的首次运行：没有可比较的数据"),
    ("connect_time", r"to (?P<target>\S+) \((?P<why_how>[^)]*)\)", "连接到 {target}（{why_how}）"),
    ("connect_time", r"(?P<mode>thin|thick) mode", "{mode} 模式"),
    (
        "next_extent",
        r"every segment's next extent fits a free chunk or a file that can grow",
        "所有段的下一个区都能放入空闲块或可扩展的数据文件",
    ),
    (
        "temp.*",
        rf"(?P<used>{SIZE}) in use of (?P<ceiling>{SIZE}) ceiling \(temp files (?P<files>{SIZE})\)",
        "已用 {used}，上限 {ceiling}（临时文件 {files}）",
    ),
    ("registry", r"(?P<n>\d+) components valid", "{n} 个组件均有效"),
    ("block_corruption", r"none recorded in V\$DATABASE_BLOCK_CORRUPTION", "V$DATABASE_BLOCK_CORRUPTION 中没有记录"),
    ("datafiles", r"all online", "全部在线"),
    ("rman_failures", r"none in the last (?P<days>\d+) d", "最近 {days} 天内没有失败"),
    ("scheduler_jobs", r"failed runs since (?P<since>\S+): none", "自 {since} 以来没有失败的运行"),
    ("blocking_sessions", r"no session waits on another", "没有会话在等待其他会话"),
    # Both engines: a statement with no row, the parameter review, the changes since the previous run.
    ("*", r"no row", "查询未返回任何行"),
    ("parameter.*", r"parameter not present on this server", "该服务器上没有此参数"),
    (
        "parameter.*",
        r"is (?P<value>.+), not comparable with the recommended minimum (?P<limit>\S+)",
        "当前为 {value}，无法与建议的最小值 {limit} 比较（单位不同或无法解析）",
    ),
    (
        "parameter.*",
        r"is (?P<value>.+), not comparable with the recommended maximum (?P<limit>\S+)",
        "当前为 {value}，无法与建议的最大值 {limit} 比较（单位不同或无法解析）",
    ),
    ("parameters", r"no parameter recommendations configured", "未配置参数建议"),
    ("changes", r"since (?P<when>.+?): no change in findings", "自上次巡检（{when}）以来检查结果没有变化"),
    (
        "changes",
        r"since (?P<when>.+?): (?P<why_changes>(?:new FAIL|new WARN|resolved|still FAIL): .+)",
        "自上次巡检（{when}）以来：{why_changes}",
    ),
    ("changes", r"new FAIL: (?P<ids>.+)", "新增 FAIL：{ids}"),
    ("changes", r"new WARN: (?P<ids>.+)", "新增 WARN：{ids}"),
    ("changes", r"resolved: (?P<ids>.+)", "已恢复：{ids}"),
    ("changes", r"still FAIL: (?P<ids>.+)", "仍为 FAIL：{ids}"),
]
