"""healthops.certs.revocation: OCSP answers and CRLs made here with the test CA, served by a fake fetch."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.certs import revocation
from certlab import DAY, TestCA, make_cert
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

URL = "http://127.0.0.1:9/pki"
NOW = datetime.datetime.now(datetime.UTC)


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    return TestCA(tmp_path)


def ocsp_answer(ca: TestCA, leaf: x509.Certificate, status: ocsp.OCSPCertStatus, **kw: Any) -> bytes:
    signer, signer_key = kw.get("signer", (ca.inter, ca.inter_key))
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=leaf,
        issuer=ca.inter,
        algorithm=hashes.SHA1(),  # noqa: S303 - OCSP's CertID hash
        cert_status=status,
        this_update=kw.get("this_update", NOW - DAY),
        next_update=kw.get("next_update", NOW + DAY),
        revocation_time=NOW - DAY if status == ocsp.OCSPCertStatus.REVOKED else None,
        revocation_reason=x509.ReasonFlags.key_compromise if status == ocsp.OCSPCertStatus.REVOKED else None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, signer)
    if signer is not ca.inter:
        builder = builder.certificates([signer])
    return builder.sign(signer_key, hashes.SHA256()).public_bytes(Encoding.DER)


def crl(ca: TestCA, revoked: list[int], key: Any = None, next_update: datetime.datetime | None = None) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.inter.subject)
        .last_update(NOW - DAY)
        .next_update(next_update or NOW + DAY)
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(NOW - DAY).build()
        )
    return builder.sign(key or ca.inter_key, hashes.SHA256()).public_bytes(Encoding.DER)


def fetcher(answers: dict[str, Any]) -> tuple[Any, list[str]]:
    asked: list[str] = []

    def fetch(url: str, body: bytes | None) -> bytes:
        asked.append(url)
        answer = answers.get(url.rsplit("/", 1)[1])
        if isinstance(answer, Exception):
            raise answer
        if answer is None:
            raise OSError("connection refused")
        if url.endswith("/ocsp"):
            assert ocsp.load_der_ocsp_request(body).serial_number is not None
        return answer

    return fetch, asked


def check(ca: TestCA, leaf: x509.Certificate, answers: dict[str, Any], soft_fail: bool = True) -> dict[str, Any]:
    fetch, _asked = fetcher(answers)
    return revocation.revocation_check("h:443", leaf, ca.inter, fetch, soft_fail=soft_fail, now=NOW)


def test_ocsp_good_passes_and_revoked_fails(ca: TestCA) -> None:
    _key, leaf = ca.leaf("app.test", revocation_url=URL)
    good = check(ca, leaf, {"ocsp": ocsp_answer(ca, leaf, ocsp.OCSPCertStatus.GOOD)})
    assert (good["id"], good["status"], good["value"]) == ("cert.revocation:h:443", "PASS", "good")
    revoked = check(ca, leaf, {"ocsp": ocsp_answer(ca, leaf, ocsp.OCSPCertStatus.REVOKED)})
    assert revoked["status"] == "FAIL"
    assert "key_compromise" in revoked["detail"]


def test_a_delegated_responder_counts_only_with_the_ocsp_signing_usage(ca: TestCA) -> None:
    _key, leaf = ca.leaf("app.test", revocation_url=URL)
    key = ec.generate_private_key(ec.SECP256R1())
    usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING])
    responder = make_cert("ocsp", key, ca.inter, ca.inter_key, 30, extensions=[usage])
    answer = ocsp_answer(ca, leaf, ocsp.OCSPCertStatus.REVOKED, signer=(responder, key))
    assert check(ca, leaf, {"ocsp": answer})["status"] == "FAIL"
    plain = make_cert("not-ocsp", key, ca.inter, ca.inter_key, 30)
    forged = ocsp_answer(ca, leaf, ocsp.OCSPCertStatus.REVOKED, signer=(plain, key))
    result = check(ca, leaf, {"ocsp": forged})
    assert result["status"] == "INFO"
    assert "not signed by the issuer" in result["detail"]


def test_an_untrusted_or_stale_answer_falls_back_to_the_crl(ca: TestCA) -> None:
    _key, leaf = ca.leaf("app.test", revocation_url=URL)
    stale = ocsp_answer(ca, leaf, ocsp.OCSPCertStatus.GOOD, this_update=NOW - 3 * DAY, next_update=NOW - DAY)
    result = check(ca, leaf, {"ocsp": stale, "crl": crl(ca, [leaf.serial_number])})
    assert result["status"] == "FAIL"
    assert "says CRL" in result["detail"]
    result = check(ca, leaf, {"ocsp": OSError("timed out"), "crl": crl(ca, [12345])})
    assert result["status"] == "PASS"
    assert "not on CRL" in result["detail"]


def test_soft_fail_is_info_and_hard_fail_is_error(ca: TestCA) -> None:
    _key, leaf = ca.leaf("app.test", revocation_url=URL)
    other = ec.generate_private_key(ec.SECP256R1())
    answers = {"crl": crl(ca, [leaf.serial_number], key=other)}  # a CRL the issuer did not sign
    soft = check(ca, leaf, answers)
    assert soft["status"] == "INFO"
    assert "not signed by the issuer" in soft["detail"]
    assert "soft-fail" in soft["detail"]
    assert check(ca, leaf, answers, soft_fail=False)["status"] == "ERROR"
    stale_crl = {"crl": crl(ca, [], next_update=NOW - DAY)}
    assert "past its next update" in check(ca, leaf, stale_crl)["detail"]


def test_no_url_or_no_issuer_is_not_known(ca: TestCA) -> None:
    _key, leaf = ca.leaf("app.test")
    fetch, asked = fetcher({})
    result = revocation.revocation_check("h:443", leaf, ca.inter, fetch, now=NOW)
    assert result["status"] == "INFO"
    assert "names no OCSP responder and no CRL" in result["detail"]
    result = revocation.revocation_check("h:443", leaf, None, fetch, now=NOW)
    assert "issuer is not known" in result["detail"]
    assert asked == []


def test_only_http_urls_are_fetched() -> None:
    with pytest.raises(ValueError, match="not an http URL"):
        revocation.http_fetch(1)("ldap://ca.example/crl", None)
