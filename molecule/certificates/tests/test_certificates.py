"""The deployed certificates are served, the files are as the role promises, and the duty's playbook
behaves: bad material is refused before any switch, a certificate the endpoint does not present and
a keystore Tomcat cannot load are rolled back while the previous certificate is served again. Each
run leaves its deployment record (cert.deploy rows: PASS with serial, fingerprint and days left, FAIL
with the reason and the rollback). The certificate audit (playbooks/cert_audit.yml) of the host passes
the deployed endpoints and flags each bad case prepare.yml serves by hand with its own check.

The tests run in file order: read-only ones first, then playbook runs through ansible-playbook
against Molecule's inventory, as an operator runs them. Handshakes go from the controller to the
ports prepare.yml's platform publishes on 127.0.0.1, verified against the scenario's test CA.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

if TYPE_CHECKING:
    from testinfra.host import Host

REPO = Path(os.environ.get("MOLECULE_PROJECT_DIRECTORY", Path(__file__).resolve().parents[3]))
EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
INVENTORY = os.environ.get("MOLECULE_INVENTORY_FILE", "")
PKI = EPHEMERAL / "pki"
REPORTS = EPHEMERAL / "reports"
NAME = "cert-host.example.test"
PORTS = {"web": 22943, "tomcat-pem": 22944, "tomcat-p12": 22945}
LIVE = ["/etc/ssl/healthops/nginx.crt", "/etc/ssl/healthops/nginx.key", "/etc/tomcat10/tls/tomcat.p12"]


def certificate(name: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((PKI / f"{name}.crt").read_bytes())


def presented(port: str | int) -> x509.Certificate:
    """The certificate an endpoint presents, the chain and the name verified against the test CA."""
    context = ssl.create_default_context(cafile=str(PKI / "ca.crt"))
    with (
        socket.create_connection(("127.0.0.1", int(port)), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=NAME) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return x509.load_der_x509_certificate(der)


def sums(host: Host, paths: list[str]) -> dict[str, str]:
    out = host.run("sha256sum %s", " ".join(paths)).stdout
    return {line.split()[1]: line.split()[0] for line in out.splitlines()}


def flat(run: subprocess.CompletedProcess[str]) -> str:
    """A run's output with its whitespace folded (the callback wraps long messages)."""
    return " ".join((run.stdout + run.stderr).split())


def playbook(
    tmp_path: Path, variables: dict[str, Any], name: str = "certificates.yml"
) -> subprocess.CompletedProcess[str]:
    """Run playbooks/<name> on the scenario's inventory with extra variables."""
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(variables))
    executable = shutil.which("ansible-playbook") or "ansible-playbook"
    command = [executable, "-i", INVENTORY, str(REPO / "playbooks" / name), "-e", f"@{extra}"]
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=900)


def record(run_id: str) -> dict[str, dict[str, Any]]:
    """The checks of cert-host in the report.json of run ``run_id``, by id."""
    report = json.loads((REPORTS / run_id / "report.json").read_text(encoding="utf-8"))
    (host,) = report["hosts"]
    assert host["host"] == "cert-host"
    return {c["id"]: c for c in host["checks"]}


def target(name: str, material: str, **fields: str | int) -> dict[str, Any]:
    """An nginx target of the scenario's PKI (material: the file name of certificate and key)."""
    entry: dict[str, Any] = {
        "name": name,
        "type": "nginx",
        "certificate_src": str(PKI / f"{material}.crt"),
        "key_src": str(PKI / f"{material}.key"),
        "chain_src": str(PKI / "int.crt"),
        "certificate_path": f"/etc/ssl/healthops/{name}.crt",
        "key_path": f"/etc/ssl/healthops/{name}.key",
        "port": PORTS["web"],
    }
    entry.update(fields)
    return entry


@pytest.mark.parametrize("endpoint", sorted(PORTS))
def test_each_endpoint_presents_the_new_certificate(endpoint: str) -> None:
    served, good = presented(PORTS[endpoint]), certificate("good")
    assert served.serial_number == good.serial_number
    assert served.fingerprint(hashes.SHA256()) == good.fingerprint(hashes.SHA256())


