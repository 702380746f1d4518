"""library/switch_ports.py: options, ERROR on an unreachable switch, state kept between runs, check mode.

main() runs in-process with its arguments patched in; the switch is replaced by recorded output
(the transports are patched), so these tests need no network. The real transports are exercised
in tests/integration/test_switch_ports_snmp.py and test_switch_ports_ssh.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops_switch_transport import SwitchUnreachable
from ansible.module_utils.testing import patch_module_args
from healthops_testlib import load_library_module

switch_ports = load_library_module("switch_ports")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "switch"
SECRET = "s3cret-Passw0rd"


def run(capsys: pytest.CaptureFixture[str], args: dict[str, Any], check_mode: bool = False) -> dict[str, Any]:
    if check_mode:
        args = dict(args, _ansible_check_mode=True)
    with patch_module_args(args), pytest.raises(SystemExit) as caught:
        switch_ports.main()
    out = capsys.readouterr().out
    assert SECRET not in out  # no_log on every secret
    result = json.loads(out)
    assert (caught.value.code != 0) == bool(result.get("failed")), result
    return result


def brocade_outputs(porterrshow: str = "porterrshow_fos8.txt") -> dict[str, str]:
    return {
        "switchshow": (FIXTURES / "brocade_fos" / "switchshow_fos8.txt").read_text(),
        "porterrshow": (FIXTURES / "brocade_fos" / porterrshow).read_text(),
        "errdump": (FIXTURES / "brocade_fos" / "errdump_fos8.txt").read_text(),
    }


class FakeSsh:
    """Stands in for ssh_read: returns the outputs it holds and remembers how it was called."""

    def __init__(self, outputs: dict[str, str]) -> None:
        self.outputs = outputs
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, host: str, platform: str, username: str, password: str | None, port: int, timeout: float) -> Any:
        self.calls.append((host, platform, username, port, timeout))
        return dict(self.outputs), []


def ssh_args(state_dir: Path | None, **extra: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "host": "10.20.0.11",
        "transport": "ssh",
        "platform": "brocade_fos",
        "username": "netops",
        "password": SECRET,
        "expected_ports": [{"port": "0", "type": "F-Port"}, "3", "4"],
    }
    if state_dir is not None:
        args["state_dir"] = str(state_dir)
    args.update(extra)
    return args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"host": "sw", "transport": "ssh", "username": "u", "password": SECRET},
            "platform is required with transport=ssh",
        ),
        ({"host": "sw", "transport": "ssh", "platform": "huawei_vrp", "password": SECRET}, "username is required"),
        ({"host": "sw"}, "community is required with transport=snmp and snmp_version=2c"),
        ({"host": "sw", "snmp_version": "3", "auth_key": SECRET}, "snmp_user is required with snmp_version=3"),
        ({"host": "sw", "snmp_version": "3", "snmp_user": "u", "auth_key": "short"}, "auth_key must have at least 8"),
        ({"host": "sw", "community": SECRET, "timeout": 0}, "timeout must be greater than 0"),
        ({"host": "sw", "community": SECRET, "port": 70000}, "port must be between 1 and 65535"),
        (
            {"host": "sw", "community": SECRET, "expected_ports": [{"type": "F-Port"}]},
            "expected_ports[0]: port is required",
        ),
        ({"host": "sw", "community": SECRET, "thresholds": {"port_error_delta": {"warn": "x"}}}, "must be a number"),
    ],
)
def test_bad_options_fail_naming_the_option(
    capsys: pytest.CaptureFixture[str], args: dict[str, Any], message: str
) -> None:
    result = run(capsys, args)
    assert result["failed"] is True
    assert message in result["msg"]


def test_unreachable_switch_is_one_error_check_not_a_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise SwitchUnreachable("SSH connection to 10.20.0.11:22 failed: timed out")

    monkeypatch.setattr(switch_ports, "ssh_read", refuse)
    result = run(capsys, ssh_args(tmp_path))
    assert "failed" not in result
    assert result["changed"] is False
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")]
    assert "timed out" in result["checks"][0]["detail"]
    assert list(tmp_path.iterdir()) == []  # nothing to keep from a switch that was not read


def test_state_is_kept_and_rising_counters_warn_on_the_next_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSsh(brocade_outputs())
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    first = run(capsys, ssh_args(tmp_path))
    assert first["changed"] is False
    assert fake.calls == [("10.20.0.11", "brocade_fos", "netops", 22, 10.0)]
    state_file = tmp_path / "switch_10.20.0.11_22.json"
    assert first["state_file"] == str(state_file)
    assert state_file.stat().st_mode & 0o777 == 0o600
    statuses = {c["id"]: c["status"] for c in first["checks"]}
    assert statuses["switch.port:0"] == "PASS"
    assert statuses["switch.port:4"] == "FAIL"
    assert statuses["switch.errors"] == "INFO"
    assert first["switch"]["name"] == "FC-SW-01"
    assert len(first["ports"]) == 16

    fake.outputs = brocade_outputs("porterrshow_fos8_run2.txt")
    second = run(capsys, ssh_args(tmp_path))
    statuses = {c["id"]: c["status"] for c in second["checks"]}
    assert statuses["switch.errors:3"] == "WARN"
    assert statuses["switch.errors:12"] == "FAIL"
    assert statuses["switch.log"] == "PASS"  # the same errdump: nothing new
    assert second["changed"] is False


def test_check_mode_reads_the_state_but_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSsh(brocade_outputs())
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    run(capsys, ssh_args(tmp_path))
    state_file = tmp_path / "switch_10.20.0.11_22.json"
    before = state_file.read_bytes()
    fake.outputs = brocade_outputs("porterrshow_fos8_run2.txt")
    checked = run(capsys, ssh_args(tmp_path), check_mode=True)
    assert {c["id"]: c["status"] for c in checked["checks"]}["switch.errors:3"] == "WARN"
    assert state_file.read_bytes() == before
    # nothing was recorded, so the real run sees the same rise
    again = run(capsys, ssh_args(tmp_path))
    assert {c["id"]: c["status"] for c in again["checks"]}["switch.errors:3"] == "WARN"


def test_check_mode_on_a_first_run_creates_no_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    run(capsys, ssh_args(tmp_path / "state"), check_mode=True)
    assert not (tmp_path / "state").exists()


def test_unreadable_state_file_is_a_new_baseline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    (tmp_path / "switch_10.20.0.11_22.json").write_text("{not json")
    result = run(capsys, ssh_args(tmp_path))
    assert any("unreadable" in note for note in result["notes"])
    assert {c["id"]: c["status"] for c in result["checks"]}["switch.errors"] == "INFO"
    assert json.loads((tmp_path / "switch_10.20.0.11_22.json").read_text())["version"] == 1


def test_without_state_dir_every_run_is_a_first_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    result = run(capsys, ssh_args(None))
    assert result["state_file"] is None


def test_snmp_transport_passes_its_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_snmp(host: str, **kwargs: Any) -> Any:
        seen.update(kwargs, host=host)
        system = {"sysName": "sw-snmp", "sysDescr": "test", "sysUpTime": 123_456}
        columns = {
            "ifName": {"1": b"GE0/0/1", "2": b"GE0/0/2"},
            "ifAdminStatus": {"1": 1, "2": 2},
            "ifOperStatus": {"1": 1, "2": 2},
            "ifInErrors": {"1": 0, "2": 0},
        }
        return system, columns

    monkeypatch.setattr(switch_ports, "snmp_read", fake_snmp)
    args = {
        "host": "127.0.0.1",
        "snmp_version": "3",
        "snmp_user": "healthops",
        "auth_key": SECRET,
        "priv_key": SECRET,
        "priv_protocol": "aes256",
        "expected_ports": ["GigabitEthernet0/0/1", "GE0/0/2"],
        "state_dir": str(tmp_path),
        "timeout": 2,
        "retries": 0,
    }
    result = run(capsys, args)
    assert seen["port"] == 161
    assert (seen["version"], seen["user"], seen["priv_protocol"], seen["timeout"], seen["retries"]) == (
        "3",
        "healthops",
        "aes256",
        2.0,
        0,
    )
    statuses = {c["id"]: c["status"] for c in result["checks"]}
    assert statuses["switch.port:GigabitEthernet0/0/1"] == "PASS"
    assert statuses["switch.port:GE0/0/2"] == "FAIL"
    assert statuses["switch.log"] == "INFO"
    assert result["switch"] == {
        "host": "127.0.0.1",
        "port": 161,
        "transport": "snmp",
        "platform": None,
        "name": "sw-snmp",
    }
    assert (tmp_path / "switch_127.0.0.1_161.json").exists()


@pytest.mark.parametrize(
    ("host", "port", "name"),
    [
        ("10.20.0.11", 22, "switch_10.20.0.11_22.json"),
        ("fc-sw-01.example", 161, "switch_fc-sw-01.example_161.json"),
        ("../../etc/passwd", 22, "switch_etc_passwd_22.json"),
        ("fe80::1", 161, "switch_fe80_1_161.json"),
    ],
)
def test_state_file_name_is_safe(host: str, port: int, name: str) -> None:
    assert switch_ports.state_file_name(host, port) == name
