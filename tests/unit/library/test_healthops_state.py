"""library/healthops_state.py: the controller's ledger of the previous run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

state_module = load_library_module("healthops_state")


def test_writes_changed_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = {"path": str(tmp_path / "st"), "states": {"db01": {"logs": {"/var/log/x": 10}}, "app01": {"a": 1}}}
    result, failed = run_module(monkeypatch, state_module.main, args)
    assert not failed
    assert result["changed"] is True
    assert result["written"] == ["app01", "db01"]
    assert json.loads((tmp_path / "st" / "db01.json").read_text()) == {"logs": {"/var/log/x": 10}}
    assert oct((tmp_path / "st").stat().st_mode & 0o777) == "0o700"

    args["states"]["db01"] = {"logs": {"/var/log/x": 42}}
    result, _ = run_module(monkeypatch, state_module.main, args)
    assert result["written"] == ["db01"]

    result, _ = run_module(monkeypatch, state_module.main, args)
    assert result["changed"] is False
    assert result["written"] == []


def test_null_state_leaves_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db01.json").write_text('{"keep": true}\n')
    result, _ = run_module(monkeypatch, state_module.main, {"path": str(tmp_path), "states": {"db01": None}})
    assert result["changed"] is False
    assert json.loads((tmp_path / "db01.json").read_text()) == {"keep": True}


def test_check_mode_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = {"path": str(tmp_path / "st"), "states": {"db01": {"a": 1}}, "_ansible_check_mode": True}
    result, failed = run_module(monkeypatch, state_module.main, args)
    assert not failed
    assert result["changed"] is True
    assert not (tmp_path / "st").exists()


@pytest.mark.parametrize("host", ["../etc/passwd", "a/b", ".."])
def test_refuses_host_names_that_escape_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    result, failed = run_module(monkeypatch, state_module.main, {"path": str(tmp_path), "states": {host: {}}})
    assert failed
    assert "not usable as a file name" in result["msg"]
