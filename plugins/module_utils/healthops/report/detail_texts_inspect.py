# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""More of the host inspection's own words in Chinese (healthops.inspect), as healthops.report.detail_texts.

The backup status file's and the log readers' entries (the end of detail_texts.HOST, moved here so
neither file grows past what a translator reads at once), then the texts test_report_detail_source
found left in English after detail_texts.py. This list is tried right after HOST's, so an entry here
never changes a text that one already knows.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import SIZE

INSPECT = [
    # The backup status file's checks (inspect/sec.py) and the log readers' checks and notes: the end of
    # HOST's entries, moved here in their order (this list is tried right after HOST's).
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
    ("backup.last_run", r"(?P<path>\S+): unknown status (?P<status>.+)", "{path}：未知的状态 {status}"),
    # "latest job <name> ...": the job named in the status file; "latest ...": none named.
    (
        "backup.last_run",
        r"latest job (?P<job>\S+) failed (?P<when>[\d?][\d: -]*?): (?P<message>.+)",
        "备份作业 {job} 最近一次失败（{when}）：{message}",
    ),
    (
        "backup.last_run",
        r"latest job (?P<job>\S+) failed (?P<when>[\d?][\d: -]*)",
        "备份作业 {job} 最近一次失败（{when}）",
    ),
    (
        "backup.last_run",
        r"latest job (?P<job>\S+) finished (?P<when>[\d?][\d: -]*?): (?P<message>.+)",
        "备份作业 {job} 最近一次完成（{when}）：{message}",
    ),
    (
        "backup.last_run",
        r"latest job (?P<job>\S+) finished (?P<when>[\d?][\d: -]*)",
        "备份作业 {job} 最近一次完成（{when}）",
    ),
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
    ("net.listen:*", r"listening on (?P<addresses>.+)", "正在监听：{addresses}"),
    ("net.listen:*", r"nothing listens on (?P<proto>\S+) port (?P<port>\S+)", "没有进程监听 {proto} 端口 {port}"),
    ("net.unexpected_listeners", r"listening: (?P<items>.+)", "正在监听：{items}"),
    ("net.unexpected_listeners", r"no listener outside loopback", "回环地址之外没有监听"),
    (
        "net.unexpected_listeners",
        r"set expected_ports or allowed_ports to grade",
        "设置 expected_ports 或 allowed_ports 后可评级",
    ),
    ("net.hostname", r"no address", "没有地址"),
    (
        "memory.used",
        rf"(?P<used>{SIZE}) used of (?P<total>{SIZE}), (?P<avail>{SIZE}) available \(MemFree\+Buffers\+Cached \(no MemAvailable in this kernel\)\)",
        "已用 {used}，共 {total}，可用 {avail}（MemFree+Buffers+Cached，此内核没有 MemAvailable）",
    ),
    ("kernel.open_files", r"fs\.file-max is 0", "fs.file-max 为 0"),
    ("cpu.count", r"no cpuN line in /proc/stat", "/proc/stat 中没有 cpuN 行"),
    ("service.*", r"systemctl did not answer", "systemctl 没有应答"),
    ("service.*", r"systemctl gave no state for this unit", "systemctl 没有给出该单元的状态"),
    (
        "security.firewall",
        r"(?P<managers>.+) manage the rules at once and overwrite each other: (?P<raw_units>.+)",
        "{managers} 同时管理规则，会互相覆盖：{raw_units}",
    ),
    ("*", r"(?P<path>\S+): not found", "{path}：未找到"),
]
