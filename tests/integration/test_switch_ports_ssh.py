"""switch_ports over SSH against a fake switch on 127.0.0.1 that answers with recorded output.

The fake (tests/integration/switchlab.py) is a paramiko server: Brocade FOS answers exec requests,
Huawei / H3C / Cisco an interactive shell with their prompt, command echo, ``---- More ----``
paging until paging is turned off, and their error text for commands they do not know. The
recorded output is the same as the parser unit tests read (tests/unit/fixtures/switch/).

Host keys: the fake's key is pinned (``host_key``) unless a test says otherwise; the host key
tests check that an unpinned key is refused before the password is sent, that trust on first
use records the key in OpenSSH format and then holds it, and that a re-keyed switch is an ERROR
naming both fingerprints.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.switch.hostkeys import fingerprint
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORM_COMMANDS
from healthops_testlib import load_library_module
from switchlab import (
    LOOPBACK,
    FakeSwitch,
    fixture_outputs,
    fixture_text,
    free_port,
    key_line,
    module_params,
    new_host_key,
)

pytestmark = pytest.mark.integration

switch_ports = load_library_module("switch_ports")

DEFAULTS: dict[str, Any] = module_params(transport="ssh", timeout=5.0)

# Per platform: expected ports and the status each must get from the recorded output.
EXPECTATIONS: dict[str, dict[str, str]] = {
    "brocade_fos": {"0": "PASS", "8": "PASS", "4": "FAIL", "5": "FAIL", "99": "FAIL"},
    "huawei_vrp": {
        "GE0/0/1": "PASS",
        "XGigabitEthernet0/0/1": "PASS",
        "GigabitEthernet0/0/3": "FAIL",
        "GE0/0/4": "FAIL",
    },
    "h3c_comware": {"GE1/0/1": "PASS", "XGE1/0/49": "PASS", "GE1/0/3": "FAIL", "GE1/0/4": "FAIL"},
    "cisco_ios": {"Gi1/0/1": "PASS", "Te1/1/1": "PASS", "Gi1/0/3": "FAIL", "Gi1/0/5": "FAIL"},
    # ntc-templates' Nexus capture: mgmt0 connected, Eth1/1 disabled, Eth1/3 without a transceiver.
    "cisco_nxos": {"mgmt0": "PASS", "Ethernet1/1": "FAIL", "Eth1/3": "FAIL"},
}
# The recorded logs with a warning within 24 h of their newest line (NX-OS's holds ACL flow notices only).
LOG_ALERTS = {"brocade_fos", "huawei_vrp", "h3c_comware", "cisco_ios"}


def probe(switch: FakeSwitch, pinned: bool = True, **extra: Any) -> dict[str, Any]:
    params = dict(DEFAULTS, **switch.options(pinned=pinned))
    params.update(extra)
    assert switch_ports.validate_params(params) == []
    return switch_ports.probe(params, check_mode=False)


def statuses(result: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in result["checks"]}


@pytest.mark.parametrize("platform", sorted(EXPECTATIONS))
def test_each_platform_over_ssh(platform: str, tmp_path: Path) -> None:
    expected = EXPECTATIONS[platform]
    with FakeSwitch(platform, fixture_outputs(platform)) as switch:
        result = probe(switch, expected_ports=list(expected), state_dir=str(tmp_path))
        paging_off = {"brocade_fos": None, "huawei_vrp": "screen-length 0 temporary"}
        paging_off.update({"h3c_comware": "screen-length disable", "cisco_ios": "terminal length 0"})
        paging_off["cisco_nxos"] = "terminal length 0"
        if paging_off[platform]:
            assert switch.commands[0] == paging_off[platform]
        assert [c for c in switch.commands if c != paging_off[platform]] == list(PLATFORM_COMMANDS[platform])
    found = statuses(result)
    for port, status in expected.items():
        assert found[f"switch.port:{port}"] == status, (port, result["checks"])
    assert result["notes"] == []
    assert found["switch.errors"] == "INFO"  # first run: baseline
    log = next(c for c in result["checks"] if c["id"] == "switch.log")
    if platform in LOG_ALERTS:
        assert log["status"] in ("WARN", "FAIL")
        assert log["value"] >= 1
        assert result["log_entries"]
    else:
        assert log["status"] == "PASS", log
        assert result["log_entries"] == []
    assert (tmp_path / f"switch_{LOOPBACK}_{switch.port}.json").exists()


def test_brocade_second_run_warns_on_rising_counters_and_new_log_lines(tmp_path: Path) -> None:
    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as switch:
        first = probe(switch, expected_ports=["0", "3", "12"], state_dir=str(tmp_path))
        assert statuses(first)["switch.state"] == "PASS"
        switch.responses["porterrshow"] = fixture_text("brocade_fos", "porterrshow_fos8_run2.txt")
        switch.responses["errdump"] = fixture_text("brocade_fos", "errdump_fos8_run2.txt")
        second = probe(switch, expected_ports=["0", "3", "12"], state_dir=str(tmp_path))
    found = statuses(second)
    assert found["switch.errors:3"] == "WARN"
    assert found["switch.errors:12"] == "FAIL"
    assert found["switch.port:3"] == "PASS"
    assert found["switch.log"] == "WARN"
    assert [e["source"] for e in second["log_entries"]] == ["MAPS-1003"]


def test_huawei_second_run_warns_on_rising_in_errors(tmp_path: Path) -> None:
    with FakeSwitch("huawei_vrp", fixture_outputs("huawei_vrp")) as switch:
        probe(switch, state_dir=str(tmp_path))
        switch.responses["display interface brief"] = fixture_text(
            "huawei_vrp", "display_interface_brief_s5700_run2.txt"
        )
        switch.responses["display logbuffer"] = fixture_text("huawei_vrp", "display_logbuffer_s5700_run2.txt")
        second = probe(switch, state_dir=str(tmp_path))
    found = statuses(second)
    check = next(c for c in second["checks"] if c["id"] == "switch.errors:GigabitEthernet0/0/2")
    assert (check["status"], check["value"]) == ("FAIL", 152)  # 12 -> 160 in, 0 -> 4 out: above 100
    assert found["switch.log"] == "WARN"
    # The port went down and came back: the down is graded, the up is not (VRP's log rule table).
    assert [(e["source"], e["message"][-11:]) for e in second["log_entries"]] == [("IFNET/IF_STATE", "DOWN state.")]


def test_comware5_falls_back_to_display_brief_interface() -> None:
    outputs = fixture_outputs("h3c_comware")
    outputs["display brief interface"] = fixture_text("h3c_comware", "display_interface_brief_comware5.txt")
    del outputs["display interface brief"]
    with FakeSwitch("h3c_comware", outputs) as switch:
        result = probe(switch, expected_ports=["GE1/0/1", "GE1/0/3"])
        assert "display brief interface" in switch.commands
    found = statuses(result)
    assert found["switch.port:GE1/0/1"] == "PASS"
    assert found["switch.port:GE1/0/3"] == "FAIL"


def test_a_refused_command_is_a_note_and_the_rest_is_graded() -> None:
    outputs = fixture_outputs("cisco_ios")
    del outputs["show interfaces counters errors"]
    with FakeSwitch("cisco_ios", outputs) as switch:
        result = probe(switch, expected_ports=["Gi1/0/1"])
    assert statuses(result)["switch.port:Gi1/0/1"] == "PASS"
    assert len(result["notes"]) == 1
    assert result["notes"][0].startswith("show interfaces counters errors: refused by the switch")


@pytest.mark.parametrize("platform", ["huawei_vrp", "h3c_comware", "cisco_ios", "cisco_nxos"])
def test_paging_is_followed_when_it_cannot_be_turned_off(platform: str) -> None:
    with FakeSwitch(platform, fixture_outputs(platform)) as switch:
        switch.honour_paging_off = False
        paged = probe(switch)
        assert switch.pages_sent >= 1
    with FakeSwitch(platform, fixture_outputs(platform)) as switch:
        unpaged = probe(switch)
        assert switch.pages_sent == 0
    assert paged["ports"] == unpaged["ports"]
    assert [c for c in paged["checks"] if c["id"] != "switch.log"] == [
        c for c in unpaged["checks"] if c["id"] != "switch.log"
    ]
    assert paged["log_entries"] == unpaged["log_entries"]


def test_paged_huawei_output_is_whole() -> None:
    with FakeSwitch("huawei_vrp", fixture_outputs("huawei_vrp")) as switch:
        switch.honour_paging_off = False
        result = probe(switch, expected_ports=["XGE0/0/2", "GE0/0/1"])
    ports = {p["name"] for p in result["ports"]}
    assert len(ports) == 16  # all rows, though the output came in pages of 24 lines
    assert statuses(result)["switch.port:XGE0/0/2"] == "FAIL"
    assert "More" not in " ".join(ports)


def test_wrong_password_and_closed_port_give_error() -> None:
    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as switch:
        wrong = probe(switch, password="not-the-password")
    assert [(c["id"], c["status"]) for c in wrong["checks"]] == [("switch.connect", "ERROR")]
    assert "refused for user netops" in wrong["checks"][0]["detail"]
    assert "not-the-password" not in wrong["checks"][0]["detail"]
    closed = switch_ports.probe(
        dict(
            DEFAULTS,
            host=LOOPBACK,
            port=free_port(socket.SOCK_STREAM),
            platform="huawei_vrp",
            username="u",
            password="p",
        ),
        check_mode=False,
    )
    assert [(c["id"], c["status"]) for c in closed["checks"]] == [("switch.connect", "ERROR")]
    assert "SSH connection to 127.0.0.1" in closed["checks"][0]["detail"]


def test_a_switch_that_stops_answering_times_out_as_error() -> None:
    with FakeSwitch("cisco_ios", fixture_outputs("cisco_ios"), delay=3.0) as switch:
        result = probe(switch, timeout=1.0)
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")]
    assert "timed out" in result["checks"][0]["detail"]


# --------------------------------------------------------------------------- host keys


def only_error(result: dict[str, Any]) -> str:
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")], result["checks"]
    return str(result["checks"][0]["detail"])


def test_an_unknown_host_key_is_refused_by_default_before_the_password(tmp_path: Path) -> None:
    with FakeSwitch("cisco_ios", fixture_outputs("cisco_ios")) as switch:
        result = probe(switch, pinned=False, state_dir=str(tmp_path))
        assert switch.logins == 0
        assert switch.commands == []
    detail = only_error(result)
    assert f"[{LOOPBACK}]:{switch.port} is not pinned" in detail
    assert fingerprint(switch.host_keys[0].get_base64()) in detail
    assert not (tmp_path / "switch_known_hosts").exists()


def test_trust_on_first_use_records_the_key_then_passes(tmp_path: Path) -> None:
    known_hosts = tmp_path / "switch_known_hosts"
    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as switch:
        first = probe(
            switch, pinned=False, host_key_policy="trust_first_use", state_dir=str(tmp_path), expected_ports=["0"]
        )
        name = f"[{LOOPBACK}]:{switch.port}"
        assert known_hosts.read_text() == f"{name} {switch.host_key_line()}\n"
        assert known_hosts.stat().st_mode & 0o777 == 0o640
        second = probe(
            switch, pinned=False, host_key_policy="trust_first_use", state_dir=str(tmp_path), expected_ports=["0"]
        )
    recorded = next(c for c in first["checks"] if c["id"] == "switch.host_key")
    assert recorded["status"] == "INFO"
    assert "trusted on first use and recorded in" in recorded["detail"]
    assert statuses(first)["switch.port:0"] == "PASS"
    assert "switch.host_key" not in statuses(second)
    assert second["host_key"]["status"] == "pinned"
    assert statuses(second)["switch.port:0"] == "PASS"
    if shutil.which("ssh-keygen"):  # OpenSSH reads the recorded file as its own
        found = subprocess.run(
            ["ssh-keygen", "-F", name, "-f", str(known_hosts)], capture_output=True, text=True, check=False
        )
        assert found.returncode == 0
        assert switch.host_key_line() in found.stdout


@pytest.mark.parametrize("how", ["recorded on first use", "pinned by the operator"])
def test_a_switch_restarted_with_another_key_is_error_naming_both_fingerprints(tmp_path: Path, how: str) -> None:
    first_use = how == "recorded on first use"
    options: dict[str, Any] = {"state_dir": str(tmp_path)}
    if first_use:
        options["host_key_policy"] = "trust_first_use"
    with FakeSwitch("huawei_vrp", fixture_outputs("huawei_vrp")) as switch:
        old_key = switch.host_keys[0]
        assert "switch.connect" not in statuses(probe(switch, pinned=not first_use, **options))
        port = switch.port
        before = (tmp_path / "switch_known_hosts").read_text() if first_use else None
    if not first_use:
        options["host_key"] = key_line(old_key)  # the pin the operator reviewed
    with FakeSwitch("huawei_vrp", fixture_outputs("huawei_vrp"), host_keys=[new_host_key()], port=port) as rekeyed:
        result = probe(rekeyed, pinned=False, **options)
        assert rekeyed.logins == 0
    detail = only_error(result)
    assert f"SSH host key of [{LOOPBACK}]:{port} CHANGED" in detail
    assert f"presented ecdsa-sha2-nistp256 {fingerprint(rekeyed.host_keys[0].get_base64())}" in detail
    assert f"expected ecdsa-sha2-nistp256 {fingerprint(old_key.get_base64())}" in detail
    assert result["host_key"]["reason"] == "changed"
    if first_use:
        assert (tmp_path / "switch_known_hosts").read_text() == before  # the first key stays pinned


@pytest.mark.parametrize("pin", [0, 1])
def test_a_switch_with_several_keys_presents_the_pinned_one(pin: int) -> None:
    keys = [new_host_key("ecdsa"), new_host_key("rsa")]
    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos"), host_keys=keys) as switch:
        result = probe(switch, pinned=False, host_key=key_line(keys[pin]))
    assert statuses(result)["switch.state"] == "PASS", result["checks"]
    assert result["host_key"]["fingerprint"] == fingerprint(keys[pin].get_base64())


@pytest.mark.skipif(not shutil.which("ssh-keyscan"), reason="ssh-keyscan (openssh-client) is not installed")
def test_keys_collected_with_ssh_keyscan_pin_the_switch(tmp_path: Path) -> None:
    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as switch:
        scanned = subprocess.run(
            ["ssh-keyscan", "-H", "-p", str(switch.port), LOOPBACK],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        )
        known_hosts = tmp_path / "reviewed_known_hosts"
        known_hosts.write_text(scanned.stdout)
        assert scanned.stdout.startswith("|1|")  # hashed names
        result = probe(switch, pinned=False, known_hosts_file=str(known_hosts))
    assert statuses(result)["switch.state"] == "PASS", result["checks"]
    assert str(known_hosts) in result["host_key"]["message"]
