"""postgres_probe after statistics were reset, on a real PostgreSQL (issue 17, class 4).

A crash (``pg_ctl stop -m immediate``) discards the cumulative statistics: n_live_tup, last_vacuum and
last_analyze start again from nothing while pg_class.reltuples keeps what the last VACUUM or ANALYZE
counted. A table with dead rows must then be judged against its autovacuum thresholds, not as
"100 % dead" and "never vacuumed". On the cluster of each major shared by the scenario modules
(``pg_cluster``, tests/integration/pg.py), which the crash restarts as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, own_database, pg_ctl, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "resets"


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    with own_database(pg_cluster, DB) as pg:
        yield pg


def run(server: PgServer, **overrides: Any) -> dict[str, dict[str, Any]]:
    options = server.probe_options()
    options.update(**overrides)
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}


def dead_rows(server: PgServer) -> int:
    with server.connect(DB) as conn:
        row = conn.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'big'").fetchone()
        return int(row[0]) if row else 0


def test_a_crash_restart_with_dead_rows_gives_no_false_fail(server: PgServer, tmp_path: Path) -> None:
    with server.connect(DB) as conn:
        # Autovacuum off for this table only, so nothing tidies it up while the probe looks.
        conn.execute("CREATE TABLE big (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = off)")
        conn.execute("INSERT INTO big SELECT g, 'x' FROM generate_series(1, 10000) g")
        conn.execute("VACUUM ANALYZE big")
        # The test cluster runs with synchronous_commit off: a checkpoint keeps the table through the crash.
        conn.execute("CHECKPOINT")
    state = {"state_dir": str(tmp_path), "state_key": "resets", "databases": [DB]}
    run(server, profile="tuning", **state)
    run(server, **state)  # the monthly counters' sample too (database events, standby conflicts)
    pg_ctl(server, server.datadir, "-m", "immediate", "stop")
    pg_ctl(server, server.datadir, "start")
    with server.connect(DB) as conn:
        # 1000 dead rows of 10000: below autovacuum's thresholds (50 + 20 % to vacuum, 50 + 10 % to analyze).
        conn.execute("UPDATE big SET v = 'y' WHERE id <= 1000")
    wait_for(lambda: dead_rows(server) >= 1000)
    checks = run(server, **state)
    dead, vacuum = checks["pg.dead_tuples"], checks["pg.vacuum_age"]
    assert (dead["status"], vacuum["status"]) == ("PASS", "PASS"), (dead, vacuum)
    assert "100%" not in dead["detail"]
    assert "never vacuumed" not in vacuum["detail"]
    # The counters since the previous run are not those of reset statistics, even where none went down (a
    # quiet cluster's deadlocks and conflicts stay 0): the statistics began after the previous sample.
    for name in ("pg.database_events", "pg.standby_conflicts"):
        assert "since statistics were reset (after the previous run)" in checks[name]["detail"], checks[name]
    tuning = run(server, profile="tuning", **state)
    assert "since statistics were reset (after the previous run)" in tuning["pg.checkpoints"]["detail"], tuning[
        "pg.checkpoints"
    ]
    stale = tuning["pg.stale_statistics"]
    assert stale["status"] == "PASS", stale
    # The cache hit ratio of the interval since the previous run is not the one of a reset counter.
    assert "since statistics were reset (after the previous run)" in tuning["pg.cache_hit"]["detail"], tuning[
        "pg.cache_hit"
    ]


def test_dead_rows_over_the_vacuum_threshold_after_a_crash_are_dated_from_the_reset(server: PgServer) -> None:
    with server.connect(DB) as conn:
        conn.execute("CREATE TABLE hot (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = off)")
        conn.execute("INSERT INTO hot SELECT g, 'x' FROM generate_series(1, 10000) g")
        conn.execute("VACUUM ANALYZE hot")
        conn.execute("CHECKPOINT")
    pg_ctl(server, server.datadir, "-m", "immediate", "stop")
    pg_ctl(server, server.datadir, "start")
    with server.connect(DB) as conn:
        conn.execute("UPDATE hot SET v = 'y' WHERE id <= 3000")
        wait_for(
            lambda: (
                conn.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'hot'").fetchone()[0] >= 3000
            )
        )
    checks = run(server, databases=[DB])
    dead, vacuum = checks["pg.dead_tuples"], checks["pg.vacuum_age"]
    # 3000 dead of 10000 counted by the last VACUUM: 23 %, not 100 %.
    assert (dead["status"], round(dead["value"])) == ("WARN", 23), dead
    assert vacuum["status"] == "PASS", vacuum
    assert "not vacuumed since statistics began" in vacuum["detail"], vacuum
    assert "statistics reset at the server's start" in vacuum["detail"], vacuum
