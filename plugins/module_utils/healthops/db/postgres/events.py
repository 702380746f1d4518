# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL events since the previous run: deadlocks, temporary files, data checksum failures, standby
query conflicts.

The counters of pg_stat_database add up since statistics were reset; what matters is what happened
since the last look, so they are taken per interval between runs (healthops.db.postgres.stats).
"""

from typing import List, Mapping

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_bytes, to_float
from ansible.module_utils.healthops.db.postgres.base import first_row
from ansible.module_utils.healthops.db.postgres.stats import interval_counters, stats_began


def ev_database_events(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """A checksum failure ever counted is FAIL (damaged data); a deadlock since the previous run is WARN
    (on a first run, those since the reset are only told); temporary files are told."""
    row = first_row(rows["database_events"])
    names = ("deadlocks", "temp_files", "temp_bytes", "checksum_failures")
    current = {name: to_float(row.get(name)) or 0.0 for name in names}
    counted, taken = interval_counters(ctx, "database_events", current, stats_began(ctx, row))
    period = taken or "since statistics reset"
    subject = Subject(ctx, "database_events", "integrity", "Deadlocks, temporary files, checksum failures",
                      "死锁、临时文件与校验和错误")  # fmt: skip
    detail = (
        f"{counted['deadlocks']:.0f} deadlock(s), {counted['temp_files']:.0f} temporary file(s) "
        f"({fmt_bytes(counted['temp_bytes'])}) {period}"
    )
    status = WARN if counted["deadlocks"] and taken == "since the previous run" else PASS
    if row.get("checksum_failures") is not None:
        detail += f"; {current['checksum_failures']:.0f} data checksum failure(s) since statistics reset"
        status = FAIL if current["checksum_failures"] else status
    return [subject.check(status, value=counted["deadlocks"], threshold="0 deadlocks", detail=detail)]


CONFLICTS = ("tablespace", "lock", "snapshot", "bufferpin", "deadlock", "logical_slot")


def ev_standby_conflicts(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Queries cancelled on a standby since the previous run are WARN (replay needed what they held: raise
    max_standby_streaming_delay or set hot_standby_feedback); on a first run those since the reset are told."""
    row = first_row(rows["standby_conflicts"])
    current = {name: to_float(row.get(name)) or 0.0 for name in CONFLICTS}
    counted, taken = interval_counters(ctx, "standby_conflicts", current, stats_began(ctx, row))
    total = sum(counted.values())
    period = taken or "since statistics reset"
    subject = Subject(ctx, "standby_conflicts", "availability", "Standby query conflicts", "备库查询冲突")
    parts = ", ".join(f"{counted[name]:.0f} {name}" for name in CONFLICTS if counted[name])
    detail = f"{total:.0f} query(ies) cancelled by recovery conflicts {period}" + (f" ({parts})" if parts else "")
    if not row.get("in_recovery"):
        detail += " (a primary: conflicts happen on standbys)"
    status = WARN if total and taken == "since the previous run" else PASS
    return [subject.check(status, value=total, threshold="0 conflicts", detail=detail)]
