"""The run ledger callback writes one line per playbook run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from healthops_testlib import REPO

sys.path.insert(0, str(REPO / "plugins" / "callback"))
from healthops_ledger import ledger_entry


def test_entry_marks_failed_and_unreachable_hosts() -> None:
    stats = {
        "db01": {"ok": 3, "changed": 0, "failures": 0, "unreachable": 0},
        "app01": {"ok": 1, "changed": 0, "failures": 0, "unreachable": 1},
    }
    entry = ledger_entry("playbooks/inspect.yml", 100.0, 112.5, stats, check_mode=True)
    assert entry["result"] == "failed"
    assert entry["hosts_failed"] == ["app01"]
    assert entry["duration_s"] == 12.5
    assert entry["check_mode"] is True


def test_a_playbook_run_appends_a_line(tmp_path: Path) -> None:
    playbook = tmp_path / "noop.yml"
    playbook.write_text(
        "- name: Noop\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - name: Noop | Do nothing\n      ansible.builtin.debug:\n        msg: ok\n"
    )
    ledger = tmp_path / "ledger.jsonl"
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(ledger))
    for _ in range(2):
        subprocess.run(
            [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "-c", "local", str(playbook)],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
        )
    lines = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert len(lines) == 2
    assert lines[0]["result"] == "ok"
    assert lines[0]["hosts"]["localhost"]["ok"] == 1
