"""The certificate audit against TLS servers on 127.0.0.1 serving a test CA made here (tests/certlab.py).

1. healthops.certs.tls.fetch_chain: a healthy server verifies and presents leaf and intermediate; a server
   without its intermediate, or with a name its certificate does not cover, fails verification and its chain
   is read all the same, with the reason; a closed port is an error, not a chain.
2. playbooks/cert_audit.yml end to end, the hosts reached with the local connection: endpoints found in an
   nginx configuration and a Tomcat server.xml written here, endpoints and a device certificate file listed
   in inventory, an appliance with no SSH (cert_audit_scan false). report.json holds each endpoint with its
   days to expiry and each bad case with its check: expiring WARN and FAIL, expired, incomplete chain,
   host name mismatch, 1024-bit key, a closed port ERROR; the healthy endpoint PASSes everything.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import healthops_testlib
import pytest
import yaml
from ansible.module_utils.healthops.certs.tls import fetch_chain
from certlab import TestCA, TLSServer
from cryptography.hazmat.primitives.asymmetric import rsa

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


class CRLServer(http.server.ThreadingHTTPServer):
    """Serves the test CA's CRL at /pki/crl on 127.0.0.1; the OCSP URL (/pki/ocsp) answers 404."""

    def __init__(self) -> None:
        super().__init__((LOOPBACK, 0), CRLHandler)
        self.crl = b""
        self.asked: list[str] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()


class CRLHandler(http.server.BaseHTTPRequestHandler):
    server: CRLServer

    def _answer(self) -> None:
        self.server.asked.append(self.path)
        body = self.server.crl if self.path == "/pki/crl" else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    def log_message(self, *_args: Any) -> None:  # quiet
        pass


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("certlab")
    ca = TestCA(tmp)
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the weak key under test
    crl_server = CRLServer()
    pki = f"http://{LOOPBACK}:{crl_server.server_address[1]}/pki"
    cases = {
        "good": (ca.leaf("good.test", 200), True),
        "warn": (ca.leaf("warn.test", 20), True),
        "fail": (ca.leaf("fail.test", 3), True),
        "expired": (ca.leaf("expired.test", -2), True),
        "nochain": (ca.leaf("nochain.test", 200), False),
        "mismatch": (ca.leaf("other.test", 200), True),
        "weak": (ca.leaf("weak.test", 200, key=weak), True),
        "revoked": (ca.leaf("revoked.test", 200, revocation_url=pki), True),
    }
    crl_server.crl = ca.crl([cases["revoked"][0][1].serial_number])
    servers, files = {}, {}
    for label, ((key, cert), with_chain) in cases.items():
        files[label] = ca.write(label, key, [cert, ca.inter] if with_chain else [cert])
        servers[label] = TLSServer(*files[label])
    found = {"ca": ca, "servers": servers, "files": files, "tmp": tmp, "crl_server": crl_server}
    found["conf"] = write_configs(found)
    try:
        yield found
    finally:
        for server in servers.values():
            server.stop()
        crl_server.shutdown()
        crl_server.server_close()


def test_a_healthy_server_verifies_and_presents_its_chain(lab: dict[str, Any]) -> None:
    got = fetch_chain(LOOPBACK, lab["servers"]["good"].port, "good.test", str(lab["ca"].ca_file), timeout=5)
    assert got["verified"] is True, got
    assert got["verify_error"] == ""
    assert len(got["presented"]) == 2
    assert got["protocol"].startswith("TLS")


def test_a_missing_intermediate_fails_verification_and_the_chain_is_still_read(lab: dict[str, Any]) -> None:
    got = fetch_chain(LOOPBACK, lab["servers"]["nochain"].port, "nochain.test", str(lab["ca"].ca_file), timeout=5)
    assert got["verified"] is False
    assert "issuer" in got["verify_error"]
    assert len(got["presented"]) == 1
    assert "error" not in got


def test_a_name_the_certificate_does_not_cover_fails_verification(lab: dict[str, Any]) -> None:
    got = fetch_chain(LOOPBACK, lab["servers"]["mismatch"].port, "good.test", str(lab["ca"].ca_file), timeout=5)
    assert got["verified"] is False
    assert "mismatch" in got["verify_error"].lower()
    assert len(got["presented"]) == 2


def test_a_server_signed_by_another_ca_is_not_verified(lab: dict[str, Any], tmp_path: Path) -> None:
    other = TestCA(tmp_path)  # the controller trusts another CA: the same server is refused
    got = fetch_chain(LOOPBACK, lab["servers"]["good"].port, "good.test", str(other.ca_file), timeout=5)
    assert got["verified"] is False
    assert len(got["presented"]) == 2


def test_a_closed_port_is_an_error_without_a_chain() -> None:
    got = fetch_chain(LOOPBACK, closed_port(), None, None, timeout=5)
    assert got["presented"] == []
    assert "ConnectionRefused" in got["error"]


