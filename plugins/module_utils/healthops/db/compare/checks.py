# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions of db_compare (pure): the result model's check per compared table (a table's comparison
result from :func:`healthops.db.compare.engine.compare_tables` -> ERROR, FAIL naming the differing keys,
INFO for rows changed after the backup only, or PASS); the options' minimums; the TLS report and its
check; the ERROR check of a comparison that failed; the summary.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, make_check
from ansible.module_utils.healthops.db.scrub import scrub_secrets
from ansible.module_utils.healthops.db.tls import tls_error_cause, tls_status

__metaclass__ = type


def table_check(result: Dict[str, Any], label: str = "", shown: int = 10) -> Dict[str, Any]:
    """One check of the result model per compared table."""
    name = "%s.%s" % (label, result["name"]) if label else result["name"]
    status, value, detail = table_outcome(result, shown)
    return make_check(
        check_id="db_compare:%s" % name,
        category="consistency",
        title="Consistency of %s" % name,
        title_zh="数据一致性 %s" % name,
        status=status,
        value=value,
        threshold="0",
        unit="rows",
        detail=detail,
    )


def table_outcome(result: Dict[str, Any], shown: int) -> Tuple[str, Any, str]:
    """Status, value and detail of a table's check: ERROR, FAIL naming the keys, INFO for later changes only, PASS."""
    if result.get("error"):
        return ERROR, None, result["error"]
    counts = "rows source %s, target %s" % (result.get("rows_source"), result.get("rows_target"))
    noun = "row" if result.get("strategy") == "rowhash" else "key"
    parts = []
    for kind, words in (
        ("missing_in_target", "missing in target"),
        ("extra_in_target", "extra in target"),
        ("changed", "changed"),
    ):
        total = result.get(kind + "_total", 0)
        if total:
            parts.append("%d %s (%s %s)" % (total, words, noun, shown_keys(result[kind], total, shown)))
    later = result.get("later_changes_total", 0)
    later_text = ""
    if later:
        later_text = "%d changed after the backup per %s (key %s)" % (
            later,
            result.get("change_column", "change column"),
            shown_keys(result["later_changes"], later, shown),
        )
    mismatches = result.get("mismatches", 0)
    if mismatches:
        return FAIL, mismatches, "; ".join(parts + ([later_text] if later_text else [])) + "; " + counts
    if later:
        return INFO, 0, later_text + "; " + counts
    return PASS, 0, "identical; " + counts


def shown_keys(keys: List[Any], total: int, shown: int) -> str:
    """The first ``shown`` keys, with an ellipsis when there are more."""
    more = " …" if total > min(shown, len(keys)) else ""
    return ", ".join(str(k) for k in keys[:shown]) + more


# The module's numeric options and the least each may be (max_keys 0: list no key).
OPTION_MINIMUMS = (
    ("max_keys", 0),
    ("leaf_rows", 1),
    ("bisection_factor", 1),
    ("connect_timeout", 1),
    ("statement_timeout", 1),
)


def option_error(params: Dict[str, Any]) -> Optional[str]:
    """The message for the first numeric option below its minimum, or None."""
    for name, least in OPTION_MINIMUMS:
        if params[name] < least:
            return "%s must be at least %d, got %d" % (name, least, params[name])
    return None


def tls_report(plans: Dict[str, Any], sides: List[Any]) -> Dict[str, Dict[str, Any]]:
    """How each PostgreSQL side is protected: mode, verified, CA and the words the report uses."""
    report = {}
    for side in sides:
        plan = plans.get(side.label)
        if plan is None:
            continue
        pgconn = getattr(side.conn, "pgconn", None)
        in_use = bool(getattr(pgconn, "ssl_in_use", False)) if pgconn is not None else None
        status, detail = tls_status(plan, in_use, None)
        report[side.label] = {
            "ssl_mode": plan.ssl_mode,
            "verified": plan.verified,
            "ca": plan.ca or None,
            "status": status,
            "detail": detail,
        }
    return report


def tls_checks(report: Dict[str, Dict[str, Any]], label: str) -> List[Dict[str, Any]]:
    """One WARN check when a side is not verified (an explicit opt-out); nothing when both are."""
    weak = ["%s: %s" % (side, item["detail"]) for side, item in sorted(report.items()) if item["status"] == WARN]
    if not weak:
        return []
    return [
        make_check(
            check_id="db_compare.tls:%s" % (label or "connection"),
            category="security",
            title="TLS to the databases compared",
            title_zh="比对连接的加密与证书验证",
            status=WARN,
            value=", ".join(sorted({report[s]["ssl_mode"] for s in report})),
            threshold="verify-full",
            unit="",
            detail="; ".join(weak),
        )
    ]


def error_detail(label: str, exc: BaseException, secrets: List[str]) -> str:
    """What went wrong, passwords scrubbed, a TLS cause named first, at most 600 characters of the message."""
    where = "%s: " % label if label else ""
    message = " ".join(scrub_secrets(str(exc), secrets).split())
    cause = tls_error_cause(message)
    if cause:
        message = "%s (%s)" % (cause, message)
    return "%s%s: %s" % (where, type(exc).__name__, scrub_secrets(message, secrets)[:600])


def error_check(label: str, detail: str) -> Dict[str, Any]:
    """The one ERROR check of a comparison that did not get through."""
    return make_check(
        check_id="db_compare:%s" % (label or "connection"),
        category="consistency",
        title="Database comparison",
        title_zh="数据一致性比对",
        status=ERROR,
        value=None,
        threshold="0",
        unit="rows",
        detail=detail,
    )


def comparison_summary(tables: List[Dict[str, Any]], failed: bool) -> Dict[str, int]:
    """Counts over the compared tables; ``failed``: the comparison itself ended in an error."""
    return {
        "tables": len(tables),
        "equal": sum(1 for t in tables if t["equal"]),
        "mismatches": sum(t["mismatches"] for t in tables),
        "later_changes": sum(t["later_changes_total"] for t in tables),
        "errors": sum(1 for t in tables if t["error"]) + (1 if failed else 0),
    }
