# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore test's decisions (pure): scratch names, what a set restores, free space, and the checks.

Used by the ``db_restore`` module, which keeps the I/O (psql, pg_restore, rman, statvfs) and turns
the check fields returned here into checks of the result model (``make_check(category="backup",
**fields)``). Part of healthops.backup (see sets.py): standard library only, Python >= 3.6;
imports inside the package are relative, so the package also runs installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .layout import human_bytes
from .manifest import describe_problems
from .rman import describe_rman

__metaclass__ = type

PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]{6,40}_$")
# The comment every scratch database is created with; nothing without it is ever dropped.
MARKER = "healthops restore test"

# The result model's status words (healthops.common.result, which this package cannot import:
# the backup job runs without it); make_check refuses any other.
PASS = "PASS"  # noqa: S105 - a status word, not a password
WARN = "WARN"
FAIL = "FAIL"
INFO = "INFO"

Fields = Dict[str, Any]


def prefix_problem(prefix: str) -> Optional[str]:
    """Why ``prefix`` cannot name scratch databases (None when it can)."""
    if PREFIX_RE.match(prefix) and "restore" in prefix:
        return None
    return "scratch_prefix %r must match %s and contain 'restore' (so it cannot be a production database's prefix)" % (
        prefix,
        PREFIX_RE.pattern,
    )


def space_problem(free: int, total: int, need: int, min_free_percent: int) -> Optional[str]:
    """None when restoring ``need`` bytes leaves at least ``min_free_percent`` of the file system free, else why not."""
    keep = total * min_free_percent / 100.0
    if free - need >= keep:
        return None
    return "needs %s, %s free, and %d%% of %s must stay free" % (
        human_bytes(need),
        human_bytes(free),
        min_free_percent,
        human_bytes(total),
    )


def scratch_name(prefix: str, database: str) -> str:
    name = prefix + re.sub(r"[^a-z0-9_]", "_", database.lower())
    return name.encode("utf-8")[:63].decode("utf-8", "ignore")


def restore_tag(set_name: str, when: str) -> str:
    """The comment a scratch database is created with (starts with MARKER)."""
    return "%s %s %s" % (MARKER, set_name, when)


def restore_needs(items: Sequence[Dict[str, Any]], dumps: Dict[str, int], sizes: Dict[str, int]) -> Dict[str, int]:
    """Bytes each database's restore needs: the larger of its dump and the production database.

    A restore is about as big as the live database, without its bloat.
    """
    return {item["name"]: max(dumps[item["name"]], sizes.get(item["name"], 0)) for item in items}


def room_problem(room: Dict[str, Any], item: Dict[str, Any], min_free_percent: int) -> Optional[str]:
    """Why ``item`` cannot be restored for lack of space (None when it can); restores add up."""
    if "error" in room:
        return room["error"]
    need = room["need"][item["name"]]
    why = space_problem(room["free"], room["total"], need, min_free_percent)
    if why:
        return "%s on %s: %s" % (item["name"], room["data_dir"], why)
    room["free"] -= need  # the scratch databases stay until the comparison is done
    return None


def restorable_items(meta: Dict[str, Any], wanted: Optional[Sequence[str]]) -> Tuple[List[Dict[str, Any]], List[str]]:
    """The set's databases that were dumped successfully (only ``wanted`` ones when given), and unknown names."""
    items = [i for i in meta.get("items", []) if i.get("kind") == "database" and i.get("status") == "success"]
    if not wanted:
        return items, []
    unknown = sorted(set(wanted) - {i["name"] for i in items})
    return [i for i in items if i["name"] in wanted], unknown


def verify_summary(result: Dict[str, Any]) -> Dict[str, Any]:
    """The module's ``verify`` return: each copy's ``ok``, ``message`` and ``problems``."""
    return {
        k: {"ok": v.get("ok"), "message": v.get("message"), "problems": v.get("problems", [])}
        for k, v in result.items()
        if k in ("local", "offline")
    }


def set_check(result: Dict[str, Any]) -> Optional[Fields]:
    """The ``backup.set`` check (WARN when a newer set failed), None when there is no set."""
    name = result.get("set")
    if not name:
        return None
    meta = result.get("meta") or {}
    newer = result.get("newer_failed") or []
    detail = "set %s started %s, status %s" % (name, meta.get("started", "?"), meta.get("status", "unknown"))
    if newer:
        detail += "; newer incomplete or failed set(s): %s" % ", ".join(newer)
    return {
        "check_id": "backup.set",
        "title": "Backup set checked",
        "title_zh": "校验的备份集",
        "status": WARN if newer else INFO,
        "value": name,
        "detail": detail,
    }


