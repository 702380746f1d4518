"""postgres_probe against a real PostgreSQL on 127.0.0.1, with faults the tests induce and remove.

Each fault (a blocking lock, a session idle in transaction, an invalid index, a
database at its connection limit) must turn its check WARN or FAIL and the
check must return to PASS once the fault is gone. The probe connects as the
pg_monitor-only account, as in production.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module
from pg import PgServer, pg_server  # noqa: F401 - the session fixture

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "faults"


@pytest.fixture(scope="module")
def server(pg_server: PgServer) -> Iterator[PgServer]:  # noqa: F811 - pytest fixture injection
    with pg_server.connect() as conn:
        conn.execute(f"CREATE DATABASE {DB}")
    with pg_server.connect(DB) as conn:
        conn.execute("CREATE TABLE t (id int, v text)")
        conn.execute("INSERT INTO t SELECT g % 50, 'x' FROM generate_series(1, 200) g")
        conn.execute("GRANT SELECT ON t TO PUBLIC")
    yield pg_server
    with pg_server.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def run(server: PgServer, profile: str = "monthly", **overrides: Any) -> dict[str, dict[str, Any]]:
    options = server.probe_options()
    options.update(profile=profile, **overrides)
    result = probe.run_probe(options)
    return {c["id"]: c for c in result["checks"]}


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.1)


def test_healthy_server_as_the_monitoring_account(server: PgServer) -> None:
    checks = run(server)
    errors = {i: c["detail"] for i, c in checks.items() if c["status"] == "ERROR"}
    assert errors == {}
    for cid in (
        "pg.blocking_locks",
        "pg.idle_in_transaction",
        "pg.invalid_indexes",
        "pg.database_connection_limit",
        "pg.connections",
    ):
        assert checks[cid]["status"] == "PASS", checks[cid]
    assert DB in checks["pg.database_access"]["detail"], "every database is inspected"
    assert checks["pg.uptime"]["detail"].startswith(f"{server.version}.")


def test_blocking_lock(server: PgServer) -> None:
    thresholds = {"pg_blocked": {"warn": 1, "fail": 600}}
    holder = server.connect(DB)
    holder.autocommit = False
    waiter_done = threading.Event()

    def wait_on_lock() -> None:
        with server.connect(DB) as waiter:
            waiter.execute("SET statement_timeout = '30s'")
            waiter.execute("SELECT count(*) FROM t")
        waiter_done.set()

    try:
        holder.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=wait_on_lock, daemon=True)
        thread.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND now() - query_start > '1.2 s'"
        )
        with server.connect() as watcher:
            wait_for(lambda: watcher.execute(waiting).fetchone()[0] == 1)
        check = run(server, thresholds=thresholds)["pg.blocking_locks"]
        assert check["status"] in ("WARN", "FAIL")
        assert check["value"] >= 1
        assert "blocked by" in check["detail"]
    finally:
        holder.rollback()
        holder.close()
    assert waiter_done.wait(10)
    assert run(server, thresholds=thresholds)["pg.blocking_locks"]["status"] == "PASS"


def test_session_idle_in_transaction(server: PgServer) -> None:
    thresholds = {"pg_idle_in_transaction": {"warn": 1, "fail": 600}}
    idle = server.connect(DB)
    idle.autocommit = False
    try:
        idle.execute("SELECT 1")  # opens the transaction, then the session idles
        time.sleep(1.5)
        check = run(server, thresholds=thresholds)["pg.idle_in_transaction"]
        assert check["status"] in ("WARN", "FAIL")
        assert check["value"] >= 1
        assert "1 session(s)" in check["detail"]
    finally:
        idle.rollback()
        idle.close()
    assert run(server, thresholds=thresholds)["pg.idle_in_transaction"]["status"] == "PASS"


def test_invalid_index(server: PgServer) -> None:
    with server.connect(DB) as conn:
        # A unique index built concurrently over duplicates fails and stays behind INVALID.
        with contextlib.suppress(Exception):
            conn.execute("CREATE UNIQUE INDEX CONCURRENTLY t_id_uq ON t (id)")
        assert conn.execute("SELECT count(*) FROM pg_index WHERE NOT indisvalid").fetchone()[0] == 1
        try:
            check = run(server)["pg.invalid_indexes"]
            assert check["status"] == "FAIL"
            assert f"{DB}.public.t_id_uq on t" in check["detail"]
        finally:
            conn.execute("DROP INDEX IF EXISTS t_id_uq")
    assert run(server)["pg.invalid_indexes"]["status"] == "PASS"


def test_database_near_its_connection_limit(server: PgServer) -> None:
    with server.connect() as admin:
        admin.execute(f"ALTER DATABASE {DB} CONNECTION LIMIT 3")
        sessions = [server.connect(DB, user=server.probe_user) for _ in range(3)]
        try:
            check = run(server)["pg.database_connection_limit"]
            assert check["status"] == "FAIL"
            assert check["value"] == 100.0
            assert f"{DB} 3/3" in check["detail"]
        finally:
            for session in sessions:
                session.close()
        try:
            wait_for(
                lambda: (
                    admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (DB,)).fetchone()[0] == 0
                )
            )
            check = run(server)["pg.database_connection_limit"]
            assert check["status"] == "PASS", check
        finally:
            admin.execute(f"ALTER DATABASE {DB} CONNECTION LIMIT -1")


def test_wrong_password_is_an_error_naming_the_cause(server: PgServer) -> None:
    checks = run(server, login_password="not-the-password")
    assert checks["pg.connect"]["status"] == "ERROR"
    assert checks["pg.connect"]["detail"].startswith("authentication failed")
    assert set(checks) == {"pg.connect", "pg.score", "pg.changes"}


def test_closed_port_is_an_error_naming_the_cause(server: PgServer) -> None:
    from pg import free_port

    checks = run(server, login_port=free_port())
    assert checks["pg.connect"]["status"] == "ERROR"
    assert checks["pg.connect"]["detail"].startswith("connection refused")


def test_tuning_profile_reviews_parameters_and_duplicate_indexes(server: PgServer) -> None:
    with server.connect(DB) as conn:
        conn.execute("CREATE INDEX t_v_a ON t (v)")
        conn.execute("CREATE INDEX t_v_b ON t (v)")
        try:
            rules = {
                "shared_buffers": {"min": "1GB"},
                "max_connections": {"equals": 40},
                "no_such_setting": {"equals": 1},
            }
            checks = run(server, "tuning", parameter_recommendations=rules)
            assert checks["pg.duplicate_indexes"]["status"] == "WARN"
            assert "t_v_a, t_v_b" in checks["pg.duplicate_indexes"]["detail"]
            assert checks["pg.parameter.shared_buffers"]["status"] == "WARN"
            assert checks["pg.parameter.shared_buffers"]["value"] == "32MB"
            assert checks["pg.parameter.max_connections"]["status"] == "PASS"
            assert checks["pg.parameter.no_such_setting"]["status"] == "INFO"
            assert "pg.blocking_locks" not in checks
            assert {c["status"] for c in checks.values()} <= {"PASS", "WARN", "INFO"}
        finally:
            conn.execute("DROP INDEX t_v_a, t_v_b")
    assert run(server, "tuning")["pg.duplicate_indexes"]["status"] == "PASS"


def test_module_state_and_check_mode(server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = {k: v for k, v in server.probe_options().items() if v is not None}
    args.update(state_dir=str(tmp_path), state_key="pg-test-01", _ansible_check_mode=True)
    result, failed = run_module(monkeypatch, probe.main, args)
    assert not failed
    assert result["changed"] is False
    assert not list(tmp_path.iterdir()), "check mode writes no state"
    del args["_ansible_check_mode"]
    first, _ = run_module(monkeypatch, probe.main, args)
    state = json.loads((tmp_path / "postgres_pg-test-01.json").read_text())
    assert state["runs"]["monthly"]["statuses"]["pg.invalid_indexes"] == "PASS"
    assert first["diff"]["previous_run"] is None
    assert server.probe_password not in json.dumps(first)
    second, _ = run_module(monkeypatch, probe.main, args)
    assert second["diff"]["previous_run"] == state["runs"]["monthly"]["time"]
    assert second["diff"]["new_fail"] == []
    assert second["server"]["version_num"] >= 100000
