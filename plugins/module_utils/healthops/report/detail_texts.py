# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The probes' own words (a check's ``detail``) in Chinese: one catalogue for translators.

The probes run on managed hosts and say what they found in English (report.json keeps it as
``detail``); the zh record shows ``detail_zh``, made here on the controller
(healthops.report.detail). Each entry is ``(check id pattern, English detail, Chinese)``:

* the pattern is a check id (``service.cron``), a pattern (``fs.space:*``) or ``*`` for any check;
  the entries of a check are tried before those of ``*``, each list in its order;
* the English is a regular expression for the whole text; its named groups are values, paths,
  units or command output, put into the Chinese as they are;
* a group named ``why...`` is itself English of the probe: it is translated again by the same
  entries (so ``cannot check: <why>`` needs no entry per cause), and kept as it is where none fits.

A text that matches no entry is split at ``; `` and each part translated alone; a part that
matches nothing (command output, an error message of a tool) stays as it is. A list (``a, b``)
is translated item by item only when every item matches an entry. The database entries
(``DB``) are written without the engine: they serve ``oracle.<key>`` and ``postgres.<key>``. The cases of
tests/unit/plugins/module_utils/healthops/report/test_report_detail.py come from the probes'
recorded-output tests.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

NUM = r"[-+]?[\d.]+"
SIZE = r"[-+]?[\d.]+ [KMGTPE]?i?B"

