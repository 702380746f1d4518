"""The inspection against a lab of real containers: healthy first, then with faults.

A lab of its own (prefix, ports and inventory apart from `make lab`) is started;
the first run must pass on the healthy lab and exit 0. Then one host is stopped,
one has its /data file system filled and one gets a failed systemd unit: the run
must complete for every host, exit non-zero, and the report must show ERROR, FAIL
and FAIL for exactly those hosts and nothing worse than WARN elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PREFIX = "healthops-it"
HOSTS = [f"{PREFIX}-{i:02d}" for i in range(1, 6)]
STOPPED, FULL, FAILED_UNIT = HOSTS[1], HOSTS[2], HOSTS[3]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.lab,
    pytest.mark.skipif(shutil.which("podman") is None, reason="podman is not installed"),
]


def lab_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LAB_PREFIX=PREFIX,
        LAB_SSH_BASE_PORT="22600",
        LAB_INVENTORY=str(tmp / "lab_hosts.yml"),
        CONTAINERS_CONF=env.get("CONTAINERS_CONF", str(REPO / "molecule/shared/containers.conf")),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_FORCE_COLOR="0",
    )
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("lab")
    env = lab_env(tmp)
    script = str(REPO / "molecule/shared/lab.sh")
    subprocess.run([script, "up", str(len(HOSTS))], env=env, check=True, cwd=REPO)
    try:
        yield tmp, env
    finally:
        subprocess.run([script, "down"], env=env, check=False, cwd=REPO)


def podman(*args: str, env: dict[str, str]) -> None:
    subprocess.run(["podman", *args], env=env, check=True, capture_output=True)


def inspect(tmp: Path, env: dict[str, str], run_id: str) -> tuple[int, dict]:
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("ansible-playbook")),
            "-i",
            str(REPO / "inventories/lab/localhost.yml"),
            "-i",
            str(tmp / "lab_hosts.yml"),
            str(REPO / "playbooks/inspect.yml"),
            "-e",
            f"healthops_report_dir={tmp / 'reports'}",
            "-e",
            f"healthops_state_dir={tmp / 'state'}",
            "-e",
            f"healthops_run_id={run_id}",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = tmp / "reports" / run_id / "report.json"
    assert report.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    return result.returncode, json.loads(report.read_text(encoding="utf-8"))


def by_host(report: dict) -> dict[str, dict]:
    return {h["host"]: h for h in report["hosts"]}


def failing(host: dict) -> list[tuple[str, str]]:
    return [(c["id"], c["status"]) for c in host["checks"] if c["status"] in ("FAIL", "ERROR")]


def test_healthy_lab_passes_then_faults_show_for_exactly_their_hosts(lab: tuple[Path, dict[str, str]]) -> None:
    tmp, env = lab

    rc, report = inspect(tmp, env, "healthy")
    hosts = by_host(report)
    assert sorted(hosts) == HOSTS
    assert {h: failing(v) for h, v in hosts.items() if failing(v)} == {}
    assert rc == 0
    assert all(len(h["checks"]) >= 30 for h in hosts.values())

    podman("stop", "-t", "2", STOPPED, env=env)
    podman("exec", FULL, "sh", "-c", "head -c 62M /dev/zero > /data/fill", env=env)
    podman(
        "exec",
        FAILED_UNIT,
        "sh",
        "-c",
        "printf '[Service]\\nExecStart=/bin/false\\n' > /etc/systemd/system/healthops-fault.service"
        " && systemctl daemon-reload && (systemctl start healthops-fault.service || true)",
        env=env,
    )

    rc, report = inspect(tmp, env, "faults")
    hosts = by_host(report)
    assert sorted(hosts) == HOSTS, "a host is missing from the report"
    assert rc != 0
    assert hosts[STOPPED]["status"] == "ERROR"
    assert ("host.reachable", "ERROR") in failing(hosts[STOPPED])
    assert hosts[FULL]["status"] == "FAIL"
    assert failing(hosts[FULL]) == [("fs.space:/data", "FAIL")]
    assert hosts[FAILED_UNIT]["status"] == "FAIL"
    assert failing(hosts[FAILED_UNIT]) == [("service.failed_units", "FAIL")]
    assert "healthops-fault.service" in next(
        c["detail"] for c in hosts[FAILED_UNIT]["checks"] if c["id"] == "service.failed_units"
    )
    for name in set(HOSTS) - {STOPPED, FULL, FAILED_UNIT}:
        assert failing(hosts[name]) == [], name
    # The second run of a host knows the first: growth is graded, not "first sample".
    days = next(c for c in hosts[HOSTS[0]]["checks"] if c["id"] == "fs.days_to_full:/data")
    assert "first sample" not in days["detail"]
    counts = report["summary"]["counts"]
    assert counts["ERROR"] >= 1
    assert counts["FAIL"] >= 2
