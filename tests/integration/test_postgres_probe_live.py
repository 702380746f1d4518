"""postgres_probe against a real PostgreSQL on 127.0.0.1, with faults the tests induce and remove.

Each fault (a blocking lock, a session idle in transaction, an invalid index, a
database at its connection limit) must turn its check WARN or FAIL and the
check must return to PASS once the fault is gone. The probe connects as the
pg_monitor-only account, as in production.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module
from pg import PgServer, pg_server, wait_for  # noqa: F401 - the session fixture
from zh_record import english_findings, english_lines

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
    assert english_lines(checks.values()) == []  # every line of the zh record in Chinese


def test_patch_level_against_a_baseline_of_the_running_release(server: PgServer) -> None:
    """The release the server runs passes a baseline equal to it and fails one a minor release above."""
    with server.connect() as conn:
        num = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()[0]
    major, minor = str(num // 10000), num % 10000
    same = run(server, required_patch_level={major: f"{major}.{minor}"})["pg.patch_level"]
    assert (same["status"], same["value"]) == ("PASS", f"{major}.{minor}"), same
    above = run(server, required_patch_level={major: f"{major}.{minor + 1}"})["pg.patch_level"]
    assert above["status"] == "FAIL", above
    assert f"install the latest minor release of {major}" in above["detail"]
    assert run(server, profile="tuning").get("pg.patch_level") is None, "monthly profile only"


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
        assert english_findings([check]) == []  # the zh record says it in Chinese
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
        assert english_findings([check]) == []
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
            assert english_findings([check]) == []
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
    assert english_findings(checks.values()) == []


def test_closed_port_is_an_error_naming_the_cause(server: PgServer) -> None:
    from pg import free_port

    checks = run(server, login_port=free_port())
    assert checks["pg.connect"]["status"] == "ERROR"
    assert checks["pg.connect"]["detail"].startswith("connection refused")
    assert english_findings(checks.values()) == []


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


# --------------------------------------------------------------------------- TLS and secrets
# The session's server offers TLS with a certificate for 127.0.0.1 from a CA the test generated
# (tests/integration/pg.py); probe_options() verify it against that CA, as production does.


def test_verify_full_against_the_right_ca_passes(server: PgServer) -> None:
    checks = run(server, ssl_mode=probe.ARGUMENT_SPEC["ssl_mode"]["default"])
    tls = checks["pg.tls"]
    assert tls["status"] == "PASS", tls
    assert tls["value"] == "verify-full"
    assert f"verified against CA file {server.ca_file}" in tls["detail"]
    assert tls["detail"].startswith("TLSv1.")


def test_a_wrong_ca_is_a_clear_error_and_nothing_is_probed(server: PgServer) -> None:
    checks = run(server, ca_cert=str(server.wrong_ca_file))
    connect = checks["pg.connect"]
    assert connect["status"] == "ERROR"
    assert connect["detail"].startswith("TLS verification failed: the server's certificate is not signed by the CA")
    assert "set the CA file that signed it (ca_cert)" in connect["detail"]
    assert "opt out explicitly with ssl_mode require" in connect["detail"]
    assert set(checks) == {"pg.connect", "pg.score", "pg.changes"}


def test_without_a_ca_file_the_default_still_verifies_against_the_system_cas(server: PgServer) -> None:
    # The test CA is in no system store: the default refuses the server instead of trusting it.
    checks = run(server, ssl_mode=None, ca_cert=None)
    assert checks["pg.connect"]["status"] == "ERROR"
    assert checks["pg.connect"]["detail"].startswith("TLS verification failed")


@pytest.mark.parametrize(
    ("ssl_mode", "words"),
    [
        ("disable", "not verified and not encrypted (ssl_mode disable given explicitly)"),
        ("require", "in use, but the server's certificate is not checked (ssl_mode require given explicitly)"),
        ("prefer", "in use, but the server's certificate is not checked (ssl_mode prefer given explicitly)"),
    ],
)
def test_an_explicit_opt_out_is_reported(server: PgServer, ssl_mode: str, words: str) -> None:
    checks = run(server, ssl_mode=ssl_mode, ca_cert=None)
    tls = checks["pg.tls"]
    assert tls["status"] == "WARN", tls
    assert tls["value"] == ssl_mode
    assert words in tls["detail"]
    assert checks["pg.connections"]["status"] == "PASS"  # the probe still runs


def test_a_unix_socket_needs_no_tls(server: PgServer) -> None:
    checks = run(server, login_unix_socket=str(server.socket_dir), ca_cert=None)
    assert checks["pg.tls"]["status"] == "INFO"
    assert checks["pg.tls"]["detail"] == "local Unix socket: TLS does not apply"


WRONG_PASSWORD = "Wrq7 pass'phr\\ase Zx9"


def assert_no_piece_of_the_wrong_password(text: str) -> None:
    """Neither the password nor any piece a parser could cut it into, standing on its own (not inside a word)."""
    assert WRONG_PASSWORD not in text
    for piece in ("Wrq7", "pass'phr\\ase", "pass'phr", "pass", "phr", "ase", "Zx9", "Wrq7 pass'phr\\ase"):
        assert not re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", text), piece


def test_a_wrong_password_with_a_space_leaves_no_piece_of_itself(server: PgServer, tmp_path: Path) -> None:
    checks = run(server, login_password=WRONG_PASSWORD, state_dir=str(tmp_path))
    detail = checks["pg.connect"]["detail"]
    assert detail.startswith("authentication failed"), detail
    details = " ".join(c["detail"] for c in checks.values())
    assert_no_piece_of_the_wrong_password(details + json.dumps(checks, ensure_ascii=False))
    assert not list(tmp_path.iterdir()), "a failed connection writes no state"


def test_a_password_with_a_space_written_raw_into_a_dsn_leaks_nothing(
    server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The form that leaked: libpq splits the unquoted value and echoes a piece ('missing "=" after ...').
    db_compare = load_library_module("db_compare")
    dsn = f"host={server.host} port={server.port} dbname=postgres user={server.probe_user} password={WRONG_PASSWORD}"
    result, failed = run_module(monkeypatch, db_compare.main, {"source_dsn": dsn, "target_dsn": dsn})
    assert not failed
    assert result["checks"][0]["status"] == "ERROR"
    details = " ".join(c["detail"] for c in result["checks"]) + result["error"] + result["traceback"]
    assert_no_piece_of_the_wrong_password(details + json.dumps(result, ensure_ascii=False))


def test_db_compare_verifies_tls_and_reports_an_opt_out(server: PgServer, monkeypatch: pytest.MonkeyPatch) -> None:
    db_compare = load_library_module("db_compare")
    # The DSN written without any sslmode: verify-full is db_compare's default, against the CA given.
    dsn = f"host={server.host} port={server.port} dbname=postgres user={server.superuser} password={server.password}"
    args = {"source_dsn": dsn, "target_dsn": dsn, "tables": ["pg_catalog.pg_am"], "label": "tls"}
    verified, _ = run_module(monkeypatch, db_compare.main, {**args, "ca_cert": str(server.ca_file)})
    assert verified["tls"]["source"]["verified"] is True
    assert verified["tls"]["source"]["status"] == "PASS"
    assert [c["id"] for c in verified["checks"]] == ["db_compare:tls.pg_catalog.pg_am"]
    wrong, _ = run_module(monkeypatch, db_compare.main, {**args, "ca_cert": str(server.wrong_ca_file)})
    assert wrong["checks"][0]["status"] == "ERROR"
    assert "TLS verification failed: the server's certificate is not signed by the CA in use" in wrong["error"]
    opted_out, _ = run_module(monkeypatch, db_compare.main, {**args, "ssl_mode": "require"})
    statuses = {c["id"]: c["status"] for c in opted_out["checks"]}
    assert statuses == {"db_compare:tls.pg_catalog.pg_am": "PASS", "db_compare.tls:tls": "WARN"}
