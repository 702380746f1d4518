"""bin/healthops plan (make plan): a change playbook's --check --diff run as a per-host summary and
a full diff beside it; exit 0 when nothing would change, 2 when something would, 1 when the
preview itself failed. The playbooks here change a file on localhost, as tomcat.yml changes
server.xml; healthops.controller.plan is also tested on the JSON callback's output directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ansible.module_utils.healthops.controller import plan
from healthops_testlib import REPO

HEALTHOPS = str(REPO / "bin" / "healthops")


def write_change(tmp_path: Path, target: Path, content: str, fail: bool = False) -> Path:
    playbook = tmp_path / "change.yml"
    extra = "    - name: Change | Stop\n      ansible.builtin.fail:\n        msg: no\n" if fail else ""
    playbook.write_text(
        "- name: Change\n  hosts: all\n  gather_facts: false\n  tasks:\n"
        "    - name: Config | Write the setting\n      ansible.builtin.copy:\n"
        f"        dest: {target}\n        content: \"{content}\\n\"\n        mode: '0640'\n" + extra
    )
    return playbook


def run_plan(tmp_path: Path, playbook: Path) -> subprocess.CompletedProcess[str]:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  hosts:\n    app-01:\n      ansible_connection: local\n"
        f"      ansible_python_interpreter: {sys.executable}\n"
    )
    return subprocess.run(
        [HEALTHOPS, "plan", "-i", str(inventory), "--playbook", str(playbook), "--out", str(tmp_path / "plan")],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        env=dict(os.environ, HEALTHOPS_LEDGER=str(tmp_path / "ledger.sqlite")),
    )


def test_a_pending_change_is_summarised_and_its_diff_saved(tmp_path: Path) -> None:
    target = tmp_path / "server.conf"
    target.write_text("maxThreads=200\n")
    proc = run_plan(tmp_path, write_change(tmp_path, target, "maxThreads=400"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "- app-01: 1 change(s): Config | Write the setting" in proc.stdout
    assert "changes pending" in proc.stdout
    assert (tmp_path / "plan" / "summary.md").read_text() == proc.stdout
    diff = (tmp_path / "plan" / "plan.diff").read_text()
    assert "-maxThreads=200" in diff
    assert "+maxThreads=400" in diff
    assert target.read_text() == "maxThreads=200\n"  # a preview changes nothing


def test_nothing_to_change_exits_0(tmp_path: Path) -> None:
    target = tmp_path / "server.conf"
    target.write_text("maxThreads=400\n")
    target.chmod(0o640)
    proc = run_plan(tmp_path, write_change(tmp_path, target, "maxThreads=400"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "- app-01: no change" in proc.stdout
    assert (tmp_path / "plan" / "plan.diff").read_text() == ""


def test_a_failed_preview_is_not_a_clean_plan(tmp_path: Path) -> None:
    target = tmp_path / "server.conf"
    target.write_text("maxThreads=400\n")
    proc = run_plan(tmp_path, write_change(tmp_path, target, "maxThreads=400", fail=True))
    assert proc.returncode == 1
    assert "FAILED in Change | Stop (plan incomplete)" in proc.stdout


def test_an_unreachable_host_makes_the_plan_incomplete() -> None:
    output = {
        "plays": [{"tasks": [{"task": {"name": "Config | Write"}, "hosts": {"db-01": {"unreachable": True}}}]}],
        "stats": {"db-01": {"unreachable": 1}, "app-01": {"ok": 1}},
    }
    hosts, diff = plan.read(output, "tomcat.yml")
    text, code = plan.summary({"tomcat.yml": hosts}, "/p/plan.diff")
    assert code == plan.INCOMPLETE
    assert "- db-01: UNREACHABLE (plan incomplete)" in text
    assert "- app-01: no change" in text
    assert diff == ""


def test_long_lists_of_changes_stay_short() -> None:
    tasks = [
        {
            "task": {"name": f"Step {i}"},
            "hosts": {"app-01": {"changed": True, "diff": {"before": "a\n", "after": "b\n"}}},
        }
        for i in range(8)
    ]
    hosts, diff = plan.read({"plays": [{"tasks": tasks}]}, "patch.yml")
    text, code = plan.summary({"patch.yml": hosts}, "/p/plan.diff")
    assert code == plan.CHANGES
    assert "8 change(s): Step 0; Step 1; Step 2; Step 3; Step 4; … 3 more" in text
    assert diff.count("# patch.yml | app-01 | Step") == 8
