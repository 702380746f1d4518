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
