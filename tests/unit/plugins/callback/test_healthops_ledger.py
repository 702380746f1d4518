"""The run ledger callback records every playbook run in SQLite, also runs that fail or are interrupted."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from healthops_testlib import REPO

sys.path.insert(0, str(REPO / "plugins" / "callback"))
from ansible.module_utils.healthops.controller.ledger import connect, recent
from healthops_ledger import ledger_entry, report_of

ANSIBLE_PLAYBOOK = str(Path(sys.executable).with_name("ansible-playbook"))
# Modules run with the test's Python: interpreter discovery may find a broken shim on the test machine.
COMMAND = [ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={sys.executable}"]


def test_entry_marks_failed_and_unreachable_hosts() -> None:
    stats = {
        "db01": {"ok": 3, "changed": 0, "failures": 0, "unreachable": 0},
        "app01": {"ok": 1, "changed": 0, "failures": 0, "unreachable": 1},
    }
    entry = ledger_entry("playbooks/inspect.yml", 100.0, 112.5, stats, check_mode=True)
    assert entry["result"] == "failed"
    assert entry["outcome"] == "failed"
    assert entry["hosts_failed"] == ["app01"]
    assert entry["duration_s"] == 12.5
    assert entry["check_mode"] is True


def test_an_interrupted_run_is_never_ok() -> None:
    entry = ledger_entry("p.yml", 1.0, 2.0, {"db01": {"ok": 1}}, check_mode=False, outcome="interrupted")
    assert (entry["outcome"], entry["result"]) == ("interrupted", "failed")
    with pytest.raises(ValueError, match="not one of"):
        ledger_entry("p.yml", 1.0, 2.0, {}, check_mode=False, outcome="fine")


def task(name: str, module: str, *args: str) -> str:
    return f"    - name: {name}\n      {module}:\n" + "".join(f"        {a}\n" for a in args)


def write_playbook(tmp_path: Path, tasks: str, hosts: str = "localhost") -> Path:
    playbook = tmp_path / "play.yml"
    playbook.write_text(f"- name: Play\n  hosts: {hosts}\n  gather_facts: false\n  tasks:\n{tasks}")
    return playbook


def env_for(ledger: Path) -> dict[str, str]:
    return dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HEALTHOPS_LEDGER=str(ledger))


def run_playbook(playbook: Path, ledger: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, str(playbook)],
        env=env_for(ledger),
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def lines_of(ledger: Path) -> list[dict]:
    """The ledger's runs, oldest first, each with its hosts' counts and outcomes."""
    conn = connect(str(ledger))
    try:
        runs = list(reversed(recent(conn, 100)))
    finally:
        conn.close()
    for run in runs:
        run["hosts_failed"] = sorted(h for h, r in run["hosts"].items() if r["outcome"] in ("failed", "unreachable"))
    return runs


NOOP = task("Noop | Do nothing", "ansible.builtin.debug", "msg: ok")


def test_a_playbook_run_appends_a_private_line(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path, NOOP)
    ledger = tmp_path / "sub" / "ledger.sqlite"
    old = os.umask(0o022)
    try:
        for _ in range(2):
            assert run_playbook(playbook, ledger).returncode == 0
    finally:
        os.umask(old)
    lines = lines_of(ledger)
    assert len(lines) == 2
    assert lines[0]["result"] == "ok"
    assert lines[0]["outcome"] == "ok"
    assert lines[0]["hosts"]["localhost"]["ok"] == 1
    assert lines[0]["hosts"]["localhost"]["outcome"] == "ok"
    assert lines[0]["check_mode"] == 0
    assert lines[0]["inventory"] == ["localhost,"]
    assert lines[0]["operator"]
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    assert lines[0]["git_commit"] == head.stdout.strip()
    assert lines[0]["git_dirty"] in (0, 1)
    with sqlite3.connect(ledger) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o640
    assert stat.S_IMODE(ledger.parent.stat().st_mode) == 0o750


def test_a_failed_task_is_recorded_as_failed(tmp_path: Path) -> None:
    playbook = write_playbook(
        tmp_path, "    - name: Fail | Stop here\n      ansible.builtin.fail:\n        msg: boom\n"
    )
    ledger = tmp_path / "ledger.sqlite"
    assert run_playbook(playbook, ledger).returncode == 2
    (line,) = lines_of(ledger)
    assert line["outcome"] == "failed"
    assert line["hosts_failed"] == ["localhost"]
    assert line["hosts"]["localhost"]["failures"] == 1


def test_a_play_error_that_skips_the_stats_is_recorded(tmp_path: Path) -> None:
    # An undefined host pattern raises out of the executor: Ansible never sends v2_playbook_on_stats.
    playbook = write_playbook(tmp_path, NOOP, hosts='"{{ no_such_variable }}"')
    ledger = tmp_path / "ledger.sqlite"
    proc = run_playbook(playbook, ledger)
    assert proc.returncode != 0
    assert "PLAY RECAP" not in proc.stdout
    (line,) = lines_of(ledger)
    assert line["outcome"] == "error"
    assert line["result"] == "failed"
    assert line["playbook"].endswith("play.yml")


@pytest.mark.parametrize(("signum", "outcome"), [(signal.SIGINT, "interrupted"), (signal.SIGTERM, "terminated")])
def test_an_interrupted_run_is_recorded(tmp_path: Path, signum: int, outcome: str) -> None:
    marker = tmp_path / "started"
    playbook = write_playbook(
        tmp_path,
        NOOP
        + task("Wait | Mark the start", "ansible.builtin.file", f"path: {marker}", "state: touch")
        + task("Wait | Sleep until interrupted", "ansible.builtin.command", "cmd: sleep 60"),
    )
    ledger = tmp_path / "ledger.sqlite"
    proc = subprocess.Popen(
        [*COMMAND, str(playbook)],
        env=env_for(ledger),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert marker.exists(), "the playbook never reached its second task"
        time.sleep(1.5)  # the sleep task is running
        proc.send_signal(signum)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0, output
    (line,) = lines_of(ledger)
    assert line["outcome"] == outcome
    assert line["result"] == "failed"
    assert line["hosts"]["localhost"]["ok"] >= 2
    assert line["duration_s"] < 60


def test_a_symlink_planted_as_the_ledger_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    ledger = tmp_path / "ledger.sqlite"
    ledger.symlink_to(victim)
    proc = run_playbook(write_playbook(tmp_path, NOOP), ledger)
    assert proc.returncode == 0
    assert victim.read_text() == "keep\n"
    assert "healthops_ledger: cannot write" in proc.stdout + proc.stderr


def test_check_mode_and_the_timer_context_are_recorded(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    inventory = tmp_path / "hosts.yml"
    inventory.write_text("all:\n  hosts:\n    localhost:\n      ansible_connection: local\n")
    proc = subprocess.run(
        [ANSIBLE_PLAYBOOK, "-i", str(inventory), "--check", "-e", f"ansible_python_interpreter={sys.executable}"]
        + [str(write_playbook(tmp_path, NOOP))],
        env=dict(env_for(ledger), HEALTHOPS_DUTY="inspection", HEALTHOPS_SYSTEM="petition", HEALTHOPS_RUN_DIR="/r/x"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout
    (run,) = lines_of(ledger)
    assert run["check_mode"] == 1
    assert run["inventory"] == [str(inventory)]
    assert (run["duty"], run["system"], run["run_dir"]) == ("inspection", "petition", "/r/x")


def test_the_report_path_comes_from_the_report_task(tmp_path: Path) -> None:
    summary = {"worst": "ERROR", "hosts": {"a": {"worst": "ERROR", "outcome": "unreachable"}}}
    assert report_of({"files": {"json": "/r/1/report.json"}, "summary": summary}) == (
        "/r/1/report.json",
        "ERROR",
        {"a": {"report_path": "/r/1/report.json", "status": "ERROR", "outcome": "unreachable"}},
    )
    reports = tmp_path / "reports"
    report = task(
        "Write | Render the report",
        "ansible.legacy.healthops_report",
        f"report_dir: {reports}",
        "run_id: 20250106T083000-inspect",
        "formats: [json]",
        "meta: {duty: inspect}",
        "hosts: [{host: localhost, system: petition, checks: []}]",
    )
    ledger = tmp_path / "ledger.sqlite"
    proc = run_playbook(write_playbook(tmp_path, report), ledger)
    assert proc.returncode == 0, proc.stdout
    (run,) = lines_of(ledger)
    expected = str(reports / "20250106T083000-inspect" / "report.json")
    assert run["report_path"] == expected
    assert run["hosts"]["localhost"]["report_path"] == expected
    assert run["status"] == "PASS"
    assert run["hosts"]["localhost"]["status"] == "PASS"


SECRET = "Vault-Only-S3cret-7f3a"


def test_no_secret_reaches_the_ledger(tmp_path: Path) -> None:
    # A vaulted variable used by no_log tasks, and a password given on the command line.
    password_file = tmp_path / "vault-pass"
    password_file.write_text("lab-vault-password\n")
    vault_bin = str(Path(sys.executable).with_name("ansible-vault"))
    vaulted = subprocess.run(
        [vault_bin, "encrypt_string", "--vault-password-file", str(password_file), SECRET, "--name", "db_password"],
        capture_output=True,
        text=True,
        check=True,
        env=env_for(tmp_path / "unused"),
    ).stdout
    (tmp_path / "vault.yml").write_text(vaulted)
    tasks = (
        '    - name: Secret | Use the password\n      ansible.builtin.set_fact:\n        used: "{{ db_password }}"\n'
        "      no_log: true\n"
        '    - name: Secret | Fail with it\n      ansible.builtin.command:\n        cmd: "false {{ db_password }}"\n'
        "      no_log: true\n      ignore_errors: true\n"
    )
    playbook = tmp_path / "play.yml"
    playbook.write_text(
        f"- name: Play\n  hosts: localhost\n  gather_facts: false\n  vars_files: [{tmp_path / 'vault.yml'}]\n"
        f"  tasks:\n{tasks}"
    )
    ledger = tmp_path / "ledger.sqlite"
    proc = subprocess.run(
        [*COMMAND, "--vault-password-file", str(password_file), "-e", f"api_token={SECRET}", str(playbook)],
        env=env_for(ledger),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout
    (run,) = lines_of(ledger)
    assert run["hosts"]["localhost"]["ignored"] == 1
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("ledger.sqlite*"))
    assert SECRET.encode() not in stored
    assert str(run).find(SECRET) == -1