HOST = [
    ("host.reachable", r"host unreachable", "主机不可达"),
    ("host.reachable", r"(?P<msg>.+)", "主机不可达：{msg}"),
    ("probe.run", r"probe failed", "巡检失败"),
    ("probe.run", r"(?P<msg>.+)", "巡检失败：{msg}"),
    (
        "fs.space:*",
        rf"(?P<used>{SIZE}) used of (?P<size>{SIZE}), (?P<avail>{SIZE}) available",
        "已用 {used}，共 {size}，可用 {avail}",
    ),
    (
        "fs.inodes:*",
        r"(?P<used>\d+) of (?P<total>\d+) inodes used, (?P<free>\d+) free",
        "已用 {used} 个 inode，共 {total} 个，剩余 {free} 个",
    ),
    (
        "fs.days_to_full:*",
        rf"(?P<avail>{SIZE}) available, growing (?P<rate>{SIZE})/day \((?P<why>[^)]*)\)",
        "可用 {avail}，每天增长 {rate}（{why}）",
    ),
    ("fs.days_to_full:*", rf"(?P<delta>{SIZE}) in (?P<days>{NUM}) d", "{days} 天内变化 {delta}"),
    ("fs.days_to_full:*", r"not growing \((?P<why>[^)]*)\)", "未增长（{why}）"),
    (
        "fs.days_to_full:*",
        r"first sample recorded; growth is known from the next run",
        "首次采样已记录，下次巡检起可计算增长",
    ),
    (
        "fs.days_to_full:*",
        r"previous sample only (?P<s>\d+) s old; kept it as the baseline",
        "上次采样仅 {s} 秒前，仍以其为基准",
    ),
    (
        "fs.*",
        r"(?P<point>/\S*) \((?P<fstype>\S+) on (?P<device>\S+)\): statvfs did not return within (?P<s>\S+) s \(hung network file system\?\)",
        "{point}（{fstype}，设备 {device}）：statvfs 在 {s} 秒内未返回（网络文件系统挂起？）",
    ),
    (
        "fs.*",
        r"(?P<point>/\S*) \((?P<fstype>\S+) on (?P<device>\S+)\): (?P<error>.+)",
        "{point}（{fstype}，设备 {device}）：{error}",
    ),
    ("fs.readonly", r"read-only, expected rw: (?P<why>.+)", "以下文件系统为只读，应为读写：{why}"),
    ("fs.readonly", r"(?P<point>/\S*) \(root file system is read-only\)", "{point}（根文件系统为只读）"),
    ("fs.readonly", r"(?P<point>/\S*) \(fstab says (?P<options>[^)]*)\)", "{point}（fstab 中为 {options}）"),
    ("fs.readonly", r"no file system unexpectedly read-only", "没有意外变为只读的文件系统"),
    ("fs.readonly", r"read-only by configuration: (?P<points>.+)", "按配置只读：{points}"),
    ("fs.fstab_mounted", r"not mounted: (?P<points>.+)", "未挂载：{points}"),
    (
        "cpu.load_per_core",
        rf"load average (?P<a>{NUM}) (?P<b>{NUM}) (?P<c>{NUM}) on (?P<n>\d+) CPU\(s\)",
        "平均负载 {a} {b} {c}（1/5/15 分钟），CPU {n} 个",
    ),
    ("cpu.*", r"CPU count unknown", "CPU 数量未知"),
    ("cpu.iowait", rf"sampled over (?P<s>{NUM}) s", "采样 {s} 秒"),
    ("cpu.*", r"no CPU time elapsed between the two /proc/stat samples", "两次 /proc/stat 采样之间没有 CPU 时间流逝"),
    (
        "memory.used",
        rf"(?P<used>{SIZE}) used of (?P<total>{SIZE}), (?P<avail>{SIZE}) available \((?P<how>[^)]*)\)",
        "已用 {used}，共 {total}，可用 {avail}（{how}）",
    ),
    ("memory.swap_used", rf"(?P<used>{SIZE}) used of (?P<total>{SIZE}) swap", "交换分区已用 {used}，共 {total}"),
    ("memory.*", r"(?P<field>\w+) missing from /proc/meminfo", "/proc/meminfo 中缺少 {field}"),
    (
        "kernel.open_files",
        r"(?P<n>\d+) file handles allocated of fs.file-max (?P<max>\d+)",
        "已分配文件句柄 {n} 个，上限 fs.file-max 为 {max}",
    ),
    (
        "process.pid_use",
        r"(?P<n>\d+) tasks \(threads included\) of pid_max (?P<max>\d+)",
        "任务数（含线程）{n}，上限 pid_max 为 {max}",
    ),
    ("process.pid_use", r"could not read /proc/loadavg or kernel.pid_max", "无法读取 /proc/loadavg 或 kernel.pid_max"),
    (
        "process.zombies",
        r"(?P<n>\d+) left by pid (?P<pid>\d+) \((?P<name>[^)]*)\)",
        "{n} 个僵尸进程，父进程 pid {pid}（{name}）",
    ),
    ("process.zombies", r"no zombie among (?P<n>\d+) processes", "{n} 个进程中没有僵尸进程"),
    ("process.present:*", r"no matching process", "没有匹配的进程"),
    ("service.active:*", r"(?P<unit>\S+) is (?P<state>\S+) \((?P<sub>[^)]*)\)", "{unit} 的状态为 {state}（{sub}）"),
    ("service.active:*", r"unit (?P<unit>\S+) does not exist", "单元 {unit} 不存在"),
    ("service.active:*", r"systemctl gave no state for this unit", "systemctl 未给出该单元的状态"),
    ("service.failed_units", r"failed: (?P<units>.+)", "失败的单元：{units}"),
    ("service.failed_units", r"no failed unit", "没有失败的单元"),
    ("service.failed_units", r"(?P<why>.+): no units", "{why}：无法列出单元"),
    (
        "service.cron",
        r"no cron daemon \((?P<names>[^)]*)\) running: scheduled jobs will not run",
        "没有运行中的计划任务守护进程（{names}）：定时任务不会执行",
    ),
    ("time.*", r"no NTP client tool answered: (?P<why>.+)", "没有时间同步客户端工具应答：{why}"),
    ("time.*", r"none found", "未找到任何工具"),
    ("time.ntp_sync", r"not synchronised", "时钟未同步"),
    ("time.ntp_sync", r"not synchronised; (?P<why>.+)", "时钟未同步；{why}"),
    # The tool that answered, what it said, and [why the others did not].
    (
        "time.*",
        r"(?P<tool>chronyc|ntpq|timedatectl): (?P<why>.*?) \[(?P<why_others>.+)\]",
        "{tool}：{why}（{why_others}）",
    ),
    ("time.*", r"(?P<tool>chronyc|ntpq|timedatectl): (?P<why>.+)", "{tool}：{why}"),
    (
        "time.*",
        r"reference (?P<ref>.*?) ?, stratum (?P<stratum>\S+), leap status (?P<leap>.+)",
        "参考源 {ref}，层级 {stratum}，闰秒状态 {leap}",
    ),
    ("time.*", r"reference (?P<ref>.+)", "参考源 {ref}"),
    ("time.*", r"system peer (?P<peer>\S+)", "系统对等体 {peer}"),
    ("time.*", r"no system peer selected", "未选定系统对等体"),
    ("time.clock_offset", r"(?P<tool>\S+) does not report an offset", "{tool} 不提供时钟偏差"),
    ("time.timezone", r"expected (?P<tz>\S+)", "应为 {tz}"),
    ("net.*", r"since last run: (?P<counts>.+)", "自上次巡检以来：{counts}"),
    ("net.*", r"no new (?P<what>.+) on (?P<n>\d+) interface\(s\)", "{n} 个网络接口上没有新增 {what}"),
    ("net.listen:*", r"nothing listens on (?P<proto>\S+) port (?P<port>\S+)", "{proto} 端口 {port} 无服务监听"),
    ("net.unexpected_listeners", r"not expected or allowed: (?P<ports>.+)", "未列入预期或允许的监听：{ports}"),
    ("net.dns_resolvers", r"no nameserver in (?P<path>\S+)", "{path} 中没有 nameserver"),
    ("net.hostname", r"(?P<name>\S+) does not resolve: (?P<error>.+)", "主机名 {name} 无法解析：{error}"),
    ("security.uid0_accounts", r"UID 0 besides root: (?P<names>.+)", "除 root 外 UID 为 0 的账号：{names}"),
    ("security.empty_passwords", r"no password: (?P<names>.+)", "没有密码的账号：{names}"),
    (
        "security.password_age",
        r"(?P<user>\S+) (?P<age>\d+)/(?P<max>\d+) d \((?P<pct>[\d.]+%)\)",
        "{user} 已 {age} 天（上限 {max} 天，{pct}）",
    ),
    (
        "security.password_age",
        r"(?P<user>\S+) must change password at next login \((?P<pct>[^)]*)\)",
        "{user} 须在下次登录时修改密码（{pct}）",
    ),
    ("security.password_age", r"not graded: (?P<why>.+)", "未评级：{why}"),
    (
        "security.password_age",
        r"(?P<user>\S+): no maximum \((?P<age>\d+) d old\)",
        "{user}：未设置最长使用期限（已 {age} 天）",
    ),
    ("security.password_age", r"(?P<user>\S+): ageing off", "{user}：未启用密码时效"),
    ("security.password_age", r"no login account with a password", "没有设置了密码的登录账号"),
    (
        "security.firewall",
        r"(?P<one>\S+) and (?P<other>\S+) manage the rules at once and overwrite each other: (?P<why>.+)",
        "{one} 与 {other} 同时管理防火墙规则，会相互覆盖：{why}",
    ),
    (
        "security.firewall",
        r"cannot tell which firewall is active: (?P<why>.+) \(run with become\)",
        "无法判断生效的防火墙：{why}（请以 become 提权运行）",
    ),
    (
        "security.firewall",
        r"no firewall: firewalld not running, no nftables or iptables rules",
        "没有防火墙：firewalld 未运行，也没有 nftables 或 iptables 规则",
    ),
    ("security.firewall", r"a firewall is required", "要求启用防火墙"),
    (
        "security.firewall",
        r"no rule drops or rejects a packet: nothing is filtered",
        "没有丢弃或拒绝数据包的规则：未做任何过滤",
    ),
    ("system.uptime", r"up (?P<d>\d+) d (?P<h>\d+) h", "已运行 {d} 天 {h} 小时"),
    (
        "system.reboot_required",
        r"(?P<path>/\S+) present \(packages: (?P<packages>.+)\)",
        "存在 {path}（相关软件包：{packages}）",
    ),
    ("system.reboot_required", r"(?P<path>/\S+) present", "存在 {path}"),
    (
        "system.reboot_required",
        r"running kernel (?P<running>\S+), newer kernel (?P<newest>\S+) installed",
        "运行中的内核为 {running}，已安装更新的内核 {newest}",
    ),
    ("system.reboot_required", r"(?P<command>needs-restarting -r): (?P<output>.+)", "{command} 的输出：{output}"),
    (
        "system.days_since_update",
        r"last change (?P<when>.+) \((?P<source>[^)]*)\)",
        "最近一次软件包变更 {when}（{source}）",
    ),
    ("system.days_since_update", r"no package log or package database found", "未找到软件包日志或软件包数据库"),
    ("system.core_dumps", r"(?P<path>\S+) \((?P<d>\d+) d ago\)", "{path}（{d} 天前）"),
    (
        "backup.*",
        r"backup status file (?P<path>\S+) not found: no backup has reported on this host",
        "未找到备份状态文件 {path}：本机没有任何备份上报",
    ),
    ("backup.*", r"no successful backup recorded in (?P<path>\S+)", "{path} 中没有成功备份的记录"),
    ("backup.age", r"last success (?P<when>.+)", "最近一次成功备份 {when}"),
    ("backup.size", r"set (?P<set>\S+)", "备份集 {set}"),
    ("backup.duration", r"set (?P<set>\S+)", "备份集 {set}"),
    ("backup.*", r"(?P<path>/\S+): not valid JSON: (?P<error>.+)", "{path}：不是有效的 JSON：{error}"),
    ("backup.*", r"(?P<path>/\S+): top level must be a JSON object", "{path}：顶层必须是 JSON 对象"),
    ("backup.last_run", r"(?P<path>/\S+): unknown status (?P<status>.+)", "{path}：未知的状态 {status}"),
    (
        "backup.last_run",
        r"latest(?P<job>.*) failed (?P<when>[\d?][\d: -]*?): (?P<message>.+)",
        "最近一次备份{job}失败（{when}）：{message}",
    ),
    ("backup.last_run", r"latest(?P<job>.*) failed (?P<when>[\d?][\d: -]*)", "最近一次备份{job}失败（{when}）"),
    (
        "backup.last_run",
        r"latest(?P<job>.*) finished (?P<when>[\d?][\d: -]*?): (?P<message>.+)",
        "最近一次备份{job}完成（{when}）：{message}",
    ),
    ("backup.last_run", r"latest(?P<job>.*) finished (?P<when>[\d?][\d: -]*)", "最近一次备份{job}完成（{when}）"),
    (
        "backup.last_run",
        r"(?P<job>\S+) started (?P<started>\S+) still says running after its deadline (?P<deadline>\S+): the run ended without writing its status",
        "{job} 于 {started} 开始，超过截止时间 {deadline} 仍显示运行中：该次运行未写入结束状态即终止",
    ),
    ("*.log_errors", r"(?P<n>\d+) matching: (?P<lines>.*) \| (?P<why>[^|]*)", "{n} 条匹配：{lines} | {why}"),
    ("log.errors:*", r"(?P<n>\d+) matching line\(s\): (?P<lines>.*) \| (?P<why>[^|]*)", "{n} 行匹配：{lines} | {why}"),
    ("log.errors:*", r"no file matches (?P<glob>.+)", "没有文件匹配 {glob}"),
    ("*", r"inspection error: (?P<error>.+)", "巡检程序出错：{error}"),
    ("*", r"no value could be obtained", "未能取得数值"),
    ("*", r"cannot check: (?P<why>.+)", "无法检查：{why}"),
    ("*", r"systemd is not running \(PID 1 is (?P<init>\S+)\)", "systemd 未运行（1 号进程为 {init}）"),
    ("*", r"(?P<tool>[\w.-]+) not installed", "未安装 {tool}"),
    ("*", r"[Pp]ermission denied", "权限不足"),
    ("*", r"(?P<path>/\S+): not found", "{path}：未找到"),
    ("*", r"(?P<path>/\S+) not found", "未找到 {path}"),
    ("*", r"(?P<path>/\S+): (?P<why>[Pp]ermission denied)", "{path}：{why}"),
    # Notes of the log readers (host logs, kernel log, Tomcat's), after the matching lines.
    ("*", r"first run", "首次巡检"),
    ("*", r"first run: last (?P<size>.+) read", "首次巡检：读取最后 {size}"),
    ("*", rf"(?P<size>{SIZE}) scanned", "已扫描 {size}"),
    ("*", r"(?P<n>\d+) new message\(s\) read from (?P<source>.+)", "从 {source} 读取新消息 {n} 条"),
    ("*", r"(?P<n>\d+) new message\(s\) from journalctl -k", "journalctl -k 中有新消息 {n} 条"),
    ("*", r"(?P<n>\d+) message\(s\) already dropped from the ring buffer", "内核环形缓冲区已丢弃 {n} 条消息"),
    ("*", r"rotated: rest of (?P<path>\S+) read", "日志已轮转：已读完 {path} 的剩余部分"),
    (
        "*",
        r"rotated: the previous file is gone or compressed, its unread tail was skipped",
        "日志已轮转：原文件已删除或压缩，未读部分被跳过",
    ),
    ("*", r"rotated since the last run: new file read from the start", "自上次巡检以来日志已轮转：新文件从头读取"),
    (
        "*",
        r"truncated since last run \((?P<sizes>[^)]*)\): read from the start",
        "自上次巡检以来文件被截断（{sizes}）：从头读取",
    ),
    ("*", rf"(?P<size>{SIZE}) skipped \(over max_bytes (?P<max>{SIZE})\)", "跳过 {size}（超过 max_bytes {max}）"),
]

