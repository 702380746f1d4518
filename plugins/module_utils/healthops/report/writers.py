# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report pipeline: probe outcomes -> report.json -> report.html and report.xlsx.

Controller side only (the ``healthops_report`` module runs with ``delegate_to:
localhost``), so this file may use the control node's Python and its packages;
openpyxl is imported only by :func:`xlsx_bytes`.

The flow is one way: :func:`normalise_host` turns each host's probe outcome into a
host entry (an unreachable, failed or missing host becomes an ERROR check, never a
silent gap), :func:`build_report` computes every count exactly once into the
``summary`` block, and the renderers only read the report, so report.json,
report.html and report.xlsx always agree.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from ansible.module_utils.healthops.common.fileio import atomic_write
from ansible.module_utils.healthops.common.result import (
    CATEGORY_ZH,
    ERROR,
    FAIL,
    INFO,
    PASS,
    STATUS_EN,
    STATUS_ORDER,
    STATUS_ZH,
    STATUSES,
    WARN,
    count_statuses,
    make_check,
    sort_checks,
    validate_check,
    worst,
)

SCHEMA_VERSION = "1.0"
LANGS = ("zh", "en")
FORMATS = ("json", "html", "xlsx")
KINDS = ("host", "device")
OUTCOMES = ("checked", "failed", "unreachable", "skipped", "missing")
UNASSIGNED = "unassigned"

# Statuses in the order a reader needs them: what needs action first.
DISPLAY_ORDER = tuple(sorted(STATUSES, key=lambda s: STATUS_ORDER[s]))

HOST_KEYS = frozenset(
    ("host", "ip", "system", "system_name_zh", "kind", "checks", "unreachable", "failed", "skipped", "msg")
)
META_KEYS = frozenset(
    ("run_id", "duty", "title", "started", "generated", "operator", "controller", "cycle", "ansible_version", "lang")
)
RUN_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

NO_RESULT_DETAIL = "no result: host was not probed"

# Titles of the duties of DESIGN.md's calendar, used when the run has no title of its own.
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
}

# Chinese names of the check categories probes use; others are shown as they are.

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
        "detail": "说明/处理建议",
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
        "detail": "Detail / action",
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
    },
}

# Row fill, text and badge colours per status (HTML and XLSX alike).
STATUS_COLOURS = {
    FAIL: {"fill": "FDE2E1", "text": "9B1C1C", "badge": "C5221F"},
    ERROR: {"fill": "EDE7F6", "text": "4A148C", "badge": "6A1B9A"},
    WARN: {"fill": "FFF4CE", "text": "7A5200", "badge": "B06000"},
    INFO: {"fill": "E3F0FD", "text": "174EA6", "badge": "1A73E8"},
    PASS: {"fill": "E6F4EA", "text": "0D652D", "badge": "188038"},
}
# Rows tinted as a whole: the ones that need action.
TINTED = (FAIL, ERROR, WARN)


class ReportInputError(ValueError):
    """Bad input to the report; the message names the offending item."""


# --------------------------------------------------------------------------- normalise


def _error_check(check_id: str, category: str, title: str, title_zh: str, detail: str) -> dict[str, Any]:
    return make_check(check_id, category, title, title_zh, ERROR, detail=detail)


def _probe_check(status: str, detail: str) -> dict[str, Any]:
    return make_check("probe.run", "probe", "Probe run", "巡检执行", status, detail=detail)


def _threshold(value: Any) -> str | int | float | None:
    """A threshold as the report holds it: text, a number or nothing."""
    if value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _normalise_check(check: Any, index: int, where: str) -> dict[str, Any]:
    """One check from a probe with every field present; a malformed one becomes ERROR."""
    if isinstance(check, Mapping) and check.get("status") in STATUSES and check.get("id"):
        # Missing optional fields are filled in; the status is the probe's.
        return make_check(
            str(check["id"]),
            str(check.get("category") or ""),
            str(check.get("title") or check["id"]),
            str(check.get("title_zh") or check.get("title") or check["id"]),
            check["status"],
            check.get("value"),
            _threshold(check.get("threshold")),
            str(check.get("unit") or ""),
            str(check.get("detail") or ""),
        )
    problems = "; ".join(validate_check(check)) or "missing id"
    check_id = str(check["id"]) if isinstance(check, Mapping) and check.get("id") else f"probe.check{index}"
    detail = f"invalid check {index} from {where}: {problems}"
    return _error_check(check_id, "probe", "Malformed check", "检查结果格式错误", detail)


