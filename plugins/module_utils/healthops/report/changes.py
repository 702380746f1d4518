# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed since the last record: the run compared, system by system, with the previous run of its duty.

Pure: takes the current report and the earlier reports (healthops.report.history reads
them) and returns the ``changes`` block of report.json. A finding is a (host, check id)
whose status needs action (FAIL, ERROR, WARN). Per system, the previous run is the
latest earlier report of the same duty that covered that system:

* ``new``: findings now that the previous run did not have (or had as PASS/INFO);
* ``resolved``: findings of the previous run on a host still reported that are gone;
* ``open``: findings in both, with ``first_seen``, the date of the earliest run of the
  unbroken series of runs that had it;
* ``hosts_added`` / ``hosts_gone``: hosts of the system in one run and not the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible.module_utils.healthops.common.result import ERROR, FAIL, STATUS_ORDER, WARN
from ansible.module_utils.healthops.report.labels import LABELS, status_word

FINDING = (FAIL, ERROR, WARN)

Key = tuple[str, str]  # (host, check id)


def _date(report: Mapping[str, Any]) -> str:
    run = report.get("run") or {}
    return str(run.get("started") or run.get("generated") or "")[:10]


def _system_hosts(report: Mapping[str, Any], system: str) -> dict[str, Mapping[str, Any]]:
    return {str(h.get("host")): h for h in report.get("hosts") or [] if h.get("system") == system}


def _checks(hosts: Mapping[str, Mapping[str, Any]]) -> dict[Key, Mapping[str, Any]]:
    return {(name, str(c.get("id"))): c for name, h in hosts.items() for c in h.get("checks") or []}


def _findings(hosts: Mapping[str, Mapping[str, Any]]) -> dict[Key, Mapping[str, Any]]:
    return {key: c for key, c in _checks(hosts).items() if c.get("status") in FINDING}


def _item(system: str, key: Key, check: Mapping[str, Any], before: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        "system": system,
        "host": key[0],
        "id": key[1],
        "title": check.get("title") or key[1],
        "title_zh": check.get("title_zh") or check.get("title") or key[1],
        "status": check.get("status"),
        "previous_status": before.get("status") if before else None,
        "recommendation": check.get("recommendation") or "",
        "recommendation_zh": check.get("recommendation_zh") or "",
    }


def _first_seen(key: Key, system: str, earlier: Sequence[Mapping[str, Any]], today: str) -> str:
    """The date of the earliest run in the unbroken series, up to now, that had this finding."""
    first = today
    for report in reversed(earlier):
        hosts = _system_hosts(report, system)
        if not hosts:
            continue
        if key not in _findings(hosts):
            break
        first = _date(report)
    return first


def _compare_system(
    system: str, current: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], out: dict[str, Any]
) -> None:
    covering = [r for r in earlier if _system_hosts(r, system)]
    now_hosts = _system_hosts(current, system)
    if not covering:
        out["systems"][system] = {"previous_run": None, "previous_date": None}
        return
    previous = covering[-1]
    out["systems"][system] = {"previous_run": previous["run"].get("run_id"), "previous_date": _date(previous)}
    before_hosts = _system_hosts(previous, system)
    out["hosts_added"] += [{"system": system, "host": h} for h in sorted(set(now_hosts) - set(before_hosts))]
    out["hosts_gone"] += [{"system": system, "host": h} for h in sorted(set(before_hosts) - set(now_hosts))]
    now, before = _findings(now_hosts), _findings(before_hosts)
    now_all, before_all = _checks(now_hosts), _checks(before_hosts)
    for key, check in now.items():
        if key in before:
            item = _item(system, key, check, before[key])
            item["first_seen"] = _first_seen(key, system, covering, _date(current))
            out["open"].append(item)
        else:
            item = _item(system, key, check, before_all.get(key))
            item["first_seen"] = _date(current)
            out["new"].append(item)
    for key, check in before.items():
        if key not in now and key[0] in now_hosts:
            item = _item(system, key, check, check)
            item["status"] = (now_all.get(key) or {}).get("status")
            item["recommendation"] = item["recommendation_zh"] = ""
            out["resolved"].append(item)


def compare(current: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``changes`` block of report.json (``earlier``: the duty's earlier reports, oldest first)."""
    out: dict[str, Any] = {"systems": {}, "new": [], "resolved": [], "open": [], "hosts_added": [], "hosts_gone": []}
    for system in current["summary"]["systems"]:
        _compare_system(system, current, earlier, out)
    out["compared"] = any(s["previous_run"] for s in out["systems"].values())
    for name in ("new", "resolved", "open"):
        out[name].sort(key=lambda i: (STATUS_ORDER.get(i["status"] or "", 9), i["system"], i["host"], i["id"]))
    return out


# --------------------------------------------------------------------------- shown to the reader


def summary_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    """The sentences above the changes table: what was compared, and the counts."""
    labels = LABELS[lang]
    changes = report.get("changes") or {}
    if not changes.get("compared"):
        return [labels["changes_baseline"]]
    previous = {(s["previous_date"], s["previous_run"]) for s in changes["systems"].values() if s["previous_run"]}
    lines = [labels["changes_previous"].format(date=d, run=r) for d, r in sorted(previous)]
    counts = {name: len(changes[name]) for name in ("new", "resolved", "open")}
    return [*lines, labels["changes_counts"].format(**counts)]


def change_headings(lang: str) -> list[str]:
    labels = LABELS[lang]
    keys = ("change", "system", "host", "item", "status", "previous_status", "first_seen", "advice")
    return [labels[k] for k in keys]


def change_rows(report: Mapping[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    """(kind, cells) per change: new, still open, resolved, then hosts added and gone."""
    labels = LABELS[lang]
    changes = report.get("changes") or {}
    names = {s: v.get("name_zh") or s for s, v in report["summary"]["systems"].items()}
    rows = []
    for kind in ("new", "open", "resolved"):
        for item in changes.get(kind) or []:
            title = item["title_zh"] if lang == "zh" else item["title"]
            advice = item["recommendation_zh"] if lang == "zh" else item["recommendation"]
            cells = [labels[f"change_{kind}"], _system(names, item["system"], lang), item["host"], title]
            cells += [_word(item["status"], lang), _word(item["previous_status"], lang)]
            rows.append((kind, [*cells, item.get("first_seen") or "", advice]))
    for kind, key in (("host_added", "hosts_added"), ("host_gone", "hosts_gone")):
        for item in changes.get(key) or []:
            cells = [labels[f"change_{kind}"], _system(names, item["system"], lang), item["host"]]
            rows.append((kind, cells + [""] * 5))
    return rows


def _system(names: Mapping[str, str], system: str, lang: str) -> str:
    return str(names.get(system, system)) if lang == "zh" else system


def _word(status: str | None, lang: str) -> str:
    return status_word(status, lang) if status else ""
