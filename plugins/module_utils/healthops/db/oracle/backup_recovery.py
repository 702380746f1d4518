# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup and recovery of an Oracle database: the age of the last RMAN backup and failed RMAN jobs."""

from typing import List, Mapping

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, threshold_text
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, check, graded, join_limited, to_float
from ansible.module_utils.healthops.db.oracle.base import DB_BACKUP_TYPES, DEFAULT_WINDOW_DAYS, upper


def ev_rman(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["rman_jobs"]
    expected = ctx.options.get("rman_expected", True)
    title, title_zh = "Age of the last RMAN database backup", "最近一次 RMAN 数据库备份"
    ages = [to_float(r.get("last_ok_age_hours")) for r in items if upper(r.get("input_type")) in DB_BACKUP_TYPES]
    ages = [a for a in ages if a is not None]
    arch = [to_float(r.get("last_ok_age_hours")) for r in items if upper(r.get("input_type")) == "ARCHIVELOG"]
    arch = [a for a in arch if a is not None]
    arch_text = f"; last archive log backup {min(arch):.1f} h ago" if arch else "; no archive log backup recorded"
    checks = []
    if ages:
        checks.append(
            graded(
                ctx,
                "backup_age",
                "backup",
                title,
                title_zh,
                min(ages),
                "backup_age",
                f"completed database backup {min(ages):.1f} h ago{arch_text}",
            )
        )
    elif expected:
        spec = ctx.thresholds["backup_age"]
        checks.append(
            check(
                ctx,
                check_id="backup_age",
                category="backup",
                title=title,
                title_zh=title_zh,
                status=FAIL,
                threshold=threshold_text(spec.get("warn"), spec.get("fail"), True, "h"),
                unit="h",
                detail="no completed RMAN database backup in the control file (V$RMAN_BACKUP_JOB_DETAILS); "
                "if backups are taken another way set rman_expected: false",
            )
        )
    else:
        checks.append(
            check(
                ctx,
                check_id="backup_age",
                category="backup",
                title=title,
                title_zh=title_zh,
                status=INFO,
                unit="h",
                detail="RMAN backups not expected on this database (rman_expected: false)" + arch_text,
            )
        )
    failed = sum(int(to_float(r.get("failed_jobs")) or 0) for r in items)
    failed_parts = [
        f"{r.get('input_type')} x{int(to_float(r.get('failed_jobs')) or 0)}, last {r.get('last_failed_start')}"
        for r in items
        if (to_float(r.get("failed_jobs")) or 0) > 0
    ]
    checks.append(
        check(
            ctx,
            check_id="rman_failures",
            category="backup",
            title="Failed RMAN jobs",
            title_zh="失败的 RMAN 作业",
            status=WARN if failed else PASS,
            value=failed,
            threshold="0",
            detail=join_limited(failed_parts, 6)
            if failed
            else f"none in the last {ctx.options.get('window_days', DEFAULT_WINDOW_DAYS)} d",
        )
    )
    return checks