def write_configs(lab: dict[str, Any]) -> dict[str, Any]:
    tmp, servers, files = lab["tmp"], lab["servers"], lab["files"]
    (tmp / "nginx" / "sites").mkdir(parents=True)
    (tmp / "nginx" / "nginx.conf").write_text("events {}\nhttp {\n    include sites/*.conf;\n}\n")
    (tmp / "nginx" / "sites" / "app.conf").write_text(
        f"""# the healthy site and one whose certificate names another host
server {{
    listen {servers["good"].port} ssl;
    server_name good.test;
    ssl_certificate {files["good"][0]};
    ssl_certificate_key {files["good"][1]};
}}
server {{
    listen {servers["mismatch"].port} ssl;
    server_name mismatch.test;
    ssl_certificate {files["mismatch"][0]};
}}
server {{
    listen 127.0.0.1:{servers["good"].port} ssl;  # loopback only: not reachable from the controller
    server_name internal.test;
}}
"""
    )
    base = tmp / "tomcat"
    (base / "conf").mkdir(parents=True)
    (base / "conf" / "warn.pem").write_text(files["warn"][0].read_text())
    (base / "conf" / "server.xml").write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="{closed_port()}" protocol="HTTP/1.1"/>
    <Connector port="{servers["warn"].port}" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true">
      <SSLHostConfig hostName="warn.test">
        <Certificate certificateFile="conf/warn.pem" certificateKeyFile="conf/warn.key" type="EC"/>
      </SSLHostConfig>
    </Connector>
  </Service>
