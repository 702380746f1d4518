# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One database host's backup audit: every check, then a summary for the written review. Pure.

``audit_host(policy, read, stored, restore, context)``: ``policy`` as in inventory (merged over
policy.DEFAULT_POLICY here), ``read`` from collect.read_database, ``stored`` the storage host's
read for this host (or None), ``restore`` the newest restore test on record (or None),
``context`` ``{"host", "site", "storage_host", "storage_site"}``. Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.copies import (
    offline_check,
    offsite_check,
    pruning_checks,
    restore_test_check,
    retention_checks,
    second_copy_checks,
    three_two_one_check,
)
from ansible.module_utils.healthops.backup_audit.local import (
    check,
    encryption_check,
    failed_runs_check,
    last_success_check,
    permission_check,
    schedule_check,
    space_check,
    trend_checks,
)
from ansible.module_utils.healthops.backup_audit.policy import DEFAULT_POLICY, merge_policy
from ansible.module_utils.healthops.backup_audit.rman_config import parse_show_all, rman_checks
from ansible.module_utils.healthops.backup_audit.rpo import rpo_check
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, count_statuses, worst

__metaclass__ = type


def audit_host(
    policy: Any,
    read: Dict[str, Any],
    stored: Optional[Dict[str, Any]] = None,
    restore: Optional[Dict[str, Any]] = None,
    context: Optional[Dict[str, Any]] = None,
) -> List[Dict[str, Any]]:
    declared = policy or {}
    policy = merge_policy(policy)
    context = context or {}
    if read.get("error"):
        return [check("backup_audit.read", "Backup audit read", "备份审计数据读取", ERROR, detail=read["error"])]
    checks = [
        policy_check(policy, declared),
        schedule_check(policy, read),
        last_success_check(policy, read),
        failed_runs_check(policy, read),
    ]
    checks += trend_checks(policy, read)
    checks += second_copy_checks(policy, read, stored, context)
    checks.append(offsite_check(policy, context))
    checks.append(offline_check(policy, read, context))
    checks.append(three_two_one_check(policy, read, stored, context))
    checks += retention_checks(policy, read, stored)
    checks += pruning_checks(read, stored)
    checks.append(space_check(policy, read))
    if stored and not stored.get("error"):
        remote = {"space": stored.get("space"), "sets": [s for s in stored.get("sets") or [] if s.get("good")]}
        # The other database hosts' copies grow on the same file system.
        shared = {
            host: [s for s in (other or {}).get("sets") or [] if s.get("good")]
            for host, other in (stored.get("neighbours") or {}).items()
        }
        checks.append(space_check(policy, remote, "backup_audit.space.offline", "storage host", shared))
    checks.append(restore_test_check(policy, read, restore))
    checks.append(rpo_check(policy, read, stored))
    checks.append(permission_check(policy, read))
    if stored and not stored.get("error"):
        checks.append(permission_check(policy, stored, "backup_audit.permissions.offline", "storage host"))
    show_all = read.get("rman_show_all")
    rman_encryption = parse_show_all(show_all)["encryption"] if show_all else None
    checks.append(encryption_check(policy, read, rman_encryption))
    if read.get("engine") == "oracle":
        checks += rman_checks(show_all, policy)
    checks.append(summary_check(checks))
    return checks


def policy_check(policy: Dict[str, Any], declared: Dict[str, Any]) -> Dict[str, Any]:
    """The strategy the backups were judged against, in one line for the written review (INFO)."""
    yes = {True: "yes", False: "no"}
    parts = [
        "RPO <= %g h" % policy["rpo_hours"],
        "last success <= %g/%g h" % (policy["last_success_warn_hours"], policy["last_success_fail_hours"]),
        "second copy %s, <= %g/%g h, checksums %s"
        % (
            yes[policy["second_copy"]],
            policy["second_copy_warn_hours"],
            policy["second_copy_fail_hours"],
            yes[policy["verify_checksums"]],
        ),
        "3-2-1 %s, off-site %s, off-line %s (<= %g d)"
        % (
            yes[policy["three_two_one"]],
            yes[policy["offsite"]],
            yes[policy["offline"]],
            policy["offline_max_age_days"],
        ),
        "retention >= %g d here, >= %g d there" % (policy["retention_local_days"], policy["retention_offline_days"]),
        "space for %d more sets" % policy["space_next_backups"],
        "restore test %s, every %g d" % (yes[policy["restore_test_required"]], policy["restore_test_max_age_days"]),
        "file mode <= %s, encryption %s" % (policy["max_file_mode"], yes[policy["encryption"]]),
        "period %g d" % policy["period_days"],
    ]
    changed = sorted(k for k in declared if k in DEFAULT_POLICY and declared[k] != DEFAULT_POLICY[k])
    detail = "; ".join(parts) + ". Set by inventory: %s" % (", ".join(changed) or "nothing (the defaults)")
    return check("backup_audit.policy", "Backup policy audited against", "审查依据的备份策略", INFO, detail=detail)


def summary_check(checks: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The host's conclusion for the written review: counts, and what needs action first."""
    counts = count_statuses(checks)
    overall = worst(c["status"] for c in checks)
    action = [c for c in checks if c["status"] in (FAIL, ERROR, WARN)]
    action.sort(key=lambda c: {FAIL: 0, ERROR: 1, WARN: 2}[c["status"]])
    head = "%d checks: %d FAIL, %d ERROR, %d WARN, %d PASS, %d INFO" % (
        len(checks),
        counts[FAIL],
        counts[ERROR],
        counts[WARN],
        counts[PASS],
        counts[INFO],
    )
    if action:
        detail = head + ". To act on: " + "; ".join("%s %s" % (c["status"], c["title"]) for c in action)
    else:
        detail = head + ". The backups meet the policy."
    return check(
        "backup_audit.summary", "Backup policy audit summary", "备份策略审计结论", INFO, value=overall, detail=detail
    )
