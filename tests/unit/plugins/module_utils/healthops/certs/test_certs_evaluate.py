"""healthops.certs.evaluate against a test CA made here with cryptography: each bad case and a cross-signed root."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from ansible.module_utils.healthops.certs import evaluate
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _cert(cn, key, issuer_cert=None, issuer_key=None, days=365, ca=False, san=None, algo=None, start=None):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    start = start or NOW - 10 * DAY
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_cert.subject if issuer_cert else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(NOW + days * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False)
    return builder.sign(issuer_key or key, algo or hashes.SHA256())


ROOT = _cert("Test Root", EC_KEY, days=3650, ca=True)
INTER_KEY = ec.generate_private_key(ec.SECP256R1())
INTER = _cert("Test Intermediate", INTER_KEY, ROOT, EC_KEY, days=1000, ca=True)
LEAF_KEY = ec.generate_private_key(ec.SECP256R1())


def _status(checks, base):
    found = [c for c in checks if c["id"].split(":", 1)[0] == base]
    assert len(found) == 1, [c["id"] for c in checks]
    return found[0]


def _leaf(**kw):
    kw.setdefault("san", ["app.example"])
    return _cert("app.example", kw.pop("key", LEAF_KEY), INTER, INTER_KEY, **kw)


def _run(presented, **kw):
    return evaluate.evaluate("h:443", presented, trusted=[ROOT], hostname="app.example", now=NOW, **kw)


def test_good_certificate_passes_everything() -> None:
    checks = _run([_leaf(days=200), INTER])
    assert {c["status"] for c in checks} == {"PASS"}
    assert _status(checks, "cert.expiry")["value"] == 200
    assert _status(checks, "cert.chain_expiry")["value"] == 200


def test_expiry_grades_warn_fail_and_expired() -> None:
    assert _status(_run([_leaf(days=20), INTER]), "cert.expiry")["status"] == "WARN"
    assert _status(_run([_leaf(days=3), INTER]), "cert.expiry")["status"] == "FAIL"
    expired = _run([_leaf(days=-2, start=NOW - 30 * DAY), INTER])
    assert _status(expired, "cert.expiry")["status"] == "FAIL"
    assert _status(expired, "cert.expiry")["value"] < 0


def test_thresholds_come_from_the_policy() -> None:
    checks = _run([_leaf(days=50), INTER], policy={"warn_days": 60, "fail_days": 10})
    assert _status(checks, "cert.expiry")["status"] == "WARN"


def test_missing_intermediate_is_an_incomplete_chain() -> None:
    checks = _run([_leaf(days=200)])
    assert _status(checks, "cert.chain")["status"] == "FAIL"
    assert not [c for c in checks if c["id"].startswith("cert.chain_expiry")]


def test_hostname_mismatch() -> None:
    assert _status(_run([_leaf(san=["other.example"]), INTER]), "cert.hostname")["status"] == "FAIL"


def test_wildcard_covers_one_label() -> None:
    assert _status(_run([_leaf(san=["*.example"]), INTER]), "cert.hostname")["status"] == "PASS"


def test_self_signed_where_a_ca_is_expected() -> None:
    own = _cert("app.example", LEAF_KEY, san=["app.example"])
    assert _status(_run([own]), "cert.self_signed")["status"] == "FAIL"
    assert not [c for c in _run([own], policy={"expect_ca": False}) if c["id"].startswith("cert.self_signed")]


def test_1024_bit_rsa_key_is_weak() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the weak key under test
    assert _status(_run([_leaf(key=small), INTER]), "cert.key")["status"] == "FAIL"


def test_sha1_signature_is_weak(tmp_path: Path) -> None:
    # cryptography refuses to sign with SHA-1, so the openssl command line signs the leaf.
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    inter = _cert("RSA Intermediate", rsa_key, ROOT, EC_KEY, days=1000, ca=True)
    (tmp_path / "ca.pem").write_bytes(inter.public_bytes(Encoding.PEM))
    (tmp_path / "ca.key").write_bytes(rsa_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app.example")]))
        .sign(LEAF_KEY, hashes.SHA256())
    )
    (tmp_path / "leaf.csr").write_bytes(csr.public_bytes(Encoding.PEM))
    (tmp_path / "ext").write_text("subjectAltName=DNS:app.example\n")
    subprocess.run(
        ["openssl", "x509", "-req", "-sha1", "-days", "100", "-in", str(tmp_path / "leaf.csr"),
         "-CA", str(tmp_path / "ca.pem"), "-CAkey", str(tmp_path / "ca.key"), "-set_serial", "7",
         "-extfile", str(tmp_path / "ext"), "-out", str(tmp_path / "leaf.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    sha1 = x509.load_pem_x509_certificate((tmp_path / "leaf.pem").read_bytes())
    checks = evaluate.evaluate("h:443", [sha1, inter], trusted=[ROOT], hostname="app.example")
    assert _status(checks, "cert.signature")["status"] == "FAIL"
    assert "app.example" in _status(checks, "cert.signature")["detail"]
    assert _status(checks, "cert.chain")["status"] == "PASS"


def test_stale_cross_signed_root_raises_no_false_alarm() -> None:
    # The server presents leaf, intermediate and an old cross-sign of the root (expires in 3 days) by a
    # legacy root; the client trusts the new root directly, so the verified chain is fine.
    legacy_key = ec.generate_private_key(ec.SECP256R1())
    legacy = _cert("Legacy Root", legacy_key, days=3, ca=True)
    cross = _cert("Test Root", EC_KEY, legacy, legacy_key, days=3, ca=True)
    checks = _run([_leaf(days=200), INTER, cross])
    assert _status(checks, "cert.expiry")["status"] == "PASS"
    assert "earliest presented expiry" in _status(checks, "cert.expiry")["detail"]
    assert "Test Root" in _status(checks, "cert.expiry")["detail"].split("earliest presented expiry")[1]
    assert _status(checks, "cert.chain_expiry")["status"] == "PASS"
    assert _status(checks, "cert.chain_expiry")["value"] == 200
    assert _status(checks, "cert.chain")["status"] == "PASS"


def test_load_pem_chain_reads_every_certificate() -> None:
    pem = (_leaf().public_bytes(Encoding.PEM) + INTER.public_bytes(Encoding.PEM)).decode()
    assert len(evaluate.load_pem_chain(pem)) == 2
