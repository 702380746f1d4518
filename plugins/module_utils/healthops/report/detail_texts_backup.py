# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore test's own words in Chinese (playbooks/backup_verify.yml, module db_restore), as healthops.report.detail_texts."""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE

BACKUP_VERIFY = [
    (
        "backup.set",
        r"set (?P<set>\S+) started (?P<started>\S+), status (?P<status>\S+)",
        "备份集 {set}，开始于 {started}，状态 {status}",
    ),
    ("backup.set", r"newer incomplete or failed set\(s\): (?P<sets>.+)", "更新的不完整或失败的备份集：{sets}"),
    ("backup.manifest.*", r"local copy (?P<path>\S+): (?P<problems>.+)", "本地副本 {path}：{problems}"),
    ("backup.manifest.*", r"no complete backup set in (?P<path>\S+) on this host", "本机 {path} 中没有完整的备份集"),
    ("backup.manifest.*", r"no set to check", "没有可检查的备份集"),
    (
        "backup.restore*",
        r"not restored: the local copy failed its manifest check \((?P<problems>.+)\)",
        "未恢复：本地副本未通过清单校验（{problems}）",
    ),
    (
        "backup.restore*",
        r"not restored: cannot check free space for the restore: (?P<why>.+)",
        "未恢复：无法检查恢复所需的空闲空间：{why}",
    ),
    (
        "backup.restore*",
        rf"not restored: (?P<name>\S+) on (?P<path>\S+): needs (?P<need>{SIZE}), (?P<free>{SIZE}) free, and (?P<pct>\d+%) of (?P<total>{SIZE}) must stay free",
        "未恢复：{name} 位于 {path}：需要 {need}，空闲 {free}，且须保留总量 {total} 的 {pct}",
    ),
    ("backup.restore*", r"check mode: not restored", "检查模式：未恢复"),
    ("backup.restore*", r"check mode: not validated", "检查模式：未校验"),
    ("backup.restore*", r"no validate_script in the job configuration", "作业配置中没有 validate_script"),
    (
        "backup.restore*",
        rf"not restored: (?P<name>\S+) on (?P<dir>\S+): storage host (?P<host>\S+): destination (?P<path>\S+) full: (?P<free>{SIZE}) free, the set needs (?P<need>{SIZE}) \(\+(?P<margin>{SIZE}) margin\)",
        "未恢复：{name} 位于 {dir}：存储主机 {host} 上的目标目录 {path} 空间不足：可用 {free}，备份集需要 {need}（另加余量 {margin}）",
    ),
    ("backup.restore*", r"not restored: (?P<why>.+)", "未恢复：{why}"),
    (
        "backup.restore*",
        rf"RESTORE DATABASE VALIDATE from (?P<set>\S+) passed in (?P<s>{NUM}) s",
        "从 {set} 执行 RESTORE DATABASE VALIDATE 通过，用时 {s} 秒",
    ),
    (
        "backup.restore*",
        rf"(?P<file>\S+) restored into (?P<scratch>\S+) in (?P<s>{NUM}) s",
        "{file} 已恢复到 {scratch}，用时 {s} 秒",
    ),
    (
        "backup.restore*",
        r"restore of (?P<file>\S+) into (?P<scratch>\S+) failed \(exit (?P<rc>\S+)\): (?P<error>.+)",
        "{file} 恢复到 {scratch} 失败（退出码 {rc}）：{error}",
    ),
    (
        "backup.restore*",
        r"cannot read the data directory and database sizes: (?P<error>.+)",
        "无法读取数据目录和数据库大小：{error}",
    ),
    ("backup.scratch", r"dropped (?P<names>.+)", "已删除 {names}"),
    (
        "backup.scratch",
        r"left alone \(not created by the restore test\): (?P<names>.+)",
        "未处理（非恢复测试创建）：{names}",
    ),
    ("backup.scratch", r"no scratch database left", "没有遗留的临时数据库"),
]