TOMCAT = [
    ("tomcat.app:*", r"HTTP (?P<code>\d+)", "HTTP 返回 {code}"),
    ("tomcat.app:*", r"not deployed", "未部署"),
    ("tomcat.app:*", r"no HTTP answer: (?P<error>.+)", "无 HTTP 应答：{error}"),
    ("tomcat.app:*", r"(?P<path>\S+), (?P<n>\S+) session\(s\)", "{path}，会话 {n} 个"),
    ("tomcat.http", r"(?P<url>\S+): no HTTP answer \((?P<error>[^)]*)\)", "{url}：无 HTTP 应答（{error}）"),
    ("tomcat.http", r"(?P<url>\S+) answered HTTP (?P<code>\d+)", "{url} 返回 HTTP {code}"),
    (
        "tomcat.*",
        r"(?P<what>manager list|manager status): HTTP (?P<code>\d+), a redirect to another host, port or scheme, not followed with the credentials \(set tomcat_manager_url to where the manager really is\)",
        "{what}：HTTP {code}，重定向到其他主机、端口或协议，为保护凭据未跟随（请将 tomcat_manager_url 设为管理页面的实际地址）",
    ),
    ("tomcat.heap_used", r"the status page has no JVM memory figures", "状态页面没有 JVM 内存数据"),
    (
        "tomcat.heap_used",
        r"(?P<used>\d+) MiB used of (?P<max>\d+) MiB maximum \(committed (?P<committed>\d+) MiB\)",
        "已用 {used} MiB，上限 {max} MiB（已提交 {committed} MiB）",
    ),
    (
        "tomcat.heap_dumps",
        r"(?P<n>\d+) in (?P<dir>\S+) \((?P<size>[^)]*)\), newest (?P<file>\S+)",
        "{dir} 中有 {n} 个堆转储文件（{size}），最新为 {file}",
    ),
    ("tomcat.heap_dumps", r"analyse and remove them", "请分析后删除"),
    ("tomcat.heap_dumps", r"(?P<n>\d+) new since the last run", "自上次巡检以来新增 {n} 个"),
    (
        "tomcat.open_files",
        r"(?P<n>\d+) open of LimitNOFILE (?P<max>\d+)",
        "已打开文件 {n} 个，上限 LimitNOFILE 为 {max}",
    ),
    ("tomcat.*", r"no Tomcat process", "没有 Tomcat 进程"),
    (
        "tomcat.process",
        r"no Tomcat process \(Bootstrap start\) of CATALINA_BASE (?P<base>\S+)",
        "没有 CATALINA_BASE 为 {base} 的 Tomcat 进程（Bootstrap start）",
    ),
    (
        "tomcat.process",
        r"(?P<n>\d+) Tomcat processes of any CATALINA_BASE: pid (?P<pids>.+)",
        "共有 {n} 个 Tomcat 进程（未限定 CATALINA_BASE）：pid {pids}",
    ),
    (
        "tomcat.process",
        r"(?P<n>\d+) Tomcat processes of CATALINA_BASE (?P<base>\S+): pid (?P<pids>.+)",
        "CATALINA_BASE {base} 有 {n} 个 Tomcat 进程：pid {pids}",
    ),
    (
        "tomcat.threads*",
        r"(?P<busy>\d+) busy of maxThreads (?P<max>\d+) \((?P<pool>\S+) threads in the pool\), from the manager status",
        "忙碌线程 {busy} 个，上限 maxThreads {max}（线程池中 {pool} 个），数据来自管理状态页",
    ),
    (
        "tomcat.threads*",
        r"(?P<n>\d+) worker threads started \((?P<names>[^)]*)\) of maxThreads (?P<max>\d+)",
        "已启动工作线程 {n} 个（{names}），上限 maxThreads {max}",
    ),
    (
        "tomcat.threads*",
        r"the pool only grows under load, so this bounds the busy threads from above \(set tomcat_status_user for the exact count\)",
        "线程池只在负载下增长，故此数为忙碌线程数的上限（设置 tomcat_status_user 可得确切数目）",
    ),
    ("tomcat.threads*", r"no Tomcat process to read threads from", "没有可读取线程的 Tomcat 进程"),
    (
        "tomcat.threads*",
        r"(?P<file>\S+) declares no Connector; its external entities \((?P<entities>[^)]*)\) are not read",
        "{file} 未声明 Connector；其外部实体（{entities}）未被读取",
    ),
    ("tomcat.log_severe:*", r"(?P<lines>.*) \| (?P<why>[^|]*)", "{lines} | {why}"),
    ("tomcat.oom:*", r"(?P<lines>.*) \| (?P<why>[^|]*)", "{lines} | {why}"),
    ("tomcat.*", r"(?P<size>\d+ KiB) scanned", "已扫描 {size}"),
]

