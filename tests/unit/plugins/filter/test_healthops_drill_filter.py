"""plugins/filter/healthops_drill.py: the smoke checks' tables and judgement, the record's times."""

from __future__ import annotations

import pytest
from healthops_testlib import load_plugin

flt = load_plugin("filter", "healthops_drill")
drill_record, drill_smoke, drill_tables = flt.drill_record, flt.drill_smoke, flt.drill_tables


def test_tables_in_order_and_refused_names() -> None:
    assert drill_tables({"petition": {"public.units": 300, "letters": 2000}}) == [
        {"database": "petition", "table": "letters", "expected": 2000},
        {"database": "petition", "table": "public.units", "expected": 300},
    ]
    with pytest.raises(ValueError, match=r"is not a schema\.table name"):
        drill_tables({"petition": {"letters; DROP TABLE x": 1}})


def test_smoke_judges_counts_and_urls() -> None:
    counts = [
        {"item": {"database": "p", "table": "a", "expected": 2}, "rc": 0, "stdout": "2\n"},
        {"item": {"database": "p", "table": "b", "expected": 2}, "rc": 0, "stdout": "3"},
        {
            "item": {"database": "p", "table": "c", "expected": 2},
            "rc": 1,
            "stdout": "",
            "stderr": "relation c does not exist",
        },
    ]
    http = [
        {"item": {"url": "http://127.0.0.1:8080/"}, "status": 200},
        {"item": {"url": "http://x/"}, "failed": True, "status": -1},
    ]
    smoke = drill_smoke(counts, http)
    assert [s["ok"] for s in smoke] == [True, False, False, True, False]
    assert smoke[2]["detail"] == "relation c does not exist"


def test_record_reads_the_sets_iso_start_time() -> None:
    times = {"start": 1_764_990_000.0, "smoke_passed": 1_764_990_060.0, "backup_time": "2025-12-06T10:00:00+08:00"}
    checks = {c["id"]: c for c in drill_record([], [], times, {"rto_hours": 4, "rpo_hours": 8}, {"ok": True})}
    assert checks["drill.rpo"]["value"] == 1.0  # 02:00Z backup, 03:00Z drill start


def test_record_carries_the_plan() -> None:
    times = {"start": 1_764_990_000.0, "smoke_passed": 1_764_990_060.0, "backup_time": 1_764_990_000.0}
    plan = {"steps": ["1. a", "2. b", "3. c"], "source": "db", "temporary": "spare-01", "set": "S"}
    checks = {c["id"]: c for c in drill_record([], [], times, {"rto_hours": 4, "rpo_hours": 8}, {"ok": True}, plan)}
    assert checks["drill.plan"]["value"] == 3
    assert checks["drill.environment"]["value"] == "spare-01"
