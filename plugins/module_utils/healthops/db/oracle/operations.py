# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day-to-day operation of an Oracle database: ORA- errors in the alert log since the last run, password
expiry, failed and broken scheduler jobs.
"""

from typing import Any, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, grade, threshold_text, worst
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, join_limited, to_float
from ansible.module_utils.healthops.db.oracle.base import (
    CRITICAL_ORA,
    DEFAULT_WINDOW_DAYS,
    as_int,
    first,
    upper,
    version_number,
)


def _coverage(info: Row, where: Row) -> Tuple[str, bool]:
    """What the alert-log view covered here (containers, instance), and whether that is the whole database."""
    instance = f"instance {info.get('instance_name')} on {info.get('host_name')}"
    if upper(where.get("cluster_database")) == "TRUE":
        instance = f"instance {info.get('instance_name')} only (RAC: each instance keeps its own alert log, probe each)"
    con_id = as_int(where, "con_id")
    if upper(where.get("cdb")) != "YES":
        return f"covered: the database, {instance}", True
    if con_id <= 1:
        return f"covered: all containers (read in CDB$ROOT, CON_ID per error), {instance}", True
    return (
        f"covered: PDB {where.get('con_name')} only, {instance}; errors logged in CDB$ROOT (ORA-00600, ORA-04031, "
        "ORA-00257) are not visible from a PDB: probe the root with a common user",
        False,
    )


def _no_alert_view(ctx: EvalContext, subject: Subject, info: Row, items: List[Row]) -> Check:
    """11.2: no V$DIAG_ALERT_EXT; say where the text alert log lies (V$DIAG_INFO 'Diag Trace')."""
    trace = next((str(r.get("diag_trace")) for r in items if r.get("diag_trace")), "")
    where = f"{trace}/alert_{info.get('instance_name')}.log" if trace else "the Diag Trace directory (V$DIAG_INFO)"
    return subject.check(
        INFO,
        detail=f"not read: {info.get('version')} has no V$DIAG_ALERT_EXT (12.1 and later); "
        f"check the text alert log {where} on the host",
    )


def ev_alert_log(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    alert_log = Subject(
        ctx, "alert_log", "logs", "ORA- errors in the alert log since the last run", "告警日志 ORA- 错误"
    )
    since = ctx.options.get("alert_since")
    info = first(rows["instance"])
    if info.get("db_time"):
        ctx.memory["alert_since"] = info.get("db_time")
    if version_number(info.get("version")) and version_number(info.get("version")) < 120100:
        return [_no_alert_view(ctx, alert_log, info, rows["alert_log"])]
    covered, whole = _coverage(info, first(rows.get("container") or []))
    items = [r for r in rows["alert_log"] if r.get("error_code")]
    if not items:
        status = PASS if whole else INFO
        return [alert_log.check(status, value=0, threshold="0", detail=f"no ORA- error since {since}; {covered}")]
    total = sum(int(to_float(r.get("occurrences")) or 0) for r in items)
    critical = [r for r in items if upper(r.get("error_code")) in CRITICAL_ORA]
    ordered = critical + [r for r in items if r not in critical]
    parts = []
    for row in ordered:
        code = upper(row.get("error_code"))
        meaning = f" {CRITICAL_ORA[code]}" if code in CRITICAL_ORA else ""
        where = f" in container {as_int(row, 'con_id')}" if as_int(row, "con_id") > 1 else ""
        parts.append(
            f"{code}{meaning}{where} x{as_int(row, 'occurrences')} (last {str(row.get('last_seen') or '')[:19]})"
        )
    detail = f"since {since}: " + join_limited(parts, 8) + f"; see the alert log and trace files; {covered}"
    return [alert_log.check(FAIL if critical else WARN, value=total, threshold="0", detail=detail)]


def _life_days(profile_life: Any, default_life: Any) -> Optional[float]:
    """PASSWORD_LIFE_TIME in days; DEFAULT resolves to the DEFAULT profile; UNLIMITED is None."""
    value = str(profile_life or "DEFAULT").strip().upper()
    if value == "DEFAULT":
        value = str(default_life or "UNLIMITED").strip().upper()
    return to_float(value)


def ev_password_expiry(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Open and grace accounts: password age as a share of the profile's lifetime; EXPIRED is a FAIL."""
    spec = ctx.thresholds["password_age"]
    findings: List[Tuple[int, str]] = []
    statuses = []
    unlimited = 0
    checked = 0
    for row in rows["password_expiry"]:
        account = upper(row.get("account_status"))
        if "LOCKED" in account:
            continue
        checked += 1
        name = row.get("username")
        if account.startswith("EXPIRED") and "GRACE" not in account:
            statuses.append(FAIL)
            findings.append((3, f"{name} EXPIRED"))
            continue
        life = _life_days(row.get("profile_life"), row.get("default_life"))
        days_left = to_float(row.get("days_left"))
        if life is None or days_left is None:
            unlimited += 1
            continue
        age_pct = 100.0 * (life - days_left) / life if life > 0 else 100.0
        status = grade(age_pct, spec.get("warn"), spec.get("fail"))
        if "GRACE" in account and status == PASS:
            status = WARN
        statuses.append(status)
        if status != PASS:
            findings.append(
                (
                    2 if status == FAIL else 1,
                    f"{name} {account} expires in {days_left:.0f} d ({age_pct:.0f}% of {life:g} d)",
                )
            )
    findings.sort(key=lambda f: -f[0])
    status = worst(statuses) if statuses else PASS
    detail = join_limited((f[1] for f in findings), 8) if findings else f"{checked} open account(s) checked"
    if unlimited:
        detail += f"; {unlimited} account(s) without password expiry"
    expiry = Subject(ctx, "password_expiry", "security", "Password expiry of accounts", "账户口令到期")
    threshold = threshold_text(spec.get("warn"), spec.get("fail"), True, "%")
    return [expiry.check(status, value=len(findings), threshold=threshold, detail=detail)]