def normalise_host(entry: Mapping[str, Any], index: int = 0) -> dict[str, Any]:
    """Turn one host's probe outcome into a host entry of report.json.

    ``entry`` has ``host`` and optionally ``ip``, ``system``, ``system_name_zh``,
    ``kind`` (host or device) and one outcome: ``checks``, ``unreachable: true``
    with ``msg``, ``failed: true`` with ``msg`` or ``skipped: true``. A host with
    no outcome at all was expected but not probed. Every outcome gives at least
    one check, so no host is ever dropped from the report.
    """
    where = f"hosts[{index}]"
    if not isinstance(entry, Mapping):
        raise ReportInputError(f"{where} must be a mapping, got {type(entry).__name__}")
    unknown = sorted(set(entry) - HOST_KEYS)
    if unknown:
        raise ReportInputError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(HOST_KEYS))})")
    name = entry.get("host")
    if not isinstance(name, str) or not name.strip():
        raise ReportInputError(f"{where}.host must be a non-empty string, got {name!r}")
    name = name.strip()
    where = f"hosts[{index}] ({name})"
    kind = entry.get("kind") or "host"
    if kind not in KINDS:
        raise ReportInputError(f"{where}.kind must be one of {', '.join(KINDS)}, got {kind!r}")
    checks_in = entry.get("checks")
    if checks_in is not None and not isinstance(checks_in, list):
        raise ReportInputError(f"{where}.checks must be a list, got {type(checks_in).__name__}")
    msg = str(entry.get("msg") or "").strip()

    checks: list[dict[str, Any]]
    reachable: bool | None
    if entry.get("unreachable"):
        outcome, reachable = "unreachable", False
        checks = [_error_check("host.reachable", "host", "Host reachable", "主机可达性", msg or "host unreachable")]
    elif checks_in is not None:
        outcome, reachable = ("failed" if entry.get("failed") else "checked"), True
        checks = [_normalise_check(c, i, where) for i, c in enumerate(checks_in)]
        if entry.get("failed"):
            checks.append(_probe_check(ERROR, msg or "probe failed"))
        elif not checks:
            checks = [_probe_check(INFO, "probe returned no checks")]
    elif entry.get("failed"):
        outcome, reachable = "failed", True
        checks = [_probe_check(ERROR, msg or "probe failed")]
    elif entry.get("skipped"):
        outcome, reachable = "skipped", None
        checks = [_probe_check(ERROR, f"probe skipped: {msg or 'condition not met'}")]
    elif msg:
        # A probe task run with failed_when: false keeps its error only in msg.
        outcome, reachable = "failed", True
        checks = [_probe_check(ERROR, msg)]
    else:
        outcome, reachable = "missing", None
        checks = [_probe_check(ERROR, NO_RESULT_DETAIL)]

    system = str(entry.get("system") or "").strip() or UNASSIGNED
    return {
        "host": name,
        "ip": str(entry.get("ip") or name),
        "system": system,
        "system_name_zh": str(entry.get("system_name_zh") or "").strip() or system,
        "kind": kind,
        "reachable": reachable,
        "outcome": outcome,
        "status": worst(c["status"] for c in checks),
        "checks": sort_checks(checks),
    }


# --------------------------------------------------------------------------- build


