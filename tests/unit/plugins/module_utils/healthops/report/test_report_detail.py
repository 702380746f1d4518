"""healthops/report/detail{,_texts}.py: the probes' English details in Chinese for the zh record (说明).

The English texts below are what the probes said in their recorded-output tests (host
inspection on /proc and command fixtures, Tomcat, switch transcripts, Oracle and PostgreSQL
result rows); the Chinese is what the zh record must show, values and command output kept.
"""

# ruff: noqa: E501 - each recorded text and its Chinese read best whole, on one line

from __future__ import annotations

import re
import string

import pytest
from ansible.module_utils.healthops.common.result import make_check
from ansible.module_utils.healthops.report import (
    detail,
    detail_texts_backup,
    detail_texts_db,
    detail_texts_db_more,
    detail_texts_pg,
    html,
    model,
)

HAN = re.compile(r"[\u4e00-\u9fff]")

CASES = [
    ("fs.space:/", "15.3 GiB used of 19.1 GiB, 2.9 GiB available", "已用 15.3 GiB，共 19.1 GiB，可用 2.9 GiB"),
    ("fs.inodes:/var", "950 of 1000 inodes used, 50 free", "已用 950 个 inode，共 1000 个，剩余 50 个"),
    (
        "fs.days_to_full:/var",
        "40.0 GiB available, growing 20.0 GiB/day (+40.0 GiB in 2.0 d)",
        "可用 40.0 GiB，每天增长 20.0 GiB（2.0 天内变化 +40.0 GiB）",
    ),
    (
        "fs.inodes:/mnt/backup",
        "/mnt/backup (nfs4 on backup01:/export/backup): statvfs did not return within 10 s (hung network file system?)",
        "/mnt/backup（nfs4，设备 backup01:/export/backup）：statvfs 在 10 秒内未返回（网络文件系统挂起？）",
    ),
    (
        "fs.readonly",
        "read-only, expected rw: /data (fstab says defaults)",
        "以下文件系统为只读，应为读写：/data（fstab 中为 defaults）",
    ),
    ("fs.fstab_mounted", "not mounted: /home", "未挂载：/home"),
    (
        "memory.used",
        "21.2 GiB used of 23.5 GiB, 2.4 GiB available (MemAvailable)",
        "已用 21.2 GiB，共 23.5 GiB，可用 2.4 GiB（MemAvailable）",
    ),
    (
        "cpu.load_per_core",
        "load average 1.20 1.05 6.00 on 4 CPU(s)",
        "平均负载 1.20 1.05 6.00（1/5/15 分钟），CPU 4 个",
    ),
    ("process.zombies", "58 left by pid 1 (?)", "58 个僵尸进程，父进程 pid 1（?）"),
    (
        "service.active:crond",
        "cannot check: systemd is not running (PID 1 is init)",
        "无法检查：systemd 未运行（1 号进程为 init）",
    ),
    ("service.active:tomcat10", "unit tomcat10.service does not exist", "单元 tomcat10.service 不存在"),
    ("service.failed_units", "failed: crond.service, kdump.service", "失败的单元：crond.service, kdump.service"),
    (
        "service.cron",
        "no cron daemon (cron, crond) running: scheduled jobs will not run",
        "没有运行中的计划任务守护进程（cron, crond）：定时任务不会执行",
    ),
    (
        "time.ntp_sync",
        "no NTP client tool answered: chronyc: chronyc not installed; ntpq: ntpq not installed; "
        "timedatectl: System has not been booted with systemd as init system (PID 1). Can't operate.",
        "没有时间同步客户端工具应答：chronyc：未安装 chronyc；ntpq：未安装 ntpq；"
        "timedatectl：System has not been booted with systemd as init system (PID 1). Can't operate.",
    ),
    (
        "time.ntp_sync",
        "not synchronised; ntpq: no system peer selected [chronyc: chronyc not installed]",
        "时钟未同步；ntpq：未选定系统对等体（chronyc：未安装 chronyc）",
    ),
    ("time.timezone", "expected Asia/Shanghai; UTC+0000", "应为 Asia/Shanghai；UTC+0000"),
    ("net.unexpected_listeners", "not expected or allowed: udp/46426", "未列入预期或允许的监听：udp/46426"),
    (
        "net.hostname",
        "db01 does not resolve: [Errno -2] Name or service not known",
        "主机名 db01 无法解析：[Errno -2] Name or service not known",
    ),
    (
        "security.password_age",
        "ops 56/60 d (93%); oracle 46/90 d (51%); not graded: root: no maximum (56 d old)",
        "ops 已 56 天（上限 60 天，93%）；oracle 已 46 天（上限 90 天，51%）；未评级：root：未设置最长使用期限（已 56 天）",
    ),
    (
        "security.firewall",
        "no firewall: firewalld not running, no nftables or iptables rules; a firewall is required",
        "没有防火墙：firewalld 未运行，也没有 nftables 或 iptables 规则；要求启用防火墙",
    ),
    (
        "system.reboot_required",
        "running kernel 6.1.0-18-amd64, newer kernel 6.1.0-21-amd64 installed",
        "运行中的内核为 6.1.0-18-amd64，已安装更新的内核 6.1.0-21-amd64",
    ),
    (
        "backup.age",
        "backup status file /var/lib/healthops/backup/status.json not found: no backup has reported on this host",
        "未找到备份状态文件 /var/lib/healthops/backup/status.json：本机没有任何备份上报",
    ),
    ("backup.last_run", "latest failed 2024-04-30 23:00: ORA-19502", "最近一次备份失败（2024-04-30 23:00）：ORA-19502"),
    (
        "log.errors:/var/log/app.log",
        "2 matching line(s): FATAL 1 | FATAL 2 | first run; 16 B scanned",
        "2 行匹配：FATAL 1 | FATAL 2 | 首次巡检；已扫描 16 B",
    ),
    (
        "kernel.log_errors",
        "1 matching: [0s] Buffer I/O error on dev sdb | 799 message(s) already dropped from the ring buffer; "
        "1 new message(s) read from /dev/kmsg",
        "1 条匹配：[0s] Buffer I/O error on dev sdb | 内核环形缓冲区已丢弃 799 条消息；从 /dev/kmsg 读取新消息 1 条",
    ),
    (
        "cpu.count",
        "inspection error: IndexError: list index out of range",
        "巡检程序出错：IndexError: list index out of range",
    ),
    (
        "host.reachable",
        "ssh: connect to host 10.10.1.11 port 22: Connection timed out",
        "主机不可达：ssh: connect to host 10.10.1.11 port 22: Connection timed out",
    ),
    ("tomcat.app:/app", "HTTP 503", "HTTP 返回 503"),
    (
        "tomcat.process",
        "no Tomcat process (Bootstrap start) of CATALINA_BASE /opt/tomcat",
        "没有 CATALINA_BASE 为 /opt/tomcat 的 Tomcat 进程（Bootstrap start）",
    ),
    (
        "tomcat.heap_dumps",
        "1 new since the last run; 1 in /d (300 MiB), newest java_pid41.hprof",
        "自上次巡检以来新增 1 个；/d 中有 1 个堆转储文件（300 MiB），最新为 java_pid41.hprof",
    ),
    (
        "tomcat.log_severe:/opt/tomcat/logs/catalina.out",
        "01-Jan-2026 SEVERE [main] old fault | first run: last 1024 KiB read; 0 KiB scanned",
        "01-Jan-2026 SEVERE [main] old fault | 首次巡检：读取最后 1024 KiB；已扫描 0 KiB",
    ),
    (
        "switch.connect",
        "SSH connection to 10.20.0.11:22 failed: timed out",
        "到 10.20.0.11:22 的 SSH 连接失败：timed out",
    ),
    (
        "switch.port:1",
        "not online: E-Port segmented,(zone conflict); description: segmented,(zone conflict); type E-Port; speed N32",
        "未在线：E-Port segmented,(zone conflict)；描述：segmented,(zone conflict)；类型 E-Port；速率 N32",
    ),
    (
        "switch.port:GE1/0/6",
        "speed 100M(a), expected at least 1G; description: UPS-monitor; type hybrid; speed 100M(a)",
        "速率 100M(a)，应至少为 1G；描述：UPS-monitor；类型 hybrid；速率 100M(a)",
    ),
    ("switch.errors:12", "crc_err +1400, crc_g_eof +1400", "自上次巡检以来计数增加：crc_err +1400, crc_g_eof +1400"),
    (
        "switch.connect",
        "no SNMP response (No SNMP response received before timeout): wrong address or port, agent down, or community / v3 credentials refused; read with SNMP v2c: the community was sent in clear",
        "SNMP 无响应（No SNMP response received before timeout）：地址或端口错误、代理未运行，或团体名 / v3 凭据被拒绝；以 SNMP v2c 读取：团体名以明文传输",
    ),
    (
        "switch.log",
        "since the last run (1 lines read): [alert, rule WARN] 2019-04-07T17:03:43 PHY/PHY GigabitEthernet0/0/1: "
        "change status to down",
        "自上次巡检以来（读取 1 行）：[alert, rule WARN] 2019-04-07T17:03:43 PHY/PHY GigabitEthernet0/0/1: "
        "change status to down",
    ),
    # The restore test's record (its unit tests on real backup sets).
    (
        "backup.restore:petition",
        "not restored: petition on /var/lib/postgresql/15/main: needs 77.8 GiB, 77.8 GiB free, and 10% of 252.0 GiB must stay free",
        "未恢复：petition 位于 /var/lib/postgresql/15/main：需要 77.8 GiB，空闲 77.8 GiB，且须保留总量 252.0 GiB 的 10%",
    ),
    (
        "backup.set",
        "set 20240430T180000Z started 2024-05-01T02:00:00+08:00, status success; newer incomplete or failed set(s): 20240501T180000Z.partial",
        "备份集 20240430T180000Z，开始于 2024-05-01T02:00:00+08:00，状态 success；更新的不完整或失败的备份集：20240501T180000Z.partial",
    ),
    (
        "backup.scratch",
        "dropped healthops_restore_petition; left alone (not created by the restore test): healthops_restore_prod_app",
        "已删除 healthops_restore_petition；未处理（非恢复测试创建）：healthops_restore_prod_app",
    ),
    # The newer duties: database comparison, backup audit, drill, patch round, passwords, certificates.
    (
        "db_compare:app.orders",
        "2 missing in target (key 17, 18); 1 changed (key 3); rows source 100, target 98",
        "目标端缺少 2 个键（17, 18）；1 个键的内容不同（3）；源端 100 行，目标端 98 行",
    ),
    (
        "db_compare.tls:connection",
        "target: not verified: TLSv1.3 in use, but the server's certificate is not checked (ssl_mode require given explicitly)",
        "目标端：未验证：使用了 TLSv1.3，但未检查服务器证书（显式设置了 ssl_mode require）",
    ),
    (
        "backup_audit.schedule",
        "the timer schedule is disabled, inactive: no backup will run. Recommendation: enable it again",
        "timer 计划的状态为 disabled, inactive：备份不会执行（处理建议见右栏）",
    ),
    (
        "backup_audit.space",
        "12.0 GiB free on /backup; the next 3 sets need about 15.0 GiB",
        "/backup 可用 12.0 GiB；接下来 3 个备份集约需 15.0 GiB",
    ),
    (
        "drill.summary",
        "drill failed: RTO 5.0 h (target <=4 h) FAIL; RPO not reached (target <=1 h) FAIL. To act on: Recovery time (RTO); Recovery point (RPO)",
        "演练未通过：RTO 5.0 小时（目标 <=4 h）FAIL；RPO 未达到（目标 <=1 h）FAIL。需处理：Recovery time (RTO); Recovery point (RPO)",
    ),
    ("patch.window", "outside the window (patching_force to override)", "在维护窗口外（可用 patching_force 强制执行）"),
    ("package.openssl", "planned 3.0.11-1, installed 3.0.13-1", "计划安装 3.0.11-1，实际安装 3.0.13-1"),
    (
        "password.rotation:ops",
        "forced; age 40 -> 0 days; not stored",
        "强制轮换；密码使用天数 40 -> 0 天；未保存到密码库",
    ),
    (
        "cert.revocation:web",
        "revocation not known: OCSP http://ocsp.example.test: timed out; the certificate names no OCSP responder and no CRL (soft-fail: not an alarm)",
        "吊销状态未知：OCSP http://ocsp.example.test 出错：timed out；证书未指明 OCSP 响应服务或 CRL（软失败：不告警）",
    ),
    # The database probes (Oracle evaluation and PostgreSQL's on recorded result rows).
    (
        "oracle.tablespace.USERS",
        "9.5 GiB used of 10.0 GiB ceiling (allocated 10.0 GiB; 1 of 1 file(s) autoextend)",
        "已用 9.5 GiB，上限 10.0 GiB（已分配 10.0 GiB；1 个数据文件中 1 个自动扩展）",
    ),
    (
        "oracle.fra",
        "+FRA: 90.0 GiB net of 5.0 GiB reclaimable, limit 100.0 GiB, 12 files",
        "+FRA：扣除可回收的 5.0 GiB 后已用 90.0 GiB，上限 100.0 GiB，文件 12 个",
    ),
    (
        "oracle.backup_age",
        "completed database backup 50.0 h ago; no archive log backup recorded",
        "最近一次完成的数据库备份在 50.0 小时前；没有归档日志备份记录",
    ),
    ("oracle.processes", "270 of 300, peak since startup 280", "当前 270，上限 300，自启动以来峰值 280"),
    (
        "oracle.log_file_sync",
        "10000 waits averaging 30.0 ms over the 7.0 d since the previous run (2025-03-24T08:00); slow commits point at redo log I/O",
        "自上次巡检（2025-03-24T08:00）以来的 7.0 天内等待 10000 次，平均 30.0 毫秒；提交缓慢说明重做日志 I/O 存在瓶颈",
    ),
    (
        "oracle.patch_level",
        "19.20.0.0.0, below the required 19.21: apply the current release update",
        "19.20.0.0.0，低于要求的 19.21：请安装当前的版本更新（RU）",
    ),
    (
        "oracle.tablespace",
        "ORA-00942: table or view does not exist (statement tablespaces)",
        "ORA-00942: table or view does not exist（语句 tablespaces）",
    ),
    (
        "postgres.connections",
        "85 in use of 97 slots for ordinary roles (max_connections 100 less 3 reserved)",
        "普通角色已用连接 85 个，共 97 个（max_connections 100 减去保留的 3 个）",
    ),
    (
        "postgres.database_events",
        "0 deadlock(s), 0 temporary file(s) (0 B) since statistics reset; 3 data checksum failure(s) since statistics reset",
        "自统计信息重置以来：死锁 0 次，临时文件 0 个（0 B）；自统计信息重置以来：数据校验和失败 3 次",
    ),
    # A list is translated item by item only when every item is known.
    (
        "postgres.vacuum_age",
        "app.public.log never vacuumed, app.public.orders vacuumed 2.0 d ago",
        "app.public.log 从未执行 VACUUM，app.public.orders 于 2.0 天前执行过 VACUUM",
    ),
    (
        "postgres.parameter.shared_buffers",
        "is 128MB, below the recommended minimum 256MB",
        "当前为 128MB，低于建议的最小值 256MB",
    ),
]


