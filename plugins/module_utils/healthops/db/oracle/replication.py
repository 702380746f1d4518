# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Redo and Data Guard: the standby's lag and archive gaps, and the redo log switch interval."""

from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, threshold_text, worst
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    check,
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


def ev_dataguard(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    role = upper(first(rows["instance"]).get("database_role"))
    lags = {str(r.get("name")): interval_seconds(r.get("value")) for r in rows["dataguard_stats"]}
    if role in STANDBY_ROLES:
        return _standby(rows["archive_gap"], lags, ctx)
    return _primary(rows["archive_dest"], lags, ctx)


def _standby(gaps: List[Row], lags: Mapping[str, Optional[float]], ctx: EvalContext) -> List[Check]:
    """On a standby: the archive gaps it reports, and its lag (no figures at all is a WARN)."""
    parts = [f"thread {r.get('thread#')} sequences {r.get('low_sequence#')}-{r.get('high_sequence#')}" for r in gaps]
    gap = _gap(ctx, FAIL if gaps else PASS, join_limited(parts, 6) if gaps else "no gap", len(gaps), "0")
    known = [v for v in lags.values() if v is not None]
    detail = (
        ", ".join(f"{k} {fmt_seconds(v)}" for k, v in sorted(lags.items())) or "V$DATAGUARD_STATS has no lag figures"
    )
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
                check_id="redo_switch_interval",
                category="performance",
                title=title,
                title_zh=title_zh,
                status=PASS,
                threshold=threshold_text(spec.get("warn"), spec.get("fail"), False, "min"),
                unit="min",
                detail="no log switch in the last 7 days" + size_text,
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
