"""Benchmark: switch_ports on a 48-port switch, over SNMP (real snmpd on loopback) and over SSH (fake switch).

    python tests/bench/bench_switch_ports.py          # BENCH_ROUNDS=5 by default

* SNMP: 24 veth pairs with both ends in the root namespace (48 ports) reported by net-snmp's
  snmpd on udp:127.0.0.1:<free port>; v2c and v3 authPriv. Target: one read + evaluation < 1 s.
* SSH: the fake switch of tests/integration/switchlab.py on 127.0.0.1 with 48-port outputs,
  Brocade FOS (exec channels) and Huawei VRP (interactive shell). Target: < 3 s.

Each figure is the module's whole work for one switch (connect, check the SSH host key against the
pinned one, read, parse, evaluate, state file), warm (in this process, median of the rounds) and
cold (a fresh Python process that imports the module and probes once, as Ansible runs it). Exits 1
when a target is missed. The SNMP part is skipped (and said so) when snmpd or network namespaces are
unavailable. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "integration")]

import healthops_testlib  # noqa: E402 - makes ansible.module_utils.healthops_* importable
from switchlab import (  # noqa: E402
    FakeSwitch,
    Snmpd,
    VethPorts,
    brocade_outputs,
    huawei_outputs,
    lab_unavailable,
    module_params,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PORTS = 48
TARGETS = {"snmp": 1.0, "ssh": 3.0}
DEFAULTS: dict[str, Any] = module_params(transport="snmp", timeout=5.0)
COLD = """
import json, sys, time
start = time.perf_counter()
sys.path[:0] = [{tests!r}]
import healthops_testlib
module = healthops_testlib.load_library_module("switch_ports")
result = module.probe(json.loads(sys.argv[1]), check_mode=False)
print(json.dumps({{"seconds": time.perf_counter() - start, "ports": len(result.get("ports", [])),
                  "statuses": sorted({{c["status"] for c in result["checks"]}})}}))
"""


def warm(params: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    module = healthops_testlib.load_library_module("switch_ports")
    times = []
    result: dict[str, Any] = {}
    for _ in range(ROUNDS):
        start = time.perf_counter()
        result = module.probe(params, check_mode=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cold(params: dict[str, Any]) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", COLD.format(tests=str(REPO / "tests")), json.dumps(params)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    json.loads(out.stdout.strip().splitlines()[-1])
    return time.perf_counter() - start


def report(label: str, kind: str, params: dict[str, Any], failures: list[str]) -> None:
    median, result = warm(params)
    ports = len(result.get("ports", []))
    statuses = sorted({c["status"] for c in result["checks"]})
    if "ERROR" in statuses:
        failures.append(f"{label}: the probe gave ERROR: {result['checks'][0]['detail']}")
    cold_s = cold(params)
    target = TARGETS[kind]
    verdict = "ok" if max(median, cold_s) < target else "TOO SLOW"
    print(
        f"{label:<28} {ports:>3} ports  warm {median:6.3f} s  cold {cold_s:6.3f} s  target < {target:.0f} s  {verdict}"
    )
    if verdict != "ok":
        failures.append(f"{label}: warm {median:.3f} s / cold {cold_s:.3f} s, target {target} s")


def bench_snmp(state_dir: str, failures: list[str]) -> None:
    reason = lab_unavailable()
    if reason:
        print(f"SNMP: skipped ({reason})")
        return
    with VethPorts(pairs=PORTS // 2, peers_in_netns=False) as veth, Snmpd() as agent:
        expected = veth.names
        assert len(expected) == PORTS
        common = {"expected_ports": expected, "state_dir": state_dir}
        report("SNMP v2c (net-snmp)", "snmp", dict(DEFAULTS, **agent.v2c_options(), **common), failures)
        report("SNMP v3 authPriv (net-snmp)", "snmp", dict(DEFAULTS, **agent.v3_options(), **common), failures)


def bench_ssh(state_dir: str, failures: list[str]) -> None:
    cases = [
        ("SSH brocade_fos (exec)", "brocade_fos", brocade_outputs(PORTS), [str(i) for i in range(PORTS)]),
        (
            "SSH huawei_vrp (shell)",
            "huawei_vrp",
            huawei_outputs(PORTS),
            [f"GE0/0/{i}" for i in range(1, PORTS + 1)],
        ),
    ]
    for label, platform, outputs, expected in cases:
        with FakeSwitch(platform, outputs) as switch:
            params = dict(DEFAULTS, **switch.options(), expected_ports=expected, state_dir=state_dir)
            report(label, "ssh", params, failures)


def main() -> int:
    failures: list[str] = []
    print(f"switch_ports benchmark: {PORTS}-port switch, {ROUNDS} warm rounds (median) + 1 cold process")
    with tempfile.TemporaryDirectory(prefix="healthops-bench-switch-") as state_dir:
        bench_snmp(state_dir, failures)
        bench_ssh(state_dir, failures)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
