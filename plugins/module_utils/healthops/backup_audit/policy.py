# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup policy an audit judges against: its keys, defaults and validation. Pure, Python >= 3.6.

The policy lives in inventory (``backup_audit_policy``, per system, group or host); what it leaves
out comes from ``DEFAULT_POLICY``. Validation names the variable and key, so a bad policy stops the
run before any host is read.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List

__metaclass__ = type

# Hours and days as numbers; the comments say what each one bounds.
DEFAULT_POLICY = {
    "schedule": True,  # a timer (or cron entry) must exist and be enabled
    "last_success_warn_hours": 26.0,  # age of the last fully successful run
    "last_success_fail_hours": 48.0,
    "period_days": 30.0,  # window for failed runs and the size/duration trends
    "failed_runs_warn": 1,  # failed runs in the period
    "failed_runs_fail": 3,
    "size_change_warn_percent": 50.0,  # newest set against the median of the period
    "duration_change_warn_percent": 100.0,
    "second_copy": True,  # a copy on separate storage (the storage host)
    "second_copy_warn_hours": 26.0,  # age of the newest good copy there
    "second_copy_fail_hours": 48.0,
    "verify_checksums": True,  # check the newest copy against its manifest
    "offsite": False,  # 3-2-1: the copy at another site (healthops_site of both hosts)
    "three_two_one": True,  # three copies of the data on two separate storages, one off-site or off-line
    "offline": False,  # an off-line copy (media declared in backup_audit_offline_copies) is required
    "offline_max_age_days": 31.0,  # age of the newest declared off-line copy
    "retention_local_days": 7.0,  # at least this long, declared
    "retention_offline_days": 30.0,
    "space_next_backups": 3,  # room at both ends for this many more sets at the current growth
    "restore_test_required": True,
    "restore_test_max_age_days": 365.0,
    "rpo_hours": 26.0,  # the most data a loss may cost: longest gap between good sets
    "max_file_mode": "0640",  # no permission bit outside it on a backup file
    "encryption": False,  # the backup files must be encrypted
    "rman_recovery_window_days": 7.0,  # Oracle: RECOVERY WINDOW at least this (or REDUNDANCY >= 2)
    "rman_controlfile_autobackup": True,
    "rman_archivelog_deletion_policy": True,  # not NONE: archived logs deleted only once backed up
}  # type: Dict[str, Any]

BOOL_KEYS = (
    "schedule",
    "second_copy",
    "verify_checksums",
    "offsite",
    "three_two_one",
    "offline",
    "restore_test_required",
    "encryption",
    "rman_controlfile_autobackup",
    "rman_archivelog_deletion_policy",
)
INT_KEYS = ("failed_runs_warn", "failed_runs_fail", "space_next_backups")
# Pairs whose WARN limit must not exceed the FAIL limit.
ORDERED = (
    ("last_success_warn_hours", "last_success_fail_hours"),
    ("failed_runs_warn", "failed_runs_fail"),
    ("second_copy_warn_hours", "second_copy_fail_hours"),
)


def _number_error(name: str, key: str, value: Any, integer: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        kind = "a whole number" if integer else "a number"
        return "%s.%s must be %s, got %r" % (name, key, kind, value)
    if value < 0:
        return "%s.%s must not be negative, got %r" % (name, key, value)
    return ""


def _key_error(name: str, key: str, value: Any) -> str:
    if key in BOOL_KEYS:
        return "" if isinstance(value, bool) else "%s.%s must be true or false, got %r" % (name, key, value)
    if key == "max_file_mode":
        text = str(value)
        ok = isinstance(value, str) and len(text) == 4 and text[0] == "0" and all(c in "01234567" for c in text)
        return "" if ok else "%s.%s must be an octal mode such as '0640', got %r" % (name, key, value)
    return _number_error(name, key, value, key in INT_KEYS)


def validate_policy(policy: Any, name: str = "backup_audit_policy") -> List[str]:
    """Messages for everything wrong with ``policy`` (empty when it is good), each naming the key."""
    if not isinstance(policy, dict):
        return ["%s must be a mapping, got %s" % (name, type(policy).__name__)]
    errors = []
    for key in sorted(policy):
        if key not in DEFAULT_POLICY:
            errors.append("%s.%s is not a policy key (known: %s)" % (name, key, ", ".join(sorted(DEFAULT_POLICY))))
            continue
        error = _key_error(name, key, policy[key])
        if error:
            errors.append(error)
    if errors:
        return errors
    merged = merge_policy(policy)
    for warn, fail in ORDERED:
        if merged[warn] > merged[fail]:
            errors.append("%s.%s (%s) is above %s (%s)" % (name, warn, merged[warn], fail, merged[fail]))
    return errors


def merge_policy(policy: Any) -> Dict[str, Any]:
    """``DEFAULT_POLICY`` with the inventory's keys over it."""
    merged = dict(DEFAULT_POLICY)
    merged.update(policy or {})
    return merged
