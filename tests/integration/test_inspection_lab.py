"""The inspection against a lab of real containers: host keys, healthy, faults, a restarted lab.

A lab of its own (prefix, ports, inventory and known_hosts apart from `make lab`) is
started, and the tests build on each other in file order:

1. lab.sh pinned every container's own host keys; one host's key in known_hosts is
   replaced by a wrong one: the inspection marks exactly that host ERROR naming the
   changed host key, the others pass, and the file is not rewritten. playbooks/known_hosts.yml
   reports the key CHANGED and keeps the entry, even when told to approve; a missing entry
   is NEW, written only with the review code it printed.
2. The first run must pass on the healthy lab and exit 0. Then one host is stopped,
   one has its /data file system filled and one gets a failed systemd unit: the run
   must complete for every host, exit non-zero, and the report must show ERROR, FAIL
   and FAIL for exactly those hosts and nothing worse than WARN elsewhere, each row that
   needs action with its recommendation and 说明 in Chinese, and the three faults as new
   since the healthy run. Fixed, the next run passes and shows them resolved; its record has
   one chart per series (SVG in the HTML, native charts in the XLSX) and, printed by headless
   Chromium, requests nothing outside the file and is A4 with the sign-off on the last page.
3. As after a control node's restart: one container exited, one paused, one left
   `stopping` with its processes gone, one running without sshd. `lab.sh up` brings every
   host back: the first two started again, the others recreated with new host keys,
   which known_hosts then holds.

The lab runs two Debian releases side by side (LAB_IMAGES=bookworm,bullseye): hosts 1, 3
and 5 are Debian 12, hosts 2 and 4 Debian 11 (Python 3.9, older tools), so every run
inspects both, and the faults land on both.

HEALTHOPS_TEST_LAB_PREFIX and HEALTHOPS_TEST_LAB_PORT (the SSH base port) move this lab
aside, e.g. beside a CI run of the same tests on the same machine.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import labs
import pytest
import report_print
from openpyxl import load_workbook
from zh_record import english_lines

REPO = Path(__file__).resolve().parents[2]
PREFIX = os.environ.get("HEALTHOPS_TEST_LAB_PREFIX", "healthops-it")
BASE_PORT = int(os.environ.get("HEALTHOPS_TEST_LAB_PORT", "22600"))
HOSTS = [f"{PREFIX}-{i:02d}" for i in range(1, 6)]
# The Debian release (VERSION_ID) of each host: LAB_IMAGES alternates bookworm and bullseye.
DEBIAN = {name: ("12", "11")[i % 2] for i, name in enumerate(HOSTS)}
# The image each Debian release runs from (image.sh's recipes).
IMAGE = {"12": "localhost/healthops-base:", "11": "localhost/healthops-base-bullseye:"}
STOPPED, FULL, FAILED_UNIT = HOSTS[1], HOSTS[2], HOSTS[3]
# The host whose known_hosts entry the host key test replaces.
VICTIM, VICTIM_PORT = HOSTS[4], BASE_PORT + 5

# The lab unit of tests/parallel.py is told by this mark in the module's text.
pytestmark = [pytest.mark.lab, *labs.MARKS]
lab = labs.lab_fixture(PREFIX, BASE_PORT, len(HOSTS), LAB_IMAGES="bookworm,bullseye")


def podman(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(["podman", *args], env=env, check=True, capture_output=True, text=True).stdout


playbook = labs.playbook


def inspect(tmp: Path, env: dict[str, str], run_id: str) -> tuple[int, dict]:
    # The lab has a daily-inspected system, whose trends are sampled by week (report_trend_period auto):
    # three runs within minutes chart only when every run is a sample.
    rc, report, _out = labs.inspect(tmp, env, run_id, "-e", "report_trend_period=run")
    return rc, report


def by_host(report: dict) -> dict[str, dict]:
    return {h["host"]: h for h in report["hosts"]}


def failing(host: dict) -> list[tuple[str, str]]:
    return [(c["id"], c["status"]) for c in host["checks"] if c["status"] in ("FAIL", "ERROR")]


def os_version(host: dict) -> str:
    """VERSION_ID of the host as its system.os check read it from /etc/os-release."""
    detail = next(c["detail"] for c in host["checks"] if c["id"] == "system.os")
    match = re.search(r"\bID=debian VERSION_ID=(\S+)", detail)
    assert match, detail
    return match.group(1)


def image_of(name: str, env: dict[str, str]) -> str:
    return podman("inspect", "-f", "{{.ImageName}}", name, env=env).strip()


def host_keys(name: str, env: dict[str, str]) -> set[str]:
    """The container's SSH host public keys as "type base64", read through podman exec."""
    out = podman("exec", name, "sh", "-c", "cat /etc/ssh/ssh_host_*_key.pub", env=env)
    return {" ".join(line.split()[:2]) for line in out.splitlines() if line.strip()}