SWITCH = [
    (
        "switch.connect",
        r"SSH connection to (?P<address>\S+) failed: (?P<error>.+)",
        "到 {address} 的 SSH 连接失败：{error}",
    ),
    (
        "switch.connect",
        r"SSH host key of (?P<name>\S+) CHANGED: the switch presented (?P<presented>.+?), expected (?P<expected>.+?)\. Refused: this is a man-in-the-middle or a switch that was replaced or re-keyed; verify the new fingerprint out of band, then replace the pinned key",
        "{name} 的 SSH 主机密钥已变化：交换机出示 {presented}，应为 {expected}。已拒绝连接：可能是中间人攻击，或交换机已更换或重新生成密钥；请通过其他途径核实新指纹后再替换固定的密钥",
    ),
    (
        "switch.connect",
        r"SSH host key of (?P<name>\S+) is not pinned: the switch presented (?P<presented>.+?)\. Refused \(host_key_policy=reject\): verify the fingerprint out of band and pin it \((?P<where>[^)]*)\), or set host_key_policy=trust_first_use",
        "{name} 的 SSH 主机密钥未固定：交换机出示 {presented}。已拒绝连接（host_key_policy=reject）：请通过其他途径核实指纹后固定（{where}），或设置 host_key_policy=trust_first_use",
    ),
    (
        "switch.connect",
        r"(?P<option>\S+) (?P<path>\S+) unreadable \((?P<error>.*)\): the switch's SSH host key cannot be checked",
        "{option} {path} 无法读取（{error}）：无法核对交换机的 SSH 主机密钥",
    ),
    (
        "switch.connect",
        r"(?P<option>\S+) (?P<path>\S+) has lines that are not known_hosts entries \((?P<lines>.*)\): fix them, the host key was not checked",
        "{option} {path} 中有不是 known_hosts 条目的行（{lines}）：请修正，主机密钥未核对",
    ),
    ("switch.connect", r"no SNMP response", "SNMP 无响应"),
    ("switch.port:*", r"not online", "未在线"),
    ("switch.port:*", r"not online: (?P<reason>.+)", "未在线：{reason}"),
    ("switch.port:*", r"administratively disabled", "已被管理性关闭"),
    ("switch.port:*", r"administratively disabled: (?P<reason>.+)", "已被管理性关闭：{reason}"),
    ("switch.port:*", r"description: (?P<text>.+)", "描述：{text}"),
    ("switch.port:*", r"type (?P<type>\S+), expected (?P<expected>\S+)", "类型 {type}，应为 {expected}"),
    ("switch.port:*", r"type (?P<type>.+)", "类型 {type}"),
    ("switch.port:*", r"peer is not (?P<peer>\S+)", "对端不是 {peer}"),
    ("switch.port:*", r"peer (?P<peer>\S+)", "对端 {peer}"),
    ("switch.port:*", r"member of (?P<trunk>.+)", "属于 {trunk}"),
    (
        "switch.port:*",
        r"speed (?P<speed>\S+), expected at least (?P<expected>\S+)",
        "速率 {speed}，应至少为 {expected}",
    ),
    ("switch.port:*", r"speed (?P<speed>\S+)", "速率 {speed}"),
    ("switch.port:*", r"last change (?P<ago>.+) ago", "{ago} 前状态变化"),
    ("switch.port:*", r"device name (?P<name>.+)", "设备名 {name}"),
    ("switch.port:*", r"half duplex \((?P<duplex>[^)]*)\)", "半双工（{duplex}）"),
    (
        "switch.port:*",
        r"port (?P<port>\S+) is not on the switch \(ports read: (?P<n>\d+)\)",
        "交换机上没有端口 {port}（共读取 {n} 个端口）",
    ),
    ("switch.errors:*", r"(?P<counters>\w+ \+\d+(?:, \w+ \+\d+)*)", "自上次巡检以来计数增加：{counters}"),
    ("switch.discards:*", r"(?P<counters>\w+ \+\d+(?:, \w+ \+\d+)*)", "自上次巡检以来计数增加：{counters}"),
    (
        "switch.errors",
        r"(?P<n>\d+) of (?P<total>\d+) ports with counters that rose since (?P<since>.+) \(see the per-port rows\)",
        "自 {since} 以来，{total} 个端口中有 {n} 个计数增加（见各端口行）",
    ),
    (
        "switch.errors",
        r"no error or discard counter rose on (?P<n>\d+) ports since (?P<since>.+)",
        "自 {since} 以来，{n} 个端口的错误和丢弃计数均未增加",
    ),
    (
        "switch.errors",
        r"the switch restarted since (?P<since>.+): counters recorded as a new baseline",
        "交换机自 {since} 以来重启过：计数已记录为新的基准",
    ),
    (
        "switch.errors",
        r"counters cleared \(new baseline\) on (?P<ports>.+)",
        "以下端口的计数已清零（新的基准）：{ports}",
    ),
    (
        "switch.log",
        r"first run: entries of the last (?P<h>\d+) h of the log \((?P<n>\d+) lines read\): (?P<entries>.+)",
        "首次巡检：日志中最近 {h} 小时的条目（读取 {n} 行）：{entries}",
    ),
    (
        "switch.log",
        r"since the last run \((?P<n>\d+) lines read\): (?P<entries>.+)",
        "自上次巡检以来（读取 {n} 行）：{entries}",
    ),
    ("switch.state", r"restarted since the last run", "自上次巡检以来已重启"),
    ("switch.state", r"up (?P<uptime>\S+)", "已运行 {uptime}"),
]

