# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluation of ``oracle_probe``: pure functions from catalogue rows to checks.

Each ``ev_*`` function takes ``rows`` (statement name -> list of row dicts with
lower-case column names, as healthops.db.oracle.sql selects them) and an
``EvalContext`` and returns checks. They must cope with what real servers
return: NULLs, no rows, ``UNLIMITED`` limits, autoextend files whose MAXBYTES
is below their size, intervals as text. ``EVALUATORS`` binds them to
statements and profiles; ``ORACLE_THRESHOLDS`` is the threshold catalogue (the
shared defaults of DESIGN.md plus the Oracle-specific ids).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, grade, threshold_text, worst
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.db.common import (
    Check,
    EvalContext,
    Evaluator,
    Row,
    add_sample,
    check,
    days_until_full,
    fmt_bytes,
    fmt_seconds,
    graded,
    growth_per_day,
    join_limited,
    parse_quantity,
    parse_time,
    pct,
    review_parameters,
    to_float,
)

PREFIX = "oracle"

ORACLE_THRESHOLDS: Dict[str, Dict[str, Any]] = {
    "oracle_tablespace": dict(DEFAULT_THRESHOLDS["oracle_tablespace"]),
    "oracle_fra": dict(DEFAULT_THRESHOLDS["oracle_fra"]),
    "resource_limit": dict(DEFAULT_THRESHOLDS["resource_limit"]),
    "password_age": dict(DEFAULT_THRESHOLDS["password_age"]),
    "backup_age": dict(DEFAULT_THRESHOLDS["backup_age"]),
    "oracle_connect_time": {"warn": 1, "fail": 5, "unit": "s", "higher_is_worse": True},
    "oracle_temp": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_undo": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_tablespace_days_to_full": {"warn": 90, "fail": 30, "unit": "d", "higher_is_worse": False},
    "oracle_invalid_objects": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "oracle_blocked": {"warn": 60, "fail": 300, "unit": "s", "higher_is_worse": True},
    "oracle_dataguard_lag": {"warn": 300, "fail": 1800, "unit": "s", "higher_is_worse": True},
    "oracle_redo_switch_interval": {"warn": 10, "fail": 3, "unit": "min", "higher_is_worse": False},
    "oracle_buffer_cache_hit": {"warn": 90, "fail": 80, "unit": "%", "higher_is_worse": False},
    "oracle_library_cache_hit": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    "oracle_dictionary_cache_hit": {"warn": 90, "fail": 85, "unit": "%", "higher_is_worse": False},
    "oracle_soft_parse": {"warn": 90, "fail": 80, "unit": "%", "higher_is_worse": False},
    "oracle_memory_sort": {"warn": 95, "fail": 90, "unit": "%", "higher_is_worse": False},
    "oracle_wait_class": {"warn": 30, "fail": 50, "unit": "%", "higher_is_worse": True},
    "oracle_stale_statistics": {"warn": 10, "fail": 30, "unit": "%", "higher_is_worse": True},
}

# Alert-log errors that are a FAIL wherever they appear; any other ORA- error is a WARN.
CRITICAL_ORA = {
    "ORA-00600": "internal error",
    "ORA-07445": "exception (core dump)",
    "ORA-04031": "shared memory exhausted",
    "ORA-01578": "data block corrupted",
    "ORA-00257": "archiver stuck",
    "ORA-19809": "recovery area limit exceeded",
    "ORA-00020": "maximum number of processes exceeded",
    "ORA-00018": "maximum number of sessions exceeded",
    "ORA-01653": "unable to extend table",
    "ORA-01654": "unable to extend index",
    "ORA-01114": "I/O error writing a data file",
    "ORA-00353": "log corruption",
    "ORA-00312": "online log unavailable",
}
# Wait classes that point at something to fix when they dominate database time.
PROBLEM_WAIT_CLASSES = ("Application", "Concurrency", "Configuration", "Commit", "Cluster", "Network")
STANDBY_ROLES = ("PHYSICAL STANDBY", "LOGICAL STANDBY", "SNAPSHOT STANDBY")
DB_BACKUP_TYPES = ("DB FULL", "DB INCR")
# Without an earlier run, the alert log is read this far back and jobs this many days.
DEFAULT_WINDOW_DAYS = 31
MAX_WINDOW_DAYS = 92


def version_number(text: Any) -> int:
    """'19.0.0.0.0' -> 190000, '11.2.0.4.0' -> 110200; 0 when unreadable."""
    parts = re.findall(r"\d+", str(text or ""))
    if len(parts) < 2:
        return 0
    return int(parts[0]) * 10000 + int(parts[1]) * 100


def _first(rows: List[Row]) -> Row:
    return rows[0] if rows else {}


def _int(row: Row, key: str) -> int:
    """A count column as int, 0 for NULL."""
    return int(to_float(row.get(key)) or 0)


def _upper(value: Any) -> str:
    return str(value or "").strip().upper()


# --------------------------------------------------------------------------- binds from state


def window_days(previous_run: Optional[str], now: dt.datetime) -> int:
    """Days since the previous run (whole, at least 1, at most 92), 31 without one."""
    moment = parse_time(previous_run)
    if moment is None:
        return DEFAULT_WINDOW_DAYS
    days = math.ceil((now - moment).total_seconds() / 86400)
    return int(min(MAX_WINDOW_DAYS, max(1, days)))


def alert_since(remembered: Optional[str], db_time: Optional[str], lookback_days: int = DEFAULT_WINDOW_DAYS) -> str:
    """Alert-log position to read from: the last run's, or ``lookback_days`` before the server's clock."""
    if remembered and parse_time(remembered) is not None:
        return str(remembered)
    base = parse_time(db_time) or dt.datetime.now(dt.timezone.utc)
    since = base - dt.timedelta(days=lookback_days)
    return since.isoformat(timespec="microseconds")