</Server>
"""
    )
    # a second Tomcat whose server.xml cannot be read (not well-formed): named, not silently skipped
    (tmp / "tomcat-broken" / "conf").mkdir(parents=True)
    (tmp / "tomcat-broken" / "conf" / "server.xml").write_text("<Server><Service>")
    # a device certificate (with its key in the same file: the key must not leave the host)
    device = tmp / "device.pem"
    device.write_text(files["fail"][0].read_text() + files["fail"][1].read_text())
    return {
        "nginx": str(tmp / "nginx" / "nginx.conf"),
        "server_xml": str(base / "conf" / "server.xml"),
        "device": device,
    }


def run_playbook(
    lab: dict[str, Any], run_id: str, playbook: str = "cert_audit.yml"
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    tmp, servers = lab["tmp"], lab["servers"]
    conf = lab["conf"]
    # the preflight accepts a host interpreter, not the controller's venv
    local = {"ansible_connection": "local", "ansible_python_interpreter": "/usr/bin/python3"}
    inventory = {
        "all": {
            "hosts": {"localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}},
            "vars": {
                "healthops_report_dir": str(tmp / "reports"),
                "healthops_state_dir": str(tmp / "state"),
                "cert_audit_ca_file": str(lab["ca"].ca_file),
            },
            "children": {
                "linux_servers": {"hosts": {"web1": None}},
                "web_servers": {
                    "hosts": {
                        "web1": dict(
                            local,
                            cert_audit_address=LOOPBACK,
                            cert_audit_nginx_config=[conf["nginx"]],
                            cert_audit_tomcat_server_xml=[conf["server_xml"], f"{tmp}/tomcat-broken/conf/server.xml"],
                            cert_audit_files=[{"path": str(conf["device"]), "check_chain": False}],
                            cert_audit_endpoints=[
                                {"port": servers["fail"].port, "server_name": "fail.test"},
                                {"port": servers["expired"].port, "server_name": "expired.test"},
                                {"port": servers["nochain"].port, "server_name": "nochain.test"},
                                {"port": closed_port(), "name": "closed"},
                            ],
                        )
                    }
                },
                "appliances": {
                    "hosts": {
                        "appliance1": {
                            "ansible_host": LOOPBACK,
                            "cert_audit_scan": False,
                            "cert_audit_thresholds": {"cert_days_to_expiry": {"warn": 300, "fail": 10}},
                            "cert_audit_revocation": True,
                            "cert_audit_endpoints": [
                                {"port": servers["weak"].port, "server_name": "weak.test"},
                                {"port": servers["revoked"].port, "server_name": "revoked.test"},
                            ],
                        },
                        "db1": local,  # nothing to audit: not in the report
                    }
                },
            },
        }
    }
    inventory_file = tmp / f"inventory-{run_id}.yml"
    inventory_file.write_text(yaml.safe_dump(inventory))
    proc = healthops_testlib.run_playbook(inventory_file, playbook, {"healthops_run_id": run_id}, tmp)
    return proc, healthops_testlib.run_report(proc, tmp / "reports", run_id)


def host_checks(report: dict[str, Any], host: str) -> dict[str, dict[str, Any]]:
    entry = next(h for h in report["hosts"] if h["host"] == host)
    return {c["id"]: c for c in entry["checks"]}


def test_the_playbook_reports_every_endpoint_and_each_bad_case(lab: dict[str, Any]) -> None:
    servers = lab["servers"]
    proc, report = run_playbook(lab, "certs-1")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, "FAIL and ERROR checks make the run exit non-zero"
    assert sorted(h["host"] for h in report["hosts"]) == ["appliance1", "web1"]
    web = host_checks(report, "web1")
    status = {k: v["status"] for k, v in web.items()}

    good = f"good.test:{servers['good'].port}"  # found in nginx's configuration
    for check in ("expiry", "chain_expiry", "chain", "hostname", "key", "signature", "handshake"):
        assert status[f"cert.{check}:{good}"] == "PASS", (check, web.get(f"cert.{check}:{good}"), out[-3000:])
    assert web[f"cert.expiry:{good}"]["value"] in (199, 200)
    assert web[f"cert.expiry:{good}"]["unit"] == "days"

    warn = f"warn.test:{servers['warn'].port}"  # found in Tomcat's server.xml
    assert status[f"cert.expiry:{warn}"] == "WARN"
    assert status[f"cert.handshake:{warn}"] == "PASS"
    assert status[f"cert.expiry:{'fail.test'}:{servers['fail'].port}"] == "FAIL"
    expired = f"expired.test:{servers['expired'].port}"
    assert status[f"cert.expiry:{expired}"] == "FAIL"
    assert web[f"cert.expiry:{expired}"]["value"] < 0
    assert status[f"cert.handshake:{expired}"] == "FAIL"
    assert "expired" in web[f"cert.handshake:{expired}"]["detail"]

    nochain = f"nochain.test:{servers['nochain'].port}"
    assert status[f"cert.chain:{nochain}"] == "FAIL"
    assert status[f"cert.handshake:{nochain}"] == "FAIL"
    assert status[f"cert.expiry:{nochain}"] == "PASS"

    mismatch = f"mismatch.test:{servers['mismatch'].port}"
    assert status[f"cert.hostname:{mismatch}"] == "FAIL"
    assert status[f"cert.chain:{mismatch}"] == "PASS"

    closed = [k for k in status if k.startswith("cert.connect:closed")]
    assert [status[k] for k in closed] == ["ERROR"]
    assert not [k for k in status if "internal.test" in k], "a loopback-only listen is not checked"
    broken = f"cert.config:{lab['tmp'] / 'tomcat-broken' / 'conf' / 'server.xml'}"
    assert status[broken] == "ERROR"
    assert "not well-formed" in web[broken]["detail"]

    # the Tomcat certificate file and the device file with its key beside it
    assert status[f"cert.expiry:{lab['tmp'] / 'tomcat' / 'conf' / 'warn.pem'}"] == "WARN"
    device = str(lab["tmp"] / "device.pem")
    assert status[f"cert.expiry:{device}"] == "FAIL"
    assert f"cert.chain:{device}" not in status  # check_chain false
    assert "PRIVATE KEY" not in json.dumps(report)

    appliance = host_checks(report, "appliance1")
    weak = f"weak.test:{servers['weak'].port}"
    assert appliance[f"cert.key:{weak}"]["status"] == "FAIL"
    assert "1024" in appliance[f"cert.key:{weak}"]["detail"]
    assert appliance[f"cert.expiry:{weak}"]["status"] == "WARN"  # its own threshold: WARN under 300 days
    assert appliance[f"cert.expiry:{weak}"]["threshold"] == "300/10"
    # revocation, asked for on this host: the OCSP responder fails (404), the CRL lists the certificate
    revoked = f"revoked.test:{servers['revoked'].port}"
    assert appliance[f"cert.revocation:{revoked}"]["status"] == "FAIL"
    assert "says CRL" in appliance[f"cert.revocation:{revoked}"]["detail"]
    assert {"/pki/ocsp", "/pki/crl"} <= set(lab["crl_server"].asked)
    # the weak certificate names no responder: soft-fail, INFO
    assert appliance[f"cert.revocation:{weak}"]["status"] == "INFO"
    assert not [k for k in web if k.startswith("cert.revocation:")], "off unless asked for"


def test_the_inspection_adds_the_certificate_checks_to_the_hosts_record(lab: dict[str, Any]) -> None:
    _proc, report = run_playbook(lab, "inspect-1", "inspect.yml")
    assert [h["host"] for h in report["hosts"]] == ["web1"]  # the inspection's hosts: linux_servers
    web = host_checks(report, "web1")
    good = f"good.test:{lab['servers']['good'].port}"
    assert web[f"cert.expiry:{good}"]["status"] == "PASS"
    assert web[f"cert.chain:nochain.test:{lab['servers']['nochain'].port}"]["status"] == "FAIL"
    assert [k for k in web if not k.startswith("cert.")], "the host's own inspection checks are kept"
