# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's data: probe outcomes -> report.json, its counts, rows and their order.

Controller side only (the ``healthops_report`` module runs with ``delegate_to:
localhost``), so this package may use the control node's Python and its packages.

The flow is one way: :func:`normalise_host` turns each host's probe outcome into a
host entry (an unreachable, failed or missing host becomes an ERROR check, never a
silent gap), :func:`build_report` computes every count exactly once into the
``summary`` block, and the renderers (healthops.report.html and .xlsx) only read
the report and the rows built here, so report.json, report.html and report.xlsx
always agree. Every word shown to a reader comes from healthops.report.labels.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    STATUS_ORDER,
    STATUSES,
    WARN,
    count_statuses,
    make_check,
    sort_checks,
    validate_check,
    worst,
)
from ansible.module_utils.healthops.report.advice import recommendation
from ansible.module_utils.healthops.report.detail import detail_zh as translate_detail
from ansible.module_utils.healthops.report.labels import (
    LABELS,
    LANGS,
    REPORT_CHECK_TITLES,
    category_label,
    check_title,
    cycle_text,
    duty_title,
    status_word,
)

SCHEMA_VERSION = "1.0"
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
NO_RESULT_DETAIL_ZH = "无结果：该主机未被巡检"

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


def _report_check(
    check_id: str, category: str, title_key: str, status: str, detail: str, detail_zh: str = ""
) -> dict[str, Any]:
    """A check the report makes itself, titled from labels.REPORT_CHECK_TITLES; its own words in both languages.

    A message passed on from elsewhere (ssh's, the module's) has no Chinese of its own: ``detail_zh`` is left to
    the catalogue (healthops.report.detail_texts), which keeps the message as it is after its Chinese words.
    """
    title, title_zh = REPORT_CHECK_TITLES[title_key]
    check = make_check(
        check_id=check_id, category=category, title=title, title_zh=title_zh, status=status, detail=detail
    )
    if detail_zh:
        check["detail_zh"] = detail_zh
    return check


def _probe_check(status: str, detail: str, detail_zh: str = "") -> dict[str, Any]:
    return _report_check("probe.run", "probe", "probe_run", status, detail, detail_zh)


def _threshold(value: Any) -> str | int | float | None:
    """A threshold as the report holds it: text, a number or nothing."""
    if value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _normalise_check(check: Any, index: int, where: str) -> dict[str, Any]:
    """One check from a probe with every field present; a malformed one becomes ERROR."""
    if isinstance(check, Mapping) and check.get("status") in STATUSES and check.get("id"):
        # Missing optional fields are filled in; the status is the probe's.
        normalised = make_check(
            check_id=str(check["id"]),
            category=str(check.get("category") or ""),
            title=str(check.get("title") or check["id"]),
            title_zh=str(check.get("title_zh") or check.get("title") or check["id"]),
            status=check["status"],
            value=check.get("value"),
            threshold=_threshold(check.get("threshold")),
            unit=str(check.get("unit") or ""),
            detail=str(check.get("detail") or ""),
        )
        if isinstance(check.get("detail_zh"), str) and check["detail_zh"].strip():
            normalised["detail_zh"] = check["detail_zh"]
        return normalised
    problems = "; ".join(validate_check(check)) or "missing id"
    check_id = str(check["id"]) if isinstance(check, Mapping) and check.get("id") else f"probe.check{index}"
    detail = f"invalid check {index} from {where}: {problems}"
    detail_zh = f"{where} 的第 {index} 项检查结果格式错误：{problems}"
    return _report_check(check_id, "probe", "malformed", ERROR, detail, detail_zh)


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
    outcome, reachable, checks = _outcome(entry, checks_in, str(entry.get("msg") or "").strip(), where)
    for check in checks:
        _advise(check)
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


def _advise(check: dict[str, Any]) -> None:
    """Give a check that needs action its recommendation, in both languages, from the catalogue,
    and a probe's English detail its Chinese (healthops.report.detail_texts) where it has none."""
    texts = recommendation(check)
    if texts:
        check["recommendation"], check["recommendation_zh"] = texts
    if not check.get("detail_zh"):
        translated = translate_detail(str(check["id"]), str(check.get("detail") or ""))
        if translated:
            check["detail_zh"] = translated


