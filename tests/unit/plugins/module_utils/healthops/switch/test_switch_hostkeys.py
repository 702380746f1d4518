"""Switch SSH host keys: known_hosts parsing, SHA256 fingerprints and the pin / first-use / reject decision.

The keys and fingerprints below were made with ``ssh-keygen -t <type>`` and printed with
``ssh-keygen -lf``; the hashed line with ``ssh-keygen -H``. No network, no paramiko.
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.switch import hostkeys as hk


def key_text(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}"


ED25519 = ("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIJRhZeWdi+7FVkAZIer0qWKaum6HT6dhp0vwxW+INEY/")
ED25519_FP = "SHA256:5kO/Kl2GPTDk5HuqsCmGar37AMyJpwnQWFnE5FsGVV0"
ECDSA = (
    "ecdsa-sha2-nistp256",
    "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDkdZfvBOlyO7QXY4giHEKSKeNW6dGhKJ2IZx7dY8e2W9wm0h/UNPZQgKg80"
    "DvVzVK0tsVmh17aSQqKLDrZV2z8=",
)
ECDSA_FP = "SHA256:X90Fq3JfkA+3J78HqQnEzwixmml0RTtcvFFq6BqzkvQ"
REKEYED = ("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIE4MB2eoZMuylXawRsFSOYDJzN+CXLR59BS+DfHAYJKu")
REKEYED_FP = "SHA256:Tf5dkIKpIbInz85V1iWDn8uBTUaLtvyYwSozwA4hJss"
# "10.20.0.11 ssh-ed25519 ..." hashed by ssh-keygen -H
HASHED = f"|1|ydaqnkoq+PHnf16Gr9UUAYY5q+U=|Z/g7UJ5pD3byvhRpIH4RvLQurLE= {key_text(ED25519)}"


def line(name: str, key: tuple[str, str]) -> str:
    return f"{name} {key[0]} {key[1]}"


def pins(*keys: tuple[str, str], name: str = "10.20.0.11") -> list[dict[str, Any]]:
    entries, errors = hk.parse_known_hosts("\n".join(line(name, k) for k in keys), "known_hosts")
    assert errors == []
    return entries


@pytest.mark.parametrize(("key", "expected"), [(ED25519, ED25519_FP), (ECDSA, ECDSA_FP), (REKEYED, REKEYED_FP)])
def test_fingerprint_is_what_ssh_keygen_prints(key: tuple[str, str], expected: str) -> None:
    assert hk.fingerprint(key[1]) == expected


@pytest.mark.parametrize(("host", "port", "name"), [("10.20.0.11", 22, "10.20.0.11"), ("sw", 2222, "[sw]:2222")])
def test_known_hosts_name_follows_openssh(host: str, port: int, name: str) -> None:
    assert hk.known_hosts_name(host, port) == name


def test_parse_known_hosts_reads_plain_hashed_bracketed_and_marked_lines() -> None:
    text = "\n".join(
        [
            "# reviewed 2026-11-20 by the network team",
            "",
            line("fc-sw-01,10.20.0.11", ED25519),
            HASHED,
            line("[10.20.0.12]:2222", ECDSA),
            f"@revoked * {key_text(REKEYED)}",
        ]
    )
    entries, errors = hk.parse_known_hosts(text, "/etc/healthops/known_hosts")
    assert errors == []
    assert [e["patterns"] for e in entries][:1] == [["fc-sw-01", "10.20.0.11"]]
    assert entries[0]["source"] == "/etc/healthops/known_hosts:3"
    assert [e["marker"] for e in entries] == [None, None, None, "@revoked"]
    assert [e["keytype"] for e in entries[:3]] == ["ssh-ed25519", "ssh-ed25519", "ecdsa-sha2-nistp256"]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("10.20.0.11 ssh-ed25519", "expected '<hosts> <key type> <base64 key>'"),
        ("10.20.0.11 ssh-ed25519 not*base64", "not base64"),
        (f"10.20.0.11 ssh-rsa {ED25519[1]}", "the key says it is 'ssh-ed25519', not ssh-rsa"),
        (f"@trusted 10.20.0.11 {key_text(ED25519)}", "unknown marker @trusted"),
    ],
)
def test_malformed_lines_are_reported_with_their_place(bad: str, words: str) -> None:
    entries, errors = hk.parse_known_hosts("# header\n" + bad, "kh")
    assert entries == []
    assert len(errors) == 1
    assert errors[0].startswith("kh:2: ")
    assert words in errors[0]


@pytest.mark.parametrize(
    ("patterns", "name", "matches"),
    [
        (["10.20.0.11"], "10.20.0.11", True),
        (["10.20.0.11"], "10.20.0.111", False),
        (["FC-SW-01"], "fc-sw-01", True),
        (["10.20.0.*"], "10.20.0.11", True),
        (["10.20.0.1?"], "10.20.0.11", True),
        (["10.20.0.*", "!10.20.0.11"], "10.20.0.11", False),
        (["[127.0.0.1]:2222"], "[127.0.0.1]:2222", True),
        (["[127.0.0.1]:2222"], "1", False),  # brackets are literal, not a character class
        (["[127.0.0.1]:2222"], "127.0.0.1", False),
        ([HASHED.split(maxsplit=1)[0]], "10.20.0.11", True),
        ([HASHED.split(maxsplit=1)[0]], "10.20.0.12", False),
    ],
)
def test_host_patterns(patterns: list[str], name: str, matches: bool) -> None:
    assert hk.host_matches(patterns, name) is matches


def test_keys_for_picks_the_switch_and_every_revoked_key() -> None:
    entries = hk.parse_known_hosts(
        "\n".join([line("10.20.0.11", ED25519), line("10.20.0.12", ECDSA), f"@revoked 10.9.9.9 {key_text(REKEYED)}"]),
        "kh",
    )[0]
    pinned, revoked = hk.keys_for(entries, "10.20.0.11")
    assert [(e["keytype"], e["key"]) for e in pinned] == [ED25519]
    assert [e["key"] for e in revoked] == [REKEYED[1]]


def test_host_key_option_takes_a_pub_file_or_a_known_hosts_line() -> None:
    text = f"{key_text(ECDSA)} fc-sw-01 (read on the console 2026-11-20)\n{line('[sw]:2222', ED25519)}"
    entries, errors = hk.parse_host_key_option(text, "[sw]:2222")
    assert errors == []
    assert [(e["patterns"], e["keytype"]) for e in entries] == [
        (["[sw]:2222"], "ecdsa-sha2-nistp256"),
        (["[sw]:2222"], "ssh-ed25519"),
    ]
    assert entries[0]["source"] == "host_key line 1"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "host_key: no key given"),
        ("ssh-ed25519", "host_key line 1: expected '<key type> <base64 key>'"),
        ("ssh-ed25519 AAAA%%%%", "host_key line 1: the key is not base64"),
        (f"ssh-rsa {ED25519[1]}", "host_key line 1: the key says it is 'ssh-ed25519'"),
        ("sw ssh-ed25519", "host_key line 1: expected '<hosts> <key type> <base64 key>'"),
    ],
)
def test_host_key_option_errors_name_the_line(text: str, words: str) -> None:
    entries, errors = hk.parse_host_key_option(text, "sw")
    assert entries == []
    assert len(errors) == 1
    assert errors[0].startswith(words), errors


def test_a_pinned_key_that_matches_is_accepted() -> None:
    decision = hk.decide("10.20.0.11", *ED25519, pins(ECDSA, ED25519), [], "reject")
    assert (decision["action"], decision["reason"]) == ("accept", "pinned")
    assert decision["fingerprint"] == ED25519_FP
    assert "known_hosts:2" in decision["message"]


@pytest.mark.parametrize("policy", ["reject", "trust_first_use"])
def test_a_changed_key_is_rejected_naming_host_and_both_fingerprints(policy: str) -> None:
    decision = hk.decide("10.20.0.11", *REKEYED, pins(ED25519), [], policy, record_in="/state/switch_known_hosts")
    assert (decision["action"], decision["reason"]) == ("reject", "changed")
    message = decision["message"]
    assert "10.20.0.11 CHANGED" in message
    assert f"presented ssh-ed25519 {REKEYED_FP}" in message
    assert f"expected ssh-ed25519 {ED25519_FP} (known_hosts:1)" in message


def test_same_key_of_another_type_is_not_a_match() -> None:
    decision = hk.decide("10.20.0.11", "ssh-rsa", ED25519[1], pins(ED25519), [], "reject")
    assert decision["reason"] == "changed"


def test_an_unknown_key_is_rejected_by_default_with_its_fingerprint() -> None:
    decision = hk.decide("[sw]:2222", *ECDSA, [], [], "reject")
    assert (decision["action"], decision["reason"]) == ("reject", "unknown")
    assert "[sw]:2222 is not pinned" in decision["message"]
    assert ECDSA_FP in decision["message"]
    assert "host_key_policy=trust_first_use" in decision["message"]


def test_trust_on_first_use_records_an_unknown_key() -> None:
    decision = hk.decide("sw", *ECDSA, [], [], "trust_first_use", record_in="/state/switch_known_hosts")
    assert (decision["action"], decision["reason"]) == ("record", "first_use")
    assert (decision["keytype"], decision["key"], decision["record_in"]) == (*ECDSA, "/state/switch_known_hosts")
    assert "trusted on first use and recorded in /state/switch_known_hosts" in decision["message"]
    assert ECDSA_FP in decision["message"]


@pytest.mark.parametrize("pinned", [[], "same"])
def test_a_revoked_key_is_refused_whatever_the_policy_and_pins(pinned: Any) -> None:
    revoked = hk.parse_known_hosts(f"@revoked * {key_text(ED25519)}", "kh")[0]
    decision = hk.decide("sw", *ED25519, pins(ED25519, name="sw") if pinned else [], revoked, "trust_first_use")
    assert (decision["action"], decision["reason"]) == ("reject", "revoked")


def test_operator_pins_replace_recorded_ones() -> None:
    operator, recorded = pins(REKEYED), pins(ED25519)
    assert hk.choose_pins(operator, recorded) == operator
    assert hk.choose_pins([], recorded) == recorded
    # the switch re-keyed, the operator pinned the new key: the recorded old one no longer counts
    assert hk.decide("10.20.0.11", *ED25519, hk.choose_pins(operator, recorded), [], "reject")["action"] == "reject"


def test_pinned_key_types_are_offered_first() -> None:
    offered = ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"]
    assert hk.preferred_key_types(pins(ECDSA), offered) == [
        "ecdsa-sha2-nistp256",
        "ssh-ed25519",
        "rsa-sha2-512",
        "rsa-sha2-256",
    ]
    rsa = [{"keytype": "ssh-rsa"}]
    assert hk.preferred_key_types(rsa, offered)[:2] == ["rsa-sha2-512", "rsa-sha2-256"]
    assert hk.preferred_key_types([], offered) == offered


def test_recording_appends_an_openssh_line_and_keeps_the_rest() -> None:
    text = hk.add_known_host("# pins\n" + line("a", ED25519), "[sw]:2222", *ECDSA)
    assert text == f"# pins\n{line('a', ED25519)}\n[sw]:2222 {key_text(ECDSA)}\n"
    entries, errors = hk.parse_known_hosts(text, "kh")
    assert errors == []
    assert hk.keys_for(entries, "[sw]:2222")[0][0]["key"] == ECDSA[1]
    assert hk.add_known_host("", "sw", *ECDSA) == f"sw {key_text(ECDSA)}\n"
