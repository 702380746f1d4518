"""Switch output parsers, on recorded output of every platform (tests/unit/fixtures/switch/<platform>/)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from ansible.module_utils.healthops.switch import parsers as p
from ansible.module_utils.healthops.switch.platforms.brocade_fos import (
    parse_brocade_errdump,
    parse_brocade_porterrshow,
    parse_brocade_switchshow,
)
from ansible.module_utils.healthops.switch.platforms.cisco_ios import (
    parse_cisco_counters_errors,
    parse_cisco_interfaces_status,
    parse_cisco_logging,
)
from ansible.module_utils.healthops.switch.platforms.h3c_comware import (
    parse_h3c_counters,
    parse_h3c_interface_brief,
    parse_h3c_logbuffer,
)
from ansible.module_utils.healthops.switch.platforms.huawei_vrp import (
    parse_huawei_interface_brief,
    parse_huawei_logbuffer,
)
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORM_COMMANDS, PLATFORMS, parse_platform
from healthops_testlib import FIXTURES_DIR

FIXTURES = FIXTURES_DIR / "switch"


def text(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text()


def by_name(ports: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {port["name"]: port for port in ports}


# --------------------------------------------------------------------------- names and counts


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (("GigabitEthernet0/0/1", "GE0/0/1", "Gi0/0/1", "gi0/0/1"), True),
        (("Ten-GigabitEthernet1/0/49", "XGE1/0/49", "Te1/0/49", "XGigabitEthernet1/0/49", "10GE1/0/49"), True),
        (("FortyGigE1/0/53", "FGE1/0/53", "40GE1/0/53", "Fo1/0/53"), True),
        (("Bridge-Aggregation1", "BAGG1"), True),
        (("Port-channel1", "Po1"), True),
        (("Vlanif100", "Vlan-interface100", "Vlan100"), True),
        (("M-GigabitEthernet0/0/0", "M-GE0/0/0", "MGE0/0/0"), True),
        (("GE1/0/1", "GE1/0/10"), False),
        (("GE1/0/1", "XGE1/0/1"), False),
        (("10GE1/0/5", "10GE1/0/5.100"), False),
        (("1/16", "16"), False),
    ],
)
def test_interface_key_matches_vendor_spellings(names: tuple[str, ...], same: bool) -> None:
    keys = {p.interface_key(name) for name in names}
    assert (len(keys) == 1) is same, keys


def test_interface_key_leaves_plain_names_alone() -> None:
    assert p.interface_key("7") == "7"
    assert p.interface_key("eth0") == "eth0"
    assert p.interface_key("hopsab1203a") == "hopsab1203a"


@pytest.mark.parametrize(
    ("printed", "count"),
    [
        ("0", 0),
        ("17", 17),
        ("1.2k", 1200),
        ("3.4m", 3_400_000),
        ("2.1g", 2_100_000_000),
        ("880.5m", 880_500_000),
        ("26m", 26_000_000),
        ("1,024", 1024),
        ("--", None),
        ("*", None),
        ("", None),
    ],
)
def test_parse_count(printed: str, count: int | None) -> None:
    assert p.parse_count(printed) == count


@pytest.mark.parametrize(
    ("printed", "count"),
    [
        # 4.1 * 10**6 is 4099999.9999999995 in binary floating point: int() would give 4,099,999
        ("4.1m", 4_100_000),
        ("8.2m", 8_200_000),
        ("4.1g", 4_100_000_000),
        ("8.2g", 8_200_000_000),
        ("8.7t", 8_700_000_000_000),
        ("3.5g", 3_500_000_000),
        ("1.2k", 1200),
        ("1.2345k", 1235),  # half up
        ("1.2344k", 1234),
        ("0.0005k", 1),
        ("4.1M", 4_100_000),
        ("nank", None),
        ("infm", None),
        ("k", None),
    ],
)
def test_suffixed_counts_are_rounded_not_truncated(printed: str, count: int | None) -> None:
    assert p.parse_count(printed) == count


def test_porterrshow_reads_a_suffixed_counter_exactly() -> None:
    head = text("brocade_fos", "porterrshow_fos8.txt").splitlines()[:2]
    values = ["4.1m", "8.2g", "0", "4.1k", "0", "0", "0", "0", "8.7k"] + ["0"] * 10  # the 19 columns of FOS 8
    row = "  7: " + "".join(f"{v:>7}" for v in values)
    counters = parse_brocade_porterrshow("\n".join([*head, row]) + "\n")
    assert counters["7"]["frames_tx"] == 4_100_000
    assert counters["7"]["frames_rx"] == 8_200_000_000
    assert counters["7"]["crc_err"] == 4100
    assert counters["7"]["enc_out"] == 8700


# --------------------------------------------------------------------------- Brocade FOS


def test_switchshow_fos8_port_states() -> None:
    shown = parse_brocade_switchshow(text("brocade_fos", "switchshow_fos8.txt"))
    assert shown["switch"]["switchname"] == "FC-SW-01"
    assert shown["switch"]["switchstate"] == "Online"
    ports = by_name(shown["ports"])
    assert len(ports) == 16
    assert ports["0"]["oper"] == "up"
    assert ports["0"]["port_type"] == "F-Port"
    assert ports["0"]["peer"] == "10:00:00:90:fa:12:34:56"
    assert ports["0"]["speed"] == "N16"
    # offline states
    assert (ports["4"]["admin"], ports["4"]["oper"], ports["4"]["state"]) == ("up", "down", "No_Light")
    assert (ports["15"]["oper"], ports["15"]["state"]) == ("down", "No_Sync")
    assert (ports["14"]["oper"], ports["14"]["state"]) == ("down", "Laser_Flt")
    # disabled, persistent-disabled and throttled ports are admin down
    assert (ports["5"]["admin"], ports["5"]["state"]) == ("down", "No_Sync")
    assert "Persistent" in ports["5"]["description"]
    assert (ports["7"]["admin"], ports["7"]["state"]) == ("down", "No_Light")
    assert (ports["10"]["admin"], ports["10"]["oper"]) == ("down", "down")
    assert ports["11"]["admin"] == "down"
    # NPIV port: the peer is the login summary, without the port type
    assert ports["2"]["peer"] == "1 N Port + 2 NPIV public"


def test_switchshow_trunk_members_inherit_the_masters_peer() -> None:
    ports = by_name(parse_brocade_switchshow(text("brocade_fos", "switchshow_fos8.txt"))["ports"])
    assert ports["8"]["port_type"] == "E-Port"
    assert ports["8"]["peer"] == "10:00:50:eb:1a:aa:bb:cc FC-SW-02"
    assert ports["8"]["trunk"] == "8"
    assert ports["9"]["trunk"] == "8"
    assert ports["9"]["peer"] == ports["8"]["peer"]
    # the description keeps what the comment says beyond type and peer
    assert ports["8"]["description"] == "(downstream)(Trunk master)"
    assert ports["0"]["description"] == ""


def test_switchshow_director_names_ports_slot_slash_port() -> None:
    ports = by_name(parse_brocade_switchshow(text("brocade_fos", "switchshow_director.txt"))["ports"])
    assert sorted(ports, key=lambda n: tuple(int(x) for x in n.split("/"))) == [
        "1/0", "1/1", "1/2", "1/3", "1/16", "1/17", "2/0", "2/1", "2/2", "2/3",
    ]  # fmt: skip
    assert ports["2/0"]["index"] == "128"
    assert ports["1/17"]["trunk"] == "1/16"
    assert "DCX-CORE-B" in ports["1/17"]["peer"]
    assert (ports["2/1"]["oper"], ports["2/1"]["state"]) == ("down", "Offline")
    assert ports["1/3"]["admin"] == "down"


def test_switchshow_fos5_without_index_and_proto_columns() -> None:
    shown = parse_brocade_switchshow(text("brocade_fos", "switchshow_fos5.txt"))
    ports = by_name(shown["ports"])
    assert len(ports) == 6
    assert ports["0"]["port_type"] == "F-Port"
    assert ports["4"]["peer"] == "10:00:00:05:1e:35:0a:12 sw200e-b"
    assert ports["5"]["admin"] == "down"
    assert ports["2"]["state"] == "No_Light"


def test_switchshow_offline_switch() -> None:
    shown = parse_brocade_switchshow(text("brocade_fos", "switchshow_offline.txt"))
    assert shown["switch"]["switchstate"] == "Offline"
    assert all(port["oper"] == "down" for port in shown["ports"])


def test_porterrshow_fos8_expands_k_m_g() -> None:
    counters = parse_brocade_porterrshow(text("brocade_fos", "porterrshow_fos8.txt"))
    assert len(counters) == 16
    assert counters["0"]["frames_tx"] == 2_400_000_000
    assert counters["1"]["frames_rx"] == 880_500_000
    assert counters["3"]["crc_err"] == 3
    assert counters["3"]["enc_out"] == 12
    assert counters["3"]["loss_sync"] == 4
    assert counters["15"]["enc_out"] == 1200
    assert counters["3"]["uncor_err"] == 0
    assert counters["12"]["frames_tx"] == 120_400


def test_porterrshow_run2_counts_with_suffixes() -> None:
    counters = parse_brocade_porterrshow(text("brocade_fos", "porterrshow_fos8_run2.txt"))
    assert counters["12"]["crc_err"] == 1400
    assert counters["12"]["enc_out"] == 3_400_000
    assert counters["3"]["crc_err"] == 17


def test_porterrshow_fos7_without_the_last_column() -> None:
    counters = parse_brocade_porterrshow(text("brocade_fos", "porterrshow_fos7.txt"))
    assert "uncor_err" not in counters["3"]
    assert counters["3"]["pcs_err"] == 2
    assert counters["3"]["c3timeout_tx"] == 3
    assert counters["3"]["disc_c3"] == 7
    assert counters["1"]["frames_tx"] == 1200
    assert counters["1"]["frames_rx"] == 3_400_000


def test_porterrshow_fos6_without_c3timeout_pcs_uncor() -> None:
    counters = parse_brocade_porterrshow(text("brocade_fos", "porterrshow_fos6.txt"))
    assert set(counters) == {"0", "1", "2"}
    assert counters["1"]["crc_err"] == 12
    assert counters["1"]["crc_g_eof"] == 9
    assert counters["1"]["fbsy"] == 0
    assert "c3timeout_tx" not in counters["1"]
    assert counters["1"]["frames_tx"] == 22_000


def test_porterrshow_director_keys_slot_port() -> None:
    counters = parse_brocade_porterrshow(text("brocade_fos", "porterrshow_director.txt"))
    assert counters["2/0"]["crc_err"] == 1
    assert counters["2/1"]["loss_sync"] == 3


def test_porterrshow_row_shorter_than_header_keeps_its_values() -> None:
    header = text("brocade_fos", "porterrshow_fos8.txt").splitlines()[:2]
    row = "  0:   10     20      0      5      5      0      0      0      7      0      0      0      1      0      0"
    counters = parse_brocade_porterrshow("\n".join([*header, row]))
    assert counters["0"]["crc_err"] == 5
    assert counters["0"]["enc_out"] == 7
    assert "c3timeout_tx" not in counters["0"]


def test_errdump_fos8_severities_and_messages() -> None:
    entries = parse_brocade_errdump(text("brocade_fos", "errdump_fos8.txt"))
    assert len(entries) == 8
    critical = [e for e in entries if e["severity"] == 2]
    assert [e["source"] for e in critical] == ["HIL-1611"]
    assert critical[0]["time"] == "2024-04-17T10:06:12"
    assert critical[0]["severity_name"] == "CRITICAL"
    link = next(e for e in entries if e["source"] == "C3-1012")
    assert link["message"].startswith("S0,P3(3): Link Timeout")  # commas in the message are kept
    assert [e["severity"] for e in entries].count(4) == 4


def test_errdump_director_with_slot_and_chassis_fields() -> None:
    entries = parse_brocade_errdump(text("brocade_fos", "errdump_director.txt"))
    assert [(e["source"], e["severity"]) for e in entries] == [
        ("FW-1424", 4),
        ("EM-1050", 6),
        ("AN-1010", 4),
        ("EM-1034", 3),
    ]
    assert entries[3]["message"] == "Blade in slot 3 set to faulty, rc=20019."


def test_errdump_fos5_without_fid_and_continuation_lines() -> None:
    entries = parse_brocade_errdump(text("brocade_fos", "errdump_fos5.txt"))
    assert len(entries) == 3
    assert entries[0]["severity_name"] == "WARNING"
    assert entries[2]["message"] == "port 2, incompatible long distance mode."


# --------------------------------------------------------------------------- Huawei VRP


def test_huawei_brief_s5700() -> None:
    brief = parse_huawei_interface_brief(text("huawei_vrp", "display_interface_brief_s5700.txt"))
    ports = by_name(brief["ports"])
    assert len(ports) == 16
    assert (ports["GigabitEthernet0/0/4"]["admin"], ports["GigabitEthernet0/0/4"]["oper"]) == ("down", "down")
    assert (ports["GigabitEthernet0/0/3"]["admin"], ports["GigabitEthernet0/0/3"]["oper"]) == ("up", "down")
    assert ports["GigabitEthernet0/0/6"]["state"] == "down(d)/down"  # dampening suppressed
    assert ports["GigabitEthernet0/0/7"]["oper"] == "down"  # ^down standby
    assert ports["GigabitEthernet0/0/5"]["oper"] == "up"  # up(s) protocol is still up
    assert ports["GigabitEthernet0/0/23"]["trunk"] == "Eth-Trunk1"
    assert ports["GigabitEthernet0/0/1"]["trunk"] == ""
    assert brief["counters"]["GigabitEthernet0/0/2"] == {"in_errors": 12, "out_errors": 0}
    assert brief["counters"]["GigabitEthernet0/0/6"] == {"in_errors": 1031, "out_errors": 17}


def test_huawei_brief_ce_subinterfaces_and_short_names() -> None:
    brief = parse_huawei_interface_brief(text("huawei_vrp", "display_interface_brief_ce.txt"))
    ports = by_name(brief["ports"])
    assert "10GE1/0/48.4000" in ports
    assert ports["10GE1/0/5.100"]["oper"] == "up"
    assert ports["40GE1/0/2"]["state"] == "down(p)/down"
    assert ports["10GE1/0/4"]["admin"] == "down"
    assert ports["10GE1/0/46"]["trunk"] == "Eth-Trunk10"
    assert ports["LoopBack0"]["trunk"] == ""
    assert brief["counters"]["40GE1/0/2"]["in_errors"] == 5


def test_huawei_logbuffer_vrp5() -> None:
    entries = parse_huawei_logbuffer(text("huawei_vrp", "display_logbuffer_s5700.txt"))
    assert len(entries) == 7
    assert entries[0]["time"] == "2024-04-17T10:21:33"
    assert entries[0]["source"] == "IFNET/IF_STATE"
    assert entries[0]["severity"] == 4
    assert entries[1]["severity"] == 1
    assert entries[1]["message"] == "GigabitEthernet0/0/3: change status to down"
    power = next(e for e in entries if e["source"] == "DEVM/hwPowerRemove_active")
    assert power["severity_name"] == "critical"


def test_huawei_logbuffer_vrp8() -> None:
    entries = parse_huawei_logbuffer(text("huawei_vrp", "display_logbuffer_ce.txt"))
    assert [(e["source"], e["severity"]) for e in entries] == [
        ("IFNET/linkDown_active", 2),
        ("DEVM/hwOpticalInvalid_active", 4),
        ("SSH/SSH_USER_LOGIN", 5),
        ("FEI_COMM/FEFSMEVENT", 3),
        ("VRRP/VRRP_STATE", 6),
    ]
    assert entries[0]["time"] == "2024-04-17T10:21:33"


# --------------------------------------------------------------------------- H3C Comware


def test_h3c_brief_comware7_route_and_bridge_sections() -> None:
    ports = by_name(parse_h3c_interface_brief(text("h3c_comware", "display_interface_brief_comware7.txt"))["ports"])
    assert len(ports) == 17
    assert ports["GE1/0/1"]["description"] == "HIS-DB01 eth0 (Oracle primary)"
    assert ports["GE1/0/1"]["port_type"] == "access"
    assert ports["GE1/0/1"]["speed"] == "1G(a)"
    assert (ports["GE1/0/3"]["admin"], ports["GE1/0/3"]["oper"]) == ("up", "down")
    assert (ports["GE1/0/4"]["admin"], ports["GE1/0/4"]["state"]) == ("down", "ADM")
    assert ports["GE1/0/5"]["oper"] == "down"  # Stby
    assert ports["GE1/0/6"]["port_type"] == "hybrid"
    assert ports["XGE1/0/49"]["port_type"] == "trunk"
    assert ports["FGE1/0/53"]["description"] == ""
    assert ports["Vlan100"]["description"] == "HIS-server-vlan"
    assert ports["M-GE0/0/0"]["port_type"] == "routed"


def test_h3c_brief_comware5_adm_down_and_long_names() -> None:
    ports = by_name(parse_h3c_interface_brief(text("h3c_comware", "display_interface_brief_comware5.txt"))["ports"])
    assert (ports["GigabitEthernet1/0/3"]["admin"], ports["GigabitEthernet1/0/3"]["state"]) == ("down", "ADM DOWN")
    assert ports["GigabitEthernet1/0/3"]["port_type"] == "access"
    assert ports["Ten-GigabitEthernet1/1/1"]["oper"] == "up"
    assert ports["Ten-GigabitEthernet1/1/1"]["port_type"] == "trunk"
    assert ports["Bridge-Aggregation1"]["speed"] == "2G(a)"
    assert ports["Vlan-interface1"]["description"] == ""  # the route section has no description column here


def test_h3c_counters_in_and_out() -> None:
    inbound = parse_h3c_counters(text("h3c_comware", "display_counters_inbound.txt"), "inbound")
    outbound = parse_h3c_counters(text("h3c_comware", "display_counters_outbound.txt"), "outbound")
    assert inbound["GE1/0/1"] == {"in_errors": 3}
    assert inbound["GE1/0/6"] == {}  # "--": not supported
    assert outbound["XGE1/0/50"] == {}  # "*": overflow
    assert outbound["GE1/0/1"] == {"out_errors": 0}
    assert "Overflow:" not in inbound


def test_h3c_logbuffer_comware7_and_5() -> None:
    seven = parse_h3c_logbuffer(text("h3c_comware", "display_logbuffer_comware7.txt"))
    assert [(e["source"], e["severity"]) for e in seven][:4] == [
        ("IFNET/PHY_UPDOWN", 3),
        ("IFNET/LINK_UPDOWN", 5),
        ("SSHS/SSHS_LOG", 6),
        ("DEV/POWER_FAILED", 2),
    ]
    five = parse_h3c_logbuffer(text("h3c_comware", "display_logbuffer_comware5.txt"))
    assert five[0]["source"] == "IFNET/LINK UPDOWN"
    assert five[-1]["severity"] == 1
    assert five[-1]["time"] == "2024-04-16T01:12:45"


# --------------------------------------------------------------------------- Cisco


def test_cisco_interfaces_status() -> None:
    ports = by_name(parse_cisco_interfaces_status(text("cisco_ios", "show_interfaces_status.txt"))["ports"])
    assert len(ports) == 13
    assert ports["Gi1/0/1"]["description"] == "HIS-APP01 eth0"
    assert (ports["Gi1/0/4"]["admin"], ports["Gi1/0/4"]["oper"]) == ("down", "down")
    assert (ports["Gi1/0/5"]["admin"], ports["Gi1/0/5"]["state"]) == ("up", "err-disabled")
    assert ports["Gi1/0/6"]["description"] == "to-FW-outside very"  # 18 characters, no gap before the status
    assert ports["Gi1/0/6"]["port_type"] == "routed"
    assert ports["Te1/1/1"]["port_type"] == "trunk"
    assert ports["Te1/1/4"]["state"] == "sfpAbsent"
    assert ports["Po1"]["oper"] == "up"


def test_cisco_interfaces_status_nxos() -> None:
    ports = by_name(parse_cisco_interfaces_status(text("cisco_ios", "show_interfaces_status_nexus.txt"))["ports"])
    assert ports["mgmt0"]["description"] == ""
    assert ports["Eth1/5"]["state"] == "notconnec"
    assert ports["Eth1/5"]["oper"] == "down"
    assert ports["Eth1/4"]["admin"] == "down"
    assert ports["Eth1/10.100"]["description"] == "subif-to-router"


def test_cisco_counters_errors_merges_both_tables() -> None:
    counters = parse_cisco_counters_errors(text("cisco_ios", "show_interfaces_counters_errors.txt"))
    assert counters["Gi1/0/8"]["fcs_err"] == 27
    assert counters["Gi1/0/8"]["late_col"] == 1
    assert counters["Gi1/0/8"]["runts"] == 2
    assert counters["Gi1/0/2"]["out_discards"] == 145


def test_cisco_logging_with_year() -> None:
    entries = parse_cisco_logging(text("cisco_ios", "show_logging.txt"))
    assert len(entries) == 7
    assert entries[1]["source"] == "PLATFORM_ENV-1-PWR_FAIL"
    assert entries[1]["severity_name"] == "alert"
    assert entries[1]["time"] == "2024-04-16T23:10:40"


def test_cisco_logging_without_year_takes_the_year_of_now() -> None:
    now = datetime.datetime(2025, 1, 2, 8, 0, 0)
    entries = parse_cisco_logging(text("cisco_ios", "show_logging_noyear.txt"), now=now)
    assert len(entries) == 5
    # "Apr 17" would be in the future in January 2025: it is April 2024.
    assert entries[3]["time"] == "2024-04-17T10:21:33"
    assert entries[3]["source"] == "ILPOWER-3-CONTROLLER_PORT_ERR"
    assert entries[0]["time"] == "2024-03-01T00:00:41"  # unsynchronised clock, kept as printed


# --------------------------------------------------------------------------- SNMP and dispatch


def test_parse_if_table() -> None:
    columns = {
        "ifDescr": {"1": b"lo", "3": b"GigabitEthernet0/0/1"},
        "ifName": {"1": b"lo", "3": b"GE0/0/1"},
        "ifAlias": {"1": b"", "3": "至 HIS-DB01 保健库".encode()},
        "ifType": {"1": 24, "3": 6},
        "ifAdminStatus": {"1": 1, "3": 1},
        "ifOperStatus": {"1": 1, "3": 7},
        "ifLastChange": {"1": 0, "3": 10_000},
        "ifInErrors": {"1": 0, "3": 12},
        "ifOutErrors": {"1": 0, "3": 1},
        "ifInDiscards": {"1": 0, "3": 0},
        "ifOutDiscards": {"1": 0, "3": 5},
        "ifHighSpeed": {"1": 10, "3": 1000},
    }
    table = p.parse_if_table(columns, sys_uptime=70_000)
    ports = by_name(table["ports"])
    assert ports["GE0/0/1"]["state"] == "lowerLayerDown"
    assert ports["GE0/0/1"]["oper"] == "down"
    assert ports["GE0/0/1"]["admin"] == "up"
    assert ports["GE0/0/1"]["description"] == "至 HIS-DB01 保健库"
    assert ports["GE0/0/1"]["last_change_s"] == 600
    assert ports["GE0/0/1"]["speed"] == 1000
    assert ports["GE0/0/1"]["port_type"] == "ethernetCsmacd"
    assert ports["lo"]["last_change_s"] is None  # 0: before the agent started
    assert table["counters"]["GE0/0/1"] == {"in_errors": 12, "out_errors": 1, "in_discards": 0, "out_discards": 5}


def test_parse_if_table_falls_back_to_ifdescr() -> None:
    table = p.parse_if_table({"ifDescr": {"2": b"port 2"}, "ifAdminStatus": {"2": 2}, "ifOperStatus": {"2": 2}})
    assert table["ports"][0]["name"] == "port 2"
    assert table["ports"][0]["admin"] == "down"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_parse_platform_gives_ports_counters_and_logs(platform: str) -> None:
    files = json.loads((FIXTURES / "fixture_sets.json").read_text())[platform]
    assert set(files) == set(PLATFORM_COMMANDS[platform])
    data = parse_platform(platform, {cmd: text(platform, name) for cmd, name in files.items()})
    assert data["ports"]
    assert data["counters"]
    assert data["logs"]
    assert all(tuple(port)[: len(p.PORT_FIELDS)] == p.PORT_FIELDS for port in data["ports"])


def test_parse_platform_maps_brocade_counters_to_port_names() -> None:
    data = parse_platform(
        "brocade_fos",
        {
            "switchshow": text("brocade_fos", "switchshow_director.txt"),
            "porterrshow": "  128:  1  2  0  9  9  0  0  0  0  0  0  0  0  0  0",
        },
    )
    assert data["counters"]["2/0"]["crc_err"] == 9
    assert data["logs"] == []


def test_parse_platform_refuses_unknown_platform() -> None:
    with pytest.raises(ValueError, match="junos"):
        parse_platform("junos", {})
