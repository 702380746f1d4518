# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to do about each check: the recommendation (English, Chinese) per check id.

One catalogue for translators, keyed by check id; the evaluation code never holds these
texts. A key is a check id (``memory.used``), a base id whose items share it
(``fs.space`` for ``fs.space:/data``) or a pattern (``oracle.tablespace.*``). A key
``<id>@<STATUS>`` holds the text for that status only (``tomcat.process@ERROR``).
An ERROR without a text of its own gets :data:`ERROR_DEFAULT`: the check could not run.
The database checks are in healthops.report.advice_texts_db; those of both engines
(``connect``, ``parameters``...) are in its ``DB_SHARED`` once, without the engine prefix.

tests/unit/plugins/module_utils/healthops/report/test_report_advice.py reads every
probe's source for the ids it can emit and fails when one has no Chinese text here.
"""

from __future__ import annotations

ERROR_DEFAULT = (
    "The check could not run: read the detail (permission, missing tool, timeout), fix the cause and run the "
    "inspection again.",
    "该项未能完成检查：请根据说明（权限不足、缺少工具、超时等）排除原因后重新巡检。",
)

HOST = {
    "host.reachable": (
        "Restore access: check that the host is up, the network path and firewall, sshd, and the inventory address.",
        "恢复连接：确认主机已开机、网络与防火墙可达、sshd 正常运行，并核对清单中的地址。",
    ),
    "probe.run": (
        "The probe did not complete: read the detail, fix the cause (Python, privileges, disk space) and run again.",
        "巡检未完成：请按说明排除原因（Python 环境、权限、磁盘空间等）后重新巡检。",
    ),
    "cpu.count": ("No action: for information.", "信息项，无需处理。"),
    "cpu.load_per_core": (
        "Find the processes behind the load (top, pidstat); tune or reschedule them, or add CPUs.",
        "使用 top、pidstat 找出高负载进程，优化或错峰运行相关任务，必要时扩容 CPU。",
    ),
    "cpu.iowait": (
        "Find the busy disks and processes (iostat -x, iotop); move I/O-heavy jobs or use faster storage.",
        "使用 iostat -x、iotop 找出繁忙磁盘和进程，错峰运行 I/O 密集任务或更换更快的存储。",
    ),
    "memory.used": (
        "Find the largest processes (ps aux --sort=-rss); check for leaks, tune caches and heaps, or add memory.",
        "使用 ps aux --sort=-rss 找出占用内存最多的进程，排查内存泄漏，调整缓存和堆大小，必要时扩容内存。",
    ),
    "memory.swap_used": (
        "Memory is short: find what was swapped out (smem, /proc/*/status VmSwap) and reduce memory use or add memory.",
        "物理内存不足：查明被换出的进程（smem 或 /proc/*/status 中的 VmSwap），降低内存占用或扩容内存。",
    ),
    "fs.space": (
        "Free space: remove expired logs, archives and temporary files, move data, or extend the volume.",
        "清理空间：删除过期日志、归档和临时文件，迁移数据，或扩容卷/文件系统。",
    ),
    "fs.inodes": (
        "Remove the many small files (du --inodes finds them) or rebuild the file system with more inodes.",
        "使用 du --inodes 找出小文件集中的目录并清理，必要时以更多 inode 重建文件系统。",
    ),
    "fs.days_to_full": (
        "Growth will fill the file system soon: find what grows, set log rotation and cleanup, plan the extension.",
        "按当前增长速度文件系统即将写满：查明增长来源，配置日志轮转和定期清理，并提前安排扩容。",
    ),
    "fs.readonly": (
        "A file system is read-only: check the kernel log for I/O errors, run fsck in a window, remount read-write.",
        "文件系统处于只读状态：检查内核日志中的 I/O 错误，在维护窗口执行 fsck 后重新以读写方式挂载。",
    ),
    "fs.fstab_mounted": (
        "Mount the missing file system (mount -a) and find why it was not mounted at boot (device, network, options).",
        "挂载缺失的文件系统（mount -a），并查明开机未挂载的原因（设备、网络或挂载选项）。",
    ),
    "service.active": (
        "Start the service (systemctl start), read its log (journalctl -u) for the cause and enable it at boot.",
        "启动该服务（systemctl start），通过 journalctl -u 查看日志找出原因，并设置开机自启。",
    ),
    "service.failed_units": (
        "Read each failed unit's log (systemctl status, journalctl -u), fix it and restart or reset-failed it.",
        "逐一查看失败单元的日志（systemctl status、journalctl -u），修复后重启或执行 reset-failed。",
    ),
    "service.cron": (
        "Install and start the cron daemon (cron or crond) so scheduled jobs such as backups and cleanup run.",
        "安装并启动计划任务服务（cron 或 crond），保证备份、清理等定时任务正常执行。",
    ),
    "process.present": (
        "Start the expected process and find why it stopped (application log, OOM killer in dmesg).",
        "启动应运行的进程，并查明其退出原因（应用日志、dmesg 中的 OOM 记录）。",
    ),
    "process.zombies": (
        "Restart or fix the parent process that does not reap its children (ps -o ppid= -p <pid>).",
        "找到未回收子进程的父进程（ps -o ppid= -p <pid>），修复或重启该父进程。",
    ),
    "process.pid_use": (
        "Find the process creating many tasks (ps -eLf); fix the leak or raise kernel.pid_max.",
        "找出创建大量进程或线程的程序（ps -eLf），修复泄漏，必要时调大 kernel.pid_max。",
    ),
    "kernel.open_files": (
        "Find the processes holding many files (lsof | sort); fix descriptor leaks or raise fs.file-max.",
        "找出打开文件句柄最多的进程（lsof 统计），修复句柄泄漏，必要时调大 fs.file-max。",
    ),
    "kernel.log_errors": (
        "Hardware or I/O errors: check disks (smartctl), controller and memory, and ask the hardware vendor.",
        "出现硬件或 I/O 错误：检查磁盘（smartctl）、阵列卡和内存，必要时联系硬件厂商。",
    ),
    "kernel.version": ("No action: for information.", "信息项，无需处理。"),
    "system.os": ("No action: for information.", "信息项，无需处理。"),
    "system.uptime": (
        "Long uptime: plan a maintenance reboot so kernel and library updates take effect.",
        "运行时间较长：请安排维护窗口重启，使内核及系统库更新生效。",
    ),
    "system.reboot_required": (
        "Updates wait for a reboot: reboot the host in the next maintenance window.",
        "已安装的更新需要重启生效：请在下一个维护窗口重启主机。",
    ),
    "system.days_since_update": (
        "Apply the security updates of the distribution in a maintenance window (see the patch procedure).",
        "长期未更新：请按补丁流程在维护窗口安装操作系统安全更新。",
    ),
    "system.core_dumps": (
        "Programs crashed: identify them (coredumpctl list), send the dumps to the vendor, then remove old dumps.",
        "有程序崩溃：使用 coredumpctl list 确认崩溃程序，将转储提交厂商分析后清理旧转储文件。",
    ),
    "time.ntp_sync": (
        "Configure and start time synchronisation (chronyd or ntpd) against the site's NTP servers.",
        "配置并启动时间同步服务（chronyd 或 ntpd），指向本单位的 NTP 服务器。",
    ),
    "time.clock_offset": (
        "Correct the clock: check the NTP servers are reachable (chronyc sources) and let the client step the time.",
        "校正时钟偏差：确认 NTP 服务器可达（chronyc sources），必要时手工同步时间。",
    ),
    "time.timezone": (
        "Set the expected time zone (timedatectl set-timezone) and restart services that log local time.",
        "设置为规定的时区（timedatectl set-timezone），并重启记录本地时间的服务。",
    ),
    "net.hostname": (
        "Make the host name resolve: add it to /etc/hosts or to DNS.",
        "主机名无法解析：在 /etc/hosts 或 DNS 中添加主机名记录。",
    ),
    "net.dns_resolvers": (
        "Configure at least one reachable DNS server in /etc/resolv.conf (or the network manager).",
        "在 /etc/resolv.conf（或网络管理工具）中配置至少一个可达的 DNS 服务器。",
    ),
    "net.default_route": (
        "Configure the default gateway in the network configuration.",
        "在网络配置中设置默认网关。",
    ),
    "net.listen": (
        "The expected port is closed: start the service that serves it and check its bind address.",
        "应监听的端口未开放：启动提供该端口的服务，并检查其监听地址配置。",
    ),
    "net.unexpected_listeners": (
        "Identify each unexpected listener (ss -lntup); stop the service or add the port to the allowed list.",
        "使用 ss -lntup 确认每个非预期监听端口，停止不需要的服务，或将合法端口加入允许列表。",
    ),
    "net.interface_errors": (
        "Check cabling, the switch port and duplex/speed settings; replace the cable or module if errors grow.",
        "检查网线、交换机端口及速率/双工设置，错误持续增长时更换网线或光模块。",
    ),
    "net.interface_drops": (
        "Check for overload (ring buffers, ethtool -S) and the switch port; raise buffers or balance the traffic.",
        "检查是否过载（ethtool -S 查看缓冲区）及交换机端口，调大缓冲区或分担流量。",
    ),
    "log.errors": (
        "Read the matching log lines, find the failing component and fix it; ask the application owner if unsure.",
        "查看匹配的错误日志，定位出错组件并处理；无法判断时请联系应用负责人。",
    ),
    "security.uid0_accounts": (
        "Only root may have UID 0: remove or renumber the other account and review who used it.",
        "仅 root 可使用 UID 0：删除或修改其他 UID 为 0 的账号，并核查其使用情况。",
    ),
    "security.empty_passwords": (
        "Set a password or lock the account (passwd -l) at once.",
        "立即为该账号设置密码或锁定账号（passwd -l）。",
    ),
    "security.password_age": (
        "Change the passwords that are due (see the password rotation procedure).",
        "请按口令轮换流程修改即将到期或已过期的密码。",
    ),
    "security.mac": ("No action: for information.", "信息项，无需处理。"),
    "security.firewall": (
        "Run exactly one firewall manager (firewalld, nftables or iptables) with the approved rules.",
        "仅启用一种防火墙管理方式（firewalld、nftables 或 iptables），并加载经审批的规则。",
    ),
    "backup.last_run": (
        "The last backup failed: read the backup log, fix the cause and run the backup again today.",
        "最近一次备份失败：查看备份日志，排除原因后当日重新执行备份。",
    ),
    "backup.age": (
        "No recent good backup: check the backup schedule (cron/timer) and run a backup now.",
        "近期无成功备份：检查备份计划任务是否正常，并立即执行一次备份。",
    ),
    # Figures for the trend charts (INFO): a sudden change in size or duration is worth a look, not a finding.
    "backup.size": (
        "No action: for information (charted in the trends).",
        "信息项，无需处理（见趋势图）。",
    ),
    "backup.duration": (
        "No action: for information (charted in the trends).",
        "信息项，无需处理（见趋势图）。",
    ),
}

TOMCAT = {
    "tomcat.process": (
        "Start Tomcat (systemctl start) and read catalina.out for why it stopped.",
        "启动 Tomcat（systemctl start），查看 catalina.out 找出停止原因。",
    ),
    "tomcat.http": (
        "Slow or failing responses: check thread pool, heap and the database behind the application.",
        "响应慢或失败：检查线程池、JVM 堆内存及应用所依赖的数据库。",
    ),
    "tomcat.threads": (
        "Threads near maxThreads: find slow requests (thread dump with jstack) or raise maxThreads.",
        "繁忙线程接近上限：通过 jstack 线程转储查找慢请求，必要时调大 maxThreads。",
    ),
    "tomcat.open_files": (
        "Open files near the limit: check for descriptor leaks and raise LimitNOFILE of the service.",
        "打开文件数接近上限：排查文件句柄泄漏，并调大服务的 LimitNOFILE。",
    ),
    "tomcat.heap_used": (
        "Heap nearly full: check for memory leaks (heap histogram) and raise -Xmx if the load justifies it.",
        "堆内存接近用满：排查内存泄漏（堆直方图），业务量需要时调大 -Xmx。",
    ),
    "tomcat.log_severe": (
        "Read the SEVERE lines in the log and fix the failing component or application.",
        "查看日志中的 SEVERE 错误，修复出错的组件或应用。",
    ),
    "tomcat.oom": (
        "OutOfMemoryError: restart Tomcat in a window, analyse the heap dump and raise -Xmx or fix the leak.",
        "发生内存溢出：在维护窗口重启 Tomcat，分析堆转储，修复泄漏或调大 -Xmx。",
    ),
    "tomcat.heap_dumps": (
        "Hand the heap dumps to the developers, then move them off the server to free disk space.",
        "将堆转储文件交开发人员分析后移出服务器，释放磁盘空间。",
    ),
    "tomcat.app": (
        "The application is not running: read its log, fix the deployment and start it in the Manager.",
        "应用未运行：查看应用日志，修复部署问题后在 Manager 中启动。",
    ),
    "tomcat.apps": (
        "Compare the deployed applications with the expected list and deploy or remove as agreed.",
        "核对已部署应用与应部署清单，按约定补充部署或删除多余应用。",
    ),
}

SWITCH = {
    "switch.connect": (
        "Restore management access: check the address, credentials, SSH/SNMP settings and the ACL on the switch.",
        "恢复管理访问：检查交换机地址、账号口令、SSH/SNMP 配置及访问控制列表。",
    ),
    "switch.host_key": (
        "The switch's host key is unknown or changed: confirm it with the network team before trusting it.",
        "交换机主机密钥未知或已变更：与网络管理员确认后再信任新密钥。",
    ),
    "switch.port": (
        "The port is not as expected: check the cable, the peer device and the port configuration.",
        "端口状态与预期不符：检查网线/光纤、对端设备及端口配置。",
    ),
    "switch.ports": (
        "Review the ports listed in the detail with the network team.",
        "请与网络管理员核查说明中列出的端口。",
    ),
    "switch.errors": (
        "Error counters rose: check cables and optics of the listed ports and replace faulty ones.",
        "错误计数上升：检查所列端口的线缆和光模块，更换故障部件。",
    ),
    "switch.discards": (
        "Discards rose: the port is congested; check its load and balance or upgrade the link.",
        "丢弃计数上升：端口拥塞，检查端口流量并分担负载或升级链路。",
    ),
    "switch.log": (
        "Read the listed log messages on the switch and act on them with the network team.",
        "查看交换机上列出的日志信息，与网络管理员共同处理。",
    ),
    "switch.state": ("No action: state kept for the next run.", "信息项（保存供下次比对的状态），无需处理。"),
}

# Texts for one status only, where the action differs from the check's usual one.
CERTS = {
    "cert.expiry": (
        "Renew the certificate before it expires and deploy it with playbooks/certificates.yml.",
        "请在证书到期前续期，并使用 playbooks/certificates.yml 部署新证书。",
    ),
    "cert.chain_expiry": (
        "A certificate of the verified chain expires soon: renew it or install the CA's current intermediate.",
        "已验证的证书链中有证书即将到期：请续期或安装 CA 当前的中间证书。",
    ),
    "cert.chain": (
        "Install the full chain (certificate followed by its intermediates) so that clients reach a trusted root.",
        "请配置完整证书链（服务器证书后依次附上中间证书），使客户端能够验证到受信任的根证书。",
    ),
    "cert.self_signed": (
        "Replace the self-signed certificate with one issued by the configured CA.",
        "请用配置的 CA 签发的证书替换自签名证书。",
    ),
    "cert.hostname": (
        "Issue a certificate whose subject alternative names cover every name clients use for this host.",
        "请重新签发证书，使其主题备用名称（SAN）覆盖客户端访问该主机所用的全部名称。",
    ),
    "cert.key": (
        "Issue a new certificate with a key of at least 2048 bits (RSA) or 256 bits (EC).",
        "请使用至少 2048 位 RSA 或 256 位 EC 密钥重新签发证书。",
    ),
    "cert.signature": (
        "Reissue the certificate (and chain) signed with SHA-256 or stronger instead of SHA-1/MD5.",
        "请使用 SHA-256 及以上算法（替代 SHA-1/MD5）重新签发证书及证书链。",
    ),
    "cert.handshake": (
        "Clients that verify refuse this endpoint: fix what the other certificate checks name (expiry, chain, "
        "host name), or point cert_audit_ca_file at the CA that issued it.",
        "验证证书的客户端将拒绝该服务端点：请按其他证书检查项处理（有效期、证书链、主机名），"
        "或将 cert_audit_ca_file 指向签发该证书的 CA。",
    ),
    "cert.connect": (
        "No TLS handshake: check that the service runs and listens with TLS on this port, and that the controller "
        "reaches it (firewall).",
        "无法完成 TLS 握手：请确认服务正在运行并在该端口启用 TLS，且控制节点可以访问（检查防火墙）。",
    ),
    "cert.file": (
        "The certificate file could not be read: check its path in the configuration and its permissions.",
        "无法读取证书文件：请核对配置中的文件路径及文件权限。",
    ),
    "cert.scan": (
        "The host's TLS configuration could not be read: check the connection and the account's rights, then rerun.",
        "无法读取主机的 TLS 配置：请检查连接及巡检账号权限后重新检查。",
    ),
    "cert.config": (
        "The TLS configuration file could not be read: run the audit with cert_audit_become: true, or fix the file.",
        "无法读取 TLS 配置文件：请设置 cert_audit_become: true 以 root 身份读取，或修正该文件。",
    ),
    "cert.revocation": (
        "The issuer revoked this certificate: replace it at once (playbooks/certificates.yml) and find out why.",
        "该证书已被签发机构吊销：请立即更换证书（playbooks/certificates.yml）并查明吊销原因。",
    ),
    "cert.deploy": (
        "The new certificate is not in place and the previous one is served: fix what the detail names (the "
        "material refused by the policy, or the step that failed before the rollback), then run "
        "playbooks/certificates.yml again.",
        "新证书未部署，仍在使用原证书：请按说明处理（证书材料未通过策略校验，或回滚前失败的步骤），"
        "然后重新执行 playbooks/certificates.yml。",
    ),
}

# The password rotation (roles/password_rotation; its README has the break-glass procedure).
PASSWORDS = {
    "password.age": (
        "Rotate the account with playbooks/rotate_passwords.yml before it reaches the policy's maximum age; an "
        "account not found on the host is removed from password_rotation_accounts or created.",
        "请在密码达到策略最长使用期限前使用 playbooks/rotate_passwords.yml 轮换该账号密码；"
        "主机上不存在的账号请从 password_rotation_accounts 中移除或先创建该账号。",
    ),
    "password.rotation": (
        "The new password did not log in: check that sshd allows password login for the account "
        "(PasswordAuthentication, AllowUsers, PAM) and the host key in known_hosts, then run again. If the previous "
        "password could NOT be put back, follow the break-glass procedure in roles/password_rotation/README.md now.",
        "新密码登录验证失败：请检查 sshd 是否允许该账号密码登录（PasswordAuthentication、AllowUsers、PAM）"
        "及 known_hosts 中的主机密钥，处理后重新执行。若说明中提示原密码未能恢复，请立即按 "
        "roles/password_rotation/README.md 的应急恢复流程处理。",
    ),
    "password.excluded": (
        "No action: excluded on purpose, with the reason given.",
        "信息项（按说明的原因排除），无需处理。",
    ),
    "password.unmanaged": (
        "Add the account to password_rotation_accounts so it is rotated, lock it (passwd -l) if nobody needs it, or "
        "list it in password_rotation_excluded with the reason.",
        "请将该账号加入 password_rotation_accounts 纳入定期轮换；无人使用的账号请锁定（passwd -l）；"
        "确需排除的请在 password_rotation_excluded 中注明原因。",
    ),
    "password.locked": ("No action: for information.", "信息项，无需处理。"),
}

BY_STATUS = {
    "tomcat.process@ERROR": (
        "Tomcat could not be inspected: check the probe's access to the Tomcat user and its files.",
        "无法检查 Tomcat：请确认巡检账号对 Tomcat 进程用户及其文件有访问权限。",
    ),
}

# A WARN or FAIL of a check this catalogue does not know yet (a probe newer than the catalogue).
UNKNOWN = (
    "Read the detail and act on it; tell the maintainers so this check gets a recommendation of its own.",
    "请根据说明处理，并告知维护人员为该检查项补充处理建议。",
)
