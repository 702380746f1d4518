"""Benchmark: playbooks/inspect.yml against the same probe over plain parallel ssh.

    python tests/bench/bench_inspect.py            # 20 hosts (LAB_HOSTS=50 for 50)

Starts a lab of its own (containers healthops-bench-NN, SSH on 127.0.0.1:22800+i),
builds the host_inspect module once into the self-contained AnsiballZ payload
Ansible itself sends, then alternates, ROUNDS times:

* baseline: `ssh host python3 - < payload` to every host at once, fresh connections;
* playbook: `ansible-playbook playbooks/inspect.yml` (validation, probe, state,
  report) with its SSH control sockets removed first, so both start cold.

Prints the medians and their ratio (target: playbook <= 2x baseline). The lab is
removed at the end unless BENCH_KEEP_LAB=1.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from labs import LAB_SCRIPT, lab_env  # noqa: E402

BIN = Path(sys.executable).parent
HOSTS = int(os.environ.get("LAB_HOSTS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PREFIX = "healthops-bench"
BASE_PORT = 22800
TARGET = 2.0


def env_for(tmp: Path) -> dict[str, str]:
    # The lab's own prefix, ports, inventory and SSH masters, as every lab test has them.
    return lab_env(tmp, PREFIX, BASE_PORT)


def build_payload(tmp: Path, env: dict[str, str]) -> Path:
    """The AnsiballZ file Ansible would pipe to a host, with the lab's inspection options."""
    remote_tmp = tmp / "remote"
    # The options the lab's inventory gives the role, so both sides run the same probe.
    lab_vars = yaml.safe_load((REPO / "inventories/lab/group_vars/lab.yml").read_text(encoding="utf-8"))
    args = {
        name[len("inspection_") :]: value
        for name, value in lab_vars.items()
        if name.startswith("inspection_") and name != "inspection_thresholds"
    }
    subprocess.run(
        [str(BIN / "ansible"), "localhost", "-c", "local", "-i", "localhost,", "-m", "ansible.legacy.host_inspect"]
        + ["-a", json.dumps(args), "-e", f"ansible_python_interpreter={sys.executable}"],
        env=dict(env, ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_PIPELINING="False", ANSIBLE_REMOTE_TMP=str(remote_tmp)),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    payload = next(remote_tmp.glob("ansible-tmp-*/AnsiballZ_host_inspect.py"))
    shutil.copy(payload, tmp / "payload.py")
    return tmp / "payload.py"


def ssh_probe(port: int, payload: bytes, key: Path, known_hosts: Path) -> None:
    # Host keys checked as the playbook checks them: against the known_hosts lab.sh wrote.
    out = subprocess.run(
        ["ssh", "-i", str(key), "-p", str(port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
        + ["-o", f"UserKnownHostsFile={known_hosts}", "-o", "GlobalKnownHostsFile=/dev/null"]
        + ["-o", "LogLevel=ERROR", "root@127.0.0.1", "/usr/bin/python3", "-"],
        input=payload,
        capture_output=True,
        check=True,
    )
    if b'"checks"' not in out.stdout:
        raise RuntimeError(f"port {port}: no checks in probe output")


def baseline(payload: Path, key: Path, known_hosts: Path) -> float:
    data = payload.read_bytes()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=HOSTS) as pool:
        list(pool.map(lambda i: ssh_probe(BASE_PORT + i, data, key, known_hosts), range(1, HOSTS + 1)))
    return time.perf_counter() - start


def playbook(tmp: Path, env: dict[str, str], n: int) -> float:
    shutil.rmtree(tmp / "cp", ignore_errors=True)
    (tmp / "cp").mkdir()
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(REPO / "inventories/lab/localhost.yml")]
        + ["-i", str(tmp / "lab_hosts.yml"), str(REPO / "playbooks/inspect.yml")]
        + ["-e", f"healthops_report_dir={tmp / 'reports'}", "-e", f"healthops_state_dir={tmp / 'state'}"]
        + ["-e", f"healthops_run_id=bench-{n}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    report = tmp / "reports" / f"bench-{n}" / "report.json"
    if not report.exists():
        raise RuntimeError(result.stdout[-2000:] + result.stderr[-2000:])
    hosts = json.loads(report.read_text(encoding="utf-8"))["summary"]["totals"]["hosts"]
    if hosts != HOSTS:
        raise RuntimeError(f"report lists {hosts} hosts, expected {HOSTS}")
    return elapsed


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="healthops-bench-"))
    env = env_for(tmp)
    lab = str(LAB_SCRIPT)
    subprocess.run([lab, "up", str(HOSTS)], env=env, check=True, cwd=REPO)
    key = REPO / ".cache/lab/id_ed25519"
    try:
        payload = build_payload(tmp, env)
        playbook(tmp, env, 0)  # warm-up: caches, first state files
        base_times, book_times = [], []
        for n in range(1, ROUNDS + 1):
            base_times.append(baseline(payload, key, tmp / "known_hosts"))
            book_times.append(playbook(tmp, env, n))
        base, book = statistics.median(base_times), statistics.median(book_times)
        ratio = book / base
        print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
        print(f"date: {time.strftime('%Y-%m-%d')}  hosts: {HOSTS}  rounds: {ROUNDS}")
        print(f"parallel ssh baseline: {base:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in base_times)})")
        print(f"inspect.yml playbook:  {book:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in book_times)})")
        print(f"ratio: {ratio:.2f}x  (target <= {TARGET:.1f}x): {'met' if ratio <= TARGET else 'NOT met'}")
        return 0 if ratio <= TARGET else 1
    finally:
        if os.environ.get("BENCH_KEEP_LAB") != "1":
            subprocess.run([lab, "down"], env=env, check=False, cwd=REPO)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
