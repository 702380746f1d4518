"""library/tomcat_probe.py: one call assembles every check, with the host's I/O replaced by recordings;
numbers out of range are argument errors; credentials never follow a redirect to another origin."""

from __future__ import annotations

import base64
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ansible.module_utils.healthops.common.result import validate_check
from ansible.module_utils.healthops.tomcat.fetch import origin
from healthops_testlib import load_library_module
from module_args import run_module
from zh_record import english_findings, english_lines

probe = load_library_module("tomcat_probe")
REAL_HTTP = probe.Http
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
    assert english_findings(result["checks"]) == []  # the zh record says it in Chinese
    assert english_lines(result["checks"]) == []  # every line of it


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
    assert english_findings(result["checks"]) == []


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("timeout", -1, "timeout must be >= 1, got -1"),
        ("timeout", 0, "timeout must be >= 1, got 0"),
        ("timeout", 86400, "timeout must be <= 3600, got 86400"),
        ("max_log_bytes", 0, "max_log_bytes must be >= 1, got 0"),
        ("max_log_bytes", -4096, "max_log_bytes must be >= 1, got -4096"),
    ],
)
def test_numbers_out_of_range_are_argument_errors(
    tomcat: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: int, message: str
) -> None:
    result, failed = run_module(monkeypatch, probe.main, {"base": str(tomcat / "base"), option: value})
    assert failed
    assert result["msg"] == message
    assert "checks" not in result, "an argument error is not a check about Tomcat"
    assert RecordedHttp.asked == [], "nothing may be asked before the arguments are accepted"


# ------------------------------------------------------------------ redirects and credentials

CREDENTIALS = "probe:from-vault"


class Recorder(BaseHTTPRequestHandler):
    """Answers GETs: /elsewhere/* redirects to ``target`` (another origin), /here/* to the same server's
    /final, anything else 200; every request is kept with its Authorization header."""

    seen: ClassVar[list[tuple[int, str, str | None]]] = []
    target = ""

    def do_GET(self) -> None:
        Recorder.seen.append((self.server.server_address[1], self.path, self.headers.get("Authorization")))
        if self.path.startswith("/elsewhere"):
            self.send_response(302)
            self.send_header("Location", Recorder.target + self.path)
        elif self.path.startswith("/here"):
            self.send_response(302)
            self.send_header("Location", "/final")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def serve() -> tuple[HTTPServer, str]:
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def two_origins() -> Iterator[tuple[str, str, int]]:
    """(url of the manager's server, url of another port on 127.0.0.1, that port)."""
    manager, manager_url = serve()
    other, other_url = serve()
    Recorder.seen = []
    Recorder.target = other_url
    yield manager_url, other_url, other.server_address[1]
    manager.shutdown()
    other.shutdown()
    manager.server_close()
    other.server_close()


def test_credentials_are_not_sent_to_a_redirect_on_another_port(two_origins: tuple[str, str, int]) -> None:
    manager_url, _other_url, other_port = two_origins
    http = REAL_HTTP(5, "probe", "from-vault")
    code, _ms, _body, error = http.get(manager_url + "/elsewhere/status?XML=true", auth=True)
    assert (code, error) == (302, None), "the redirect is the answer"
    sent = [auth for port, _path, auth in Recorder.seen if port == other_port]
    assert sent == [], f"the other origin was asked (with {sent})"
    token = "Basic " + base64.b64encode(CREDENTIALS.encode()).decode()
    assert Recorder.seen[0][2] == token, "the manager itself gets the credentials"


def test_same_origin_redirect_keeps_the_credentials(two_origins: tuple[str, str, int]) -> None:
    manager_url, _other_url, _port = two_origins
    code, _ms, _body, error = REAL_HTTP(5, "probe", "from-vault").get(manager_url + "/here/manager", auth=True)
    assert (code, error) == (200, None)
    token = "Basic " + base64.b64encode(CREDENTIALS.encode()).decode()
    assert [(path, auth) for _port, path, auth in Recorder.seen] == [("/here/manager", token), ("/final", token)]


def test_the_probe_reports_a_manager_redirect_it_did_not_follow(
    tomcat: Path, monkeypatch: pytest.MonkeyPatch, two_origins: tuple[str, str, int]
) -> None:
    manager_url, _other_url, other_port = two_origins
    monkeypatch.setattr(probe, "Http", REAL_HTTP)
    params = {
        "base": str(tomcat / "base"),
        "url": manager_url + "/",
        "manager_url": manager_url + "/elsewhere/manager",
        "status_user": "probe",
        "status_password": "from-vault",
        "timeout": 5,
    }
    result, failed = run_module(monkeypatch, probe.main, params)
    assert not failed, result
    assert not [seen for seen in Recorder.seen if seen[0] == other_port], Recorder.seen
    heap = by_id(result)["tomcat.heap_used"]
    assert heap["status"] == "ERROR"
    assert "HTTP 302, a redirect to another host, port or scheme, not followed" in heap["detail"]
    assert by_id(result)["tomcat.http"]["status"] == "PASS"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("http://127.0.0.1:8080/manager", "http://127.0.0.1:8080/x", True),
        ("http://LOCALHOST/manager", "http://localhost:80/x", True),
        ("http://127.0.0.1:8080/manager", "http://127.0.0.1:8081/manager", False),
        ("http://127.0.0.1:8080/manager", "https://127.0.0.1:8080/manager", False),
        ("http://127.0.0.1:8080/manager", "http://10.0.0.9:8080/manager", False),
    ],
)
def test_origin(a: str, b: str, same: bool) -> None:
    assert (origin(a) == origin(b)) is same


