# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password rotation and audit's own words in Chinese (healthops.passwords.aging), as healthops.report.detail_texts."""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

P = "password.*"

PASSWORDS = [
    (P, r"account not found on the host", "主机上不存在该账户"),
    (P, r"no such account", "不存在该账户"),
    (P, r"locked or without a password: not rotated", "已锁定或未设置密码：不轮换"),
    (P, r"forced", "强制轮换"),
    (P, r"age unknown \(last change (?P<when>[^)]*)\)", "密码使用天数未知（上次修改 {when}）"),
    (P, r"(?P<age>\d+) of (?P<max>\d+) days", "已使用 {age} 天，上限 {max} 天"),
    (
        P,
        r"last changed unknown \(password store\); policy (?P<max>\d+) days",
        "上次修改时间未知（密码库）；策略上限 {max} 天",
    ),
    (
        P,
        r"last changed (?P<age>\d+) days ago \(password store\); policy (?P<max>\d+) days",
        "{age} 天前修改（密码库）；策略上限 {max} 天",
    ),
    (P, r"last changed unknown", "上次修改时间未知"),
    (P, r"last changed (?P<age>\d+) days ago", "{age} 天前修改"),
    (P, r"host maximum (?P<host>\S+) days, policy (?P<max>\d+)", "主机设置的最长期限 {host} 天，策略上限 {max} 天"),
    (P, r"rotated", "已轮换"),
    (P, r"failed", "轮换失败"),
    (P, r"restore_failed", "轮换失败且未能恢复原密码"),
    (P, r"age (?P<before>\S+) -> (?P<after>\S+) days", "密码使用天数 {before} -> {after} 天"),
    (P, r"not stored", "未保存到密码库"),
    (P, r"excluded", "已排除"),
    (
        P,
        r"holds a password last changed (?P<why>.+) \(policy (?P<max>\d+) days\) that no rotation covers: list it in (?P<accounts>\S+), or in (?P<excluded>\S+) with the reason",
        "其密码{why}，策略上限 {max} 天，未纳入任何轮换：请将其列入 {accounts}，或连同原因列入 {excluded}",
    ),
    (P, r"unknown", "修改时间未知"),
    (P, r"(?P<age>\d+) days ago", "于 {age} 天前修改"),
    (P, r"locked or without a password, never rotated: none", "已锁定或未设置密码、从不轮换的账户：无"),
    (P, r"locked or without a password, never rotated: (?P<names>.+)", "已锁定或未设置密码、从不轮换的账户：{names}"),
]
