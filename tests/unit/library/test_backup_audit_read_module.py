"""library/backup_audit_read.py: one read per kind, never a change, and the judging filter on its output."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from healthops_testlib import load_library_module, load_plugin
from module_args import run_module

audit_read = load_library_module("backup_audit_read")
FILTERS = load_plugin("filter", "healthops_backup_audit").FilterModule().filters()


def write_set(root: Path, name: str) -> None:
    path = root / name
    path.mkdir(parents=True)
    (path / "petition.dump").write_bytes(b"dump")
    (path / "backup.json").write_text(json.dumps({"status": "success", "items": [{"duration_seconds": 2}]}))
    lines = [f"{hashlib.sha256((path / f).read_bytes()).hexdigest()}  {f}" for f in ("backup.json", "petition.dump")]
    (path / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
    for entry in path.iterdir():
        entry.chmod(0o640)


def test_database_read_changes_nothing_and_feeds_the_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backups = tmp_path / "backups"
    write_set(backups, "20251205T013000Z")
    config = tmp_path / "backup.json"
    config.write_text(json.dumps({"engine": "postgres", "backup_dir": str(backups)}))
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    args = {"what": "database", "config_file": str(config), "status_file": str(tmp_path / "status.json")}
    result, failed = run_module(monkeypatch, audit_read.main, {**args, "_ansible_check_mode": True})
    assert not failed
    assert result["changed"] is False
    read = result["read"]
    assert [s["name"] for s in read["sets"]] == ["20251205T013000Z"]
    assert read["sets"][0]["good"] is True
    assert {f["path"] for f in read["files"]} == {"petition.dump", "backup.json", "MANIFEST.sha256"}
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    checks = {c["id"]: c for c in FILTERS["healthops_backup_audit"](read, {}, None, None, {"host": "db-01"})}
    assert checks["backup_audit.permissions"]["status"] == "PASS"
    assert checks["backup_audit.last_success"]["status"] == "FAIL"  # no status file: no success on record
    assert checks["backup_audit.second_copy"]["status"] == "FAIL"  # no storage host


def test_restore_tests_need_the_report_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run_module(monkeypatch, audit_read.main, {"what": "restore_tests"})
    assert failed
    assert "report_dir" in result["msg"]


def test_policy_errors_filter_names_the_key() -> None:
    assert FILTERS["healthops_backup_audit_policy_errors"]({"rpo_hours": "8h"}) == [
        "backup_audit_policy.rpo_hours must be a number, got '8h'"
    ]
