"""The emergency drill on a lab of its own (`lab.sh up` with LAB_DB=1, prefix healthops-dr, ports 23700+):
the backup installed and run once, then playbooks/drill.yml: `--check` prints the plan and creates
nothing; the drill restores the newest verified offline copy onto a fresh container, its smoke checks
(the seed's row counts) pass, RTO and RPO are measured against the targets and the container is gone
afterwards; a wrong expected row count fails the drill and still cleans up. The tests build on each
other in file order.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import labs
import pytest

REPO = Path(__file__).resolve().parents[2]
PREFIX = "healthops-dr"
BASE_PORT = 23700
DB = f"{PREFIX}-db"
CONTAINER = f"healthops-drill-{DB}"
APP = f"healthops-drill-app-{DB}"
ROWS = {"petition": {"public.letters": 2000, "public.units": 300}}
LAST_CHANGE = {"database": "petition", "sql": "SELECT extract(epoch FROM max(updated_at)) FROM public.letters"}
DATASOURCE = {"path": "/etc/default/tomcat10", "format": "env", "key": "PETITION_DB_URL", "database": "petition"}

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
# The drill's temporary containers are on the lab's network: removed before the lab. The application's
# is of the Tomcat image (playbooks/vars/drill.yml's drill_app_image), built here if missing.
lab = labs.lab_fixture(PREFIX, BASE_PORT, remove=(CONTAINER, APP), images=("tomcat",), LAB_HOSTS="1", LAB_DB="1")


def run(lab: labs.Lab, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    tmp, env = lab
    return labs.playbook(tmp, env, name, "-e", f"healthops_report_dir={tmp / 'reports'}", *extra, timeout=540)


def drill(
    lab: labs.Lab, run_id: str, rows: dict[str, Any], *extra: str, app: bool = True
) -> subprocess.CompletedProcess[str]:
    settings: dict[str, Any] = {
        "drill_source": DB,
        "drill_expected_rows": rows,
        "drill_last_change_sql": LAST_CHANGE,
        "drill_network": f"{PREFIX}-net",
    }
    if app:
        # The application stack: Tomcat in a container beside the database's, on the lab's network, its data
        # source (the environment file its unit reads) pointed at the temporary database.
        settings.update(
            drill_app_services=["tomcat10"],
            drill_app_http_checks=[{"url": "http://127.0.0.1:8080/", "status": 200}],
            drill_app_datasource=DATASOURCE,
        )
    return run(lab, "drill.yml", "-e", json.dumps(settings), "-e", f"healthops_run_id={run_id}", *extra)


def checks(lab: labs.Lab, run_id: str) -> dict[str, dict[str, Any]]:
    report = json.loads((lab.tmp / "reports" / run_id / "report.json").read_text(encoding="utf-8"))
    (entry,) = report["hosts"]
    assert entry["host"] == DB
    return {c["id"]: c for c in entry["checks"]}


def container_exists() -> bool:
    """The database's or the application's temporary container is there."""
    return any(
        subprocess.run(["podman", "container", "exists", c], check=False).returncode == 0 for c in (CONTAINER, APP)
    )


def test_an_oracle_system_is_refused_with_an_error_and_what_to_do(tmp_path: Path) -> None:
    # No lab: an Oracle host is never contacted. A scheduled run of cadre_health (--limit) finds its Oracle host.
    hosts = {"oracle_servers": {"hosts": {"ora-01": {"healthops_system": "cadre_health"}}}}
    (tmp_path / "oracle.yml").write_text(json.dumps({"all": {"children": hosts}}), encoding="utf-8")
    env = labs.lab_env(tmp_path, PREFIX, BASE_PORT)
    command = [
        str(Path(sys.executable).with_name("ansible-playbook")),
        "-i", str(REPO / "inventories/lab/localhost.yml"), "-i", str(tmp_path / "oracle.yml"),
        str(REPO / "playbooks/drill.yml"), "--limit", "ora-01:localhost",
        "-e", f"healthops_report_dir={tmp_path / 'reports'}", "-e", "healthops_run_id=drill-oracle",
    ]  # fmt: skip
    proc = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode != 0  # an ERROR in the report
    assert "ora-01 is an oracle database: the drill restores PostgreSQL-family sets" in proc.stdout
    report = json.loads((tmp_path / "reports" / "drill-oracle" / "report.json").read_text(encoding="utf-8"))
    (entry,) = report["hosts"]
    found = {c["id"]: c for c in entry["checks"]}
    assert list(found) == ["drill.engine", "drill.summary"]
    assert found["drill.engine"]["status"] == "ERROR"
    assert "Nothing was restored and RTO and RPO were not measured" in found["drill.engine"]["detail"]
    assert "同版本 Oracle 备用服务器上进行演练" in found["drill.engine"]["recommendation_zh"]
    assert found["drill.summary"]["detail"] == (
        "drill failed: RTO and RPO not measured. To act on: Database the drill can restore"
    )


def test_a_backup_to_drill_from(lab: labs.Lab) -> None:
    proc = run(lab, "backup.yml")
    assert proc.returncode == 0, proc.stdout[-3000:]
    job = subprocess.run(["podman", "exec", DB, "systemctl", "start", "healthops-db-backup.service"], check=False)
    assert job.returncode == 0


def test_check_mode_prints_the_plan_only(lab: labs.Lab) -> None:
    proc = drill(lab, "drill-plan", ROWS, "--check")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "3. start the temporary host: podman container " + CONTAINER in proc.stdout
    assert "check mode: nothing was touched" in proc.stdout
    assert not container_exists()
    assert not (lab.tmp / "reports" / "drill-plan").exists()


def test_a_scheduled_run_drills_the_database_host_of_its_limit(lab: labs.Lab) -> None:
    # As bin/healthops runs it: --limit <system>:localhost, no drill_source, no -e; the stack and the
    # smoke checks declared in the inventory for the system's database host.
    declared = {"drill_app_services": ["tomcat10"], "drill_expected_rows": ROWS}
    extra = lab.tmp / "drill_declared.yml"
    extra.write_text(json.dumps({"all": {"hosts": {DB: declared}}}), encoding="utf-8")
    proc = run(lab, "drill.yml", "-i", str(extra), "--check", "--limit", f"{DB}:localhost")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "1. read the newest verified copy of " + DB in proc.stdout
    assert "6. start the application stack: tomcat10 on podman container " + APP in proc.stdout
    assert "7. smoke checks: petition" in proc.stdout
    assert not container_exists()


def test_the_drill_restores_passes_its_smoke_checks_and_cleans_up(lab: labs.Lab) -> None:
    proc = drill(lab, "drill-1", ROWS)
    assert proc.returncode == 0, proc.stdout[-4000:]
    found = checks(lab, "drill-1")
    assert found["drill.smoke:petition.public.letters"]["status"] == "PASS"
    assert found["drill.smoke:petition.public.units"]["value"] == 300
    assert found["drill.rto"]["status"] == "PASS"
    assert 0 < found["drill.rto"]["value"] < 0.5  # hours: minutes on the lab
    assert found["drill.rpo"]["status"] == "PASS"  # the seed has not changed since the backup
    assert "last production change" in found["drill.rpo"]["detail"]
    assert found["drill.cleanup"]["status"] == "PASS"
    # The record's frame: the plan, the environment it ran in, the summary the client reads.
    assert found["drill.smoke:http://127.0.0.1:8080/"]["status"] == "PASS"  # Tomcat answered in its container
    assert found["drill.plan"]["value"] == 9
    assert "start the application stack: tomcat10 on podman container " + APP in found["drill.plan"]["detail"]
    # The application ran against the temporary database: its data source pointed there, reachable from it.
    pointed = found["drill.app_database"]
    assert pointed["status"] == "PASS", pointed
    assert pointed["value"] == f"jdbc:postgresql://{CONTAINER}:5432/petition"
    assert "/etc/default/tomcat10 PETITION_DB_URL: (not set) -> " in pointed["detail"]
    assert f"temporary host podman container {CONTAINER}" in found["drill.environment"]["detail"]
    assert found["drill.summary"]["value"] == "PASS"
    assert found["drill.summary"]["detail"].startswith("drill passed: RTO ")
    steps = [c["title"] for c in found.values() if c["id"].startswith("drill.step:")]
    assert steps[0].endswith("read the newest verified offline copy")
    assert steps[-1].endswith("clean up")
    assert not container_exists()


def test_a_failed_smoke_check_fails_the_drill_and_still_cleans_up(lab: labs.Lab) -> None:
    # The application stack is the passing drill's part: this run fails on the row count alone.
    proc = drill(lab, "drill-2", {"petition": {"public.letters": 2001}}, app=False)
    assert proc.returncode != 0
    found = checks(lab, "drill-2")
    assert found["drill.smoke:petition.public.letters"]["status"] == "FAIL"
    assert found["drill.rto"]["status"] == "FAIL"
    assert found["drill.cleanup"]["status"] == "PASS"
    assert found["drill.summary"]["value"] == "FAIL"
    assert "Smoke check petition.public.letters" in found["drill.summary"]["detail"]
    assert not container_exists()
