# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Recommendations for the patch round (patch.*, package.*): the proposal (补丁方案) and the record
(补丁更新记录) of playbooks/patch.yml.

(English, Chinese) per check id, as in advice_texts. A FAIL among the pre-checks stopped the host before
anything changed; a FAIL among the post-checks stopped the rollout before the next batch. The rows that
are information only (batch, holds, reboot, a package proposed) get a text too, so none reads as unknown.
"""

from __future__ import annotations

_INFO = ("No action: for information.", "信息项，无需处理。")

PATCH = {
    "patch.control_node": (
        "The control node is never patched by a round: remove it from linux_servers (or give it its own "
        "inventory) and patch it by hand in its own window.",
        "补丁轮次不会更新控制节点本身：请将其从 linux_servers 中移除（或单独建立清单），在其自身的维护窗口内手工更新。",
    ),
    "patch.window": (
        "Run the round inside the declared window (patching_window), or agree an exception with the client "
        "and run it with patching_force=true.",
        "请在约定的维护窗口（patching_window）内执行补丁更新；确需窗口外执行的，"
        "须与用户方确认后以 patching_force=true 执行。",
    ),
    "patch.window@ERROR": (
        "Correct patching_window: days among mon..sun, start and end as HH:MM (host time).",
        "请更正 patching_window：days 取 mon~sun，start、end 为 HH:MM 格式（主机本地时间）。",
    ),
    "patch.space": (
        "Free space on the file system before the round (old kernels, apt/dnf caches, logs), or lower "
        "patching_min_free_mb after checking the updates' size.",
        "请在补丁更新前清理该文件系统空间（旧内核、apt/dnf 缓存、日志等），"
        "或核实更新包大小后调整 patching_min_free_mb。",
    ),
    "patch.backup": (
        "Run a database backup now (playbooks/backup.yml installs the job), check that it succeeded, then "
        "patch the host.",
        "请立即执行一次数据库备份（备份作业由 playbooks/backup.yml 部署），确认备份成功后再进行补丁更新。",
    ),
    "patch.backup@ERROR": (
        "The backup status file cannot be read: check patching_backup_status_file and the backup job, then "
        "run the round again.",
        "无法读取备份状态文件：请检查 patching_backup_status_file 的路径及备份作业，处理后重新执行补丁更新。",
    ),
    "patch.inspection": (
        "Resolve the FAIL findings of the host's latest inspection (or inspect it if it has none), then run "
        "the round again.",
        "请先处理该主机最近一次巡检中的异常项（如无巡检记录请先巡检），再执行补丁更新。",
    ),
    "patch.approval": (
        "The host is not in the approved proposal: write a proposal for it (patch.yml --check), have it approved, "
        "and name that proposal in patching_approved_proposal.",
        "该主机不在已批准的补丁方案中：请先为其生成补丁方案（patch.yml --check）并经用户方批准，"
        "再在 patching_approved_proposal 中指定该方案。",
    ),
    "patch.service": (
        "The service is not active after the round: read its journal (journalctl -u), start it, and roll the "
        "update back if it does not come up; the rollout stopped before the next batch.",
        "补丁后该服务未运行：请查看其日志（journalctl -u），尝试启动；无法恢复时回退本次更新。后续批次已停止执行。",
    ),
    "patch.port": (
        "The port does not listen after the round: check the service behind it and its configuration; the "
        "rollout stopped before the next batch.",
        "补丁后该端口未监听：请检查对应服务及其配置。后续批次已停止执行。",
    ),
    "patch.url": (
        "The health URL does not answer after the round: check the application and its log; the rollout "
        "stopped before the next batch.",
        "补丁后健康检查地址无响应：请检查应用及其日志。后续批次已停止执行。",
    ),
    "patch.result": (
        "The round did not complete on this host: read the failed rows above, restore the service (or roll "
        "back), then run the round again for the remaining hosts.",
        "该主机补丁更新未成功完成：请查看上方异常项，恢复服务（或回退）后，再对其余主机继续执行补丁更新。",
    ),
    "patch.batch": _INFO,
    "patch.holds": _INFO,
    "patch.reboot": _INFO,
    "package.*": (
        "The package is not at the planned version: read the round's output (a held dependency, a changed "
        "repository) and install it in the next window, or update the proposal.",
        "该软件包未更新到计划版本：请查看执行输出（依赖被保持、软件源变化等），在下一维护窗口补装，或更新补丁方案。",
    ),
}
