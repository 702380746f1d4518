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
* a group named ``raw...`` is kept as it is even where it holds ``; `` (a list of titles, output);
* a group named ``why...`` is itself English of the probe: it is translated again by the same
  entries (so ``cannot check: <why>`` needs no entry per cause), and kept as it is where none fits.

A text that matches no entry is split at ``; `` and each part translated alone; a part that
matches nothing (command output, an error message of a tool) stays as it is. A list (``a, b``)
is translated item by item only when every item matches an entry. The database probes' entries
are in healthops.report.detail_texts_db. The cases of
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
    ("net.interface_drops", r"no new drops on (?P<n>\d+) interface\(s\)", "{n} 个网络接口上没有新增丢包"),
    ("net.interface_errors", r"no new errors on (?P<n>\d+) interface\(s\)", "{n} 个网络接口上没有新增错误"),
    ("net.interface_drops", r"no drops since boot on (?P<n>\d+) interface\(s\)", "自开机以来 {n} 个网络接口上没有丢包"),
    (
        "net.interface_errors",
        r"no errors since boot on (?P<n>\d+) interface\(s\)",
        "自开机以来 {n} 个网络接口上没有错误",
    ),
    ("net.*", r"since boot \(first sample\): (?P<counts>.+)", "自开机以来（首次采样）：{counts}"),
    ("net.default_route", r"via (?P<gateway>\S+) dev (?P<device>\S+)", "经 {gateway}（接口 {device}）"),
    ("net.default_route", r"IPv6 dev (?P<device>\S+)", "IPv6 经接口 {device}"),
    (
        "net.dns_resolvers",
        r"nameserver (?P<servers>.+) \(local stub resolver\)",
        "域名服务器 {servers}（本机解析服务）",
    ),
    ("net.dns_resolvers", r"nameserver (?P<servers>.+)", "域名服务器 {servers}"),
    ("net.dns_resolvers", r"search (?P<domains>.+)", "搜索域 {domains}"),
    (
        "net.hostname",
        r"(?P<name>\S+) -> (?P<addresses>.+) \(loopback only, from /etc/hosts\)",
        "{name} 解析为 {addresses}（仅回环地址，来自 /etc/hosts）",
    ),
    ("net.hostname", r"(?P<name>\S+) -> (?P<addresses>.+)", "{name} 解析为 {addresses}"),
    ("net.listen:*", r"listening on (?P<addresses>.+)", "正在监听 {addresses}"),
    ("cpu.count", r"(?P<n>\d+) logical CPU\(s\) online", "在线逻辑 CPU {n} 个"),
    ("cpu.iowait", r"average since boot", "开机以来的平均值"),
    ("kernel.log_errors", r"since boot", "自开机以来"),
    ("kernel.log_errors", r"since boot \(rebooted or first kmsg read\)", "自开机以来（已重启或首次读取 kmsg）"),
    ("kernel.log_errors", r"(?P<path>/\S+): (?P<error>.+) \(used journalctl\)", "{path}：{error}（改用 journalctl）"),
    (
        "system.reboot_required",
        r"running the newest installed kernel (?P<kernel>\S+)",
        "运行的是已安装的最新内核 {kernel}",
    ),
    ("system.reboot_required", r"(?P<path>/\S+) absent", "不存在 {path}"),
    (
        "system.reboot_required",
        r"cannot tell: no reboot-required flag, needs-restarting or kernel list",
        "无法判断：没有 reboot-required 标记、needs-restarting 或内核列表",
    ),
    ("net.default_route", r"no default route \(only directly reachable networks\)", "没有默认路由（只能访问直连网络）"),
    ("fs.fstab_mounted", r"no file system to mount in /etc/fstab", "/etc/fstab 中没有需要挂载的文件系统"),
    ("memory.swap_used", r"no swap configured", "未配置交换分区"),
    ("net.unexpected_listeners", r"every listener is expected or allowed", "所有监听均在预期或允许范围内"),
    ("fs.*", r"file system reports a size of 0 bytes", "文件系统报告的大小为 0 字节"),
    ("fs.*", r"file system reports a size of 0 bytes \(nothing to grade\)", "文件系统报告的大小为 0 字节（无可评级）"),
    (
        "fs.inodes:*",
        r"file system has no fixed inode table \(e.g. btrfs, vfat, some network file systems\)",
        "文件系统没有固定的 inode 表（如 btrfs、vfat 及部分网络文件系统）",
    ),
    ("fs.fstab_mounted", r"all (?P<n>\d+) fstab file systems mounted", "fstab 中的 {n} 个文件系统均已挂载"),
    ("security.mac", r"AppArmor enabled, (?P<n>\d+) profiles loaded", "AppArmor 已启用，已加载 {n} 个配置"),
    (
        "security.mac",
        r"SELinux (?P<mode>\w+); configured SELINUX=(?P<configured>\w+)",
        "SELinux 当前为 {mode}；配置为 SELINUX={configured}",
    ),
    ("process.present:*", r"(?P<n>\d+) running \(pid (?P<pids>[^)]*)\)", "{n} 个正在运行（pid {pids}）"),
    ("security.empty_passwords", r"no login account without a password", "没有无密码的登录账号"),
    ("security.uid0_accounts", r"only root has UID 0", "只有 root 的 UID 为 0"),
    ("service.cron", r"cron daemon running", "计划任务守护进程正在运行"),
    (
        "system.core_dumps",
        r"no crash dump in /var/crash or systemd-coredump",
        "/var/crash 和 systemd-coredump 中没有崩溃转储",
    ),
    ("net.listen:*", r"nothing listens on (?P<proto>\S+) port (?P<port>\S+)", "{proto} 端口 {port} 无服务监听"),
    ("net.unexpected_listeners", r"not expected or allowed: (?P<ports>.+)", "未列入预期或允许的监听：{ports}"),
    ("net.dns_resolvers", r"no nameserver in (?P<path>\S+)", "{path} 中没有 nameserver"),
    ("net.hostname", r"(?P<name>\S+) does not resolve: (?P<why_error>.+)", "主机名 {name} 无法解析：{why_error}"),
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
    ("*", r"inspection error: (?P<error>.+)", "巡检程序出错：{error}"),
    ("*", r"no value could be obtained", "未能取得数值"),
    ("*", r"cannot check: (?P<why>.+)", "无法检查：{why}"),
    ("*", r"systemd is not running \(PID 1 is (?P<init>\S+)\)", "systemd 未运行（1 号进程为 {init}）"),
    ("*", r"(?P<tool>[\w.-]+) not installed", "未安装 {tool}"),
    ("*", r"[Pp]ermission denied", "权限不足"),
    ("*", r"(?P<path>/\S+): not found", "{path}：未找到"),
    ("*", r"(?P<path>/\S+) not found", "未找到 {path}"),
    ("*", r"(?P<path>/\S+): (?P<why>[Pp]ermission denied)", "{path}：{why}"),
]