def now_iso() -> str:
    """The controller's local time, ISO 8601 with its offset, to the second."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    for status in STATUSES:
        total[status] += counts[status]


def _check_lang(lang: Any) -> str:
    if lang not in LANGS:
        raise ReportInputError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return str(lang)


def validate_meta(meta: Mapping[str, Any]) -> None:
    """Refuse metadata the report cannot hold, naming the key."""
    if not isinstance(meta, Mapping):
        raise ReportInputError(f"meta must be a mapping, got {type(meta).__name__}")
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise ReportInputError(f"meta: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(META_KEYS))})")
    run_id = meta.get("run_id")
    if not isinstance(run_id, str) or not RUN_ID_PATTERN.match(run_id):
        raise ReportInputError(
            f"run_id must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, got {run_id!r}"
        )
    _check_lang(meta.get("lang") or "zh")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def build_report(hosts: Iterable[Mapping[str, Any]], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The report.json document of one run.

    ``meta`` holds the run's metadata (``run_id`` required; ``duty``, ``title``,
    ``started``, ``generated``, ``operator``, ``controller``, ``cycle``,
    ``ansible_version``, ``lang`` optional). Counts are computed here, once, from
    the checks; the renderers read them from ``summary``.
    """
    validate_meta(meta)
    entries = [normalise_host(h, i) for i, h in enumerate(hosts)]
    seen: set[str] = set()
    for entry in entries:
        if entry["host"] in seen:
            raise ReportInputError(f"host {entry['host']!r} appears more than once in hosts")
        seen.add(entry["host"])
    entries.sort(key=lambda e: (e["system"], e["host"]))

    counts = dict.fromkeys(STATUSES, 0)
    hosts_by_status = dict.fromkeys(STATUSES, 0)
    systems: dict[str, dict[str, Any]] = {}
    per_host: dict[str, dict[str, Any]] = {}
    for entry in entries:
        host_counts = count_statuses(entry["checks"])
        per_host[entry["host"]] = {
            "system": entry["system"],
            "ip": entry["ip"],
            "kind": entry["kind"],
            "reachable": entry["reachable"],
            "outcome": entry["outcome"],
            "checks": len(entry["checks"]),
            "counts": host_counts,
            "worst": entry["status"],
        }
        system = systems.setdefault(
            entry["system"],
            {
                "name_zh": entry["system_name_zh"],
                "hosts": 0,
                "devices": 0,
                "unreachable": 0,
                "checks": 0,
                "counts": dict.fromkeys(STATUSES, 0),
                "worst": PASS,
            },
        )
        system["devices" if entry["kind"] == "device" else "hosts"] += 1
        system["unreachable"] += 1 if entry["reachable"] is False else 0
        system["checks"] += len(entry["checks"])
        system["worst"] = worst([system["worst"], entry["status"]])
        _add_counts(system["counts"], host_counts)
        _add_counts(counts, host_counts)
        hosts_by_status[entry["status"]] += 1

    run = {
        "run_id": meta["run_id"],
        "duty": _text(meta.get("duty")) or "inspect",
        "title": _text(meta.get("title")),
        "started": _text(meta.get("started")),
        "generated": _text(meta.get("generated")) or now_iso(),
        "operator": _text(meta.get("operator")),
        "controller": _text(meta.get("controller")),
        "lang": meta.get("lang") or "zh",
        "cycle": _text(meta.get("cycle")),
        "ansible_version": _text(meta.get("ansible_version")),
    }
    summary = {
        "totals": {
            "systems": len(systems),
            "hosts": sum(s["hosts"] for s in systems.values()),
            "devices": sum(s["devices"] for s in systems.values()),
            "unreachable": sum(s["unreachable"] for s in systems.values()),
            "checks": sum(counts.values()),
        },
        "counts": counts,
        "worst": worst(e["status"] for e in entries),
        "hosts_by_status": hosts_by_status,
        "systems": systems,
        "hosts": per_host,
    }
    return {"schema_version": SCHEMA_VERSION, "run": run, "summary": summary, "hosts": entries}


def to_json(report: Mapping[str, Any]) -> str:
    """report.json's text: UTF-8 as is, stable key order, newline at the end."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def report_digest(report: Mapping[str, Any]) -> str:
    """SHA-256 of the report's content, leaving out when it was generated.

    Two runs with the same outcome have the same digest; the module uses it to
    leave files alone that already hold this content.
    """
    run = dict(report.get("run") or {})
    run.pop("generated", None)
    body = dict(report)
    body["run"] = run
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- shared by the renderers


def status_word(status: str, lang: str) -> str:
    return (STATUS_ZH if lang == "zh" else STATUS_EN)[status]


def _plain(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return LABELS[lang]["yes" if value else "no"]
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        rounded = round(value, 2)
        return f"{rounded:g}" if rounded else f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v, lang) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def format_value(value: Any, unit: str, lang: str) -> str:
    """A check's value as a reader sees it: '88.1%', '12 d', 'running'."""
    text = _plain(value, lang)
    if not text or not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


