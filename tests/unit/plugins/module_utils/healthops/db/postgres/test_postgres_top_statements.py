"""Top SQL from pg_stat_statements (tuning), and the guard that reads it only where it can be read, from rows
as PostgreSQL 15 gave them to the pg_monitor role (tests/integration/test_postgres_statements_live.py: not
preloaded, preloaded without the extension, then the extension created and a pg_sleep(0.3) run)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import QueryError, select_statements
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE, guarded, guarded_out

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)
ABSENT = {"database": "postgres", "extversion": None, "visible": False, "preloaded": False}
PRELOADED = dict(ABSENT, preloaded=True)
READY = dict(PRELOADED, extversion="1.10", visible=True)
SLEEP = {"queryid": "2920803561901199087", "username": "postgres", "database": "postgres", "calls": 1,
         "total_ms": 301.976482, "mean_ms": 301.976482, "rows": 1, "shared_blks_hit": 0, "shared_blks_read": 0,
         "temp_blks_written": 0, "share_pct": Decimal("85.6"), "query": "SELECT pg_sleep($1)"}  # fmt: skip
CREATE = {"queryid": "2643756286501377769", "username": "postgres", "database": "postgres", "calls": 1,
          "total_ms": 50.582115, "mean_ms": 50.582115, "rows": 0, "shared_blks_hit": 2727, "shared_blks_read": 100,
          "temp_blks_written": 0, "share_pct": Decimal("14.3"),
          "query": "CREATE EXTENSION pg_stat_statements"}  # fmt: skip


def check(extension: dict[str, Any], top: list[dict[str, Any]], version: int = 150000) -> dict[str, Any]:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, version=version)
    (found,) = ev.ev_top_statements({"statements_extension": [extension], "top_statements": top}, ctx)
    return found


def test_the_statements_that_took_the_most_time_are_named() -> None:
    found = check(READY, [SLEEP, CREATE])
    assert (found["status"], found["value"], found["unit"]) == (INFO, 0.3, "s")
    assert found["detail"] == (
        "[2920803561901199087] 86% of the time: 0.3 s in 1 call(s) of 302.0 ms, postgres in postgres: "
        "SELECT pg_sleep($1), [2643756286501377769] 14% of the time: 0.1 s in 1 call(s) of 50.6 ms, postgres in "
        "postgres: CREATE EXTENSION pg_stat_statements"
    )
    assert check(READY, [])["detail"] == "no statements recorded since pg_stat_statements was reset"


def test_what_is_missing_is_said() -> None:
    assert check(ABSENT, [])["detail"].startswith("pg_stat_statements is not in shared_preload_libraries: add it")
    assert check(PRELOADED, [])["detail"] == (
        "pg_stat_statements is loaded but not created in database postgres (CREATE EXTENSION)"
    )
    hidden = check(dict(READY, visible=False), [])
    assert hidden["detail"] == "pg_stat_statements 1.10 is in a schema outside the probe role's search_path"


def test_the_view_is_read_only_where_the_guard_found_it() -> None:
    assert guarded_out("top_statements", {"statements_extension": [READY]}) is None
    assert guarded_out("top_statements", {"statements_extension": [PRELOADED]}) == []
    error = QueryError("statements_extension", "SQLSTATE 42501", "permission denied")
    assert guarded_out("top_statements", {"statements_extension": error}) is error
    assert guarded_out("settings", {}) is None


def test_the_columns_follow_the_version() -> None:
    assert "s.total_exec_time AS total_ms" in select_statements(CATALOGUE, "tuning", 130000)["top_statements"].sql
    assert "s.total_time AS total_ms" in select_statements(CATALOGUE, "tuning", 120000)["top_statements"].sql
    assert "top_statements" not in select_statements(CATALOGUE, "monthly", 170000)


def test_the_columns_follow_the_extension_version_the_guard_found() -> None:
    """An extension created before an upgrade to 13 and never updated (CREATE EXTENSION ... VERSION '1.7' on 15,
    as tests/integration/test_postgres_statements_live.py does) keeps total_time and mean_time."""
    on_15 = select_statements(CATALOGUE, "tuning", 150000)["top_statements"]
    on_12 = select_statements(CATALOGUE, "tuning", 120000)["top_statements"]
    old = guarded("top_statements", on_15, {"statements_extension": [dict(READY, extversion="1.7")]})
    assert "s.total_time AS total_ms" in old.sql
    assert "s.mean_time AS mean_ms" in old.sql
    assert (old.min_version, old.profiles) == (on_15.min_version, on_15.profiles)
    for version in ("1.8", "1.10", "1.11"):
        new = guarded("top_statements", on_12, {"statements_extension": [dict(READY, extversion=version)]})
        assert "s.total_exec_time AS total_ms" in new.sql, version
    assert guarded("top_statements", on_15, {"statements_extension": [PRELOADED]}) == []
    assert guarded("settings", on_15, {}) is on_15


def test_an_extension_older_than_the_server_says_to_update_it() -> None:
    found = check(dict(READY, extversion="1.7"), [SLEEP])
    assert found["detail"].endswith(
        "; extension pg_stat_statements 1.7 is older than the server's module (1.8 or later): "
        "ALTER EXTENSION pg_stat_statements UPDATE"
    )
    # Before 13 1.7 is the newest there is.
    assert "ALTER EXTENSION" not in check(dict(READY, extversion="1.7"), [SLEEP], version=120000)["detail"]
    assert "ALTER EXTENSION" not in check(READY, [SLEEP])["detail"]
