"""The podman lab (molecule/shared/lab.sh) of a test module's own.

API (import it from a test module in tests/integration, which pytest puts on sys.path)::

    import labs

    # tests/parallel.py puts a module in the one lab work unit by the lab mark written in it.
    pytestmark = [pytest.mark.lab, *labs.MARKS]
    lab = labs.lab_fixture("healthops-xx", 23400, hosts=2, LAB_DB="1")  # the module's lab, up once

    def test_x(lab: labs.Lab) -> None:  # a Lab unpacks as `tmp, env`
        proc = labs.playbook(lab.tmp, lab.env, "inspect.yml", "-e", "x=1")  # against the lab's inventory
        rc, report, out = labs.inspect(lab.tmp, lab.env, "run-1")          # inspect.yml, its report.json read

or, for a lab of one test's own::

    env = labs.lab_env(tmp, "healthops-xx", 23400, LAB_HOSTS="1")  # extra variables go last
    with labs.lab_up(env, 1):                                       # removed again on the way out
        ...

Each lab has its prefix, SSH ports, inventory, SSH masters and ledger apart from `make lab` and
from the other labs, so two of them (or a CI run beside) do not meet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest

REPO = Path(__file__).resolve().parents[2]
LAB_SCRIPT = REPO / "molecule/shared/lab.sh"
IMAGE_SCRIPT = REPO / "molecule/shared/image.sh"

# The marks of every lab test module beside pytest.mark.lab, which each module writes out itself:
# tests/parallel.py tells the lab work unit by that mark in the module's text.
MARKS = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("podman") is None, reason="podman is not installed"),
]


class Lab(NamedTuple):
    """A running lab: the directory of its files (inventory, known_hosts, SSH masters, ledger) and its
    environment. Unpacks as ``tmp, env``."""

    tmp: Path
    env: dict[str, str]

    @property
    def inventory(self) -> Path:
        return self.tmp / "lab_hosts.yml"


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
def lab_up(env: dict[str, str], hosts: int, timeout: float | None = None) -> Iterator[None]:
    """The lab of ``env`` with ``hosts`` hosts (``lab.sh up``, at most ``timeout`` seconds), removed when
    the block ends, on failure too - also when ``up`` itself fails: what it started goes before its error
    is raised, so the next run and the other tests do not meet it."""
    try:
        subprocess.run([str(LAB_SCRIPT), "up", str(hosts)], env=env, check=True, cwd=REPO, timeout=timeout)
        yield
    finally:
        subprocess.run([str(LAB_SCRIPT), "down"], env=env, check=False, cwd=REPO, timeout=120)


def lab_fixture(
    prefix: str,
    base_port: int,
    hosts: int = 1,
    *,
    remove: Sequence[str] = (),
    images: Sequence[str] = (),
    timeout: float | None = None,
    **extra: str | Callable[[Path], str],
) -> Any:
    """A module-scoped fixture ``lab`` (assign it to a module's ``lab``): a ``Lab`` with ``hosts`` hosts,
    ``lab_env(tmp, prefix, base_port, **extra)`` in a directory of its own (an ``extra`` value that is a
    function is called with that directory), up for the module (``lab_up``, ``timeout``), then the
    containers named in ``remove`` (a test's own, beside the lab's) and the lab removed. ``images``: the
    recipes of molecule/shared/image.sh the tests start containers of themselves (built if missing, as
    lab.sh builds its own), so the module passes run alone as in the whole suite."""

    @pytest.fixture(scope="module", name="lab")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
        for recipe in images:
            subprocess.run([str(IMAGE_SCRIPT), recipe], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        tmp = tmp_path_factory.mktemp(prefix.removeprefix("healthops-") + "-lab")
        env = lab_env(tmp, prefix, base_port, **{k: v(tmp) if callable(v) else v for k, v in extra.items()})
        with lab_up(env, hosts, timeout):
            try:
                yield Lab(tmp, env)
            finally:
                if remove:
                    subprocess.run(
                        ["podman", "rm", "-f", "-t", "2", *remove], env=env, check=False, capture_output=True
                    )

    return fixture


def run_ansible(
    tool: str, tmp: Path, env: dict[str, str], *args: str, timeout: float
) -> subprocess.CompletedProcess[str]:
    """This Python's ``tool`` (ansible, ansible-playbook) with the controller's and the lab's inventory,
    then ``args``, output captured."""
    inventories = ["-i", str(REPO / "inventories/lab/localhost.yml"), "-i", str(tmp / "lab_hosts.yml")]
    return subprocess.run(
        [str(Path(sys.executable).with_name(tool)), *inventories, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def playbook(
    tmp: Path, env: dict[str, str], name: str, *extra: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """playbooks/<name> against the lab's inventory (and the controller's), output captured."""
    return run_ansible("ansible-playbook", tmp, env, str(REPO / "playbooks" / name), *extra, timeout=timeout)


def ansible(
    tmp: Path, env: dict[str, str], pattern: str, *extra: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """An ad hoc ``ansible`` command on the lab's hosts matching ``pattern``, output captured."""
    return run_ansible("ansible", tmp, env, pattern, *extra, timeout=timeout)


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
