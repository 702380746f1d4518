"""Table and B-tree index bloat estimated from the planner's statistics, from rows as PostgreSQL 15 gave them
(the scenario of tests/integration/test_postgres_bloat_live.py with 400,000 rows, three in four deleted and
vacuumed; the index rows from 400,000 md5 strings indexed three ways, nine in ten deleted and vacuumed; the
same relations seen by the pg_monitor role, which pg_stats shows no column of)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import select_statements
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)
BLOATED = {"schemaname": "public", "relname": "b", "readable": True, "not_estimable": False,
           "bytes": Decimal("56500224"), "bloat_bytes": 42369024.0, "bloat_pct": Decimal("75.0"),
           "not_estimated": 0, "datname": "bloat"}  # fmt: skip
FINE = dict(BLOATED, relname="ok", bytes=Decimal("6832128"), bloat_bytes=0.0, bloat_pct=Decimal("0.0"))
UNREADABLE = dict(
    BLOATED, readable=False, not_estimable=True, bloat_bytes=None, bloat_pct=None, not_estimated=2, not_readable=2
)
GRANT = "GRANT pg_read_all_data (14+), or SELECT on them, to the probe role"


def check(*rows: dict[str, Any]) -> dict[str, Any]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW)
    (found,) = ev.ev_table_bloat({"table_bloat": list(rows)}, ctx)
    return found


def test_the_most_bloated_table_is_graded_and_named() -> None:
    found = check(BLOATED, FINE)
    assert (found["status"], found["value"], found["threshold"]) == (WARN, 75.0, ">=50/80%")
    assert found["detail"] == "bloat.public.b 75% (40.4 MiB of 53.9 MiB)"
    assert check(dict(BLOATED, bloat_pct=Decimal("85.2")))["status"] == FAIL


def test_small_waste_is_not_graded() -> None:
    # 90 % of a 5 MB table: 4.5 MB, below the 8 MiB the estimate is trusted for.
    small = dict(FINE, bloat_bytes=4718592.0, bloat_pct=Decimal("90.0"))
    found = check(small, FINE)
    assert (found["status"], found["detail"]) == (PASS, "none wastes 8.0 MiB or more of 2 table(s) estimated")


def test_tables_the_probe_role_may_not_read_are_info_naming_the_grant_counted_once_per_database() -> None:
    app = dict(UNREADABLE, datname="app", not_estimated=1, not_readable=1)
    found = check(UNREADABLE, dict(UNREADABLE, relname="ok"), app)
    # Not a PASS: the tables were not looked at.
    assert (found["status"], found["value"]) == (INFO, None)
    assert found["detail"] == (
        "none wastes 8.0 MiB or more of 0 table(s) estimated; 3 table(s) of 1 MB or more not estimated: the probe "
        f"role may not read their statistics (pg_stats shows only columns it may SELECT): {GRANT}"
    )
    # A bloated table the role could read is graded all the same, the others said.
    found = check(dict(BLOATED, not_estimated=1, not_readable=1), dict(UNREADABLE, not_estimated=1, not_readable=1))
    assert found["status"] == WARN
    assert found["detail"].endswith(f"not estimated: the probe role may not read their statistics (pg_stats shows "
                                    f"only columns it may SELECT): {GRANT}")  # fmt: skip


def test_tables_never_analyzed_are_counted_without_a_grant() -> None:
    never = dict(UNREADABLE, readable=True, not_readable=0)
    found = check(FINE, never)
    assert found["status"] == PASS
    assert found["detail"] == (
        "none wastes 8.0 MiB or more of 1 table(s) estimated; 2 table(s) of 1 MB or more not estimated: no "
        "statistics (never analyzed)"
    )


def test_the_estimate_runs_in_the_tuning_profile_in_each_database() -> None:
    statement = select_statements(CATALOGUE, "tuning", 170000)["table_bloat"]
    assert statement.per_database
    assert "table_bloat" not in select_statements(CATALOGUE, "monthly", 170000)


INDEX = {"schemaname": "public", "relname": "b", "index_name": "b_expr", "not_estimable": False,
         "bytes": Decimal("23642112"), "bloat_bytes": 21307392.0, "bloat_pct": Decimal("90.1"), "not_estimated": 0,
         "datname": "bloat"}  # fmt: skip
FRESH_INDEX = dict(INDEX, index_name="b_id", bytes=Decimal("9003008"), bloat_bytes=40960.0, bloat_pct=Decimal("0.5"))


def index_check(*rows: dict[str, Any]) -> dict[str, Any]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW)
    (found,) = ev.ev_index_bloat({"index_bloat": list(rows)}, ctx)
    return found


def test_the_most_bloated_index_is_graded_and_named() -> None:
    found = index_check(FRESH_INDEX, INDEX)
    assert (found["id"], found["status"], found["value"]) == ("db.index_bloat", FAIL, 90.1)
    assert found["detail"] == "bloat.public.b_expr 90% (20.3 MiB of 22.5 MiB)"
    fresh = index_check(FRESH_INDEX)
    assert (fresh["status"], fresh["detail"]) == (PASS, "none wastes 8.0 MiB or more of 1 index(es) estimated")
    hidden = index_check(
        dict(
            INDEX, readable=False, not_estimable=True, bloat_bytes=None, bloat_pct=None, not_estimated=3, not_readable=3
        )
    )
    assert hidden["status"] == INFO
    assert hidden["detail"].startswith("none wastes 8.0 MiB or more of 0 index(es) estimated; 3 index(es) of 1 MB")
    assert hidden["detail"].endswith(GRANT)
