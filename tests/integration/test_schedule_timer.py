"""A duty's timer fires under systemd and the run lands in the ledger with ansible-runner's artifacts.

The control node is a container of the base image running systemd (--systemd=always) with the
checkout, its virtual environment and the venv's base Python mounted at the same paths. The
units are the ones `bin/healthops units` writes for a copy of the lab inventory (one host per
system, at 127.0.0.1 port 1 where nothing listens); the petition inspection's timer is shortened
to every minute. The lab inventory writes reports beside it (inv/../../reports), hence the whole
test directory is mounted. Nothing but the timer starts the service.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from healthops_testlib import REPO, lab_inventory_copy

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("podman") is None, reason="podman is not installed"),
]
IMAGE = "localhost/healthops-base:current"
UNIT = "healthops-petition-inspection"


def python_home() -> list[str]:
    """A mount of the venv's base Python when it lives outside /usr (pyenv), read-only at its own path."""
    cfg = dict(
        line.split(" = ", 1) for line in (REPO / ".venv" / "pyvenv.cfg").read_text().splitlines() if " = " in line
    )
    base = Path(cfg.get("home", "/usr/bin")).parent
    return [] if str(base).startswith("/usr") else ["-v", f"{base}:{base}:ro"]


def podman(*args: str, check: bool = True, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CONTAINERS_CONF=str(REPO / "molecule" / "shared" / "containers.conf"))
    return subprocess.run(["podman", *args], capture_output=True, text=True, check=check, timeout=timeout, env=env)


@pytest.fixture
def node(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "node"
    lab_inventory_copy(root)
    name = f"healthops-schedule-{uuid.uuid4().hex[:8]}"
    podman(
        "run", "-d", "--name", name, "--systemd=always",
        "-v", f"{REPO}:{REPO}", "-v", f"{tmp_path}:{tmp_path}", *python_home(), IMAGE, "/sbin/init",
    )  # fmt: skip
    try:
        yield name, root
    finally:
        podman("rm", "-f", "-t", "2", name, check=False)


def test_a_shortened_timer_fires_and_its_run_is_in_the_ledger(node: tuple[str, Path]) -> None:
    name, root = node
    subprocess.run(
        [str(REPO / "bin" / "healthops"), "units", "-i", str(root / "inv"), "--out", str(root / "units")]
        + ["--runs-dir", str(root / "runs"), "--ledger", str(root / "ledger.sqlite")],
        check=True,
        capture_output=True,
        env=dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg")),
    )
    timer = root / "units" / f"{UNIT}.timer"
    text = timer.read_text()
    assert "OnCalendar=Mon *-*-* 02:00:00" in text
    timer.write_text(text.replace("OnCalendar=Mon *-*-* 02:00:00", "OnCalendar=*:*:00"))
    (root / "runs" / "locks").mkdir(parents=True)
    deadline = time.monotonic() + 60
    while podman("exec", name, "systemctl", "is-system-running", check=False).stdout.strip() not in (
        "running",
        "degraded",
    ):
        assert time.monotonic() < deadline, "systemd did not come up in the container"
        time.sleep(1)
    for unit in (f"{UNIT}.timer", f"{UNIT}.service"):
        podman("exec", name, "cp", str(root / "units" / unit), f"/etc/systemd/system/{unit}")
    podman("exec", name, "systemctl", "daemon-reload")
    podman("exec", name, "systemctl", "start", f"{UNIT}.timer")
    ledger = root / "ledger.sqlite"
    deadline = time.monotonic() + 300
    runs: list[sqlite3.Row] = []
    while time.monotonic() < deadline and not runs:
        time.sleep(5)
        if ledger.exists():
            with sqlite3.connect(ledger) as conn:
                conn.row_factory = sqlite3.Row
                runs = conn.execute("SELECT * FROM runs").fetchall()
    journal = podman("exec", name, "journalctl", "-u", f"{UNIT}.service", "--no-pager", check=False).stdout
    assert runs, f"no run in the ledger within 5 minutes:\n{journal[-3000:]}"
    run = runs[0]
    assert (run["duty"], run["system"], run["playbook"]) == ("inspection", "petition", "playbooks/inspect.yml")
    assert run["status"] == "ERROR"  # the one host is unreachable
    assert Path(run["report_path"]).is_file()
    (artifacts,) = list((root / "runs" / "petition" / "inspection" / "artifacts").iterdir())[:1]
    # The ledger is written as the playbook ends; ansible-runner writes status and rc after it exits.
    deadline = time.monotonic() + 60
    while not (artifacts / "rc").exists() and time.monotonic() < deadline:
        time.sleep(1)
    assert (artifacts / "status").read_text() == "failed"
    assert list((artifacts / "job_events").iterdir())
    assert "Started" in journal or "Starting" in journal
