# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every Chinese and English word the report shows, in one place.

The headings and sentences of report.html and report.xlsx, the duties' titles, the
words for a calendar entry (巡检周期) and the lookups of statuses and categories.
Status and category names belong to the result model every probe builds
(healthops.common.result); they are read here, through :func:`status_word` and
:func:`category_label`, so the renderers never pick a language themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ansible.module_utils.healthops.common.result import CATEGORY_ZH, STATUS_EN, STATUS_ZH

LANGS = ("zh", "en")

# Titles of the duties of the calendar, used when the run has no title of its own.
DUTY_TITLES = {
    "inspect": ("系统巡检记录", "Inspection record"),
    "db_health": ("数据库健康检查记录", "Database health check record"),
    "switch_check": ("交换机端口与日志检查记录", "Switch port and log check record"),
    "backup_verify": ("备份恢复测试记录", "Restore test record"),
    "backup_audit": ("备份策略审查记录", "Backup policy audit record"),
    "cert_audit": ("证书有效期检查记录", "Certificate expiry audit record"),
    "exchange_check": ("数据交换上报检查记录", "Data exchange upload check record"),
    "drill": ("应急演练记录", "Emergency drill record"),
    "holiday_check": ("节前保障检查记录", "Pre-holiday readiness check record"),
    "assets": ("资产与配置登记记录", "Asset and configuration register"),
    "patch": ("补丁更新记录", "Patch round record"),
}

