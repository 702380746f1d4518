"""Standby query conflicts per interval between runs, from pg_stat_database_conflicts rows as PostgreSQL 15
gave them (tests/integration/test_postgres_events_live.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansible.module_utils.healthops.common.result import PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
ZERO = {"in_recovery": True, "tablespace": 0, "lock": 0, "snapshot": 0, "bufferpin": 0, "deadlock": 0}


def evaluate(row: dict[str, Any], memory: dict[str, Any] | None = None) -> tuple[dict[str, Any], EvalContext]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, state={"memory": memory or {}})
    (check,) = ev.ev_standby_conflicts({"standby_conflicts": [dict(row, logical_slot=None)]}, ctx)
    return check, ctx


def test_a_conflict_since_the_previous_run_is_a_warn() -> None:
    first, ctx = evaluate(dict(ZERO, snapshot=5))
    assert first["id"].endswith(".standby_conflicts")
    # On a first run those since the reset are told, not graded.
    assert first["status"] == PASS
    assert first["detail"] == "5 query(ies) cancelled by recovery conflicts since statistics reset (5 snapshot)"
    check, ctx = evaluate(dict(ZERO, snapshot=6, lock=1), ctx.memory)
    assert (check["status"], check["value"]) == (WARN, 2.0)
    assert check["detail"] == "2 query(ies) cancelled by recovery conflicts since the previous run (1 lock, 1 snapshot)"
    check, _ = evaluate(dict(ZERO, snapshot=6, lock=1), ctx.memory)
    assert (check["status"], check["value"]) == (PASS, 0.0)


def test_a_primary_has_none() -> None:
    check, _ = evaluate(dict(ZERO, in_recovery=False))
    assert check["status"] == PASS
    assert check["detail"].endswith("(a primary: conflicts happen on standbys)")
