"""Vacuums running long (pg_stat_progress_vacuum), from the row PostgreSQL 15 gave the pg_monitor role for a
VACUUM (FREEZE) waiting for a cursor's buffer pin (tests/integration/test_postgres_vacuum_live.py); the
autovacuum rows are that row as an anti-wraparound autovacuum worker reports itself (PostgreSQL documentation,
progress-reporting and routine-vacuuming: its query reads "autovacuum: VACUUM ... (to prevent wraparound)")."""

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
WAITING = {"pid": 27641, "relation": "t", "phase": "scanning heap", "heap_blks_total": 45, "heap_blks_scanned": 0,
           "heap_blks_vacuumed": 0, "index_vacuum_count": 0, "autovacuum": False, "wraparound": False,
           "wait_event_type": "BufferPin", "wait_event": "BufferPin", "running_seconds": Decimal("1.995609"),
           "datname": "postgres"}  # fmt: skip


def check(*rows: dict[str, Any]) -> dict[str, Any]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW)
    (found,) = ev.ev_vacuum_progress({"vacuum_progress": list(rows)}, ctx)
    return found


def test_no_vacuum_running_passes() -> None:
    found = check()
    assert (found["status"], found["threshold"], found["detail"]) == (PASS, ">=60/360 min", "no VACUUM running")


def test_the_longest_vacuum_is_graded_and_named_with_what_it_waits_for() -> None:
    found = check(WAITING, dict(WAITING, relation="big", running_seconds=Decimal(5400), heap_blks_scanned=30))
    assert (found["status"], found["value"]) == (WARN, 90.0)
    assert found["detail"] == (
        "postgres.big: VACUUM, scanning heap, 67% of the heap scanned, 90 min, waiting BufferPin/BufferPin, "
        "postgres.t: VACUUM, scanning heap, 0% of the heap scanned, 2 s, waiting BufferPin/BufferPin"
    )
    # Index passes beyond one: the dead tuples did not fit in maintenance_work_mem.
    passes = check(dict(WAITING, phase="vacuuming indexes", index_vacuum_count=3, wait_event=None))
    assert passes["detail"].endswith("(3 index passes: maintenance_work_mem too small), 2 s")


def test_a_wraparound_vacuum_running_long_is_a_fail() -> None:
    worker = dict(WAITING, autovacuum=True, wraparound=True, wait_event=None, wait_event_type=None)
    assert check(worker)["status"] == PASS
    late = check(dict(worker, running_seconds=Decimal(3700)))
    assert (late["status"], late["value"]) == (FAIL, 61.67)
    assert late["detail"].startswith("postgres.t: autovacuum to prevent wraparound, scanning heap")
    # An ordinary autovacuum as long is WARN.
    assert check(dict(worker, wraparound=False, running_seconds=Decimal(3700)))["status"] == WARN


def test_the_statement_reads_the_columns_of_10_to_17() -> None:
    for version in (100000, 130000, 170000):
        assert select_statements(CATALOGUE, "monthly", version)["vacuum_progress"].per_database
    assert isinstance(select_statements(CATALOGUE, "monthly", 90600)["vacuum_progress"], Unavailable)