def manifest_check(copy: str, item: Dict[str, Any], title: str, title_zh: str) -> Fields:
    """The ``backup.manifest.<copy>`` check: INFO when the copy was skipped, else PASS or FAIL counting bad files."""
    fields = {
        "check_id": "backup.manifest." + copy,
        "title": title,
        "title_zh": title_zh,
        "detail": item.get("message", ""),
    }
    if item.get("skipped") and item.get("ok"):
        return dict(fields, status=INFO, value=None, threshold="sha256", unit="")
    problems = item.get("problems") or []
    value = len(problems) if problems else (0 if item.get("ok") else None)
    return dict(fields, status=PASS if item.get("ok") else FAIL, value=value, threshold="0", unit="files")


def verify_checks(result: Dict[str, Any]) -> List[Fields]:
    """The set's check and one manifest check per copy."""
    checks = [c for c in (set_check(result),) if c]
    for copy, title, title_zh in (
        ("local", "Backup manifest, local copy", "本地备份完整性校验"),
        ("offline", "Backup manifest, offline copy", "离线备份完整性校验"),
    ):
        checks.append(manifest_check(copy, result.get(copy) or {}, title, title_zh))
    return checks


def restore_check(check_id: str, status: str, detail: str, value: Optional[float] = None, unit: str = "") -> Fields:
    """A ``backup.restore`` check (of the set, or ``:<db>`` of one database)."""
    return {
        "check_id": check_id,
        "title": "Restore test",
        "title_zh": "恢复测试",
        "status": status,
        "value": value,
        "threshold": "success",
        "unit": unit,
        "detail": detail,
    }


def local_copy_refused(local: Dict[str, Any]) -> Fields:
    """The restore check when the local copy failed its manifest check (nothing is restored)."""
    why = "not restored: the local copy failed its manifest check (%s)" % describe_problems(local["problems"])
    return restore_check("backup.restore", FAIL, why)


def restored_check(check_id: str, item: Dict[str, Any], scratch: str, rc: int, err: str, seconds: float) -> Fields:
    """PASS with the seconds a restore took, or FAIL with pg_restore's exit status and message."""
    if rc == 0:
        detail = "%s restored into %s in %.1f s" % (item["file"], scratch, seconds)
        return restore_check(check_id, PASS, detail, value=seconds, unit="s")
    detail = "restore of %s into %s failed (exit %s): %s" % (item["file"], scratch, rc, err)
    return restore_check(check_id, FAIL, detail, unit="s")


def rman_check(status: str, detail: str, value: Optional[float] = None, unit: str = "s") -> Fields:
    """The ``backup.restore`` check of an Oracle set (RMAN RESTORE DATABASE VALIDATE)."""
    return {
        "check_id": "backup.restore",
        "title": "Restore validation (RMAN)",
        "title_zh": "恢复验证",
        "status": status,
        "value": value,
        "threshold": "success",
        "unit": unit,
        "detail": detail,
    }


def rman_outcome(parsed: Dict[str, Any], rc: int, err_tail: str, set_dir: str, seconds: float) -> Fields:
    """PASS with the seconds RMAN took, or FAIL with what its log (or its stderr) says."""
    if parsed["ok"]:
        detail = "RESTORE DATABASE VALIDATE from %s passed in %.1f s" % (set_dir, seconds)
        return rman_check(PASS, detail, value=seconds)
    return rman_check(FAIL, describe_rman(parsed, rc) or err_tail)


def scratch_cleanup_check(dropping: Sequence[str], untagged: Sequence[str], failures: Sequence[str]) -> Fields:
    """The ``backup.scratch`` check: FAIL naming drops that failed, WARN naming untagged matches left alone."""
    status = FAIL if failures else (WARN if untagged else PASS)
    detail = "; ".join(failures) or ("dropped %s" % ", ".join(dropping) if dropping else "no scratch database left")
    if untagged:
        detail += "; left alone (not created by the restore test): %s" % ", ".join(untagged)
    return {
        "check_id": "backup.scratch",
        "title": "Scratch databases removed",
        "title_zh": "临时恢复库清理",
        "status": status,
        "value": len(failures),
        "threshold": "0",
        "unit": "",
        "detail": detail,
    }
