"""The preflight's action plugin on the controller itself (connection local): one shell command read
and judged, the interpreter picked set as Ansible's discovered interpreter, a host without a usable
one failed alone with the remedy, and the probe command asking each real interpreter once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ansible.module_utils.healthops.controller.preflight import PROBE_COMMAND, parse_raw
from healthops_testlib import REPO

PLAYBOOK = """
- name: Preflight on the controller
  hosts: all
  gather_facts: false
  tasks:
    - name: Preflight | Pick
      ansible.legacy.healthops_preflight:
        declared: "{{{{ declared }}}}"
        minimum: "{{{{ minimum }}}}"
      register: healthops_preflight
    - name: Preflight | Keep what the next tasks see
      ansible.builtin.copy:
        content: "{{{{ {{'result': healthops_preflight, 'discovered': discovered_interpreter_python | default('')}}
                     | to_json }}}}"
        dest: "{dir}/{{{{ inventory_hostname }}}}.json"
        mode: "0600"
      vars:
        ansible_python_interpreter: {python}
"""


def run_playbook(tmp_path: Path, inventory: str) -> subprocess.CompletedProcess[str]:
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAYBOOK.format(dir=tmp_path, python=sys.executable))
    (tmp_path / "hosts.yml").write_text(inventory)
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    env.update(ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_CACHE_PLUGIN_CONNECTION=str(tmp_path / "facts"))
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", str(tmp_path / "hosts.yml"), str(playbook)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_controller_passes_and_a_too_old_minimum_stops_only_that_host(tmp_path: Path) -> None:
    inventory = """
all:
  vars: {ansible_connection: local, declared: auto_silent}
  hosts:
    picks: {minimum: "3.6"}
    checks: {minimum: "3.6", declared: /nonexistent/python3}
    stopped: {minimum: "99.0"}
"""
    run = run_playbook(tmp_path, inventory)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    picked = json.loads((tmp_path / "picks.json").read_text())
    result = picked["result"]
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["interpreter"]
    assert result["interpreter"] == picked["discovered"]
    assert result["summary"].startswith(result["os"] + "; Python: ")
    assert f"using {result['interpreter']} {result['interpreter_version']}" in result["summary"]
    # The one-line summary is what the run prints.
    assert result["summary"] == result["msg"]

    # A declared interpreter is checked, never replaced: missing -> that host fails.
    assert not (tmp_path / "checks.json").exists()
    assert "its ansible_python_interpreter /nonexistent/python3 is not on the host" in out
    assert not (tmp_path / "stopped.json").exists()
    assert "this ansible-core runs modules on Python 99.0 or later" in out
    assert "never installs an interpreter" in out


def test_the_probe_command_asks_each_real_interpreter_once(tmp_path: Path) -> None:
    # Fake interpreters: python3.11 counts its calls; python3 is another name of it.
    counter = tmp_path / "calls"
    fake = tmp_path / "bin" / "python3.11"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho x >> {counter}\necho 3.11.2\n")
    fake.chmod(0o755)
    (tmp_path / "bin" / "python3").symlink_to(fake)
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin"}
    out = subprocess.run(["/bin/sh", "-c", PROBE_COMMAND], env=env, capture_output=True, text=True, check=True)
    parsed = parse_raw(out.stdout)
    ours = [p for p in parsed["pythons"] if p["real"] == str(fake)]
    assert ours == [
        {
            "name": "python3.11",
            "path": str(fake),
            "real": str(fake),
            "version": "3.11.2",
            "aliases": [str(tmp_path / "bin" / "python3")],
        }
    ]
    assert counter.read_text().count("x") == 1
    assert parsed["os"].get("ID"), "the controller's os-release was read"
