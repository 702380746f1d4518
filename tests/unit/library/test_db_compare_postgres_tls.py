"""db_compare's PostgreSQL connections: TLS verified by default, opt-outs reported (no database needed)."""

from __future__ import annotations

from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

db_compare = load_library_module("db_compare")
BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


@pytest.fixture(autouse=True)
def system_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_compare, "find_ca_bundle", lambda: BUNDLE)


@pytest.mark.parametrize(
    ("dsn", "options", "mode", "root"),
    [
        ("host=db1 dbname=app", {}, "verify-full", BUNDLE),  # the default
        ("host=db1 dbname=app sslmode=require", {}, "require", None),  # the DSN's own explicit choice
        (
            "host=db1 dbname=app sslmode=require",
            {"ssl_mode": "verify-full", "ca_cert": "/ca.crt"},
            "verify-full",
            "/ca.crt",
        ),
        ("host=db1 dbname=app sslrootcert=/dsn-ca.crt", {}, "verify-full", "/dsn-ca.crt"),
        ("postgresql://u@db1/app?sslmode=disable", {}, "disable", None),
    ],
)
def test_the_module_options_win_over_the_dsn_and_verify_full_is_the_default(
    dsn: str, options: dict[str, Any], mode: str, root: str | None
) -> None:
    plan = db_compare.tls_plan(dsn, {"ssl_mode": None, "ca_cert": None, **options})
    assert plan.params.get("sslmode") == mode
    assert plan.params.get("sslrootcert") == root


class Conn:
    def __init__(self, in_use: bool) -> None:
        self.pgconn = type("PGconn", (), {"ssl_in_use": in_use})()

    def cursor(self) -> Any:
        raise RuntimeError("no table today")

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass


def run(monkeypatch: pytest.MonkeyPatch, in_use: bool, **args: Any) -> tuple[dict[str, Any], list]:
    calls: list = []

    def connect(*call: Any) -> Conn:
        calls.append(call)
        return Conn(in_use)

    monkeypatch.setattr(db_compare, "connect", connect)
    monkeypatch.setattr(db_compare, "open_side", _open_side(db_compare.open_side))
    base = {"source_dsn": "host=db1 dbname=a", "target_dsn": "host=db1 dbname=b", "label": "app"}
    result, failed = run_module(monkeypatch, db_compare.main, {**base, **args})
    assert not failed
    return result, calls


def _open_side(original: Any) -> Any:
    # Skip the session statements (the fake connection has no cursor): only the TLS decision is under test.
    def open_side(engine: str, dialect: Any, dsn: str, label: str, params: Any, tls: Any = None) -> Any:
        if tls is not None and tls.error:
            raise db_compare.TlsSettingError(tls.error)
        conn = db_compare.connect(engine, dsn, 1, 1, tls.params if tls else None)
        return db_compare.Side(conn, dialect, label)

    return open_side


def test_an_explicit_opt_out_is_a_warn_check_and_in_the_tls_result(monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = run(monkeypatch, True, ssl_mode="require")
    assert [call[-1] for call in calls] == [{"sslmode": "require"}, {"sslmode": "require"}]
    tls = next(c for c in result["checks"] if c["id"] == "db_compare.tls:app")
    assert tls["status"] == "WARN"
    assert "source: not verified: TLS in use, but the server's certificate is not checked" in tls["detail"]
    assert result["tls"]["target"]["verified"] is False


def test_verified_connections_add_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = run(monkeypatch, True, ca_cert="/ca.crt")
    assert calls[0][-1] == {"sslmode": "verify-full", "sslrootcert": "/ca.crt"}
    assert not [c for c in result["checks"] if c["id"].startswith("db_compare.tls")]
    assert result["tls"]["source"] == {
        "ssl_mode": "verify-full",
        "verified": True,
        "ca": "CA file /ca.crt",
        "status": "PASS",
        "detail": "TLS, server certificate verified against CA file /ca.crt and its name matched (verify-full)",
    }


def test_no_ca_to_verify_with_is_an_error_and_nothing_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_compare, "find_ca_bundle", lambda: None)
    monkeypatch.setattr(db_compare, "postgres_tls", _old_libpq(db_compare.postgres_tls))
    result, calls = run(monkeypatch, True)
    assert calls == []
    (check,) = result["checks"]
    assert check["status"] == "ERROR"
    assert "app: TlsSettingError: ssl_mode verify-full needs CA certificates" in check["detail"]
    assert "opt out explicitly with ssl_mode require" in check["detail"]


def _old_libpq(original: Any) -> Any:
    def postgres_tls(mode: Any, ca: Any, _version: int, bundle: Any, local: bool = False) -> Any:
        return original(mode, ca, 150000, bundle, local)

    return postgres_tls


def test_a_tls_failure_names_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    class OperationalError(Exception):
        pass

    def refuse(*_args: Any) -> None:
        raise OperationalError('connection to server at "db1", port 5432 failed: SSL error: certificate verify failed')

    monkeypatch.setattr(db_compare, "connect", refuse)
    result, failed = run_module(
        monkeypatch, db_compare.main, {"source_dsn": "host=db1 dbname=a", "target_dsn": "host=db1 dbname=b"}
    )
    assert not failed
    assert "TLS verification failed: the server's certificate is not signed by the CA in use" in result["error"]