def _outcome(
    entry: Mapping[str, Any], checks_in: list[Any] | None, msg: str, where: str
) -> tuple[str, bool | None, list[dict[str, Any]]]:
    """(outcome, reachable, checks) of one host: every outcome gives at least one check."""
    checks: list[dict[str, Any]]
    reachable: bool | None
    if entry.get("unreachable"):
        outcome, reachable = "unreachable", False
        checks = [
            _report_check(
                "host.reachable",
                "host",
                "host_reachable",
                ERROR,
                msg or "host unreachable",
                "" if msg else "主机不可达",
            )
        ]
    elif checks_in is not None:
        outcome, reachable = ("failed" if entry.get("failed") else "checked"), True
        checks = [_normalise_check(c, i, where) for i, c in enumerate(checks_in)]
        if entry.get("failed"):
            checks.append(_probe_check(ERROR, msg or "probe failed", "" if msg else "巡检失败"))
        elif not checks:
            checks = [_probe_check(INFO, "probe returned no checks", "巡检未返回任何检查项")]
    elif entry.get("failed"):
        outcome, reachable = "failed", True
        checks = [_probe_check(ERROR, msg or "probe failed", "" if msg else "巡检失败")]
    elif entry.get("skipped"):
        outcome, reachable = "skipped", None
        checks = [
            _probe_check(ERROR, f"probe skipped: {msg or 'condition not met'}", f"巡检被跳过：{msg or '条件不满足'}")
        ]
    elif msg:
        # A probe task run with failed_when: false keeps its error only in msg.
        outcome, reachable = "failed", True
        checks = [_probe_check(ERROR, msg)]
    else:
        outcome, reachable = "missing", None
        checks = [_probe_check(ERROR, NO_RESULT_DETAIL, NO_RESULT_DETAIL_ZH)]
    return outcome, reachable, checks


# --------------------------------------------------------------------------- build


def now_iso() -> str:
    """The controller's local time, ISO 8601 with its offset, to the second."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    for status in STATUSES:
        total[status] += counts[status]


def check_lang(lang: Any) -> str:
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
    check_lang(meta.get("lang") or "zh")


def _cycle(value: Any, lang: str) -> str | None:
    """巡检周期 as given, or in words from a list of calendar entries (['weekly'] -> 每周)."""
    if isinstance(value, (list, tuple)):
        return cycle_text(value, lang) or None
    return _text(value)


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
    return {"schema_version": SCHEMA_VERSION, "run": _run(meta), "summary": summarise(entries), "hosts": entries}


def summarise(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``summary`` block: every count of the report, computed once from the host entries."""
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
    return {
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


def _run(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The ``run`` block: the run's metadata, blanks as null."""
    return {
        "run_id": meta["run_id"],
        "duty": _text(meta.get("duty")) or "inspect",
        "title": _text(meta.get("title")),
        "started": _text(meta.get("started")),
        "generated": _text(meta.get("generated")) or now_iso(),
        "operator": _text(meta.get("operator")),
        "controller": _text(meta.get("controller")),
        "lang": meta.get("lang") or "zh",
        "cycle": _cycle(meta.get("cycle"), meta.get("lang") or "zh"),
        "ansible_version": _text(meta.get("ansible_version")),
    }


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
    return duty_title(str(run.get("duty") or ""), lang) or LABELS[lang]["default_title"]


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
    """主机名, IP, 类别, 巡检项, 当前值, 阈值, 状态, 处理建议, 说明 (the probe's own words)."""
    labels = LABELS[lang]
    keys = ("host", "ip", "category", "item", "value", "threshold", "status", "advice", "detail")
    return [labels[k] for k in keys]


def detail_text(check: Mapping[str, Any], lang: str) -> str:
    """说明: the check's Chinese detail where it has one (the report's own words), else the probe's as they are."""
    if lang == "zh" and check.get("detail_zh"):
        return str(check["detail_zh"])
    return str(check.get("detail") or "")


def advice_text(check: Mapping[str, Any], lang: str) -> str:
    """处理建议 of a check in the report's language (empty for PASS and INFO)."""
    key = "recommendation_zh" if lang == "zh" else "recommendation"
    return str(check.get(key) or "")


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
        advice_text(check, lang),
        detail_text(check, lang),
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
