"""playbooks/rotate_passwords.yml in audit mode against a lab of its own, as an operator runs it on
the lab: nothing changes, and the record names every account of the host - the one the test gives a
password (under no rotation: WARN), root (listed by the lab inventory, without a password: INFO) and
every system account without one (the locked line).

The lab (prefix healthops-pwa, port 23901, its own inventory and known_hosts) is apart from `make lab`
and the other lab tests, and is removed at the end.
"""

from __future__ import annotations

import json
import subprocess

import labs
import pytest

PREFIX = "healthops-pwa"
BASE_PORT = 23900
HOST = f"{PREFIX}-01"

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
lab = labs.lab_fixture(PREFIX, BASE_PORT, LAB_HOSTS="1")


def shadow(env: dict[str, str]) -> str:
    return subprocess.run(["podman", "exec", HOST, "cat", "/etc/shadow"], env=env, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_the_audit_names_every_account_of_the_lab_and_changes_nothing(lab: labs.Lab) -> None:
    tmp, env = lab
    # A vendor account left with its installation password, 40 days old.
    subprocess.run(["podman", "exec", HOST, "sh", "-c",
                    "useradd -m vendor && echo 'vendor:Lab-Vendor-Initial-5' | chpasswd"
                    " && chage -d \"$(date -u -d '40 days ago' +%F)\" vendor"], env=env, check=True)  # fmt: skip
    before = shadow(env)
    proc = labs.playbook(tmp, env, "rotate_passwords.yml", "-e", "password_rotation_mode=audit",
                         "-e", f"healthops_report_dir={tmp / 'reports'}")  # fmt: skip
    after = shadow(env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]  # WARN only
    assert after == before
    [report] = (tmp / "reports").glob("*/report.json")
    [host] = json.loads(report.read_text())["hosts"]
    checks = {c["id"]: c for c in host["checks"]}
    names = {line.split(":", 1)[0] for line in before.splitlines() if line}
    locked = set(checks["password.locked"]["detail"].split(": ", 1)[1].split(", "))
    assert locked | {"vendor", "root"} == names  # every account of the host is in the record
    # root, listed by the lab inventory (group_vars/linux_servers/password_rotation.yml), holds no password there.
    assert checks["password.age:root"]["status"] == "INFO"
    assert "locked" in checks["password.age:root"]["detail"]
    assert (checks["password.unmanaged:vendor"]["status"], checks["password.unmanaged:vendor"]["value"]) == ("WARN", 40)
    assert "Lab-Vendor-Initial-5" not in output
