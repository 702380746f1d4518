"""library/tomcat_server_xml.py never shows a secret (issue 15, class 6), in the trust issue's terms: neither the old
nor the new value of any secret attribute appears in --diff (either side), the changes, left_alone or the registered
result. Fixture: Tomcat 11.0.25's stock file (SOURCES.md) with its TLS and AJP connectors enabled as its comments
show, the AJP one given a secret."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("tomcat_server_xml")
STOCK_11 = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat" / "server-11.0.25.xml"
OLD_AJP = "old-ajp-s3cret"


def enabled(tmp_path: Path) -> Path:
    text = STOCK_11.read_text()
    for start in (
        '<Connector port="8443" protocol="org.apache.coyote.http11.Http11NioProtocol"',
        '<Connector protocol="AJP/1.3"',
    ):
        block = re.search(r"<!--\s*\n(\s*" + re.escape(start) + r".*?(?:</Connector>|/>))\s*\n\s*-->", text, re.S)
        assert block, start
        text = text.replace(block.group(0), block.group(1))
    ajp = 'port="8009"\n               redirectPort="8443" />'
    assert text.count(ajp) == 1
    text = text.replace(ajp, ajp[:-3] + f' secret="{OLD_AJP}" />')
    target = tmp_path / "server.xml"
    target.write_text(text)
    return target


@pytest.mark.parametrize("name", ["keystorePass", "truststorePass", "SSLPassword", "certificateKeystorePassword"])
@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "write"])
def test_no_secret_in_diff_changes_or_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, check_mode: bool
) -> None:
    target = enabled(tmp_path)
    params = {
        "path": str(target),
        "version": "11",
        "strict": False,
        "connectors": [
            {"protocol": "http", "port": 8443, "attributes": {name: "new-tls-pass", "acceptCount": 300}},
            {"protocol": "ajp", "port": 8009, "attributes": {"requiredSecret": "new-required"}},
        ],
        "ajp_secret": "new-ajp-s3cret",
        "_ansible_diff": True,
        "_ansible_check_mode": check_mode,
    }
    result, failed = run_module(monkeypatch, module.main, params)
    assert not failed, result
    shown = json.dumps(result)
    for secret in ("changeit", OLD_AJP, "new-ajp-s3cret", "new-tls-pass", "new-required"):
        assert secret not in shown, secret
    assert "Connector(AJP, port 8009): secret ******** -> ******** (changed)" in result["changes"]
    assert 'secret="********"' in result["diff"]["before"]
