"""Switch evaluation: expected ports, counter rises against the last run, new log entries, state."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch import parsers as p
from ansible.module_utils.healthops.switch.platforms.cisco_ios import parse_cisco_interfaces_status
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import parse_huawei_logbuffer
from ansible.module_utils.healthops.switch.platforms.registry import parse_platform
from healthops_testlib import FIXTURES_DIR

FIXTURES = FIXTURES_DIR / "switch"
NOW = datetime.datetime(2024, 4, 18, 9, 0, 0)


def text(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text()


def brocade(porterrshow: str = "porterrshow_fos8.txt", errdump: str = "errdump_fos8.txt") -> dict[str, Any]:
    return parse_platform(
        "brocade_fos",
        {
            "switchshow": text("brocade_fos", "switchshow_fos8.txt"),
            "porterrshow": text("brocade_fos", porterrshow),
            "errdump": text("brocade_fos", errdump),
        },
    )


def checks_by_id(checks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    assert all(r.validate_check(c) == [] for c in checks), checks
    ids = [c["id"] for c in checks]
    assert len(ids) == len(set(ids)), ids
    return {c["id"]: c for c in checks}


def expected(*items: Any) -> list[dict[str, str]]:
    specs, errors = e.normalize_expected_ports(list(items))
    assert errors == []
    return specs


THRESHOLDS = e.thresholds_for({})[0]


# --------------------------------------------------------------------------- inputs


def test_normalize_expected_ports_forms_and_errors() -> None:
    specs, errors = e.normalize_expected_ports(["0", 1, {"port": "8", "type": "E-Port", "peer": "FC-SW-02"}])
    assert errors == []
    assert specs == [
        {"port": "0", "type": "", "peer": "", "speed": ""},
        {"port": "1", "type": "", "peer": "", "speed": ""},
        {"port": "8", "type": "E-Port", "peer": "FC-SW-02", "speed": ""},
    ]
    _specs, errors = e.normalize_expected_ports(
        [{"type": "F-Port"}, {"port": "2", "mtu": 9000}, ["x"], "GE1/0/1", "Gi1/0/1", {"port": "3", "speed": "fast"}]
    )
    assert any("expected_ports[0]: port is required" in x for x in errors)
    assert any("expected_ports[1]: unknown key(s) mtu" in x for x in errors)
    assert any("expected_ports[5]: speed 'fast' is not a speed" in x for x in errors)
    assert any("expected_ports[2] must be" in x for x in errors)
    assert any("expected_ports[4]: port Gi1/0/1 is listed twice" in x for x in errors)
    assert e.normalize_expected_ports("0")[1] == ["expected_ports must be a list of port names or {port, type, peer}"]


def test_thresholds_for_validates_overrides() -> None:
    merged, errors = e.thresholds_for({"port_error_delta": {"warn": 5, "fail": 50}})
    assert errors == []
    assert merged["port_error_delta"]["fail"] == 50
    assert merged["port_discard_delta"]["warn"] == 1000
    _merged, errors = e.thresholds_for({"port_error_delta": {"warn": 60, "fail": 50}, "crc": {"warn": 1}})
    assert any("thresholds.crc: unknown threshold id" in x for x in errors)
    assert any("warn (60) must not be above fail (50)" in x for x in errors)


# --------------------------------------------------------------------------- expected ports


def test_expected_fc_ports_online_down_disabled_missing() -> None:
    data = brocade()
    checks = checks_by_id(
        e.evaluate_expected_ports(
            data["ports"],
            expected(
                {"port": "0", "type": "F-Port", "peer": "10:00:00:90:fa:12:34:56"},
                "4",  # No_Light
                "15",  # No_Sync
                "5",  # persistent disabled
                "10",  # disabled
                "99",  # not on the switch
            ),
        )
    )
    assert checks["switch.port:0"]["status"] == r.PASS
    assert checks["switch.port:0"]["value"] == "up"
    assert checks["switch.port:4"]["status"] == r.FAIL
    assert checks["switch.port:4"]["value"] == "down (No_Light)"
    assert checks["switch.port:15"]["value"] == "down (No_Sync)"
    assert checks["switch.port:15"]["status"] == r.FAIL
    assert checks["switch.port:5"]["status"] == r.FAIL
    assert checks["switch.port:5"]["value"] == "disabled (No_Sync)"
    assert "administratively disabled" in checks["switch.port:5"]["detail"]
    assert checks["switch.port:10"]["status"] == r.FAIL
    assert checks["switch.port:99"]["status"] == r.FAIL
    assert checks["switch.port:99"]["value"] == "missing"


def test_expected_type_or_peer_mismatch_is_warn() -> None:
    data = brocade()
    checks = checks_by_id(
        e.evaluate_expected_ports(
            data["ports"],
            expected(
                {"port": "8", "type": "E-Port", "peer": "FC-SW-02"},
                {"port": "9", "peer": "fc-sw-02"},  # trunk member: the master's peer
                {"port": "1", "type": "E-Port"},
                {"port": "3", "peer": "FC-SW-09"},
            ),
        )
    )
    assert checks["switch.port:8"]["status"] == r.PASS
    assert checks["switch.port:9"]["status"] == r.PASS
    assert checks["switch.port:1"]["status"] == r.WARN
    assert "type F-Port, expected E-Port" in checks["switch.port:1"]["detail"]
    assert checks["switch.port:3"]["status"] == r.WARN
    assert checks["switch.port:3"]["threshold"] == "online, peer FC-SW-09"


def test_expected_ethernet_ports_match_across_spellings() -> None:
    data = parse_platform(
        "h3c_comware", {"display interface brief": text("h3c_comware", "display_interface_brief_comware5.txt")}
    )
    checks = checks_by_id(
        e.evaluate_expected_ports(
            data["ports"],
            expected(
                {"port": "GE1/0/1", "type": "access"},
                "XGE1/1/1",
                "GE1/0/2",
                "GE1/0/3",
                {"port": "BAGG1", "type": "trunk"},
            ),
        )
    )
    assert checks["switch.port:GE1/0/1"]["status"] == r.PASS
    assert "device name GigabitEthernet1/0/1" in checks["switch.port:GE1/0/1"]["detail"]
    assert checks["switch.port:XGE1/1/1"]["status"] == r.PASS
    assert checks["switch.port:GE1/0/2"]["status"] == r.FAIL
    assert checks["switch.port:GE1/0/3"]["status"] == r.FAIL
    assert checks["switch.port:GE1/0/3"]["value"] == "disabled (ADM DOWN)"
    assert checks["switch.port:BAGG1"]["status"] == r.PASS


def test_expected_port_by_description_and_peer_in_description() -> None:
    ports = parse_cisco_interfaces_status(text("cisco_ios", "show_interfaces_status.txt"))["ports"]
    checks = checks_by_id(
        e.evaluate_expected_ports(ports, expected({"port": "uplink-core-A", "peer": "core-A"}, "printer-3F"))
    )
    assert checks["switch.port:uplink-core-A"]["status"] == r.PASS
    assert checks["switch.port:printer-3F"]["status"] == r.FAIL
    assert checks["switch.port:printer-3F"]["value"] == "down (err-disabled)"


def test_summary_lists_enabled_but_down_ports_and_says_when_nothing_is_graded() -> None:
    data = brocade()
    summary = e.summarize_ports(data["ports"], [])
    assert summary["status"] == r.INFO
    assert summary["value"] == 7
    assert "16 ports: 7 up, 5 down, 4 disabled" in summary["detail"]
    assert "enabled but down: 4, 6, 13, 14, 15" in summary["detail"]
    assert "not graded" in summary["detail"]


# --------------------------------------------------------------------------- counters


def previous_from(data: dict[str, Any], when: datetime.datetime = NOW - datetime.timedelta(days=7)) -> dict[str, Any]:
    return e.new_state(data["counters"], {}, None, when)


def test_first_run_counters_are_a_baseline() -> None:
    data = brocade()
    checks = e.evaluate_counters(data["ports"], data["counters"], None, THRESHOLDS)
    assert [c["id"] for c in checks] == ["switch.errors"]
    assert checks[0]["status"] == r.INFO
    assert "baseline" in checks[0]["detail"]


def test_no_rise_is_pass() -> None:
    data = brocade()
    checks = e.evaluate_counters(data["ports"], data["counters"], previous_from(data), THRESHOLDS)
    assert [(c["id"], c["status"]) for c in checks] == [("switch.errors", r.PASS)]
    assert "16 ports" in checks[0]["detail"]


def test_rising_counters_warn_and_fail_above_the_threshold() -> None:
    before = brocade()
    after = brocade(porterrshow="porterrshow_fos8_run2.txt")
    checks = checks_by_id(e.evaluate_counters(after["ports"], after["counters"], previous_from(before), THRESHOLDS))
    # port 3: crc_err 3 -> 17, crc_g_eof 3 -> 17, enc_out 12 -> 25: 41 errors
    assert checks["switch.errors:3"]["status"] == r.WARN
    assert checks["switch.errors:3"]["value"] == 41
    assert checks["switch.errors:3"]["detail"] == "crc_err +14, crc_g_eof +14, enc_out +13"
    assert checks["switch.errors:3"]["threshold"] == ">=1/100"
    # port 12: crc_err +1400 and enc_out +3.4m: FAIL
    assert checks["switch.errors:12"]["status"] == r.FAIL
    assert checks["switch.errors"]["status"] == r.INFO
    assert "2 of 16 ports" in checks["switch.errors"]["detail"]
    assert "switch.errors:0" not in checks  # frames rose, errors did not


def test_discards_graded_on_their_own_threshold() -> None:
    ports = [p.new_port("GE1/0/1", admin="up", oper="up")]
    before = {"GE1/0/1": {"in_discards": 10, "in_errors": 0}}
    after = {"GE1/0/1": {"in_discards": 1500, "in_errors": 0}}
    previous = e.new_state(before, None, None, NOW)
    checks = checks_by_id(e.evaluate_counters(ports, after, previous, THRESHOLDS))
    assert checks["switch.discards:GE1/0/1"]["status"] == r.WARN
    assert checks["switch.discards:GE1/0/1"]["value"] == 1490
    small = e.evaluate_counters(ports, {"GE1/0/1": {"in_discards": 900, "in_errors": 0}}, previous, THRESHOLDS)
    assert [c["status"] for c in small] == [r.PASS]


def test_counters_match_previous_run_across_name_spellings() -> None:
    ports = [p.new_port("GigabitEthernet1/0/1", admin="up", oper="up")]
    previous = e.new_state({"GE1/0/1": {"in_errors": 3}}, None, None, NOW)
    checks = checks_by_id(e.evaluate_counters(ports, {"GE1/0/1": {"in_errors": 5}}, previous, THRESHOLDS))
    assert checks["switch.errors:GigabitEthernet1/0/1"]["value"] == 2


def test_cleared_counters_start_a_new_baseline() -> None:
    data = brocade(porterrshow="porterrshow_fos8_run2.txt")
    cleared = brocade()  # lower counts than run 2 on ports 3 and 12
    checks = e.evaluate_counters(cleared["ports"], cleared["counters"], previous_from(data), THRESHOLDS)
    assert [c["id"] for c in checks] == ["switch.errors"]
    assert checks[0]["status"] == r.PASS
    assert "counters cleared (new baseline) on 3, 12" in checks[0]["detail"]


def test_restart_starts_a_new_baseline() -> None:
    ports = [p.new_port("eth0", admin="up", oper="up")]
    previous = e.new_state({"eth0": {"in_errors": 3}}, None, 500_000, NOW)
    checks = e.evaluate_counters(ports, {"eth0": {"in_errors": 90}}, previous, THRESHOLDS, rebooted=True)
    assert [(c["id"], c["status"]) for c in checks] == [("switch.errors", r.INFO)]
    assert "restarted" in checks[0]["detail"]


# --------------------------------------------------------------------------- logs


def test_first_run_grades_the_last_24_hours_of_the_log() -> None:
    logs = brocade()["logs"]
    new, seen, first = e.select_new_logs(logs, None)
    assert first is True
    # newest entry 2024/04/17-11:20:41; WARNING and above since 2024/04/16-11:20:41
    assert [x["source"] for x in new] == ["MAPS-1003", "HIL-1611", "FSSM-1002"]
    assert sum(seen.values()) == 6  # every WARNING+ line is remembered
    check = e.evaluate_logs(new, first, len(logs))
    assert check["status"] == r.FAIL  # HIL-1611 is CRITICAL
    assert check["value"] == 3
    assert "first run" in check["detail"]
    assert "Power supply 2 faulty" in check["detail"]


def test_next_run_lists_only_new_entries() -> None:
    first_logs = brocade()["logs"]
    _new, seen, _first = e.select_new_logs(first_logs, None)
    previous = e.new_state({}, seen, None, NOW)
    second_logs = brocade(errdump="errdump_fos8_run2.txt")["logs"]
    new, _seen, first = e.select_new_logs(second_logs, previous)
    assert first is False
    assert [x["source"] for x in new] == ["MAPS-1003"]  # the INFO login line is not listed
    check = e.evaluate_logs(new, first, len(second_logs))
    assert check["status"] == r.WARN
    assert "Port 12" in check["detail"]
    unchanged, _seen, _first = e.select_new_logs(first_logs, previous)
    assert unchanged == []
    assert e.evaluate_logs(unchanged, False, len(first_logs))["status"] == r.PASS


def test_a_repeated_identical_line_counts_once_more() -> None:
    line = "Apr 17 2024 10:21:33-08:00 HW %%01IFNET/4/IF_STATE(l)[1]:Interface GE0/0/3 has turned into DOWN state."
    once = parse_huawei_logbuffer(line)
    _new, seen, _first = e.select_new_logs(once, None)
    twice = parse_huawei_logbuffer(line + "\n" + line)
    new, _seen, _first = e.select_new_logs(twice, e.new_state({}, seen, None, NOW))
    assert len(new) == 1


def test_log_listing_is_limited() -> None:
    entries = [p.log_entry(NOW, 4, "X/Y", f"message {i}", f"raw {i}") for i in range(30)]
    check = e.evaluate_logs(entries, False, 30)
    assert check["value"] == 30
    assert "and 10 more" in check["detail"]


# --------------------------------------------------------------------------- whole switch and state


def test_evaluate_switch_brocade_two_runs() -> None:
    exp = expected({"port": "0", "type": "F-Port"}, "3", "4", {"port": "8", "type": "E-Port", "peer": "FC-SW-02"})
    first = e.evaluate_switch(brocade(), exp, None, THRESHOLDS, NOW)
    checks = checks_by_id(first["checks"])
    assert checks["switch.state"]["status"] == r.PASS
    assert checks["switch.state"]["value"] == "Online"
    assert checks["switch.port:0"]["status"] == r.PASS
    assert checks["switch.port:4"]["status"] == r.FAIL
    assert checks["switch.errors"]["status"] == r.INFO
    assert checks["switch.log"]["status"] == r.FAIL
    state = first["state"]
    assert state["version"] == e.STATE_VERSION
    assert state["updated"] == "2024-04-18T09:00:00"
    assert "frames_tx" not in state["counters"]["0"]  # traffic counters are not kept
    assert state["counters"]["3"]["crc_err"] == 3

    second = e.evaluate_switch(
        brocade("porterrshow_fos8_run2.txt", "errdump_fos8_run2.txt"),
        exp,
        state,
        THRESHOLDS,
        NOW + datetime.timedelta(days=7),
    )
    checks = checks_by_id(second["checks"])
    assert checks["switch.errors:3"]["status"] == r.WARN
    assert checks["switch.errors:12"]["status"] == r.FAIL
    assert checks["switch.log"]["status"] == r.WARN
    assert [x["source"] for x in second["log_entries"]] == ["MAPS-1003"]


def test_evaluate_switch_offline_brocade_is_fail() -> None:
    data = parse_platform("brocade_fos", {"switchshow": text("brocade_fos", "switchshow_offline.txt")})
    checks = checks_by_id(e.evaluate_switch(data, [], None, THRESHOLDS, NOW)["checks"])
    assert checks["switch.state"]["status"] == r.FAIL
    assert checks["switch.state"]["value"] == "Offline"


def test_evaluate_switch_snmp_restart_and_no_log() -> None:
    data = {
        "switch": {"sysName": "sw1", "sysDescr": "Huawei Versatile Routing Platform", "uptime": 1000},
        "ports": [p.new_port("GE0/0/1", admin="up", oper="up")],
        "counters": {"GE0/0/1": {"in_errors": 0}},
        "logs": [],
    }
    previous = e.new_state({"GE0/0/1": {"in_errors": 5}}, None, 9_000_000, NOW - datetime.timedelta(days=1))
    result = e.evaluate_switch(data, expected("GE0/0/1"), previous, THRESHOLDS, NOW, logs_read=False)
    checks = checks_by_id(result["checks"])
    assert checks["switch.state"]["status"] == r.WARN
    assert "restarted" in checks["switch.state"]["detail"]
    assert checks["switch.errors"]["status"] == r.INFO
    assert checks["switch.log"]["status"] == r.INFO
    assert result["state"]["log_seen"] is None
    assert result["state"]["uptime"] == 1000


@pytest.mark.parametrize("state", [None, {}, {"version": 99, "counters": {}}, {"version": 1, "counters": []}, "x"])
def test_unusable_state_is_a_first_run(state: Any) -> None:
    assert e.usable_state(state) is None


def test_error_check() -> None:
    check = e.error_check("no SNMP response")
    assert r.validate_check(check) == []
    assert (check["id"], check["status"], check["detail"]) == ("switch.connect", r.ERROR, "no SNMP response")
