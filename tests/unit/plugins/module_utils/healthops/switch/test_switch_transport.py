"""The SSH and SNMP edge's pure helpers: cleaning shell output, naming SNMP failures (no network)."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.switch import transport as t
from ansible.module_utils.healthops.switch.platforms.base import PROMPT_RE


def test_clean_output_drops_echo_prompt_paging_and_escapes() -> None:
    raw = (
        "display interface brief\r\n"
        "Interface   PHY   Protocol\r\n"
        "GE0/0/1     up    up\r\n"
        "  ---- More ----\x1b[42D                                          \x1b[42D"
        "GE0/0/2     down  down\r\n"
        "\r\n<HW-ACC-01>"
    )
    assert t.clean_output(raw, "display interface brief", "<HW-ACC-01>") == (
        "Interface   PHY   Protocol\nGE0/0/1     up    up\nGE0/0/2     down  down\n"
    )


def test_clean_output_cisco_more() -> None:
    raw = "show logging\r\nline 1\r\n --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08line 2\r\nSW-ACC-01#"
    assert t.clean_output(raw, "show logging", "SW-ACC-01#") == "line 1\nline 2\n"


@pytest.mark.parametrize(
    ("indication", "words"),
    [
        ("Wrong SNMP PDU digest", "SNMPv3 authentication failed"),
        ("Unknown USM user", "SNMPv3 authentication failed"),
        ("No SNMP response received before timeout", "no SNMP response"),
        ("Bad IPv4/UDP transport address sw@161", "SNMP error: Bad IPv4/UDP"),
    ],
)
def test_snmp_errors_read_as_advice(indication: str, words: str) -> None:
    assert t._snmp_error(indication).startswith(words)


@pytest.mark.parametrize(
    ("tail", "prompt"),
    [
        ("\nInfo: The max number of VTY users is 10.\n<HW-ACC-01>", "<HW-ACC-01>"),
        ("\n\n[H3C-ACC-02]", "[H3C-ACC-02]"),
        ("\nSW-ACC-01#", "SW-ACC-01#"),
        ("\nSW-ACC-01> ", "SW-ACC-01>"),
        ("\nFC-SW-01:FID128:admin> ", "FC-SW-01:FID128:admin>"),
    ],
)
def test_prompt_pattern(tail: str, prompt: str) -> None:
    match = PROMPT_RE.search(tail)
    assert match is not None
    assert match.group(1) == prompt


@pytest.mark.parametrize("tail", ["\n##########", "\nAuthorized access only#  now", "\n * Copyright (c) 2024 *"])
def test_banner_lines_are_not_prompts(tail: str) -> None:
    assert PROMPT_RE.search(tail) is None
