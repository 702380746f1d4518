"""Dead tuples, vacuum and analyze ages and the cache hit ratio after the cumulative statistics were reset.

The rows are those PostgreSQL 15 gave after ``pg_ctl stop -m immediate`` and a restart
(tests/integration/test_postgres_stats_reset_live.py): n_live_tup 0, last_vacuum empty,
pg_class.reltuples kept, statistics beginning at the restart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import select_statements
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE

NOW = dt.datetime(2026, 12, 6, 7, 30, tzinfo=dt.UTC)


def ctx(state: dict[str, Any] | None = None) -> EvalContext:
    return EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, state=state, prefix="pg")


def after_crash(**values: Any) -> dict[str, Any]:
    row = {"datname": "resets", "schemaname": "public", "relname": "big", "n_live_tup": 0, "n_dead_tup": 1000}
    row.update(reltuples=10000.0, vacuum_age_days=None, vacuum_threshold=2050.0)
    row.update(stats_age_days=0.0001, stats_reset_after_start_seconds=0.0089)
    row.update(values)
    return row


def checks(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in ev.ev_dead_tuples({"dead_tuples": rows}, ctx())}


def test_dead_rows_below_the_autovacuum_threshold_after_a_crash_pass() -> None:
    found = checks([after_crash()])
    assert {i: c["status"] for i, c in found.items()} == {"pg.dead_tuples": PASS, "pg.vacuum_age": PASS}
    assert "100%" not in found["pg.dead_tuples"]["detail"]
    assert "statistics reset at the server's start" in found["pg.vacuum_age"]["detail"]


def test_dead_rows_past_the_threshold_are_a_share_of_reltuples_dated_from_the_reset() -> None:
    found = checks([after_crash(relname="hot", n_dead_tup=3000)])
    assert (found["pg.dead_tuples"]["status"], round(found["pg.dead_tuples"]["value"])) == (WARN, 23)
    vacuum = found["pg.vacuum_age"]
    assert vacuum["status"] == PASS
    assert vacuum["detail"].startswith("resets.public.hot not vacuumed since statistics began 0.0 d ago")


def test_no_vacuum_for_weeks_since_statistics_began_is_still_graded() -> None:
    found = checks([after_crash(n_dead_tup=3000, stats_age_days=40.0, stats_reset_after_start_seconds=-3.0e6)])
    assert found["pg.vacuum_age"]["status"] == FAIL
    assert "statistics reset at the server's start" not in found["pg.vacuum_age"]["detail"]


def test_without_a_statistics_date_a_table_never_vacuumed_stays_a_fail() -> None:
    found = checks([after_crash(n_dead_tup=3000, stats_age_days=None, stats_reset_after_start_seconds=None)])
    assert found["pg.vacuum_age"]["status"] == FAIL
    assert "never vacuumed" in found["pg.vacuum_age"]["detail"]


def stale(**values: Any) -> dict[str, Any]:
    row = {"datname": "resets", "schemaname": "public", "relname": "big", "n_live_tup": 0}
    row.update(n_mod_since_analyze=1500, reltuples=10000.0, relpages=55, analyze_age_days=None)
    row.update(values)
    return row


def test_a_table_analyzed_before_a_reset_is_not_never_analyzed() -> None:
    (check,) = ev.ev_stale_stats({"stale_stats": [stale()]}, ctx())
    assert check["status"] == WARN
    assert check["detail"] == "resets.public.big 1500 changes, not analyzed since statistics began"
    for never in (stale(reltuples=-1.0), stale(reltuples=0.0, relpages=0)):
        (check,) = ev.ev_stale_stats({"stale_stats": [never]}, ctx())
        assert check["detail"] == "resets.public.big never analyzed"


def test_the_cache_hit_ratio_is_graded_per_interval_between_runs() -> None:
    first = ctx()
    (check,) = ev.ev_cache_hit({"cache_hit": [{"hit": 9_900_000, "read": 100_000}]}, first)
    assert (check["status"], check["value"]) == (PASS, 99.0)
    assert first.memory["cache_hit"] == {"hit": 9_900_000.0, "read": 100_000.0}
    # 80 000 hits and 20 000 reads since the previous run: 80 %, though 98.8 % since the reset.
    later = ctx({"memory": first.memory})
    (check,) = ev.ev_cache_hit({"cache_hit": [{"hit": 9_980_000, "read": 120_000}]}, later)
    assert (check["status"], check["value"]) == (FAIL, 80.0)
    assert check["detail"] == "80000 hits, 20000 reads since the previous run"
    # Counters lower than last time: reset in between, the ratio is the one since the reset.
    reset = ctx({"memory": first.memory})
    (check,) = ev.ev_cache_hit({"cache_hit": [{"hit": 500, "read": 20}]}, reset)
    assert check["status"] == INFO
    assert check["detail"] == (
        "only 520 block accesses since statistics were reset (after the previous run): too little to judge"
    )


def test_counters_grown_past_the_previous_sample_after_a_crash_are_still_taken_since_the_reset() -> None:
    # Before 15 a crash restart empties pg_stat_database; by the next run the counters may be higher than
    # the previous sample. The statistics began (stats_reset) after that sample: counted since the reset.
    first = ctx()
    ev.ev_cache_hit({"cache_hit": [{"hit": 10_000, "read": 100, "stats_age_days": 0.01}]}, first)
    hour_later = NOW + dt.timedelta(hours=1)
    later = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), hour_later, state={"memory": first.memory})
    row = {"hit": 10_500, "read": 150, "stats_age_days": 60 / 86400}
    (check,) = ev.ev_cache_hit({"cache_hit": [row]}, later)
    assert check["detail"] == "10500 hits, 150 reads since statistics were reset (after the previous run)"
    # The same statistics as before (began before the previous sample): the interval's growth.
    same = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), hour_later, state={"memory": first.memory})
    (check,) = ev.ev_cache_hit({"cache_hit": [dict(row, stats_age_days=0.1)]}, same)
    assert check["detail"] == "only 550 block accesses since the previous run: too little to judge"


def test_checkpoints_are_counted_per_interval_between_runs() -> None:
    row = {"timed": 100, "requested": 0, "skipped": None, "in_recovery": False, "checkpoint_timeout": "5min"}
    first = ctx()
    (check,) = ev.ev_checkpoints({"checkpoints": [row]}, first)
    assert (check["status"], check["value"]) == (PASS, 0.0)
    later = ctx({"memory": first.memory})
    (check,) = ev.ev_checkpoints({"checkpoints": [dict(row, timed=105, requested=15)]}, later)
    assert (check["status"], check["value"]) == (FAIL, 75.0)
    assert check["detail"].startswith("15 requested, 5 timed since the previous run")


def test_each_check_is_evaluated_once() -> None:
    ids = [e.check_id for e in ev.EVALUATORS]
    assert len(ids) == len(set(ids))


def later_run(first: EvalContext) -> EvalContext:
    return EvalContext(
        merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW + dt.timedelta(hours=1), state={"memory": first.memory}
    )


# The statistics began a minute before the next run (a crash restart before 15, or pg_stat_reset()), after the
# previous sample taken an hour earlier; "stats_age_days" 0.1 is statistics older than that sample.
RESET_SINCE = 60 / 86400
SAME_STATS = 0.1


def test_checkpoints_grown_past_the_previous_sample_after_a_reset_are_counted_since_the_reset() -> None:
    row = {"timed": 100, "requested": 10, "skipped": None, "in_recovery": False, "checkpoint_timeout": "5min"}
    first = ctx()
    ev.ev_checkpoints({"checkpoints": [dict(row, stats_age_days=30.0)]}, first)
    grown = dict(row, timed=104, requested=16)
    (check,) = ev.ev_checkpoints({"checkpoints": [dict(grown, stats_age_days=RESET_SINCE)]}, later_run(first))
    # 16 of 120 since the reset (13.33 %), not 6 of 10 since the previous sample (60 %, a FAIL).
    assert (check["status"], check["value"]) == (PASS, 13.33)
    assert check["detail"].startswith("16 requested, 104 timed since statistics were reset (after the previous run);")
    (check,) = ev.ev_checkpoints({"checkpoints": [dict(grown, stats_age_days=SAME_STATS)]}, later_run(first))
    assert check["detail"].startswith("6 requested, 4 timed since the previous run;")


def events(deadlocks: int, stats_age_days: float, checksum_failures: Any = None) -> dict[str, Any]:
    row = {"deadlocks": deadlocks, "temp_files": 2, "temp_bytes": 2621440, "checksum_failures": checksum_failures}
    return dict(row, stats_age_days=stats_age_days, stats_reset_after_start_seconds=None)


def test_database_events_grown_past_the_previous_sample_after_a_reset_are_counted_since_the_reset() -> None:
    first = ctx()
    ev.ev_database_events({"database_events": [events(3, 30.0)]}, first)
    (check,) = ev.ev_database_events({"database_events": [events(5, RESET_SINCE)]}, later_run(first))
    # 5 deadlocks since the reset are told, not graded as 2 new ones since the previous run.
    assert (check["status"], check["value"]) == (PASS, 5.0)
    assert check["detail"] == (
        "5 deadlock(s), 2 temporary file(s) (2.5 MiB) since statistics were reset (after the previous run)"
    )
    (check,) = ev.ev_database_events({"database_events": [events(5, SAME_STATS)]}, later_run(first))
    assert (check["status"], check["value"]) == (WARN, 2.0)
    assert check["detail"] == "2 deadlock(s), 0 temporary file(s) (0 B) since the previous run"


def conflicts(snapshot: int, stats_age_days: float) -> dict[str, Any]:
    row = {"in_recovery": True, "tablespace": 0, "lock": 1, "snapshot": snapshot, "bufferpin": 0, "deadlock": 0}
    return dict(row, logical_slot=None, stats_age_days=stats_age_days, stats_reset_after_start_seconds=None)


def test_standby_conflicts_grown_past_the_previous_sample_after_a_reset_are_counted_since_the_reset() -> None:
    first = ctx()
    ev.ev_standby_conflicts({"standby_conflicts": [conflicts(4, 30.0)]}, first)
    (check,) = ev.ev_standby_conflicts({"standby_conflicts": [conflicts(6, RESET_SINCE)]}, later_run(first))
    assert (check["status"], check["value"]) == (PASS, 7.0)
    assert check["detail"] == (
        "7 query(ies) cancelled by recovery conflicts since statistics were reset (after the previous run) "
        "(1 lock, 6 snapshot)"
    )
    (check,) = ev.ev_standby_conflicts({"standby_conflicts": [conflicts(6, SAME_STATS)]}, later_run(first))
    assert (check["status"], check["value"]) == (WARN, 2.0)
    assert check["detail"] == "2 query(ies) cancelled by recovery conflicts since the previous run (2 snapshot)"


@pytest.mark.parametrize("version", [100000, 120000, 130000, 150004, 160000, 170002, 180000])
def test_the_interval_counters_come_with_the_start_of_their_statistics(version: int) -> None:
    chosen = {
        **select_statements(CATALOGUE, "monthly", version),
        **select_statements(CATALOGUE, "tuning", version),
    }
    for name in ("checkpoints", "database_events", "standby_conflicts", "cache_hit"):
        assert "AS stats_age_days" in chosen[name].sql, (name, version)
    # The checkpoints' own view: pg_stat_bgwriter before 17, pg_stat_checkpointer from 17 (both with stats_reset).
    view = "pg_stat_checkpointer" if version >= 170000 else "pg_stat_bgwriter"
    assert chosen["checkpoints"].sql.rstrip().endswith(f"FROM {view}")
    # pg_stat_database_conflicts has no stats_reset: its counters are dated by pg_stat_database's.
    assert "FROM pg_stat_database WHERE datname = current_database()" in chosen["standby_conflicts"].sql
