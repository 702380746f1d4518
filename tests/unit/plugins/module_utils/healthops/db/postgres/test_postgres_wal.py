"""WAL filling the disk (pg_wal size, slot safe_wal_size, time since the last checkpoint), from rows as
PostgreSQL 15 gave them to the pg_monitor role (tests/integration/test_postgres_wal_live.py: max_wal_size and
min_wal_size 32MB, max_slot_wal_keep_size 64MB, an inactive slot and four WAL switches)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import Unavailable, select_statements
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)
MB = 1024 * 1024
FRESH = {"files": 1, "bytes": Decimal("16777216"), "max_wal_size": 33554432, "wal_keep_size": 0,
         "max_slot_wal_keep_size": 67108864, "wal_segment_size": 16777216, "oldest_slot": None,
         "oldest_slot_bytes": None}  # fmt: skip
HELD = dict(FRESH, files=5, bytes=Decimal("71827456"), oldest_slot="forgotten", oldest_slot_bytes=Decimal("61861704"))
SLOT = {"slot_name": "forgotten", "slot_type": "physical", "active": False, "wal_status": "extended",
        "safe_wal_size": 16776960, "max_slot_wal_keep_size": 67108864,
        "retained_bytes": Decimal("61861960")}  # fmt: skip
QUIET = {"in_recovery": False, "age_seconds": Decimal("1.228206"), "wal_since_redo_bytes": Decimal("5216"),
         "checkpoint_timeout_seconds": 300.0, "wal_segment_size": 16777216}  # fmt: skip


def context(**limits: Any) -> EvalContext:
    return EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, limits), NOW)


def wal_size(row: dict[str, Any]) -> dict[str, Any]:
    (check,) = ev.ev_wal_size({"wal_size": [row]}, context())
    return check


def checkpoint_age(row: dict[str, Any]) -> dict[str, Any]:
    (check,) = ev.ev_checkpoint_age({"checkpoint_age": [row]}, context())
    return check


def slots(*rows: dict[str, Any]) -> dict[str, Any]:
    (check,) = ev.ev_slots({"replication_slots": list(rows)}, context())
    return check


def test_pg_wal_is_graded_against_what_the_settings_keep() -> None:
    fresh = wal_size(FRESH)
    assert (fresh["status"], fresh["value"], fresh["unit"]) == (PASS, 0.25, "times")
    # The largest of max_wal_size (32 MB) and max_slot_wal_keep_size (64 MB): 68.5 MB is 1.07 times that.
    held = wal_size(HELD)
    assert (held["status"], held["value"]) == (PASS, 1.07)
    assert held["detail"] == (
        "pg_wal 68.5 MiB in 5 file(s), the settings keep 64.0 MiB (max_wal_size 32.0 MiB, wal_keep_size 0 B, "
        "max_slot_wal_keep_size 64.0 MiB); slot forgotten holds the oldest WAL, 59.0 MiB"
    )
    # Slots without a limit (-1): only max_wal_size bounds pg_wal, and the slot's WAL makes it FAIL.
    unlimited = wal_size(dict(HELD, max_slot_wal_keep_size=-1, bytes=Decimal(7 * 16 * MB)))
    assert (unlimited["status"], unlimited["value"], unlimited["threshold"]) == (FAIL, 3.5, ">=1.5/3 times")
    assert "max_slot_wal_keep_size unlimited" in unlimited["detail"]
    assert unlimited["detail"].endswith("or no recent checkpoint (pg.checkpoint_age)")


def test_before_13_wal_keep_segments_bound_pg_wal_and_slots_have_no_limit() -> None:
    row = dict(HELD, wal_keep_size=64 * 16 * MB, max_slot_wal_keep_size=None, bytes=Decimal(2 * 1024 * MB))
    check = wal_size(row)
    assert (check["status"], check["value"]) == (WARN, 2.0)
    assert "wal_keep_segments 1.0 GiB, max_slot_wal_keep_size none (before 13)" in check["detail"]


def test_time_since_the_last_checkpoint_is_graded_only_with_wal_written_since() -> None:
    quiet = checkpoint_age(dict(QUIET, age_seconds=Decimal(7200)))
    # Two hours with 5 kB written: an idle server skips its checkpoints, nothing to replay.
    assert (quiet["status"], quiet["value"]) == (PASS, 24.0)
    assert quiet["detail"].endswith("5.1 KiB of WAL written since its redo point: less than one segment, not graded")
    stalled = checkpoint_age(dict(QUIET, age_seconds=Decimal(1200), wal_since_redo_bytes=Decimal(16777392)))
    assert (stalled["status"], stalled["value"], stalled["threshold"]) == (WARN, 4.0, ">=3/10 times")
    assert stalled["detail"].startswith("last checkpoint 20 min ago (checkpoint_timeout 5 min), 16.0 MiB")
    standby = checkpoint_age(dict(QUIET, in_recovery=True, age_seconds=Decimal(3600), wal_since_redo_bytes=2**30))
    assert (standby["status"], standby["detail"][:24]) == (FAIL, "last restartpoint 60 min")


def test_a_slot_close_to_losing_its_wal_is_graded_by_safe_wal_size() -> None:
    check = slots(SLOT)
    assert check["status"] == WARN
    assert "16.0 MiB more before its WAL is removed (25% of max_slot_wal_keep_size), inactive" in check["detail"]
    almost = slots(dict(SLOT, active=True, safe_wal_size=4 * MB))
    assert (almost["status"], "(6% of max_slot_wal_keep_size)" in almost["detail"]) == (FAIL, True)
    # safe_wal_size counts to the end of the segment past the limit: never more than all of it.
    fresh = slots(dict(SLOT, active=True, safe_wal_size=80 * MB, retained_bytes=176))
    assert (fresh["status"], "(100% of max_slot_wal_keep_size)" in fresh["detail"]) == (PASS, True)
    # No limit (-1: safe_wal_size NULL) and before 13: graded by the WAL retained only.
    assert slots(dict(SLOT, active=True, safe_wal_size=None, max_slot_wal_keep_size=-1))["status"] == PASS


def test_the_statements_follow_the_version() -> None:
    for version, keep in ((170000, "wal_keep_size"), (130000, "wal_keep_size"), (120000, "wal_keep_segments")):
        chosen = select_statements(CATALOGUE, "monthly", version)
        assert f"current_setting('{keep}')" in chosen["wal_size"].sql
        assert "pg_control_checkpoint()" in chosen["checkpoint_age"].sql
    old = select_statements(CATALOGUE, "monthly", 90600)
    assert isinstance(old["wal_size"], Unavailable)
    assert isinstance(old["checkpoint_age"], Unavailable)
    assert "safe_wal_size," in select_statements(CATALOGUE, "monthly", 130000)["replication_slots"].sql
    assert "NULL::bigint AS safe_wal_size" in select_statements(CATALOGUE, "monthly", 120000)["replication_slots"].sql
