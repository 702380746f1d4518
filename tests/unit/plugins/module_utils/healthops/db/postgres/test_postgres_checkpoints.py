"""Checkpoint pressure counts performed checkpoints where the version tells them from skipped ones (18+)."""

from __future__ import annotations

import datetime as dt

from ansible.module_utils.healthops.common.result import PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import select_statements
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


def ctx(version: int) -> EvalContext:
    return EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, version=version, prefix="pg")


def test_from_18_skipped_checkpoints_are_not_counted_as_timed() -> None:
    sql = select_statements(CATALOGUE, "tuning", 180000)["checkpoints"].sql
    assert "num_done - num_requested" in sql
    assert "num_done" not in select_statements(CATALOGUE, "tuning", 170002)["checkpoints"].sql
    # An idle server: 400 timed checkpoints of which 380 skipped, 8 requested (18's columns, as the statement
    # turns them into timed performed = num_done - num_requested).
    row = {"timed": 20, "requested": 8, "skipped": 380, "in_recovery": False}
    check = ev.ev_checkpoints({"checkpoints": [row]}, ctx(180000))[0]
    assert (check["status"], check["value"]) == (WARN, 28.57)
    assert check["detail"].startswith("8 requested, 20 timed (380 skipped, not counted) since statistics reset;")


def test_before_17_a_standby_says_its_counts_include_restartpoints() -> None:
    row = {"timed": 90, "requested": 10, "skipped": None, "in_recovery": True}
    check = ev.ev_checkpoints({"checkpoints": [row]}, ctx(150004))[0]
    assert check["status"] == PASS
    assert "(a standby: restartpoints counted as checkpoints)" in check["detail"]
    assert "restartpoints" not in ev.ev_checkpoints({"checkpoints": [row]}, ctx(170002))[0]["detail"]
