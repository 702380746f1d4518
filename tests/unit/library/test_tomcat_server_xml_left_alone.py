"""library/tomcat_server_xml.py reports what it leaves as the operator set it (issue 15): placeholders stay and
are listed in ``left_alone``, on jwala's real two-Service server.xml (tests/unit/fixtures/tomcat/SOURCES.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("tomcat_server_xml")
JWALA = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat" / "server-jwala-two-services.xml"


def test_placeholders_are_left_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "server.xml"
    shutil.copy(JWALA, target)
    params = {
        "path": str(target),
        "version": "9",
        "connectors": [{"protocol": "http", "port": 8080, "attributes": {"port": 8080, "redirectPort": 8443}}],
        "_ansible_check_mode": True,
        "_ansible_diff": True,
    }
    result, failed = run_module(monkeypatch, module.main, params)
    assert not failed, result
    assert result["changed"] is False
    assert result["left_alone"] == [
        "Connector(HTTP, port 8080): port ${jvm.httpPort} left as it is (a placeholder; inventory: 8080)",
        "Connector(HTTP, port 8080): redirectPort ${jvm.httpsPort} left as it is (a placeholder; inventory: 8443)",
    ]
    assert target.read_bytes() == JWALA.read_bytes()


def test_backups_beside_the_file_are_kept_to_the_declared_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "server.xml"
    shutil.copy(JWALA, target)
    for stamp in ("2026-01-01@00:00:00", "2026-01-02@00:00:00", "2026-01-03@00:00:00"):
        (tmp_path / f"server.xml.1.{stamp}~").write_text("old")
    params = {
        "path": str(target),
        "version": "9",
        "service": "stp",
        "connectors": [{"protocol": "http", "port": 8443, "attributes": {"acceptCount": 300}}],
        "backup": True,
        "backup_keep": 2,
    }
    result, failed = run_module(monkeypatch, module.main, params)
    assert not failed, result
    kept = sorted(p.name for p in tmp_path.glob("server.xml.*~"))
    assert len(kept) == 2
    assert Path(result["backup_file"]).name in kept
    assert "server.xml.1.2026-01-03@00:00:00~" in kept
    assert len(result["backups_removed"]) == 2
