# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An emergency drill's record: its timeline, smoke checks, measured RTO and RPO against the
system's targets, and the cleanup, as checks of the result model. Pure, Python >= 3.6.

``timeline``: the steps in order, each ``{"step", "started", "finished" (epoch), "status"
("ok"/"failed"/"skipped"), "detail"}``; ``smoke``: ``{"name", "ok", "value", "expected", "detail"}``;
``times``: ``{"start", "smoke_passed" (epoch or None), "backup_time", "last_change" (epoch or None)}``;
``targets``: ``{"rto_hours", "rpo_hours"}``; ``cleanup``: ``{"ok", "detail"}``; ``plan``: the plan the
playbook printed first (``{"steps", "source", "storage", "storage_dir", "temporary", "set", "system"}``).

The record follows the drill's parts as the notices name them (方案、脚本、环境、执行、总结): the plan and
its script (drill.plan), the environment (drill.environment), the execution (the timeline, the smoke
checks, RTO, RPO, the cleanup) and the summary (drill.summary).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, make_check, worst

HOUR = 3600.0
CATEGORY = "drill"


def _stamp(epoch: Optional[float]) -> str:
    if epoch is None:
        return "?"
    return datetime.fromtimestamp(float(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def timeline_checks(timeline: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One INFO check per step (a failed step FAIL), numbered so the report keeps their order."""
    checks = []
    for number, step in enumerate(timeline, 1):
        started, finished = step.get("started"), step.get("finished")
        took = round(float(finished) - float(started), 1) if started is not None and finished is not None else None
        status = FAIL if step.get("status") == "failed" else INFO
        detail = "%s -> %s %s%s" % (
            _stamp(started),
            _stamp(finished),
            step.get("status", "ok"),
            (": " + step["detail"]) if step.get("detail") else "",
        )
        checks.append(
            make_check(
                "drill.step:%02d" % number,
                CATEGORY,
                "Step %d: %s" % (number, step.get("step")),
                "步骤 %d：%s" % (number, step.get("step_zh") or step.get("step")),
                status,
                took,
                None,
                "s",
                detail,
            )
        )
    return checks


def smoke_checks(smoke: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    if not smoke:
        return [
            make_check(
                "drill.smoke",
                CATEGORY,
                "Smoke checks",
                "冒烟检查",
                FAIL,
                None,
                None,
                "",
                "no smoke check was declared or run (drill_expected_rows, drill_http_checks)",
            )
        ]
    return [
        make_check(
            "drill.smoke:%s" % s["name"],
            CATEGORY,
            "Smoke check %s" % s["name"],
            "冒烟检查 %s" % s["name"],
            PASS if s.get("ok") else FAIL,
            s.get("value"),
            s.get("expected"),
            "",
            s.get("detail") or "",
        )
        for s in smoke
    ]


def rto_rpo_checks(times: Dict[str, Any], targets: Dict[str, Any]) -> List[Dict[str, Any]]:
    """RTO: start of the drill to the smoke checks passing; RPO: the backup against the last change."""
    rto_target, rpo_target = float(targets["rto_hours"]), float(targets["rpo_hours"])
    start, passed = times.get("start"), times.get("smoke_passed")
    if passed is None:
        rto = make_check(
            "drill.rto",
            CATEGORY,
            "Recovery time (RTO)",
            "恢复时间（RTO）",
            FAIL,
            None,
            "<=%g h" % rto_target,
            "h",
            "the smoke checks did not pass: the service was not recovered",
        )
    else:
        hours = round((float(passed) - float(start)) / HOUR, 3)
        rto = make_check(
            "drill.rto",
            CATEGORY,
            "Recovery time (RTO)",
            "恢复时间（RTO）",
            PASS if hours <= rto_target else FAIL,
            hours,
            "<=%g h" % rto_target,
            "h",
            "%s to %s (smoke checks passed)" % (_stamp(start), _stamp(passed)),
        )
    backup, change = times.get("backup_time"), times.get("last_change")
    if backup is None:
        rpo = make_check(
            "drill.rpo",
            CATEGORY,
            "Recovery point (RPO)",
            "恢复点（RPO）",
            FAIL,
            None,
            "<=%g h" % rpo_target,
            "h",
            "no backup time known",
        )
        return [rto, rpo]
    # Data changed after the backup is what a real loss would cost; without a readable last change
    # (production unreachable) the drill's start is the worst case.
    basis, until = ("last production change", change) if change is not None else ("drill start", start)
    hours = round(max(0.0, float(until) - float(backup)) / HOUR, 3)
    rpo = make_check(
        "drill.rpo",
        CATEGORY,
        "Recovery point (RPO)",
        "恢复点（RPO）",
        PASS if hours <= rpo_target else FAIL,
        hours,
        "<=%g h" % rpo_target,
        "h",
        "backup of %s against the %s %s" % (_stamp(backup), basis, _stamp(until)),
    )
    return [rto, rpo]


def plan_checks(plan: Dict[str, Any], targets: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The plan (its steps, run by the script playbooks/drill.yml) and the environment, as INFO rows."""
    steps = [str(s) for s in plan.get("steps") or []]
    detail = "script playbooks/drill.yml; targets RTO <= %g h, RPO <= %g h; %s" % (
        float(targets["rto_hours"]),
        float(targets["rpo_hours"]),
        " ".join(steps) or "no steps recorded",
    )
    environment = "source %s%s; copy %s:%s set %s; temporary host %s" % (
        plan.get("source") or "?",
        " (%s)" % plan["system"] if plan.get("system") else "",
        plan.get("storage") or "?",
        plan.get("storage_dir") or "?",
        plan.get("set") or "(not reached)",
        plan.get("temporary") or "?",
    )
    return [
        make_check("drill.plan", CATEGORY, "Drill plan", "演练方案", INFO, len(steps), None, "steps", detail),
        make_check(
            "drill.environment",
            CATEGORY,
            "Drill environment",
            "演练环境",
            INFO,
            plan.get("temporary"),
            None,
            "",
            environment,
        ),
    ]


def app_database_checks(plan: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Whether the application stack ran against the temporary database (none without an application stack).

    ``plan["app_database"]``: ``{"path", "key", "url", "before", "reachable"}`` once the drill pointed the
    declared data source (drill_app_datasource) there; empty when none was declared.
    """
    if not plan.get("app"):
        return []
    found = plan.get("app_database") or {}
    title, zh = "Application pointed at the temporary database", "应用连接临时数据库"
    if not plan.get("app_datasource"):
        detail = (
            "the application stack started without a declared data source (drill_app_datasource): it kept the "
            "database its configuration names, which may be production's, so its smoke checks do not prove "
            "the restored data serves it"
        )
        return [make_check("drill.app_database", CATEGORY, title, zh, WARN, None, "temporary database", "", detail)]
    if not found.get("url"):
        detail = "the data source %s was not pointed at the temporary database (the drill stopped before)" % (
            plan["app_datasource"].get("path")
        )
        return [make_check("drill.app_database", CATEGORY, title, zh, FAIL, None, "temporary database", "", detail)]
    reachable = str(found.get("reachable")).lower() == "true"
    detail = "%s %s: %s -> %s (the temporary database), %s from the application host" % (
        found.get("path"),
        found.get("key"),
        found.get("before") or "(not set)",
        found.get("url"),
        "reachable" if reachable else "NOT reachable",
    )
    status = PASS if reachable else FAIL
    return [
        make_check("drill.app_database", CATEGORY, title, zh, status, found["url"], "temporary database", "", detail)
    ]


def summary_check(checks: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The drill's conclusion (演练总结): passed or not, RTO and RPO against their targets, what failed."""
    by_id = {c["id"]: c for c in checks}
    overall = worst(c["status"] for c in checks)
    passed = overall not in (FAIL, ERROR)
    parts = []
    for key, name in (("drill.rto", "RTO"), ("drill.rpo", "RPO")):
        found = by_id.get(key)
        if found:
            measured = "%s h" % found["value"] if found["value"] is not None else "not reached"
            parts.append("%s %s (target %s) %s" % (name, measured, found["threshold"], found["status"]))
    failed = [c["title"] for c in checks if c["status"] in (FAIL, ERROR, WARN)]
    detail = "%s: %s" % ("drill passed" if passed else "drill failed", "; ".join(parts) or "RTO and RPO not measured")
    detail += (". To act on: " + "; ".join(failed)) if failed else ". Recovery within the targets."
    return make_check("drill.summary", CATEGORY, "Drill summary", "演练总结", INFO, overall, None, "", detail)


def drill_checks(
    timeline: List[Dict[str, Any]],
    smoke: List[Dict[str, Any]],
    times: Dict[str, Any],
    targets: Dict[str, Any],
    cleanup: Dict[str, Any],
    plan: Optional[Dict[str, Any]] = None,
) -> List[Dict[str, Any]]:
    """The drill's record: plan and environment, timeline, smoke checks, RTO and RPO, cleanup, summary."""
    checks = plan_checks(plan or {}, targets) + app_database_checks(plan or {})
    checks += timeline_checks(timeline) + smoke_checks(smoke) + rto_rpo_checks(times, targets)
    checks.append(
        make_check(
            "drill.cleanup",
            CATEGORY,
            "Cleanup",
            "环境清理",
            PASS if cleanup.get("ok") else FAIL,
            None,
            None,
            "",
            cleanup.get("detail") or "",
        )
    )
    checks.append(summary_check(checks))
    return checks


# Engines whose backups the drill can restore onto a temporary host here (pg_dump sets: pg_restore).
RESTORABLE = ("postgres",)


def refusal_checks(source: str, engine: str) -> List[Dict[str, Any]]:
    """The record of a drill refused before it touched anything: a database it cannot restore here.

    An Oracle set is an RMAN backup: restoring it needs an Oracle server of the same release on the
    temporary host (RESTORE/RECOVER DATABASE there), which no lab of this repository can run. The drill
    says so as an ERROR rather than measure an RTO and RPO of nothing.
    """
    detail = (
        "%s is an %s database: the drill restores PostgreSQL-family sets (pg_restore) only; an Oracle "
        "set is an RMAN backup that needs an Oracle server of the same release on the temporary host "
        "(RMAN RESTORE and RECOVER DATABASE there). Nothing was restored and RTO and RPO were not measured"
        % (source or "?", engine)
    )
    checks = [
        make_check(
            "drill.engine",
            CATEGORY,
            "Database the drill can restore",
            "演练可恢复的数据库类型",
            ERROR,
            value=engine,
            threshold=" or ".join(RESTORABLE),
            detail=detail,
        )
    ]
    checks.append(summary_check(checks))
    return checks
