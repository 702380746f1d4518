# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL WAL filling the disk: the size of pg_wal against what the settings let the server keep, and the
time since the last checkpoint (a stalled checkpointer keeps every WAL segment since its redo point).

pg_wal holds about ``max_wal_size`` between checkpoints, at least ``wal_keep_size`` and what replication
slots retain, up to ``max_slot_wal_keep_size`` when that is set (PostgreSQL documentation, wal-configuration).
More than that is WAL held by a slot without a limit, by an archiver that fails, or by a checkpoint not done:
pg_wal then grows until its file system is full and the server stops.
"""

from typing import List, Mapping, Optional

from ansible.module_utils.healthops.common.result import PASS
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_bytes, fmt_seconds, to_float
from ansible.module_utils.healthops.db.postgres.base import first_row


def wal_bound(row: Row) -> float:
    """The WAL the settings let the server keep: the largest of max_wal_size, wal_keep_size and
    max_slot_wal_keep_size (-1, no limit, and NULL before 13 leave slots out)."""
    limits = [to_float(row.get(name)) or 0.0 for name in ("max_wal_size", "wal_keep_size", "max_slot_wal_keep_size")]
    return max(limits)


def _limit_text(value: Optional[float]) -> str:
    if value is None:
        return "none (before 13)"
    return "unlimited" if value < 0 else fmt_bytes(value)


def ev_wal_size(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """pg_wal's size in multiples of the WAL the settings keep, naming the slot holding the oldest WAL."""
    row = first_row(rows["wal_size"])
    subject = Subject(ctx, "wal_size", "capacity", "Size of pg_wal", "WAL 目录(pg_wal)大小")
    size, bound = to_float(row.get("bytes")) or 0.0, wal_bound(row)
    # Before 13 (no max_slot_wal_keep_size) the WAL kept for standbys is wal_keep_segments, given in bytes.
    keep = "wal_keep_size" if row.get("max_slot_wal_keep_size") is not None else "wal_keep_segments"
    settings = (
        f"max_wal_size {fmt_bytes(to_float(row.get('max_wal_size')))}, "
        f"{keep} {fmt_bytes(to_float(row.get('wal_keep_size')))}, "
        f"max_slot_wal_keep_size {_limit_text(to_float(row.get('max_slot_wal_keep_size')))}"
    )
    files = to_float(row.get("files")) or 0.0
    detail = f"pg_wal {fmt_bytes(size)} in {files:.0f} file(s), the settings keep {fmt_bytes(bound)} ({settings})"
    slot_bytes = to_float(row.get("oldest_slot_bytes"))
    if row.get("oldest_slot") and slot_bytes:
        detail += f"; slot {row.get('oldest_slot')} holds the oldest WAL, {fmt_bytes(slot_bytes)}"
    if not bound:
        return [subject.check(PASS, unit="times", detail=detail + ": no limit to compare with")]
    result = subject.graded(round(size / bound, 2), "pg_wal_size", detail)
    if result["status"] != PASS:
        result["detail"] += (
            "; else WAL waiting to be archived (pg.archive_backlog) or no recent checkpoint (pg.checkpoint_age)"
        )
    return [result]


def ev_checkpoint_age(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Time since the last checkpoint (a standby's restartpoint) in multiples of checkpoint_timeout; not graded
    while less than one WAL segment was written since its redo point: an idle server skips checkpoints, and a
    crash would replay next to nothing."""
    row = first_row(rows["checkpoint_age"])
    subject = Subject(ctx, "checkpoint_age", "performance", "Time since the last checkpoint", "距上次检查点时间")
    kind = "restartpoint" if row.get("in_recovery") else "checkpoint"
    age, timeout = to_float(row.get("age_seconds")), to_float(row.get("checkpoint_timeout_seconds"))
    since_redo, segment = to_float(row.get("wal_since_redo_bytes")) or 0.0, to_float(row.get("wal_segment_size"))
    times = round(age / timeout, 2) if age is not None and timeout else None
    detail = (
        f"last {kind} {fmt_seconds(age)} ago (checkpoint_timeout {fmt_seconds(timeout)}), "
        f"{fmt_bytes(since_redo)} of WAL written since its redo point"
    )
    if segment and since_redo < segment:
        return [subject.check(PASS, value=times, unit="times", detail=detail + ": less than one segment, not graded")]
    return [subject.graded(times, "pg_checkpoint_age", detail)]
