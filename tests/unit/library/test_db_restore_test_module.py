"""library/db_restore_test.py: manifest checks of a set on disk, check mode, bad input (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ansible.module_utils import healthops_backup as hb
from healthops_testlib import load_library_module
from module_args import run_module

restore_module = load_library_module("db_restore_test")


def make_set(root: Path, name: str, status: str = "success") -> Path:
    path = root / name
    path.mkdir(parents=True)
    (path / "petition.dump").write_bytes(b"PGDMP" + bytes(range(256)) * 8)
    (path / "globals.sql").write_text("CREATE ROLE app;\n")
    meta = {
        "status": status,
        "started": "2024-05-01T02:00:00+08:00",
        "items": [
            {"kind": "globals", "name": "roles", "file": "globals.sql", "status": "success"},
            {"kind": "database", "name": "petition", "file": "petition.dump", "status": "success",
             "started": "2024-05-01T02:00:01+08:00"},
        ],
    }  # fmt: skip
    (path / hb.META).write_text(json.dumps(meta))
    hb.write_manifest(str(path))
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    conf = {
        "engine": "postgres",
        "db_os_user": "postgres",
        "backup_dir": str(tmp_path / "sets"),
        "status_file": str(tmp_path / "status.json"),
        "offline": {"enabled": False},
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(conf))
    return path


def checks_by_id(result: dict) -> dict:
    return {c["id"]: c for c in result["checks"]}


def test_verified_set_passes(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "verified"})
    assert not failed
    assert result["changed"] is False
    assert result["set"] == "20240430T180000Z"
    checks = checks_by_id(result)
    assert checks["backup.manifest.local"]["status"] == "PASS"
    assert checks["backup.manifest.offline"]["status"] == "INFO"  # no offline copy configured
    assert checks["backup.set"]["status"] == "INFO"


def test_a_flipped_byte_is_a_fail_naming_the_file(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_set(config.parent / "sets", "20240430T180000Z")
    data = bytearray((path / "petition.dump").read_bytes())
    data[100] ^= 0x40
    (path / "petition.dump").write_bytes(bytes(data))
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "restored"})
    assert not failed
    checks = checks_by_id(result)
    assert checks["backup.manifest.local"]["status"] == "FAIL"
    assert "petition.dump: checksum mismatch" in checks["backup.manifest.local"]["detail"]
    # A damaged set is not restored.
    assert checks["backup.restore"]["status"] == "FAIL"
    assert result["databases"] == []
    assert result["changed"] is False


def test_a_newer_failed_set_is_a_warning(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")
    (config.parent / "sets" / "20240501T180000Z.partial").mkdir()
    result, _ = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "verified"})
    assert checks_by_id(result)["backup.set"]["status"] == "WARN"
    assert "20240501T180000Z.partial" in checks_by_id(result)["backup.set"]["detail"]


def test_check_mode_restores_nothing(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")

    def no_restore(*_args: object) -> None:
        raise AssertionError("check mode must not restore")

    monkeypatch.setattr(restore_module.Postgres, "restore", no_restore)
    args = {"config": str(config), "state": "restored", "_ansible_check_mode": True}
    result, failed = run_module(monkeypatch, restore_module.main, args)
    assert not failed
    assert result["changed"] is True
    assert result["databases"] == [
        {
            "name": "petition",
            "scratch": "healthops_restore_petition",
            "snapshot_started": "2024-05-01T02:00:01+08:00",
            "restored": False,
            "seconds": None,
        }
    ]
    assert checks_by_id(result)["backup.restore:petition"]["status"] == "INFO"


def test_no_set_at_all(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config)})
    assert not failed
    assert result["set"] is None
    assert checks_by_id(result)["backup.manifest.local"]["status"] == "FAIL"
    assert "no complete backup set" in checks_by_id(result)["backup.manifest.local"]["detail"]


def test_unknown_database_is_refused(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")
    args = {"config": str(config), "databases": ["nope"], "_ansible_check_mode": True}
    result, failed = run_module(monkeypatch, restore_module.main, args)
    assert failed
    assert "nope not in backup set 20240430T180000Z" in result["msg"]


@pytest.mark.parametrize("prefix", ["", "petition", "restore", "Healthops_x_", "a_b_c_d_-_"])
def test_scratch_prefix_must_be_safe(config: Path, monkeypatch: pytest.MonkeyPatch, prefix: str) -> None:
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "scratch_prefix": prefix})
    assert failed
    assert "scratch_prefix" in result["msg"]


def test_missing_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(tmp_path / "none.json")})
    assert failed
    assert "run playbooks/backup.yml first" in result["msg"]


def test_scratch_names_are_bounded_and_safe() -> None:
    assert restore_module.scratch_name("healthops_restore_", "Petition-DB") == "healthops_restore_petition_db"
    assert len(restore_module.scratch_name("healthops_restore_", "x" * 100).encode()) <= 63
