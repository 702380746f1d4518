"""Bad inspection input stops playbooks/inspect.yml before any host is contacted.

The inventory's only host points at 127.0.0.1 port 1, where nothing listens: a
run that got past validation would report it unreachable and write a report.
Validation must stop first, name the variable, and write nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def run(tmp_path: Path, extra: dict) -> subprocess.CompletedProcess[str]:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  children:\n    linux_servers:\n      hosts:\n"
        "        ghost: {ansible_host: 127.0.0.1, ansible_port: 1, healthops_system: petition}\n"
        "  hosts:\n    localhost: {ansible_connection: local}\n"
    )
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_FORCE_COLOR="0", NO_COLOR="1")
    env["ANSIBLE_LOCALHOST_WARNING"] = "False"
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(inventory), "playbooks/inspect.yml"]
        + ["-e", json.dumps({"healthops_report_dir": str(tmp_path / "reports"), **extra})]
        + ["-e", json.dumps({"healthops_state_dir": str(tmp_path / "state")})],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"inspection_thresholds": {"fs_space": {"warn": -5}}},
            "inspection_thresholds.fs_space.warn must not be negative",
        ),
        (
            {"inspection_thresholds": {"fs_space": {"warn": 95}}},
            "inspection_thresholds).fs_space: warn (95) must not be above fail (90)",
        ),
        ({"inspection_thresholds": {"no_such_check": {"warn": 1}}}, "inspection_thresholds.no_such_check: unknown"),
        ({"healthops_thresholds": {"memory_used": {"fail": 120}}}, "healthops_thresholds.memory_used.fail"),
        (
            {"healthops_thresholds": {"fs_space": {"fail": 70}}, "inspection_thresholds": {"fs_space": {"warn": 75}}},
            "fs_space: warn (75) must not be above fail (70)",
        ),
        ({"inspection_expected_services": ["ssh", ""]}, "inspection_expected_services"),
        ({"inspection_expected_services": [{"name": "ssh"}]}, "inspection_expected_services"),
        ({"inspection_expected_ports": ["tcp/99999"]}, "inspection_expected_ports"),
        ({"inspection_skip_checks": ["no.such.check"]}, "inspection_skip_checks"),
    ],
)
def test_bad_input_stops_the_run_naming_the_variable(tmp_path: Path, extra: dict, message: str) -> None:
    result = run(tmp_path, extra)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in output, output[-3000:]
    assert "UNREACHABLE" not in output
    assert not (tmp_path / "reports").exists()
