"""playbooks/tasks/report_in_limit.yml: a --limit that leaves out the controller (where every duty
writes its record) stops the run before any host is touched, naming the limit to use instead; a
limit that keeps it, or none, goes on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from healthops_testlib import REPO

PLAY = f"""
- name: A duty's first play
  hosts: app
  gather_facts: false
  pre_tasks:
    - name: Preflight | Check that the run keeps its report
      ansible.builtin.import_tasks: {REPO}/playbooks/tasks/report_in_limit.yml
  tasks:
    - name: Duty | Touch the host
      ansible.builtin.debug:
        msg: DUTY-RAN-ON-HOST

- name: Write the record
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Report | Write
      ansible.builtin.debug:
        msg: record written
"""

INVENTORY = """
all:
  children:
    app:
      hosts: {a1: {ansible_connection: local}, a2: {ansible_connection: local}}
"""


def run(tmp_path: Path, *limit: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "play.yml").write_text(PLAY)
    (tmp_path / "hosts.yml").write_text(INVENTORY)
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    env["ANSIBLE_LOCALHOST_WARNING"] = "False"
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(tmp_path / "hosts.yml")]
        + [str(tmp_path / "play.yml"), *limit, "-e", f"ansible_python_interpreter={sys.executable}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("limit", "stops"), [("app", True), ("a1", True), ("app:localhost", False), (None, False)])
def test_the_limit_must_keep_the_controller(tmp_path: Path, limit: str | None, stops: bool) -> None:
    proc = run(tmp_path, *(["--limit", limit] if limit else []))
    out = " ".join((proc.stdout + proc.stderr).split())
    if stops:
        assert proc.returncode != 0
        assert f"--limit {limit} leaves out localhost, where the report is written" in out
        assert f"run with --limit '{limit}:localhost'" in out
        assert "DUTY-RAN-ON-HOST" not in out
        assert "record written" not in out
    else:
        assert proc.returncode == 0, out[-2000:]
        assert "record written" in out
