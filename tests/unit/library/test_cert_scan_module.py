"""library/cert_scan.py on files written here: nginx includes, Tomcat's base, keys that never leave, DER, errors."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from certlab import TestCA, pem
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from healthops_testlib import load_library_module
from module_args import run_module

cert_scan = load_library_module("cert_scan")


@pytest.fixture
def host(tmp_path: Path) -> dict[str, object]:
    ca = TestCA(tmp_path)
    key, leaf = ca.leaf("app.test")
    key_pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    tls = tmp_path / "tls"
    tls.mkdir()
    (tls / "combined.pem").write_text(key_pem + pem(leaf, ca.inter))  # key and chain in one file
    (tls / "device.der").write_bytes(leaf.public_bytes(Encoding.DER))
    nginx = tmp_path / "nginx"
    (nginx / "sites-enabled").mkdir(parents=True)
    (nginx / "nginx.conf").write_text("http {\n  include sites-enabled/*;\n}\n")
    (nginx / "sites-enabled" / "app").write_text(
        f"server {{ listen 443 ssl; server_name app.test www.app.test *.app.test;\n"
        f"  ssl_certificate {tls / 'combined.pem'}; ssl_certificate_key {tls / 'combined.pem'}; }}\n"
        f"server {{ listen 127.0.0.1:8443 ssl; ssl_certificate {tls / 'combined.pem'}; }}\n"
    )
    base = tmp_path / "tomcat10"
    (base / "conf").mkdir(parents=True)
    (base / "conf" / "server.xml").write_text(
        '<Server><Service name="Catalina"><Connector port="8443" SSLEnabled="true"><SSLHostConfig>'
        '<Certificate certificateKeystoreFile="conf/ks.p12" certificateKeystorePassword="changeit"/>'
        "</SSLHostConfig></Connector></Service></Server>"
    )
    (tmp_path / "tomcat-current").symlink_to(base)  # the same Tomcat reached twice: read once
    return {"tmp": tmp_path, "tls": tls, "nginx": nginx, "key_pem": key_pem, "leaf": leaf}


def run(monkeypatch: pytest.MonkeyPatch, args: dict[str, object]) -> dict[str, object]:
    result, failed = run_module(monkeypatch, cert_scan.main, args)
    assert not failed, result
    return result


def test_finds_endpoints_and_reads_certificates_but_never_keys(
    monkeypatch: pytest.MonkeyPatch, host: dict[str, object]
) -> None:
    tmp, tls, nginx = host["tmp"], host["tls"], host["nginx"]
    result = run(
        monkeypatch,
        {
            "nginx_config": [str(nginx / "nginx.conf")],
            "tomcat_server_xml": [f"{tmp}/tomcat*/conf/server.xml"],
            "files": [{"path": f"{tls}/*.der", "check_chain": False}, {"path": f"{tmp}/missing.pem"}],
            "_ansible_check_mode": True,
        },
    )
    assert result["changed"] is False
    endpoints = [(e["port"], e["listen"], e["server_name"], e["source"].split(":")[0]) for e in result["endpoints"]]
    assert endpoints == [
        (443, "", "app.test", "nginx"),
        (443, "", "www.app.test", "nginx"),
        (8443, "127.0.0.1", None, "nginx"),
        (8443, "", None, "tomcat"),
    ]
    files = {f["path"]: f for f in result["files"]}
    assert list(files) == [
        f"{tls}/device.der",
        f"{tmp}/missing.pem",
        f"{tls}/combined.pem",
        f"{tmp}/tomcat-current/conf/ks.p12",
    ]
    der = files[f"{tls}/device.der"]
    assert der["check_chain"] is False
    assert base64.b64decode("".join(der["certificates"][0].splitlines()[1:-1])) == host["leaf"].public_bytes(
        Encoding.DER
    )
    combined = files[f"{tls}/combined.pem"]
    assert len(combined["certificates"]) == 2
    assert "PRIVATE KEY" not in repr(result)
    assert host["key_pem"].splitlines()[1] not in repr(result)
    assert "No such file" in files[f"{tmp}/missing.pem"]["error"]
    keystores = [f for f in result["files"] if f["keystore"]]
    assert len(keystores) == 1
    assert keystores[0]["certificates"] == []
    assert result["sources"][str(nginx / "nginx.conf")] == "read"
    assert result["sources"][str(nginx / "sites-enabled" / "app")] == "read"


def test_nothing_installed_is_no_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = run(
        monkeypatch,
        {"nginx_config": [str(tmp_path / "nginx.conf")], "tomcat_server_xml": [str(tmp_path / "*/server.xml")]},
    )
    assert result["endpoints"] == []
    assert result["files"] == []
    assert result["sources"] == {str(tmp_path / "nginx.conf"): "absent"}


def test_a_large_or_certificate_less_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "big.pem").write_text("x" * 5000)
    (tmp_path / "empty.pem").write_text("no certificate here\n")
    result = run(
        monkeypatch,
        {
            "nginx_config": [],
            "tomcat_server_xml": [],
            "files": [{"path": str(tmp_path / "big.pem")}, {"path": str(tmp_path / "empty.pem")}],
            "max_file_size": 4096,
        },
    )
    errors = [f["error"] for f in result["files"]]
    assert "larger than 4096 bytes" in errors[0]
    assert "holds no certificate" in errors[1]


def test_a_broken_server_xml_is_named_in_the_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "server.xml").write_text("<Server>")
    result = run(monkeypatch, {"nginx_config": [], "tomcat_server_xml": [str(tmp_path / "conf" / "server.xml")]})
    assert "not well-formed" in result["sources"][str(tmp_path / "conf" / "server.xml")]
