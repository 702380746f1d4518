"""The backup-policy audit on a real backup setup: the converge result, then playbooks/backup_audit.yml
after a real restore test (healthy: every check PASS or INFO, the report written), and each fault the
audit exists for giving its FAIL: a disabled timer, a stale second copy, a missing restore test (the
converge ran before any) and one older than the policy allows. Each fault is undone after its test.

The tests run in file order; the restore test's report is what the later audits read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import testinfra
from testinfra.host import Host

REPO = Path(__file__).resolve().parents[3]
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = os.environ.get("MOLECULE_INVENTORY_FILE", "")
DB, STORE = "backup-audit-pg", "backup-audit-store"
STORE_DIR = f"/srv/backup/healthops/{DB}"
REPORTS = EPHEMERAL / "reports"
PLAYBOOK = str(Path(sys.executable).with_name("ansible-playbook"))


@pytest.fixture(scope="module")
def db() -> Host:
    return testinfra.get_host(f"podman://{DB}")


@pytest.fixture(scope="module")
def store() -> Host:
    return testinfra.get_host(f"podman://{STORE}")


def by_id(checks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in checks}


def playbook(name: str, run_id: str, *extra: str) -> tuple[int, str]:
    command = [PLAYBOOK, "-i", INVENTORY, str(REPO / "playbooks" / name), "-e", f"healthops_run_id={run_id}", *extra]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600, check=False)
    return proc.returncode, proc.stdout[-4000:] + proc.stderr[-2000:]


def audit(run_id: str, *extra: str, reports: Path = REPORTS) -> tuple[int, dict[str, dict[str, Any]], str]:
    """Run playbooks/backup_audit.yml; (exit status, the database host's checks by id, output)."""
    rc, out = playbook("backup_audit.yml", run_id, "-e", f"healthops_report_dir={reports}", *extra)
    report = json.loads((reports / run_id / "report.json").read_text(encoding="utf-8"))
    (entry,) = [h for h in report["hosts"] if h["host"] == DB]
    return rc, by_id(entry["checks"]), out


def not_passing(checks: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {k: (c["status"], c["detail"]) for k, c in checks.items() if c["status"] not in ("PASS", "INFO")}


def test_converge_found_no_restore_test_and_nothing_else() -> None:
    checks = by_id(json.loads((EPHEMERAL / "audit-run.json").read_text())["checks"])
    assert not_passing(checks) == {"backup_audit.restore_test": ("FAIL", checks["backup_audit.restore_test"]["detail"])}
    assert "no restore test on record" in checks["backup_audit.restore_test"]["detail"]
    assert "Recommendation: run playbooks/backup_verify.yml" in checks["backup_audit.restore_test"]["detail"]
    for key in (
        "schedule",
        "last_success",
        "failed_runs",
        "second_copy",
        "second_copy.age",
        "second_copy.checksums",
        "rpo",
        "three_two_one",
        "permissions",
        "permissions.offline",
    ):
        assert checks[f"backup_audit.{key}"]["status"] == "PASS", checks[f"backup_audit.{key}"]
    # Production, the sets here, the verified copy on the storage host in the other room.
    assert checks["backup_audit.three_two_one"]["value"] == "3-2-1"
    # The server does not archive WAL (read with psql as the job connects): the base backups give the RPO.
    assert checks["backup_audit.rpo"]["detail"].startswith("no WAL archiving: "), checks["backup_audit.rpo"]
    assert "Set by inventory: restore_test_max_age_days" in checks["backup_audit.policy"]["detail"]
    assert checks["backup_audit.size_trend"]["status"] in ("PASS", "INFO")


def test_check_mode_gives_the_same_checks() -> None:
    def shape(name: str) -> list[tuple[str, str]]:
        return [(c["id"], c["status"]) for c in json.loads((EPHEMERAL / name).read_text())["checks"]]

    assert shape("audit-check.json") == shape("audit-run.json")


def test_healthy_setup_passes_after_a_restore_test() -> None:
    port = subprocess.run(["podman", "port", DB, "5432/tcp"], check=True, capture_output=True, text=True).stdout
    rc, out = playbook(
        "backup_verify.yml",
        "restore-1",
        "-e",
        "db_backup_verify_login_host=127.0.0.1",
        "-e",
        f"db_backup_verify_login_port={port.strip().rsplit(':', 1)[-1]}",
    )
    assert rc == 0, out
    rc, checks, out = audit("audit-healthy")
    assert rc == 0, out
    assert not_passing(checks) == {}
    assert checks["backup_audit.restore_test"]["status"] == "PASS"
    assert "restore-1" in checks["backup_audit.restore_test"]["detail"]
    assert "meet the policy" in checks["backup_audit.summary"]["detail"]
    run = REPORTS / "audit-healthy"
    assert (run / "report.xlsx").stat().st_size > 0
    assert "备份策略审查报告" in (run / "report.html").read_text(encoding="utf-8")
    # The storage host has rows of its own: its space, and the copies of the database host it holds.
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    (entry,) = [h for h in report["hosts"] if h["host"] == STORE]
    rows = by_id(entry["checks"])
    assert not_passing(rows) == {}
    for what in ("retention", "pruning", "checksums", "permissions"):
        assert rows[f"backup_audit.storage.{what}:{DB}"]["status"] == "PASS", rows
    assert rows["backup_audit.storage.space"]["status"] == "PASS"
    assert "meet the policy" in rows["backup_audit.summary"]["detail"]


def test_a_disabled_timer_fails(db: Host) -> None:
    db.check_output("systemctl disable --now healthops-db-backup.timer")
    try:
        rc, checks, _out = audit("audit-timer")
    finally:
        db.check_output("systemctl enable --now healthops-db-backup.timer")
    assert rc != 0
    assert checks["backup_audit.schedule"]["status"] == "FAIL"
    assert "disabled" in checks["backup_audit.schedule"]["detail"]
    assert list(not_passing(checks)) == ["backup_audit.schedule"]


def rename(store: Host, name: str, to: str) -> None:
    """Rename a placed set and its verified marker on the storage host."""
    store.check_output(f"mv {STORE_DIR}/{name} {STORE_DIR}/{to}")
    store.check_output(f"mv {STORE_DIR}/.verified-sets/{name} {STORE_DIR}/.verified-sets/{to}")


def test_a_stale_second_copy_fails(store: Host) -> None:
    # The copies there as if the newest had arrived in January 2020: each set and its marker renamed.
    names = sorted(n for n in store.check_output(f"ls -1 {STORE_DIR}").split() if n[:1].isdigit())
    old = [f"2020010{i + 1}T000000Z" for i in range(len(names))]
    moves = list(zip(names, old, strict=True))
    for new, past in moves:
        rename(store, new, past)
    try:
        rc, checks, _out = audit("audit-stale")
    finally:
        for new, past in moves:
            rename(store, past, new)
    assert rc != 0
    age = checks["backup_audit.second_copy.age"]
    assert age["status"] == "FAIL"
    assert "is not there" in age["detail"]
    assert checks["backup_audit.second_copy"]["status"] == "PASS"  # the copies exist; they are old


def test_a_restore_test_older_than_the_policy_fails(tmp_path: Path) -> None:
    # The only record: the restore test above as if run on 1 January 2025 (the policy allows 183 days).
    report = json.loads((REPORTS / "restore-1" / "report.json").read_text(encoding="utf-8"))
    report["run"]["started"] = "2025-01-01T09:00:00+08:00"
    (tmp_path / "restore-old").mkdir()
    (tmp_path / "restore-old" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    rc, checks, _out = audit("audit-old-restore", reports=tmp_path)
    assert rc != 0
    check = checks["backup_audit.restore_test"]
    assert check["status"] == "FAIL"
    # The restore test itself passed (its WARN: the image's self-signed certificate, db_compare.tls).
    assert "older than the policy allows: 2025-01-01T09:00:00+08:00: WARN (restore-1)" in check["detail"]
    assert list(not_passing(checks)) == ["backup_audit.restore_test"]


def test_a_set_left_beyond_the_retention_warns_that_pruning_stopped(db: Host) -> None:
    # A run that died in 2020 left its partial set, which the job's pruning should have removed.
    leftover = "/var/backups/healthops/20200101T000000Z.partial"
    db.check_output(f"mkdir -m 0750 {leftover}")
    try:
        rc, checks, out = audit("audit-pruning")
    finally:
        db.check_output(f"rmdir {leftover}")
    assert rc == 0, out  # a WARN: the backups still meet the policy
    pruning = checks["backup_audit.pruning.local"]
    assert (pruning["status"], pruning["value"]) == ("WARN", 1)
    assert "the oldest 20200101T000000Z.partial" in pruning["detail"]
    assert list(not_passing(checks)) == ["backup_audit.pruning.local"]
    assert checks["backup_audit.pruning.offline"]["status"] == "PASS"


def test_an_off_line_copy_the_policy_asks_for_and_nobody_recorded_fails() -> None:
    policy = {"backup_audit_policy": {"rpo_hours": 26, "restore_test_max_age_days": 183, "offline": True}}
    rc, checks, _out = audit("audit-offline", "-e", json.dumps(policy))
    assert rc != 0
    assert checks["backup_audit.offline"]["status"] == "FAIL"
    assert "no off-line copy recorded" in checks["backup_audit.offline"]["detail"]
    assert list(not_passing(checks)) == ["backup_audit.offline"]
    # Recorded today (a removable disk): the policy is met, and 3-2-1 counts a fourth copy.
    taken = {"backup_audit_offline_copies": [{"date": time.strftime("%Y-%m-%d", time.gmtime()), "media": "USB-1"}]}
    rc, checks, out = audit("audit-offline-taken", "-e", json.dumps(policy), "-e", json.dumps(taken))
    assert rc == 0, out
    assert checks["backup_audit.offline"]["status"] == "PASS"
    assert checks["backup_audit.three_two_one"]["value"] == "4-3-2"


def test_a_bad_policy_stops_the_run_before_any_host_is_read() -> None:
    rc, out = playbook(
        "backup_audit.yml", "audit-bad-policy", "-e", json.dumps({"backup_audit_policy": {"rpo_hourz": 8}})
    )
    assert rc != 0
    assert "backup_audit_policy.rpo_hourz is not a policy key" in out
    assert not (REPORTS / "audit-bad-policy").exists()
