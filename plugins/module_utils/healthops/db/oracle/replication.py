# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Redo and Data Guard: the standby's lag and archive gaps, its redo apply, and the redo log switch interval."""

import datetime as dt
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, threshold_text, worst
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    fmt_bytes,
    fmt_seconds,
    graded,
    join_limited,
    to_float,
)
from ansible.module_utils.healthops.db.oracle.base import STANDBY_ROLES, first, interval_seconds, upper

NO_STANDBY = "no standby destination configured"
# V$ARCHIVE_DEST_STATUS.STATUS (Oracle Database Reference, V$ARCHIVE_DEST_STATUS,
# https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ARCHIVE_DEST_STATUS.html): VALID is
# "initialized and available", ALTERNATE a destination held in reserve. FULL (quota exceeded), ERROR, DISABLED,
# DEFERRED, BAD PARAM and any state not listed there mean redo is not reaching the destination.
DEST_OK = ("VALID", "ALTERNATE")


# V$DATAGUARD_STATS.TIME_COMPUTED and DATUM_TIME (REFRN V-DATAGUARD_STATS): VARCHAR2, the standby's local time.
STATS_TIME_FORMAT = "%m/%d/%Y %H:%M:%S"
# Figures whose data arrived more than this long before the lag they show are stale (the standby receives nothing).
STALE_MARGIN_SECONDS = 60.0


def ev_dataguard(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    info = first(rows["instance"])
    role = upper(info.get("database_role"))
    stats = rows["dataguard_stats"]
    lags = {str(r.get("name")): interval_seconds(r.get("value")) for r in stats}
    if role in STANDBY_ROLES:
        return _standby(rows["archive_gap"], lags, _datum_age(stats, info.get("db_time")), ctx)
    return _primary(rows["archive_dest"], lags, ctx)


def _local_time(text: Any) -> Optional[dt.datetime]:
    """A V$DATAGUARD_STATS time, or the local part of the instance's ISO ``db_time``, as a naive datetime."""
    for fmt in (STATS_TIME_FORMAT, "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(str(text or "")[:19], fmt)
        except ValueError:
            continue
    return None


def _datum_age(stats: List[Row], db_time: Any) -> Optional[Tuple[float, str]]:
    """Seconds between the newest DATUM_TIME and the server's clock (or TIME_COMPUTED), with the DATUM_TIME text."""
    datums = [(t, str(r.get("datum_time"))) for r in stats for t in [_local_time(r.get("datum_time"))] if t]
    if not datums:
        return None
    computed = [t for t in (_local_time(r.get("time_computed")) for r in stats) if t]
    clock = _local_time(db_time) or (max(computed) if computed else None)
    if clock is None:
        return None
    newest, text = max(datums)
    return max(0.0, (clock - newest).total_seconds()), text


def _standby(
    gaps: List[Row], lags: Mapping[str, Optional[float]], datum: Optional[Tuple[float, str]], ctx: EvalContext
) -> List[Check]:
    """On a standby: its archive gaps, and its lag, at least as old as the data it was computed from."""
    parts = [f"thread {r.get('thread#')} sequences {r.get('low_sequence#')}-{r.get('high_sequence#')}" for r in gaps]
    gap = _gap(ctx, FAIL if gaps else PASS, join_limited(parts, 6) if gaps else "no gap", len(gaps), "0")
    known = [v for v in lags.values() if v is not None]
    detail = (
        ", ".join(f"{k} {fmt_seconds(v)}" for k, v in sorted(lags.items())) or "V$DATAGUARD_STATS has no lag figures"
    )
    if known and datum is not None and datum[0] > max(known) + STALE_MARGIN_SECONDS:
        # The lag shown was computed from data this old: the true lag is at least the data's age.
        detail += (
            f"; but the last data from the primary arrived {fmt_seconds(datum[0])} ago (DATUM_TIME {datum[1]}, "
            "not refreshed): the standby receives nothing from the primary"
        )
        known.append(datum[0])
    lag = _lag(ctx).graded(max(known) if known else None, "oracle_dataguard_lag", detail)
    if not known:
        lag["status"] = WARN
    return [gap, lag]


def _primary(dests: List[Row], lags: Mapping[str, Optional[float]], ctx: EvalContext) -> List[Check]:
    """On a primary: its standby destinations' status and gaps; the lag only where the primary sees it."""
    if not dests:
        return [_gap(ctx, INFO, NO_STANDBY), _lag_info(ctx, NO_STANDBY)]
    statuses, parts = [], []
    for row in dests:
        status, gap = upper(row.get("status")), upper(row.get("gap_status"))
        bad = status not in DEST_OK or gap not in ("", "NO GAP")
        statuses.append(FAIL if bad else PASS)
        parts.append(
            f"dest {row.get('dest_id')} {row.get('dest_name')}: {status}, {gap or 'no gap status'}"
            + (f", {row.get('error')}" if row.get("error") else "")
        )
    checks = [_gap(ctx, worst(statuses), join_limited(parts, 6), statuses.count(FAIL), "0")]
    known = [v for v in lags.values() if v is not None]
    if not known:
        return checks + [_lag_info(ctx, "lag is measured on the standby: probe the standby database too")]
    detail = ", ".join(f"{k} {fmt_seconds(v)}" for k, v in sorted(lags.items()))
    return checks + [_lag(ctx).graded(max(known), "oracle_dataguard_lag", detail)]


def _gap(ctx: EvalContext, status: str, detail: str, value: Any = None, threshold: Any = None) -> Check:
    gaps = Subject(ctx, "archive_gap", "replication", "Archive log gaps", "归档日志断档")
    return gaps.check(status, value=value, threshold=threshold, detail=detail)


def _lag(ctx: EvalContext) -> Subject:
    return Subject(ctx, "dataguard_lag", "replication", "Data Guard lag", "Data Guard 延迟")


def _lag_info(ctx: EvalContext, detail: str) -> Check:
    return _lag(ctx).check(INFO, unit="s", detail=detail)


def ev_apply_process(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Redo apply (MRP0) on a physical standby: missing or in ERROR is a FAIL; elsewhere INFO."""
    role = upper(first(rows["instance"]).get("database_role"))
    apply = Subject(ctx, "apply_process", "replication", "Redo apply on the standby (MRP0)", "备库日志应用进程(MRP0)")
    if role != "PHYSICAL STANDBY":
        return [
            apply.check(INFO, detail=f"redo apply runs on a physical standby; this database is {role or 'unknown'}")
        ]
    items = rows["apply_process"]
    if not items:
        return [
            apply.check(
                FAIL,
                value=0,
                threshold="1",
                detail="no MRP0 process: redo reaches the standby but is not applied "
                "(start it with ALTER DATABASE RECOVER MANAGED STANDBY DATABASE DISCONNECT)",
            )
        ]
    parts = [
        f"{r.get('name')} {upper(r.get('action')) or 'no status'}, "
        f"thread {r.get('thread#')} sequence {r.get('sequence#')}"
        for r in items
    ]
    status = FAIL if any(upper(r.get("action")) == "ERROR" for r in items) else PASS
    return [apply.check(status, value=len(items), threshold="1", detail=join_limited(parts, 4))]


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
        switches = Subject(ctx, "redo_switch_interval", "performance", title, title_zh)
        threshold = threshold_text(spec.get("warn"), spec.get("fail"), False, "min")
        return [
            switches.check(PASS, threshold=threshold, unit="min", detail="no log switch in the last 7 days" + size_text)
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
