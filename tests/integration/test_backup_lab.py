"""The backup duty on the lab (`make lab LAB_DB=1`): the issue's "done means", end to end.

A lab of its own (prefix, ports, inventory and SSH control sockets apart from `make lab`)
with one plain host, the PostgreSQL host `<prefix>-db` and the storage host `<prefix>-bak`:
the fresh lab inspects healthy; playbooks/backup.yml installs an enabled, active daily timer;
one run of the job succeeds with a verified offline copy on the storage host;
playbooks/backup_verify.yml restores and compares (PASS), then reports a row changed in
production after the backup by its key (INFO, explained by updated_at); the inspection then
grades the job's status file (PASS). The tests build on each other in file order.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import labs
import pytest
from restore_checks import assert_restore_passed

PREFIX = "healthops-bt"
BASE_PORT = 22400
DB, BAK, PLAIN = f"{PREFIX}-db", f"{PREFIX}-bak", f"{PREFIX}-01"
UNIT = "healthops-db-backup"
STATUS = "/var/lib/healthops/backup/status.json"
STORE_DIR = f"/srv/backup/healthops/{DB}"

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
lab = labs.lab_fixture(PREFIX, BASE_PORT, timeout=540, LAB_HOSTS="1", LAB_DB="1")


def sh(lab: labs.Lab, host: str, command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["podman", "exec", host, "sh", "-c", command],
        env=lab.env,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def playbook(lab: labs.Lab, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return labs.playbook(lab.tmp, lab.env, name, *extra, timeout=540)


def report_run(lab: labs.Lab, name: str, run_id: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    """Run a reporting playbook; (exit status, the report's hosts by name, the output's tail)."""
    reports = lab.tmp / "reports"
    proc = playbook(
        lab,
        name,
        "-e",
        f"healthops_report_dir={reports}",
        "-e",
        f"healthops_state_dir={lab.tmp / 'state'}",
        "-e",
        f"healthops_run_id={run_id}",
    )
    out = proc.stdout[-3000:] + proc.stderr[-2000:]
    path = reports / run_id / "report.json"
    assert path.exists(), out
    report = json.loads(path.read_text(encoding="utf-8"))
    return proc.returncode, {h["host"]: h for h in report["hosts"]}, out


def checks_of(host: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in host["checks"]}


def failing(host: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["id"], c["status"]) for c in host["checks"] if c["status"] in ("FAIL", "ERROR")]


def test_the_fresh_lab_has_a_seeded_database_and_inspects_healthy(lab: labs.Lab) -> None:
    assert oct(lab.inventory.stat().st_mode & 0o777) == "0o600"  # it holds the lab's password
    count = sh(lab, DB, "runuser -u postgres -- psql -X -A -t -d petition -c 'SELECT count(*) FROM letters'")
    assert count.stdout.strip() == "2000"
    rc, hosts, out = report_run(lab, "inspect.yml", "inspect-fresh")
    assert sorted(hosts) == sorted([PLAIN, DB, BAK])
    assert {name: failing(h) for name, h in hosts.items() if failing(h)} == {}
    assert rc == 0, out
    db = checks_of(hosts[DB])
    assert db["service.active:postgresql@15-main"]["status"] == "PASS"
    assert db["net.listen:tcp/5432"]["status"] == "PASS"
    # No backup ran yet and none is expected by the lab: no backup check rather than a FAIL.
    assert not [c for c in db if c.startswith("backup.")]


def test_backup_installs_an_enabled_active_daily_timer(lab: labs.Lab) -> None:
    proc = playbook(lab, "backup.yml")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert sh(lab, DB, f"systemctl is-enabled {UNIT}.timer").stdout.strip() == "enabled"
    assert sh(lab, DB, f"systemctl is-active {UNIT}.timer").stdout.strip() == "active"
    assert "OnCalendar=*-*-* 01:30:00" in sh(lab, DB, f"cat /etc/systemd/system/{UNIT}.timer").stdout
    assert sh(lab, DB, f"systemctl show -P NextElapseUSecRealtime {UNIT}.timer").stdout.strip()


def test_a_run_succeeds_with_a_verified_offline_copy_on_the_storage_host(lab: labs.Lab) -> None:
    run = sh(lab, DB, f"systemctl start {UNIT}.service", check=False)
    status = json.loads(sh(lab, DB, f"cat {STATUS}").stdout)
    assert run.returncode == 0, status
    assert status["status"] == "success"
    assert status["offline_copy"]["status"] == "success"
    assert status["offline_copy"]["verified"] is True
    assert f"offline copy verified on {BAK}" in status["message"]
    assert "petition" in {d["name"] for d in status["databases"]}
    remote = f"{STORE_DIR}/{status['set']}"
    listing = sh(lab, BAK, f"ls -A {remote}").stdout.split()
    assert {"MANIFEST.sha256", "petition.dump", "globals.sql"} <= set(listing)
    # Placed by the receiver after its own check, read-only, and marked verified beside the sets.
    assert sh(lab, BAK, f"stat -c %a {remote}").stdout.strip() == "550"
    assert sh(lab, BAK, f"test -f {STORE_DIR}/.verified-sets/{status['set']}", check=False).returncode == 0
    checked = sh(lab, BAK, f"cd {remote} && sha256sum --check --strict --quiet MANIFEST.sha256", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The job trusts the storage host's key from the lab's reviewed known_hosts (lab.sh wrote it).
    reviewed = (lab.inventory.parent / "known_hosts").read_text()
    trusted = sh(lab, DB, "cat /var/lib/healthops/backup/ssh/known_hosts").stdout
    keys = {" ".join(line.split()[1:3]) for line in trusted.splitlines() if line and not line.startswith("#")}
    assert keys
    assert all(key in reviewed for key in keys)


def test_the_restore_test_passes_then_names_a_row_changed_after_the_backup(lab: labs.Lab) -> None:
    rc, hosts, out = report_run(lab, "backup_verify.yml", "restore-ok")
    assert rc == 0, out
    checks = checks_of(hosts[DB])
    assert failing(hosts[DB]) == []
    assert_restore_passed(checks)

    sh(
        lab,
        DB,
        "runuser -u postgres -- psql -X -q -d petition -v ON_ERROR_STOP=1 "
        "-c \"UPDATE letters SET title = 'changed', updated_at = now() WHERE id = 7\"",
    )
    rc, hosts, out = report_run(lab, "backup_verify.yml", "restore-changed")
    assert rc == 0, out  # a later change is no failure of the backup
    checks = checks_of(hosts[DB])
    letters = checks["db_compare:petition.public.letters"]
    assert letters["status"] == "INFO", letters
    assert "changed after the backup" in letters["detail"]
    assert "key 7)" in letters["detail"]
    assert checks["db_compare:petition.public.units"]["status"] == "PASS"
    assert failing(hosts[DB]) == []


def test_the_inspection_grades_the_backup_status_file(lab: labs.Lab) -> None:
    rc, hosts, out = report_run(lab, "inspect.yml", "inspect-after-backup")
    assert rc == 0, out
    db = checks_of(hosts[DB])
    assert db["backup.last_run"]["status"] == "PASS", db["backup.last_run"]
    assert db["backup.age"]["status"] == "PASS", db["backup.age"]
    assert f"offline copy verified on {BAK}" in db["backup.last_run"]["detail"]
    assert not [c for c in checks_of(hosts[BAK]) if c.startswith("backup.")]
