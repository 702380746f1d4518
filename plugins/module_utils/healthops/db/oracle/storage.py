# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Storage under the tablespaces: ASM disk groups (usable free space against their redundancy, offline disks)
and the number of data files against DB_FILES.
"""

from typing import List, Mapping, Optional

from ansible.module_utils.healthops.common.result import FAIL, INFO, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_bytes, pct, to_float
from ansible.module_utils.healthops.db.oracle.base import as_int, first, upper

MB = 1024.0**2
# Copies of each extent per V$ASM_DISKGROUP.TYPE (REFRN V-ASM_DISKGROUP). A FLEX or EXTENDED disk group sets
# redundancy per file group; two copies (their default) is assumed there, and the detail says so.
COPIES = {"EXTERN": 1, "NORMAL": 2, "HIGH": 3}
ASSUMED_COPIES = 2
# STATE as a database instance sees its disk groups: CONNECTED (in use) or MOUNTED; BROKEN lost its ASM instance.
USABLE_STATES = ("CONNECTED", "MOUNTED")


def _usable_capacity(row: Row) -> Optional[float]:
    """MB the disk group can hold once the space kept to restore redundancy is set aside."""
    total = to_float(row.get("total_mb"))
    if not total:
        return None
    required = to_float(row.get("required_mirror_free_mb")) or 0.0
    return (total - required) / COPIES.get(upper(row.get("type")), ASSUMED_COPIES)


def _diskgroup(row: Row, ctx: EvalContext) -> Check:
    name = str(row.get("name"))
    group = Subject(ctx, f"asm_diskgroup.{name}", "capacity", f"ASM disk group {name}", f"ASM 磁盘组 {name}")
    kind, state = upper(row.get("type")), upper(row.get("state"))
    offline = as_int(row, "offline_disks")
    usable, capacity = to_float(row.get("usable_file_mb")), _usable_capacity(row)
    copies = "" if kind in COPIES else f" (redundancy {kind or '?'}: {ASSUMED_COPIES} copies assumed)"
    detail = (
        f"{kind} redundancy{copies}, {state}: usable free {fmt_bytes(None if usable is None else usable * MB)} of "
        f"{fmt_bytes(None if capacity is None else capacity * MB)} usable "
        f"(free {fmt_bytes((to_float(row.get('free_mb')) or 0) * MB)} raw, "
        f"{fmt_bytes((to_float(row.get('required_mirror_free_mb')) or 0) * MB)} kept to restore redundancy)"
    )
    if offline:
        detail = f"{offline} disk(s) OFFLINE, redundancy reduced; " + detail
        return group.check(FAIL, value=offline, threshold="0", unit="disks", detail=detail)
    if state not in USABLE_STATES:
        return group.check(FAIL if state == "BROKEN" else WARN, unit="%", detail=detail)
    if usable is None or not capacity:
        return group.check(INFO, unit="%", detail="no size figures: " + detail)
    if usable < 0:
        # USABLE_FILE_MB below zero: after a disk failure ASM cannot restore full redundancy.
        return group.check(FAIL, value=100.0, unit="%", detail="USABLE_FILE_MB is negative: " + detail)
    return group.graded(100.0 - (pct(usable, capacity) or 0.0), "oracle_asm_diskgroup", detail)


def ev_asm(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Each ASM disk group this instance uses; none at all (files on a file system) is INFO."""
    checks = [_diskgroup(row, ctx) for row in rows["asm_diskgroups"]]
    if not checks:
        none = Subject(ctx, "asm_diskgroup", "capacity", "ASM disk groups", "ASM 磁盘组")
        checks.append(none.check(INFO, unit="%", detail="no ASM disk group in use (data files on a file system)"))
    return checks


def ev_db_files(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Data files against DB_FILES, the most the instance opens: a tablespace cannot grow by a file beyond it."""
    row = first(rows["db_files"])
    files, limit = to_float(row.get("datafiles")), to_float(row.get("db_files"))
    same = Subject(ctx, "db_files", "capacity", "Data files of DB_FILES", "数据文件数占 DB_FILES")
    if files is None or not limit:
        return [same.check(INFO, unit="%", detail="DB_FILES not readable")]
    detail = f"{files:.0f} data files of DB_FILES {limit:.0f}; raising DB_FILES needs a restart"
    return [same.graded(pct(files, limit), "oracle_db_files", detail)]
