"""Brocade FOS 8/9 directors on real captures (X7 + SX6 extension blade) and port health by state and comment."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch.platforms.brocade_fos import parse_brocade_switchshow
from healthops_testlib import FIXTURES_DIR

BROCADE = FIXTURES_DIR / "switch" / "brocade_fos"


def shown(name: str) -> dict[str, Any]:
    return parse_brocade_switchshow((BROCADE / name).read_text())


def ports_of(name: str) -> dict[str, dict[str, Any]]:
    return {port["name"]: port for port in shown(name)["ports"]}


@pytest.mark.parametrize("name", ["real/switchshow_x7_sx6_fcip.txt", "real/switchshow_x7_sx6_ve_online.txt"])
def test_header_lines_without_a_space_after_the_colon(name: str) -> None:
    switch = shown(name)["switch"]
    assert switch["switchname"] == "REPISG1A_DEF"
    assert switch["switchstate"] == "Online"
    state, _rebooted = e.evaluate_switch_state(switch, None)
    assert state["status"] == r.PASS


def test_extension_ge_rows_with_fewer_columns_are_ports() -> None:
    ports = ports_of("real/switchshow_x7_sx6_fcip.txt")
    assert ports["9/ge2"]["oper"] == "up"
    assert ports["9/ge2"]["port_type"] == "FCIP"
    assert ports["10/ge10"]["speed"] == "10G"
    assert ports["9/ge0"]["oper"] == "down"  # No_Module
    ge = [name for name in ports if "/ge" in name]
    assert len(ge) == 36  # 18 per SX6 blade, slots 9 and 10
    checks = e.evaluate_expected_ports(list(ports.values()), e.normalize_expected_ports(["9/ge2", "10/ge2"])[0])
    assert [c["status"] for c in checks] == [r.PASS, r.PASS]


def test_disabled_ve_and_icl_ports_are_admin_down() -> None:
    ports = ports_of("real/switchshow_x7_sx6_fcip.txt")
    assert ports["9/21"]["admin"] == "down"
    assert ports["9/21"]["reason"] == "Disabled (10VE Mode)"
    assert ports["7/0"]["admin"] == "down"


def test_an_online_ve_port_passes() -> None:
    ports = list(shown("real/switchshow_x7_sx6_ve_online.txt")["ports"])
    spec = e.normalize_expected_ports([{"port": "9/16", "type": "VE-Port", "peer": "REPISGEA_DEF"}])[0]
    assert e.evaluate_expected_ports(ports, spec)[0]["status"] == r.PASS


@pytest.mark.parametrize(
    ("port", "why"),
    [("1", "segmented"), ("3", "Disabled (Persistent)"), ("4", "Mod_Inv"), ("5", "Laser_Flt")],
)
def test_online_but_segmented_disabled_or_faulty_is_fail(port: str, why: str) -> None:
    ports = shown("switchshow_fos9_faults.txt")["ports"]
    check = e.evaluate_expected_ports(ports, e.normalize_expected_ports([port])[0])[0]
    assert check["status"] == r.FAIL
    assert why in check["value"] + " " + check["detail"]


def test_healthy_ports_of_the_fault_fixture_pass() -> None:
    ports = shown("switchshow_fos9_faults.txt")["ports"]
    checks = e.evaluate_expected_ports(ports, e.normalize_expected_ports(["0", "2"])[0])
    assert [c["status"] for c in checks] == [r.PASS, r.PASS]
