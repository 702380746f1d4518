"""healthops.certs.audit: an endpoint's fetched chain and a host's files turned into checks and summaries."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ansible.module_utils.healthops.certs import audit
from certlab import TestCA, make_cert, pem
from cryptography.hazmat.primitives.asymmetric import ec

POLICY = audit.policy_from({"cert_days_to_expiry": {"warn": 30, "fail": 7}}, {"expect_ca": True})


def ids(checks: list[dict[str, Any]]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in checks}


def endpoint(name: str = "app.test:443") -> dict[str, Any]:
    return {"name": name, "address": "10.0.0.1", "port": 443, "server_name": "app.test", "hostname": "app.test"}


def test_no_handshake_is_one_error_and_nothing_else() -> None:
    checks, info = audit.endpoint_checks(
        endpoint(), {"presented": [], "verified": False, "error": "timed out"}, [], POLICY
    )
    assert ids(checks) == {"cert.connect:app.test:443": "ERROR"}
    assert "10.0.0.1:443: timed out" in checks[0]["detail"]
    assert info["error"] == "timed out"


def test_a_refused_verification_is_reported_beside_what_the_chain_shows(tmp_path: Path) -> None:
    ca = TestCA(tmp_path)
    _key, leaf = ca.leaf("app.test", 100)
    fetched = {"presented": [pem(leaf)], "verified": False, "verify_error": "unable to get local issuer certificate"}
    checks, info = audit.endpoint_checks(endpoint(), fetched, [ca.root], POLICY)
    status = ids(checks)
    assert status["cert.handshake:app.test:443"] == "FAIL"
    assert "unable to get local issuer" in checks[0]["detail"]
    assert status["cert.chain:app.test:443"] == "FAIL"
    assert status["cert.expiry:app.test:443"] == "PASS"
    assert info["verified"] is False
    assert info["serial"] == format(leaf.serial_number, "X")
    assert len(info["sha256"]) == 64
    assert info["days_to_expiry"] in (99, 100)
    assert info["chain_days_to_expiry"] is None  # the chain does not verify


def test_a_verified_endpoint_passes_with_its_protocol_named(tmp_path: Path) -> None:
    ca = TestCA(tmp_path)
    _key, leaf = ca.leaf("app.test", 20)
    fetched = {"presented": [pem(leaf), pem(ca.inter)], "verified": True, "protocol": "TLSv1.3", "cipher": "X"}
    checks, info = audit.endpoint_checks(endpoint(), fetched, [ca.root], POLICY)
    assert ids(checks)["cert.handshake:app.test:443"] == "PASS"
    assert "TLSv1.3" in checks[0]["detail"]
    assert ids(checks)["cert.expiry:app.test:443"] == "WARN"
    assert info["status"] == "WARN"
    assert info["presented"] == 2
    assert info["chain_days_to_expiry"] == info["days_to_expiry"]
    assert info["earliest_subject"] == "CN=app.test"


def test_a_keystore_is_info_and_an_unreadable_file_an_error() -> None:
    checks, _ = audit.file_checks({"path": "/opt/tomcat/conf/ks.p12", "keystore": True}, [], POLICY)
    assert ids(checks) == {"cert.file:/opt/tomcat/conf/ks.p12": "INFO"}
    checks, info = audit.file_checks({"path": "/x.pem", "error": "/x.pem: [Errno 13] Permission denied"}, [], POLICY)
    assert ids(checks) == {"cert.file:/x.pem": "ERROR"}
    assert "Permission denied" in info["error"]
    checks, _ = audit.file_checks(
        {"path": "/y.pem", "certificates": ["-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"]},
        [],
        POLICY,
    )
    assert ids(checks) == {"cert.file:/y.pem": "ERROR"}


def test_a_ca_file_is_not_a_self_signed_server_certificate(tmp_path: Path) -> None:
    ca = TestCA(tmp_path)
    checks, _ = audit.file_checks({"path": "/etc/pki/ca.pem", "certificates": [pem(ca.root)]}, [ca.root], POLICY)
    assert "cert.self_signed:/etc/pki/ca.pem" not in ids(checks)
    assert ids(checks)["cert.expiry:/etc/pki/ca.pem"] == "PASS"


def test_a_self_signed_device_certificate_fails_where_a_ca_is_expected() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    own = make_cert("device-01", key, days=300)
    checks, _ = audit.file_checks({"path": "/etc/dev.pem", "certificates": [pem(own)]}, [], POLICY)
    assert ids(checks)["cert.self_signed:/etc/dev.pem"] == "FAIL"


def test_a_file_kept_without_its_chain_is_not_judged_on_it(tmp_path: Path) -> None:
    ca = TestCA(tmp_path)
    _key, leaf = ca.leaf("app.test", 5)
    entry = {"path": "/etc/tls/app.crt", "certificates": [pem(leaf)], "check_chain": False}
    checks, info = audit.file_checks(entry, [ca.root], POLICY)
    assert not [i for i in ids(checks) if i.startswith(("cert.chain:", "cert.chain_expiry:"))]
    assert ids(checks)["cert.expiry:/etc/tls/app.crt"] == "FAIL"
    assert info["status"] == "FAIL"
    entry["check_chain"] = True
    assert ids(audit.file_checks(entry, [ca.root], POLICY)[0])["cert.chain:/etc/tls/app.crt"] == "FAIL"


def test_the_policy_takes_the_merged_threshold() -> None:
    policy = audit.policy_from(
        {"cert_days_to_expiry": {"warn": 45, "fail": 14}, "fs_space": {}}, {"min_rsa_bits": 3072}
    )
    assert policy == {"warn_days": 45, "fail_days": 14, "min_rsa_bits": 3072}


def test_summary_counts_days_from_now() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = make_cert("x", key, days=10)
    now = datetime.datetime.now(datetime.UTC)
    assert audit.summary(cert, now)["days_to_expiry"] in (9, 10)
    assert audit.scan_error_check("unreachable: ssh timed out")["status"] == "ERROR"