@pytest.mark.parametrize(("check_id", "english", "chinese"), CASES)
def test_probe_details_read_in_chinese(check_id: str, english: str, chinese: str) -> None:
    assert detail.detail_zh(check_id, english) == chinese


def test_text_no_entry_knows_is_left_to_the_english() -> None:
    assert detail.detail_zh("fs.space:/", "") is None
    assert detail.detail_zh("time.clock_offset", "chronyc: +3.214500 s") is None  # a value, nothing to translate
    assert detail.detail_zh("no.such.check", "something the catalogue has never seen") is None
    # An entry of one check does not reach another's text.
    assert detail.detail_zh("memory.used", "not mounted: /home") is None


def test_a_part_no_entry_knows_is_kept_as_it_is() -> None:
    text = "not online; speed N16; something new the switch said"
    assert detail.detail_zh("switch.port:4", text) == "未在线；速率 N16；something new the switch said"
    # One unknown item keeps the whole list as it is: a comma may sit inside a value.
    text = "app.public.log never vacuumed, app.public.orders last seen by a new kind of vacuum"
    assert detail.detail_zh("postgres.vacuum_age", text) is None


def test_catalogue_entries_are_well_formed() -> None:
    for pattern, english, chinese in detail.RULES:
        assert pattern == "*" or re.fullmatch(r"[a-z0-9_*]+(\.[a-z0-9_*]+)*(:\*)?", pattern), pattern
        groups = set(english.groupindex)
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(chinese) if name}
        assert fields <= groups, (pattern, english.pattern, fields - groups)
        # Chinese words, or only the fields in Chinese punctuation (the fields then carry the Chinese).
        assert HAN.search(chinese) or not re.search(r"[A-Za-z]", re.sub(r"\{\w+\}", "", chinese)), (pattern, chinese)
        assert not HAN.search(english.pattern), pattern
    engines = len(detail_texts_db.DB + detail_texts_db_more.DB_MORE) * len(detail_texts_db.DB_ENGINES)
    assert len(detail.RULES) == len(detail.OWN) + engines + len(detail_texts_pg.PG)
    assert set(detail_texts_backup.BACKUP_VERIFY) <= set(detail.OWN)