# Every heading and sentence of report.html and report.xlsx, per language.
LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "default_title": "巡检记录",
        "basic": "基本信息",
        "systems_names": "系统名称",
        "cycle": "巡检周期",
        "date": "巡检日期",
        "scope": "巡检范围",
        "operator": "巡检人",
        "conclusion": "结论",
        "run_id": "运行编号",
        "duty": "任务",
        "started": "开始时间",
        "generated": "生成时间",
        "controller": "控制节点",
        "ansible_version": "Ansible 版本",
        "summary": "巡检结论",
        "by_system": "按系统汇总",
        "by_host": "按主机汇总",
        "system": "系统",
        "system_name": "系统名称",
        "hosts": "主机数",
        "checks": "检查项",
        "overall": "总体状态",
        "reachable": "可达",
        "yes": "是",
        "no": "否",
        "unknown": "未知",
        "host": "主机名",
        "ip": "IP",
        "category": "类别",
        "item": "巡检项",
        "value": "当前值",
        "threshold": "阈值",
        "status": "状态",
        "detail": "说明（检查原文）",
        "count": "项数",
        "details": "巡检明细",
        "signoff": "签字确认",
        "sign_ops": "运维方签字",
        "sign_client": "用户方确认",
        "sign_date": "日期",
        "cover_sheet": "封面",
        "summary_sheet": "汇总",
        "scope_text": "主机 {hosts} 台，网络设备 {devices} 台",
        "all_ok": "全部 {checks} 项检查正常，未发现需处理的问题。",
        "found": "共 {checks} 项检查，发现 {issues}，请按说明处理。",
        "issue_sep": "、",
        "issue_item": "{label} {n} 项",
        "overall_is": "总体状态：{status}",
        "footer": "由 healthops 生成",
        "unassigned": "未分组",
        "fleet": "总览：各系统各类检查的最严重状态",
        "fleet_sheet": "总览",
        "fleet_note": "每格为该系统该类检查中最严重的状态及其项数。",
        "trends": "趋势",
        "trends_sheet": "趋势",
        "trends_note": "{span}的数据；虚线为警告（橙）和异常（红）阈值。",
        "trends_span_run": "最近 {runs} 次巡检",
        "trends_span_week": "最近 {runs} 周（每周取最后一次巡检）",
        "trends_span_month": "最近 {runs} 个月（每月取最后一次巡检）",
        "one_sample": "仅有一次采样，暂不绘制趋势图。",
        "projected_full": "按当前增速预计 {date} 写满",
        "latest": "最新 {value}",
        "warn_line": "警告阈值",
        "fail_line": "异常阈值",
        "changes": "与上次巡检相比的变化",
        "changes_sheet": "变化",
        "changes_baseline": "首次巡检，暂无可比较的上次记录。",
        "changes_previous": "上次巡检：{date}（{run}）",
        "changes_counts": "新增问题 {new} 项，已解决 {resolved} 项，仍未解决 {open} 项。",
        "change": "变化",
        "change_new": "新增",
        "change_open": "仍未解决",
        "change_resolved": "已解决",
        "change_host_added": "新增主机",
        "change_host_gone": "减少主机",
        "first_seen": "首次发现",
        "previous_status": "上次状态",
        "advice": "处理建议",
    },
    "en": {
        "default_title": "Inspection record",
        "basic": "Overview",
        "systems_names": "Systems",
        "cycle": "Cycle",
        "date": "Date",
        "scope": "Scope",
        "operator": "Operator",
        "conclusion": "Conclusion",
        "run_id": "Run ID",
        "duty": "Duty",
        "started": "Started",
        "generated": "Generated",
        "controller": "Controller",
        "ansible_version": "Ansible version",
        "summary": "Summary",
        "by_system": "By system",
        "by_host": "By host",
        "system": "System",
        "system_name": "System name",
        "hosts": "Hosts",
        "checks": "Checks",
        "overall": "Overall",
        "reachable": "Reachable",
        "yes": "yes",
        "no": "no",
        "unknown": "unknown",
        "host": "Host",
        "ip": "IP",
        "category": "Category",
        "item": "Check",
        "value": "Value",
        "threshold": "Threshold",
        "status": "Status",
        "detail": "Detail (as found)",
        "count": "Count",
        "details": "Details",
        "signoff": "Sign-off",
        "sign_ops": "Operations (signature)",
        "sign_client": "Client (confirmation)",
        "sign_date": "Date",
        "cover_sheet": "Cover",
        "summary_sheet": "Summary",
        "scope_text": "{hosts} hosts, {devices} network devices",
        "all_ok": "All {checks} checks passed; nothing needs action.",
        "found": "{checks} checks; found {issues}. See the details for actions.",
        "issue_sep": ", ",
        "issue_item": "{n} {label}",
        "overall_is": "Overall: {status}",
        "footer": "Generated by healthops",
        "unassigned": "unassigned",
        "fleet": "Fleet overview: worst status per system and check category",
        "fleet_sheet": "Overview",
        "fleet_note": "Each cell: the worst status of the system's checks of that category, and how many have it.",
        "trends": "Trends",
        "trends_sheet": "Trends",
        "trends_note": "{span}; dashed lines: WARN (orange) and FAIL (red) limits.",
        "trends_span_run": "The last {runs} runs",
        "trends_span_week": "The last {runs} weeks (the last run of each week)",
        "trends_span_month": "The last {runs} months (the last run of each month)",
        "one_sample": "Only one sample so far: no chart yet.",
        "projected_full": "full by {date} at the current rate",
        "latest": "latest {value}",
        "warn_line": "WARN limit",
        "fail_line": "FAIL limit",
        "changes": "Changes since the previous record",
        "changes_sheet": "Changes",
        "changes_baseline": "First record: nothing earlier to compare with.",
        "changes_previous": "Previous record: {date} ({run})",
        "changes_counts": "{new} new, {resolved} resolved, {open} still open.",
        "change": "Change",
        "change_new": "new",
        "change_open": "still open",
        "change_resolved": "resolved",
        "change_host_added": "host added",
        "change_host_gone": "host gone",
        "first_seen": "First seen",
        "previous_status": "Previous status",
        "advice": "Recommended action",
    },
}

# Titles (English, Chinese) of the checks the report itself adds for a host without a usable result.
REPORT_CHECK_TITLES = {
    "probe_run": ("Probe run", "巡检执行"),
    "host_reachable": ("Host reachable", "主机可达性"),
    "malformed": ("Malformed check", "检查结果格式错误"),
}

