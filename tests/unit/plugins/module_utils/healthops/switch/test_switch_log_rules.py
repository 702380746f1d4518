"""Switch logs on real output: Cisco uptime stamps and multi-line messages (ntc-templates captures), VRP5 alarm
lines without %%01 and 80-column wrapping, Comware traps and timestamps; the log rule table per platform."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import logs as lg
from ansible.module_utils.healthops.switch.platforms.cisco_ios import parse_cisco_logging
from ansible.module_utils.healthops.switch.platforms.h3c_comware import parse_h3c_logbuffer
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import parse_huawei_logbuffer
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORMS
from healthops_testlib import FIXTURES_DIR

SWITCH = FIXTURES_DIR / "switch"
NOW = datetime.datetime(2024, 1, 1)
NTC_LOGS = sorted((SWITCH / "cisco_ios" / "ntc").glob("cisco_ios_show_logging_*.raw"))


def ruled(platform: str, entries: list[dict[str, Any]], inventory: Any = None) -> list[dict[str, Any]]:
    rules, errors = lg.compile_log_rules(inventory or [], PLATFORMS[platform].log_rules, platform)
    assert errors == []
    return lg.apply_log_rules(entries, rules)


def verdicts(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["source"], lg.entry_verdict(e)) for e in entries]


def graded(entries: list[dict[str, Any]]) -> dict[str, Any]:
    # A run after one that saw an empty buffer: every graded entry is new, whatever its date.
    new, _seen, first = lg.select_new_logs(entries, {"log_seen": {}})
    return lg.evaluate_logs(new, first, len(entries))


@pytest.mark.parametrize("raw", NTC_LOGS, ids=[p.name for p in NTC_LOGS])
def test_cisco_logging_matches_the_ntc_oracle(raw: Path) -> None:
    expected = [e for e in yaml.safe_load(raw.with_suffix(".yml").read_text())["parsed_sample"] if e["severity"]]
    entries = parse_cisco_logging(raw.read_text(), now=NOW)
    assert [e["source"] for e in entries] == [f"{x['facility']}-{x['severity']}-{x['mnemonic']}" for x in expected]
    assert [" ".join(e["message"].split()) for e in entries] == [
        " ".join(" ".join(x["message"]).split()) for x in expected
    ]


def test_cisco_uptime_stamped_line_is_an_entry_without_a_time() -> None:
    entries = parse_cisco_logging((SWITCH / "cisco_ios/ntc/cisco_ios_show_logging_1.raw").read_text(), now=NOW)
    assert entries[0]["raw"].startswith("7:04: %LINEPROTO-5-UPDOWN")
    assert entries[0]["time"] is None
    assert entries[1]["time"] == "2024-06-19T03:02:31" or entries[1]["time"] == "2023-06-19T03:02:31"


def test_cisco_multi_line_message_is_one_entry() -> None:
    entries = parse_cisco_logging((SWITCH / "cisco_ios/ntc/cisco_ios_show_logging_3.raw").read_text(), now=NOW)
    restart = next(e for e in entries if e["source"] == "SYS-5-RESTART")
    assert "Cisco IOS Software, C2900" in restart["message"]
    assert "Compiled Mon 19-Sep-11" in restart["message"]
    assert restart["raw"].count("\n") == 4


def test_cisco_link_up_is_info_and_link_down_warn() -> None:
    entries = parse_cisco_logging((SWITCH / "cisco_ios/ntc/cisco_ios_show_logging_1.raw").read_text(), now=NOW)
    assert verdicts(ruled("cisco_ios", entries)) == [
        ("LINEPROTO-5-UPDOWN", "INFO"),
        ("LINEPROTO-5-UPDOWN", "INFO"),
        ("LINK-3-UPDOWN", "WARN"),
        ("LINK-3-UPDOWN", "INFO"),
    ]


VRP5 = SWITCH / "huawei_vrp" / "display_logbuffer_vrp5_console.txt"


def test_vrp5_alarm_lines_without_percent_01_and_wrapped_lines_are_joined() -> None:
    entries = parse_huawei_logbuffer(VRP5.read_text())
    assert len(entries) == 9
    portsec = entries[0]
    assert portsec["source"] == "L2IFPPI/PORTSEC_ACTION_ALARM"
    assert "interface (6/6) GigabitEthernet0/0/1 reaches the limit" in portsec["message"]
    assert portsec["message"].endswith("(1:restrict;2:protect;3:shutdown)")
    assert entries[7]["source"] == "DS/DATASYNC_CFGCHANGE"
    assert "the change loop count is 0" in entries[7]["message"]
    assert entries[5]["message"] == "Interface GigabitEthernet0/0/1 has turned into UP state."
    assert entries[6]["message"].startswith("The line protocol IP on the interface")  # a space kept at the break
    assert entries[2]["message"] == "Interface Vlanif1 has turned into DOWN state."


def test_vrp_link_up_at_level_1_is_not_graded_and_port_security_shutdown_fails() -> None:
    entries = ruled("huawei_vrp", parse_huawei_logbuffer(VRP5.read_text()))
    by_verdict = verdicts(entries)
    assert by_verdict[0] == ("L2IFPPI/PORTSEC_ACTION_ALARM", "FAIL")
    assert by_verdict[3] == ("PHY/PHY", "INFO")  # severity 1 (alert), but a link that came up
    assert by_verdict[1] == ("PHY/PHY", "WARN")  # severity 1, link down: WARN, not FAIL
    assert graded(entries)["status"] == r.FAIL
    ups = [e for e in entries if lg.entry_verdict(e) == "INFO"]
    assert graded(ups)["status"] == r.PASS
    downs = [e for e in entries if e["source"] == "PHY/PHY" and "down" in e["message"]]
    assert graded(downs)["status"] == r.WARN


COMWARE = SWITCH / "h3c_comware" / "display_logbuffer_comware_formats.txt"


def test_comware_traps_and_millisecond_timestamps() -> None:
    entries = parse_h3c_logbuffer(COMWARE.read_text())
    assert len(entries) == 6
    assert entries[2]["time"] == "2025-05-16T11:04:39"  # ".784" after a dot
    trap = entries[4]
    assert trap["source"] == "IFNET/INTERFACE UPDOWN"
    assert trap["message"].startswith("Trap 1.3.6.1.6.3.1.1.5.3(linkDown)")
    assert verdicts(ruled("h3c_comware", entries)) == [
        ("IFNET/PHY_UPDOWN", "WARN"),
        ("IFNET/LINK_UPDOWN", "WARN"),
        ("IFNET/PHY_UPDOWN", "INFO"),
        ("PORTSEC/PORTSEC_VIOLATION", "FAIL"),
        ("IFNET/INTERFACE UPDOWN", "WARN"),
        ("IFNET/LINK UPDOWN", "WARN"),
    ]


def test_inventory_rules_come_first_and_may_be_per_platform() -> None:
    entries = parse_huawei_logbuffer(VRP5.read_text())
    mine = [
        {"match": "PORTSEC_ACTION_ALARM", "status": "INFO"},
        {"match": "DATASYNC", "status": "FAIL", "platform": "cisco_ios"},
    ]
    out = ruled("huawei_vrp", entries, mine)
    assert lg.entry_verdict(out[0]) == "INFO"
    assert out[0]["rule"] == "PORTSEC_ACTION_ALARM"
    assert lg.entry_verdict(out[7]) == "INFO"  # the cisco_ios rule does not apply here
    assert graded(out)["status"] == r.WARN


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"match": "x", "status": "ERROR"}], "log_rules[0]: status must be one of INFO, WARN, FAIL"),
        ([{"match": "(", "status": "WARN"}], "log_rules[0]: match is not a regular expression"),
        ([{"status": "WARN"}], "log_rules[0]: match is required"),
        ([{"match": "x", "status": "WARN", "level": 1}], "log_rules[0]: unknown key(s) level"),
        (["x"], "log_rules[0] must be a mapping"),
        ("x", "log_rules must be a list"),
    ],
)
def test_bad_log_rules_are_named(rules: Any, message: str) -> None:
    errors = lg.compile_log_rules(rules)[1]
    assert any(message in e for e in errors), errors


def test_every_platform_has_a_rule_table_that_compiles() -> None:
    for name, platform in PLATFORMS.items():
        rules, errors = lg.compile_log_rules([], platform.log_rules, name)
        assert errors == []
        assert rules, name
