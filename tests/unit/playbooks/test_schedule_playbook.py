"""playbooks/schedule.yml and bin/healthops: the lab inventory's calendar as systemd timers, and
the command a timer's service starts, run directly (no systemd in the test's container): it runs
the duty through ansible-runner, leaves its artifacts, and the ledger records it.

The lab inventory has hosts only while a lab runs: the test copies it and gives each system one
host at 127.0.0.1 port 1, where nothing listens (the run reports it unreachable, fast).
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from healthops_testlib import LAB_SYSTEMS as SYSTEMS
from healthops_testlib import REPO, lab_inventory_copy

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("schedule")
    lab_inventory_copy(root)
    (root / "units").mkdir()
    return root


def env(root: Path) -> dict[str, str]:
    return dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(root / "install-ledger"))


def install(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    settings = {
        "healthops_schedule_unit_dir": str(root / "units"),
        "healthops_schedule_runs_dir": str(root / "runs"),
        "healthops_schedule_ledger": str(root / "ledger.sqlite"),
        "healthops_schedule_enable": False,
    }
    return subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(root / "inv"), "playbooks/schedule.yml", "-e", json.dumps(settings)]
        + list(extra),
        cwd=REPO,
        env=env(root),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def installed(lab: Path) -> Path:
    proc = install(lab)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return lab


def unit_option(text: str, key: str) -> str:
    (value,) = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]
    return value


def test_one_timer_and_service_per_scheduled_duty_and_system(installed: Path) -> None:
    names = sorted(p.name for p in (installed / "units").iterdir())
    timers = [n for n in names if n.endswith(".timer")]
    assert sorted(n.replace(".timer", ".service") for n in timers) == [n for n in names if n.endswith(".service")]
    assert {f"healthops-{s.replace('_', '-')}-inspection.timer" for s in SYSTEMS} <= set(timers)
    assert "healthops-petition-db-tuning.timer" in timers
    assert "healthops-missed.timer" in timers  # the hourly check for missed slots
    # Backups run on the hosts; switch and certificate checks run inside the inspection.
    assert not [n for n in names if "backup." in n or "switch" in n or "certificate" in n]
    # A planned duty gets its timer once its playbook lands (other issues add them).
    for unit, playbook in (("medical-admin-drill", "drill.yml"), ("occupational-health-patch-round", "patch.yml")):
        assert (f"healthops-{unit}.timer" in timers) == (REPO / "playbooks" / playbook).exists()
    timer = (installed / "units" / "healthops-medical-supplies-inspection.timer").read_text()
    assert unit_option(timer, "OnCalendar") == "*-*-* 06:30:00"  # healthops_schedule_times of medical_supplies
    assert unit_option(timer, "Persistent") == "true"
    service = (installed / "units" / "healthops-petition-db-tuning.service").read_text()
    words = shlex.split(unit_option(service, "ExecStart"))
    assert words[:5] == [
        "/usr/bin/flock",
        "--nonblock",
        "--conflict-exit-code",
        "75",
        f"{installed}/runs/locks/petition-db_health.lock",
    ]
    assert words[5:8] == [str(BIN / "ansible-runner"), "run", f"{installed}/runs/petition/db_tuning"]
    assert words[words.index("--limit") + 1] == "petition:localhost"
    assert "Environment=ANSIBLE_HOST_KEY_CHECKING=True" in service
    assert words[words.index("--cmdline") + 1] == "-e db_health_profile=tuning"
    assert "--rotate-artifacts" in words
    assert (installed / "runs" / "petition" / "db_tuning").is_dir()


def test_bin_healthops_writes_the_same_units(installed: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(REPO / "bin" / "healthops"), "units", "-i", str(installed / "inv"), "--out", str(tmp_path)]
        + ["--runs-dir", str(installed / "runs"), "--ledger", str(installed / "ledger.sqlite")],
        capture_output=True,
        text=True,
        check=False,
        env=env(installed),
    )
    assert proc.returncode == 0, proc.stderr
    for unit in (installed / "units").iterdir():
        assert (tmp_path / unit.name).read_text().rstrip("\n") == unit.read_text().rstrip("\n"), unit.name


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_accepts_the_units(installed: Path) -> None:
    units = sorted(str(p) for p in (installed / "units").iterdir())
    proc = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, check=False, timeout=120
    )
    # verify also judges the machine's own units it pulls in (network-online.target, timers.target): only
    # complaints about ours count.
    ours = [line for line in proc.stderr.splitlines() if "healthops-" in line]
    assert ours == [], proc.stderr
    for timer in [u for u in units if u.endswith(".timer")]:
        calendar = unit_option(Path(timer).read_text(), "OnCalendar")
        assert (
            subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, check=False).returncode == 0
        )


def test_a_bad_calendar_stops_the_install(lab: Path, tmp_path: Path) -> None:
    proc = install(lab, "-e", json.dumps({"healthops_calendar": {"inspection": "fortnightly"}}))
    assert proc.returncode != 0
    assert "healthops_calendar.inspection: 'fortnightly' is neither" in proc.stdout


def service_run(root: Path, unit: str) -> subprocess.CompletedProcess[str]:
    """The service's ExecStart with its Environment=, as systemd would start it."""
    text = (root / "units" / unit).read_text()
    environment = dict(os.environ)
    environment.update(
        line.split("=", 1)[1].split("=", 1) for line in text.splitlines() if line.startswith("Environment=")
    )
    return subprocess.run(
        shlex.split(unit_option(text, "ExecStart")),
        cwd=unit_option(text, "WorkingDirectory"),
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=400,
    )


def test_the_service_runs_the_duty_through_ansible_runner_into_the_ledger(installed: Path) -> None:
    proc = service_run(installed, "healthops-petition-inspection.service")
    assert proc.returncode != 0  # its one host is unreachable: the inspection reports ERROR
    artifacts = list((installed / "runs" / "petition" / "inspection" / "artifacts").iterdir())
    assert len(artifacts) == 1
    run_dir = artifacts[0]
    assert (run_dir / "status").read_text() == "failed"
    assert (run_dir / "rc").read_text() != "0"
    assert list((run_dir / "job_events").iterdir())
    with sqlite3.connect(installed / "ledger.sqlite") as conn:
        conn.row_factory = sqlite3.Row
        (run,) = conn.execute("SELECT * FROM runs").fetchall()
        (host,) = conn.execute("SELECT * FROM run_hosts WHERE host = 'petition-01'").fetchall()
    assert (run["duty"], run["system"], run["playbook"]) == ("inspection", "petition", "playbooks/inspect.yml")
    assert run["run_dir"] == f"{installed}/runs/petition/inspection"
    assert run["report_path"].endswith("report.json")
    assert Path(run["report_path"]).is_file()
    assert host["outcome"] == "unreachable"
    assert (host["status"], run["status"]) == ("ERROR", "ERROR")
    assert host["report_path"] == run["report_path"]
    listing = subprocess.run(
        [str(REPO / "bin" / "healthops"), "runs", "--ledger", str(installed / "ledger.sqlite")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "petition/inspection" in listing
    assert run["report_path"] in listing


def test_the_lock_stops_a_second_run_of_the_same_playbook(installed: Path) -> None:
    artifacts = installed / "runs" / "petition" / "inspection" / "artifacts"
    before = set(artifacts.iterdir()) if artifacts.exists() else set()
    lock = installed / "runs" / "locks" / "petition-inspect.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = service_run(installed, "healthops-petition-inspection.service")
    assert proc.returncode == 75
    assert (set(artifacts.iterdir()) if artifacts.exists() else set()) == before
