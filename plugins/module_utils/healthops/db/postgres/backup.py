# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL backup and archiving: WAL archiver failures and the backlog of WAL waiting to be archived.

Not the age of the last archived WAL: a fresh or quiet primary archives nothing for hours, and a
standby with archive_mode=on never archives (only ``always`` does), with nothing wrong.
"""

from typing import List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_seconds, to_float
from ansible.module_utils.healthops.db.postgres.base import first_row

TITLE, TITLE_ZH = "WAL archiving", "WAL 归档"


def ev_archiver(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = first_row(rows["archiver"])
    archiver = Subject(ctx, "archiver", "backup", TITLE, TITLE_ZH)
    mode = str(row.get("archive_mode") or "off")
    if mode == "off":
        detail = "archive_mode is off: no WAL archive (point-in-time recovery is not possible)"
        return [archiver.check(INFO, detail=detail)]
    if row.get("in_recovery") and mode != "always":
        detail = f"standby with archive_mode={mode}: it archives only with archive_mode=always (the primary archives)"
        return [archiver.check(INFO, detail=detail)]
    failed = to_float(row.get("failed_count")) or 0.0
    previous_failed = to_float(ctx.remembered("archiver_failed_count"))
    ctx.memory["archiver_failed_count"] = failed
    status, value, detail = archiver_failures(row, failed, previous_failed)
    return [archiver.check(status, value=value, threshold="0 failures", detail=detail)]


def ev_archive_backlog(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """WAL segments waiting to be archived (.ready in pg_wal/archive_status): a failing or slow archiver
    fills pg_wal with them until the disk is full."""
    archiver = first_row(rows["archiver"])
    backlog = Subject(ctx, "archive_backlog", "backup", "WAL waiting to be archived", "待归档 WAL 积压")
    mode = str(archiver.get("archive_mode") or "off")
    if mode == "off" or (archiver.get("in_recovery") and mode != "always"):
        return [backlog.check(INFO, unit="segments", detail=f"no archiving here (archive_mode={mode})")]
    row = first_row(rows["archive_status"])
    ready = to_float(row.get("ready")) or 0.0
    if not ready:
        return [backlog.nothing_found("pg_archive_backlog", unit="segments", value=0, detail="no WAL waiting")]
    oldest = fmt_seconds(to_float(row.get("oldest_ready_seconds")))
    detail = f"{ready:.0f} WAL segment(s) of {row.get('wal_segment_size')} waiting, the oldest for {oldest}"
    return [backlog.graded(ready, "pg_archive_backlog", detail)]


def archiver_failures(row: Row, failed: float, previous_failed: Optional[float]) -> Tuple[str, float, str]:
    """Status, value and detail of the archiver check: failing now, failed since the previous run, or fine."""
    if row.get("failing_now"):
        return (
            FAIL,
            failed,
            f"archive_command is failing: last failed WAL {row.get('last_failed_wal')} "
            f"{fmt_seconds(to_float(row.get('last_failed_age_seconds')))} ago, after the last success",
        )
    if previous_failed is not None and failed > previous_failed:
        return (
            WARN,
            failed - previous_failed,
            f"{failed - previous_failed:.0f} archive failure(s) since the previous run, since recovered",
        )
    return (
        PASS,
        failed,
        f"{to_float(row.get('archived_count')) or 0:.0f} WAL archived, {failed:.0f} failures since statistics reset",
    )
