"""Cisco ``show interface(s) status`` on real captures (ntc-templates' test files, see fixtures SOURCES.md).

The ntc-templates ``.yml`` beside each ``.raw`` is that project's expected parse: it is the oracle here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.healthops.switch.platforms.cisco_ios import (
    cisco_status_class,
    parse_cisco_interfaces_status,
)
from healthops_testlib import FIXTURES_DIR

NTC = sorted((FIXTURES_DIR / "switch").glob("cisco_*/ntc/*status*.raw"))


def parsed(raw: Path) -> dict[str, dict[str, Any]]:
    return {port["name"]: port for port in parse_cisco_interfaces_status(raw.read_text())["ports"]}


def oracle(raw: Path) -> list[dict[str, str]]:
    return yaml.safe_load(raw.with_suffix(".yml").read_text())["parsed_sample"]


def test_the_real_captures_are_there() -> None:
    assert len(NTC) >= 13


@pytest.mark.parametrize("raw", NTC, ids=[r.name for r in NTC])
def test_cisco_status_matches_the_ntc_oracle(raw: Path) -> None:
    ports = parsed(raw)
    expected = oracle(raw)
    assert len(ports) == len(expected)
    for row in expected:
        name = row.get("port") or row["interface"]
        port = ports[name]
        assert port["state"] == row["status"], name
        assert port["description"] == ("" if row["name"] == "--" else row["name"]), name
        if row.get("duplex"):
            assert (port["duplex"], port["speed"]) == (row["duplex"], row["speed"]), name
        if row.get("port_error"):
            assert port["reason"] == row["port_error"], name


@pytest.mark.parametrize("raw", NTC, ids=[r.name for r in NTC])
def test_no_connected_port_is_read_down_and_no_other_is_read_up(raw: Path) -> None:
    ports = parsed(raw)
    for row in oracle(raw):
        port = ports[row.get("port") or row["interface"]]
        is_up = row["status"] in ("connected", "up", "monitoring")
        assert (port["oper"] == "up") is is_up, port


def test_status_with_trailing_text_is_the_status() -> None:
    ports = parsed(FIXTURES_DIR / "switch/cisco_ios/ntc/cisco_ios_show_interfaces_status.raw")
    assert ports["Gi1/0/20"]["oper"] == "up"
    assert ports["Gi1/0/23"]["oper"] == "up"
    assert ports["Gi1/0/23"]["port_type"] == "access"  # VLAN 1 after "connected: TDR"
    assert ports["Gi1/0/22"]["oper"] == "down"


def test_a_description_word_is_never_the_status() -> None:
    ports = parsed(FIXTURES_DIR / "switch/cisco_ios/ntc/cisco_ios_show_interfaces_status_with_keywords_in_name.raw")
    assert ports["Fa0/1"]["description"] == "*** connected to U"
    assert ports["Fa0/1"]["oper"] == "down"
    assert ports["Fa0/6"]["admin"] == "down"  # "suspended customer" is the description, "disabled" the status


def test_tab_and_long_descriptions_push_the_row_right() -> None:
    tab = parsed(FIXTURES_DIR / "switch/cisco_nxos/ntc/cisco_nxos_show_interface_status1.raw")
    assert tab["Eth1/1"]["oper"] == "up"
    assert tab["Eth1/1"]["port_type"] == "trunk"
    long = parsed(FIXTURES_DIR / "switch/cisco_nxos/ntc/cisco_nxos_show_interface_status3.raw")
    assert long["Eth1/1"]["description"] == "upk peerLink_XXXX"
    assert long["Eth1/1"]["oper"] == "up"


def test_the_tunnel_table_is_read_with_its_own_columns() -> None:
    ports = parsed(FIXTURES_DIR / "switch/cisco_nxos/ntc/cisco_nxos_show_interface_status_tunnel.raw")
    assert ports["Tunnel13"]["description"] == "Test Tun13"
    assert ports["Tunnel13"]["oper"] == "up"
    assert ports["Tunnel41"]["reason"].startswith("sourceNotConfigure")
    assert ports["Eth1/3"]["admin"] == "down"


def test_nxos_fibre_channel_sentences() -> None:
    ports = parsed(FIXTURES_DIR / "switch/cisco_ios/ntc/cisco_ios_show_interfaces_status2.raw")
    assert ports["fc2/1"]["oper"] == "up"
    assert ports["fc2/5"]["oper"] == "down"
    assert ports["fc2/5"]["reason"] == "(SFP not present)"


def test_err_disabled_tables_do_not_raise_and_are_down_with_the_port_enabled() -> None:
    for raw in (
        "cisco_ios/ntc/cisco_ios_show_interfaces_status_err-disabled.raw",
        "cisco_nxos/ntc/cisco_nxos_show_interface_status_err-disabled.raw",
    ):
        ports = parsed(FIXTURES_DIR / "switch" / raw)
        assert ports
        assert all(p["oper"] == "down" and p["admin"] == "up" for p in ports.values())


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("connected", "up"),
        ("connected:", "up"),
        ("notconnec", "down"),
        ("xcvrAbsen", "down"),
        ("err-disabled", "err"),
        ("linkFlapErr", "err"),
        ("disabled", "disabled"),
        ("uplink", ""),
        ("Office", ""),
    ],
)
def test_status_words(word: str, kind: str) -> None:
    assert cisco_status_class(word) == kind
