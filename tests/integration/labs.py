"""The environment of a podman lab (molecule/shared/lab.sh) of a test module's own.

API (import it from a test module in tests/integration, which pytest puts on sys.path)::

    from labs import lab_env, lab_up, playbook, inspect

    env = lab_env(tmp, "healthops-xx", 23400, LAB_HOSTS="1")   # extra variables go last
    with lab_up(env, 2):                                       # removed again on the way out
        proc = playbook(tmp, env, "inspect.yml", "-e", "x=1")  # against the lab's inventory
        rc, report = inspect(tmp, env, "run-1")                # inspect.yml, its report.json read

Each lab has its prefix, SSH ports, inventory, SSH masters and ledger apart from `make lab` and
from the other labs, so two of them (or a CI run beside) do not meet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LAB_SCRIPT = REPO / "molecule/shared/lab.sh"


def lab_env(tmp: Path, prefix: str, base_port: int, **extra: str) -> dict[str, str]:
    """This process's environment with the lab's settings, its files under ``tmp``, then ``extra``."""
    env = dict(os.environ)
    env.update(
        LAB_PREFIX=prefix,
        LAB_SSH_BASE_PORT=str(base_port),
        LAB_INVENTORY=str(tmp / "lab_hosts.yml"),
        CONTAINERS_CONF=env.get("CONTAINERS_CONF", str(REPO / "molecule/shared/containers.conf")),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_FORCE_COLOR="0",
        # SSH masters of this lab's own: a lab rebuilt on the same ports must not meet another run's,
        # and a host key is checked when a connection is made.
        ANSIBLE_SSH_CONTROL_PATH_DIR=str(tmp / "cp"),
        HEALTHOPS_LEDGER=str(tmp / "ledger.jsonl"),
    )
    env.update(extra)
    return env


@contextmanager
def lab_up(env: dict[str, str], hosts: int) -> Iterator[None]:
    """The lab of ``env`` with ``hosts`` hosts, removed when the block ends (also on failure)."""
    subprocess.run([str(LAB_SCRIPT), "up", str(hosts)], env=env, check=True, cwd=REPO)
    try:
        yield
    finally:
        subprocess.run([str(LAB_SCRIPT), "down"], env=env, check=False, cwd=REPO)


def playbook(tmp: Path, env: dict[str, str], name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """playbooks/<name> against the lab's inventory (and the controller's), output captured."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook"))]
        + ["-i", str(REPO / "inventories/lab/localhost.yml"), "-i", str(tmp / "lab_hosts.yml")]
        + [str(REPO / "playbooks" / name), *extra],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def inspect(tmp: Path, env: dict[str, str], run_id: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    """inspect.yml with reports and state under ``tmp`` (``extra``: more arguments): its exit code,
    report.json and output."""
    result = playbook(
        tmp,
        env,
        "inspect.yml",
        *("-e", f"healthops_report_dir={tmp / 'reports'}", "-e", f"healthops_state_dir={tmp / 'state'}"),
        *("-e", f"healthops_run_id={run_id}"),
        *extra,
    )
    out = result.stdout + result.stderr
    report = tmp / "reports" / run_id / "report.json"
    assert report.exists(), out[-6000:]
    return result.returncode, json.loads(report.read_text(encoding="utf-8")), out
