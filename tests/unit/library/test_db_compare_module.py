"""library/db_compare.py: input validation and a failed connection as an ERROR check (no database needed)."""

from __future__ import annotations

from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

db_compare = load_library_module("db_compare")

ARGS = {"source_dsn": "host=127.0.0.1 dbname=a", "target_dsn": "host=127.0.0.1 dbname=b"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tables": [{"key": "id"}]}, r"tables[0]: name is required"),
        ({"tables": ["a", {"name": "a"}]}, "table a listed twice"),
        ({"changed_since": "2024-05-01T02:00:00"}, "needs a UTC offset"),
        ({"leaf_rows": 0}, "leaf_rows must be at least 1"),
        ({"max_keys": -1}, "max_keys must be at least 0"),
    ],
)
def test_bad_input_fails_before_connecting(monkeypatch: pytest.MonkeyPatch, extra: dict, message: str) -> None:
    def no_connection(*_args: Any) -> None:
        raise AssertionError("must not connect")

    monkeypatch.setattr(db_compare, "connect", no_connection)
    result, failed = run_module(monkeypatch, db_compare.main, {**ARGS, **extra})
    assert failed
    assert message in result["msg"]


def test_a_connection_failure_is_an_error_check_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    class OperationalError(Exception):
        pass

    def refuse(*_args: Any) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5999 failed: Connection refused')

    monkeypatch.setattr(db_compare, "connect", refuse)
    result, failed = run_module(monkeypatch, db_compare.main, {**ARGS, "label": "petition"})
    assert not failed
    assert result["changed"] is False
    (check,) = result["checks"]
    assert check["id"] == "db_compare:petition"
    assert check["status"] == "ERROR"
    assert "petition: OperationalError: connection to server" in check["detail"]
    assert result["summary"]["errors"] == 1
    assert "host=127.0.0.1" not in str(result["checks"])  # the DSN (and its password) never shows
