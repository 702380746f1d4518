# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup-policy audit's own words in Chinese (healthops.backup_audit), as healthops.report.detail_texts.

The audit adds its advice to a finding's detail (``<detail>. Recommendation: <advice>``); the zh
record shows the advice in Chinese in the 处理建议 column (advice_texts_backup), so the 说明 keeps
the finding and points there.
"""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM, SIZE

A = "backup_audit.*"

BACKUP_AUDIT = [
    (A, r"(?P<why>.+?)\. Recommendation: .+", "{why}（处理建议见右栏）"),
    (A, r"Recommendation: .+", "处理建议见右栏"),
    # The policy and the conclusion.
    (A, r"(?P<raw>.+)\. Set by inventory: nothing \(the defaults\)", "{raw}。清单中未设置（使用默认值）"),
    (A, r"(?P<raw>.+)\. Set by inventory: (?P<keys>.+)", "{raw}。清单中设置的项：{keys}"),
    (
        A,
        r"(?P<n>\d+) checks: (?P<fail>\d+) FAIL, (?P<error>\d+) ERROR, (?P<warn>\d+) WARN, (?P<ok>\d+) PASS, (?P<info>\d+) INFO\. The backups meet the policy\.",
        "共 {n} 项检查：故障 {fail}，未检查 {error}，警告 {warn}，正常 {ok}，信息 {info}。备份符合策略。",
    ),
    (
        A,
        r"(?P<n>\d+) checks: (?P<fail>\d+) FAIL, (?P<error>\d+) ERROR, (?P<warn>\d+) WARN, (?P<ok>\d+) PASS, (?P<info>\d+) INFO\. To act on: (?P<raw_items>.+)",
        "共 {n} 项检查：故障 {fail}，未检查 {error}，警告 {warn}，正常 {ok}，信息 {info}。需处理：{raw_items}",
    ),
    # Not asked by the policy.
    (A, r"the policy does not ask for a second copy", "策略未要求第二份副本"),
    (A, r"the policy does not ask to check them", "策略未要求校验"),
    (A, r"the policy does not ask for an off-site copy", "策略未要求异地副本"),
    (A, r"the policy does not ask for an off-line copy; recorded: none", "策略未要求离线副本；已登记：无"),
    (
        A,
        r"the policy does not ask for an off-line copy; recorded: (?P<copies>.+)",
        "策略未要求离线副本；已登记：{copies}",
    ),
    (A, r"the policy does not ask for restore tests", "策略未要求恢复测试"),
    (A, r"the policy does not ask for a schedule", "策略未要求定时计划"),
    (A, r"the policy does not ask for encryption", "策略未要求加密"),
    (A, r"not asked; (?P<why>.+)", "策略未要求；{why}"),
    # Schedule, runs, trends, space, files.
    (A, r"no timer and no cron entry", "既没有 systemd 定时器，也没有 cron 计划任务"),
    (
        A,
        r"the (?P<kind>\S+) schedule is (?P<state>[^:]+): no backup will run",
        "{kind} 计划的状态为 {state}：备份不会执行",
    ),
    (A, r"no successful run on record", "没有成功备份的记录"),
    (A, r"no successful run on record: (?P<msg>.+)", "没有成功备份的记录：{msg}"),
    (
        A,
        r"(?P<when>\S+) \(set (?P<set>[^)]*)\); last run (?P<status>\S+)",
        "{when}（备份集 {set}）；最近一次运行 {status}",
    ),
    (A, r"(?P<runs>\d+) run\(s\) on record, (?P<failed>\d+) failed", "共记录 {runs} 次运行，失败 {failed} 次"),
    (
        A,
        r"(?P<runs>\d+) run\(s\) on record, (?P<failed>\d+) failed: (?P<list>.+)",
        "共记录 {runs} 次运行，失败 {failed} 次：{list}",
    ),
    (A, r"(?P<n>\d+) good set\(s\) in the period: no trend yet", "统计期内有 {n} 个完好的备份集：尚无趋势"),
    (A, r"newest first: (?P<list>.+) \((?P<n>\d+) sets\)", "由新到旧：{list}（共 {n} 个备份集）"),
    (A, r"newest first: (?P<list>.+)", "由新到旧：{list}"),
    (A, r"space or set sizes not known: (?P<why>.+)", "空闲空间或备份集大小未知：{why}"),
    (A, r"no sets", "没有备份集"),
    (
        A,
        rf"(?P<free>{SIZE}) free on (?P<path>\S+); the next (?P<n>\d+) sets need about (?P<need>{SIZE}) \(with those of (?P<hosts>\d+) other host\(s\) sharing it, (?P<others>{SIZE})\)",
        "{path} 可用 {free}；接下来 {n} 个备份集约需 {need}（含共用该存储的其他 {hosts} 台主机的 {others}）",
    ),
    (
        A,
        rf"(?P<free>{SIZE}) free on (?P<path>\S+); the next (?P<n>\d+) sets need about (?P<need>{SIZE})",
        "{path} 可用 {free}；接下来 {n} 个备份集约需 {need}",
    ),
    (A, r"no set to look at", "没有可检查的备份集"),
    (A, r"(?P<n>\d+) file\(s\) within (?P<mode>\S+)", "{n} 个文件权限不超过 {mode}"),
    (A, r"beyond the policy: (?P<files>.+)", "超出策略的文件权限：{files}"),
    (A, r"not encrypted: (?P<files>.+)", "未加密：{files}"),
    (A, r"no backup files to judge", "没有可判断的备份文件"),
    # The second copy, off-site and off-line, 3-2-1.
    (A, r"no separate storage host", "没有独立的备份存储主机"),
    (A, r"storage host (?P<host>\S*) not read: no result", "未读取存储主机 {host}：没有结果"),
    (A, r"storage host (?P<host>\S*) not read: (?P<error>.+)", "未读取存储主机 {host}：{error}"),
    (A, r"(?P<n>\d+) verified set\(s\) on (?P<where>\S+)", "{where} 上有 {n} 个已校验的备份集"),
    (A, r"no verified set on (?P<where>\S+)", "{where} 上没有已校验的备份集"),
    (A, r"newest there (?P<name>\S+)", "对端最新的备份集为 {name}"),
    (A, r"newest here (?P<name>\S+) is not there", "本机最新的备份集 {name} 不在对端"),
    (A, r"not checked: no set", "未校验：没有备份集"),
    (A, r"(?P<where>\S+) set (?P<set>\S+): nothing checked", "{where} 备份集 {set}：没有校验任何文件"),
    (A, r"(?P<where>\S+): (?P<n>\d+) file\(s\) match MANIFEST\.sha256", "{where}：{n} 个文件与 MANIFEST.sha256 一致"),
    (
        A,
        r"the storage host is not declared at another site \(healthops_site (?P<sites>[^)]*)\)",
        "存储主机未声明位于其他站点（healthops_site {sites}）",
    ),
    (A, r"no off-line copy recorded \((?P<var>[^)]*)\)", "没有登记离线副本（{var}）"),
    (A, r"(?P<copies>.*); off-site or off-line: none", "{copies}；异地或离线：无"),
    (A, r"(?P<copies>.*); off-site or off-line: (?P<away>.+)", "{copies}；异地或离线：{away}"),
    # Retention and pruning.
    (A, r"declared keep_days (?P<days>\S+), keep_count (?P<count>\S+)", "声明的 keep_days {days}，keep_count {count}"),
    (A, rf"(?P<n>\d+) good set\(s\), the oldest (?P<age>{NUM}|None) days old", "{n} 个完好的备份集，最旧的已 {age} 天"),
    (A, r"declared retention not found", "未找到声明的保留策略"),
    (A, r"no declared retention to hold the sets against", "没有可对照的已声明保留策略"),
    (
        A,
        r"(?P<n>\d+) set\(s\), none beyond keep_days (?P<days>\S+) / keep_count (?P<count>\S+)",
        "{n} 个备份集，均未超出 keep_days {days} / keep_count {count}",
    ),
    (
        A,
        rf"(?P<n>\d+) set\(s\) beyond keep_days (?P<days>\S+) / keep_count (?P<count>\S+) still there, the oldest (?P<name>\S+) \((?P<age>{NUM}) days\)",
        "{n} 个超出 keep_days {days} / keep_count {count} 的备份集仍未删除，最旧的是 {name}（{age} 天）",
    ),
    # Restore tests.
    (A, r"no restore test on record", "没有恢复测试记录"),
    (A, r"the last restore test failed: (?P<what>.+)", "最近一次恢复测试失败：{what}"),
    (A, r"older than the policy allows: (?P<what>.+)", "超过策略允许的间隔：{what}"),
    # RPO.
    (A, r"WAL archiving: (?P<why>.+)", "WAL 归档：{why}"),
    (A, r"no good set in the period \((?P<why>[^)]*(?:\([^)]*\))?[^)]*)\)", "统计期内没有完好的备份集（{why}）"),
    (
        A,
        rf"(?P<why>.+): the longest time without a good backup in (?P<days>{NUM}) days, up to now",
        "{why}：近 {days} 天内（截至现在）最长的无完好备份间隔",
    ),
    (A, r"no WAL archiving", "未启用 WAL 归档"),
    (A, r"base backups only", "仅有基础备份"),
    (A, r"WAL archiving not read: (?P<error>.+)", "未读取 WAL 归档状态：{error}"),
    # RMAN.
    (
        A,
        r"SHOW ALL output not read \((?P<why>[^)]*)\)",
        "未读取 SHOW ALL 输出（backup_audit_rman_show_all 为 false 或不是 Oracle 主机）",
    ),
    (A, r"SHOW ALL printed no retention policy", "SHOW ALL 未输出保留策略"),
    (A, rf"the recovery window is shorter than the policy's (?P<days>{NUM}) days", "恢复窗口短于策略要求的 {days} 天"),
    (
        A,
        rf"backups are kept by count, not by a recovery window: a point in time (?P<days>{NUM}) days back may not be recoverable",
        "备份按份数而非恢复窗口保留：{days} 天前的时间点可能无法恢复",
    ),
    (
        A,
        r"without it a lost control file cannot be restored from the backups alone",
        "未开启时，控制文件丢失后无法仅凭备份恢复",
    ),
    (A, r"archived logs may be deleted before they are backed up", "归档日志可能在备份之前被删除"),
]
