# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL replication: lag of standbys (seen from either side) and replication slots."""

from typing import Any, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, grade, threshold_text, worst
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import (
    Check,
    EvalContext,
    Subject,
    fmt_bytes,
    fmt_seconds,
    join_limited,
    to_float,
)
from ansible.module_utils.healthops.db.postgres.base import MB, first_row


def _lag(ctx: EvalContext) -> Subject:
    """The one replication lag check, from the primary's side or the standby's."""
    return Subject(ctx, "replication_lag", "replication", "Replication lag", "复制延迟")


def ev_replication(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Lag of each attached standby: replay lag (time and bytes) for a standby that replays, write lag for
    a WAL receiver that never replays (pg_receivewal, Barman: replay_lsn empty, its replay_lag grows
    forever); a standby not streaming is WARN."""
    standby = first_row(rows["standby"])
    if standby.get("in_recovery"):
        return [standby_lag_check(standby, ctx)]
    replicas = rows["replication"]
    if not replicas:
        return [_lag(ctx).check(INFO, unit="s", detail="primary with no standby attached")]
    lags = [replica_lag(row) for row in replicas]
    worst_seconds = max(lag[0] for lag in lags)
    worst_bytes = max(lag[1] for lag in lags)
    result = _lag(ctx).graded(worst_seconds, "pg_replication_lag", join_limited((lag[2] for lag in lags), 6))
    bytes_status(result, worst_bytes, ctx)
    not_streaming = [str(row.get("application_name")) for row in replicas if row.get("state") != "streaming"]
    if not_streaming and result["status"] == PASS:
        result["status"] = WARN
        result["detail"] += f"; not streaming: {', '.join(not_streaming)}"
    return [result]


def replica_lag(row: Row) -> Tuple[float, float, str]:
    """Seconds and bytes one attached standby is behind, and its text; a WAL receiver by what it wrote."""
    replays = row.get("replays", True) is not False
    kind = "replay" if replays else "write"
    seconds = to_float(row.get(f"{kind}_lag_seconds")) or 0.0
    lag_bytes = to_float(row.get(f"{kind}_lag_bytes"))
    name = row.get("application_name") or row.get("client_addr")
    role = "" if replays else " WAL receiver (does not replay)"
    text = (
        f"{name}{role} {row.get('state')}/{row.get('sync_state')} {kind} lag {seconds:.1f} s, "
        f"{fmt_bytes(lag_bytes)} behind"
    )
    return seconds, lag_bytes or 0.0, text


def bytes_status(result: Check, lag_bytes: float, ctx: EvalContext) -> None:
    """Raise ``result`` to the grade of ``lag_bytes`` against pg_replication_lag_bytes (MB) when worse."""
    spec = ctx.thresholds["pg_replication_lag_bytes"]
    status = grade(lag_bytes / MB, spec.get("warn"), spec.get("fail"))
    if status in (WARN, FAIL) and (result["status"] in (PASS, INFO, ERROR) or status == FAIL):
        result["status"] = status
        result["detail"] += f"; {fmt_bytes(lag_bytes)} behind: " + threshold_text(
            spec.get("warn"), spec.get("fail"), True, "MB"
        )


def standby_lag_check(standby: Row, ctx: EvalContext) -> Check:
    """Lag seen from a standby: the age of the last replayed transaction (0 when caught up and streaming),
    the WAL received and waiting to be replayed, and a paused replay named."""
    delay = to_float(standby.get("replay_delay_seconds"))
    receiver = standby.get("receiver_status")
    waiting = to_float(standby.get("replay_waiting_bytes"))
    replayed = (
        "nothing replayed since the standby started"
        if delay is None
        else (f"last replayed transaction {fmt_seconds(delay)} ago")
    )
    detail = f"standby: WAL receiver {receiver or 'not running'}, {replayed}"
    if waiting:
        detail += f", {fmt_bytes(waiting)} waiting to be replayed"
    if standby.get("caught_up") or (delay is None and not waiting):
        # Nothing left to replay: the age of the last transaction is the primary's quiet time, not lag.
        delay = 0.0 if receiver == "streaming" or delay is None else delay
    result = _lag(ctx).graded(delay if delay is not None else 0.0, "pg_replication_lag", detail)
    bytes_status(result, waiting or 0.0, ctx)
    if standby.get("replay_paused"):
        result["detail"] = "replay paused (pg_wal_replay_resume() resumes it); " + result["detail"]
        result["status"] = WARN if result["status"] == PASS else result["status"]
    if receiver != "streaming" and result["status"] in (PASS, ERROR):
        # Log shipping from an archive is possible, but a standby that stopped streaming needs a look.
        result["status"] = WARN
    return result


def ev_slots(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    slots = rows["replication_slots"]
    spec = ctx.thresholds["pg_slot_retained"]
    subject = Subject(ctx, "replication_slots", "replication", "Replication slots", "复制槽")
    if not slots:
        return [subject.nothing_found("pg_slot_retained", unit="MB", value=0, detail="no replication slots")]
    statuses = []
    parts = []
    worst_mb = 0.0
    for row in slots:
        retained = to_float(row.get("retained_bytes"))
        mb = (retained or 0.0) / MB
        worst_mb = max(worst_mb, mb)
        status, note = slot_status(row, mb, spec, ctx.thresholds["pg_slot_safe_wal"])
        statuses.append(status)
        parts.append(
            f"{row.get('slot_name')} ({row.get('slot_type')}) retains {fmt_bytes(retained)}"
            + (f", {', '.join(note)}" if note else "")
        )
    status = max(statuses, key=lambda s: {PASS: 0, WARN: 1, FAIL: 2}[s])
    threshold = threshold_text(spec.get("warn"), spec.get("fail"), True, "MB")
    return [
        subject.check(status, value=round(worst_mb, 1), threshold=threshold, unit="MB", detail=join_limited(parts, 6))
    ]


def slot_status(
    row: Row, mb: float, spec: Mapping[str, Any], safe_spec: Optional[Mapping[str, Any]] = None
) -> Tuple[str, List[str]]:
    """One slot's status (retained MB graded, worse when inactive, when little of max_slot_wal_keep_size is
    left before its WAL is removed, or when its WAL is unreserved or lost) and notes."""
    status = grade(mb, spec.get("warn"), spec.get("fail"))
    note = []
    safe, bound = to_float(row.get("safe_wal_size")), to_float(row.get("max_slot_wal_keep_size"))
    if safe is not None and bound and bound > 0 and safe_spec is not None:
        # safe_wal_size counts to the end of the segment past the limit: up to one segment above it.
        share = min(100.0, max(0.0, 100.0 * safe / bound))
        left = f"{fmt_bytes(max(safe, 0.0))} more before its WAL is removed"
        note.append(f"{left} ({share:.0f}% of max_slot_wal_keep_size)")
        status = worst([status, grade(share, safe_spec.get("warn"), safe_spec.get("fail"), higher_is_worse=False)])
    if not row.get("active"):
        note.append("inactive")
        status = WARN if status == PASS else status
    if row.get("wal_status") == "lost":
        note.append("WAL lost")
        status = FAIL
    elif row.get("wal_status") == "unreserved":
        note.append("WAL unreserved")
        status = WARN if status == PASS else status
    return status, note
