"""library/tomcat_server_xml.py: check mode, diff, backup, idempotence, refusal of unknown attributes and of
numbers out of range, and secrets that never leave the module in clear."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("tomcat_server_xml")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat"


@pytest.fixture
def server_xml(tmp_path: Path) -> Path:
    conf = tmp_path / "etc"
    conf.mkdir()
    target = conf / "server.xml"
    shutil.copy(FIXTURES / "server-10.1-debian.xml", target)
    target.chmod(0o640)
    # Debian's CATALINA_BASE/conf is a link to /etc/tomcat10.
    (tmp_path / "conf").symlink_to(conf)
    return tmp_path / "conf" / "server.xml"


def args(path: Path, **extra: Any) -> dict[str, Any]:
    base = {
        "path": str(path),
        "executor": {"name": "tomcatThreadPool", "maxThreads": 300, "minSpareThreads": 25},
        "connectors": [
            {"protocol": "http", "port": 8080, "attributes": {"executor": "tomcatThreadPool", "acceptCount": 200}},
            {"protocol": "ajp", "port": 8009, "create": True, "attributes": {"address": "127.0.0.1"}},
        ],
        "access_log": {"attributes": {"maxDays": 30}},
        "ajp_secret": "s3cret-from-vault",
    }
    base.update(extra)
    return base


def test_check_mode_reports_the_diff_and_writes_nothing(server_xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = server_xml.read_bytes()
    result, failed = run_module(
        monkeypatch, module.main, args(server_xml, _ansible_check_mode=True, _ansible_diff=True)
    )
    assert not failed, result
    assert result["changed"] is True
    assert server_xml.read_bytes() == original
    assert result["diff"]["before"] == original.decode()
    assert 'maxThreads="300"' in result["diff"]["after"]
    assert result["path"] == os.path.realpath(server_xml)
    assert result["ports_before"] == [8080, None]
    assert "Connector(AJP, port 8009): create" in result["changes"]


def test_writes_with_backup_then_changes_nothing(server_xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = server_xml.read_bytes()
    result, failed = run_module(monkeypatch, module.main, args(server_xml, backup=True))
    assert not failed, result
    assert result["changed"] is True
    assert Path(result["backup_file"]).read_bytes() == original
    text = server_xml.read_text()
    assert 'secret="s3cret-from-vault"' in text
    assert 'acceptCount="200"' in text
    assert server_xml.is_file()
    assert Path(os.path.realpath(server_xml)).parent.name == "etc", "the link must still point at the real file"
    assert oct(Path(os.path.realpath(server_xml)).stat().st_mode & 0o777) == "0o640"

    result, failed = run_module(monkeypatch, module.main, args(server_xml, backup=True))
    assert not failed
    assert result["changed"] is False
    assert result["changes"] == []
    assert "backup_file" not in result


def test_unknown_attribute_fails_before_reading(server_xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = args(server_xml)
    bad["connectors"][0]["attributes"]["maxThread"] = 300
    bad["executor"]["maxIdle"] = 5
    original = server_xml.read_bytes()
    result, failed = run_module(monkeypatch, module.main, bad)
    assert failed
    assert "connectors[0].attributes.maxThread: unknown attribute of the HTTP connector" in result["msg"]
    assert "did you mean maxThreads?" in result["msg"]
    assert "executor.maxIdle: unknown attribute of the Executor" in result["msg"]
    assert server_xml.read_bytes() == original
    bad["strict"] = False
    result, failed = run_module(monkeypatch, module.main, bad)
    assert not failed
    assert 'maxThread="300"' in server_xml.read_text()


def test_broken_file_is_reported_and_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "server.xml"
    target.write_text('<Server><Service name="Catalina"><Connector port="8080"></Service></Server>')
    result, failed = run_module(monkeypatch, module.main, args(target))
    assert failed
    assert result["msg"].startswith(f"{target}: ")
    assert "well-formed" in result["msg"]
    result, failed = run_module(monkeypatch, module.main, args(tmp_path / "missing.xml"))
    assert failed
    assert "cannot read" in result["msg"]


SITE_9 = FIXTURES / "server-9-site-latin1.xml"
# Characters XML escapes, so the escaped form (&amp; &quot; &lt;) must be masked too.
NEW_SECRET = 'n3w&"vault<secret'


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "write"])
def test_secrets_never_appear_in_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_mode: bool) -> None:
    target = tmp_path / "server.xml"
    shutil.copy(SITE_9, target)
    params = {
        "path": str(target),
        "version": 9,
        "connectors": [{"protocol": "ajp", "port": 8009, "attributes": {"packetSize": 8192}}],
        "ajp_secret": NEW_SECRET,
        "_ansible_diff": True,
        "_ansible_check_mode": check_mode,
    }
    result, failed = run_module(monkeypatch, module.main, params)
    assert not failed, result
    shown = json.dumps(result, ensure_ascii=False)
    for secret in (NEW_SECRET, "site-ajp-secret", "changeit"):
        for form in (secret, secret.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")):
            assert form not in shown, form
            assert json.dumps(form)[1:-1] not in shown, form
    assert "Connector(AJP, port 8009): secret ******** -> ******** (changed)" in result["changes"]
    assert 'secret="******** (changed)"' in result["diff"]["after"]
    written = target.read_bytes().decode("iso-8859-1")
    if check_mode:
        assert "site-ajp-secret" in written
    else:
        assert 'secret="n3w&amp;&quot;vault&lt;secret"' in written


def test_secret_values_are_scrubbed_by_ansible_too() -> None:
    params = {
        "ajp_secret": NEW_SECRET,
        "executor": None,
        "access_log": None,
        "connectors": [{"protocol": "http", "attributes": {"keystorePass": "kp-1", "maxThreads": 5}}],
    }
    values = module.secret_values(params)
    assert {NEW_SECRET, "n3w&amp;&quot;vault&lt;secret", "kp-1"} <= values
    assert "5" not in values


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"port": 0}, "connectors[0].port must be >= 1, got 0"),
        ({"port": 70000}, "connectors[0].port must be <= 65535, got 70000"),
        ({"attributes": {"acceptCount": 0}}, "connectors[0].attributes.acceptCount must be >= 1, got 0"),
        ({"attributes": {"port": -1}}, "connectors[0].attributes.port must be >= 1, got -1"),
        ({"attributes": {"connectionTimeout": -5}}, "connectors[0].attributes.connectionTimeout must be >= 1, got -5"),
        ({"attributes": {"maxConnections": "many"}}, "connectors[0].attributes.maxConnections must be an integer"),
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_numbers_out_of_range_are_argument_errors(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, Any], message: str, strict: bool
) -> None:
    params = args(server_xml, strict=strict)
    params["connectors"][0].update(change)
    original = server_xml.read_bytes()
    result, failed = run_module(monkeypatch, module.main, params)
    assert failed
    assert message in result["msg"]
    assert result["msg"].count(message) == 1
    assert server_xml.read_bytes() == original


@pytest.mark.parametrize(
    ("where", "attributes", "message"),
    [
        ("executor", {"name": "pool", "maxThreads": 0}, "executor.maxThreads must be >= 1, got 0"),
        ("executor", {"name": "pool", "minSpareThreads": -1}, "executor.minSpareThreads must be >= 0, got -1"),
        ("access_log", {"attributes": {"maxDays": 0}}, "access_log.attributes.maxDays must be >= 1, got 0"),
    ],
)
def test_numbers_of_the_executor_and_access_log(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch, where: str, attributes: dict[str, Any], message: str
) -> None:
    result, failed = run_module(monkeypatch, module.main, args(server_xml, **{where: attributes}))
    assert failed
    assert message in result["msg"]


def test_no_limit_and_property_references_are_numbers_tomcat_accepts(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = args(server_xml, access_log={"attributes": {"maxDays": -1}})
    params["connectors"][0]["attributes"].update({"maxConnections": -1, "connectionTimeout": "${http.timeout}"})
    result, failed = run_module(monkeypatch, module.main, params)
    assert not failed, result