def check_title(check: Mapping[str, Any], lang: str) -> str:
    if lang == "zh":
        return str(check.get("title_zh") or check.get("title") or check.get("id"))
    return str(check.get("title") or check.get("title_zh") or check.get("id"))


def category_label(category: str, lang: str) -> str:
    return CATEGORY_ZH.get(category, category) if lang == "zh" else category


def system_name_zh(report: Mapping[str, Any], system: str, lang: str) -> str:
    """The system's Chinese name (the label for hosts of no system)."""
    if system == UNASSIGNED:
        return LABELS[lang]["unassigned"]
    return str(report["summary"]["systems"][system]["name_zh"])


def system_label(report: Mapping[str, Any], system: str, lang: str) -> str:
    """How a system is named to the reader: its Chinese name, or its group name in English."""
    if system == UNASSIGNED:
        return LABELS[lang]["unassigned"]
    return system_name_zh(report, system, lang) if lang == "zh" else system


def report_title(report: Mapping[str, Any], lang: str) -> str:
    run = report["run"]
    if run.get("title"):
        return str(run["title"])
    titles = DUTY_TITLES.get(run.get("duty") or "")
    if titles:
        return titles[0] if lang == "zh" else titles[1]
    return LABELS[lang]["default_title"]


def report_date(report: Mapping[str, Any]) -> str:
    """巡检日期: the day the run started (or, without a start, was generated)."""
    return str(report["run"].get("started") or report["run"].get("generated") or "")[:10]


def scope_text(report: Mapping[str, Any], lang: str) -> str:
    totals = report["summary"]["totals"]
    return LABELS[lang]["scope_text"].format(hosts=totals["hosts"], devices=totals["devices"])


def conclusion_text(report: Mapping[str, Any], lang: str) -> str:
    """结论: what was found, from the summary's counts."""
    labels = LABELS[lang]
    summary = report["summary"]
    counts = summary["counts"]
    checks = summary["totals"]["checks"]
    issues = [
        labels["issue_item"].format(label=status_word(s, lang), n=counts[s]) for s in (FAIL, ERROR, WARN) if counts[s]
    ]
    if issues:
        head = labels["found"].format(checks=checks, issues=labels["issue_sep"].join(issues))
    else:
        head = labels["all_ok"].format(checks=checks)
    return f"{head} {labels['overall_is'].format(status=status_word(summary['worst'], lang))}"


