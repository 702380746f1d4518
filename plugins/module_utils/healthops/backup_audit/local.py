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


# An argument of Item's call left out: the item's own value.
SAME = object()


def check(
    check_id: str,
    title: str,
    title_zh: str,
    status: str,
    *,
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


class Item:
    """One audit item: its id (in full), titles, unit, threshold and advice, given once; each outcome
    is a call naming its status and what differs, by keyword:
    ``item(FAIL, value=age, detail="...")`` (``threshold``/``advice``/``unit`` override the item's)."""

    def __init__(
        self, check_id: str, title: str, title_zh: str, unit: str = "", threshold: Any = None, advice: str = ""
    ) -> None:
        self.check_id = check_id
        self.title = title
        self.title_zh = title_zh
        self.unit = unit
        self.threshold = threshold
        self.advice = advice

    def __call__(
        self,
        status: str,
        *,
        value: Any = None,
        detail: str = "",
        threshold: Any = SAME,
        advice: Any = SAME,
        unit: Any = SAME,
    ) -> Dict[str, Any]:
        return check(
            self.check_id,
            self.title,
            self.title_zh,
            status,
            value=value,
            threshold=self.threshold if threshold is SAME else threshold,
            unit=self.unit if unit is SAME else unit,
            detail=detail,
            advice=self.advice if advice is SAME else advice,
        )


def schedule_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    sched = read.get("schedule") or {}
    kind = sched.get("kind") or "none"
    item = Item(
        "backup_audit.schedule",
        "Backup schedule",
        "备份计划",
        threshold="enabled",
        advice="enable it again: systemctl enable --now healthops-db-backup.timer (or run playbooks/backup.yml)",
    )
    if not policy["schedule"]:
        return item(INFO, value=kind, threshold=None, detail="the policy does not ask for a schedule")
    if kind == "none":
        return item(FAIL, value="none", detail="no timer and no cron entry")
    if not sched.get("enabled") or (kind == "systemd" and not sched.get("active")):
        state = "%s, %s" % (
            "enabled" if sched.get("enabled") else "disabled",
            "active" if sched.get("active") else "inactive",
        )
        return item(FAIL, value=state, detail="the %s schedule is %s: no backup will run" % (kind, state))
    return item(PASS, value="enabled", detail=sched.get("detail") or "")


def last_success_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    status = read.get("status") or {}
    item = Item(
        "backup_audit.last_success",
        "Last successful backup",
        "最近一次成功备份",
        unit="h",
        threshold=threshold_text(policy["last_success_warn_hours"], policy["last_success_fail_hours"], unit="h"),
        advice="find out why no backup succeeded since",
    )
    when = parse_iso(status.get("last_success"))
    if when is None:
        detail = "no successful run on record" + (": " + status["message"] if status.get("message") else "")
        return item(FAIL, detail=detail, advice="run the backup and read its message")
    age = round((read["now"] - when) / HOUR, 1)
    result = grade(age, policy["last_success_warn_hours"], policy["last_success_fail_hours"])
    detail = "%s (set %s); last run %s" % (
        status.get("last_success"),
        status.get("last_success_set"),
        status.get("status"),
    )
    return item(result, value=age, detail=detail)


def failed_runs_check(policy: Dict[str, Any], read: Dict[str, Any]) -> Dict[str, Any]:
    start = read["now"] - policy["period_days"] * DAY
    runs = [r for r in read.get("runs") or [] if (r.get("time") or 0) >= start]
    failed = [r for r in runs if r.get("status") != "success"]
    status = read.get("status") or {}
    if not runs and status.get("status") == "failed":
        failed = [{"set": status.get("set"), "message": status.get("message")}]
    item = Item(
        "backup_audit.failed_runs",
        "Failed backup runs (%g days)" % policy["period_days"],
        "备份失败次数（%g 天）" % policy["period_days"],
        threshold=threshold_text(policy["failed_runs_warn"], policy["failed_runs_fail"]),
        advice="read the job's journal and fix the cause",
    )
    detail = "%d run(s) on record, %d failed" % (max(len(runs), len(failed)), len(failed))
    if failed:
        detail += ": " + "; ".join("%s %s" % (r.get("set") or "?", (r.get("message") or "")[:120]) for r in failed[:3])
    result = grade(len(failed), policy["failed_runs_warn"], policy["failed_runs_fail"])
    return item(result, value=len(failed), detail=detail)


def trend_checks(policy: Dict[str, Any], read: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Size and duration of the newest good set against the median of the period's others."""
    sets = in_period(read.get("sets") or [], read["now"], policy["period_days"])
    advice = "check that every database is still dumped and nothing unexpected grew or shrank"
    checks = []
    for item, key, limit in (
        (
            Item("backup_audit.size_trend", "Backup size trend", "备份大小趋势", "%", advice=advice),
            "size_bytes",
            policy["size_change_warn_percent"],
        ),
        (
            Item("backup_audit.duration_trend", "Backup duration trend", "备份耗时趋势", "%", advice=advice),
            "duration_seconds",
            policy["duration_change_warn_percent"],
        ),
    ):
        if len(sets) < 2:
            checks.append(item(INFO, detail="%d good set(s) in the period: no trend yet" % len(sets)))
            continue
        change = change_percent(sets[0].get(key), [s.get(key) for s in sets[1:]])
        values = [s.get(key) for s in sets]
        shown = [human_bytes(v) for v in values[:5]] if key == "size_bytes" else ["%ss" % v for v in values[:5]]
        detail = "newest first: %s (%d sets)" % (", ".join(shown), len(sets))
        result = INFO if change is None else (WARN if abs(change) > limit else PASS)
        checks.append(item(result, value=change, threshold="<=%g%% change" % limit, detail=detail))
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
    item = Item(
        check_id,
        "Space for the next %d backups (%s)" % (count, where),
        "备份空间余量（%s，后续 %d 次）" % (WHERE_ZH.get(where, where), count),
        advice="free space or grow the file system before it fills",
    )
    need = next_sets_bytes(read.get("sets") or [], count)
    others = [next_sets_bytes(sets, count) for sets in (shared or {}).values() if sets]
    others = [n for n in others if n]
    if need is not None and others:
        need += sum(others)
    free = space.get("free_bytes")
    if free is None or need is None:
        return item(INFO, detail="space or set sizes not known: %s" % (space.get("error") or "no sets"))
    result = PASS if free >= 2 * need else (WARN if free >= need else FAIL)
    detail = "%s free on %s; the next %d sets need about %s" % (
        human_bytes(free),
        space.get("path"),
        count,
        human_bytes(need),
    )
    if others:
        detail += " (with those of %d other host(s) sharing it, %s)" % (len(others), human_bytes(sum(others)))
    ratio = round(free / need, 2) if need else None
    return item(result, value=ratio, threshold=">=2x / >=1x", unit="x", detail=detail)


def permission_check(
    policy: Dict[str, Any],
    read: Dict[str, Any],
    check_id: str = "backup_audit.permissions",
    where: str = "database host",
) -> Dict[str, Any]:
    """No backup file (of the newest good set on this side) with a permission bit outside the policy's mode."""
    allowed = int(policy["max_file_mode"], 8)
    files = [f for f in read.get("files") or [] if f.get("kind") == "file"]
    item = Item(
        check_id,
        "Backup file permissions (%s)" % where,
        "备份文件权限（%s）" % WHERE_ZH.get(where, where),
        threshold=policy["max_file_mode"],
        advice="chmod %s the files and check the %s's umask"
        % (policy["max_file_mode"], "job" if where == "database host" else "receiver"),
    )
    if not files:
        return item(INFO, detail="no set to look at")
    loose = [f for f in files if int(f.get("mode") or 0) & ~allowed & 0o7777]
    if not loose:
        return item(PASS, value=0, detail="%d file(s) within %s" % (len(files), policy["max_file_mode"]))
    names = ", ".join("%s %04o" % (f.get("path"), int(f["mode"]) & 0o7777) for f in loose[:5])
    return item(FAIL, value=len(loose), detail="beyond the policy: " + names)


def encryption_check(policy: Dict[str, Any], read: Dict[str, Any], rman_encryption: Any) -> Dict[str, Any]:
    files = [f for f in read.get("files") or [] if f.get("kind") == "file"]
    data = [f for f in files if os.path.basename(str(f.get("path"))) not in ("backup.json", "MANIFEST.sha256")]
    plain = [f["path"] for f in data if not str(f.get("path")).lower().endswith(ENCRYPTED_SUFFIXES)]
    encrypted = rman_encryption is True or (bool(data) and not plain)
    item = Item(
        "backup_audit.encryption",
        "Backup encryption",
        "备份加密",
        threshold="encrypted",
        advice="encrypt the dumps (RMAN: CONFIGURE ENCRYPTION FOR DATABASE ON)",
    )
    value = "encrypted" if encrypted else "not encrypted"
    if not policy["encryption"]:
        return item(INFO, value=value, threshold=None, detail="the policy does not ask for encryption")
    if encrypted:
        return item(PASS, value=value)
    detail = "not encrypted: %s" % ", ".join(plain[:5]) if plain else "no backup files to judge"
    return item(FAIL, value=value, detail=detail)