# How an entry of a system's healthops_calendar (the cycle of a duty) reads in the report.
CYCLE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "daily": "每日",
        "weekly": "每周",
        "monthly": "每月",
        "quarterly": "每季度",
        "semiannual": "每半年",
        "yearly": "每年",
        "with_inspection": "随巡检",
        "on_change": "变更时",
    },
    "en": {
        "daily": "daily",
        "weekly": "weekly",
        "monthly": "monthly",
        "quarterly": "quarterly",
        "semiannual": "twice a year",
        "yearly": "yearly",
        "with_inspection": "with each inspection",
        "on_change": "on change",
    },
}


def status_word(status: str, lang: str) -> str:
    return (STATUS_ZH if lang == "zh" else STATUS_EN)[status]


def category_label(category: str, lang: str) -> str:
    return CATEGORY_ZH.get(category, category) if lang == "zh" else category


def check_title(check: Mapping[str, Any], lang: str) -> str:
    if lang == "zh":
        return str(check.get("title_zh") or check.get("title") or check.get("id"))
    return str(check.get("title") or check.get("title_zh") or check.get("id"))


def reachable_word(value: bool | None, lang: str) -> str:
    labels = LABELS[lang]
    return labels["unknown"] if value is None else labels["yes" if value else "no"]


def duty_title(duty: str, lang: str) -> str | None:
    """The title of a duty of the calendar (None for a duty it does not know)."""
    titles = DUTY_TITLES.get(duty)
    if not titles:
        return None
    return titles[0] if lang == "zh" else titles[1]


def cycle_text(entries: Iterable[Any], lang: str) -> str:
    """巡检周期 from calendar entries: each distinct one in words ('weekly' -> 每周), joined.

    An entry the calendar does not know is shown as it is.
    """
    words: list[str] = []
    for entry in entries:
        word = CYCLE_WORDS[lang].get(str(entry), str(entry))
        if word and word not in words:
            words.append(word)
    return LABELS[lang]["issue_sep"].join(words)


# The monthly and annual summaries (healthops.report.period_summary): duties done against the calendar.
SUMMARY_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title_month": "运维月度总结",
        "title_year": "运维年度总结",
        "period": "统计周期",
        "generated": "生成时间",
        "totals_sheet": "总览",
        "duties_sheet": "职责完成情况",
        "missed_sheet": "漏执行",
        "fails_sheet": "FAIL 处置",
        "system": "系统",
        "duty": "职责",
        "cycle_expected": "计划次数",
        "due": "已到期",
        "done": "已执行",
        "missed": "漏执行",
        "outcomes": "执行结果",
        "unscheduled": "无定时（按需执行）",
        "slot": "计划时间",
        "host": "主机",
        "check": "检查项",
        "opened": "首次发现",
        "closed": "解决时间",
        "days_open": "持续天数",
        "still_open": "未解决",
        "fails_opened": "新增 FAIL",
        "fails_closed": "已解决 FAIL",
        "fails_open_at_end": "期末未解决 FAIL",
        "ledger_runs": "台账运行次数",
        "none": "无",
    },
    "en": {
        "title_month": "Monthly operations summary",
        "title_year": "Annual operations summary",
        "period": "Period",
        "generated": "Generated",
        "totals_sheet": "Overview",
        "duties_sheet": "Duties done",
        "missed_sheet": "Missed slots",
        "fails_sheet": "FAILs",
        "system": "System",
        "duty": "Duty",
        "cycle_expected": "Expected",
        "due": "Due",
        "done": "Done",
        "missed": "Missed",
        "outcomes": "Outcomes",
        "unscheduled": "no timer (run on demand)",
        "slot": "Slot",
        "host": "Host",
        "check": "Check",
        "opened": "First seen",
        "closed": "Resolved",
        "days_open": "Days open",
        "still_open": "open",
        "fails_opened": "FAILs opened",
        "fails_closed": "FAILs closed",
        "fails_open_at_end": "FAILs open at the end",
        "ledger_runs": "Runs in the ledger",
        "none": "none",
    },
}
