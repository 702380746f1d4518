"""A state directory that cannot be written (disk full, read-only, a path under a file, a planted symlink)
costs the next run its comparison, never this run's checks: every probe that keeps state answers with its
checks plus a note, a warning or an ERROR row, and the state files it does write are private."""

from __future__ import annotations

import datetime as dt
import errno
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common import fileio
from healthops_testlib import load_library_module
from module_args import run_module
from test_oracle_probe import Driver
from test_oracle_probe import options as oracle_options

state_module = load_library_module("healthops_state")
oracle_probe = load_library_module("oracle_probe")
postgres_probe = load_library_module("postgres_probe")
switch_ports = load_library_module("switch_ports")

NOW = dt.datetime(2025, 1, 6, 8, 30, tzinfo=dt.UTC)
SWITCH_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "switch" / "brocade_fos"


def blocked_dir(tmp_path: Path) -> Path:
    """A state directory that cannot be created: its parent is a regular file (ENOTDIR, also as root)."""
    (tmp_path / "a-file").write_text("")
    return tmp_path / "a-file" / "state"


def no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every atomic write fails as on a full disk."""

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)


# --------------------------------------------------------------------------- healthops_state


def test_state_module_warns_and_goes_on_when_the_directory_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = blocked_dir(tmp_path)
    args = {"path": str(path), "states": {"db01": {"a": 1}, "app01": {"b": 2}}}
    result, failed = run_module(monkeypatch, state_module.main, args)
    assert not failed
    assert result["changed"] is False
    assert result["written"] == []
    assert sorted(result["not_written"]) == ["app01", "db01"]
    (warning,) = state_module.execute(args, check_mode=False)["warnings"]
    assert "app01, db01" in warning
    assert "Not a directory" in warning


def test_state_module_on_a_full_disk_keeps_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db01.json").write_text('{"old": true}\n')
    no_space(monkeypatch)
    result = state_module.execute({"path": str(tmp_path), "states": {"db01": {"new": 1}}}, check_mode=False)
    assert result["written"] == []
    assert "No space left on device" in result["not_written"]["db01"]
    assert "No space left on device" in result["warnings"][0]
    assert json.loads((tmp_path / "db01.json").read_text()) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["db01.json"]


def test_state_module_does_not_write_through_a_planted_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    state = tmp_path / "state"
    state.mkdir()
    (state / "db01.json").symlink_to(victim)
    result = state_module.execute({"path": str(state), "states": {"db01": {"a": 1}, "app01": {}}}, check_mode=False)
    assert result["written"] == ["app01"]
    assert "symlink" in result["not_written"]["db01"]
    assert victim.read_text() == "keep\n"


def test_state_files_are_private_under_any_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "current_umask", lambda: 0o022)
    state_module.execute({"path": str(tmp_path / "st"), "states": {"db01": {"a": 1}}}, check_mode=False)
    assert stat.S_IMODE((tmp_path / "st").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "st" / "db01.json").stat().st_mode) == 0o600


# --------------------------------------------------------------------------- database probes


def test_oracle_probe_keeps_its_checks_and_adds_an_error_row(tmp_path: Path) -> None:
    healthy = oracle_probe.run_probe(oracle_options(), now=NOW, connect=Driver())
    result = oracle_probe.run_probe(oracle_options(state_dir=str(blocked_dir(tmp_path))), now=NOW, connect=Driver())
    ids = [c["id"] for c in result["checks"]]
    assert ids == [c["id"] for c in healthy["checks"]] + ["oracle.state"]
    row = result["checks"][-1]
    assert row["status"] == "ERROR"
    assert "not written" in row["detail"]
    assert result["summary"]["ERROR"] == healthy["summary"]["ERROR"] + 1


def test_oracle_probe_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_space(monkeypatch)
    result = oracle_probe.run_probe(oracle_options(state_dir=str(tmp_path)), now=NOW, connect=Driver())
    row = result["checks"][-1]
    assert (row["id"], row["status"]) == ("oracle.state", "ERROR")
    assert "No space left on device" in row["detail"]
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left


def test_oracle_probe_writes_its_state_privately(tmp_path: Path) -> None:
    result = oracle_probe.run_probe(oracle_options(state_dir=str(tmp_path / "st")), now=NOW, connect=Driver())
    assert "oracle.state" not in [c["id"] for c in result["checks"]]
    assert stat.S_IMODE(Path(result["state_file"]).stat().st_mode) == 0o600 & ~fileio.current_umask()


class FakePgConnection:
    def close(self) -> None:
        pass


def test_postgres_probe_keeps_its_checks_and_adds_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_probe, "_connect", lambda *_args: FakePgConnection())
    monkeypatch.setattr(postgres_probe, "_probe", lambda *_args: [])
    opts = {name: spec.get("default") for name, spec in postgres_probe.ARGUMENT_SPEC.items()}
    opts.update(state_dir=str(blocked_dir(tmp_path)))
    result = postgres_probe.run_probe(opts, now=NOW)
    ids = [c["id"] for c in result["checks"]]
    assert {"pg.connect_time", "pg.score", "pg.changes"} <= set(ids)  # the run's own checks are all there
    assert ids[-1] == "pg.state"
    assert ids.count("pg.state") == 1
    assert result["checks"][-1]["status"] == "ERROR"
    assert "Not a directory" in result["checks"][-1]["detail"]


# --------------------------------------------------------------------------- switch_ports


def test_switch_probe_keeps_its_checks_and_notes_the_lost_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {
        name: (SWITCH_FIXTURES / f"{name}_fos8.txt").read_text() for name in ("switchshow", "porterrshow", "errdump")
    }

    def recorded(params: dict[str, Any], now: dt.datetime, *trust: Any) -> Any:
        data = switch_ports.parse_platform("brocade_fos", outputs, now=now)
        # (data, notes, logs_read) and, since SSH host keys are pinned, the host key decision.
        return (data, [], True, {}) if trust else (data, [], True)

    monkeypatch.setattr(switch_ports, "read_switch", recorded)
    params = {name: spec.get("default") for name, spec in switch_ports.ARGUMENT_SPEC.items()}
    params.update(host="10.20.0.11", transport="ssh", platform="brocade_fos", username="u", password="p")
    good = switch_ports.probe(dict(params, state_dir=str(tmp_path / "ok")), check_mode=False)
    assert stat.S_IMODE(Path(good["state_file"]).stat().st_mode) == 0o600 & ~fileio.current_umask()
    result = switch_ports.probe(dict(params, state_dir=str(blocked_dir(tmp_path))), check_mode=False)
    assert [c["id"] for c in result["checks"]] == [c["id"] for c in good["checks"]]
    assert any("not written" in note and "Not a directory" in note for note in result["notes"])