def test_keys_are_0600_and_owned_by_the_service_account(host: Host) -> None:
    # One stat for all of them (each call through Molecule's connection costs seconds).
    out = host.check_output(
        "stat -c '%n %a %U' /etc/ssl/healthops/nginx.key /etc/tomcat10/tls/tomcat.key "
        "/etc/tomcat10/tls/tomcat.p12 /etc/healthops-device/device.key /etc/ssl/healthops/nginx.crt"
    )
    assert out.splitlines() == [
        "/etc/ssl/healthops/nginx.key 600 root",
        "/etc/tomcat10/tls/tomcat.key 600 tomcat",
        "/etc/tomcat10/tls/tomcat.p12 600 tomcat",
        "/etc/healthops-device/device.key 600 root",
        "/etc/ssl/healthops/nginx.crt 640 root",
    ]


def test_the_previous_files_are_kept_beside_the_new_ones(host: Host) -> None:
    old = (PKI / "old.crt").read_text().strip()
    for path in ["/etc/ssl/healthops/nginx.crt", "/etc/tomcat10/tls/tomcat.crt"]:
        assert old in host.run(f"cat {path}.*~").stdout, f"the previous {path} was not kept"
        assert old not in host.run(f"cat {path}").stdout
    assert host.run("ls /etc/tomcat10/tls/tomcat.key.*~ /etc/tomcat10/tls/tomcat.p12.*~").rc == 0


def test_the_device_certificate_passes_its_functional_test(host: Host) -> None:
    device = "--cert /etc/healthops-device/device.crt --key /etc/healthops-device/device.key"
    common = f"--cacert /etc/healthops-device/ca.pem --resolve {NAME}:22943:127.0.0.1 https://{NAME}:22943/device"
    assert host.run(f"curl -fsS {device} {common}").stdout.startswith("device ")
    # Without the device's certificate the same request is refused: the test can fail.
    assert host.run(f"curl -sS -o /dev/null -w '%{{http_code}}' {common}").stdout == "403"


def test_the_converge_record_has_each_certificate_with_serial_fingerprint_and_days_left() -> None:
    checks = record("certificates-converge")
    good, device = certificate("good"), certificate("device")
    for name, cert in [("web", good), ("tomcat-pem", good), ("tomcat-p12", good), ("exchange-client", device)]:
        row = checks[f"cert.deploy:{name}"]
        assert row["status"] == "PASS", row
        assert row["value"] in (363, 364, 365)
        assert (row["unit"], row["threshold"]) == ("days", 30)
        fingerprint = cert.fingerprint(hashes.SHA256()).hex()
        assert f"serial {cert.serial_number:X}, " in row["detail"]
        assert fingerprint in row["detail"].replace(":", "").lower()
    assert checks["cert.deploy:web"]["detail"].endswith("presented by 127.0.0.1:22943")
    assert checks["cert.deploy:exchange-client"]["detail"].endswith("its functional test passed")


def test_the_audit_passes_the_deployed_endpoints_and_flags_each_bad_case(tmp_path: Path) -> None:
    run = playbook(tmp_path, {"healthops_run_id": "audit"}, "cert_audit.yml")
    assert run.returncode != 0, "the bad cases are FAIL: the audit exits non-zero"
    checks = record("audit")
    status = {k: v["status"] for k, v in checks.items()}
    # the deployed endpoints, found in nginx's configuration (by server name) and Tomcat's (by address)
    for name in [f"{NAME}:22943", "127.0.0.1:22944", "127.0.0.1:22945"]:
        for check in ("expiry", "chain_expiry", "chain", "hostname", "key", "signature", "handshake"):
            assert status[f"cert.{check}:{name}"] == "PASS", (name, check, checks.get(f"cert.{check}:{name}"))
        assert checks[f"cert.expiry:{name}"]["value"] in (363, 364, 365)
    # each bad case by the check that names it, the others of that endpoint not blamed for it
    expected = {
        f"{NAME}:22946": ("expiry", {"chain", "hostname", "key"}),  # expired
        f"{NAME}:22947": ("chain", {"expiry", "hostname", "key"}),  # intermediate missing
        f"{NAME}:22948": ("hostname", {"expiry", "chain", "key"}),  # SAN does not cover the host
        "127.0.0.1:22949": ("key", {"expiry", "chain", "hostname"}),  # 1024-bit RSA, served by Tomcat
    }
    for name, (flagged, fine) in expected.items():
        assert status[f"cert.{flagged}:{name}"] == "FAIL", (name, checks.get(f"cert.{flagged}:{name}"))
        assert {check: status[f"cert.{check}:{name}"] for check in fine} == dict.fromkeys(fine, "PASS"), name
        assert checks[f"cert.{flagged}:{name}"]["recommendation_zh"]
    assert checks[f"cert.expiry:{NAME}:22946"]["value"] < 0
    assert status[f"cert.handshake:{NAME}:22946"] == "FAIL"
    assert "1024" in checks["cert.key:127.0.0.1:22949"]["detail"]
    assert "PRIVATE KEY" not in run.stdout + run.stderr


