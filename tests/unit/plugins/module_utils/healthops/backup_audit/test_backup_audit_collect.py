"""plugins/module_utils/healthops/backup_audit/collect.py: reading sets, copies, logs and reports."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from ansible.module_utils.healthops.backup_audit import collect

JOURNAL = """healthops-backup: backup set 20251204T013000Z: success: 3 item(s), 1.2 MiB, offline copy verified on bak-01
healthops-backup: backup set 20251205T013000Z: failed: database petition failed: pg_dump: error: connection refused
healthops-backup: some other line
healthops-backup: backup set 20251206T013000Z: success: 3 item(s), 1.2 MiB
"""

AUTHORIZED_KEYS = (
    'restrict,command="/usr/bin/python3 /usr/local/lib/healthops/backup/healthops_backup_receiver.py'
    ' --keep-days 30.0 --keep-count 30 /srv/backup/healthops/db-01" ssh-ed25519 AAAAC3 healthops-backup@db-01\n'
    'restrict,command="/usr/bin/python3 /x/healthops_backup_receiver.py --keep-days 7.0 --keep-count 5'
    ' /srv/backup/healthops/db-02" ssh-ed25519 AAAAC4 healthops-backup@db-02\n'
)


def make_set(root: Path, name: str, files: dict[str, bytes], status: str = "success", manifest: bool = True) -> Path:
    path = root / name
    path.mkdir(parents=True)
    for file, data in files.items():
        (path / file).write_bytes(data)
    meta = {"status": status, "items": [{"duration_seconds": 1.5}, {"duration_seconds": 2.0}]}
    (path / "backup.json").write_text(json.dumps(meta))
    if manifest:
        lines = [f"{hashlib.sha256((path / f).read_bytes()).hexdigest()}  {f}" for f in sorted([*files, "backup.json"])]
        (path / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
    return path


def test_job_log_gives_each_run_once_oldest_first() -> None:
    runs = collect.parse_job_log(JOURNAL)
    assert [(r["set"], r["status"]) for r in runs] == [
        ("20251204T013000Z", "success"),
        ("20251205T013000Z", "failed"),
        ("20251206T013000Z", "success"),
    ]
    assert runs[1]["message"].startswith("database petition failed")
    assert runs[0]["time"] == collect.set_time("20251204T013000Z")


def test_forced_commands_give_each_hosts_retention() -> None:
    assert collect.parse_forced_commands(AUTHORIZED_KEYS) == {
        "db-01": {"keep_days": 30.0, "keep_count": 30},
        "db-02": {"keep_days": 7.0, "keep_count": 5},
    }


def test_local_sets_sizes_durations_and_goodness(tmp_path: Path) -> None:
    make_set(tmp_path, "20251205T013000Z", {"a.dump": b"x" * 10})
    make_set(tmp_path, "20251206T013000Z", {"a.dump": b"x" * 20}, status="failed")
    (tmp_path / "20251207T013000Z.partial").mkdir()
    (tmp_path / "not-a-set").mkdir()
    sets = collect.list_sets(str(tmp_path))
    assert [(s["name"], s["good"], s["partial"]) for s in sets] == [
        ("20251207T013000Z.partial", False, True),
        ("20251206T013000Z", False, False),
        ("20251205T013000Z", True, False),
    ]
    assert sets[2]["duration_seconds"] == 3.5
    assert sets[2]["size_bytes"] == 10 + len((tmp_path / "20251205T013000Z/backup.json").read_bytes()) + len(
        (tmp_path / "20251205T013000Z/MANIFEST.sha256").read_bytes()
    )


def test_storage_sets_are_good_only_when_verified_there(tmp_path: Path) -> None:
    make_set(tmp_path, "20251205T013000Z", {"a.dump": b"x"})
    make_set(tmp_path, "20251206T013000Z", {"a.dump": b"y"})
    (tmp_path / ".verified-sets").mkdir()
    (tmp_path / ".verified-sets" / "20251205T013000Z").write_text("ok")
    sets = collect.list_sets(str(tmp_path), storage=True)
    assert [(s["name"], s["good"]) for s in sets] == [("20251206T013000Z", False), ("20251205T013000Z", True)]


def test_manifest_check_names_a_changed_and_a_missing_file(tmp_path: Path) -> None:
    path = make_set(tmp_path, "20251205T013000Z", {"a.dump": b"abc", "b.sql": b"def"})
    assert collect.check_manifest(str(path)) == {"checked": 3, "bad": []}
    (path / "a.dump").write_bytes(b"abd")
    (path / "b.sql").unlink()
    os.mkfifo(path / "b.sql")  # a FIFO in its place is reported, not read (it would hang)
    result = collect.check_manifest(str(path))
    assert result["bad"] == [
        {"file": "a.dump", "problem": "checksum mismatch"},
        {"file": "b.sql", "problem": "missing or not a regular file"},
    ]


def test_read_storage_checks_the_newest_verified_set(tmp_path: Path) -> None:
    host_dir = tmp_path / "db-01"
    make_set(host_dir, "20251205T013000Z", {"a.dump": b"abc"})
    (host_dir / ".verified-sets").mkdir()
    (host_dir / ".verified-sets" / "20251205T013000Z").write_text("ok")
    keys = tmp_path / "authorized_keys"
    keys.write_text(AUTHORIZED_KEYS)
    read = collect.read_storage(str(tmp_path), ["db-01", "db-03"], str(keys))
    db01 = read["hosts"]["db-01"]
    assert db01["checksums"] == {"checked": 2, "bad": [], "set": "20251205T013000Z"}
    assert db01["retention"] == {"keep_days": 30.0, "keep_count": 30}
    # The newest verified set's files with their modes, for the permissions on the storage side.
    assert {f["path"] for f in db01["files"] if f["kind"] == "file"} == {"a.dump", "backup.json", "MANIFEST.sha256"}
    assert read["hosts"]["db-03"]["files"] == []
    assert read["hosts"]["db-03"]["sets"] == []
    assert read["hosts"]["db-03"]["checksums"] is None
    assert read["space"]["free_bytes"] > 0


def test_file_modes_of_a_set_are_read_without_following_links(tmp_path: Path) -> None:
    path = make_set(tmp_path, "20251205T013000Z", {"a.dump": b"abc"})
    (path / "a.dump").chmod(0o644)
    (path / "link").symlink_to("/etc/passwd")
    entries = {e["path"]: e for e in collect.tree(str(path))}
    assert entries["a.dump"]["mode"] == 0o644
    assert entries["a.dump"]["kind"] == "file"
    assert entries["link"]["kind"] == "other"


def test_restore_tests_newest_per_host(tmp_path: Path) -> None:
    def report(run_id: str, started: str, duty: str, hosts: dict[str, str]) -> None:
        (tmp_path / run_id).mkdir()
        body = {
            "run": {"run_id": run_id, "duty": duty, "started": started},
            "hosts": [{"host": h, "status": s} for h, s in hosts.items()],
        }
        (tmp_path / run_id / "report.json").write_text(json.dumps(body))

    report("r1", "2025-01-10T08:00:00+08:00", "restore_test", {"db-01": "PASS", "db-02": "PASS"})
    report("r2", "2025-06-10T08:00:00+08:00", "restore_test", {"db-01": "FAIL"})
    report("r3", "2025-07-10T08:00:00+08:00", "inspection", {"db-02": "PASS"})
    (tmp_path / "r4").mkdir()  # a run directory without a report
    found = collect.read_restore_tests(str(tmp_path))
    assert {h: (f["run_id"], f["status"]) for h, f in found.items()} == {
        "db-01": ("r2", "FAIL"),
        "db-02": ("r1", "PASS"),
    }
    assert collect.read_restore_tests(str(tmp_path / "missing")) == {}


def test_database_without_the_job_is_an_error(tmp_path: Path) -> None:
    read = collect.read_database(str(tmp_path / "none.json"), str(tmp_path / "status.json"), "healthops-db-backup", 30)
    assert "no backup job configuration" in read["error"]


def stand_in_rman(home: Path, body: str) -> None:
    """An ``$ORACLE_HOME/bin/rman`` that answers as the recorded one did (the commands arrive on stdin)."""
    (home / "bin").mkdir(parents=True)
    script = home / "bin" / "rman"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("runuser") is None, reason="runs RMAN as a user through runuser")
def test_rman_show_all_is_read_from_rman(tmp_path: Path) -> None:
    recorded = Path(__file__).resolve().parents[4] / "fixtures" / "backup_audit" / "rman_show_all_livelabs_21c.txt"
    stand_in_rman(tmp_path / "home", f'grep -qx "show all;" && [ "$ORACLE_SID" = CDB1 ] && cat {recorded}\n')
    text, error = collect.read_rman_show_all(str(tmp_path / "home"), "CDB1", "root")
    assert error == ""
    assert "CONFIGURE ARCHIVELOG DELETION POLICY TO NONE; # default" in text
    stand_in_rman(tmp_path / "bad", "echo 'RMAN-06171: not connected to target database'; exit 1\n")
    text, error = collect.read_rman_show_all(str(tmp_path / "bad"), "CDB1", "root")
    assert text is None
    assert "RMAN-06171" in error
