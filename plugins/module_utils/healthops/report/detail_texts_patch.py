# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The patch round's own words in Chinese (healthops.patching: pre-checks, proposal, package rows), as healthops.report.detail_texts."""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM

PATCH = [
    # Pre-checks.
    (
        "patch.space:*",
        rf"(?P<free>{NUM}) MB free, below the (?P<need>{NUM}) MB a round needs",
        "可用 {free} MB，低于一轮更新所需的 {need} MB",
    ),
    ("patch.space:*", rf"(?P<free>{NUM}) MB free", "可用 {free} MB"),
    ("patch.backup", r"(?P<path>\S+) not found: no backup", "未找到 {path}：没有备份"),
    ("patch.backup", r"no successful backup in (?P<path>\S+)", "{path} 中没有成功的备份"),
    ("patch.backup", rf"last successful backup (?P<hours>{NUM}) h ago", "最近一次成功备份在 {hours} 小时前"),
    ("patch.window", r"no maintenance window declared", "未声明维护窗口"),
    ("patch.window", r"the round runs inside this window \(host time\)", "本轮更新在此窗口内执行（主机时间）"),
    (
        "patch.window",
        r"the round runs inside this window \(host time\), or outside it when forced",
        "本轮更新在此窗口内执行（主机时间），强制时可在窗口外执行",
    ),
    ("patch.window", r"inside the window", "在维护窗口内"),
    ("patch.window", r"outside the window, forced", "在维护窗口外，已强制执行"),
    ("patch.window", r"outside the window \((?P<var>\S+) to override\)", "在维护窗口外（可用 {var} 强制执行）"),
    ("patch.control_node", r"a managed host", "受管主机"),
    ("patch.inspection", r"no inspection of this host in (?P<source>.+)", "{source} 中没有本主机的巡检结果"),
    ("patch.inspection", r"no inspection report found", "未找到巡检报告"),
    ("patch.approval", r"host not in the approved proposal (?P<source>.+)", "本主机不在已批准的更新方案 {source} 中"),
    ("patch.approval", r"no approved proposal found", "未找到已批准的更新方案"),
    (
        "patch.approval",
        r"(?P<n>\d+) package\(s\) approved in (?P<source>\S+); the round installs only those, at those versions",
        "{source} 中批准了 {n} 个软件包；本轮只按批准的版本安装这些软件包",
    ),
    # The proposal.
    ("patch.*", r"batch (?P<n>\d+) of (?P<total>\d+): (?P<hosts>.+)", "第 {n} 批，共 {total} 批：{hosts}"),
    ("patch.*", r"after batch (?P<n>\d+) passed its post-checks", "在第 {n} 批通过更新后检查之后"),
    ("patch.*", r"the first batch", "第一批"),
    ("patch.holds", r"held on every run, never updated", "每轮均保持，不予更新"),
    ("patch.holds", r"updates held back: (?P<packages>.+)", "被保持未更新的软件包：{packages}"),
    # Package rows.
    ("package.*", r"would be installed from (?P<origin>.+)", "将从 {origin} 安装"),
    ("package.*", r"would be installed", "将安装"),
    ("package.*", r"not updated: (?P<reason>.+)", "未更新：{reason}"),
    ("package.*", r"planned (?P<want>\S+), not installed", "计划安装 {want}，但未安装"),
    ("package.*", r"planned (?P<want>\S+), installed (?P<got>\S+)", "计划安装 {want}，实际安装 {got}"),
    ("package.*", r"installed as planned", "已按计划安装"),
    ("package.*", r"changed with the planned packages \(a dependency\)", "随计划内软件包一同变更（依赖）"),
]
