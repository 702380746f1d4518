"""cisco_nxos, its own platform: real NX-OS output (ntc-templates and genieparser test files, see SOURCES.md)."""

from __future__ import annotations

from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch import logs as lg
from ansible.module_utils.healthops.switch.platforms.cisco_nxos import LOG_COMMAND, PLATFORM, parse_nxos_logging
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORMS, parse_platform
from healthops_testlib import FIXTURES_DIR

NXOS = FIXTURES_DIR / "switch" / "cisco_nxos"


def outputs(**files: str) -> dict[str, str]:
    names = {
        "show interface status": "ntc/cisco_nxos_show_interface_status.raw",
        "show interface counters errors": "genie/show_interface_counters_errors.txt",
        LOG_COMMAND: "genie/show_logging_logfile.txt",
    }
    names.update(files)
    return {command: (NXOS / name).read_text() for command, name in names.items()}


def test_nxos_is_registered_with_its_commands_and_log_fallback() -> None:
    assert PLATFORMS["cisco_nxos"] is PLATFORM
    assert PLATFORM.commands == ("show interface status", "show interface counters errors", "show logging last 500")
    assert PLATFORM.fallbacks == {"show logging last 500": "show logging logfile"}
    assert PLATFORM.paging_off == "terminal length 0"


def test_nxos_ports_counters_and_log() -> None:
    data = parse_platform("cisco_nxos", outputs())
    ports = {p["name"]: p for p in data["ports"]}
    assert ports["mgmt0"]["oper"] == "up"
    assert ports["Eth1/1"]["admin"] == "down"
    assert ports["Eth1/3"]["state"] == "xcvrAbsen"
    assert data["counters"]["Eth1/1"]["stomped_crc"] == 13450
    assert data["counters"]["Eth1/1"]["in_discards"] == 0
    assert data["counters"]["Eth1/1"]["xmit_err"] == 230
    assert [x["source"] for x in data["logs"]] == ["ACLLOG-5-ACLLOG_FLOW_INTERVAL"] * 2
    assert data["logs"][0]["time"] == "2019-05-22T16:20:45"


def test_nxos_link_flap_err_disabled_port_fails() -> None:
    data = parse_platform(
        "cisco_nxos", outputs(**{"show interface status": "genie/show_interface_status_linkflap.txt"})
    )
    check = e.evaluate_expected_ports(data["ports"], e.normalize_expected_ports(["Ethernet1/15"])[0])[0]
    assert check["status"] == r.FAIL
    assert "linkFlapE" in check["value"]


def test_nxos_stomped_crc_is_an_error_counter() -> None:
    data = parse_platform("cisco_nxos", outputs())
    before = {"version": 1, "updated": "2019-05-22T00:00:00", "counters": {"Eth1/1": {"stomped_crc": 13000}}}
    checks = e.evaluate_counters(data["ports"], data["counters"], before, e.thresholds_for({})[0])
    assert {c["id"]: c["status"] for c in checks}["switch.errors:Eth1/1"] == r.FAIL  # +450 >= fail 100


def test_nxos_log_rules() -> None:
    lines = "\n".join(
        [
            "2024 Jan 15 14:32:18 mds9710-01 %ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface fc1/3 is down (Link failure)",
            "2020 Jul 29 17:07:29 EDT: %ETHPORT-5-IF_UP: Interface Ethernet1/7 is up in mode trunk",
            "2024 Jan 15 14:40:00 n9k %ETHPORT-5-IF_DOWN_ERROR_DISABLED: Interface Eth1/9 is down (Error disabled)",
        ]
    )
    rules = lg.compile_log_rules([], PLATFORM.log_rules, "cisco_nxos")[0]
    entries = lg.apply_log_rules(parse_nxos_logging(lines), rules)
    assert [lg.entry_verdict(x) for x in entries] == ["WARN", "INFO", "FAIL"]