def _checks() -> list[dict]:
    return [
        make_check("service.cron", "service", "Cron daemon", "计划任务服务", "WARN",
                   detail="no cron daemon (cron, crond) running: scheduled jobs will not run"),
        make_check("fs.space:/data", "fs", "FS /data", "文件系统空间使用率 /data", "PASS", 42.0, ">=80/90%", "%",
                   "4.2 GiB used of 10.0 GiB, 5.8 GiB available"),
        make_check("system.os", "system", "OS", "操作系统", "INFO", "Debian", detail="ID=debian VERSION_ID=12 family=debian"),
    ]  # fmt: skip


def test_the_record_shows_the_chinese_detail_and_report_json_keeps_the_english() -> None:
    report = model.build_report([{"host": "h1", "checks": _checks()}], {"run_id": "r1"})
    by_id = {c["id"]: c for c in report["hosts"][0]["checks"]}
    cron = by_id["service.cron"]
    assert cron["detail"] == "no cron daemon (cron, crond) running: scheduled jobs will not run"
    assert cron["detail_zh"] == "没有运行中的计划任务守护进程（cron, crond）：定时任务不会执行"
    assert by_id["fs.space:/data"]["detail_zh"] == "已用 4.2 GiB，共 10.0 GiB，可用 5.8 GiB"
    assert "detail_zh" not in by_id["system.os"]  # key=value output: nothing to translate
    host = report["hosts"][0]
    assert model.row_cells(host, cron, "zh")[7:] == [cron["recommendation_zh"], cron["detail_zh"]]
    assert model.row_cells(host, cron, "en")[7:] == [cron["recommendation"], cron["detail"]]
    page = html.render_html(report, "zh")
    assert cron["detail_zh"] in page
    assert "no cron daemon" not in page
    assert "no cron daemon" in html.render_html(report, "en")


