"""One port judged through both transports: the same veth port read over SNMP (a real snmpd on 127.0.0.1)
and over SSH (the paramiko fake switch, answering ``show interfaces status`` with that port's live
kernel state as a Cisco switch prints it) must get the same verdict - up, administratively down, and
down because its peer went down. Skipped when snmpd, ip or network namespaces are unavailable.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from switchlab import FakeSwitch, Snmpd, VethPorts, fixture_text, lab_unavailable, module_params

pytestmark = pytest.mark.integration

switch_ports = load_library_module("switch_ports")

# The header and column layout of a real IOS capture (tests/unit/fixtures/switch/cisco_ios/ntc/).
HEADER = "Port      Name               Status       Vlan       Duplex  Speed Type"


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[VethPorts, Snmpd]]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    with VethPorts(pairs=1) as veth, Snmpd() as agent:
        yield veth, agent


def kernel_state(name: str) -> tuple[bool, bool]:
    """``(admin up, oper up)`` of an interface, as ``ip`` reports it."""
    out = subprocess.run(["ip", "-o", "link", "show", name], capture_output=True, text=True, check=True).stdout
    flags = out.split("<", 1)[1].split(">", 1)[0].split(",")
    return "UP" in flags, " state UP " in out


def cisco_status(name: str) -> str:
    """``show interfaces status`` for one port, as IOS prints it (the long name pushes the row right)."""
    admin, oper = kernel_state(name)
    status = "connected" if oper else ("notconnect" if admin else "disabled")
    speed = ("a-full", "a-10G") if oper else ("auto", "auto")
    row = f"{name:<9} {'to lab peer':<19}{status:<13}{'1':<11}{speed[0]:>6} {speed[1]:>6} 10/100/1000BaseTX"
    return f"{HEADER}\n{row}\n"


def port_check(result: dict[str, Any], name: str) -> dict[str, Any]:
    check = next(c for c in result["checks"] if c["id"] == f"switch.port:{name}")
    return {key: check[key] for key in ("status", "value", "detail")}


def both(veth: VethPorts, agent: Snmpd, switch: FakeSwitch) -> tuple[dict[str, Any], dict[str, Any]]:
    name = veth.names[0]
    snmp = dict(module_params(transport="snmp", timeout=2.0), **agent.v2c_options(), expected_ports=[name])
    switch.responses["show interfaces status"] = cisco_status(name)
    ssh = dict(module_params(transport="ssh", timeout=5.0), **switch.options(), expected_ports=[name])
    return (
        port_check(switch_ports.probe(snmp, check_mode=False), name),
        port_check(switch_ports.probe(ssh, check_mode=False), name),
    )


def settled(veth: VethPorts, agent: Snmpd, switch: FakeSwitch, word: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both checks once SNMP reads the port as ``word`` (snmpd caches its interface table for a few seconds)."""
    deadline = time.monotonic() + 20
    while True:
        snmp, ssh = both(veth, agent, switch)
        if snmp["value"].split()[0] == word or time.monotonic() > deadline:
            return snmp, ssh
        time.sleep(0.5)


def test_one_port_gets_the_same_verdict_over_snmp_and_ssh(lab: tuple[VethPorts, Snmpd]) -> None:
    veth, agent = lab
    responses = {
        "show interfaces status": "",
        "show interfaces counters errors": fixture_text("cisco_ios", "show_interfaces_counters_errors.txt"),
        "show logging": "",
    }
    with FakeSwitch("cisco_ios", responses) as switch:
        snmp, ssh = settled(veth, agent, switch, "up")
        assert (snmp["status"], ssh["status"]) == ("PASS", "PASS"), (snmp, ssh)
        assert snmp["value"] == ssh["value"] == "up"

        # The root end set down is admin down ("disabled"); its peer set down leaves it enabled but down.
        for word, flip in (("disabled", veth.set_root), ("down", veth.set_peer)):
            flip(0, up=False)
            try:
                snmp, ssh = settled(veth, agent, switch, word)
                assert (snmp["status"], ssh["status"]) == ("FAIL", "FAIL"), (snmp, ssh)
                assert snmp["value"].split()[0] == ssh["value"].split()[0] == word
            finally:
                flip(0, up=True)

        snmp, ssh = settled(veth, agent, switch, "up")
        assert (snmp["status"], ssh["status"]) == ("PASS", "PASS"), (snmp, ssh)