def interval_seconds(text: Any) -> Optional[float]:
    """V$DATAGUARD_STATS values such as '+00 00:05:12' (days hh:mi:ss) in seconds."""
    if text is None:
        return None
    match = re.match(r"^\s*([+-])?(\d+)\s+(\d+):(\d+):(\d+(?:\.\d+)?)\s*$", str(text))
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    days, hours, minutes, seconds = int(match.group(2)), int(match.group(3)), int(match.group(4)), float(match.group(5))
    return sign * (days * 86400 + hours * 3600 + minutes * 60 + seconds)


# --------------------------------------------------------------------------- availability


def ev_instance(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["instance"])
    uptime = to_float(row.get("uptime_seconds"))
    role, mode = _upper(row.get("database_role")), _upper(row.get("open_mode"))
    detail = (
        f"{row.get('db_unique_name') or row.get('db_name')} ({row.get('instance_name')} on {row.get('host_name')}), "
        f"Oracle {row.get('version')}, {role or '?'} {mode or '?'}, {row.get('log_mode') or '?'}, "
        f"started {row.get('startup_time')}"
    )
    checks = [
        check(
            ctx,
            "uptime",
            "availability",
            "Instance uptime",
            "实例运行时间",
            INFO,
            None if uptime is None else uptime / 86400,
            None,
            "d",
            detail,
        )
    ]
    if role == "PRIMARY":
        status = PASS if mode == "READ WRITE" else FAIL
    elif role in STANDBY_ROLES:
        status = PASS
    else:
        status = WARN
    checks.append(
        check(
            ctx,
            "open_mode",
            "availability",
            "Database role and open mode",
            "数据库角色与打开模式",
            status,
            f"{role} {mode}".strip(),
            "PRIMARY READ WRITE or a standby",
            "",
            "",
        )
    )
    if _upper(row.get("log_mode")) == "NOARCHIVELOG" and role == "PRIMARY":
        checks.append(
            check(
                ctx,
                "archivelog_mode",
                "backup",
                "Archive log mode",
                "归档模式",
                WARN,
                "NOARCHIVELOG",
                "ARCHIVELOG",
                "",
                "no point-in-time recovery: only cold or export backups are possible",
            )
        )
    return checks


# --------------------------------------------------------------------------- capacity


def _tablespace_usage(row: Row) -> Tuple[Optional[float], Optional[float], Optional[float]]:
    """(used bytes, ceiling bytes, allocated bytes) of a permanent tablespace row."""
    allocated = to_float(row.get("allocated_bytes"))
    ceiling = to_float(row.get("max_bytes"))
    if allocated is None:
        return None, ceiling, None
    free = to_float(row.get("free_bytes")) or 0.0
    ceiling = max(ceiling or 0.0, allocated)
    return max(0.0, allocated - free), ceiling, allocated


def _record_tablespace_samples(rows: List[Row], ctx: EvalContext) -> Dict[str, List[List[Any]]]:
    memory = dict(ctx.remembered("tablespaces", {}) or {})
    for row in rows:
        used, _, _ = _tablespace_usage(row)
        if used is not None:
            name = str(row.get("tablespace_name"))
            memory[name] = add_sample(memory.get(name, []), ctx.now, used)
    ctx.memory["tablespaces"] = memory
    return memory