def test_connectors_in_an_external_entity_are_named_not_silently_missing(
    tomcat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tomcat 11.0.25's stock file (SOURCES.md) with its connectors moved to an entity, as the Chef cookbook does."""
    text = (FIXTURES / "server-11.0.25.xml").read_text()
    text = text.replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE server-xml [\n'
        '  <!ENTITY connectors SYSTEM "connectors.xml">\n]>\n',
    )
    start = text.index('    <Connector port="8080"')
    text = text[:start] + "    &connectors;\n" + text[text.index("/>", start) + 3 :]
    (tomcat / "base" / "conf" / "server.xml").write_text(text)
    result, failed = run_module(monkeypatch, probe.main, {"base": str(tomcat / "base")})
    assert not failed, result
    check = by_id(result)["tomcat.threads"]
    assert check["status"] == "ERROR"
    assert "declares no Connector; its external entities (connectors.xml) are not read" in check["detail"]


def fake_proc(root: Path, pid: int, stdout: str, environ: dict[str, str]) -> None:
    """/proc/<pid> as console_facts reads it: fd/1 (a link to a file, or socket:[n] as under systemd) and environ."""
    (root / str(pid) / "fd").mkdir(parents=True)
    (root / str(pid) / "fd" / "1").symlink_to(stdout)
    (root / str(pid) / "environ").write_bytes(b"".join(f"{k}={v}\0".encode() for k, v in environ.items()))


def test_console_facts_read_stdout_and_catalina_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe, "PROC", str(tmp_path / "proc"))
    fake_proc(tmp_path / "proc", 4242, "socket:[31337]", {"PATH": "/usr/bin", "CATALINA_OUT": "/srv/console.out"})
    console = probe.console_facts(4242, "/opt/tomcat")
    assert console == {
        "pid": 4242,
        "base": "/opt/tomcat",
        "stdout": "socket:[31337]",
        "catalina_out": "/srv/console.out",
        "source": "the environment of pid 4242",
    }
    # No process: CATALINA_OUT as bin/setenv.sh sets it (the last plain assignment; $CATALINA_BASE expanded).
    base = tmp_path / "base"
    (base / "bin").mkdir(parents=True)
    setenv = base / "bin" / "setenv.sh"
    setenv.write_text('CATALINA_OUT=/tmp/first.out\nexport CATALINA_OUT="$CATALINA_BASE/logs/console.out"  # site\n')
    console = probe.console_facts(None, str(base))
    assert (console["stdout"], console["catalina_out"]) == (None, f"{base}/logs/console.out")
    assert console["source"] == str(setenv)
    setenv.write_text("CATALINA_OUT=${LOG_ROOT}/catalina.out\n")  # another variable: not guessed
    assert probe.console_facts(None, str(base))["catalina_out"] is None


def test_a_tomcat_logging_to_the_journal_is_read_from_its_daily_log(
    tomcat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Debian's tomcat10 as the lab's web host runs it: systemd sends the console to the journal, no catalina.out;
    Tomcat's own catalina.<date>.log is in the same directory."""
    monkeypatch.setattr(probe, "PROC", str(tomcat / "proc"))
    fake_proc(tomcat / "proc", 4242, "socket:[31337]", {"CATALINA_BASE": str(tomcat / "base")})
    (tomcat / "catalina.out").unlink()
    daily = tomcat / "catalina.2026-11-22.log"
    daily.write_text("22-Nov-2026 16:41:02.123 SEVERE [main] Context [/billing] startup failed\n")
    log = str(tomcat / "catalina.out")
    result, failed = run_module(monkeypatch, probe.main, {"base": str(tomcat / "base"), "log_files": [log]})
    assert not failed, result
    severe = by_id(result)[f"tomcat.log_severe:{log}"]
    assert (severe["status"], severe["value"]) == ("WARN", 1)
    assert f"{log} not found, read {daily} instead: Tomcat's stdout is socket:[31337]" in severe["detail"]
    assert result["state"]["logs"][log]["offset"] == daily.stat().st_size
    assert english_lines(result["checks"]) == []
    # Tomcat's own log gone too: INFO with the reason, not an ERROR.
    daily.unlink()
    result, failed = run_module(monkeypatch, probe.main, {"base": str(tomcat / "base"), "log_files": [log]})
    assert by_id(result)[f"tomcat.log_severe:{log}"]["status"] == "INFO"
    assert english_lines(result["checks"]) == []
