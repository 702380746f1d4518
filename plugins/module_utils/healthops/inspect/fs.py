# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: file systems (mounts, fstab, space, inodes, days to full, read-only).

Pure functions on recorded text and statvfs-like mappings. Standard library only, Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import fnmatch
import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, threshold_text
from ansible.module_utils.healthops.inspect.base import (
    graded_check,
    human_bytes,
    new_check,
    round_value,
)

__metaclass__ = type

# Below this interval between two samples the growth rate is too noisy; the older sample is kept.
GROWTH_MIN_SECONDS = 3600
# Days to full are reported up to a century; beyond that the figure means "not in practice".
MAX_DAYS = 36500.0
_OCTAL = re.compile(r"\\([0-7]{3})")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _unescape(field: str) -> str:
    """/proc/mounts and fstab write a space as \\040, a tab as \\011 and so on."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> List[Dict[str, Any]]:
    """/proc/mounts (or /proc/self/mounts) -> [{device, mount, fstype, options}] in mount order."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        mounts.append(
            {
                "device": _unescape(fields[0]),
                "mount": _unescape(fields[1]),
                "fstype": fields[2],
                "options": fields[3].split(","),
            }
        )
    return mounts


def parse_fstab(text: str) -> List[Dict[str, Any]]:
    """/etc/fstab -> [{spec, mount, fstype, options}], comments and blank lines skipped."""
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) < 3:
            continue
        options = fields[3].split(",") if len(fields) > 3 else ["defaults"]
        entries.append(
            {"spec": _unescape(fields[0]), "mount": _unescape(fields[1]), "fstype": fields[2], "options": options}
        )
    return entries