def test_bad_material_is_refused_before_any_switch(host: Host, tmp_path: Path) -> None:
    before = sums(host, LIVE)
    bad = [
        target("expired", "expired"),
        target("wrong-key", "good", key_src=str(PKI / "old.key")),
        target("no-intermediate", "good", chain_src=""),
        target("san", "san"),
        target("weak", "weak"),
    ]
    run = playbook(tmp_path, {"certificates_targets": bad, "healthops_run_id": "refused"})
    output = flat(run)
    assert run.returncode != 0
    for expected in [
        "certificates_targets[expired].certificate_src: not valid now",
        "certificates_targets[wrong-key].key_src: the private key does not match the certificate",
        "certificates_targets[no-intermediate].chain_src: the chain is not complete to the configured CA",
        "certificates_targets[san].names: the certificate's SAN (DNS:other.example.test) does not cover "
        "cert-host.example.test",
        "certificates_targets[weak].certificate_src: RSA key of 1024 bits, under certificates_min_rsa_bits (2048)",
    ]:
        assert expected in output
    assert "TASK [certificates : Snapshot" not in output, "the run went on after the validation failed"
    assert "BEGIN" not in output, "key or certificate material was printed"
    assert host.run("ls /etc/ssl/healthops/").stdout.split().count("expired.crt") == 0
    assert sums(host, LIVE) == before
    assert presented(PORTS["web"]).serial_number == certificate("good").serial_number
    # the record: a FAIL row per target of the host, the reason in its detail, the advice in Chinese
    checks = record("refused")
    assert sorted(checks) == sorted(f"cert.deploy:{t['name']}" for t in bad)
    for row in checks.values():
        assert row["status"] == "FAIL"
        assert row["detail"].startswith("refused before any switch, nothing was changed: cert-host: ")
        assert row["recommendation_zh"].startswith("新证书未部署")
    assert "not valid now" in checks["cert.deploy:expired"]["detail"]


def test_switches_that_fail_are_rolled_back_and_recorded(host: Host, tmp_path: Path) -> None:
    # One run, two failures after the switch (the rollback covers the host's targets together):
    # - "unused": files nginx does not read; the reload succeeds, but the handshake still sees the
    #   certificate nginx had, so the files this run wrote are removed;
    # - "tomcat-p12": a keystore whose password is not the one server.xml gives Tomcat; the connector does
    #   not start after the restart, the handshake gets no answer, the previous keystore comes back.
    before = sums(host, LIVE)
    p12 = {
        "name": "tomcat-p12",
        "type": "tomcat",
        "format": "pkcs12",
        "certificate_src": str(PKI / "old.crt"),
        "key_src": str(PKI / "old.key"),
        "chain_src": str(PKI / "int.crt"),
        "keystore_path": "/etc/tomcat10/tls/tomcat.p12",
        "keystore_password": "not-the-password-server-xml-has",
        "port": PORTS["tomcat-p12"],
    }
    variables = {
        "certificates_targets": [target("unused", "old"), p12],
        "certificates_handshake_timeout": 15,
        "healthops_run_id": "rolled-back",
    }
    run = playbook(tmp_path, variables)
    output = flat(run)
    assert run.returncode != 0
    assert "FAIL: certificates on cert-host: 'Handshake | Connect to each endpoint" in output
    assert "Restored the previous /etc/tomcat10/tls/tomcat.p12, removed /etc/ssl/healthops/unused.crt, " in output
    assert "/etc/ssl/healthops/unused.key (created by this run), then " in output
    assert "tomcat-p12: 127.0.0.1:22945 serves the previous certificate again" in output
    assert "not-the-password-server-xml-has" not in output, "the keystore password was printed"
    assert host.run("ls /etc/ssl/healthops/unused.crt").rc != 0
    assert sums(host, LIVE) == before
    for endpoint in ("web", "tomcat-p12"):
        assert presented(PORTS[endpoint]).serial_number == certificate("good").serial_number
    # the record: both targets FAIL, with what failed and what the rollback did
    checks = record("rolled-back")
    assert sorted(checks) == ["cert.deploy:tomcat-p12", "cert.deploy:unused"]
    for row in checks.values():
        assert row["status"] == "FAIL"
        assert "'Handshake | Connect to each endpoint" in row["detail"]
        assert "Restored the previous /etc/tomcat10/tls/tomcat.p12" in row["detail"]
        assert row["recommendation_zh"].startswith("新证书未部署")
