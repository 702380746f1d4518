"""switch_ports over SNMP against a real net-snmp snmpd on 127.0.0.1, reporting veth ports this test creates.

The snmpd runs in the foreground with its own config (a v2c community and a v3 authPriv user) on a
free UDP port of 127.0.0.1. Its interfaces include the root ends of veth pairs whose peers live in
a network namespace the test makes; setting a root end down (admin down) or its peer down
(lowerLayerDown) must turn that port's check FAIL, and up again PASS. Skipped when snmpd, ip or
network namespaces are unavailable.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from switchlab import LOOPBACK, Snmpd, VethPorts, free_port, lab_unavailable, module_params

pytestmark = pytest.mark.integration

switch_ports = load_library_module("switch_ports")

DEFAULTS: dict[str, Any] = module_params(transport="snmp", timeout=2.0)


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[VethPorts, Snmpd]]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    with VethPorts(pairs=2) as veth, Snmpd() as agent:
        yield veth, agent


def probe(options: dict[str, Any], **extra: Any) -> dict[str, Any]:
    params = dict(DEFAULTS, **options)
    params.update(extra)
    assert switch_ports.validate_params(params) == []
    return switch_ports.probe(params, check_mode=False)


def statuses(result: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in result["checks"]}


def wait_for(read: Callable[[], dict[str, Any]], check_id: str, status: str, seconds: float = 20) -> dict[str, Any]:
    """Probe until ``check_id`` has ``status`` (snmpd caches its interface table for a few seconds)."""
    deadline = time.monotonic() + seconds
    while True:
        result = read()
        if statuses(result).get(check_id) == status or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_v2c_reads_the_veth_ports(lab: tuple[VethPorts, Snmpd], tmp_path: Path) -> None:
    veth, agent = lab
    result = probe(agent.v2c_options(), expected_ports=veth.names, state_dir=str(tmp_path))
    assert result["changed"] is False
    found = statuses(result)
    for name in veth.names:
        assert found[f"switch.port:{name}"] == "PASS", result["checks"]
    ports = {p["name"]: p for p in result["ports"]}
    assert set(veth.names) <= set(ports)
    assert ports[veth.names[0]]["port_type"] == "ethernetCsmacd"
    assert ports[veth.names[0]]["state"] == "up"
    assert ports["lo"]["port_type"] == "softwareLoopback"
    assert found["switch.state"] == "PASS"
    assert "healthops-test-switch" in str(result["checks"][0]["value"])
    assert found["switch.log"] == "INFO"  # no log over SNMP
    assert found["switch.errors"] == "INFO"  # first run: baseline
    assert (tmp_path / f"switch_{LOOPBACK}_{agent.port}.json").exists()
    for check in result["checks"]:
        assert "read with SNMP v2c: the community was sent in clear" in check["detail"], check
    second = probe(agent.v2c_options(), expected_ports=veth.names, state_dir=str(tmp_path))
    assert statuses(second)["switch.errors"] == "PASS"


def test_port_set_down_is_fail_and_back_up_is_pass(lab: tuple[VethPorts, Snmpd]) -> None:
    veth, agent = lab
    name = veth.names[0]
    check_id = f"switch.port:{name}"

    def read() -> dict[str, Any]:
        return probe(agent.v2c_options(), expected_ports=veth.names)

    assert statuses(read())[check_id] == "PASS"
    veth.set_root(0, up=False)
    try:
        down = wait_for(read, check_id, "FAIL")
        check = next(c for c in down["checks"] if c["id"] == check_id)
        assert check["status"] == "FAIL", down["checks"]
        assert check["value"] == "disabled (down)"
        assert statuses(down)[f"switch.port:{veth.names[1]}"] == "PASS"  # the other port is untouched
    finally:
        veth.set_root(0, up=True)
    up = wait_for(read, check_id, "PASS")
    assert statuses(up)[check_id] == "PASS", up["checks"]


def test_peer_down_is_lower_layer_down_fail(lab: tuple[VethPorts, Snmpd]) -> None:
    veth, agent = lab
    name = veth.names[1]
    check_id = f"switch.port:{name}"

    def read() -> dict[str, Any]:
        return probe(agent.v3_options(), expected_ports=[name])

    veth.set_peer(1, up=False)
    try:
        down = wait_for(read, check_id, "FAIL")
        check = next(c for c in down["checks"] if c["id"] == check_id)
        assert check["status"] == "FAIL", down["checks"]
        # net-snmp on Linux says down(2) where a switch says lowerLayerDown(7): both are down.
        assert check["value"] in ("down", "down (lowerLayerDown)")
    finally:
        veth.set_peer(1, up=True)
    assert statuses(wait_for(read, check_id, "PASS"))[check_id] == "PASS"


def test_v3_authpriv_reads_the_same_ports(lab: tuple[VethPorts, Snmpd]) -> None:
    _veth, agent = lab
    v2 = probe(agent.v2c_options())
    v3 = probe(agent.v3_options())
    assert [p["name"] for p in v3["ports"]] == [p["name"] for p in v2["ports"]]
    assert statuses(v3)["switch.state"] == "PASS"
    assert not any("read with SNMP" in c["detail"] for c in v3["checks"])


@pytest.mark.parametrize("level", ["authNoPriv", "noAuthNoPriv"])
def test_v3_without_privacy_is_refused_unless_allowed(lab: tuple[VethPorts, Snmpd], level: str) -> None:
    veth, agent = lab
    params = dict(DEFAULTS, **agent.v3_options(level), expected_ports=veth.names)
    errors = switch_ports.validate_params(params)
    assert len(errors) == 1
    assert f"is {level}, so the switch's answers travel unencrypted" in errors[0]
    result = probe(agent.v3_options(level), snmp_allow_no_priv=True, expected_ports=veth.names)
    found = statuses(result)
    for name in veth.names:
        assert found[f"switch.port:{name}"] == "PASS", result["checks"]
    for check in result["checks"]:
        assert f"read with SNMPv3 {level} (snmp_allow_no_priv)" in check["detail"], check


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"auth_key": "wrong-auth-key-123"}, "authentication failed"),
        # the agent cannot decrypt the request and stays silent
        ({"priv_key": "wrong-priv-key-123"}, "credentials refused"),
        ({"snmp_user": "nobody"}, "authentication failed"),
    ],
)
def test_wrong_v3_credentials_give_error(lab: tuple[VethPorts, Snmpd], change: dict[str, str], words: str) -> None:
    _veth, agent = lab
    result = probe(agent.v3_options(), **change, timeout=1.0, retries=0, expected_ports=["lo"])
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")]
    assert words in result["checks"][0]["detail"]
    assert "ports" not in result


def test_wrong_community_and_silent_port_give_error(lab: tuple[VethPorts, Snmpd]) -> None:
    _veth, agent = lab
    started = time.monotonic()
    wrong = probe(agent.v2c_options(), community="not-the-community", timeout=0.5, retries=0)
    assert [(c["id"], c["status"]) for c in wrong["checks"]] == [("switch.connect", "ERROR")]
    assert "no SNMP response" in wrong["checks"][0]["detail"]
    silent = probe(dict(agent.v2c_options(), port=free_port(socket.SOCK_DGRAM)), timeout=0.5, retries=1)
    assert [(c["id"], c["status"]) for c in silent["checks"]] == [("switch.connect", "ERROR")]
    assert time.monotonic() - started < 10  # timeout and retries are honoured
