"""plugins/module_utils/healthops/backup_audit/storage.py: a backup storage host's own rows in the audit.

Space for the next sets of every database host whose copies it holds (at their current growth), and per
database host (``:<host>``) the declared retention (against that host's policy), old sets removed, the newest
copy's checksums and file modes; a summary last. On constructed reads, as collect.read_storage returns them.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.healthops.backup_audit.storage import audit_storage

HOUR = 3600.0
DAY = 86400.0
NOW = 1_764_990_000.0
GIB = 1024**3
MIB = 1024**2


def sets(count: int, size: int = 10 * GIB, newest_age_h: float = 2.0) -> list[dict[str, Any]]:
    """Verified copies, one a day, newest first, growing 100 MiB a day."""
    return [
        {"name": f"s{i}", "time": NOW - newest_age_h * HOUR - i * DAY, "good": True, "size_bytes": size - i * 100 * MIB}
        for i in range(count)
    ]


def host(count: int = 20, **changes: Any) -> dict[str, Any]:
    stored = {
        "root": "/srv/backup/healthops/x",
        "sets": sets(count),
        "files": [{"path": "petition.dump", "kind": "file", "mode": 0o640, "size": 1}],
        "checksums": {"set": "s0", "checked": 3, "bad": []},
        "retention": {"keep_days": 30.0, "keep_count": 30},
    }
    stored.update(changes)
    return stored


def storage(free_gib: float = 500, **hosts: dict[str, Any]) -> dict[str, Any]:
    return {
        "now": NOW,
        "root": "/srv/backup/healthops",
        "space": {"path": "/srv/backup/healthops", "free_bytes": free_gib * GIB, "total_bytes": 1000 * GIB},
        "hosts": hosts or {"db-01": host(), "db-02": host()},
    }


def rows(read: dict[str, Any], policy: Any = None, policies: Any = None) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in audit_storage(policy or {}, read, policies)}


def test_a_healthy_storage_host_has_its_own_passing_rows() -> None:
    found = rows(storage())
    assert set(found) == {
        "backup_audit.storage.space",
        *(f"backup_audit.storage.{what}:{h}" for what in ("retention", "pruning", "checksums", "permissions")
          for h in ("db-01", "db-02")),
        "backup_audit.summary",
    }  # fmt: skip
    assert {c["status"] for i, c in found.items() if i != "backup_audit.summary"} == {"PASS"}
    assert found["backup_audit.summary"]["value"] == "PASS"
    assert found["backup_audit.storage.checksums:db-02"]["title"] == "Checksums of the second copy - db-02"
    assert found["backup_audit.storage.retention:db-01"]["title_zh"] == "备份保留期（存储主机）（db-01）"


def test_space_counts_the_next_sets_of_every_host() -> None:
    # Two hosts of 10 GiB sets: the next 3 of each need about 60 GiB; 90 GiB free is between 1x and 2x.
    found = rows(storage(free_gib=90))["backup_audit.storage.space"]
    assert found["status"] == "WARN"
    assert "with those of 1 other host(s) sharing it" in found["detail"]
    assert "Recommendation: free space" in found["detail"]
    assert rows(storage(free_gib=50))["backup_audit.storage.space"]["status"] == "FAIL"
    one = rows(storage(90, **{"db-01": host()}))["backup_audit.storage.space"]
    assert one["status"] == "PASS"  # the same room for one host's next sets


def test_each_database_hosts_policy_judges_its_copies() -> None:
    read = storage(**{"db-01": host(), "db-02": host(retention={"keep_days": 14.0, "keep_count": 14})})
    found = rows(read, policies={"db-02": {"retention_offline_days": 14}})
    assert found["backup_audit.storage.retention:db-02"]["status"] == "PASS"
    short = rows(read, policies={"db-02": {"retention_offline_days": 30}})["backup_audit.storage.retention:db-02"]
    assert short["status"] == "FAIL"
    assert "db_backup_offline_keep_days" in short["detail"]
    strict = rows(storage(), policies={"db-01": {"max_file_mode": "0600"}})
    assert strict["backup_audit.storage.permissions:db-01"]["status"] == "FAIL"
    assert strict["backup_audit.storage.permissions:db-02"]["status"] == "PASS"


def test_a_damaged_copy_and_old_sets_left_are_found_per_host() -> None:
    bad = {"set": "s0", "checked": 3, "bad": [{"file": "petition.dump", "problem": "checksum mismatch"}]}
    read = storage(**{"db-01": host(checksums=bad), "db-02": host(count=60)})  # 60 days against keep_days 30
    found = rows(read)
    assert found["backup_audit.storage.checksums:db-01"]["status"] == "FAIL"
    assert "db-01 set s0: petition.dump: checksum mismatch" in found["backup_audit.storage.checksums:db-01"]["detail"]
    assert found["backup_audit.storage.pruning:db-02"]["status"] == "WARN"
    assert found["backup_audit.summary"]["value"] == "FAIL"
    assert "FAIL Checksums of the second copy - db-01" in found["backup_audit.summary"]["detail"]


def test_a_host_without_copies_and_an_unread_storage_host() -> None:
    found = rows(storage(**{"db-01": host(), "db-03": host(count=0, checksums=None, files=[])}))
    assert found["backup_audit.storage.copies:db-03"]["status"] == "INFO"
    assert found["backup_audit.storage.checksums:db-03"]["status"] == "WARN"
    assert found["backup_audit.storage.space"]["status"] == "PASS"
    unread = audit_storage({}, {"error": "Permission denied"})
    assert [c["id"] for c in unread] == ["backup_audit.storage.read"]
    assert unread[0]["status"] == "ERROR"
