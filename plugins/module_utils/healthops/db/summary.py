# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's summary: the overall score and the differences from the previous run of the same profile."""

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, count_statuses
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, check, join_limited

# Status weights of the overall score; INFO checks do not count.
SCORE_WEIGHTS = {PASS: 1.0, WARN: 0.5, ERROR: 0.5, FAIL: 0.0}


def overall_score(checks: Sequence[Check]) -> Optional[int]:
    """0-100: PASS 1, WARN and ERROR 0.5, FAIL 0, INFO not counted; None with nothing graded.

    A check flagged ``not_checked`` (its statement could not run on this server) counts as unknown
    (0.5, as ERROR) but never raises the score: the lower of the score with and without them.
    """
    weights = [SCORE_WEIGHTS[c["status"]] for c in checks if c["status"] in SCORE_WEIGHTS]
    unknown = [0.5 for c in checks if c.get("not_checked")]
    if not weights and not unknown:
        return None
    with_unknown = sum(weights + unknown) / len(weights + unknown)
    return round(100 * (min(with_unknown, sum(weights) / len(weights)) if weights else with_unknown))


def run_diff(previous: Optional[Mapping[str, Any]], checks: Sequence[Check]) -> Dict[str, Any]:
    """What changed since the previous run of the same profile.

    ``new_fail``: FAIL now, not FAIL before (including checks new to this run);
    ``new_warn``: WARN now, PASS/INFO (or absent) before; ``resolved``: FAIL or
    WARN before, PASS or INFO now; ``still_failing``: FAIL both times.
    """
    before: Mapping[str, str] = (previous or {}).get("statuses") or {}
    now = {c["id"]: c["status"] for c in checks}
    bad = (FAIL, WARN)
    good = (PASS, INFO)
    return {
        "previous_run": (previous or {}).get("time"),
        "new_fail": sorted(i for i, s in now.items() if s == FAIL and before.get(i) != FAIL),
        "new_warn": sorted(i for i, s in now.items() if s == WARN and before.get(i, PASS) in good),
        "resolved": sorted(i for i, s in before.items() if s in bad and now.get(i) in good),
        "still_failing": sorted(i for i, s in now.items() if s == FAIL and before.get(i) == FAIL),
    }


def summary_checks(ctx: EvalContext, checks: Sequence[Check], diff: Mapping[str, Any]) -> List[Check]:
    """The score and the diff as INFO checks, so reports show them beside the rest."""
    score = overall_score(checks)
    counts = count_statuses(checks)
    score_detail = ", ".join(f"{s} {counts[s]}" for s in (FAIL, ERROR, WARN, PASS, INFO))
    if diff.get("previous_run"):
        parts = []
        for key, label in (
            ("new_fail", "new FAIL"),
            ("new_warn", "new WARN"),
            ("resolved", "resolved"),
            ("still_failing", "still FAIL"),
        ):
            if diff[key]:
                parts.append(f"{label}: {join_limited(diff[key], 8)}")
        diff_detail = f"since {diff['previous_run']}: " + ("; ".join(parts) if parts else "no change in findings")
        diff_value = len(diff["new_fail"])
    else:
        diff_detail = "first run of this profile: nothing to compare"
        diff_value = None
    return [
        check(
            ctx,
            check_id="score",
            category="summary",
            title="Overall health score",
            title_zh="综合健康评分",
            status=INFO,
            value=score,
            threshold="100 = every check PASS",
            detail=score_detail,
        ),
        Subject(ctx, "changes", "summary", "Changes since the previous run", "与上次检查相比的变化").check(
            INFO, value=diff_value, detail=diff_detail
        ),
    ]
