"""library/tomcat_port_check.py: before a restart, a connector port another process holds fails the host
with the process named; ports this Tomcat holds pass (ss output recorded in the Molecule image)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils import basic
from healthops_testlib import load_library_module
from module_args import run_module

port_check = load_library_module("tomcat_port_check")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat"


@pytest.fixture
def server_xml(tmp_path: Path) -> Path:
    path = tmp_path / "server.xml"
    shutil.copy(FIXTURES / "server-10.1-debian.xml", path)
    return path


def recorded_ss(monkeypatch: pytest.MonkeyPatch, fixture: str, own: set[int], uids: set[int]) -> list[list[str]]:
    ran: list[list[str]] = []

    def run_command(_self: Any, argv: list[str], **_kwargs: Any) -> tuple[int, str, str]:
        ran.append(argv)
        return 0, (FIXTURES / fixture).read_text(), ""

    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", lambda _self, name, **_kw: "/usr/bin/" + name)
    monkeypatch.setattr(port_check, "unit_pids", lambda _module, _unit: set(own))
    monkeypatch.setattr(port_check, "pid_uids", lambda _pids: set(uids))
    return ran


def test_ports_held_by_this_tomcat_pass(monkeypatch: pytest.MonkeyPatch, server_xml: Path) -> None:
    ran = recorded_ss(monkeypatch, "ss-Hltnpe-10.1-ajp-port-taken.txt", {7}, {997})
    result, failed = run_module(
        monkeypatch,
        port_check.main,
        {"server_xml": str(server_xml), "service_name": "tomcat10", "_ansible_check_mode": True},
    )
    assert not failed, result
    assert [p["port"] for p in result["ports"]] == [8080]
    assert result["conflicts"] == []
    assert result["changed"] is False
    assert ran == [["/usr/bin/ss", "-Hltnpe"]]


def test_a_port_another_process_holds_fails_naming_it(monkeypatch: pytest.MonkeyPatch, server_xml: Path) -> None:
    # Inventory enables AJP on 8009, which python3 (pid 8) holds: configtest would pass, the restart would not bind.
    recorded_ss(monkeypatch, "ss-Hltnpe-10.1-ajp-port-taken.txt", {7}, {997})
    result, failed = run_module(
        monkeypatch, port_check.main, {"server_xml": str(server_xml), "service_name": "tomcat10", "ports": [8080, 8009]}
    )
    assert failed
    assert "port 8009 (inventory) is already held by python3 (pid 8) on 0.0.0.0:8009, not by tomcat10" in result["msg"]
    assert [p["port"] for p in result["ports"]] == [8080, 8009]


def test_a_file_that_cannot_be_read_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recorded_ss(monkeypatch, "ss-Hltnpe-10.1-ajp-port-taken.txt", {7}, {997})
    result, failed = run_module(
        monkeypatch, port_check.main, {"server_xml": str(tmp_path / "missing.xml"), "service_name": "tomcat10"}
    )
    assert failed
    assert "cannot read the ports of" in result["msg"]
