# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""More of the host inspection's own words in Chinese (healthops.inspect), as healthops.report.detail_texts.

The texts test_report_detail_source found left in English after detail_texts.py; its entries are
tried after those, so an entry here never changes a text that one already knows.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import SIZE

INSPECT = [
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
