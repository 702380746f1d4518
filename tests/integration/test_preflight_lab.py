"""The preflight (playbooks/tasks/preflight.yml) against a lab of its own: a host whose python3 was
removed is stopped with a message naming the host, what it has and the remedy, and shows in the
inspection record as ERROR; the other host is inspected on the interpreter the preflight picked.

The lab (prefix healthops-pf, ports 23401-23402, its own inventory and known_hosts) is apart from
`make lab` and from the inspection's lab test, and is removed at the end.
"""

from __future__ import annotations

import subprocess

import labs
import pytest

PREFIX = "healthops-pf"
BASE_PORT = 23400
HOSTS = [f"{PREFIX}-{i:02d}" for i in range(1, 3)]
GOOD, NO_PYTHON = HOSTS

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
# The interpreter the preflight picks is a cacheable fact: kept out of the repository's cache.
lab = labs.lab_fixture(PREFIX, BASE_PORT, len(HOSTS), ANSIBLE_CACHE_PLUGIN_CONNECTION=lambda tmp: str(tmp / "facts"))


def test_a_host_without_python_is_stopped_by_the_preflight_and_the_other_is_inspected(
    lab: labs.Lab,
) -> None:
    tmp, env = lab
    subprocess.run(
        ["podman", "exec", NO_PYTHON, "sh", "-c", "mkdir -p /root/hidden && mv /usr/bin/python3* /root/hidden/"],
        env=env,
        check=True,
    )
    returncode, report, out = labs.inspect(tmp, env, "preflight")
    hosts = {h["host"]: h for h in report["hosts"]}
    assert sorted(hosts) == HOSTS
    assert returncode != 0

    stopped = hosts[NO_PYTHON]
    assert stopped["status"] == "ERROR"
    assert [(c["id"], c["status"]) for c in stopped["checks"]] == [("probe.run", "ERROR")]
    detail = stopped["checks"][0]["detail"]
    assert detail.startswith(f"preflight: {NO_PYTHON} (Debian GNU/Linux 12 (bookworm)) has no Python interpreter;"), (
        detail
    )
    assert "runs modules on Python 3.8 or later" in detail
    # The lab inventory declares /usr/bin/python3 (inventories/lab/group_vars/lab.yml).
    assert "its ansible_python_interpreter /usr/bin/python3 is not on the host" in detail
    assert "Remedy: apt-get install python3," in detail
    assert "never installs an interpreter" in detail

    inspected = hosts[GOOD]
    statuses = [c["status"] for c in inspected["checks"]]
    assert len(statuses) >= 30
    assert "PASS" in statuses
    assert [c["id"] for c in inspected["checks"] if c["status"] in ("FAIL", "ERROR")] == []
    # The preflight reported the good host's OS and Python, and checked the interpreter the lab
    # inventory declares (/usr/bin/python3, another name of python3.11). The YAML output wraps lines.
    said = " ".join(out.split())
    assert f"{GOOD}: 'Debian GNU/Linux 12 (bookworm); Python: /usr/bin/python3.11 3.11" in said, out[-4000:]
    assert "using /usr/bin/python3 3.11" in said