def pinned(known_hosts: Path, port: int) -> set[str]:
    """The keys known_hosts holds for 127.0.0.1:port, as "type base64"."""
    entries = [line.split() for line in known_hosts.read_text(encoding="utf-8").splitlines()]
    return {" ".join(e[1:3]) for e in entries if e and e[0] == f"[127.0.0.1]:{port}"}


def wrong_key(tmp: Path) -> str:
    key = tmp / "wrong_ed25519"
    if not key.exists():
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return " ".join(key.with_suffix(".pub").read_text(encoding="utf-8").split()[:2])


def test_hosts_are_known_by_their_own_keys_and_a_changed_key_stops_only_that_host(
    lab: labs.Lab,
) -> None:
    tmp, env = lab
    known_hosts = tmp / "known_hosts"
    for i, name in enumerate(HOSTS, start=1):
        assert pinned(known_hosts, BASE_PORT + i) == host_keys(name, env), name
    original = known_hosts.read_bytes()
    right = next(k for k in pinned(known_hosts, VICTIM_PORT) if k.startswith("ssh-ed25519 "))
    changed = original.decode().replace(right, wrong_key(tmp)).encode()
    assert changed != original
    known_hosts.write_bytes(changed)
    try:
        # A fresh control path: no SSH master of an earlier connection may stand in for the check.
        rc, report = inspect(tmp, dict(env, ANSIBLE_SSH_CONTROL_PATH_DIR=str(tmp / "cp-hostkey")), "hostkey")
        hosts = by_host(report)
        assert sorted(hosts) == HOSTS
        assert rc != 0
        assert hosts[VICTIM]["status"] == "ERROR"
        assert [(c["id"], c["status"]) for c in hosts[VICTIM]["checks"]] == [("host.reachable", "ERROR")]
        detail = hosts[VICTIM]["checks"][0]["detail"]
        assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in detail
        assert f"Host key for [127.0.0.1]:{VICTIM_PORT} has changed" in detail
        for name in set(HOSTS) - {VICTIM}:
            assert failing(hosts[name]) == [], name
        assert known_hosts.read_bytes() == changed, "the run rewrote known_hosts"

        # The review playbook reports the change and keeps the entry, even when told to approve.
        proc = playbook(tmp, env, "known_hosts.yml", "-e", "known_hosts_approve=true")
        assert proc.returncode != 0
        out = proc.stdout + proc.stderr
        assert re.search(rf"CHANGED\s+{VICTIM}\s+\[127\.0\.0\.1\]:{VICTIM_PORT}\s+ssh-ed25519", out), out[-3000:]
        assert f"host key CHANGED for [127.0.0.1]:{VICTIM_PORT}" in out
        assert known_hosts.read_bytes() == changed

        # A host missing from the file is NEW: not written without approval, then written with the
        # review code the run printed, and its keys are the container's own.
        missing = b"".join(
            line
            for line in original.splitlines(keepends=True)
            if not line.startswith(f"[127.0.0.1]:{VICTIM_PORT} ".encode())
        )
        known_hosts.write_bytes(missing)
        proc = playbook(tmp, env, "known_hosts.yml")
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0
        assert known_hosts.read_bytes() == missing
        assert len(re.findall(rf"NEW\s+{VICTIM}\s", out)) == 3, out[-3000:]
        assert not re.search(r"\b(CHANGED|NO ANSWER)\s", out)
        code = re.search(r"review code ([0-9a-f]{12})", out)
        assert code, out[-3000:]
        proc = playbook(tmp, env, "known_hosts.yml", "-e", f"known_hosts_approve={code.group(1)}")
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
        assert known_hosts.read_bytes().startswith(missing)
        assert pinned(known_hosts, VICTIM_PORT) == host_keys(VICTIM, env)
    finally:
        known_hosts.write_bytes(original)


