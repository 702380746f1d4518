"""postgres_probe without a server: options, connection parameters, failures before connecting.

The probe's behaviour against a real server is tested in
tests/integration/test_postgres_probe_live.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

probe = load_library_module("postgres_probe")


def options(**overrides: Any) -> dict[str, Any]:
    base = {name: spec.get("default") for name, spec in probe.ARGUMENT_SPEC.items()}
    base.update(login_host="127.0.0.1", login_password="secret")
    base.update(overrides)
    return base


def test_connection_is_read_only_with_a_statement_timeout() -> None:
    params = probe._conninfo(options(statement_timeout=2500, ca_cert="/etc/ca.pem", ssl_mode="verify-full"), "app")
    assert params["dbname"] == "app"
    assert params["host"] == "127.0.0.1"
    assert params["sslmode"] == "verify-full"
    assert params["sslrootcert"] == "/etc/ca.pem"
    assert "-c statement_timeout=2500" in params["options"]
    assert "-c default_transaction_read_only=on" in params["options"]
    socket = probe._conninfo(options(login_unix_socket="/run/postgresql", login_password=""), "postgres")
    assert socket["host"] == "/run/postgresql"
    assert "password" not in socket


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        (
            {"thresholds": {"pg_idle_in_transaction": {"warn": 900}}},
            "thresholds.pg_idle_in_transaction: warn (900) must not be above fail (600)",
        ),
        ({"thresholds": {"oracle_fra": {"warn": 1}}}, "thresholds.oracle_fra: unknown threshold id"),
        ({"thresholds": {"pg_cache_hit": {"warn": 101}}}, "thresholds.pg_cache_hit.warn is a percentage"),
        (
            {"parameter_recommendations": {"shared_buffers": {"min": "lots"}}},
            "parameter_recommendations.shared_buffers.min",
        ),
        ({"statement_timeout": 0}, "statement_timeout must be a positive number"),
        ({"ca_cert": "/nonexistent/ca.crt"}, "ca_cert /nonexistent/ca.crt is not a file on the controller"),
    ],
)
def test_bad_options_fail_before_connecting(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, Any], fragment: str
) -> None:
    def no_connect(*_args: Any) -> None:
        raise AssertionError("connected despite bad options")

    monkeypatch.setattr(probe, "_connect", no_connect)
    args = {k: v for k, v in options(**overrides).items() if v is not None}
    result, failed = run_module(monkeypatch, probe.main, args)
    assert failed
    assert fragment in result["msg"]


def test_tls_is_verified_by_default_against_the_system_cas_without_a_ca_file(monkeypatch: pytest.MonkeyPatch) -> None:
    assert probe.ARGUMENT_SPEC["ssl_mode"]["default"] == "verify-full"
    monkeypatch.setattr(probe, "find_ca_bundle", lambda: "/etc/ssl/certs/ca-certificates.crt")
    params = probe._conninfo(options(), "postgres")
    assert params["sslmode"] == "verify-full"
    assert params["sslrootcert"] == "/etc/ssl/certs/ca-certificates.crt"
    opted_out = probe._conninfo(options(ssl_mode="require"), "postgres")
    assert opted_out["sslmode"] == "require"
    assert "sslrootcert" not in opted_out


def test_no_ca_to_verify_with_is_an_error_and_nothing_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_connect(*_args: Any) -> None:
        raise AssertionError("connected without a CA to verify the server with")

    monkeypatch.setattr(probe, "_connect", no_connect)
    monkeypatch.setattr(probe, "find_ca_bundle", lambda: None)
    monkeypatch.setattr(probe.psycopg.pq, "version", lambda: 150000)  # before libpq's sslrootcert=system
    result = probe.run_probe(options())
    connect = next(c for c in result["checks"] if c["id"] == "pg.connect")
    assert connect["status"] == "ERROR"
    assert connect["detail"].startswith("ssl_mode verify-full needs CA certificates to verify the server with")
    assert "opt out explicitly with ssl_mode require" in connect["detail"]
