"""Over every interface table among the switch fixtures: no port the device prints as up is judged down
(a FAIL for a healthy port), and no disabled, segmented or faulty port is judged up."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.switch.platforms.brocade_fos import parse_brocade_switchshow
from ansible.module_utils.healthops.switch.platforms.cisco_ios import parse_cisco_interfaces_status
from ansible.module_utils.healthops.switch.platforms.h3c_comware import parse_h3c_interface_brief
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import parse_huawei_interface_brief
from healthops_testlib import FIXTURES_DIR

SWITCH = FIXTURES_DIR / "switch"

# (files, parser, the printed state words that mean up)
TABLES: list[tuple[str, Callable[[str], dict[str, Any]], re.Pattern[str]]] = [
    ("brocade_fos/**/switchshow*.txt", parse_brocade_switchshow, re.compile(r"^Online$")),
    ("cisco_*/**/*status*", parse_cisco_interfaces_status, re.compile(r"^(connected|up|monitoring)$")),
    ("huawei_vrp/**/display_interface_brief*", parse_huawei_interface_brief, re.compile(r"^up(\(\w\))?/")),
    ("h3c_comware/**/*interface_brief*", parse_h3c_interface_brief, re.compile(r"^UP$")),
]
# What a port's comment or reason says that makes it unusable whatever its state word.
FAULT = re.compile(r"segmented|Disabled|Mod_Inv|Laser_Flt")
CASES = [
    (path, parser, up)
    for pattern, parser, up in TABLES
    for path in sorted(SWITCH.glob(pattern))
    if path.suffix != ".yml"
]


@pytest.mark.parametrize(("path", "parser", "up"), CASES, ids=[str(c[0].relative_to(SWITCH)) for c in CASES])
def test_up_ports_are_up_and_broken_ports_are_not(
    path: Path, parser: Callable[[str], dict[str, Any]], up: re.Pattern[str]
) -> None:
    ports = parser(path.read_text())["ports"]
    assert ports
    for port in ports:
        said = f"{port.get('reason') or ''} {port.get('description') or ''}"
        faulty = port["admin"] == "down" or bool(FAULT.search(said))
        if up.search(str(port["state"])) and not faulty:
            assert port["oper"] == "up", port
        else:
            assert port["oper"] != "up", port
