"""library/cert_audit.py (run in-process by plugins/action/cert_audit.py): endpoints merged, inputs refused.

Handshakes here only go to a closed port of 127.0.0.1; the TLS servers are in
tests/integration/test_cert_audit_tls.py.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from certlab import TestCA, pem
from healthops_testlib import load_library_module

cert_audit = load_library_module("cert_audit")


def params(**kw: Any) -> dict[str, Any]:
    base = {
        "address": "10.0.0.1",
        "hostname": None,
        "endpoints": [],
        "discovered": [],
        "files": [],
        "scan_error": "",
        "sources": {},
        "ca_file": None,
        "expect_ca": True,
        "min_rsa_bits": 2048,
        "min_ec_bits": 256,
        "timeout": 2,
        "revocation": False,
        "revocation_soft_fail": True,
        "thresholds": {},
    }
    base.update(kw)
    return base


def test_inventory_and_discovered_endpoints_are_merged_once() -> None:
    endpoints, skipped = cert_audit.unique_endpoints(
        params(
            hostname="app01.example",
            endpoints=[
                {"port": 443, "server_name": "yw.example", "address": None, "hostname": None, "name": None},
                {"port": 8443, "address": "10.9.9.9", "server_name": None, "hostname": None, "name": "lb"},
            ],
            discovered=[
                {"port": 443, "listen": "", "server_name": "yw.example", "source": "nginx:/etc/nginx/nginx.conf"},
                {"port": 443, "listen": "::", "server_name": "yw.example", "source": "nginx:/etc/nginx/nginx.conf"},
                {"port": 8443, "listen": "", "server_name": None, "source": "tomcat:/opt/tomcat/conf/server.xml"},
                {"port": 8005, "listen": "127.0.0.1", "server_name": None, "source": "tomcat:/x"},
            ],
        )
    )
    found = [(e["address"], e["port"], e["server_name"], e["hostname"], e["name"], e["source"]) for e in endpoints]
    assert found == [
        ("10.0.0.1", 443, "yw.example", "yw.example", "yw.example:443", "inventory"),
        ("10.9.9.9", 8443, None, "app01.example", "lb", "inventory"),
        ("10.0.0.1", 8443, None, "app01.example", "10.0.0.1:8443", "tomcat:/opt/tomcat/conf/server.xml"),
    ]
    assert [(s["port"], s["reason"]) for s in skipped] == [(8005, "listens on a loopback address only")]


def test_a_bad_threshold_stops_the_call_naming_it() -> None:
    with pytest.raises(cert_audit.ModuleError, match="cert_days_to_expiry"):
        cert_audit.execute(params(thresholds={"cert_days_to_expiry": {"warn": 5, "fail": 10}}), False)
    with pytest.raises(cert_audit.ModuleError, match="no_such"):
        cert_audit.execute(params(thresholds={"no_such": {"warn": 1}}), False)


def test_an_unreadable_ca_file_stops_the_call(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("not a certificate\n")
    with pytest.raises(cert_audit.ModuleError, match="ca_file"):
        cert_audit.execute(params(ca_file=str(tmp_path / "ca.pem")), False)
    with pytest.raises(cert_audit.ModuleError, match="ca_file"):
        cert_audit.execute(params(ca_file=str(tmp_path / "missing.pem")), False)


def test_one_call_checks_endpoints_files_and_reports_a_failed_scan(tmp_path: Path) -> None:
    ca = TestCA(tmp_path)
    _key, leaf = ca.leaf("app.test", 3)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    result = cert_audit.execute(
        params(
            address="127.0.0.1",
            ca_file=str(ca.ca_file),
            scan_error="unreachable: ssh: connect to host timed out",
            sources={
                "/etc/nginx/nginx.conf": "read",
                "/etc/nginx/x.conf": "absent",
                "/var/lib/tomcat10/conf/server.xml": "[Errno 13] Permission denied",
            },
            endpoints=[{"port": closed, "address": None, "server_name": None, "hostname": None, "name": None}],
            files=[{"path": "/etc/tls/app.pem", "certificates": [pem(leaf, ca.inter)], "check_chain": True}],
            thresholds={"cert_days_to_expiry": {"warn": 40, "fail": 2}},
        ),
        True,
    )
    status = {c["id"]: c["status"] for c in result["checks"]}
    assert status["cert.scan"] == "ERROR"
    assert [k for k in status if k.startswith("cert.config:")] == ["cert.config:/var/lib/tomcat10/conf/server.xml"]
    assert status["cert.config:/var/lib/tomcat10/conf/server.xml"] == "ERROR"
    assert status[f"cert.connect:127.0.0.1:{closed}"] == "ERROR"
    assert status["cert.expiry:/etc/tls/app.pem"] == "WARN"  # 3 days: under 40, not under 2
    assert status["cert.chain:/etc/tls/app.pem"] == "PASS"
    assert result["changed"] is False
    assert result["files"][0]["serial"] == format(leaf.serial_number, "X")
