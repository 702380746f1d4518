"""playbooks/cert_audit.yml: a bad inventory value stops the run, naming the variable, before any host is read.

The hosts are reached with the local connection; a run that got past the validation would call
cert_scan (its task name is in the output) and write a report: neither may happen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from healthops_testlib import REPO


def run(tmp_path: Path, host_vars: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    inventory = {
        "all": {
            "hosts": {"localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "vars": {"healthops_report_dir": str(tmp_path / "reports")},
            "children": {
                "web_servers": {
                    "hosts": {
                        "web0": {"ansible_connection": "local"},  # a good host: the run stops for it too
                        "web1": dict({"ansible_connection": "local"}, **host_vars),
                    }
                }
            },
        }
    }
    (tmp_path / "hosts.yml").write_text(yaml.safe_dump(inventory))
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(tmp_path / "hosts.yml")]
        + [str(REPO / "playbooks" / "cert_audit.yml"), "-e", json.dumps({"healthops_run_id": "bad"})],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("host_vars", "named"),
    [
        ({"cert_audit_endpoints": [{"server_name": "yw.example"}]}, "port"),
        ({"cert_audit_endpoints": "yw.example:443"}, "cert_audit_endpoints"),
        ({"cert_audit_files": [{"chain": "/etc/x"}]}, "path"),
        ({"cert_audit_scan": "sometimes"}, "cert_audit_scan"),
        ({"cert_audit_timeout": "soon"}, "cert_audit_timeout"),
    ],
)
def test_a_bad_value_stops_before_any_host_is_read(tmp_path: Path, host_vars: dict[str, Any], named: str) -> None:
    proc = run(tmp_path, host_vars)
    out = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "Validate the inventory's settings" in out
    assert named in out
    assert "Choose the hosts with something to audit" not in out  # the whole run stops, good hosts too
    assert "Read the TLS configuration" not in out
    assert not (tmp_path / "reports" / "bad").exists()
