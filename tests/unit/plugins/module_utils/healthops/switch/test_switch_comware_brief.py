"""H3C / HPE Comware ``display interface brief`` on real captures (ntc-templates test files, see SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.switch import evaluate as e
from ansible.module_utils.healthops.switch.platforms.h3c_comware import parse_h3c_interface_brief
from healthops_testlib import FIXTURES_DIR

NTC = sorted((FIXTURES_DIR / "switch" / "h3c_comware" / "ntc").glob("*.raw"))


@pytest.mark.parametrize("raw", NTC, ids=[r.name for r in NTC])
def test_comware_brief_matches_the_ntc_oracle(raw: Path) -> None:
    ports = {p["name"]: p for p in parse_h3c_interface_brief(raw.read_text())["ports"]}
    expected = yaml.safe_load(raw.with_suffix(".yml").read_text())["parsed_sample"]
    assert len(ports) == len(expected)
    for row in expected:
        port = ports[row["interface"]]
        assert port["description"] == ("" if row["description"] == "--" else row["description"]), row
        assert (port["admin"] == "down") is (row["link"] == "ADM"), row
        assert (port["oper"] == "up") is (row["link"] == "UP"), row


def test_a_description_that_starts_before_its_column_is_whole() -> None:
    raw = FIXTURES_DIR / "switch/h3c_comware/ntc/hp_comware_display_interface_brief_release_9119P17.raw"
    ports = parse_h3c_interface_brief(raw.read_text())["ports"]
    assert {p["name"]: p["description"] for p in ports}["Vlan1"] == "### LAN ###"
    spec = e.normalize_expected_ports([{"port": "Vlan1", "peer": "### LAN ###"}, {"port": "GE0/0/1", "peer": "WAN"}])
    assert [c["status"] for c in e.evaluate_expected_ports(ports, spec[0])] == [r.PASS, r.PASS]


def test_comware7_adm_is_admin_down_and_the_protocol_is_not_part_of_the_link() -> None:
    raw = FIXTURES_DIR / "switch/h3c_comware/ntc/hp_comware_display_interface_brief_release_60615P16.raw"
    ports = {p["name"]: p for p in parse_h3c_interface_brief(raw.read_text())["ports"]}
    assert (ports["GE0/0"]["admin"], ports["GE0/0"]["state"]) == ("down", "ADM")
    assert ports["GE0/0"]["description"] == "### NOT USED ###"
