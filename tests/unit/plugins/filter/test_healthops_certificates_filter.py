"""plugins/filter/healthops_certificates.py: the certificates role's targets and policy verdicts.

The verdicts are judged on what community.crypto returns: the certificates and keys are made here with
`cryptography` and read by community.crypto's own x509_certificate_info and openssl_privatekey_info
(the filters share the modules' code), so the fields compared are the ones the role's tasks register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ansible_collections.community.crypto.plugins.filter.openssl_privatekey_info import (
    openssl_privatekey_info_filter,
)
from ansible_collections.community.crypto.plugins.filter.x509_certificate_info import x509_certificate_info_filter
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from healthops_testlib import load_plugin

flt = load_plugin("filter", "healthops_certificates")

POLICY = {
    "min_days": 30,
    "min_rsa_bits": 2048,
    "min_ec_bits": 256,
    "signature_algorithms": ["sha256WithRSAEncryption", "ecdsa-with-SHA256"],
}
NOW = dt.datetime.now(dt.UTC)


def make(
    san: list[x509.GeneralName],
    key: Any = None,
    days: tuple[int, int] = (-1, 365),
    digest: Any = None,
) -> tuple[str, str]:
    """A self-signed certificate and its key, as PEM text."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW + dt.timedelta(days=days[0]))
        .not_valid_after(NOW + dt.timedelta(days=days[1]))
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .sign(key, digest or hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem


def verdict(cert_pem: str, key_pem: str, names: list[str], chain: dict[str, Any] | None = None) -> list[str]:
    """The role's verdict: community.crypto's results (valid_at as the module computes it), then the filter."""
    cert = x509_certificate_info_filter(cert_pem)
    loaded = x509.load_pem_x509_certificate(cert_pem.encode())
    cert["valid_at"] = {
        "now": loaded.not_valid_before_utc <= NOW <= loaded.not_valid_after_utc,
        "min": NOW + dt.timedelta(days=POLICY["min_days"]) <= loaded.not_valid_after_utc,
    }
    key = openssl_privatekey_info_filter(key_pem)
    chain = chain or {"complete_chain": [cert_pem], "root": cert_pem}
    return flt.certificates_material_errors({"name": "web", "names": names}, cert, key, chain, POLICY)


DNS = x509.DNSName


def test_good_material_has_no_error() -> None:
    cert, key = make([DNS("web.example.test"), x509.IPAddress(__import__("ipaddress").ip_address("10.0.0.5"))])
    assert verdict(cert, key, ["web.example.test", "10.0.0.5"]) == []


def test_a_wildcard_covers_one_label_only() -> None:
    cert, key = make([DNS("*.example.test")])
    assert verdict(cert, key, ["web.example.test"]) == []
    [error] = verdict(cert, key, ["a.web.example.test", "example.test"])
    assert error.endswith("does not cover a.web.example.test, example.test")


def test_each_bad_input_is_named() -> None:
    cert, _ = make([DNS("web.example.test")])
    _, other_key = make([DNS("web.example.test")])
    assert verdict(cert, other_key, ["web.example.test"]) == [
        "certificates_targets[web].key_src: the private key does not match the certificate"
    ]
    expired, key = make([DNS("web.example.test")], days=(-60, -1))
    assert "certificates_targets[web].certificate_src: not valid now" in verdict(expired, key, ["web.example.test"])[0]
    soon, key = make([DNS("web.example.test")], days=(-1, 10))
    assert "within certificates_min_days (30)" in verdict(soon, key, ["web.example.test"])[0]
    cert, key = make([DNS("other.example.test")])
    assert verdict(cert, key, ["web.example.test"]) == [
        "certificates_targets[web].names: the certificate's SAN (DNS:other.example.test) "
        "does not cover web.example.test"
    ]
    # As the role registers it: failed_when: false, so only the missing complete_chain tells.
    chain = {"failed": False, "msg": "Cannot complete chain"}
    assert (
        "chain is not complete to the configured CA (Cannot complete chain)"
        in verdict(cert, key, ["other.example.test"], chain)[0]
    )


def test_weak_keys_and_signatures_are_refused() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the weak key the policy refuses
    cert, key = make([DNS("w")], key=weak)
    assert verdict(cert, key, ["w"]) == [
        "certificates_targets[web].certificate_src: RSA key of 1024 bits, under certificates_min_rsa_bits (2048)"
    ]
    cert, key = make([DNS("w")], key=ec.generate_private_key(ec.SECP256R1()))
    assert verdict(cert, key, ["w"]) == []
    cert, key = make([DNS("w")], key=ec.generate_private_key(ec.SECP256R1()), digest=hashes.SHA384())
    assert verdict(cert, key, ["w"]) == [
        "certificates_targets[web].certificate_src: signature algorithm ecdsa-with-SHA384 "
        "is not in certificates_signature_algorithms"
    ]


def test_unreadable_material_stops_the_verdict() -> None:
    target = {"name": "web", "names": []}
    assert flt.certificates_material_errors(target, {"failed": False, "msg": "x"}, {}, {}, POLICY) == [
        "certificates_targets[web].certificate_src: not a PEM certificate (x)"
    ]
    assert flt.certificates_material_errors(target, {"serial_number": 1}, {"failed": False}, {}, POLICY) == [
        "certificates_targets[web].key_src: the private key cannot be read (wrong passphrase or not a key)"
    ]


def complete(*targets: dict[str, Any]) -> list[dict[str, Any]]:
    return flt.certificates_targets(list(targets), {"tomcat": {"service": "tomcat9"}}, ["h.example"], "10.0.0.5", "/ca")


def test_targets_get_their_type_defaults_and_lose_their_secrets() -> None:
    [web, p12, device] = complete(
        {"name": "web", "type": "nginx", "certificate_src": "/c", "key_src": "/k", "port": 443},
        {"name": "p12", "type": "tomcat", "format": "pkcs12", "keystore_password": "s3cret", "port": 8443},
        {"name": "dev", "type": "device", "owner": "app", "key_passphrase": "p"},
    )
    assert (web["owner"], web["service"], web["reload"], web["fullchain"]) == ("root", "nginx", "reloaded", True)
    assert (web["names"], web["server_name"], web["host"], web["ca_src"]) == (
        ["h.example"],
        "h.example",
        "10.0.0.5",
        "/ca",
    )
    assert (p12["owner"], p12["service"], p12["reload"], p12["keystore_alias"]) == (
        "tomcat",
        "tomcat9",
        "restarted",
        "tomcat",
    )
    assert p12["has_keystore_password"] is True
    assert (device["owner"], device["service"], device["names"], device["fullchain"]) == ("app", "", [], False)
    assert "s3cret" not in str([web, p12, device])
    assert "key_passphrase" not in device


def test_target_errors_name_the_target_and_the_variable() -> None:
    targets = complete(
        {"name": "web", "type": "nginx", "certificate_src": "/c", "key_src": "/k", "certificate_path": "/a",
         "key_path": "rel"},
        {"name": "web", "type": "tomcat", "format": "pkcs12", "certificate_src": "/c", "key_src": "/k",
         "keystore_path": "/a", "port": 8443},
        {"name": "dev", "type": "device", "format": "pkcs12", "certificate_src": "/c", "key_src": "/k",
         "keystore_path": "/p", "keystore_password": "x", "check_command": ["curl", 1]},
    )  # fmt: skip
    assert flt.certificates_target_errors(targets) == [
        "certificates_targets[web].key_path: 'rel' is not an absolute path",
        "certificates_targets[web].port: the TLS port the controller checks the served certificate on",
        "certificates_targets[web]: the name is used by two targets",
        "certificates_targets[web].keystore_password: a pkcs12 target needs it (keep it in ansible-vault)",
        "certificates_targets[web].keystore_path: /a is also written by web",
        "certificates_targets[dev].format: pkcs12 is for Tomcat keystores only",
        "certificates_targets[dev].check_command: a list of strings (argv)",
    ]


def test_files_reloads_and_served_lines() -> None:
    targets = complete(
        {"name": "web", "type": "nginx", "certificate_path": "/n.crt", "key_path": "/n.key"},
        {"name": "pem", "type": "tomcat", "certificate_path": "/t.crt", "key_path": "/t.key", "chain_path": "/c"},
        {"name": "p12", "type": "tomcat", "format": "pkcs12", "keystore_path": "/t.p12"},
        {"name": "dev", "type": "device", "certificate_path": "/d.crt", "key_path": "/d.key"},
    )
    assert flt.certificates_files(targets) == [
        "/n.crt",
        "/n.key",
        "/t.crt",
        "/t.key",
        "/c",
        "/t.p12",
        "/d.crt",
        "/d.key",
    ]
    assert flt.certificates_reloads(targets, ["p12", "dev"]) == [{"service": "tomcat9", "state": "restarted"}]
    assert flt.certificates_reloads(targets, ["web", "pem", "p12"]) == [
        {"service": "nginx", "state": "reloaded"},
        {"service": "tomcat9", "state": "restarted"},
    ]
    assert flt.certificates_touched(targets, ["/c", "/d.key"]) == ["pem", "dev"]
    item = {"name": "web", "host": "10.0.0.5", "port": 443}
    assert flt.certificates_served_line({"item": item, "serial_number": 7}, {"web": 7}) == (
        "web: 10.0.0.5:443 serves the previous certificate again (serial 7)."
    )
    assert "does NOT answer TLS (refused), act now" in flt.certificates_served_line(
        {"item": item, "msg": "refused"}, {}
    )


@pytest.mark.parametrize(
    ("san", "name", "covered"),
    [
        (["IP:10.0.0.5"], "10.0.0.5", True),
        (["DNS:10.0.0.5"], "10.0.0.5", False),
        (["IP:::1"], "0:0:0:0:0:0:0:1", True),
        (["DNS:Web.Example.Test."], "web.example.test", True),
        (["DNS:*.example.test"], "example.test", False),
        (["URI:https://web.example.test"], "web.example.test", False),
    ],
)
def test_san_matching(san: list[str], name: str, covered: bool) -> None:
    assert flt._covers(san, name) is covered
