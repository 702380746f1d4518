"""library/password_app_config.py on real files: the password written in place (owner and mode kept,
a copy beside it), put back or the copy removed; a file without the account changes nothing; the diff
names no password; check mode writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("password_app_config")
NEW = "New&Pass:1"
CONTEXT = '<Context>\n  <Resource name="jdbc/a" username="app" password="old-1"/>\n</Context>\n'
PGPASS = "db1:5432:*:app:old-1\n"


@pytest.fixture
def files(tmp_path: Path) -> list[dict[str, Any]]:
    (tmp_path / "context.xml").write_text(CONTEXT)
    (tmp_path / "context.xml").chmod(0o640)
    (tmp_path / "pgpass").write_text(PGPASS)
    (tmp_path / "pgpass").chmod(0o600)
    return [
        {"path": str(tmp_path / "context.xml"), "format": "tomcat"},
        {"path": str(tmp_path / "pgpass"), "format": "pgpass"},
    ]


def run(monkeypatch: pytest.MonkeyPatch, files: list[dict[str, Any]], **args: Any) -> tuple[dict[str, Any], bool]:
    return run_module(monkeypatch, module.main, {"account": "app", "files": files, **args})


def test_set_then_restore(files: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result, failed = run(monkeypatch, files, state="set", password=NEW)
    assert not failed, result
    assert result["changed"] is True
    assert 'password="New&amp;Pass:1"' in (tmp_path / "context.xml").read_text()
    assert (tmp_path / "pgpass").read_text() == "db1:5432:*:app:New&Pass\\:1\n"
    assert (tmp_path / "context.xml").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "context.xml.healthops-rotation~").read_text() == CONTEXT
    assert (tmp_path / "context.xml.healthops-rotation~").stat().st_mode & 0o777 == 0o600
    diff = repr(result["diff"])
    assert "old-1" not in diff
    assert "New&" not in diff
    assert "(new password)" in diff
    result, failed = run(monkeypatch, files, state="restore")
    assert (failed, result["changed"]) == (False, True)
    assert (tmp_path / "context.xml").read_text() == CONTEXT
    assert (tmp_path / "pgpass").read_text() == PGPASS
    assert (tmp_path / "context.xml").stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.glob("*~")) == []


def test_set_then_cleanup(files: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    run(monkeypatch, files, state="set", password=NEW)
    result, failed = run(monkeypatch, files, state="cleanup")
    assert (failed, result["changed"]) == (False, True)
    assert list(tmp_path.glob("*~")) == []
    assert "New&amp;Pass" in (tmp_path / "context.xml").read_text()
    result, _ = run(monkeypatch, files, state="cleanup")
    assert result["changed"] is False


def test_a_file_without_the_account_writes_nothing(
    files: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = {"path": str(tmp_path / "pgpass"), "format": "env", "key": "PGPASSWORD"}
    result, failed = run(monkeypatch, [*files, env], state="set", password=NEW)
    assert failed
    assert "no password of app found (format env): nothing written" in result["msg"]
    assert (tmp_path / "context.xml").read_text() == CONTEXT
    assert list(tmp_path.glob("*~")) == []


def test_check_mode_writes_nothing(
    files: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result, failed = run(monkeypatch, files, state="set", password=NEW, _ansible_check_mode=True)
    assert (failed, result["changed"]) == (False, True)
    assert (tmp_path / "context.xml").read_text() == CONTEXT
    assert list(tmp_path.glob("*~")) == []