TOMCAT = [
    ("tomcat.app:*", r"HTTP (?P<code>\d+)", "HTTP 返回 {code}"),
    ("tomcat.app:*", r"not deployed", "未部署"),
    ("tomcat.app:*", r"no HTTP answer: (?P<error>.+)", "无 HTTP 应答：{error}"),
    ("tomcat.app:*", r"(?P<path>\S+), (?P<n>\S+) session\(s\)", "{path}，会话 {n} 个"),
    ("tomcat.http", r"(?P<url>\S+): no HTTP answer \((?P<error>[^)]*)\)", "{url}：无 HTTP 应答（{error}）"),
    ("tomcat.http", r"(?P<url>\S+) answered HTTP (?P<code>\d+)", "{url} 返回 HTTP {code}"),
    # The manager's pages (status: heap and threads; text/list: the applications), then why one gave nothing.
    ("tomcat.*", r"manager status: (?P<why>.+)", "管理状态页（manager/status）：{why}"),
    ("tomcat.*", r"manager list: (?P<why>.+)", "管理应用列表（manager/text/list）：{why}"),
    (
        "tomcat.*",
        r"HTTP (?P<code>\S+), a redirect to another host, port or scheme, not followed with the credentials \(set tomcat_manager_url to where the manager really is\)",
        "HTTP {code}，重定向到其他主机、端口或协议，为保护凭据未跟随（请将 tomcat_manager_url 设为管理页面的实际地址）",
    ),
    ("tomcat.*", r"HTTP (?P<code>\S+) \(needs role (?P<role>[^)]+)\)", "HTTP {code}（需要 {role} 角色）"),
    ("tomcat.*", r"unreadable status XML: (?P<error>.+)", "状态 XML 无法解析：{error}"),
    ("tomcat.*", r"empty answer", "应答为空"),
    ("tomcat.app:*", r"HTTP (?P<code>\d+) \(no manager\)", "HTTP 返回 {code}（未经管理页面，直接访问）"),
    (
        "tomcat.apps",
        r"set tomcat_status_user \(manager-script role\) or tomcat_expected_apps to check the applications",
        "设置 tomcat_status_user（manager-script 角色）或 tomcat_expected_apps 后才检查应用",
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
    ("tomcat.heap_dumps", r"(?P<dir>\S+) does not exist \(no dump written\)", "{dir} 不存在（未写过堆转储）"),
    ("tomcat.heap_dumps", r"none in (?P<dir>\S+)", "{dir} 中没有堆转储"),
    (
        "tomcat.process",
        r"pid (?P<pids>[\d, ]+?), user (?P<user>\S+), up (?P<up>.+)",
        "pid {pids}，用户 {user}，已运行 {up}",
    ),
    ("tomcat.process", r"pid (?P<pids>[\d, ]+?), user (?P<user>\S+)", "pid {pids}，用户 {user}"),
    ("tomcat.process", r"pid (?P<pids>[\d, ]+?), up (?P<up>.+)", "pid {pids}，已运行 {up}"),
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
    ("tomcat.threads*", r"(?P<file>\S+) declares no Connector", "{file} 未声明 Connector"),
    (
        "tomcat.threads*",
        r"maxThreads is (?P<value>.+) in server.xml \(resolved by Tomcat\); set tomcat_status_user to read the value in use",
        "server.xml 中 maxThreads 为 {value}（由 Tomcat 启动时解析）；设置 tomcat_status_user 可读取实际生效的值",
    ),
    ("tomcat.open_files", r"cannot read the process's files", "无法读取该进程打开的文件"),
    ("tomcat.open_files", r"(?P<n>\d+) open, no limit", "已打开文件 {n} 个，无上限"),
    # A configured log (catalina.out) that is absent, and where Tomcat writes instead (tomcat.checks.find_tomcat_log).
    (
        "tomcat.*",
        r"(?P<path>\S+) not found, read (?P<file>\S+) instead: (?P<why>.+)",
        "未找到 {path}，改为读取 {file}：{why}",
    ),
    ("tomcat.*", r"(?P<path>\S+) not found: (?P<why>.+)", "未找到 {path}：{why}"),
    (
        "tomcat.*",
        r"Tomcat's stdout is (?P<target>\S+) \(the journal under systemd\)",
        "Tomcat 的标准输出为 {target}（systemd 下即写入 journal）",
    ),
    ("tomcat.*", r"Tomcat's stdout is (?P<target>.+)", "Tomcat 的标准输出为 {target}"),
    (
        "tomcat.*",
        r"CATALINA_OUT is (?P<file>\S+) in the environment of pid (?P<pid>\d+)",
        "进程 {pid} 的环境变量 CATALINA_OUT 为 {file}",
    ),
    ("tomcat.*", r"CATALINA_OUT is (?P<file>\S+) in (?P<source>\S+)", "{source} 中 CATALINA_OUT 为 {file}"),
    (
        "tomcat.*",
        r"no Tomcat process to tell where its console goes",
        "没有 Tomcat 进程，无法判断其控制台输出的去向",
    ),
    ("tomcat.*", r"Tomcat's own log", "Tomcat 自身的日志"),
    ("tomcat.*", r"no catalina\.<date>\.log in (?P<dirs>.+)", "{dirs} 中也没有 catalina.<date>.log"),
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
    (
        "switch.*",
        r"no SNMP response \((?P<why_error>.+?)\): wrong address or port, agent down, or community / v3 credentials refused",
        "SNMP 无响应（{why_error}）：地址或端口错误、代理未运行，或团体名 / v3 凭据被拒绝",
    ),
    (
        "switch.*",
        r"SNMPv3 authentication failed \((?P<why_error>.+?)\): check snmp_user, auth_key and priv_key",
        "SNMPv3 认证失败（{why_error}）：请检查 snmp_user、auth_key 和 priv_key",
    ),
    ("switch.*", r"SNMP error: (?P<error>.+)", "SNMP 错误：{error}"),
    ("switch.*", r"read with SNMP v2c: the community was sent in clear", "以 SNMP v2c 读取：团体名以明文传输"),
    (
        "switch.*",
        r"read with SNMPv3 noAuthNoPriv \(snmp_allow_no_priv\): neither authenticated nor encrypted",
        "以 SNMPv3 noAuthNoPriv 读取（snmp_allow_no_priv）：既未认证也未加密",
    ),
    (
        "switch.*",
        r"read with SNMPv3 authNoPriv \(snmp_allow_no_priv\): authenticated but not encrypted",
        "以 SNMPv3 authNoPriv 读取（snmp_allow_no_priv）：已认证但未加密",
    ),
    (
        "switch.connect",
        r"SSH login to (?P<address>\S+) refused for user (?P<user>\S+): (?P<error>.+)",
        "以用户 {user} 登录 {address} 的 SSH 被拒绝：{error}",
    ),
    (
        "switch.connect",
        r"SSH session to (?P<address>\S+) failed: (?P<error>.+)",
        "到 {address} 的 SSH 会话失败：{error}",
    ),
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
        r"first run: entries of the last (?P<h>\d+) h of the log \((?P<n>\d+) lines read\): none at warning or above",
        "首次巡检：日志中最近 {h} 小时的条目（读取 {n} 行）：没有 warning 及以上级别的条目",
    ),
    (
        "switch.log",
        r"since the last run \((?P<n>\d+) lines read\): none at warning or above",
        "自上次巡检以来（读取 {n} 行）：没有 warning 及以上级别的条目",
    ),
    (
        "switch.log",
        r"not read over SNMP; use transport ssh to collect the switch log",
        "SNMP 方式不读取交换机日志；如需采集日志，请设置 transport=ssh",
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
    (
        "switch.errors",
        r"first run: counters of (?P<n>\d+) ports recorded as the baseline; rises are graded from the next run",
        "首次巡检：已记录 {n} 个端口的计数作为基准，下次巡检起评估增长",
    ),
    (
        "switch.ports",
        r"(?P<n>\d+) ports: (?P<up>\d+) up, (?P<down>\d+) down, (?P<disabled>\d+) disabled",
        "共 {n} 个端口：{up} 个在线，{down} 个离线，{disabled} 个已关闭",
    ),
    ("switch.ports", r"enabled but down: (?P<ports>.+)", "已启用但离线：{ports}"),
    (
        "switch.ports",
        r"no expected ports in inventory \(switch_expected_ports\): port states are not graded",
        "清单中没有预期端口（switch_expected_ports）：不评估端口状态",
    ),
    ("switch.ports", r"(?P<n>\d+) expected ports graded", "已评估 {n} 个预期端口"),
    ("switch.state", r"restarted since the last run", "自上次巡检以来已重启"),
    ("switch.state", r"up (?P<uptime>\S+)", "已运行 {uptime}"),
    (
        "switch.host_key",
        r"SSH host key of (?P<name>\S+) \((?P<presented>.+?)\) trusted on first use and recorded in (?P<path>\S+); verify this fingerprint out of band: a different key will be refused from now on",
        "{name} 的 SSH 主机密钥（{presented}）按首次使用信任，已记录到 {path}；请通过其他途径核实该指纹：此后出示不同的密钥将被拒绝",
    ),
    (
        "switch.host_key",
        r"SSH host key of (?P<name>\S+) \((?P<presented>.+?)\) would be trusted on first use and recorded in (?P<path>\S+); verify this fingerprint out of band: a different key will be refused from now on",
        "{name} 的 SSH 主机密钥（{presented}）将按首次使用信任并记录到 {path}；请通过其他途径核实该指纹：此后出示不同的密钥将被拒绝",
    ),
    # What became of a key trusted on first use, after the decision's message.
    ("switch.host_key", r"(?P<why>.+) \(check mode: not recorded\)", "{why}（检查模式：未记录）"),
    (
        "switch.host_key",
        r"(?P<why>.+) \(another run recorded a key for this switch meanwhile: that one is kept\)",
        "{why}（另一次运行已同时为该交换机记录了密钥：保留那一个）",
    ),
    ("switch.host_key", r"(?P<why>.+?) \(not recorded: (?P<error>.+)\)", "{why}（未记录：{error}）"),
]
