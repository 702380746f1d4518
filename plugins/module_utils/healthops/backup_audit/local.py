# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's checks of what a database host holds: schedule, runs, trends, space, files. Pure.

Each function takes the policy (merged, policy.merge_policy) and what collect.read_database read,
and returns checks; a finding that needs action says what to do ("Recommendation: ...").
Python >= 3.6: the module runs it on the database hosts' interpreters too.
"""

from __future__ import absolute_import, division, print_function

import os
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.trends import (
    DAY,
    HOUR,
    change_percent,
    human_bytes,
    in_period,
    next_sets_bytes,
    parse_iso,
)
from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    WARN,
    grade,
    make_check,
    threshold_text,
)

__metaclass__ = type

CATEGORY = "backup_audit"
# File names the audit accepts as encrypted (gpg, age, openssl enc output).
ENCRYPTED_SUFFIXES = (".gpg", ".pgp", ".age", ".enc")
# The two ends of the backups, as the Chinese titles name them.
WHERE_ZH = {"database host": "数据库主机", "storage host": "存储主机"}


def check(
    check_id: str,
    title: str,
    title_zh: str,
    status: str,
    value: Any = None,
    threshold: Any = None,
    unit: str = "",
    detail: str = "",
    advice: str = "",
) -> Dict[str, Any]:
    """One audit check (``check_id`` in full, so the advice catalogue's test reads it from the call);
    ``advice`` is added to the detail as the recommendation when the status needs action."""
    if advice and status in (WARN, FAIL, ERROR):
        detail = ("%s. Recommendation: %s" % (detail.rstrip(". "), advice)) if detail else "Recommendation: " + advice
    return make_check(check_id, CATEGORY, title, title_zh, status, value, threshold, unit, detail)


def schedule_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    sched = read.get("schedule") or {}
    kind = sched.get("kind") or "none"
    title, zh = "Backup schedule", "备份计划"
    if not policy["schedule"]:
        return check(
            "backup_audit.schedule", title, zh, INFO, kind, None, detail="the policy does not ask for a schedule"
        )
    advice = "enable it again: systemctl enable --now healthops-db-backup.timer (or run playbooks/backup.yml)"
    if kind == "none":
        return check(
            "backup_audit.schedule",
            title,
            zh,
            FAIL,
            "none",
            "enabled",
            detail="no timer and no cron entry",
            advice=advice,
        )
    if not sched.get("enabled") or (kind == "systemd" and not sched.get("active")):
        state = "%s, %s" % (
            "enabled" if sched.get("enabled") else "disabled",
            "active" if sched.get("active") else "inactive",
        )
        detail = "the %s schedule is %s: no backup will run" % (kind, state)
        return check("backup_audit.schedule", title, zh, FAIL, state, "enabled", detail=detail, advice=advice)
    detail = sched.get("detail") or ""
    return check("backup_audit.schedule", title, zh, PASS, "enabled", "enabled", detail=detail)


def last_success_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    status = read.get("status") or {}
    title, zh = "Last successful backup", "最近一次成功备份"
    threshold = threshold_text(policy["last_success_warn_hours"], policy["last_success_fail_hours"], unit="h")
    when = parse_iso(status.get("last_success"))
    if when is None:
        detail = "no successful run on record" + (": " + status["message"] if status.get("message") else "")
        return check(
            "backup_audit.last_success",
            title,
            zh,
            FAIL,
            None,
            threshold,
            "h",
            detail,
            "run the backup and read its message",
        )
    age = round((read["now"] - when) / HOUR, 1)
    result = grade(age, policy["last_success_warn_hours"], policy["last_success_fail_hours"])
    detail = "%s (set %s); last run %s" % (
        status.get("last_success"),
        status.get("last_success_set"),
        status.get("status"),
    )
    return check(
        "backup_audit.last_success",
        title,
        zh,
        result,
        age,
        threshold,
        "h",
        detail,
        "find out why no backup succeeded since",
    )


def failed_runs_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    start = read["now"] - policy["period_days"] * DAY
    runs = [r for r in read.get("runs") or [] if (r.get("time") or 0) >= start]
    failed = [r for r in runs if r.get("status") != "success"]
    status = read.get("status") or {}
    if not runs and status.get("status") == "failed":
        failed = [{"set": status.get("set"), "message": status.get("message")}]
    title, zh = "Failed backup runs (%g days)" % policy["period_days"], "备份失败次数（%g 天）" % policy["period_days"]
    threshold = threshold_text(policy["failed_runs_warn"], policy["failed_runs_fail"])
    result = grade(len(failed), policy["failed_runs_warn"], policy["failed_runs_fail"])
    detail = "%d run(s) on record, %d failed" % (max(len(runs), len(failed)), len(failed))
    if failed:
        detail += ": " + "; ".join("%s %s" % (r.get("set") or "?", (r.get("message") or "")[:120]) for r in failed[:3])
    return check(
        "backup_audit.failed_runs",
        title,
        zh,
        result,
        len(failed),
        threshold,
        "",
        detail,
        "read the job's journal and fix the cause",
    )


def trend_checks(policy: Dict[str, Any], read: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Size and duration of the newest good set against the median of the period's others."""
    sets = in_period(read.get("sets") or [], read["now"], policy["period_days"])
    checks = []
    for item_id, key, limit, title, zh in (
        (
            "backup_audit.size_trend",
            "size_bytes",
            policy["size_change_warn_percent"],
            "Backup size trend",
            "备份大小趋势",
        ),
        (
            "backup_audit.duration_trend",
            "duration_seconds",
            policy["duration_change_warn_percent"],
            "Backup duration trend",
            "备份耗时趋势",
        ),
    ):
        unit = "%"
        if len(sets) < 2:
            checks.append(
                check(
                    item_id,
                    title,
                    zh,
                    INFO,
                    None,
                    None,
                    unit,
                    "%d good set(s) in the period: no trend yet" % len(sets),
                )
            )
            continue
        change = change_percent(sets[0].get(key), [s.get(key) for s in sets[1:]])
        values = [s.get(key) for s in sets]
        shown = [human_bytes(v) for v in values[:5]] if key == "size_bytes" else ["%ss" % v for v in values[:5]]
        detail = "newest first: %s (%d sets)" % (", ".join(shown), len(sets))
        result = INFO if change is None else (WARN if abs(change) > limit else PASS)
        advice = "check that every database is still dumped and nothing unexpected grew or shrank"
        checks.append(check(item_id, title, zh, result, change, "<=%g%% change" % limit, unit, detail, advice))
    return checks


def space_check(
    policy: Dict[str, Any],
    read: Dict[str, Any],
    check_id: str = "backup_audit.space.local",
    where: str = "database host",
    shared: Optional[Dict[str, List[Dict[str, Any]]]] = None,
) -> Dict[str, Any]:
    """Room on the backup file system for the next N sets at the current growth.

    ``shared``: the good sets of the other database hosts whose copies share the file system (the
    storage host's root): their next N sets need room there too.
    """
    count = policy["space_next_backups"]
    space = read.get("space") or {}
    title = "Space for the next %d backups (%s)" % (count, where)
    zh = "备份空间余量（%s，后续 %d 次）" % (WHERE_ZH.get(where, where), count)
    need = next_sets_bytes(read.get("sets") or [], count)
    others = [next_sets_bytes(sets, count) for sets in (shared or {}).values() if sets]
    others = [n for n in others if n]
    if need is not None and others:
        need += sum(others)
    free = space.get("free_bytes")
    if free is None or need is None:
        return check(
            check_id,
            title,
            zh,
            INFO,
            None,
            None,
            "",
            "space or set sizes not known: %s" % (space.get("error") or "no sets"),
        )
    ratio = round(free / need, 2) if need else None
    result = PASS if free >= 2 * need else (WARN if free >= need else FAIL)
    detail = "%s free on %s; the next %d sets need about %s" % (
        human_bytes(free),
        space.get("path"),
        count,
        human_bytes(need),
    )
    if others:
        detail += " (with those of %d other host(s) sharing it, %s)" % (len(others), human_bytes(sum(others)))
    return check(
        check_id,
        title,
        zh,
        result,
        ratio,
        ">=2x / >=1x",
        "x",
        detail,
        "free space or grow the file system before it fills",
    )


def permission_check(
    policy: Dict[str, Any],
    read: Dict[str, Any],
    check_id: str = "backup_audit.permissions",
    where: str = "database host",
) -> Dict[str, Any]:
    """No backup file (of the newest good set on this side) with a permission bit outside the policy's mode."""
    allowed = int(policy["max_file_mode"], 8)
    files = [f for f in read.get("files") or [] if f.get("kind") == "file"]
    title, zh = "Backup file permissions (%s)" % where, "备份文件权限（%s）" % WHERE_ZH.get(where, where)
    if not files:
        return check(check_id, title, zh, INFO, None, policy["max_file_mode"], "", "no set to look at")
    loose = [f for f in files if int(f.get("mode") or 0) & ~allowed & 0o7777]
    if not loose:
        detail = "%d file(s) within %s" % (len(files), policy["max_file_mode"])
        return check(check_id, title, zh, PASS, 0, policy["max_file_mode"], "", detail)
    names = ", ".join("%s %04o" % (f.get("path"), int(f["mode"]) & 0o7777) for f in loose[:5])
    advice = "chmod %s the files and check the %s's umask" % (
        policy["max_file_mode"],
        "job" if where == "database host" else "receiver",
    )
    return check(
        check_id, title, zh, FAIL, len(loose), policy["max_file_mode"], "", "beyond the policy: " + names, advice
    )


def encryption_check(policy: Dict[str, Any], read: Dict[str, Any], rman_encryption: Any) -> Dict[str, Any]:
    files = [f for f in read.get("files") or [] if f.get("kind") == "file"]
    data = [f for f in files if os.path.basename(str(f.get("path"))) not in ("backup.json", "MANIFEST.sha256")]
    plain = [f["path"] for f in data if not str(f.get("path")).lower().endswith(ENCRYPTED_SUFFIXES)]
    encrypted = rman_encryption is True or (bool(data) and not plain)
    title, zh = "Backup encryption", "备份加密"
    value = "encrypted" if encrypted else "not encrypted"
    if not policy["encryption"]:
        return check(
            "backup_audit.encryption", title, zh, INFO, value, None, "", "the policy does not ask for encryption"
        )
    if encrypted:
        return check("backup_audit.encryption", title, zh, PASS, value, "encrypted")
    detail = "not encrypted: %s" % ", ".join(plain[:5]) if plain else "no backup files to judge"
    advice = "encrypt the dumps (RMAN: CONFIGURE ENCRYPTION FOR DATABASE ON)"
    return check("backup_audit.encryption", title, zh, FAIL, value, "encrypted", "", detail, advice)
