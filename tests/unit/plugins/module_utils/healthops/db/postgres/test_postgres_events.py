"""Deadlocks, temporary files and checksum failures per interval between runs, from rows as PostgreSQL 15
gave them (tests/integration/test_postgres_events_live.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)
BEFORE = {"deadlocks": 0, "temp_files": 0, "temp_bytes": 0, "checksum_failures": None}
AFTER = {"deadlocks": 1, "temp_files": 2, "temp_bytes": 2621440, "checksum_failures": None}


def evaluate(row: dict[str, Any], memory: dict[str, Any] | None = None) -> tuple[dict[str, Any], EvalContext]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, state={"memory": memory or {}})
    (check,) = ev.ev_database_events({"database_events": [row]}, ctx)
    return check, ctx


def test_a_deadlock_since_the_previous_run_is_a_warn() -> None:
    first, ctx = evaluate(dict(AFTER, deadlocks=40))
    # On a first run the deadlocks since the reset are told, not graded.
    assert first["status"] == PASS
    assert first["detail"].startswith("40 deadlock(s)")
    check, _ = evaluate(dict(AFTER, deadlocks=41), ctx.memory)
    assert (check["status"], check["value"]) == (WARN, 1.0)
    assert check["detail"] == "1 deadlock(s), 0 temporary file(s) (0 B) since the previous run"
    check, _ = evaluate(BEFORE, {"database_events": {k: float(v or 0) for k, v in AFTER.items()}})
    assert check["detail"].endswith("since statistics were reset (after the previous run)")


def test_a_checksum_failure_is_a_fail() -> None:
    check, _ = evaluate(dict(BEFORE, checksum_failures=3))
    assert check["status"] == FAIL
    assert check["detail"].endswith("; 3 data checksum failure(s) since statistics reset")
