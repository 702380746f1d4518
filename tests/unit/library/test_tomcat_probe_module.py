"""library/tomcat_probe.py: one call assembles every check, with the host's I/O replaced by recordings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ansible.module_utils.healthops_result import validate_check
from healthops_testlib import load_library_module
from module_args import run_module

probe = load_library_module("tomcat_probe")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat"


class RecordedHttp:
    """Answers like the recorded Tomcat 10.1; every URL asked is kept."""

    asked: ClassVar[list[str]] = []

    def __init__(self, timeout: int, user: str = "", password: str = "") -> None:
        self.user = user

    def get(self, url: str, auth: bool = False) -> tuple[Any, Any, bytes, Any]:
        RecordedHttp.asked.append(url)
        if url.endswith("/status?XML=true"):
            return 200, 5.0, (FIXTURES / "status-10.1.xml").read_bytes(), None
        if url.endswith("/text/list"):
            return 200, 5.0, (FIXTURES / "manager-list-10.1.txt").read_bytes(), None
        if url.startswith("http://127.0.0.1:8080/"):
            return 200, 12.5, b"<html/>", None
        return None, None, b"", "Connection refused"


@pytest.fixture
def tomcat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "base"
    (base / "conf").mkdir(parents=True)
    shutil.copy(FIXTURES / "server-10.1-debian.xml", base / "conf" / "server.xml")
    (tmp_path / "catalina.out").write_text("22-Nov-2026 16:41:02.123 INFO [main] Server startup in [2773] ms\n")
    comms = (FIXTURES / "proc-comms-10.1.txt").read_text().splitlines()
    monkeypatch.setattr(probe, "find_pids", lambda _base: [4242])
    monkeypatch.setattr(probe, "process_facts", lambda _pid: (3600.0, "tomcat", comms, 180, 16384, ""))
    monkeypatch.setattr(probe, "Http", RecordedHttp)
    RecordedHttp.asked = []
    return tmp_path


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result["checks"]}


def test_without_the_manager(tomcat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = str(tomcat / "catalina.out")
    result, failed = run_module(
        monkeypatch, probe.main, {"base": str(tomcat / "base"), "log_files": [log], "_ansible_check_mode": True}
    )
    assert not failed, result
    assert result["changed"] is False
    checks = by_id(result)
    assert all(validate_check(c) == [] for c in result["checks"])
    assert checks["tomcat.process"]["status"] == "PASS"
    assert checks["tomcat.http"]["value"] == 12.5
    # 10 worker threads of the recorded process against the connector's default maxThreads 200.
    assert checks["tomcat.threads:http-nio-8080"]["value"] == 5.0
    assert checks["tomcat.open_files"]["detail"] == "180 open of LimitNOFILE 16384"
    assert checks["tomcat.apps"]["status"] == "INFO"
    assert checks[f"tomcat.log_severe:{log}"]["status"] == "PASS"
    assert not any("manager" in url for url in RecordedHttp.asked)
    assert result["pid"] == 4242
    assert result["state"]["logs"][log]["offset"] == (tomcat / "catalina.out").stat().st_size
    assert result["connectors"][0]["name"] == "http-nio-8080"


def test_with_the_manager_and_the_previous_state(tomcat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = str(tomcat / "catalina.out")
    first, _ = run_module(monkeypatch, probe.main, {"base": str(tomcat / "base"), "log_files": [log]})
    with Path(log).open("a") as handle:
        handle.write("22-Nov-2026 17:00:00.000 SEVERE [exec-3] boom\n")
    args = {
        "base": str(tomcat / "base"),
        "log_files": [log],
        "status_user": "probe",
        "status_password": "from-vault",
        "expected_apps": ["/", "/billing"],
        "previous_state": first["state"],
        "heap_dump_dir": str(tomcat / "heapdump"),
        "thresholds": {"tomcat_severe_lines": {"warn": 1, "fail": 1}, "oracle_tablespace": {"warn": 1}},
    }
    result, failed = run_module(monkeypatch, probe.main, args)
    assert not failed, result
    checks = by_id(result)
    assert checks["tomcat.threads:http-nio-8080"]["detail"].startswith("1 busy of maxThreads 200")
    assert checks["tomcat.heap_used"]["status"] == "PASS"
    assert checks["tomcat.app:/manager"]["status"] == "PASS"
    assert checks["tomcat.app:/billing"]["status"] == "FAIL"
    assert (checks[f"tomcat.log_severe:{log}"]["status"], checks[f"tomcat.log_severe:{log}"]["value"]) == ("FAIL", 1)
    assert checks["tomcat.heap_dumps"]["status"] == "PASS"
    assert "http://127.0.0.1:8080/manager/status?XML=true" in RecordedHttp.asked


def test_bad_threshold_fails_naming_it(tomcat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run_module(
        monkeypatch, probe.main, {"base": str(tomcat / "base"), "thresholds": {"resource_limit": {"warn": 120}}}
    )
    assert failed
    assert "thresholds.resource_limit.warn is a percentage" in result["msg"]


def test_tomcat_down(tomcat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe, "find_pids", lambda _base: [])
    result, failed = run_module(
        monkeypatch, probe.main, {"base": str(tomcat / "base"), "url": "http://127.0.0.1:8081/"}
    )
    assert not failed
    checks = by_id(result)
    assert checks["tomcat.process"]["status"] == "FAIL"
    assert checks["tomcat.http"]["status"] == "FAIL"
    assert checks["tomcat.threads:http-nio-8080"]["status"] == "ERROR"
    assert checks["tomcat.open_files"]["status"] == "ERROR"
