"""Sequences close to their maximum, from rows as PostgreSQL 15 gave them
(tests/integration/test_postgres_sequences_live.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


def sequence(name: str, used: Any, readable: bool = True, **values: Any) -> dict[str, Any]:
    row = {"datname": "seqs", "schemaname": "public", "sequencename": name, "min_value": 1, "max_value": 32767}
    row.update(increment_by=1, readable=readable, used_pct=used)
    row.update(values)
    return row


def check(rows: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = ev.ev_sequences({"sequences": rows}, EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW))
    return found


def test_a_sequence_close_to_its_maximum_is_graded_and_named() -> None:
    found = check([sequence("fine", 0.0, max_value=9223372036854775807), sequence("ticket", 91.55)])
    assert (found["status"], found["value"]) == (FAIL, 91.55)
    assert found["detail"].startswith("seqs.public.ticket 91.5% of 32767, seqs.public.fine 0.0%")
    descending = sequence("down", 80.0, increment_by=-1, min_value=-32768, max_value=-1)
    assert check([descending])["status"] == WARN
    assert "of -32768" in check([descending])["detail"]


def test_sequences_the_probe_role_may_not_read_are_said() -> None:
    found = check([sequence("ticket", None, readable=False), sequence("fine", None, readable=False)])
    assert found["status"] == PASS
    assert found["detail"] == "none used; 2 sequence(s) the probe role may not read"
