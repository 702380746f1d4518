# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup and recovery of an Oracle database: the age of the last RMAN backup and failed RMAN jobs.

Role-aware: a physical standby (V$DATABASE.DATABASE_ROLE, REFRN V-DATABASE) whose backups are taken on the
primary records no RMAN job in its own control file (V$RMAN_BACKUP_JOB_DETAILS, REFRN
V-RMAN_BACKUP_JOB_DETAILS), so there both checks are INFO unless the inventory says the standby itself is
backed up (``standby_backups``).
"""

from typing import Container, List, Mapping

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, threshold_text
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, graded, join_limited, to_float
from ansible.module_utils.healthops.db.oracle.base import DB_BACKUP_TYPES, DEFAULT_WINDOW_DAYS, first, upper

ON_PRIMARY = (
    "backups run on the primary: this physical standby records no RMAN job of its own "
    "(set standby_backups: true where the standby is backed up itself)"
)


def _ok_ages(items: List[Row], types: Container[str]) -> List[float]:
    """Hours since the last successful job of each input type in ``types`` that has one."""
    ages = [to_float(r.get("last_ok_age_hours")) for r in items if upper(r.get("input_type")) in types]
    return [a for a in ages if a is not None]


def _backup_age_check(items: List[Row], ctx: EvalContext) -> Check:
    """Age of the last completed database backup; FAIL when none while RMAN is expected."""
    title, title_zh = "Age of the last RMAN database backup", "最近一次 RMAN 数据库备份"
    ages = _ok_ages(items, DB_BACKUP_TYPES)
    arch = _ok_ages(items, ("ARCHIVELOG",))
    arch_text = f"; last archive log backup {min(arch):.1f} h ago" if arch else "; no archive log backup recorded"
    if ages:
        detail = f"completed database backup {min(ages):.1f} h ago{arch_text}"
        return graded(ctx, "backup_age", "backup", title, title_zh, min(ages), "backup_age", detail)
    same = Subject(ctx, "backup_age", "backup", title, title_zh)
    if ctx.options.get("rman_expected", True):
        spec = ctx.thresholds["backup_age"]
        return same.check(
            status=FAIL,
            threshold=threshold_text(spec.get("warn"), spec.get("fail"), True, "h"),
            unit="h",
            detail="no completed RMAN database backup in the control file (V$RMAN_BACKUP_JOB_DETAILS); "
            "if backups are taken another way set rman_expected: false",
        )
    return same.check(
        status=INFO, unit="h", detail="RMAN backups not expected on this database (rman_expected: false)" + arch_text
    )


def _rman_failures_check(items: List[Row], ctx: EvalContext) -> Check:
    failed = sum(int(to_float(r.get("failed_jobs")) or 0) for r in items)
    failed_parts = [
        f"{r.get('input_type')} x{int(to_float(r.get('failed_jobs')) or 0)}, last {r.get('last_failed_start')}"
        for r in items
        if (to_float(r.get("failed_jobs")) or 0) > 0
    ]
    failures = Subject(ctx, "rman_failures", "backup", "Failed RMAN jobs", "失败的 RMAN 作业")
    detail = (
        join_limited(failed_parts, 6)
        if failed
        else f"none in the last {ctx.options.get('window_days', DEFAULT_WINDOW_DAYS)} d"
    )
    return failures.check(WARN if failed else PASS, value=failed, threshold="0", detail=detail)


def _on_primary(ctx: EvalContext) -> List[Check]:
    age = Subject(ctx, "backup_age", "backup", "Age of the last RMAN database backup", "最近一次 RMAN 数据库备份")
    failures = Subject(ctx, "rman_failures", "backup", "Failed RMAN jobs", "失败的 RMAN 作业")
    return [age.check(INFO, unit="h", detail=ON_PRIMARY), failures.check(INFO, detail=ON_PRIMARY)]


def ev_rman(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    role = upper(first(rows.get("instance") or []).get("database_role"))
    if role == "PHYSICAL STANDBY" and not ctx.options.get("standby_backups", False):
        return _on_primary(ctx)
    items = rows["rman_jobs"]
    return [_backup_age_check(items, ctx), _rman_failures_check(items, ctx)]
