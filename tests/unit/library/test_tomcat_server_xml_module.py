"""library/tomcat_server_xml.py: check mode, diff, backup, idempotence and refusal of unknown attributes."""

from __future__ import annotations

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
