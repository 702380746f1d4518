"""Interface names: the one normalisation (``interface_key``) between what inventory says and what the device prints."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch.parsers import interface_key, new_port
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import parse_huawei_interface_brief
from healthops_testlib import FIXTURES_DIR

# (what an operator writes in inventory, what a device prints): each pair must match both ways.
PAIRS = [
    ("GigabitEthernet1/0/1", "Gi1/0/1"),
    ("GigabitEthernet1/0/1", "GE1/0/1"),
    ("Ten-GigabitEthernet1/0/49", "XGE1/0/49"),
    ("TenGigabitEthernet1/1/1", "Te1/1/1"),
    ("XGigabitEthernet0/0/1", "10GE0/0/1"),
    ("FastEthernet0/1", "Fa0/1"),
    ("Ethernet1/1", "Eth1/1"),
    ("TwentyFiveGigE1/0/1", "Twe1/0/1"),
    ("FortyGigabitEthernet1/0/1", "Fo1/0/1"),
    ("HundredGigE1/0/1", "Hu1/0/1"),
    ("Port-channel1", "Po1"),
    ("LoopBack0", "Lo0"),
    ("Tunnel13", "Tu13"),
    ("GigabitEthernet15/1/0", "GigabitEthernet15/1/0(10G)"),
    ("GE4/0/4", "GigabitEthernet4/0/4(10G)"),
    ("GigabitEthernet0/0/5", "GigabitEthernet0/0/5(v)"),
]


@pytest.mark.parametrize(("inventory", "printed"), PAIRS)
def test_inventory_name_finds_the_printed_port_and_back(inventory: str, printed: str) -> None:
    assert interface_key(inventory) == interface_key(printed)
    assert e.find_port([new_port(printed)], inventory)["name"] == printed
    assert e.find_port([new_port(inventory)], printed)["name"] == inventory


@pytest.mark.parametrize(
    ("one", "other"),
    [("GE1/0/1", "XGE1/0/1"), ("Gi1/0/1", "Gi1/0/10"), ("Eth1/1", "Eth-Trunk1"), ("GE15/1/0(10G)", "GE15/1/1")],
)
def test_different_ports_stay_different(one: str, other: str) -> None:
    assert interface_key(one) != interface_key(other)


def test_a_vrp_member_port_with_a_speed_suffix_is_not_missing() -> None:
    raw = FIXTURES_DIR / "switch/huawei_vrp/ntc/huawei_vrp_display_interface_brief.raw"
    ports = parse_huawei_interface_brief(raw.read_text())["ports"]
    expected, errors = e.normalize_expected_ports(["GigabitEthernet15/1/0", "GE16/0/1", "GigabitEthernet8/1/16"])
    assert not errors
    checks = e.evaluate_expected_ports(ports, expected)
    assert [c["status"] for c in checks] == [r.PASS, r.PASS, r.PASS], checks
