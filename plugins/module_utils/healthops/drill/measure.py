# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An emergency drill's record: its timeline, smoke checks, measured RTO and RPO against the
system's targets, and the cleanup, as checks of the result model. Pure, Python >= 3.6.

``timeline``: the steps in order, each ``{"step", "started", "finished" (epoch), "status"
("ok"/"failed"/"skipped"), "detail"}``; ``smoke``: ``{"name", "ok", "value", "expected", "detail"}``;
``times``: ``{"start", "smoke_passed" (epoch or None), "backup_time", "last_change" (epoch or None)}``;
``targets``: ``{"rto_hours", "rpo_hours"}``; ``cleanup``: ``{"ok", "detail"}``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, make_check

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


def drill_checks(
    timeline: List[Dict[str, Any]],
    smoke: List[Dict[str, Any]],
    times: Dict[str, Any],
    targets: Dict[str, Any],
    cleanup: Dict[str, Any],
) -> List[Dict[str, Any]]:
    """The drill's record: timeline, smoke checks, RTO and RPO, cleanup."""
    checks = timeline_checks(timeline) + smoke_checks(smoke) + rto_rpo_checks(times, targets)
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
    return checks
