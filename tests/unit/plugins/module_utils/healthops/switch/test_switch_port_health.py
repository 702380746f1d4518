"""Port health beyond up/down: err-disabled, admin down vs down, half duplex, slower than expected."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch.parsers import is_half_duplex, speed_mbps
from ansible.module_utils.healthops.switch.platforms.cisco_ios import parse_cisco_interfaces_status
from ansible.module_utils.healthops.switch.platforms.h3c_comware import parse_h3c_interface_brief
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import parse_huawei_interface_brief
from healthops_testlib import FIXTURES_DIR

SWITCH = FIXTURES_DIR / "switch"


def check_of(ports: list[dict[str, Any]], item: Any) -> dict[str, Any]:
    specs, errors = e.normalize_expected_ports([item])
    assert errors == []
    return e.evaluate_expected_ports(ports, specs)[0]


def cisco(name: str) -> list[dict[str, Any]]:
    return parse_cisco_interfaces_status((SWITCH / "cisco_ios" / name).read_text())["ports"]


@pytest.mark.parametrize(
    ("printed", "mbps"),
    [
        ("a-1000", 1000),
        ("1000", 1000),
        ("a-100", 100),
        ("10G", 10000),
        ("a-10G", 10000),
        ("1G(a)", 1000),
        ("100M(a)", 100),
        ("N16", 16000),
        ("16G", 16000),
        (25000, 25000),
        ("auto", None),
        ("AN", None),
        ("", None),
    ],
)
def test_speed_mbps(printed: Any, mbps: int | None) -> None:
    assert speed_mbps(printed) == mbps


def test_half_duplex_words() -> None:
    assert [is_half_duplex(x) for x in ("a-half", "half", "H", "H(a)", "a-full", "F(a)", "", "auto")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_err_disabled_on_a_real_capture_is_fail_naming_it() -> None:
    check = check_of(cisco("ntc/cisco_ios_show_interfaces_status.raw"), "Gi1/0/16")
    assert check["status"] == r.FAIL
    assert "err-disabled" in check["value"]


def test_slower_than_expected_on_a_real_capture_is_warn() -> None:
    ports = cisco("ntc/cisco_ios_show_interfaces_status.raw")
    slow = check_of(ports, {"port": "GigabitEthernet1/0/4", "speed": "1000"})
    assert slow["status"] == r.WARN
    assert "speed a-100, expected at least 1000" in slow["detail"]
    assert check_of(ports, {"port": "Gi1/0/2", "speed": "1G"})["status"] == r.PASS


def test_half_duplex_on_an_online_port_is_warn() -> None:
    ports = cisco("show_interfaces_status.txt")
    check = check_of(ports, "Gi1/0/8")
    assert check["status"] == r.WARN
    assert "half duplex (a-half)" in check["detail"]


def test_comware_speed_below_expectation_is_warn() -> None:
    ports = parse_h3c_interface_brief((SWITCH / "h3c_comware/display_interface_brief_comware7.txt").read_text())[
        "ports"
    ]
    assert check_of(ports, {"port": "GE1/0/6", "speed": "1G"})["status"] == r.WARN
    assert check_of(ports, {"port": "GE1/0/6", "speed": "100M"})["status"] == r.PASS


def test_huawei_admin_down_and_down_are_both_fail_and_told_apart() -> None:
    ports = parse_huawei_interface_brief((SWITCH / "huawei_vrp/display_interface_brief_s5700.txt").read_text())["ports"]
    admin_down = check_of(ports, "GE0/0/4")
    down = check_of(ports, "GE0/0/3")
    assert (admin_down["status"], down["status"]) == (r.FAIL, r.FAIL)
    assert admin_down["value"].startswith("disabled")
    assert "administratively disabled" in admin_down["detail"]
    assert down["value"] == "down (down/down)"
    assert "not online" in down["detail"]
