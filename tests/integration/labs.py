"""The environment of a podman lab (molecule/shared/lab.sh) of a test module's own.

API (import it from a test module in tests/integration, which pytest puts on sys.path)::

    from labs import LAB_SCRIPT, lab_env

    env = lab_env(tmp, "healthops-xx", 23400, LAB_HOSTS="1")   # extra variables go last
    subprocess.run([str(LAB_SCRIPT), "up"], env=env, check=True, cwd=REPO)

Each lab has its prefix, SSH ports, inventory, SSH masters and ledger apart from `make lab` and
from the other labs, so two of them (or a CI run beside) do not meet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
