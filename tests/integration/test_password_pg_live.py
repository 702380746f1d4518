"""password_pg_role against a real PostgreSQL: the new password set as a SCRAM verifier (the password
itself never sent), verified by a new connection, the old one refused; put back exactly on restore."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from healthops_testlib import load_library_module
from module_args import run_module
from pg import PgServer, pg_server  # noqa: F401 - the session fixture

pytestmark = pytest.mark.integration

module = load_library_module("password_pg_role")
ROLE = "rotation_app"
OLD = "Old-Rotation-Password-1"
NEW = "New-Rotation-Password-2"


@pytest.fixture
def server(pg_server: PgServer) -> Iterator[PgServer]:  # noqa: F811 - pytest fixture injection
    with pg_server.connect() as conn:
        conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{OLD}'")
    yield pg_server
    with pg_server.connect() as conn:
        conn.execute(f"DROP ROLE {ROLE}")


def args(server: PgServer, **extra: Any) -> dict[str, Any]:
    return {
        "role": ROLE,
        "login_host": server.host,
        "login_port": server.port,
        "login_user": server.superuser,
        "login_password": server.password,
        "ca_cert": str(server.ca_file),
        **extra,
    }


def can_login(server: PgServer, password: str) -> bool:
    try:
        with psycopg.connect(
            host=server.host, port=server.port, dbname="postgres", user=ROLE, password=password,
            sslmode="verify-full", sslrootcert=str(server.ca_file),
        ):  # fmt: skip
            return True
    except psycopg.OperationalError:
        return False


def verifier(server: PgServer) -> str:
    with server.connect() as conn:
        return conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (ROLE,)).fetchone()[0]


def test_set_verify_and_restore(server: PgServer, monkeypatch: pytest.MonkeyPatch) -> None:
    before = verifier(server)
    result, failed = run_module(monkeypatch, module.main, args(server, state="set", password=NEW))
    assert not failed, result
    assert result == {"changed": True, "previous": before}
    stored = verifier(server)
    assert stored.startswith("SCRAM-SHA-256$4096:")
    assert NEW not in stored
    assert can_login(server, NEW)
    assert not can_login(server, OLD)

    result, _ = run_module(monkeypatch, module.main, args(server, state="verify", password=NEW))
    assert (result["login_ok"], result["reason"]) == (True, "")
    result, _ = run_module(monkeypatch, module.main, args(server, state="verify", password=OLD))
    assert result["login_ok"] is False
    assert "password authentication failed" in result["reason"]
    assert OLD not in result["reason"]

    result, failed = run_module(monkeypatch, module.main, args(server, state="restore", verifier=before))
    assert not failed
    assert verifier(server) == before
    assert can_login(server, OLD)


def test_check_mode_changes_nothing(server: PgServer, monkeypatch: pytest.MonkeyPatch) -> None:
    before = verifier(server)
    result, _ = run_module(monkeypatch, module.main, args(server, state="set", password=NEW, _ansible_check_mode=True))
    assert result["changed"] is True
    assert verifier(server) == before


def test_an_unknown_role_fails_without_a_secret(server: PgServer, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run_module(monkeypatch, module.main, args(server, state="set", password=NEW, role="ghost"))
    assert failed
    assert "role ghost does not exist" in result["msg"]
    assert NEW not in result["msg"]