# The database probes: keys without the engine, which healthops.report.detail puts in front
# ("oracle." and "postgres."), as the advice catalogue's DB_SHARED does.
DB_ENGINES = ("oracle", "postgres")
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
        r"since instance startup (?P<when>.+?) \(first run: no earlier sample to compare with\)",
        "自实例启动（{when}）以来（首次巡检，没有可比较的上次采样）",
    ),
    ("*", r"since instance startup (?P<when>.+)", "自实例启动（{when}）以来"),
    (
        "*",
        rf"over the (?P<days>{NUM}) d since the previous run \((?P<when>[^)]*)\)",
        "自上次巡检（{when}）以来的 {days} 天内",
    ),
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
    (
        "patch_level",
        r"no release update or patch set recorded, below the required (?P<required>\S+): apply the current release update",
        "没有版本更新或补丁集记录，低于要求的 {required}：请安装当前的版本更新（RU）",
    ),
    (
        "patch_level",
        r"(?P<current>.+), below the required (?P<required>\S+): apply the current release update",
        "{current}，低于要求的 {required}：请安装当前的版本更新（RU）",
    ),
    (
        "patch_level",
        r"(?P<current>.+), below the required (?P<required>\S+): apply the vendor's patch",
        "{current}，低于要求的 {required}：请安装厂商补丁",
    ),
    (
        "patch_level",
        r"(?P<current>.+), below the required (?P<required>\S+): install the latest minor release of (?P<major>\S+)",
        "{current}，低于要求的 {required}：请安装 {major} 的最新小版本",
    ),
    ("blocking_*", r"(?P<n>\d+) blocked", "{n} 个会话被阻塞"),
    ("long_*", r"(?P<n>\d+) session\(s\)", "{n} 个会话"),
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
    ("alert_log", r"covered: (?P<what>.+)", "覆盖范围：{what}"),
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
    ("archive_gap", r"dest (?P<n>\d+) (?P<name>\S+): (?P<state>.+)", "归档目标 {n}（{name}）：{state}"),
    (
        "archivelog_mode",
        r"no point-in-time recovery: only cold or export backups are possible",
        "无法做时间点恢复：只能进行冷备份或导出备份",
    ),
    ("asm_diskgroup.*", r"(?P<n>\d+) disk\(s\) OFFLINE, redundancy reduced", "{n} 块磁盘 OFFLINE，冗余度已降低"),
    (
        "asm_diskgroup.*",
        rf"(?P<redundancy>\S+) redundancy, (?P<state>\S+): usable free (?P<free>{SIZE}) of (?P<usable>{SIZE}) usable \(free (?P<raw>{SIZE}) raw, (?P<kept>{SIZE}) kept to restore redundancy\)",
        "{redundancy} 冗余，状态 {state}：可用空闲 {free}，可用总量 {usable}（原始空闲 {raw}，其中 {kept} 预留用于恢复冗余）",
    ),
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
        r"(?P<reloads>\d+) reloads of (?P<pins>\d+) pins (?P<why>over the [^;]+)",
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
        "scope cdb 需要连接到 CDB$ROOT，而不是 {container}",
    ),
    ("cdb_scope", r"not covered: (?P<containers>.+)", "未覆盖：{containers}"),
    ("cdb_scope", r"(?P<n>\d+) container\(s\) covered: (?P<containers>.+)", "已覆盖 {n} 个容器：{containers}"),
    (
        "cdb_scope",
        r"ALTER USER <probe> SET CONTAINER_DATA=ALL CONTAINER=CURRENT covers every open PDB",
        "执行 ALTER USER <probe> SET CONTAINER_DATA=ALL CONTAINER=CURRENT 可覆盖所有已打开的 PDB",
    ),
    (
        "connect",
        r"authentication failed: wrong user name or password \((?P<error>.+)\)",
        "认证失败：用户名或密码错误（{error}）",
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
        rf"(?P<pct>{NUM}%) of foreground wait time (?P<why>over the [^;]+?): (?P<events>.+)",
        "{why}占前台等待时间的 {pct}：{events}",
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
        rf"(?P<n>\d+) waits averaging (?P<ms>{NUM}) ms (?P<why>over the [^;]+)",
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
    ("redo_switch_interval", rf"online logs (?P<size>{SIZE})", "联机日志 {size}"),
    ("rman_failures", r"(?P<jobs>[^,]+ x\d+), last (?P<when>.+)", "失败的 RMAN 作业：{jobs}，最近一次 {when}"),
    (
        "scheduler_jobs",
        r"failed runs since the last (?P<days>\d+) d: (?P<jobs>.+)",
        "最近 {days} 天内失败的运行：{jobs}",
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
    (
        "connect",
        r"authentication failed: wrong user name or password \((?P<why>.+)\)",
        "认证失败：用户名或密码错误（{why}）",
    ),
    (
        "connect",
        r"connection refused: listener down or port closed \((?P<why>.+)\)",
        "连接被拒绝：监听程序未运行或端口未开放（{why}）",
    ),
    (
        "connect",
        r"server version not supported in thin mode: set thick_mode: true \((?P<why>.+)\)",
        "thin 模式不支持该服务器版本：请设置 thick_mode: true（{why}）",
    ),
    ("connect", r"service name not registered with the listener \((?P<why>.+)\)", "服务名未在监听程序中注册（{why}）"),
    ("archive_gap", r"thread (?P<thread>\d+) sequences (?P<sequences>\S+)", "线程 {thread} 缺少归档序列 {sequences}"),
    ("asm_diskgroup.*", r"USABLE_FILE_MB is negative: (?P<why>.+)", "USABLE_FILE_MB 为负数：{why}"),
    ("dataguard_lag", r"apply lag (?P<apply>.+)", "应用延迟 {apply}"),
    (
        "password_expiry",
        r"(?P<user>\S+) (?P<state>[A-Z()]+) expires in (?P<days>\d+) d \((?P<pct>\d+%) of (?P<limit>\d+) d\)",
        "{user}（{state}）{days} 天后过期（已过期限 {limit} 天的 {pct}）",
    ),
    ("password_expiry", r"(?P<user>\S+) (?P<state>EXPIRED(?:\([A-Z]+\))?|LOCKED(?:\([A-Z]+\))?)", "{user}（{state}）"),
    ("tablespace_days_to_full", r"(?P<name>\S+) not growing \((?P<pct>\d+%) used\)", "{name} 未增长（已用 {pct}）"),
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
