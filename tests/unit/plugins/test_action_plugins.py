"""The controller-only modules, run in-process by their action plugins, behave as the modules do:
arguments validated first, failures as task failures, files written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from healthops_testlib import REPO

PLAYBOOK = """
- name: In-process modules
  hosts: localhost
  gather_facts: false
  tasks:
    - name: State | Save
      ansible.legacy.healthops_state:
        path: "{dir}/state"
        states: {{a: {{x: 1}}, b: null}}
      register: saved
    - name: State | Refuse a bad host name
      ansible.legacy.healthops_state:
        path: "{dir}/state"
        states: {{"../x": {{}}}}
      register: refused
      failed_when: refused is not failed or 'not usable as a file name' not in refused.msg
    - name: State | A directory that cannot be written is a warning, not a failure
      ansible.legacy.healthops_state:
        path: "{dir}/a-file/state"
        states: {{a: {{x: 1}}}}
      register: unkept
    - name: Report | Write
      ansible.legacy.healthops_report:
        report_dir: "{dir}/reports"
        run_id: r1
        formats: [json]
        hosts: [{{host: a, checks: []}}, {{host: b, unreachable: true, msg: down}}]
      register: written
    - name: Report | Reject an unknown option before doing anything
      ansible.legacy.healthops_report:
        report_dir: "{dir}/reports"
        run_id: r2
        hosts: [{{host: a}}]
        colour: red
      register: rejected
      failed_when: rejected is not failed or 'colour' not in rejected.msg
    - name: Show the results
      ansible.builtin.copy:
        content: "{{{{ {{'saved': saved, 'written': written, 'unkept': unkept}} | to_json }}}}"
        dest: "{dir}/results.json"
        mode: "0600"
"""


def test_state_and_report_run_in_process(tmp_path: Path) -> None:
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAYBOOK.format(dir=tmp_path))
    (tmp_path / "a-file").write_text("")
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(tmp_path / "ledger"))
    env["ANSIBLE_LOCALHOST_WARNING"] = "False"
    run = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "-c", "local", str(playbook)]
        + ["-e", f"ansible_python_interpreter={sys.executable}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["saved"]["written"] == ["a"]
    assert results["unkept"]["written"] == []
    assert "Not a directory" in results["unkept"]["not_written"]["a"]
    assert "state of a not kept in" in run.stdout + run.stderr
    assert json.loads((tmp_path / "state" / "a.json").read_text()) == {"x": 1}
    assert results["written"]["summary"]["counts"]["ERROR"] == 1
    assert not (tmp_path / "reports" / "r2").exists()
    report = json.loads((tmp_path / "reports" / "r1" / "report.json").read_text())
    assert {h["host"] for h in report["hosts"]} == {"a", "b"}