def test_a_module_importing_nested_packages_runs_on_a_lab_host(lab: labs.Lab) -> None:
    """host_inspect imports healthops.inspect.* and healthops.common.*: AnsiballZ ships exactly those
    to the host (Ansible lists each file it includes at -vvvvv), and the module runs there."""
    tmp, env = lab
    proc = labs.ansible(
        tmp,
        dict(env, ANSIBLE_SSH_CONTROL_PATH_DIR=str(tmp / "cp-nested")),
        HOSTS[0],
        *("-vvvvv", "-o"),
        # /data is the lab's tmpfs data mount: tmpfs is graded only when named, as the lab's inventory does
        *("-m", "ansible.legacy.host_inspect", "-a", "fs_tmpfs_mounts=/data"),
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    shipped = set(re.findall(r"Including module_utils file ansible/module_utils/(healthops/\S+\.py)", out))
    assert {"healthops/__init__.py", "healthops/inspect/__init__.py", "healthops/inspect/fs.py"} <= shipped
    assert {"healthops/common/__init__.py", "healthops/common/result.py"} <= shipped
    assert {f.split("/")[1] for f in shipped if f.count("/") > 1} == {"common", "inspect"}, sorted(shipped)
    result = json.loads(re.search(rf"^{re.escape(HOSTS[0])} \| SUCCESS => (\{{.*\}})$", proc.stdout, re.M).group(1))
    assert result["changed"] is False
    checks = {c["id"]: c for c in result["checks"]}
    # A check of each probe module of the nested package, computed on the host itself (the
    # statuses depend on the machine's load; ERROR would mean the probe could not run).
    assert checks["fs.space:/data"]["status"] == "PASS"
    assert checks["fs.space:/data"]["unit"] == "%"
    for probe in ("cpu.load_per_core", "net.default_route", "security.empty_passwords", "system.uptime"):
        assert checks[probe]["status"] != "ERROR", checks[probe]
    assert len(checks) >= 30


def test_healthy_lab_passes_then_faults_show_for_exactly_their_hosts(lab: labs.Lab) -> None:
    tmp, env = lab

    rc, report = inspect(tmp, env, "healthy")
    hosts = by_host(report)
    assert sorted(hosts) == HOSTS
    assert {h: failing(v) for h, v in hosts.items() if failing(v)} == {}
    assert rc == 0
    assert all(len(h["checks"]) >= 30 for h in hosts.values())
    # Both releases were inspected, each as what it is.
    assert {name: os_version(hosts[name]) for name in HOSTS} == DEBIAN
    assert set(DEBIAN.values()) == {"11", "12"}

    podman("stop", "-t", "2", STOPPED, env=env)
    podman("exec", FULL, "sh", "-c", "head -c 62M /dev/zero > /data/fill", env=env)
    podman(
        "exec",
        FAILED_UNIT,
        "sh",
        "-c",
        "printf '[Service]\\nExecStart=/bin/false\\n' > /etc/systemd/system/healthops-fault.service"
        " && systemctl daemon-reload && (systemctl start healthops-fault.service || true)",
        env=env,
    )

    rc, report = inspect(tmp, env, "faults")
    hosts = by_host(report)
    assert sorted(hosts) == HOSTS, "a host is missing from the report"
    assert rc != 0
    assert hosts[STOPPED]["status"] == "ERROR"
    assert ("host.reachable", "ERROR") in failing(hosts[STOPPED])
    assert hosts[FULL]["status"] == "FAIL"
    assert failing(hosts[FULL]) == [("fs.space:/data", "FAIL")]
    assert hosts[FAILED_UNIT]["status"] == "FAIL"
    assert failing(hosts[FAILED_UNIT]) == [("service.failed_units", "FAIL")]
    assert "healthops-fault.service" in next(
        c["detail"] for c in hosts[FAILED_UNIT]["checks"] if c["id"] == "service.failed_units"
    )
    for name in set(HOSTS) - {STOPPED, FULL, FAILED_UNIT}:
        assert failing(hosts[name]) == [], name
    # The second run of a host knows the first: growth is graded, not "first sample".
    days = next(c for c in hosts[HOSTS[0]]["checks"] if c["id"] == "fs.days_to_full:/data")
    assert "first sample" not in days["detail"]
    counts = report["summary"]["counts"]
    assert counts["ERROR"] >= 1
    assert counts["FAIL"] >= 2
    # The record says it in Chinese: every row that needs action has its recommendation and its 说明.
    assert needs_action_in_english(report) == []
    # What changed since the healthy run: the three faults are new, nothing is resolved.
    faults = {(STOPPED, "host.reachable"), (FULL, "fs.space:/data"), (FAILED_UNIT, "service.failed_units")}
    assert report["changes"]["compared"] is True
    assert faults <= changed(report, "new")
    assert changed(report, "resolved") == set()

    # The faults fixed, the next run shows them resolved and nothing new.
    podman("exec", FULL, "rm", "-f", "/data/fill", env=env)
    podman(
        "exec",
        FAILED_UNIT,
        "sh",
        "-c",
        "rm -f /etc/systemd/system/healthops-fault.service && systemctl daemon-reload && systemctl reset-failed",
        env=env,
    )
    subprocess.run([str(labs.LAB_SCRIPT), "up", str(len(HOSTS))], env=env, check=True, cwd=REPO, timeout=300)
    rc, report = inspect(tmp, env, "fixed")
    assert rc == 0, {h: failing(v) for h, v in by_host(report).items() if failing(v)}
    assert faults <= changed(report, "resolved")
    assert changed(report, "new") == set()
    assert not faults & changed(report, "open")
    # Every line of the healthy lab's zh record reads in Chinese (values such as os-release kept).
    assert {h["host"]: english_lines(h["checks"]) for h in report["hosts"]} == {h: [] for h in HOSTS}
    record_prints_and_charts(tmp / "reports" / "fixed", report)


def record_prints_and_charts(run_dir: Path, report: dict) -> None:
    """The lab's record after three runs: one SVG per charted series in report.html, the same charts in
    report.xlsx, and in headless Chromium nothing requested from outside the file, A4, sign-off last."""
    charted = [s["id"] for h in report["trends"]["hosts"].values() for s in h["series"] if len(s["points"]) >= 2]
    assert len(charted) >= len(HOSTS) * 3  # at least load, memory and / per host
    page = run_dir / "report.html"
    assert page.read_text(encoding="utf-8").count("<svg") == len(charted)
    book = load_workbook(run_dir / "report.xlsx")
    assert len(book["趋势"]._charts) == len(charted)
    if not report_print.AVAILABLE:
        pytest.skip(report_print.MISSING)
    pdf, netlog = report_print.print_pdf(page, run_dir.parent.parent)
    assert report_print.page_requests(netlog) == []
    size, texts = report_print.pdf_pages(pdf)
    assert report_print.A4_LANDSCAPE.match(size), size
    assert report_print.sign_off_only_on_last_page(texts), texts[-1]


def changed(report: dict, kind: str) -> set[tuple[str, str]]:
    """(host, check id) of the report's new, resolved or open findings."""
    return {(item["host"], item["id"]) for item in report["changes"][kind]}


def needs_action_in_english(report: dict) -> list[tuple[str, str, str]]:
    """(host, check id, what is missing) of WARN/FAIL/ERROR checks without Chinese advice or 说明."""
    han = re.compile(r"[\u4e00-\u9fff]")
    missing = []
    for host in report["hosts"]:
        for check in host["checks"]:
            if check["status"] not in ("WARN", "FAIL", "ERROR"):
                continue
            for key in ("recommendation_zh", "detail_zh"):
                if not han.search(check.get(key) or ""):
                    missing.append((host["host"], check["id"], f"{key}: {check['detail']}"))
    return missing


def status(name: str, env: dict[str, str]) -> str:
    return podman("inspect", "-f", "{{.State.Status}}", name, env=env).strip()


def container_id(name: str, env: dict[str, str]) -> str:
    return podman("inspect", "-f", "{{.Id}}", name, env=env).strip()


def leave_stopping(name: str, env: dict[str, str]) -> None:
    """Leave NAME as a control node that restarted during `podman stop` does: podman lists it
    `stopping`, but none of its processes is left."""
    pid, conmon = podman("inspect", "-f", "{{.State.Pid}} {{.State.ConmonPid}}", name, env=env).split()
    os.kill(int(pid), signal.SIGSTOP)  # systemd cannot shut down: the stop waits
    stopper = subprocess.Popen(["podman", "stop", "-t", "60", name], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while status(name, env) != "stopping":
            assert time.monotonic() < deadline, f"{name} never showed stopping"
            time.sleep(0.2)
    finally:
        stopper.kill()
        stopper.wait()
    os.kill(int(conmon), signal.SIGKILL)
    os.kill(int(pid), signal.SIGKILL)


def test_lab_up_recovers_every_host_after_a_restart(lab: labs.Lab) -> None:
    tmp, env = lab
    known_hosts = tmp / "known_hosts"
    exited, paused, stopping, no_sshd = HOSTS[0], HOSTS[1], HOSTS[2], HOSTS[3]
    old_keys = {name: pinned(known_hosts, BASE_PORT + i) for i, name in enumerate(HOSTS, start=1)}
    if status(exited, env) == "running":
        podman("stop", "-t", "2", exited, env=env)
    if status(paused, env) != "running":  # the fault test stopped it
        podman("start", paused, env=env)
    podman("pause", paused, env=env)
    leave_stopping(stopping, env)
    podman(
        "exec",
        no_sshd,
        "sh",
        "-c",
        "systemctl mask --now ssh.service; ! systemctl is-active --quiet ssh.service",
        env=env,
    )
    assert [status(n, env) for n in (exited, paused, stopping)] == ["exited", "paused", "stopping"]
    ids = {name: container_id(name, env) for name in HOSTS}

    subprocess.run(
        [str(labs.LAB_SCRIPT), "up", str(len(HOSTS))],
        env=dict(env, LAB_SSH_WAIT="20"),
        check=True,
        cwd=REPO,
        timeout=300,
    )

    assert {name: status(name, env) for name in HOSTS} == dict.fromkeys(HOSTS, "running")
    # A recreated host runs its own release again (no_sshd is a Debian 11 host).
    assert DEBIAN[no_sshd] == "11"
    for name in HOSTS:
        assert image_of(name, env).startswith(IMAGE[DEBIAN[name]]), name
    # Started again where podman could, recreated where it could not or sshd never answered.
    assert container_id(exited, env) == ids[exited]
    assert container_id(paused, env) == ids[paused]
    assert container_id(stopping, env) != ids[stopping]
    assert container_id(no_sshd, env) != ids[no_sshd]
    # A container started again keeps its keys; a recreated one has new keys, pinned anew.
    assert host_keys(exited, env) == old_keys[exited]
    assert host_keys(no_sshd, env).isdisjoint(old_keys[no_sshd])
    assert host_keys(stopping, env).isdisjoint(old_keys[stopping])
    for i, name in enumerate(HOSTS, start=1):
        assert pinned(known_hosts, BASE_PORT + i) == host_keys(name, env), name
    ping = labs.ansible(
        tmp,
        dict(env, ANSIBLE_SSH_CONTROL_PATH_DIR=str(tmp / "cp-restart")),
        "lab",
        "-m",
        "ansible.builtin.ping",
        timeout=300,
    )
    assert ping.returncode == 0, ping.stdout[-3000:] + ping.stderr[-2000:]
