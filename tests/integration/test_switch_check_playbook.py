"""playbooks/switch_check.yml end to end: the test snmpd and the fake SSH switch -> report.json.

A generated inventory (temporary directory) puts three switches in the `switches` group:
an SNMP switch (the test's snmpd on 127.0.0.1, whose veth ports are expected), a Brocade FC
switch (the fake SSH server) and a switch that does not answer. The playbook runs twice:

1. everything up: expected ports PASS, counters recorded (INFO), the silent switch ERROR;
2. after one veth port is set down and the FC switch serves a porterrshow with higher counts
   and a new errdump line: that port FAIL, the FC ports whose counters rose WARN / FAIL, the
   new log line WARN.

Skipped when snmpd, ip or network namespaces are unavailable (a failure under
HEALTHOPS_REQUIRE_ALL=1, as in CI). The report role is part of the playbook: without it
the run fails, and so does this test.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import healthops_testlib
import pytest
import yaml
from ansible.module_utils.healthops.switch.transport import snmp_read
from switchlab import LOOPBACK, FakeSwitch, Snmpd, VethPorts, fixture_outputs, fixture_text, free_port, lab_unavailable
from zh_record import english_findings

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[VethPorts, Snmpd, FakeSwitch]]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    with (
        VethPorts(pairs=2) as veth,
        Snmpd() as agent,
        FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as fc,
    ):
        yield veth, agent, fc


def write_inventory(path: Path, veth: VethPorts, agent: Snmpd, fc: FakeSwitch, tmp: Path) -> Path:
    inventory = {
        "all": {
            "hosts": {
                "localhost": {
                    "ansible_connection": "local",
                    "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                }
            },
            "vars": {"healthops_report_dir": str(tmp / "reports"), "switch_state_dir": str(tmp / "state")},
            "children": {
                "switches": {
                    "vars": {"ansible_connection": "local"},
                    "hosts": {
                        "test-snmp-sw": {
                            "ansible_host": LOOPBACK,
                            "switch_port": agent.port,
                            "switch_transport": "snmp",
                            "switch_snmp_version": "3",
                            "switch_snmp_user": agent.v3_user,
                            "switch_snmp_auth_key": agent.v3_auth_key,
                            "switch_snmp_priv_key": agent.v3_priv_key,
                            "switch_expected_ports": veth.names,
                            "switch_timeout": 2,
                        },
                        "test-fc-sw": {
                            "ansible_host": LOOPBACK,
                            "switch_port": fc.port,
                            "switch_transport": "ssh",
                            "switch_platform": "brocade_fos",
                            "switch_username": fc.username,
                            "switch_password": fc.password,
                            "switch_host_key": fc.host_key_line(),
                            "switch_expected_ports": [
                                {"port": "0", "type": "F-Port"},
                                "3",
                                "12",
                                {"port": "8", "type": "E-Port", "peer": "FC-SW-02"},
                            ],
                        },
                        "test-silent-sw": {
                            "ansible_host": LOOPBACK,
                            "switch_port": free_port(socket.SOCK_DGRAM),
                            "switch_snmp_community": "public-but-nobody-listens",
                            "switch_timeout": 0.5,
                            "switch_retries": 0,
                        },
                    },
                },
                "cadre_health": {"hosts": {"test-fc-sw": {}}, "vars": {"system_name_zh": "北京市保健信息系统"}},
            },
        }
    }
    path.write_text(yaml.safe_dump(inventory, allow_unicode=True))
    return path


def run_playbook(inventory: Path, run_id: str, tmp: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    extra = {"healthops_run_id": run_id, "switch_check_fail_on": []}
    proc = healthops_testlib.run_playbook(inventory, "switch_check.yml", extra, tmp)
    return proc, healthops_testlib.run_report(proc, tmp / "reports", run_id)


def host_checks(report: dict[str, Any], host: str) -> dict[str, dict[str, Any]]:
    entry = next(h for h in report["hosts"] if h["host"] == host)
    return {c["id"]: c for c in entry["checks"]}


def wait_until_snmp_shows_down(agent: Snmpd, name: str, seconds: float = 20) -> None:
    """snmpd caches its interface table for a few seconds: wait until the port reads down."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _system, columns = snmp_read(LOOPBACK, agent.port, community=agent.community, timeout=1, retries=0)
        names = {v.decode() if isinstance(v, bytes) else v: k for k, v in columns["ifName"].items()}
        if columns["ifOperStatus"].get(names.get(name)) == 2:
            return
        time.sleep(0.5)
    raise AssertionError(f"snmpd never showed {name} down")