def ev_tablespaces(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Permanent tablespaces against their autoextend ceiling; OFFLINE and READ ONLY shown as such."""
    checks = []
    for row in rows["tablespaces"]:
        name = str(row.get("tablespace_name"))
        cid, title, title_zh = f"tablespace.{name}", f"Tablespace {name}", f"表空间 {name}"
        status = _upper(row.get("status"))
        used, ceiling, allocated = _tablespace_usage(row)
        if status == "OFFLINE":
            checks.append(
                check(
                    ctx,
                    cid,
                    "capacity",
                    title,
                    title_zh,
                    WARN,
                    None,
                    None,
                    "%",
                    "tablespace is OFFLINE: its data cannot be read",
                )
            )
            continue
        if used is None or not ceiling:
            checks.append(
                check(
                    ctx,
                    cid,
                    "capacity",
                    title,
                    title_zh,
                    ERROR,
                    None,
                    None,
                    "%",
                    "no data file sizes (DBA_DATA_FILES returned nothing for it)",
                )
            )
            continue
        files = int(to_float(row.get("file_count")) or 0)
        auto = int(to_float(row.get("autoextensible_files")) or 0)
        detail = (
            f"{fmt_bytes(used)} used of {fmt_bytes(ceiling)} ceiling "
            f"(allocated {fmt_bytes(allocated)}; {auto} of {files} file(s) autoextend)"
        )
        value = pct(used, ceiling)
        if status == "READ ONLY":
            checks.append(check(ctx, cid, "capacity", title, title_zh, INFO, value, None, "%", "READ ONLY: " + detail))
            continue
        checks.append(graded(ctx, cid, "capacity", title, title_zh, value, "oracle_tablespace", detail))
    _record_tablespace_samples(rows["tablespaces"], ctx)
    if not checks:
        checks.append(
            check(
                ctx,
                "tablespace",
                "capacity",
                "Tablespaces",
                "表空间",
                ERROR,
                None,
                None,
                "%",
                "no permanent tablespace visible",
            )
        )
    return checks


def ev_temp(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    checks = []
    for row in rows["temp_tablespaces"]:
        name = str(row.get("tablespace_name"))
        cid, title, title_zh = f"temp.{name}", f"Temporary tablespace {name}", f"临时表空间 {name}"
        size, free = to_float(row.get("tablespace_size")), to_float(row.get("free_bytes"))
        allocated = to_float(row.get("allocated_bytes"))
        ceiling = max(to_float(row.get("max_bytes")) or 0.0, allocated or 0.0)
        if size is None or free is None or not ceiling:
            checks.append(
                check(
                    ctx,
                    cid,
                    "capacity",
                    title,
                    title_zh,
                    INFO,
                    None,
                    None,
                    "%",
                    f"no usage figures ({_upper(row.get('status'))})",
                )
            )
            continue
        used = max(0.0, size - free)
        detail = f"{fmt_bytes(used)} in use of {fmt_bytes(ceiling)} ceiling (temp files {fmt_bytes(allocated)})"
        checks.append(graded(ctx, cid, "capacity", title, title_zh, pct(used, ceiling), "oracle_temp", detail))
    return checks


def ev_undo(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Undo is graded on ACTIVE extents, which cannot be reused; UNEXPIRED and EXPIRED are shown."""
    checks = []
    for row in rows["undo_tablespaces"]:
        name = str(row.get("tablespace_name"))
        cid, title, title_zh = f"undo.{name}", f"Undo tablespace {name}", f"回滚表空间 {name}"
        allocated = to_float(row.get("allocated_bytes"))
        ceiling = max(to_float(row.get("max_bytes")) or 0.0, allocated or 0.0)
        if _upper(row.get("status")) == "OFFLINE" or not ceiling:
            checks.append(
                check(
                    ctx,
                    cid,
                    "capacity",
                    title,
                    title_zh,
                    INFO,
                    None,
                    None,
                    "%",
                    f"{_upper(row.get('status')) or 'no size'}: not in use",
                )
            )
            continue
        active = to_float(row.get("active_bytes")) or 0.0
        unexpired = to_float(row.get("unexpired_bytes")) or 0.0
        expired = to_float(row.get("expired_bytes")) or 0.0
        detail = (
            f"active {fmt_bytes(active)}, unexpired {fmt_bytes(unexpired)}, expired {fmt_bytes(expired)} "
            f"of {fmt_bytes(ceiling)} ceiling"
        )
        checks.append(graded(ctx, cid, "capacity", title, title_zh, pct(active, ceiling), "oracle_undo", detail))
    return checks


def ev_fra(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = _first(rows["fra"])
    title, title_zh = "Fast recovery area", "快速恢复区使用率"
    limit = to_float(row.get("space_limit"))
    if not row or not limit or not row.get("name"):
        return [
            check(
                ctx,
                "fra",
                "backup",
                title,
                title_zh,
                INFO,
                None,
                None,
                "%",
                "no fast recovery area configured (db_recovery_file_dest)",
            )
        ]
    used = to_float(row.get("space_used")) or 0.0
    reclaimable = to_float(row.get("space_reclaimable")) or 0.0
    net = max(0.0, used - reclaimable)
    detail = (
        f"{row.get('name')}: {fmt_bytes(net)} net of {fmt_bytes(reclaimable)} reclaimable, "
        f"limit {fmt_bytes(limit)}, {_int(row, 'number_of_files')} files"
    )
    return [graded(ctx, "fra", "backup", title, title_zh, pct(net, limit), "oracle_fra", detail)]


def _tablespace_days(rows: List[Row], ctx: EvalContext) -> List[Tuple[float, str, str]]:
    history = ctx.remembered("tablespaces", {}) or {}
    found = []
    for row in rows:
        name = str(row.get("tablespace_name"))
        used, ceiling, _ = _tablespace_usage(row)
        if used is None or _upper(row.get("status")) in ("OFFLINE", "READ ONLY"):
            continue
        rate = growth_per_day(history.get(name, []), ctx.now, used)
        days = days_until_full(used, ceiling, rate)
        if days is None:
            continue
        text = (
            f"{name} "
            + ("not growing" if math.isinf(days) else f"{days:.0f} d at {fmt_bytes(rate)}/d")
            + f" ({pct(used, ceiling) or 0:.0f}% used)"
        )
        found.append((days, name, text))
    found.sort()
    return found


def ev_tablespace_growth(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Days until the fullest-growing tablespace reaches its ceiling, from the samples of earlier runs."""
    title, title_zh = "Tablespace days until full", "表空间预计写满天数"
    found = _tablespace_days(rows["tablespaces"], ctx)
    _record_tablespace_samples(rows["tablespaces"], ctx)
    if not found:
        return [
            check(
                ctx,
                "tablespace_days_to_full",
                "capacity",
                title,
                title_zh,
                INFO,
                None,
                None,
                "d",
                "no size sample from a run at least a day earlier: growth is known from the next run",
            )
        ]
    soonest = found[0][0]
    detail = join_limited((f[2] for f in found), 6)
    if math.isinf(soonest):
        spec = ctx.thresholds["oracle_tablespace_days_to_full"]
        return [
            check(
                ctx,
                "tablespace_days_to_full",
                "capacity",
                title,
                title_zh,
                PASS,
                None,
                threshold_text(spec.get("warn"), spec.get("fail"), False, "d"),
                "d",
                detail,
            )
        ]
    return [
        graded(
            ctx,
            "tablespace_days_to_full",
            "capacity",
            title,
            title_zh,
            soonest,
            "oracle_tablespace_days_to_full",
            detail,
        )
    ]


# --------------------------------------------------------------------------- sessions


def ev_resource_limits(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Sessions and processes of their V$RESOURCE_LIMIT limit.

    UNLIMITED is not graded; reaching the limit since startup is a WARN at least.
    """
    by_name = {str(r.get("resource_name") or "").strip().lower(): r for r in rows["resource_limits"]}
    checks = []
    for resource, title, title_zh in (
        ("sessions", "Sessions of limit", "会话数占用"),
        ("processes", "Processes of limit", "进程数占用"),
    ):
        row = by_name.get(resource)
        if row is None:
            checks.append(
                check(
                    ctx,
                    resource,
                    "sessions",
                    title,
                    title_zh,
                    ERROR,
                    None,
                    None,
                    "%",
                    f"{resource} not in V$RESOURCE_LIMIT",
                )
            )
            continue
        current = to_float(row.get("current_utilization"))
        peak = to_float(row.get("max_utilization"))
        limit_text = str(row.get("limit_value") or "").strip()
        limit = to_float(limit_text)
        if limit_text.upper() == "UNLIMITED" or limit is None or limit <= 0:
            checks.append(
                check(
                    ctx,
                    resource,
                    "sessions",
                    title,
                    title_zh,
                    INFO,
                    current,
                    "UNLIMITED",
                    "",
                    f"{current or 0:.0f} in use, peak {peak or 0:.0f}, no limit",
                )
            )
            continue
        detail = f"{current or 0:.0f} of {limit:.0f}, peak since startup {peak or 0:.0f}"
        result = graded(ctx, resource, "sessions", title, title_zh, pct(current, limit), "resource_limit", detail)
        if peak is not None and peak >= limit and result["status"] == PASS:
            result["status"] = WARN
            result["detail"] += ": the limit was reached since startup (ORA-00018/ORA-00020)"
        checks.append(result)
    return checks


def ev_blocking(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    blocked = rows["blocking_sessions"]
    title, title_zh = "Sessions blocked by locks", "锁阻塞会话"
    spec = ctx.thresholds["oracle_blocked"]
    if not blocked:
        return [
            check(
                ctx,
                "blocking_sessions",
                "locks",
                title,
                title_zh,
                PASS,
                0,
                threshold_text(spec.get("warn"), spec.get("fail"), True, "s"),
                "s",
                "no session waits on another",
            )
        ]
    waits = sorted(((to_float(r.get("wait_seconds")) or 0.0, r) for r in blocked), key=lambda t: t[0], reverse=True)
    parts = [
        f"sid {r.get('sid')},{r.get('serial#')} ({r.get('username')}) waits {fmt_seconds(w)} "
        f"on '{r.get('event')}' blocked by sid {r.get('blocking_session')}"
        for w, r in waits
    ]
    return [
        graded(
            ctx,
            "blocking_sessions",
            "locks",
            title,
            title_zh,
            waits[0][0],
            "oracle_blocked",
            f"{len(blocked)} blocked; " + join_limited(parts, 4),
        )
    ]


# --------------------------------------------------------------------------- integrity


def ev_invalid_objects(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["invalid_objects"]
    total = sum(int(to_float(r.get("object_count")) or 0) for r in items)
    detail = (
        join_limited(
            (f"{r.get('owner')} {r.get('object_type')} {int(to_float(r.get('object_count')) or 0)}" for r in items), 8
        )
        if items
        else "none"
    )
    if total:
        detail += " (recompile with utlrp.sql or DBMS_UTILITY.COMPILE_SCHEMA)"
    return [
        graded(
            ctx, "invalid_objects", "integrity", "Invalid objects", "无效对象", total, "oracle_invalid_objects", detail
        )
    ]


def ev_unusable_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["unusable_indexes"]
    names = [
        f"{r.get('owner')}.{r.get('index_name')}" + (f" ({r.get('partition_name')})" if r.get("partition_name") else "")
        for r in items
    ]
    return [
        check(
            ctx,
            "unusable_indexes",
            "integrity",
            "Unusable indexes",
            "不可用索引",
            FAIL if items else PASS,
            len(items),
            "0",
            "",
            ("rebuild: " + join_limited(names, 8)) if items else "none",
        )
    ]


def ev_registry(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    bad = []
    statuses = []
    for row in rows["registry"]:
        status = _upper(row.get("status"))
        if status in ("VALID", "OPTION OFF", "REMOVED", ""):
            continue
        statuses.append(FAIL if status == "INVALID" else WARN)
        bad.append(f"{row.get('comp_id')} ({row.get('comp_name')} {row.get('version')}) {status}")
    status = worst(statuses) if statuses else PASS
    detail = join_limited(bad, 8) if bad else f"{len(rows['registry'])} components valid"
    return [
        check(ctx, "registry", "integrity", "Registry components", "数据库组件状态", status, len(bad), "0", "", detail)
    ]


def ev_block_corruption(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["block_corruption"]
    blocks = sum(int(to_float(r.get("blocks")) or 0) for r in items)
    parts = [
        f"file {r.get('file#')} block {r.get('block#')} +{r.get('blocks')} {r.get('corruption_type')}" for r in items
    ]
    detail = (
        ("recover with RMAN RECOVER CORRUPTION LIST: " + join_limited(parts, 6))
        if items
        else "none recorded in V$DATABASE_BLOCK_CORRUPTION"
    )
    return [
        check(
            ctx,
            "block_corruption",
            "integrity",
            "Corrupted blocks",
            "坏块",
            FAIL if items else PASS,
            blocks,
            "0",
            "",
            detail,
        )
    ]


def ev_datafiles(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["datafile_status"]
    parts = [
        f"file {r.get('file#')} {r.get('name')}: {r.get('status')}"
        + (f" ({r.get('error')})" if r.get("error") else "")
        + (" needs recovery" if r.get("problem") == "RECOVER" else "")
        for r in items
    ]
    return [
        check(
            ctx,
            "datafiles",
            "integrity",
            "Data files offline or needing recovery",
            "数据文件状态",
            FAIL if items else PASS,
            len(items),
            "0",
            "",
            join_limited(parts, 6) if items else "all online",
        )
    ]


# --------------------------------------------------------------------------- backup and recovery


def ev_rman(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["rman_jobs"]
    expected = ctx.options.get("rman_expected", True)
    title, title_zh = "Age of the last RMAN database backup", "最近一次 RMAN 数据库备份"
    ages = [to_float(r.get("last_ok_age_hours")) for r in items if _upper(r.get("input_type")) in DB_BACKUP_TYPES]
    ages = [a for a in ages if a is not None]
    arch = [to_float(r.get("last_ok_age_hours")) for r in items if _upper(r.get("input_type")) == "ARCHIVELOG"]
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
                "backup_age",
                "backup",
                title,
                title_zh,
                FAIL,
                None,
                threshold_text(spec.get("warn"), spec.get("fail"), True, "h"),
                "h",
                "no completed RMAN database backup in the control file (V$RMAN_BACKUP_JOB_DETAILS); "
                "if backups are taken another way set rman_expected: false",
            )
        )
    else:
        checks.append(
            check(
                ctx,
                "backup_age",
                "backup",
                title,
                title_zh,
                INFO,
                None,
                None,
                "h",
                "RMAN backups not expected on this database (rman_expected: false)" + arch_text,
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
            "rman_failures",
            "backup",
            "Failed RMAN jobs",
            "失败的 RMAN 作业",
            WARN if failed else PASS,
            failed,
            "0",
            "",
            join_limited(failed_parts, 6)
            if failed
            else f"none in the last {ctx.options.get('window_days', DEFAULT_WINDOW_DAYS)} d",
        )
    )
    return checks


def ev_dataguard(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    role = _upper(_first(rows["instance"]).get("database_role"))
    gap_title, gap_zh = "Archive log gaps", "归档日志断档"
    lag_title, lag_zh = "Data Guard lag", "Data Guard 延迟"
    checks = []
    if role in STANDBY_ROLES:
        gaps = rows["archive_gap"]
        parts = [
            f"thread {r.get('thread#')} sequences {r.get('low_sequence#')}-{r.get('high_sequence#')}" for r in gaps
        ]
        checks.append(
            check(
                ctx,
                "archive_gap",
                "replication",
                gap_title,
                gap_zh,
                FAIL if gaps else PASS,
                len(gaps),
                "0",
                "",
                join_limited(parts, 6) if gaps else "no gap",
            )
        )
        lags = {str(r.get("name")): interval_seconds(r.get("value")) for r in rows["dataguard_stats"]}
        known = [v for v in lags.values() if v is not None]
        detail = (
            ", ".join(f"{k} {fmt_seconds(v)}" for k, v in sorted(lags.items()))
            or "V$DATAGUARD_STATS has no lag figures"
        )
        result = graded(
            ctx,
            "dataguard_lag",
            "replication",
            lag_title,
            lag_zh,
            max(known) if known else None,
            "oracle_dataguard_lag",
            detail,
        )
        if not known:
            result["status"] = WARN
        checks.append(result)
        return checks
    dests = rows["archive_dest"]
    if not dests:
        checks.append(
            check(
                ctx,
                "archive_gap",
                "replication",
                gap_title,
                gap_zh,
                INFO,
                None,
                None,
                "",
                "no standby destination configured",
            )
        )
        checks.append(
            check(
                ctx,
                "dataguard_lag",
                "replication",
                lag_title,
                lag_zh,
                INFO,
                None,
                None,
                "s",
                "no standby destination configured",
            )
        )
        return checks
    statuses, parts = [], []
    for row in dests:
        status, gap = _upper(row.get("status")), _upper(row.get("gap_status"))
        bad = status in ("ERROR", "BAD PARAM", "DISABLED", "DEFERRED") or gap not in ("", "NO GAP")
        statuses.append(FAIL if bad else PASS)
        parts.append(
            f"dest {row.get('dest_id')} {row.get('dest_name')}: {status}, {gap or 'no gap status'}"
            + (f", {row.get('error')}" if row.get("error") else "")
        )
    checks.append(
        check(
            ctx,
            "archive_gap",
            "replication",
            gap_title,
            gap_zh,
            worst(statuses),
            statuses.count(FAIL),
            "0",
            "",
            join_limited(parts, 6),
        )
    )
    lags = {str(r.get("name")): interval_seconds(r.get("value")) for r in rows["dataguard_stats"]}
    known = [v for v in lags.values() if v is not None]
    if known:
        checks.append(
            graded(
                ctx,
                "dataguard_lag",
                "replication",
                lag_title,
                lag_zh,
                max(known),
                "oracle_dataguard_lag",
                ", ".join(f"{k} {fmt_seconds(v)}" for k, v in sorted(lags.items())),
            )
        )
    else:
        checks.append(
            check(
                ctx,
                "dataguard_lag",
                "replication",
                lag_title,
                lag_zh,
                INFO,
                None,
                None,
                "s",
                "lag is measured on the standby: probe the standby database too",
            )
        )
    return checks


def ev_redo(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    title, title_zh = "Redo log switch interval (busiest hour)", "日志切换间隔(最忙时段)"
    peaks: Dict[Any, Tuple[float, str]] = {}
    for row in rows["redo_switches"]:
        count = to_float(row.get("switches")) or 0.0
        thread = row.get("thread#")
        if count > peaks.get(thread, (0.0, ""))[0]:
            peaks[thread] = (count, str(row.get("hour")))
    sizes = sorted({to_float(r.get("bytes")) or 0.0 for r in rows["redo_logs"]})
    size_text = f"; online logs {', '.join(fmt_bytes(s) for s in sizes)}" if sizes else ""
    if not peaks:
        spec = ctx.thresholds["oracle_redo_switch_interval"]
        return [
            check(
                ctx,
                "redo_switch_interval",
                "performance",
                title,
                title_zh,
                PASS,
                None,
                threshold_text(spec.get("warn"), spec.get("fail"), False, "min"),
                "min",
                "no log switch in the last 7 days" + size_text,
            )
        ]
    thread, (count, hour) = max(peaks.items(), key=lambda item: item[1][0])
    interval = 60.0 / count
    detail = (
        f"{count:.0f} switches in hour {hour} (thread {thread}), {interval:.1f} min apart; "
        "size redo logs for about 15-20 min between switches" + size_text
    )
    return [
        graded(
            ctx, "redo_switch_interval", "performance", title, title_zh, interval, "oracle_redo_switch_interval", detail
        )
    ]


# --------------------------------------------------------------------------- logs, security, jobs


def ev_alert_log(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    title, title_zh = "ORA- errors in the alert log since the last run", "告警日志 ORA- 错误"
    since = ctx.options.get("alert_since")
    db_time = _first(rows["instance"]).get("db_time")
    if db_time:
        ctx.memory["alert_since"] = db_time
    items = [r for r in rows["alert_log"] if r.get("error_code")]
    if not items:
        return [check(ctx, "alert_log", "logs", title, title_zh, PASS, 0, "0", "", f"no ORA- error since {since}")]
    total = sum(int(to_float(r.get("occurrences")) or 0) for r in items)
    critical = [r for r in items if _upper(r.get("error_code")) in CRITICAL_ORA]
    ordered = critical + [r for r in items if r not in critical]
    parts = []
    for row in ordered:
        code = _upper(row.get("error_code"))
        meaning = f" {CRITICAL_ORA[code]}" if code in CRITICAL_ORA else ""
        parts.append(f"{code}{meaning} x{_int(row, 'occurrences')} (last {str(row.get('last_seen') or '')[:19]})")
    detail = f"since {since}: " + join_limited(parts, 8) + "; see the alert log and trace files"
    return [check(ctx, "alert_log", "logs", title, title_zh, FAIL if critical else WARN, total, "0", "", detail)]


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
        account = _upper(row.get("account_status"))
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
    return [
        check(
            ctx,
            "password_expiry",
            "security",
            "Password expiry of accounts",
            "账户口令到期",
            status,
            len(findings),
            threshold_text(spec.get("warn"), spec.get("fail"), True, "%"),
            "",
            detail,
        )
    ]


def ev_scheduler(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    failures, broken = rows["scheduler_failures"], rows["scheduler_broken"]
    total = sum(int(to_float(r.get("failures")) or 0) for r in failures)
    parts = [f"{r.get('owner')}.{r.get('job_name')} BROKEN after {r.get('failure_count')} failures" for r in broken]
    parts += [
        f"{r.get('owner')}.{r.get('job_name')} failed x{_int(r, 'failures')}, "
        f"last {r.get('last_failure')} ORA-{_int(r, 'last_error'):05d}"
        for r in failures
    ]
    status = FAIL if broken else (WARN if failures else PASS)
    days = ctx.options.get("window_days", DEFAULT_WINDOW_DAYS)
    return [
        check(
            ctx,
            "scheduler_jobs",
            "jobs",
            "Failed scheduler jobs",
            "失败的调度作业",
            status,
            total + len(broken),
            "0",
            "",
            join_limited(parts, 8) if parts else f"no failure in the last {days} d",
        )
    ]


# --------------------------------------------------------------------------- tuning


def ev_ratios(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    stat = {str(r.get("name")): to_float(r.get("value")) or 0.0 for r in rows["sysstat"]}
    lib, dic = _first(rows["library_cache"]), _first(rows["dictionary_cache"])
    logical = stat.get("consistent gets from cache", 0.0) + stat.get("db block gets from cache", 0.0)
    physical = stat.get("physical reads cache", 0.0)
    buffer_hit = 100.0 * (1 - physical / logical) if logical else None
    pins, pinhits = to_float(lib.get("pins")), to_float(lib.get("pinhits"))
    gets, misses = to_float(dic.get("gets")), to_float(dic.get("getmisses"))
    parses, hard = stat.get("parse count (total)", 0.0), stat.get("parse count (hard)", 0.0)
    sorts_mem, sorts_disk = stat.get("sorts (memory)", 0.0), stat.get("sorts (disk)", 0.0)
    return [
        graded(
            ctx,
            "buffer_cache_hit",
            "performance",
            "Buffer cache hit ratio",
            "数据缓冲区命中率",
            buffer_hit,
            "oracle_buffer_cache_hit",
            f"{physical:.0f} physical reads of {logical:.0f} logical reads since startup",
        ),
        graded(
            ctx,
            "library_cache_hit",
            "performance",
            "Library cache hit ratio",
            "库缓存命中率",
            pct(pinhits, pins),
            "oracle_library_cache_hit",
            f"{pinhits or 0:.0f} pin hits of {pins or 0:.0f} pins, {to_float(lib.get('reloads')) or 0:.0f} reloads",
        ),
        graded(
            ctx,
            "dictionary_cache_hit",
            "performance",
            "Dictionary cache hit ratio",
            "数据字典缓存命中率",
            100.0 * (1 - misses / gets) if gets and misses is not None else None,
            "oracle_dictionary_cache_hit",
            f"{misses or 0:.0f} misses of {gets or 0:.0f} gets",
        ),
        graded(
            ctx,
            "soft_parse",
            "performance",
            "Soft parse ratio",
            "软解析比例",
            100.0 * (1 - hard / parses) if parses else None,
            "oracle_soft_parse",
            f"{hard:.0f} hard parses of {parses:.0f}; a low ratio points at literals instead of bind variables",
        ),
        graded(
            ctx,
            "memory_sort",
            "performance",
            "In-memory sort ratio",
            "内存排序比例",
            pct(sorts_mem, sorts_mem + sorts_disk),
            "oracle_memory_sort",
            f"{sorts_disk:.0f} disk sorts of {sorts_mem + sorts_disk:.0f}",
        ),
    ]


def ev_wait_classes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    times = [(to_float(r.get("time_us")) or 0.0, str(r.get("wait_class"))) for r in rows["wait_classes"]]
    total = sum(t for t, _ in times)
    title, title_zh = "Top wait classes (share of database time)", "主要等待类别"
    if not total:
        return [
            check(
                ctx, "wait_classes", "performance", title, title_zh, INFO, None, None, "%", "no database time recorded"
            )
        ]
    times.sort(reverse=True)
    detail = join_limited((f"{name} {100 * t / total:.0f}%" for t, name in times), 6)
    problems = [(100 * t / total, name) for t, name in times if name in PROBLEM_WAIT_CLASSES]
    if not problems:
        return [check(ctx, "wait_classes", "performance", title, title_zh, INFO, None, None, "%", detail)]
    share, name = max(problems)
    return [
        graded(
            ctx,
            "wait_classes",
            "performance",
            title,
            title_zh,
            share,
            "oracle_wait_class",
            f"{name} is the largest problem class; " + detail,
        )
    ]


def ev_top_sql(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["top_sql"]
    parts = []
    for row in items:
        execs = to_float(row.get("executions")) or 0.0
        elapsed = to_float(row.get("elapsed_seconds")) or 0.0
        per = f"{1000 * elapsed / execs:.1f} ms/exec" if execs else "not executed to completion"
        text = " ".join(str(row.get("sql_text") or "").split())[:60]
        parts.append(f"{row.get('sql_id')} {elapsed:.0f} s in {execs:.0f} execs ({per}): {text}")
    top = to_float(_first(items).get("elapsed_seconds")) if items else None
    return [
        check(
            ctx,
            "top_sql",
            "performance",
            "Top SQL by elapsed time",
            "耗时最多的 SQL",
            INFO,
            top,
            None,
            "s",
            join_limited(parts, 10) if parts else "no SQL statistics",
        )
    ]


def ev_optimizer_statistics(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["optimizer_statistics"]
    total = sum(int(to_float(r.get("tables_total")) or 0) for r in items)
    stale = sum(int(to_float(r.get("stale")) or 0) for r in items)
    missing = sum(int(to_float(r.get("missing")) or 0) for r in items)
    locked = sum(int(to_float(r.get("locked")) or 0) for r in items)
    title, title_zh = "Stale or missing optimizer statistics", "优化器统计信息过期或缺失"
    if not total:
        return [
            check(
                ctx, "optimizer_statistics", "statistics", title, title_zh, PASS, 0, None, "%", "no application tables"
            )
        ]
    bad = [r for r in items if (to_float(r.get("stale")) or 0) + (to_float(r.get("missing")) or 0) > 0]
    parts = [
        f"{r.get('owner')} {_int(r, 'stale')} stale, {_int(r, 'missing')} missing of {_int(r, 'tables_total')}"
        for r in bad
    ]
    detail = f"{stale} stale and {missing} missing of {total} application tables ({locked} locked); " + (
        join_limited(parts, 6) if parts else "all current"
    )
    return [
        graded(
            ctx,
            "optimizer_statistics",
            "statistics",
            title,
            title_zh,
            pct(stale + missing, total),
            "oracle_stale_statistics",
            detail,
        )
    ]


def ev_parameters(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    settings: Dict[str, Tuple[Any, Optional[Tuple[float, str]]]] = {}
    nondefault = []
    for row in rows["parameters"]:
        name = str(row.get("name") or "").lower()
        value = row.get("value")
        display = row.get("display_value") if row.get("display_value") is not None else value
        settings[name] = ("" if display is None else str(display), parse_quantity(value) if value is not None else None)
        if _upper(row.get("isdefault")) == "FALSE":
            nondefault.append(name)
    return review_parameters(ctx, settings, ctx.options.get("parameter_recommendations"), nondefault)


def ev_segments(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    owners, largest = rows["segments_by_owner"], rows["largest_segments"]
    total = sum(to_float(r.get("bytes")) or 0.0 for r in owners)
    owner_parts = [
        f"{r.get('owner')} {fmt_bytes(to_float(r.get('bytes')))} ({int(to_float(r.get('segments')) or 0)} segments)"
        for r in owners
    ]
    seg_parts = [
        f"{r.get('owner')}.{r.get('segment_name')}"
        + (f":{r.get('partition_name')}" if r.get("partition_name") else "")
        + f" {r.get('segment_type')} in {r.get('tablespace_name')} {fmt_bytes(to_float(r.get('bytes')))}"
        for r in largest
    ]
    return [
        check(
            ctx,
            "data_distribution",
            "capacity",
            "Data distribution by owner",
            "数据分布(按用户)",
            INFO,
            round(total / 1024**3, 2),
            None,
            "GB",
            join_limited(owner_parts, 15),
        ),
        check(
            ctx,
            "largest_segments",
            "capacity",
            "Largest segments",
            "最大的段",
            INFO,
            to_float(_first(largest).get("bytes"))
            and round((to_float(_first(largest).get("bytes")) or 0) / 1024**3, 2),
            None,
            "GB",
            join_limited(seg_parts, 15),
        ),
    ]


EVALUATORS: List[Evaluator] = [
    Evaluator("uptime", "availability", "Instance uptime", "实例运行时间", ("instance",), ev_instance),
    Evaluator("tablespace", "capacity", "Tablespaces", "表空间", ("tablespaces",), ev_tablespaces, ("monthly",)),
    Evaluator("temp", "capacity", "Temporary tablespaces", "临时表空间", ("temp_tablespaces",), ev_temp, ("monthly",)),
    Evaluator("undo", "capacity", "Undo tablespaces", "回滚表空间", ("undo_tablespaces",), ev_undo, ("monthly",)),
    Evaluator("fra", "backup", "Fast recovery area", "快速恢复区使用率", ("fra",), ev_fra, ("monthly",)),
    Evaluator(
        "resource_limits",
        "sessions",
        "Sessions and processes of limit",
        "会话与进程数占用",
        ("resource_limits",),
        ev_resource_limits,
        ("monthly",),
    ),
    Evaluator(
        "invalid_objects",
        "integrity",
        "Invalid objects",
        "无效对象",
        ("invalid_objects",),
        ev_invalid_objects,
        ("monthly",),
    ),
    Evaluator(
        "unusable_indexes",
        "integrity",
        "Unusable indexes",
        "不可用索引",
        ("unusable_indexes",),
        ev_unusable_indexes,
        ("monthly",),
    ),
    Evaluator(
        "registry", "integrity", "Registry components", "数据库组件状态", ("registry",), ev_registry, ("monthly",)
    ),
    Evaluator(
        "block_corruption",
        "integrity",
        "Corrupted blocks",
        "坏块",
        ("block_corruption",),
        ev_block_corruption,
        ("monthly",),
    ),
    Evaluator(
        "datafiles",
        "integrity",
        "Data files offline or needing recovery",
        "数据文件状态",
        ("datafile_status",),
        ev_datafiles,
        ("monthly",),
    ),
    Evaluator("backup_age", "backup", "RMAN backups", "RMAN 备份", ("rman_jobs",), ev_rman, ("monthly",)),
    Evaluator(
        "dataguard",
        "replication",
        "Archive gaps and Data Guard lag",
        "归档断档与 Data Guard 延迟",
        ("instance", "archive_dest", "archive_gap", "dataguard_stats"),
        ev_dataguard,
        ("monthly",),
    ),
    Evaluator(
        "alert_log",
        "logs",
        "ORA- errors in the alert log since the last run",
        "告警日志 ORA- 错误",
        ("instance", "alert_log"),
        ev_alert_log,
        ("monthly",),
    ),
    Evaluator(
        "password_expiry",
        "security",
        "Password expiry of accounts",
        "账户口令到期",
        ("password_expiry",),
        ev_password_expiry,
        ("monthly",),
    ),
    Evaluator(
        "scheduler_jobs",
        "jobs",
        "Failed scheduler jobs",
        "失败的调度作业",
        ("scheduler_failures", "scheduler_broken"),
        ev_scheduler,
        ("monthly",),
    ),
    Evaluator(
        "blocking_sessions",
        "locks",
        "Sessions blocked by locks",
        "锁阻塞会话",
        ("blocking_sessions",),
        ev_blocking,
        ("monthly",),
    ),
    Evaluator(
        "redo_switch_interval",
        "performance",
        "Redo log switch interval",
        "日志切换间隔",
        ("redo_switches", "redo_logs"),
        ev_redo,
        ("monthly",),
    ),
    Evaluator(
        "hit_ratios",
        "performance",
        "Cache hit, parse and sort ratios",
        "命中率、解析与排序比例",
        ("sysstat", "library_cache", "dictionary_cache"),
        ev_ratios,
        ("tuning",),
    ),
    Evaluator(
        "wait_classes",
        "performance",
        "Top wait classes",
        "主要等待类别",
        ("wait_classes",),
        ev_wait_classes,
        ("tuning",),
    ),
    Evaluator(
        "top_sql", "performance", "Top SQL by elapsed time", "耗时最多的 SQL", ("top_sql",), ev_top_sql, ("tuning",)
    ),
    Evaluator(
        "optimizer_statistics",
        "statistics",
        "Stale or missing optimizer statistics",
        "优化器统计信息过期或缺失",
        ("optimizer_statistics",),
        ev_optimizer_statistics,
        ("tuning",),
    ),
    Evaluator(
        "parameters", "configuration", "Parameter review", "参数评审", ("parameters",), ev_parameters, ("tuning",)
    ),
    Evaluator(
        "data_distribution",
        "capacity",
        "Data distribution",
        "数据分布",
        ("segments_by_owner", "largest_segments"),
        ev_segments,
        ("tuning",),
    ),
    Evaluator(
        "tablespace_days_to_full",
        "capacity",
        "Tablespace days until full",
        "表空间预计写满天数",
        ("tablespaces",),
        ev_tablespace_growth,
        ("tuning",),
    ),
]


# --------------------------------------------------------------------------- connection


_CONNECT_CAUSES = (
    (("ORA-01017",), "authentication failed: wrong user name or password"),
    (("ORA-28000",), "the account is locked"),
    (("ORA-28001",), "the password has expired"),
    (("ORA-12541", "DPY-6000", "CONNECTION REFUSED"), "connection refused: listener down or port closed"),
    (("ORA-12514", "DPY-6001", "DPY-6002"), "service name not registered with the listener"),
    (("ORA-12505", "DPY-6003"), "SID not known to the listener"),
    (("ORA-12170", "TIMED OUT", "DPY-6006"), "connection timed out: host unreachable or filtered"),
    (("ORA-12154", "DPY-4027", "DPY-4026"), "connect identifier not resolved (tnsnames.ora / config_dir)"),
    (("ORA-01034",), "instance not started"),
    (("ORA-01033",), "instance starting up or shutting down"),
    (("DPY-3010",), "server version not supported in thin mode: set thick_mode: true"),
    (("DPY-3015",), "password verifier not supported in thin mode: set thick_mode: true"),
    (("DPI-1047", "DPY-3016"), "Oracle Client libraries not found for thick mode (oracle_client_lib_dir)"),
    (("DPY-4011",), "the server closed the connection"),
    (("NAME OR SERVICE NOT KNOWN", "NODENAME NOR SERVNAME", "GETADDRINFO"), "host name does not resolve"),
)


def describe_connect_error(code: str, message: str) -> str:
    """'<likely cause> (<code>: <driver message>)' for a failed connection."""
    text = " ".join(str(message).split())
    haystack = f"{code} {text}".upper()
    for needles, cause in _CONNECT_CAUSES:
        if any(n in haystack for n in needles):
            return f"{cause} ({text})"
    return text


def connect_time_check(ctx: EvalContext, seconds: float, detail: str) -> Check:
    return graded(
        ctx, "connect_time", "availability", "Connection time", "连接耗时", seconds, "oracle_connect_time", detail
    )


def transport_check(
    ctx: EvalContext, protocol: str, dn_match: bool, cert_dn: Optional[str], wallet: Optional[str]
) -> Check:
    """How the connection is protected: PASS for TCPS with the server's DN checked, WARN when that check is off.

    ``protocol`` is ``tcps``, ``tcp`` or ``alias`` (a TNS alias: its descriptor in tnsnames.ora decides).
    Plain TCP is INFO: Oracle sites may protect it with native network encryption instead, set in sqlnet.ora.
    """
    title, title_zh = "TLS to the database", "数据库连接加密与证书验证"
    trusted = f"the wallet in {wallet}" if wallet else "the system's trusted CAs"
    if protocol == "tcps" and dn_match:
        name = f"the DN {cert_dn}" if cert_dn else "the host name"
        status, detail = PASS, f"TCPS: server certificate verified against {trusted} and matched to {name}"
    elif protocol == "tcps":
        status, detail = (
            WARN,
            f"TCPS, server certificate verified against {trusted} but not matched to the server "
            "(ssl_server_dn_match false given explicitly): any certificate from a trusted CA is accepted",
        )
    elif protocol == "alias":
        status, detail = INFO, "TLS is set by the TNS alias's connect descriptor (tnsnames.ora), not known here"
    else:
        status, detail = (
            INFO,
            "TCP without TLS (protocol tcp): use protocol tcps with the server's TCPS listener and wallet, "
            "or native network encryption (thick mode, sqlnet.ora)",
        )
    return check(ctx, "tls", "security", title, title_zh, status, protocol, "tcps", "", detail)


def connection_error_check(ctx: EvalContext, code: str, message: str) -> Check:
    return check(
        ctx,
        "connect",
        "availability",
        "Connection",
        "数据库连接",
        ERROR,
        code or None,
        None,
        "",
        describe_connect_error(code, message),
    )
