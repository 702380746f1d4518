# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emergency drill's own words in Chinese (healthops.drill.measure), as healthops.report.detail_texts."""

# ruff: noqa: E501 - one entry a line reads best for translators; the texts are as long as they are

from __future__ import annotations

from ansible.module_utils.healthops.report.detail_texts import NUM

DRILL = [
    ("drill.rto", r"the smoke checks did not pass: the service was not recovered", "冒烟检查未通过：服务未恢复"),
    ("drill.rto", r"(?P<start>.+) to (?P<end>.+) \(smoke checks passed\)", "{start} 至 {end}（冒烟检查通过）"),
    ("drill.rpo", r"no backup time known", "备份时间未知"),
    (
        "drill.rpo",
        r"backup of (?P<backup>.+) against the last production change (?P<until>.+)",
        "备份时间 {backup}，对比生产库最后一次变更 {until}",
    ),
    (
        "drill.rpo",
        r"backup of (?P<backup>.+) against the drill start (?P<until>.+)",
        "备份时间 {backup}，对比演练开始时间 {until}",
    ),
    (
        "drill.rpo",
        r"backup of (?P<backup>.+) against the (?P<basis>.+) (?P<until>\S+)",
        "备份时间 {backup}，对比 {basis} {until}",
    ),
    (
        "drill.plan",
        rf"script (?P<script>\S+); targets RTO <= (?P<rto>{NUM}) h, RPO <= (?P<rpo>{NUM}) h; no steps recorded",
        "脚本 {script}；目标 RTO ≤ {rto} 小时，RPO ≤ {rpo} 小时；未记录步骤",
    ),
    (
        "drill.plan",
        rf"script (?P<script>\S+); targets RTO <= (?P<rto>{NUM}) h, RPO <= (?P<rpo>{NUM}) h; (?P<steps>.*)",
        "脚本 {script}；目标 RTO ≤ {rto} 小时，RPO ≤ {rpo} 小时；步骤：{steps}",
    ),
    (
        "drill.environment",
        r"source (?P<source>\S+?)(?P<system>(?: \([^)]*\))?); copy (?P<copy>\S+) set \(not reached\); temporary host (?P<temp>\S+)",
        "源 {source}{system}；备份副本 {copy}，备份集（未到达此步）；临时主机 {temp}",
    ),
    (
        "drill.environment",
        r"source (?P<source>\S+?)(?P<system>(?: \([^)]*\))?); copy (?P<copy>\S+) set (?P<set>\S+); temporary host (?P<temp>\S+)",
        "源 {source}{system}；备份副本 {copy}，备份集 {set}；临时主机 {temp}",
    ),
    (
        "drill.app_database",
        r"the application stack started without a declared data source \((?P<var>[^)]*)\): it kept the database its configuration names, which may be production's, so its smoke checks do not prove the restored data serves it",
        "应用启动时未声明数据源（{var}）：应用仍使用其配置中的数据库（可能是生产库），因此冒烟检查不能证明恢复的数据可以为应用提供服务",
    ),
    (
        "drill.app_database",
        r"the data source (?P<path>\S+) was not pointed at the temporary database \(the drill stopped before\)",
        "数据源 {path} 未指向临时数据库（演练在此之前已停止）",
    ),
    (
        "drill.app_database",
        r"(?P<path>\S+) (?P<key>\S+): \(not set\) -> (?P<url>\S+) \(the temporary database\), reachable from the application host",
        "{path} {key}：（未设置）-> {url}（临时数据库），应用主机可以连通",
    ),
    (
        "drill.app_database",
        r"(?P<path>\S+) (?P<key>\S+): \(not set\) -> (?P<url>\S+) \(the temporary database\), NOT reachable from the application host",
        "{path} {key}：（未设置）-> {url}（临时数据库），应用主机无法连通",
    ),
    (
        "drill.app_database",
        r"(?P<path>\S+) (?P<key>\S+): (?P<before>.+) -> (?P<url>\S+) \(the temporary database\), reachable from the application host",
        "{path} {key}：{before} -> {url}（临时数据库），应用主机可以连通",
    ),
    (
        "drill.app_database",
        r"(?P<path>\S+) (?P<key>\S+): (?P<before>.+) -> (?P<url>\S+) \(the temporary database\), NOT reachable from the application host",
        "{path} {key}：{before} -> {url}（临时数据库），应用主机无法连通",
    ),
    (
        "drill.engine",
        r"(?P<source>\S+) is an (?P<engine>\S+) database: the drill restores PostgreSQL-family sets \(pg_restore\) only; an Oracle set is an RMAN backup that needs an Oracle server of the same release on the temporary host \(RMAN RESTORE and RECOVER DATABASE there\)\. Nothing was restored and RTO and RPO were not measured",
        "{source} 是 {engine} 数据库：演练只能恢复 PostgreSQL 系列的备份集（pg_restore）；Oracle 备份集是 RMAN 备份，需要在临时主机上有相同版本的 Oracle 服务器（在其上执行 RMAN RESTORE 和 RECOVER DATABASE）。未恢复任何数据，未测得 RTO 和 RPO",
    ),
    (
        "drill.smoke",
        r"no smoke check was declared or run \((?P<options>[^)]*)\)",
        "未声明或未执行任何冒烟检查（{options}）",
    ),
    (
        "drill.summary",
        r"drill passed: (?P<why>.*)\. Recovery within the targets\.",
        "演练通过：{why}。恢复在目标之内。",
    ),
    (
        "drill.summary",
        r"drill failed: (?P<why>.*)\. Recovery within the targets\.",
        "演练未通过：{why}。恢复在目标之内。",
    ),
    (
        "drill.summary",
        r"drill passed: (?P<why>.*)\. To act on: (?P<raw_titles>.*)",
        "演练通过：{why}。需处理：{raw_titles}",
    ),
    (
        "drill.summary",
        r"drill failed: (?P<why>.*)\. To act on: (?P<raw_titles>.*)",
        "演练未通过：{why}。需处理：{raw_titles}",
    ),
    ("drill.summary", r"drill passed: (?P<why>.*)", "演练通过：{why}"),
    ("drill.summary", r"drill failed: (?P<why>.*)", "演练未通过：{why}"),
    ("drill.summary", r"RTO and RPO not measured", "未测得 RTO 和 RPO"),
    (
        "drill.summary",
        r"(?P<name>RTO|RPO) (?P<measured>\S+) h \(target (?P<target>[^)]*)\) (?P<status>[A-Z]+)",
        "{name} {measured} 小时（目标 {target}）{status}",
    ),
    (
        "drill.summary",
        r"(?P<name>RTO|RPO) not reached \(target (?P<target>[^)]*)\) (?P<status>[A-Z]+)",
        "{name} 未达到（目标 {target}）{status}",
    ),
]