def ev_scheduler(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Scheduler job runs that failed since the previous run (its server time, as the alert log), broken jobs."""
    failures, broken = rows["scheduler_failures"], rows["scheduler_broken"]
    total = sum(int(to_float(r.get("failures")) or 0) for r in failures)
    parts = [f"{r.get('owner')}.{r.get('job_name')} BROKEN after {r.get('failure_count')} failures" for r in broken]
    parts += [
        f"{r.get('owner')}.{r.get('job_name')} failed x{as_int(r, 'failures')}, "
        f"last {r.get('last_failure')} ORA-{as_int(r, 'last_error'):05d}"
        for r in failures
    ]
    status = FAIL if broken else (WARN if failures else PASS)
    since = ctx.options.get("alert_since") or f"the last {DEFAULT_WINDOW_DAYS} d"
    detail = join_limited(parts, 8) if parts else "none"
    jobs = Subject(ctx, "scheduler_jobs", "jobs", "Failed scheduler jobs", "失败的调度作业")
    return [jobs.check(status, value=total + len(broken), threshold="0", detail=f"failed runs since {since}: {detail}")]


def ev_dbms_jobs(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """DBMS_JOB jobs (DBA_JOBS, up to 18c): BROKEN is FAIL (it no longer runs), failing ones WARN."""
    jobs = Subject(ctx, "dbms_jobs", "jobs", "Broken or failing DBMS_JOB jobs", "损坏或失败的 DBMS_JOB 作业")
    items = rows["legacy_jobs"]
    broken = [r for r in items if upper(r.get("broken")) == "Y"]
    parts = [
        f"job {r.get('job')} of {r.get('owner')} "
        + ("BROKEN" if r in broken else "failing")
        + f" after {as_int(r, 'failures')} failures (last run {r.get('last_date') or 'never'}): "
        + " ".join(str(r.get("what") or "").split())[:50]
        for r in items
    ]
    status = FAIL if broken else (WARN if items else PASS)
    detail = join_limited(parts, 8) if parts else "no broken or failing DBMS_JOB job"
    return [jobs.check(status, value=len(items), threshold="0", detail=detail)]
