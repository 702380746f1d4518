# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL replication: lag of standbys (seen from either side) and replication slots."""

from typing import Any, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, grade, threshold_text
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
    standby = first_row(rows["standby"])
    if standby.get("in_recovery"):
        return [standby_lag_check(standby, ctx)]
    replicas = rows["replication"]
    if not replicas:
        return [_lag(ctx).check(INFO, unit="s", detail="primary with no standby attached")]
    worst: Optional[float] = None
    parts = []
    not_streaming = []
    for row in replicas:
        lag = to_float(row.get("replay_lag_seconds")) or 0.0
        worst = lag if worst is None else max(worst, lag)
        lag_bytes = to_float(row.get("replay_lag_bytes"))
        parts.append(
            f"{row.get('application_name') or row.get('client_addr')} {row.get('state')}/{row.get('sync_state')} "
            f"{lag:.1f} s, {fmt_bytes(lag_bytes)} behind"
        )
        if row.get("state") != "streaming":
            not_streaming.append(str(row.get("application_name")))
    result = _lag(ctx).graded(worst, "pg_replication_lag", join_limited(parts, 6))
    if not_streaming and result["status"] == PASS:
        result["status"] = WARN
        result["detail"] += f"; not streaming: {', '.join(not_streaming)}"
    return [result]


def standby_lag_check(standby: Row, ctx: EvalContext) -> Check:
    """Lag seen from a standby: the age of the last replayed transaction, 0 when caught up and streaming."""
    delay = to_float(standby.get("replay_delay_seconds"))
    receiver = standby.get("receiver_status")
    detail = f"standby: WAL receiver {receiver or 'not running'}, last replayed transaction {fmt_seconds(delay)} ago"
    if standby.get("caught_up"):
        # Nothing left to replay: the age of the last transaction is the primary's quiet time, not lag.
        delay = 0.0 if receiver == "streaming" else delay
    result = _lag(ctx).graded(delay, "pg_replication_lag", detail)
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
        status, note = slot_status(row, mb, spec)
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


def slot_status(row: Row, mb: float, spec: Mapping[str, Any]) -> Tuple[str, List[str]]:
    """One slot's status (retained MB graded, worse when inactive or its WAL is unreserved or lost) and notes."""
    status = grade(mb, spec.get("warn"), spec.get("fail"))
    note = []
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