def visible_mounts(mounts: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One mount per mount point: the last one, which hides those mounted there before it."""
    by_point = {}  # type: Dict[str, Dict[str, Any]]
    for mount in mounts:
        by_point.pop(mount["mount"], None)
        by_point[mount["mount"]] = mount
    return list(by_point.values())


def select_mounts(
    mounts: List[Dict[str, Any]],
    types_exclude: List[str],
    tmpfs_mounts: List[str],
    mounts_exclude: List[str],
) -> List[Dict[str, Any]]:
    """The mounts to inspect: one per mount point (the last, visible one), pseudo file systems out.

    tmpfs is kept only at the mount points of ``tmpfs_mounts``; overlay only as ``/`` (a container's root);
    ``mounts_exclude`` holds glob patterns of mount points to leave out. A block device mounted at several
    points (bind mounts) is inspected once, at its shortest mount point; btrfs subvolumes are all kept.
    """
    by_point = {}  # type: Dict[str, Dict[str, Any]]
    for mount in mounts:
        point, fstype = mount["mount"], mount["fstype"]
        if not point.startswith("/"):
            continue
        if fstype == "tmpfs":
            if point not in tmpfs_mounts:
                continue
        elif fstype in types_exclude and not (fstype == "overlay" and point == "/"):
            continue
        if any(fnmatch.fnmatchcase(point, pattern) for pattern in mounts_exclude):
            continue
        by_point.pop(point, None)  # a later mount over the same point hides the earlier one
        by_point[point] = mount
    chosen = {}  # type: Dict[Tuple[str, str], Dict[str, Any]]
    result = []
    for mount in by_point.values():
        if not mount["device"].startswith("/dev/") or mount["fstype"] == "btrfs":  # btrfs subvolumes stay
            result.append(mount)
            continue
        key = (mount["device"], mount["fstype"])
        if key not in chosen or len(mount["mount"]) < len(chosen[key]["mount"]):
            chosen[key] = mount
    result.extend(chosen.values())
    order = {m["mount"]: i for i, m in enumerate(mounts)}
    return sorted(result, key=lambda m: order[m["mount"]])


def statvfs_to_dict(st: Any) -> Dict[str, int]:
    """os.statvfs_result (or any object with the f_* attributes) -> a plain mapping."""
    return {
        "frsize": st.f_frsize or st.f_bsize,
        "blocks": st.f_blocks,
        "bfree": st.f_bfree,
        "bavail": st.f_bavail,
        "files": st.f_files,
        "ffree": st.f_ffree,
    }


def space_figures(st: Dict[str, int]) -> Tuple[int, int, int]:
    """(size, used, available to non-root) in bytes."""
    frsize = st["frsize"] or 1
    size = st["blocks"] * frsize
    used = (st["blocks"] - st["bfree"]) * frsize
    avail = st["bavail"] * frsize
    return size, used, avail


def eval_space(point: str, st: Dict[str, int], thresholds: Dict[str, Any]) -> Dict[str, Any]:
    check_id = "fs.space:" + point
    size, used, avail = space_figures(st)
    if st["blocks"] <= 0 or used + avail <= 0:
        return new_check(check_id, INFO, None, None, "%", "file system reports a size of 0 bytes (nothing to grade)")
    # df's formula: the root-reserved blocks count neither as used nor as available.
    percent = used * 100.0 / (used + avail)
    detail = "%s used of %s, %s available" % (human_bytes(used), human_bytes(size), human_bytes(avail))
    return graded_check(check_id, round_value(percent), thresholds, detail)


def eval_inodes(point: str, st: Dict[str, int], thresholds: Dict[str, Any]) -> Dict[str, Any]:
    check_id = "fs.inodes:" + point
    files, ffree = st["files"], st["ffree"]
    if files <= 0:
        return new_check(
            check_id,
            INFO,
            None,
            None,
            "%",
            "file system has no fixed inode table (e.g. btrfs, vfat, some network file systems)",
        )
    used = files - ffree
    detail = "%d of %d inodes used, %d free" % (used, files, ffree)
    return graded_check(check_id, round_value(used * 100.0 / files), thresholds, detail)


def eval_days_to_full(
    point: str,
    st: Dict[str, int],
    thresholds: Dict[str, Any],
    prev: Optional[Dict[str, Any]],
    now: float,
) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """Days until full at the growth rate since the previous sample -> (check, state entry to keep).

    The state entry is {"used": bytes, "time": epoch}. A sample newer than GROWTH_MIN_SECONDS does not
    replace the previous one, so quick re-runs do not turn a temporary file into an alarming rate.
    """
    check_id = "fs.days_to_full:" + point
    _size, used, avail = space_figures(st)
    sample = {"used": used, "time": now}
    th = thresholds["fs_days_to_full"]
    limit = threshold_text(th.get("warn"), th.get("fail"), th.get("higher_is_worse", False), th.get("unit", "d"))
    if st["blocks"] <= 0:
        return new_check(check_id, INFO, None, limit, "d", "file system reports a size of 0 bytes"), sample
    prev_used, prev_time = None, None
    if isinstance(prev, dict):
        prev_used, prev_time = prev.get("used"), prev.get("time")
    if not _is_number(prev_used) or not _is_number(prev_time) or prev_time > now:
        return new_check(
            check_id, INFO, None, limit, "d", "first sample recorded; growth is known from the next run"
        ), sample
    elapsed = now - prev_time
    if elapsed < GROWTH_MIN_SECONDS:
        detail = "previous sample only %d s old; kept it as the baseline" % elapsed
        return new_check(check_id, INFO, None, limit, "d", detail), dict(prev)
    growth = used - prev_used
    per_day = growth * 86400.0 / elapsed
    span = "%s%s in %.1f d" % ("+" if growth >= 0 else "-", human_bytes(abs(growth)), elapsed / 86400.0)
    if per_day <= 0:
        return new_check(check_id, PASS, None, limit, "d", "not growing (%s)" % span), sample
    days = min(avail / per_day, MAX_DAYS)
    detail = "%s available, growing %s/day (%s)" % (human_bytes(avail), human_bytes(per_day), span)
    return graded_check(check_id, round_value(days), thresholds, detail), sample


def eval_readonly(mounts: List[Dict[str, Any]], fstab: List[Dict[str, Any]]) -> Dict[str, Any]:
    """FAIL for each mount that is ro although expected rw: ``/`` or an fstab entry without ``ro``."""
    fstab_by_point = {e["mount"]: e for e in fstab}
    bad, intended = [], []
    for mount in mounts:
        if "ro" not in mount["options"]:
            continue
        entry = fstab_by_point.get(mount["mount"])
        if mount["mount"] == "/" and not (entry and "ro" in entry["options"]):
            bad.append("/ (root file system is read-only)")
        elif entry is not None and "ro" not in entry["options"]:
            bad.append("%s (fstab says %s)" % (mount["mount"], ",".join(entry["options"])))
        else:
            intended.append(mount["mount"])
    if bad:
        return new_check("fs.readonly", FAIL, len(bad), "0", "", "read-only, expected rw: " + "; ".join(bad))
    detail = "no file system unexpectedly read-only"
    if intended:
        detail += "; read-only by configuration: " + ", ".join(intended)
    return new_check("fs.readonly", PASS, 0, "0", "", detail)


def eval_fstab_mounted(fstab: Optional[List[Dict[str, Any]]], mounts: List[Dict[str, Any]]) -> Dict[str, Any]:
    """FAIL when a file system of fstab that should be mounted at boot is not mounted."""
    if fstab is None:
        return new_check("fs.fstab_mounted", INFO, None, None, "", "/etc/fstab not found")
    mounted = {m["mount"] for m in mounts}
    wanted = []
    for entry in fstab:
        point = entry["mount"]
        if not point.startswith("/") or entry["fstype"] in ("swap", "none") or "noauto" in entry["options"]:
            continue
        wanted.append(point.rstrip("/") or "/")
    missing = [p for p in wanted if p not in mounted]
    if not wanted:
        return new_check("fs.fstab_mounted", INFO, 0, None, "", "no file system to mount in /etc/fstab")
    if missing:
        return new_check("fs.fstab_mounted", FAIL, len(missing), "0", "", "not mounted: " + ", ".join(missing))
    return new_check("fs.fstab_mounted", PASS, 0, "0", "", "all %d fstab file systems mounted" % len(wanted))
