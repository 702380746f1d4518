"""postgres_probe verdicts on replication, on a real PostgreSQL (issue 17, class 5).

The primary and hot standby (``standby1``) of ``pg_pair`` (tests/integration/pg.py) of each major of
LIVE_VERSIONS; scenarios: pg_receivewal attached (a WAL receiver that never replays), the standby paused, the
standby stopped while ``synchronous_standby_names`` names it, a slot on the standby, a query on the standby
cancelled by a recovery conflict. A healthy pair gives no WARN on either side.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, Standby, not_fine, pg_ctl, streaming, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module")
def primary(pg_pair: Standby) -> Iterator[PgServer]:
    pg_pair.primary.psql("CREATE TABLE r (id int)")
    yield pg_pair.primary
    pg_pair.primary.psql("DROP TABLE r")


@pytest.fixture(scope="module")
def standby(primary: PgServer, pg_pair: Standby) -> Standby:
    return pg_pair


def run(options: dict[str, Any], **overrides: Any) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in probe.run_probe(dict(options, **overrides))["checks"]}


def make_wal(primary: PgServer, rounds: int = 3) -> None:
    with primary.connect() as conn:
        for _ in range(rounds):
            conn.execute("INSERT INTO r SELECT g FROM generate_series(1, 1000) g")
            conn.execute("SELECT pg_switch_wal()")


def test_a_healthy_standby_and_primary_give_no_warn(primary: PgServer, standby: Standby) -> None:
    make_wal(primary, 1)
    assert not_fine(run(standby.probe_options())) == {}
    on_primary = run(primary.probe_options(), expected_standbys=["standby1"])
    assert not_fine(on_primary) == {}
    assert on_primary["pg.standbys"]["status"] == "PASS", on_primary["pg.standbys"]


@contextlib.contextmanager
def receivewal(primary: PgServer) -> Iterator[None]:
    target = primary.root / "receivewal"
    target.mkdir(exist_ok=True)
    if primary.run_as:
        subprocess.run(["chown", primary.run_as, str(target)], check=True)
    cmd = primary._cmd(str(primary.bindir / "pg_receivewal"), "-D", str(target), "-h", str(primary.socket_dir),
                       "-p", str(primary.port), "-U", primary.superuser, "--status-interval", "1", "-n")  # fmt: skip
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: "pg_receivewal" in streaming(primary), timeout=30)
        yield
    finally:
        process.terminate()
        process.wait(10)


def receiver_replay_lag(primary: PgServer) -> float:
    with primary.connect() as conn:
        query = (
            "SELECT EXTRACT(EPOCH FROM replay_lag) FROM pg_stat_replication WHERE application_name = 'pg_receivewal'"
        )
        row = conn.execute(query).fetchone()
        return float(row[0]) if row and row[0] is not None else 0.0


def test_pg_receivewal_is_graded_on_what_it_writes_not_on_replay(primary: PgServer, standby: Standby) -> None:
    with receivewal(primary):
        make_wal(primary)
        # pg_receivewal never replays: its replay_lag only grows, while what it writes keeps up.
        wait_for(lambda: receiver_replay_lag(primary) > 4, timeout=30)
        checks = run(primary.probe_options(), thresholds={"pg_replication_lag": {"warn": 3, "fail": 600}})
        lag = checks["pg.replication_lag"]
        assert lag["status"] == "PASS", lag
        assert "pg_receivewal WAL receiver (does not replay)" in lag["detail"], lag


def test_a_paused_standby_reports_the_pause_and_the_bytes_waiting(primary: PgServer, standby: Standby) -> None:
    with standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        try:
            make_wal(primary)
            lag = run(standby.probe_options())["pg.replication_lag"]
            assert lag["status"] == "WARN", lag
            assert "replay paused" in lag["detail"], lag
            assert "waiting to be replayed" in lag["detail"], lag
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")


def test_a_stopped_synchronous_standby_is_a_fail(primary: PgServer, standby: Standby) -> None:
    primary.psql("ALTER SYSTEM SET synchronous_standby_names = 'standby1'")
    primary.psql("SELECT pg_reload_conf()")
    try:
        assert run(primary.probe_options())["pg.standbys"]["status"] == "PASS"
        pg_ctl(primary, standby.root, "-m", "fast", "stop")
        wait_for(lambda: streaming(primary) == [], timeout=30)
        checks = run(primary.probe_options(), expected_standbys=["standby1", "standby2"])
        standbys = checks["pg.standbys"]
        assert standbys["status"] == "FAIL", standbys
        assert "synchronous standby standby1 not attached" in standbys["detail"], standbys
        assert "expected standby standby2 not attached" in standbys["detail"], standbys
    finally:
        primary.psql("ALTER SYSTEM RESET synchronous_standby_names")
        primary.psql("SELECT pg_reload_conf()")
        pg_ctl(primary, standby.root, "start", check=False)
    wait_for(lambda: streaming(primary) == ["standby1"], timeout=30)


def test_a_slot_on_a_standby_is_measured_from_the_wal_received(primary: PgServer, standby: Standby) -> None:
    with standby.connect() as conn:
        conn.execute("SELECT pg_create_physical_replication_slot('cascade', true)")
        try:
            make_wal(primary)
            slots = run(standby.probe_options())["pg.replication_slots"]
            assert slots["detail"].startswith("cascade (physical) retains "), slots
            assert "retains ?" not in slots["detail"], slots
            assert slots["value"] > 0, slots
        finally:
            conn.execute("SELECT pg_drop_replication_slot('cascade')")


def test_a_query_cancelled_on_the_standby_since_the_previous_run_is_a_warn(
    primary: PgServer, standby: Standby, tmp_path: Any
) -> None:
    """A read on the standby holds a table that the primary drops: replay cancels it after
    max_standby_streaming_delay (a lock conflict in pg_stat_database_conflicts)."""
    import psycopg

    state = {"state_dir": str(tmp_path), "state_key": "conflicts"}
    conninfo = standby.conninfo()
    primary.psql("CREATE TABLE conflicted (id int)")
    with standby.connect() as admin:
        admin.execute("ALTER SYSTEM SET max_standby_streaming_delay = '100ms'")
        admin.execute("SELECT pg_reload_conf()")
        try:
            wait_for(lambda: admin.execute("SELECT to_regclass('conflicted')").fetchone()[0] is not None, timeout=30)
            assert run(standby.probe_options(), **state)["pg.standby_conflicts"]["status"] == "PASS"
            with psycopg.connect(conninfo, autocommit=False) as reader:
                reader.execute("SELECT * FROM conflicted")
                primary.psql("DROP TABLE conflicted")
                wait_for(lambda: admin.execute("SELECT to_regclass('conflicted')").fetchone()[0] is None, timeout=30)
                with contextlib.suppress(psycopg.Error):
                    reader.rollback()
            # Before 15 the statistics collector takes the count a moment later.
            counted = "SELECT sum(confl_lock) FROM pg_stat_database_conflicts"
            wait_for(lambda: admin.execute(counted).fetchone()[0] >= 1)
            conflicts = run(standby.probe_options(), **state)["pg.standby_conflicts"]
            assert conflicts["status"] == "WARN", conflicts
            assert "cancelled by recovery conflicts since the previous run (1 lock)" in conflicts["detail"], conflicts
        finally:
            admin.execute("ALTER SYSTEM RESET max_standby_streaming_delay")
            admin.execute("SELECT pg_reload_conf()")
