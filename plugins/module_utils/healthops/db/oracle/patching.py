# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Patch level of an Oracle database (the notices' "database vulnerability fixes") against a required baseline.

The level is the newest patch applied and not rolled back, as healthops.db.oracle.sql reads it: the
TARGET_VERSION of DBA_REGISTRY_SQLPATCH from 18c (``19.21.0.0.0``), VERSION.BUNDLE_ID on 12.1 and 12.2
(``12.1.0.2.221018``), VERSION.ID of DBA_REGISTRY_HISTORY on 11.2 (``11.2.0.4.201020``). The baseline
(``required_patch_level``) maps a release (``19``, ``12.2``, ``11.2``) to the lowest acceptable level; levels
compare number by number.
"""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject
from ansible.module_utils.healthops.db.levels import at_least, level_tuple
from ansible.module_utils.healthops.db.oracle.base import first, upper, version_number


def required_for(baseline: Mapping[str, Any], version: int) -> Tuple[Optional[str], str]:
    """The baseline entry for this release ('12.2' before '12'), and the key looked up."""
    major, minor = version // 10000, (version // 100) % 100
    for key in (f"{major}.{minor}", str(major)):
        if baseline.get(key):
            return str(baseline[key]), key
    return None, str(major) if major >= 18 else f"{major}.{minor}"


def current_level(items: List[Row]) -> Tuple[Optional[str], bool]:
    """The highest level applied and not rolled back since (rows in action order), and whether the latest failed."""
    applied: Dict[Any, str] = {}
    for row in items:
        action, pid = upper(row.get("action")), row.get("patch_id")
        if action == "ROLLBACK":
            applied.pop(pid, None)
        elif upper(row.get("status")) in ("", "SUCCESS") and len(level_tuple(row.get("patch_level"))) >= 5:
            applied[pid] = str(row.get("patch_level"))
    latest_failed = bool(items) and upper(items[-1].get("status")) not in ("", "SUCCESS")
    if not applied:
        return None, latest_failed
    return max(applied.values(), key=level_tuple), latest_failed


def ev_patch_level(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    version = version_number(first(rows["instance"]).get("version"))
    subject = Subject(ctx, "patch_level", "security", "Database patch level", "数据库补丁级别")
    level, failed = current_level(rows["patch_level"])
    required, key = required_for(ctx.options.get("required_patch_level") or {}, version)
    shown = level or "no release update or patch set recorded"
    if required is None:
        return [
            subject.check(
                INFO,
                value=level,
                detail=f"{shown}; no required level for {key} in required_patch_level (db_health_required_patch_level)",
            )
        ]
    if level is None or not at_least(level_tuple(level), level_tuple(required)):
        status, verdict = FAIL, f"below the required {required}: apply the current release update"
    else:
        status, verdict = PASS, f"at or above the required {required}"
    if failed and status == PASS:
        status = WARN
        verdict += "; the latest patch action finished WITH ERRORS (see its datapatch log)"
    return [subject.check(status, value=level, threshold=f">={required}", detail=f"{shown}, {verdict}")]