def test_a_probe_that_says_it_in_chinese_itself_is_not_overridden() -> None:
    check = make_check(
        "service.cron", "service", "Cron", "计划任务服务", "WARN", detail="no cron daemon (cron) running"
    )
    check["detail_zh"] = "探针自带的中文说明"
    report = model.build_report([{"host": "h1", "checks": [check]}], {"run_id": "r1"})
    assert report["hosts"][0]["checks"][0]["detail_zh"] == "探针自带的中文说明"


def test_the_postgresql_probe_s_own_ids_find_their_texts() -> None:
    """The probe says pg.<check>; the catalogues, the details and the charts know it as postgres.<check>."""
    from ansible.module_utils.healthops.db.postgres.base import PREFIX
    from ansible.module_utils.healthops.report import advice, trends

    probe_id = f"{PREFIX}.connections"
    assert advice.canonical(probe_id) == "postgres.connections"
    check = make_check(probe_id, "database", "Connections", "连接数", "WARN", 88.0, ">=80/90%", "%",
                       "85 in use of 97 slots for ordinary roles (max_connections 100 less 3 reserved)")  # fmt: skip
    assert advice.recommendation(check) == advice.CATALOGUE["postgres.connections"]
    assert detail.detail_zh(probe_id, check["detail"]).startswith("普通角色已用连接 85 个")
    assert trends.charted(probe_id) == (True, False)
    assert (
        advice.recommendation(dict(check, id=f"{PREFIX}.connect", status="ERROR"))
        == advice.CATALOGUE["postgres.connect"]
    )
    assert advice.canonical("oracle.sessions") == "oracle.sessions"


@pytest.mark.parametrize(
    ("check_id", "english", "chinese"),
    [
        (
            "oracle.connect",
            "ORA-12541: TNS:no listener",
            "连接失败，驱动或客户端返回（原文）：ORA-12541: TNS:no listener",
        ),
        (
            "pg.connect",
            'FATAL:  password authentication failed for user "app"',
            '连接失败，驱动或客户端返回（原文）：FATAL:  password authentication failed for user "app"',
        ),
        (
            "oracle.sessions",
            "ORA-01031: insufficient privileges",
            "返回错误（原文）：ORA-01031: insufficient privileges",
        ),
        (
            "cpu.count",
            "[Errno 13] Permission denied: '/proc/x'",
            "返回错误（原文）：[Errno 13] Permission denied: '/proc/x'",
        ),
    ],
)
def test_a_driver_s_own_words_are_kept_in_a_chinese_frame(check_id: str, english: str, chinese: str) -> None:
    assert detail.detail_zh(check_id, english) == chinese


def test_a_list_of_known_items_and_values_is_translated() -> None:
    text = "app.public.log never vacuumed, app.public.orders"
    assert detail.detail_zh("postgres.vacuum_age", text) == "app.public.log 从未执行 VACUUM，app.public.orders"