def system_rows(report: Mapping[str, Any], system: str) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(host entry, check) pairs of one system: FAIL, ERROR, WARN, INFO, PASS, then by host."""
    rows = [(h, c) for h in report["hosts"] if h["system"] == system for c in h["checks"]]
    return sorted(rows, key=lambda hc: STATUS_ORDER[hc[1]["status"]])  # stable: hosts stay in order


def row_headings(lang: str) -> list[str]:
    """主机名, IP, 类别, 巡检项, 当前值, 阈值, 状态, 说明/处理建议."""
    labels = LABELS[lang]
    return [labels[k] for k in ("host", "ip", "category", "item", "value", "threshold", "status", "detail")]


def row_cells(host: Mapping[str, Any], check: Mapping[str, Any], lang: str) -> list[str]:
    """One detail row, in the order of :func:`row_headings`."""
    return [
        str(host["host"]),
        str(host["ip"]),
        category_label(str(check.get("category") or ""), lang),
        check_title(check, lang),
        format_value(check.get("value"), str(check.get("unit") or ""), lang),
        _plain(check.get("threshold"), lang),
        status_word(check["status"], lang),
        str(check.get("detail") or ""),
    ]


def cover_rows(report: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """系统名称, 巡检周期, 巡检日期, 巡检范围, 巡检人, 结论."""
    labels = LABELS[lang]
    run = report["run"]
    systems = labels["issue_sep"].join(system_label(report, s, lang) for s in report["summary"]["systems"])
    names = ", ".join(h["host"] for h in report["hosts"])
    colon = "：" if lang == "zh" else ": "
    scope = f"{scope_text(report, lang)}{colon}{names}" if names else scope_text(report, lang)
    return [
        (labels["systems_names"], systems),
        (labels["cycle"], run.get("cycle") or ""),
        (labels["date"], report_date(report)),
        (labels["scope"], scope),
        (labels["operator"], run.get("operator") or ""),
        (labels["conclusion"], conclusion_text(report, lang)),
    ]


def run_rows(report: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    labels = LABELS[lang]
    run = report["run"]
    keys = ("run_id", "duty", "started", "generated", "controller", "ansible_version")
    return [(labels[key], str(run.get(key) or "")) for key in keys]


def _reachable_word(value: bool | None, lang: str) -> str:
    labels = LABELS[lang]
    return labels["unknown"] if value is None else labels["yes" if value else "no"]


# --------------------------------------------------------------------------- HTML

_CSS = """
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
"Helvetica Neue",Arial,sans-serif;color:#202124;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #dadce0}
h3{font-size:15px;margin:20px 0 6px}
.sub{color:#5f6368;margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #dadce0;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600;white-space:nowrap}
table.meta{width:auto;min-width:50%}
table.meta th{width:9em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#bdc1c6}
td.nowrap{white-space:nowrap}
td.detail{white-space:pre-wrap;word-break:break-word;max-width:42em}
.badges{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}
.badge{display:inline-block;padding:4px 12px;border-radius:14px;color:#fff;font-weight:600}
.badge b{font-size:16px;margin-left:6px}
.status{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;
white-space:nowrap}
.conclusion{font-size:15px;padding:8px 12px;border-left:4px solid #5f6368;background:#f8f9fa}
table.signoff{width:auto;min-width:60%}
table.signoff td{height:48px;min-width:12em}
footer{margin-top:32px;color:#80868b;font-size:12px}
@media print{body{padding:0}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}}
"""


def _status_css() -> str:
    rules = []
    for status, colour in STATUS_COLOURS.items():
        rules.append(f".badge-{status},.status-{status}{{background:#{colour['badge']}}}")
        rules.append(f".conclusion.worst-{status}{{border-left-color:#{colour['badge']}}}")
        if status in TINTED:
            rules.append(f"tr.row-{status} td{{background:#{colour['fill']};color:#{colour['text']}}}")
    return "\n".join(rules)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _counts_cells(counts: Mapping[str, int]) -> str:
    return "".join(
        f'<td class="num{" zero" if not counts[s] else ""}" data-status="{s}">{counts[s]}</td>' for s in DISPLAY_ORDER
    )


def _status_span(status: str, lang: str) -> str:
    return f'<span class="status status-{status}">{_e(status_word(status, lang))}</span>'


def _th(*labels: str, num: bool = False) -> str:
    css = ' class="num"' if num else ""
    return "".join(f"<th{css}>{_e(label)}</th>" for label in labels)


def _html_summary(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = LABELS[lang]
    summary = report["summary"]
    status_heads = _th(*(status_word(s, lang) for s in DISPLAY_ORDER), num=True)
    worst_status = summary["worst"]
    out = [
        f'<section id="summary"><h2>{_e(labels["summary"])}</h2>',
        f'<p class="conclusion worst-{worst_status}" data-worst="{worst_status}">'
        f"{_e(conclusion_text(report, lang))}</p>",
        '<div class="badges">',
    ]
    for status in DISPLAY_ORDER:
        count = summary["counts"][status]
        out.append(
            f'<span class="badge badge-{status}" data-status="{status}" data-count="{count}">'
            f"{_e(status_word(status, lang))}<b>{count}</b></span>"
        )
    out.append("</div>")

    out.append(f"<h3>{_e(labels['by_system'])}</h3>")
    out.append(
        '<table class="summary-systems"><thead><tr>'
        f"{_th(labels['system'], labels['system_name'])}{_th(labels['hosts'], labels['checks'], num=True)}"
        f"{status_heads}{_th(labels['overall'])}</tr></thead><tbody>"
    )
    for name, system in summary["systems"].items():
        out.append(
            f'<tr data-system="{_e(name)}"><td>{_e(name)}</td><td>{_e(system_name_zh(report, name, lang))}</td>'
            f'<td class="num">{system["hosts"] + system["devices"]}</td><td class="num">{system["checks"]}</td>'
            f"{_counts_cells(system['counts'])}<td>{_status_span(system['worst'], lang)}</td></tr>"
        )
    out.append("</tbody></table>")

    out.append(f"<h3>{_e(labels['by_host'])}</h3>")
    out.append(
        '<table class="summary-hosts"><thead><tr>'
        f"{_th(labels['system'], labels['host'], labels['ip'], labels['reachable'])}{_th(labels['checks'], num=True)}"
        f"{status_heads}{_th(labels['status'])}</tr></thead><tbody>"
    )
    for name, host in summary["hosts"].items():
        out.append(
            f'<tr data-host="{_e(name)}"><td>{_e(system_label(report, host["system"], lang))}</td>'
            f"<td>{_e(name)}</td><td>{_e(host['ip'])}</td><td>{_e(_reachable_word(host['reachable'], lang))}</td>"
            f'<td class="num">{host["checks"]}</td>{_counts_cells(host["counts"])}'
            f"<td>{_status_span(host['worst'], lang)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _html_system(report: Mapping[str, Any], name: str, index: int, lang: str) -> list[str]:
    labels = LABELS[lang]
    system = report["summary"]["systems"][name]
    counts_line = " · ".join(f"{status_word(s, lang)} {system['counts'][s]}" for s in DISPLAY_ORDER)
    other_name = name if lang == "zh" else system_name_zh(report, name, lang)
    out = [
        f'<section class="system" id="system-{index}" data-system="{_e(name)}">',
        f"<h2>{_e(labels['details'])}: {_e(system_label(report, name, lang))}</h2>",
        f'<p class="sub">{_e(other_name)} · {_e(counts_line)}</p>',
        f'<table class="checks"><thead><tr>{_th(*row_headings(lang))}</tr></thead><tbody>',
    ]
    for host, check in system_rows(report, name):
        cells = row_cells(host, check, lang)
        status = check["status"]
        tds = "".join(f'<td class="nowrap">{_e(c)}</td>' for c in cells[:3])
        tds += "".join(f"<td>{_e(c)}</td>" for c in cells[3:6])
        out.append(
            f'<tr class="row row-{status}" data-status="{status}" data-host="{_e(host["host"])}" '
            f'data-check="{_e(check["id"])}">{tds}<td>{_status_span(status, lang)}</td>'
            f'<td class="detail">{_e(cells[7])}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return out


def render_html(report: Mapping[str, Any], lang: str = "zh") -> str:
    """report.html: one self-contained page (inline CSS, no scripts, no external assets)."""
    labels = LABELS[_check_lang(lang)]
    run = report["run"]
    title = report_title(report, lang)
    cover = cover_rows(report, lang)
    subtitle = " · ".join(value for _, value in cover[:3] if value)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="healthops">',
        f'<meta name="healthops-report-digest" content="{report_digest(report)}">',
        f"<title>{_e(title)} - {_e(run['run_id'])}</title>",
        f"<style>{_CSS}{_status_css()}\n</style>",
        "</head>",
        "<body>",
        f'<header><h1>{_e(title)}</h1><p class="sub">{_e(subtitle)}</p></header>',
        f'<section id="overview"><h2>{_e(labels["basic"])}</h2><table class="meta"><tbody>',
    ]
    for label, value in cover[:5] + run_rows(report, lang):
        out.append(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>")
    out.append("</tbody></table></section>")
    out.extend(_html_summary(report, lang))
    for index, name in enumerate(report["summary"]["systems"], 1):
        out.extend(_html_system(report, name, index, lang))
    out.append(f'<section id="signoff"><h2>{_e(labels["signoff"])}</h2><table class="signoff"><tbody>')
    for who in ("sign_ops", "sign_client"):
        out.append(f"<tr><th>{_e(labels[who])}</th><td></td><th>{_e(labels['sign_date'])}</th><td></td></tr>")
    out.append("</tbody></table></section>")
    out.append(f"<footer>{_e(labels['footer'])} · {_e(run['run_id'])} · {_e(run['generated'])}</footer>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


_HTML_DIGEST = re.compile(r'<meta name="healthops-report-digest" content="([0-9a-f]{64})">')


def html_digest(text: str) -> str | None:
    """The report digest an existing report.html was rendered from (None if it has none)."""
    match = _HTML_DIGEST.search(text[:4096])
    return match.group(1) if match else None


# --------------------------------------------------------------------------- XLSX

_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of []:*?/\\, not 'History'.

    ``used`` holds the lower-cased names taken so far (Excel compares them
    without case) and gets the new one.
    """
    base = _INVALID_SHEET_CHARS.sub("_", name).strip().strip("'").strip()[:31].strip() or "Sheet"
    candidate, number = base, 1
    while candidate.lower() in used or candidate.lower() == "history":
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def _xlsx_datetime(stamp: str | None) -> datetime.datetime | None:
    """An ISO time as the naive UTC datetime openpyxl's document properties expect."""
    if not stamp:
        return None
    try:
        value = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


class _Styles:
    """The few cell styles of the workbook, built once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.sign_line = Border(bottom=Side(style="thin", color="000000"))
        self.head_fill = PatternFill("solid", fgColor="F1F3F4")
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=16)
        self.heading = Font(bold=True, size=13)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="center")
        self.head_align = Alignment(vertical="center", wrap_text=True)
        self.bottom = Alignment(vertical="bottom")
        self.fills = {s: PatternFill("solid", fgColor=c["fill"]) for s, c in STATUS_COLOURS.items()}
        self.fonts = {s: Font(bold=True, color=c["text"]) for s, c in STATUS_COLOURS.items()}


def _cell(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write one cell; text is always text, never a formula (a probe's '=...' stays inert).

    Control characters that XLSX cannot hold (an ANSI escape in a command's
    output, say) are dropped rather than failing the whole workbook.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _xlsx_header(ws: Any, row: int, values: list[str], st: _Styles) -> None:
    for col, value in enumerate(values, 1):
        cell = _cell(ws, row, col, value)
        cell.font, cell.fill, cell.border, cell.alignment = st.bold, st.head_fill, st.border, st.head_align


def _xlsx_widths(ws: Any, values: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(values, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _xlsx_row(ws: Any, row: int, values: list[Any], st: _Styles) -> None:
    for col, value in enumerate(values, 1):
        _cell(ws, row, col, value).border = st.border


def _xlsx_cover(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    labels = LABELS[lang]
    _xlsx_widths(ws, [18, 44, 12, 26])
    ws.merge_cells("A1:D1")
    ws["A1"] = report_title(report, lang)
    ws["A1"].font, ws["A1"].alignment = st.title, st.centre
    ws.row_dimensions[1].height = 32
    row = 3
    for label, value in cover_rows(report, lang) + run_rows(report, lang)[:1]:
        _cell(ws, row, 1, label)
        _cell(ws, row, 2, value)
        for col in range(1, 5):
            ws.cell(row=row, column=col).border = st.border
        ws.cell(row=row, column=1).font, ws.cell(row=row, column=1).fill = st.bold, st.head_fill
        ws.cell(row=row, column=2).alignment = st.wrap
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 18 * min(8, 1 + len(value) // 36)
        row += 1
    row += 1
    _xlsx_header(ws, row, [labels["status"], labels["count"]], st)
    for status in DISPLAY_ORDER:
        row += 1
        _xlsx_row(ws, row, [status_word(status, lang), report["summary"]["counts"][status]], st)
        ws.cell(row=row, column=1).fill, ws.cell(row=row, column=1).font = st.fills[status], st.fonts[status]
    row += 2
    ws.cell(row=row, column=1, value=labels["signoff"]).font = st.heading
    for who in ("sign_ops", "sign_client"):
        row += 1
        ws.cell(row=row, column=1, value=labels[who]).font = st.bold
        ws.cell(row=row, column=3, value=labels["sign_date"]).font = st.bold
        for col in range(1, 5):
            ws.cell(row=row, column=col).alignment = st.bottom
        for col in (2, 4):
            ws.cell(row=row, column=col).border = st.sign_line
        ws.row_dimensions[row].height = 40
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _xlsx_summary(ws: Any, report: Mapping[str, Any], lang: str, st: _Styles) -> None:
    labels = LABELS[lang]
    summary = report["summary"]
    status_heads = [status_word(s, lang) for s in DISPLAY_ORDER]
    _xlsx_widths(ws, [18, 24, 16, 10, 10] + [10] * len(DISPLAY_ORDER) + [10])
    ws.cell(row=1, column=1, value=labels["by_system"]).font = st.heading
    heads = [labels["system"], labels["system_name"], labels["hosts"], labels["checks"]]
    _xlsx_header(ws, 2, heads + status_heads + [labels["overall"]], st)
    row = 2
    for name, system in summary["systems"].items():
        row += 1
        values = [name, system_name_zh(report, name, lang), system["hosts"] + system["devices"], system["checks"]]
        values += [system["counts"][s] for s in DISPLAY_ORDER] + [status_word(system["worst"], lang)]
        _xlsx_row(ws, row, values, st)
        ws.cell(row=row, column=len(values)).fill = st.fills[system["worst"]]
    row += 2
    ws.cell(row=row, column=1, value=labels["by_host"]).font = st.heading
    row += 1
    heads = [labels["system"], labels["host"], labels["ip"], labels["reachable"], labels["checks"]]
    _xlsx_header(ws, row, heads + status_heads + [labels["status"]], st)
    for name, host in summary["hosts"].items():
        row += 1
        values = [system_label(report, host["system"], lang), name, host["ip"]]
        values += [_reachable_word(host["reachable"], lang), host["checks"]]
        values += [host["counts"][s] for s in DISPLAY_ORDER] + [status_word(host["worst"], lang)]
        _xlsx_row(ws, row, values, st)
        ws.cell(row=row, column=len(values)).fill = st.fills[host["worst"]]


def _xlsx_system(ws: Any, report: Mapping[str, Any], name: str, lang: str, st: _Styles) -> None:
    _xlsx_header(ws, 1, row_headings(lang), st)
    _xlsx_widths(ws, [18, 16, 12, 30, 18, 14, 11, 60])
    row = 1
    for host, check in system_rows(report, name):
        row += 1
        status = check["status"]
        for col, value in enumerate(row_cells(host, check, lang), 1):
            cell = _cell(ws, row, col, value)
            cell.border, cell.alignment = st.border, st.wrap
            if status in TINTED:
                cell.fill = st.fills[status]
        ws.cell(row=row, column=7).fill, ws.cell(row=row, column=7).font = st.fills[status], st.fonts[status]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_xlsx(report: Mapping[str, Any], path: str, lang: str = "zh") -> None:
    """Write report.xlsx atomically, mode 0640 (see :func:`xlsx_bytes`)."""
    atomic_write(path, xlsx_bytes(report, lang), mode=0o640)


def xlsx_bytes(report: Mapping[str, Any], lang: str = "zh") -> bytes:
    """report.xlsx, the 巡检记录 the client signs: a cover, a summary, one sheet per system."""
    from openpyxl import Workbook

    labels = LABELS[_check_lang(lang)]
    st = _Styles()
    used: set[str] = set()
    wb = Workbook()
    props = wb.properties
    props.title = report_title(report, lang)
    props.subject = report["run"]["run_id"]
    props.creator = "healthops"
    props.identifier = report_digest(report)
    props.created = _xlsx_datetime(report["run"].get("generated"))

    cover = wb.active
    cover.title = sheet_name(labels["cover_sheet"], used)
    _xlsx_cover(cover, report, lang, st)
    _xlsx_summary(wb.create_sheet(sheet_name(labels["summary_sheet"], used)), report, lang, st)
    for name in report["summary"]["systems"]:
        _xlsx_system(wb.create_sheet(sheet_name(system_label(report, name, lang), used)), report, name, lang, st)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_digest(path: str) -> str | None:
    """The report digest an existing report.xlsx was written with (None if it has none or is unreadable)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    try:
        identifier = wb.properties.identifier
    finally:
        wb.close()
    return identifier if isinstance(identifier, str) else None
