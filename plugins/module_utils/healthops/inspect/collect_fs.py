# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: the file system probe, reading mounts, fstab and statvfs through a HostIO.

Each collector takes the running Inspection (parameters, thresholds, skips, state) and returns its checks.
"""

from __future__ import absolute_import, division, print_function

from ansible.module_utils.healthops.inspect.base import (
    DEFAULT_FS_TYPES_EXCLUDE,
    DEFAULT_TMPFS_MOUNTS,
    NETWORK_FS_TYPES,
    error_check,
    is_skipped,
)
from ansible.module_utils.healthops.inspect.fs import (
    eval_days_to_full,
    eval_fstab_mounted,
    eval_inodes,
    eval_readonly,
    eval_space,
    parse_fstab,
    parse_mounts,
    select_mounts,
    visible_mounts,
)

__metaclass__ = type


def filesystems(run):
    text = run.read("/proc/self/mounts") or run.io.read("/proc/mounts")
    mounts = parse_mounts(text)
    fstab_text = run.read("/etc/fstab")
    fstab = parse_fstab(fstab_text) if fstab_text is not None else None
    # A file bind-mounted into a container (/etc/hosts, /etc/resolv.conf) is not a file system
    # to watch. Network mounts are not stat'ed here: a hung server would stall the probe.
    directories = [
        m
        for m in mounts
        if m["fstype"] in NETWORK_FS_TYPES or m["fstype"].startswith("fuse.") or run.io.isdir(m["mount"])
    ]
    selected = select_mounts(
        directories,
        run.p.get("fs_types_exclude") if run.p.get("fs_types_exclude") is not None else DEFAULT_FS_TYPES_EXCLUDE,
        run.p.get("fs_tmpfs_mounts") if run.p.get("fs_tmpfs_mounts") is not None else DEFAULT_TMPFS_MOUNTS,
        run.p.get("fs_mounts_exclude") or [],
    )
    prev = run.prev_part("fs")
    checks = []
    for mount in selected:
        point = mount["mount"]
        if all(is_skipped("%s:%s" % (b, point), run.skip) for b in ("fs.space", "fs.inodes", "fs.days_to_full")):
            continue
        network = mount["fstype"] in NETWORK_FS_TYPES or mount["fstype"].startswith("fuse.")
        try:
            st = run.io.statvfs(point, run.timeout if network else None)
        except OSError as exc:
            why = "%s (%s on %s): %s" % (point, mount["fstype"], mount["device"], exc.strerror or exc)
            checks.extend(error_check("%s:%s" % (b, point), why) for b in ("fs.space", "fs.inodes"))
            checks.append(error_check("fs.days_to_full:" + point, why))
            if point in prev:
                run.state["fs"][point] = prev[point]
            continue
        checks.append(eval_space(point, st, run.th))
        checks.append(eval_inodes(point, st, run.th))
        check, sample = eval_days_to_full(point, st, run.th, prev.get(point), run.now)
        checks.append(check)
        run.state["fs"][point] = sample
    visible = visible_mounts(mounts)
    checks.append(eval_readonly(visible, fstab or []))
    checks.append(eval_fstab_mounted(fstab, visible))
    return checks
