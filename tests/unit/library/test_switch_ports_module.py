"""library/switch_ports.py: options, ERROR on an unreachable switch, state kept between runs, check mode,
SSH host keys pinned / trusted on first use / refused, SNMP security named in every detail.

main() runs in-process with its arguments patched in; the switch is replaced by recorded output
(the transports are patched), so these tests need no network. The real transports are exercised
in tests/integration/test_switch_ports_snmp.py and test_switch_ports_ssh.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.switch.hostkeys import REJECT, decide, fingerprint
from ansible.module_utils.healthops.switch.probe import state_file_name
from ansible.module_utils.healthops.switch.transport import HostKeyRejected, SwitchUnreachable
from ansible.module_utils.testing import patch_module_args
from healthops_testlib import load_library_module
from zh_record import english_findings, english_lines

switch_ports = load_library_module("switch_ports")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "switch"
SECRET = "s3cret-Passw0rd"
# Host keys of the fake switch (ssh-keygen -t ed25519): the one it has, and the one after a re-key.
KEY = ("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIJRhZeWdi+7FVkAZIer0qWKaum6HT6dhp0vwxW+INEY/")
OTHER_KEY = ("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIE4MB2eoZMuylXawRsFSOYDJzN+CXLR59BS+DfHAYJKu")


def key_text(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}"


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
    """Stands in for ssh_read: decides on the host key it presents as the transport does (before the
    login), returns the outputs it holds and remembers how it was called."""

    def __init__(self, outputs: dict[str, str], key: tuple[str, str] = KEY) -> None:
        self.outputs = outputs
        self.key = key
        self.calls: list[tuple[Any, ...]] = []
        self.logins = 0

    def __call__(
        self,
        host: str,
        platform: str,
        username: str,
        password: str | None,
        port: int,
        timeout: float,
        trust: dict[str, Any],
    ) -> Any:
        self.calls.append((host, platform, username, port, timeout))
        decision = decide(
            trust["name"], *self.key, trust["pinned"], trust["revoked"], trust["policy"], trust["record_in"]
        )
        if decision["action"] == REJECT:
            raise HostKeyRejected(decision["message"], decision)
        self.logins += 1
        return dict(self.outputs), [], decision


def ssh_args(state_dir: Path | None, **extra: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "host": "10.20.0.11",
        "transport": "ssh",
        "platform": "brocade_fos",
        "username": "netops",
        "password": SECRET,
        "host_key": key_text(KEY),
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
        (
            {"host": "sw", "community": SECRET, "log_rules": [{"match": "LINK", "status": "ERROR"}]},
            "log_rules[0]: status must be one of INFO, WARN, FAIL",
        ),
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
    assert english_findings(first["checks"] + second["checks"]) == []  # the zh record says it in Chinese
    assert english_lines(first["checks"] + second["checks"]) == []  # every line of it


def huawei_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, **extra: Any) -> dict[str, Any]:
    """A VRP switch whose log holds a port-security shutdown and link changes, after a run that saw none."""
    (tmp_path / "switch_10.20.0.11_22.json").write_text(
        json.dumps({"version": 1, "updated": "2019-04-01T00:00:00", "uptime": None, "counters": {}, "log_seen": {}})
    )
    result = run(capsys, ssh_args(tmp_path, platform="huawei_vrp", expected_ports=[], **extra))
    return {c["id"]: c for c in result["checks"]}["switch.log"]


def test_log_rules_grade_the_log_platform_table_then_inventory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = {
        "display interface brief": (FIXTURES / "huawei_vrp" / "display_interface_brief_s5700.txt").read_text(),
        "display logbuffer": (FIXTURES / "huawei_vrp" / "display_logbuffer_vrp5_console.txt").read_text(),
    }
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(outputs))
    log = huawei_run(capsys, tmp_path)
    assert log["status"] == "FAIL"
    assert english_findings([log]) == []
    assert "PORTSEC_ACTION_ALARM" in log["detail"]
    assert "turned into UP state" not in log["detail"]  # VRP level 1, but a link that came up
    log = huawei_run(capsys, tmp_path, log_rules=[{"match": "PORTSEC_ACTION_ALARM", "status": "INFO"}])
    assert log["status"] == "WARN"  # the links that went down are left
    assert "PORTSEC_ACTION_ALARM" not in log["detail"]


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
    assert state_file_name(host, port) == name


# --------------------------------------------------------------------------- SSH host keys


def unpinned(state_dir: Path | None, **extra: Any) -> dict[str, Any]:
    args = ssh_args(state_dir, **extra)
    del args["host_key"]
    return args


def test_an_unpinned_key_is_refused_by_default_before_the_login(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSsh(brocade_outputs())
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    result = run(capsys, unpinned(tmp_path))
    assert "failed" not in result
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")]
    assert "10.20.0.11 is not pinned" in result["checks"][0]["detail"]
    assert fingerprint(KEY[1]) in result["checks"][0]["detail"]
    assert (result["host_key"]["status"], result["host_key"]["reason"]) == ("rejected", "unknown")
    assert fake.logins == 0
    assert list(tmp_path.iterdir()) == []  # nothing recorded, no state


def test_trust_on_first_use_records_warns_then_refuses_another_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSsh(brocade_outputs())
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(switch_ports.AnsibleModule, "warn", lambda _self, msg: said.append(("warn", msg)))
    monkeypatch.setattr(switch_ports.AnsibleModule, "log", lambda _self, msg, *_a, **_k: said.append(("log", msg)))
    args = unpinned(tmp_path, host_key_policy="trust_first_use")
    known_hosts = tmp_path / "switch_known_hosts"

    first = run(capsys, args)
    assert known_hosts.read_text() == f"10.20.0.11 {key_text(KEY)}\n"
    assert known_hosts.stat().st_mode & 0o777 == 0o640
    check = next(c for c in first["checks"] if c["id"] == "switch.host_key")
    assert (check["status"], check["value"]) == ("INFO", fingerprint(KEY[1]))
    assert f"trusted on first use and recorded in {known_hosts}" in check["detail"]
    assert first["host_key"]["status"] == "recorded"
    # a module warning (shown despite no_log) and a line in the controller's system log
    assert ("warn", check["detail"]) in said
    assert ("log", check["detail"]) in said
    assert {c["id"]: c["status"] for c in first["checks"]}["switch.port:0"] == "PASS"

    said.clear()
    second = run(capsys, args)
    assert not [msg for _kind, msg in said if "first use" in msg]
    assert "switch.host_key" not in {c["id"] for c in second["checks"]}
    assert second["host_key"]["status"] == "pinned"
    assert {c["id"]: c["status"] for c in second["checks"]}["switch.port:0"] == "PASS"

    fake.key = OTHER_KEY
    third = run(capsys, args)
    assert [(c["id"], c["status"]) for c in third["checks"]] == [("switch.connect", "ERROR")]
    detail = third["checks"][0]["detail"]
    assert "10.20.0.11 CHANGED" in detail
    assert f"presented ssh-ed25519 {fingerprint(OTHER_KEY[1])}" in detail
    assert f"expected ssh-ed25519 {fingerprint(KEY[1])}" in detail
    assert known_hosts.read_text() == f"10.20.0.11 {key_text(KEY)}\n"  # the first key stays the pin
    assert fake.logins == 2


def test_trust_on_first_use_in_check_mode_records_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    result = run(capsys, unpinned(tmp_path / "state", host_key_policy="trust_first_use"), check_mode=True)
    check = next(c for c in result["checks"] if c["id"] == "switch.host_key")
    assert "would be trusted on first use" in check["detail"]
    assert "check mode: not recorded" in check["detail"]
    assert result["host_key"]["status"] == "would_record"
    assert not (tmp_path / "state").exists()


def test_a_planted_symlink_is_not_written_through(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    target = tmp_path / "elsewhere"
    target.write_text("")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "switch_known_hosts").symlink_to(target)
    result = run(capsys, unpinned(tmp_path / "state", host_key_policy="trust_first_use"))
    assert target.read_text() == ""
    assert result["host_key"]["status"] == "not_recorded"
    assert any("switch_known_hosts not written" in note for note in result["notes"])


def test_operator_pins_win_over_recorded_keys(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSsh(brocade_outputs(), key=OTHER_KEY)
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    (tmp_path / "switch_known_hosts").write_text(f"10.20.0.11 {key_text(KEY)}\n")  # recorded before the re-key
    reviewed = tmp_path / "reviewed_known_hosts"
    reviewed.write_text(f"# reviewed\n10.20.0.0,10.20.0.11 {key_text(OTHER_KEY)}\n")
    result = run(capsys, unpinned(tmp_path, known_hosts_file=str(reviewed)))
    assert result["host_key"]["status"] == "pinned"
    assert f"{reviewed}:2" in result["host_key"]["message"]
    fake.key = KEY
    old = run(capsys, unpinned(tmp_path, known_hosts_file=str(reviewed)))
    assert [(c["id"], c["status"]) for c in old["checks"]] == [("switch.connect", "ERROR")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "known_hosts_file %s unreadable"),
        ("10.20.0.11 ssh-ed25519 AAAA-broken\n", "has lines that are not known_hosts entries"),
    ],
)
def test_an_unreadable_or_broken_pin_file_is_an_error_not_a_first_use(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str | None,
    words: str,
) -> None:
    fake = FakeSsh(brocade_outputs())
    monkeypatch.setattr(switch_ports, "ssh_read", fake)
    pin_file = tmp_path / "known_hosts"
    if content is not None:
        pin_file.write_text(content)
    args = unpinned(tmp_path / "state", known_hosts_file=str(pin_file), host_key_policy="trust_first_use")
    result = run(capsys, args)
    assert [(c["id"], c["status"]) for c in result["checks"]] == [("switch.connect", "ERROR")]
    assert (words % pin_file if "%s" in words else words) in result["checks"][0]["detail"]
    assert fake.calls == []  # not even connected
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"host_key_policy": "trust_first_use"}, "host_key_policy=trust_first_use needs state_dir"),
        ({"host_key": "ssh-ed25519 AAAA-not-a-key"}, "host_key line 1: the key is not base64"),
        ({"host_key_policy": "always"}, "value of host_key_policy must be one of: reject, trust_first_use"),
    ],
)
def test_bad_host_key_options_fail_naming_the_option(
    capsys: pytest.CaptureFixture[str], extra: dict[str, Any], message: str
) -> None:
    result = run(capsys, ssh_args(None, **extra))
    assert result["failed"] is True
    assert message in result["msg"]


# --------------------------------------------------------------------------- SNMP security


V3 = {"host": "sw", "snmp_version": "3", "snmp_user": "healthops"}


@pytest.mark.parametrize(
    ("keys", "level"),
    [({}, "noAuthNoPriv"), ({"auth_key": SECRET}, "authNoPriv")],
)
def test_snmpv3_without_privacy_is_refused_unless_allowed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, keys: dict[str, str], level: str
) -> None:
    monkeypatch.setattr(switch_ports, "snmp_read", fake_snmp_read)
    refused = run(capsys, dict(V3, **keys))
    assert refused["failed"] is True
    assert f"is {level}, so the switch's answers travel unencrypted" in refused["msg"]
    assert "snmp_allow_no_priv=true" in refused["msg"]
    allowed = run(capsys, dict(V3, snmp_allow_no_priv=True, **keys))
    assert "failed" not in allowed
    assert allowed["checks"]
    for check in allowed["checks"]:
        assert f"read with SNMPv3 {level} (snmp_allow_no_priv)" in check["detail"], check


def test_snmpv3_priv_key_without_auth_key_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, dict(V3, priv_key=SECRET, snmp_allow_no_priv=True))
    assert "priv_key needs auth_key" in result["msg"]


def fake_snmp_read(host: str, **kwargs: Any) -> Any:
    system = {"sysName": "sw-snmp", "sysDescr": "test", "sysUpTime": 123_456}
    columns = {"ifName": {"1": b"GE0/0/1"}, "ifAdminStatus": {"1": 1}, "ifOperStatus": {"1": 1}, "ifInErrors": {"1": 0}}
    return system, columns


def test_v2c_says_in_every_detail_that_the_community_went_in_clear(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "snmp_read", fake_snmp_read)
    result = run(capsys, {"host": "sw", "community": SECRET, "expected_ports": ["GE0/0/1"]})
    assert len(result["checks"]) >= 4
    for check in result["checks"]:
        assert "SNMP v2c: the community was sent in clear" in check["detail"], check

    def silent(*_args: Any, **_kwargs: Any) -> Any:
        raise SwitchUnreachable("no SNMP response")

    monkeypatch.setattr(switch_ports, "snmp_read", silent)
    error = run(capsys, {"host": "sw", "community": SECRET})
    assert error["checks"][0]["detail"] == "no SNMP response; read with SNMP v2c: the community was sent in clear"


def test_v3_authpriv_and_ssh_details_carry_no_caveat(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(switch_ports, "snmp_read", fake_snmp_read)
    monkeypatch.setattr(switch_ports, "ssh_read", FakeSsh(brocade_outputs()))
    v3 = run(capsys, dict(V3, auth_key=SECRET, priv_key=SECRET))
    ssh = run(capsys, ssh_args(tmp_path))
    for check in v3["checks"] + ssh["checks"]:
        assert "read with SNMP" not in check["detail"]