def test_switch_check_playbook_reports_fail_and_rising_counters(
    lab: tuple[VethPorts, Snmpd, FakeSwitch], tmp_path: Path
) -> None:
    veth, agent, fc = lab
    inventory = write_inventory(tmp_path / "hosts.yml", veth, agent, fc, tmp_path)

    proc, first = run_playbook(inventory, "run1", tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert fc.password not in proc.stdout + proc.stderr
    assert agent.v3_priv_key not in proc.stdout + proc.stderr
    assert first["run"]["duty"] == "switch_check"
    assert first["summary"]["totals"]["devices"] == 3
    snmp = host_checks(first, "test-snmp-sw")
    for name in veth.names:
        assert snmp[f"switch.port:{name}"]["status"] == "PASS", snmp
    fc_checks = host_checks(first, "test-fc-sw")
    assert fc_checks["switch.port:0"]["status"] == "PASS"
    assert fc_checks["switch.port:8"]["status"] == "PASS"
    assert fc_checks["switch.errors"]["status"] == "INFO"  # baseline
    silent = host_checks(first, "test-silent-sw")
    assert [(i, c["status"]) for i, c in silent.items()] == [("switch.connect", "ERROR")]
    fc_entry = next(h for h in first["hosts"] if h["host"] == "test-fc-sw")
    assert (fc_entry["kind"], fc_entry["system"]) == ("device", "cadre_health")
    assert sorted(p.name for p in (tmp_path / "state").iterdir()) == sorted(
        [f"switch_{LOOPBACK}_{agent.port}.json", f"switch_{LOOPBACK}_{fc.port}.json"]
    )

    veth.set_root(0, up=False)
    wait_until_snmp_shows_down(agent, veth.names[0])
    fc.responses["porterrshow"] = fixture_text("brocade_fos", "porterrshow_fos8_run2.txt")
    fc.responses["errdump"] = fixture_text("brocade_fos", "errdump_fos8_run2.txt")
    try:
        proc, second = run_playbook(inventory, "run2", tmp_path)
    finally:
        veth.set_root(0, up=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    snmp = host_checks(second, "test-snmp-sw")
    assert snmp[f"switch.port:{veth.names[0]}"]["status"] == "FAIL"
    assert snmp[f"switch.port:{veth.names[1]}"]["status"] == "PASS"
    fc_checks = host_checks(second, "test-fc-sw")
    assert fc_checks["switch.errors:3"]["status"] == "WARN"
    assert fc_checks["switch.errors:12"]["status"] == "FAIL"
    assert fc_checks["switch.log"]["status"] == "WARN"
    assert fc_checks["switch.port:3"]["status"] == "PASS"
    assert second["summary"]["counts"]["FAIL"] >= 2
    # The zh record says each finding in Chinese, and the port that went down is new since run1.
    for entry in first["hosts"] + second["hosts"]:
        assert english_findings(entry["checks"]) == [], entry["host"]
    new = {(item["host"], item["id"]) for item in second["changes"]["new"]}
    assert ("test-snmp-sw", f"switch.port:{veth.names[0]}") in new
    assert (tmp_path / "reports" / "run2" / "report.html").exists()
    assert (tmp_path / "reports" / "run2" / "report.xlsx").exists()


def test_check_mode_writes_no_state(lab: tuple[VethPorts, Snmpd, FakeSwitch], tmp_path: Path) -> None:
    veth, agent, fc = lab
    inventory = write_inventory(tmp_path / "hosts.yml", veth, agent, fc, tmp_path)
    extra = {"healthops_run_id": "checkmode", "switch_check_fail_on": []}
    proc = healthops_testlib.run_playbook(inventory, "switch_check.yml", extra, tmp_path, "--check")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert not (tmp_path / "state").exists()
    assert "changed=0" in proc.stdout
