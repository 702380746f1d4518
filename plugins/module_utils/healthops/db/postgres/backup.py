# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL backup and archiving: WAL archiver failures and the age of the last archived WAL."""

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
    failed = to_float(row.get("failed_count")) or 0.0
    previous_failed = to_float(ctx.remembered("archiver_failed_count"))
    ctx.memory["archiver_failed_count"] = failed
    status, value, detail = archiver_failures(row, failed, previous_failed)
    return [archiver.check(status, value=value, threshold="0 failures", detail=detail), archive_age_check(row, ctx)]


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


def archive_age_check(row: Row, ctx: EvalContext) -> Check:
    age = to_float(row.get("last_archived_age_seconds"))
    archive_age = Subject(ctx, "archive_age", "backup", "Age of the last archived WAL", "最近归档 WAL 时间")
    if age is None:
        return archive_age.check(WARN, unit="h", detail="nothing archived since statistics reset")
    return archive_age.graded(age / 3600, "pg_archive_age", f"last archived {row.get('last_archived_wal')}")
