"""library/db_restore.py: manifest checks of a set on disk, check mode, bad input, and the safety
rules (free space, tagged scratch databases only, a prefix with "restore") with the database calls
replaced (no database needed; tests/integration/test_db_backup_live.py runs them against PostgreSQL).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ansible.module_utils.healthops.backup import sets as hb
from ansible.module_utils.healthops.backup.restore import space_problem
from healthops_testlib import load_library_module
from module_args import run_module

restore_module = load_library_module("db_restore")


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


@pytest.fixture
def roomy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The server's data directory is tmp_path and the production databases are small."""
    monkeypatch.setattr(restore_module.Postgres, "sizes", lambda _self, _names: (str(tmp_path), {"petition": 4096}))


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


def test_check_mode_restores_nothing(config: Path, monkeypatch: pytest.MonkeyPatch, roomy: None) -> None:
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


@pytest.mark.parametrize(
    "prefix", ["", "petition", "restore", "Healthops_x_", "a_b_c_d_-_", "healthops_copy_", "petition_app_"]
)
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


def test_a_prefix_with_restore_in_it_is_accepted(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = {"config": str(config), "state": "verified", "scratch_prefix": "ops_restore_test_"}
    _result, failed = run_module(monkeypatch, restore_module.main, args)
    assert not failed


@pytest.mark.parametrize("percent", [-1, 100])
def test_min_free_percent_is_a_percentage(config: Path, monkeypatch: pytest.MonkeyPatch, percent: int) -> None:
    args = {"config": str(config), "min_free_percent": percent}
    result, failed = run_module(monkeypatch, restore_module.main, args)
    assert failed
    assert "min_free_percent" in result["msg"]


def test_space_problem_keeps_the_share_of_the_file_system_free() -> None:
    gib = 2**30
    assert space_problem(50 * gib, 100 * gib, 30 * gib, 10) is None
    assert space_problem(50 * gib, 100 * gib, 40 * gib, 10) is None
    why = space_problem(50 * gib, 100 * gib, 41 * gib, 10)
    assert why == "needs 41.0 GiB, 50.0 GiB free, and 10% of 100.0 GiB must stay free"


def test_a_restore_that_would_fill_the_disk_is_not_started(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")
    stats = os.statvfs(config.parent)
    free = stats.f_bavail * stats.f_frsize
    # The production database is about as big as the free space: restoring it would leave < 10 % free.
    monkeypatch.setattr(
        restore_module.Postgres, "sizes", lambda _self, _names: (str(config.parent), {"petition": free})
    )

    def no_restore(*_args: object) -> None:
        raise AssertionError("must not restore without room")

    monkeypatch.setattr(restore_module.Postgres, "restore", no_restore)
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "restored"})
    assert not failed
    check = checks_by_id(result)["backup.restore:petition"]
    assert check["status"] == "FAIL"
    assert check["detail"].startswith(f"not restored: petition on {config.parent}: needs ")
    assert result["changed"] is False
    assert result["databases"][0]["restored"] is False


def test_free_space_that_cannot_be_read_stops_the_restore(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_set(config.parent / "sets", "20240430T180000Z")

    def no_sizes(_self: object, _names: object) -> None:
        raise RuntimeError("cannot read the data directory and database sizes: permission denied")

    def no_restore(*_args: object) -> None:
        raise AssertionError("must not restore without knowing the free space")

    monkeypatch.setattr(restore_module.Postgres, "sizes", no_sizes)
    monkeypatch.setattr(restore_module.Postgres, "restore", no_restore)
    result, _failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "restored"})
    check = checks_by_id(result)["backup.restore:petition"]
    assert check["status"] == "FAIL"
    assert "cannot check free space" in check["detail"]


def test_restores_add_up_against_the_free_space(config: Path) -> None:
    room = {"data_dir": "/d", "free": 100, "total": 1000, "need": {"a": 40, "b": 40}}
    assert restore_module.room_problem(room, {"name": "a"}, 0) is None
    assert restore_module.room_problem(room, {"name": "b"}, 0) is None
    room["need"]["c"] = 40
    assert "needs 40 B, 20 B free" in restore_module.room_problem(room, {"name": "c"}, 0)


def test_only_tagged_scratch_databases_are_dropped(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = {"healthops_restore_petition": True, "healthops_restore_prod_app": False}
    monkeypatch.setattr(restore_module.Postgres, "scratch_databases", lambda _self, _prefix: dict(found))
    dropped = []

    def drop(_self: object, name: str, timeout: int = 600) -> tuple[int, str]:
        dropped.append(name)
        return 0, ""

    monkeypatch.setattr(restore_module.Postgres, "drop", drop)
    result, failed = run_module(monkeypatch, restore_module.main, {"config": str(config), "state": "absent"})
    assert not failed
    assert dropped == ["healthops_restore_petition"]
    assert result["dropped"] == ["healthops_restore_petition"]
    check = checks_by_id(result)["backup.scratch"]
    assert check["status"] == "WARN"
    assert "left alone (not created by the restore test): healthops_restore_prod_app" in check["detail"]


def test_an_untagged_database_with_the_scratch_name_is_not_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    pg = restore_module.Postgres({"db_os_user": "postgres"})
    monkeypatch.setattr(restore_module.Postgres, "scratch_databases", lambda _self, _p: {"healthops_restore_x": False})
    calls = []
    monkeypatch.setattr(restore_module.Postgres, "drop", lambda _self, name, timeout=600: calls.append(name))
    monkeypatch.setattr(restore_module, "run", lambda command, timeout: calls.append(command))
    rc, message = pg.restore("x", "healthops_restore_x", "/set/x.dump", 60, "healthops restore test s t")
    assert rc == 1
    assert "was not created by the restore test" in message
    assert calls == []


def test_a_scratch_database_is_created_with_its_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    pg = restore_module.Postgres({"db_os_user": "postgres"})
    monkeypatch.setattr(restore_module.Postgres, "scratch_databases", lambda _self, _p: {"healthops_restore_x": True})
    dropped, commands = [], []
    monkeypatch.setattr(
        restore_module.Postgres, "drop", lambda _self, name, timeout=600: dropped.append(name) or (0, "")
    )

    def fake_run(command: list, timeout: int) -> tuple[int, str, str]:
        commands.append(command)
        return 0, "", ""

    monkeypatch.setattr(restore_module, "run", fake_run)
    tag = "healthops restore test 20240430T180000Z 2024-05-01T10:00:00+0800"
    assert pg.restore("x", "healthops_restore_x", "/set/x.dump", 60, tag) == (0, "")
    assert dropped == ["healthops_restore_x"]  # a tagged leftover is replaced
    createdb = next(c for c in commands if any(str(w).endswith("createdb") for w in c))
    assert createdb[-2:] == ["healthops_restore_x", tag]
    assert tag.startswith(restore_module.MARKER)
