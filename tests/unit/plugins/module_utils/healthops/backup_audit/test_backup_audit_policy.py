"""plugins/module_utils/healthops/backup_audit/audit.py and its parts, on constructed states.

A healthy database host and storage host pass; each fault the audit exists for (a disabled timer,
a stale second copy, a damaged copy, a missing or old or failed restore test, short retention, no
room, loose file modes, a gap beyond the RPO) gives its FAIL with a recommendation.
"""

from __future__ import annotations

import copy
from datetime import UTC
from typing import Any

import pytest
from ansible.module_utils.healthops.backup_audit.audit import audit_host
from ansible.module_utils.healthops.backup_audit.policy import DEFAULT_POLICY, merge_policy, validate_policy
from ansible.module_utils.healthops.backup_audit.trends import longest_gap_hours, next_sets_bytes, parse_iso

HOUR = 3600.0
DAY = 86400.0
NOW = 1_764_990_000.0  # 2025-12-06T03:00:00Z
GIB = 1024**3
CONTEXT = {"host": "db-01", "site": "dc-a", "storage_host": "bak-01", "storage_site": "dc-b"}


def iso(epoch: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def daily_sets(count: int, size: int = 100 * 1024 * 1024, newest_age_h: float = 2.0) -> list[dict[str, Any]]:
    """Good sets, one a day, newest first, growing 1 MiB a day."""
    return [
        {
            "name": f"set{i}",
            "time": NOW - newest_age_h * HOUR - i * DAY,
            "good": True,
            "partial": False,
            "size_bytes": size - i * 1024 * 1024,
            "duration_seconds": 60.0,
        }
        for i in range(count)
    ]


def healthy() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    read = {
        "now": NOW,
        "engine": "postgres",
        "config": {"engine": "postgres", "retention": {"local": {"keep_days": 7, "keep_count": 7}}},
        "status": {"status": "success", "last_success": iso(NOW - 2 * HOUR), "last_success_set": "set0"},
        "schedule": {"kind": "systemd", "enabled": True, "active": True, "detail": "next 01:30"},
        "runs": [{"set": f"set{i}", "time": NOW - i * DAY, "status": "success", "message": ""} for i in range(7)],
        "sets": daily_sets(7),
        "files": [
            {"path": "petition.dump", "kind": "file", "mode": 0o640, "size": 1},
            {"path": "backup.json", "kind": "file", "mode": 0o640, "size": 1},
        ],
        "space": {"path": "/var/backups/healthops", "free_bytes": 50 * GIB, "total_bytes": 100 * GIB},
        "rman_show_all": None,
        "error": "",
    }
    stored = {
        "root": "/srv/backup/healthops/db-01",
        "sets": daily_sets(20),
        "checksums": {"set": "set0", "checked": 3, "bad": []},
        "retention": {"keep_days": 30.0, "keep_count": 30},
        "space": {"path": "/srv/backup/healthops", "free_bytes": 500 * GIB, "total_bytes": 1000 * GIB},
    }
    restore = {"date": iso(NOW - 30 * DAY), "time": NOW - 30 * DAY, "status": "PASS", "run_id": "r1"}
    return read, stored, restore


def by_id(checks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in checks}


def run(read: dict[str, Any], stored: Any, restore: Any, policy: Any = None, context: Any = None) -> dict[str, Any]:
    return by_id(audit_host(policy or {}, read, stored, restore, CONTEXT if context is None else context))


def test_healthy_setup_passes_every_check() -> None:
    checks = run(*healthy())
    bad = {k: (c["status"], c["detail"]) for k, c in checks.items() if c["status"] not in ("PASS", "INFO")}
    assert bad == {}
    for key in (
        "schedule",
        "last_success",
        "second_copy",
        "second_copy.age",
        "second_copy.checksums",
        "restore_test",
        "rpo",
    ):
        assert checks[f"backup_audit.{key}"]["status"] == "PASS", key
    summary = checks["backup_audit.summary"]
    assert summary["value"] == "PASS"
    assert "meet the policy" in summary["detail"]


def test_disabled_timer_fails_with_a_recommendation() -> None:
    read, stored, restore = healthy()
    read["schedule"] = {"kind": "systemd", "enabled": False, "active": False, "detail": ""}
    check = run(read, stored, restore)["backup_audit.schedule"]
    assert check["status"] == "FAIL"
    assert "disabled" in check["detail"]
    assert "Recommendation: enable it again" in check["detail"]


def test_no_schedule_at_all_fails() -> None:
    read, stored, restore = healthy()
    read["schedule"] = {"kind": "none", "enabled": False, "active": False}
    assert run(read, stored, restore)["backup_audit.schedule"]["status"] == "FAIL"


def test_stale_second_copy_fails_and_names_the_missing_set() -> None:
    read, stored, restore = healthy()
    stored["sets"] = daily_sets(5, newest_age_h=24 * 4)  # nothing arrived for four days
    checks = run(read, stored, restore)
    age = checks["backup_audit.second_copy.age"]
    assert age["status"] == "FAIL"
    assert age["value"] == 96.0
    assert "newest here set0 is not there" in age["detail"]
    assert "Recommendation:" in age["detail"]
    summary = checks["backup_audit.summary"]
    assert summary["value"] == "FAIL"
    assert "FAIL Age of the second copy" in summary["detail"]


def test_no_storage_host_or_no_verified_copy_fails() -> None:
    read, stored, restore = healthy()
    assert run(read, None, restore)["backup_audit.second_copy"]["status"] == "FAIL"
    context = dict(CONTEXT, storage_host="db-01")  # the copy on the database host itself is no second copy
    assert run(read, stored, restore, context=context)["backup_audit.second_copy"]["status"] == "FAIL"
    for entry in stored["sets"]:
        entry["good"] = False
    checks = run(read, stored, restore)
    assert checks["backup_audit.second_copy"]["status"] == "FAIL"
    assert checks["backup_audit.second_copy.age"]["status"] == "FAIL"


def test_damaged_copy_fails_naming_the_file() -> None:
    read, stored, restore = healthy()
    stored["checksums"] = {
        "set": "set0",
        "checked": 3,
        "bad": [{"file": "petition.dump", "problem": "checksum mismatch"}],
    }
    check = run(read, stored, restore)["backup_audit.second_copy.checksums"]
    assert check["status"] == "FAIL"
    assert "petition.dump: checksum mismatch" in check["detail"]


@pytest.mark.parametrize(
    ("restore", "words"),
    [
        (None, "no restore test on record"),
        ({"date": iso(NOW - 400 * DAY), "time": NOW - 400 * DAY, "status": "PASS"}, "older than the policy"),
        ({"date": iso(NOW - 10 * DAY), "time": NOW - 10 * DAY, "status": "FAIL"}, "the last restore test failed"),
    ],
)
def test_missing_old_or_failed_restore_test_fails(restore: Any, words: str) -> None:
    read, stored, _restore = healthy()
    check = run(read, stored, restore)["backup_audit.restore_test"]
    assert check["status"] == "FAIL"
    assert words in check["detail"]
    assert "Recommendation: run playbooks/backup_verify.yml" in check["detail"]


def test_restore_test_age_follows_the_policy() -> None:
    read, stored, restore = healthy()
    assert (
        run(read, stored, restore, {"restore_test_max_age_days": 20})["backup_audit.restore_test"]["status"] == "FAIL"
    )


def test_last_success_age_and_failed_runs() -> None:
    read, stored, restore = healthy()
    read["status"]["last_success"] = iso(NOW - 50 * HOUR)
    read["runs"][0].update(status="failed", message="database petition failed: pg_dump: error")
    read["runs"][1].update(status="failed", message="offline copy failed")
    read["runs"][2].update(status="failed", message="x")
    checks = run(read, stored, restore)
    assert checks["backup_audit.last_success"]["status"] == "FAIL"
    failed = checks["backup_audit.failed_runs"]
    assert failed["status"] == "FAIL"
    assert failed["value"] == 3
    assert "pg_dump: error" in failed["detail"]


def test_size_jump_warns() -> None:
    read, stored, restore = healthy()
    read["sets"][0]["size_bytes"] = 10 * 1024 * 1024  # a tenth of the usual: a database missing?
    check = run(read, stored, restore)["backup_audit.size_trend"]
    assert check["status"] == "WARN"
    assert check["value"] < -50


def test_short_declared_retention_fails_on_either_side() -> None:
    read, stored, restore = healthy()
    read["config"]["retention"]["local"]["keep_days"] = 3
    stored["retention"] = {"keep_days": 7.0, "keep_count": 7}
    checks = run(read, stored, restore)
    assert checks["backup_audit.retention.local"]["status"] == "FAIL"
    offline = checks["backup_audit.retention.offline"]
    assert offline["status"] == "FAIL"
    assert "db_backup_offline_keep_days" in offline["detail"]


def test_space_for_the_next_sets() -> None:
    read, stored, restore = healthy()
    read["space"]["free_bytes"] = 250 * 1024 * 1024  # less than three more 100 MiB sets
    stored["space"]["free_bytes"] = 400 * 1024 * 1024  # room for three, not six
    checks = run(read, stored, restore)
    assert checks["backup_audit.space.local"]["status"] == "FAIL"
    assert checks["backup_audit.space.offline"]["status"] == "WARN"


def test_rpo_gap_fails() -> None:
    read, stored, restore = healthy()
    del read["sets"][1:4]  # three days without a set here ...
    stored["sets"] = [s for s in stored["sets"] if s["name"] not in ("set1", "set2", "set3")]  # ... nor there
    check = run(read, stored, restore)["backup_audit.rpo"]
    assert check["status"] == "FAIL"
    assert check["value"] == 96.0


def test_loose_file_modes_fail() -> None:
    read, stored, restore = healthy()
    read["files"][0]["mode"] = 0o644
    check = run(read, stored, restore)["backup_audit.permissions"]
    assert check["status"] == "FAIL"
    assert "petition.dump 0644" in check["detail"]


def test_encryption_only_when_the_policy_asks() -> None:
    read, stored, restore = healthy()
    assert run(read, stored, restore)["backup_audit.encryption"]["status"] == "INFO"
    assert run(read, stored, restore, {"encryption": True})["backup_audit.encryption"]["status"] == "FAIL"
    read["files"][0]["path"] = "petition.dump.gpg"
    assert run(read, stored, restore, {"encryption": True})["backup_audit.encryption"]["status"] == "PASS"


def test_offsite_when_the_policy_asks() -> None:
    read, stored, restore = healthy()
    assert run(read, stored, restore, {"offsite": True})["backup_audit.offsite"]["status"] == "PASS"
    same_site = dict(CONTEXT, storage_site="dc-a")
    assert run(read, stored, restore, {"offsite": True}, same_site)["backup_audit.offsite"]["status"] == "FAIL"


def test_unread_host_is_one_error() -> None:
    checks = audit_host({}, {"error": "no backup job configuration at /etc/healthops/backup/backup.json"})
    assert [c["status"] for c in checks] == ["ERROR"]


def test_policy_validation_names_the_key() -> None:
    assert validate_policy({}) == []
    assert validate_policy({"rpo_hours": 8, "encryption": True}) == []
    errors = validate_policy({"rpo_hourz": 8, "encryption": "yes", "max_file_mode": "640"})
    assert any("backup_audit_policy.rpo_hourz is not a policy key" in e for e in errors)
    assert any("encryption must be true or false" in e for e in errors)
    assert any("max_file_mode must be an octal mode" in e for e in errors)
    assert validate_policy({"last_success_warn_hours": 50}) == [
        "backup_audit_policy.last_success_warn_hours (50) is above last_success_fail_hours (48.0)"
    ]
    assert validate_policy({"space_next_backups": 2.5})[0].endswith("must be a whole number, got 2.5")
    assert validate_policy([]) == ["backup_audit_policy must be a mapping, got list"]
    assert merge_policy({"rpo_hours": 8})["rpo_hours"] == 8
    assert merge_policy(None) == DEFAULT_POLICY


def test_trend_arithmetic() -> None:
    assert parse_iso("2025-12-06T11:00:00+08:00") == NOW
    assert parse_iso("2025-12-06T03:00:00Z") == NOW
    assert parse_iso("2025-12-06T03:00:00") is None  # no offset: refused
    assert longest_gap_hours([NOW - 30 * HOUR, NOW - 6 * HOUR], NOW) == 24.0
    assert longest_gap_hours([], NOW) is None
    sets = [{"time": 1, "size_bytes": 100}, {"time": 2, "size_bytes": 110}, {"time": 3, "size_bytes": 120}]
    assert next_sets_bytes(sets, 2) == 130 + 140
    assert next_sets_bytes(copy.deepcopy(sets)[:1], 3) == 300
