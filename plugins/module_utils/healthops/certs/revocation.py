# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Revocation of a served certificate (controller side, optional): OCSP first, else the CRL.

The networks of these systems are often closed, so the check is off unless asked for, and by default
it soft-fails: a responder or CRL that cannot be reached, or an answer that cannot be trusted, is
INFO (``cert.revocation``), not an alarm; only a certificate its issuer says is revoked is FAIL.
With ``soft_fail`` false, not knowing is ERROR (could not be checked).

An OCSP answer counts only when it is signed by the issuer, or by a responder certificate the issuer
signed for OCSP signing, names this certificate, and is current; a CRL only when the issuer signed it
and it is not past its next update. The I/O is one function passed in (``fetch``), so the logic is
tested without a network; ``http_fetch`` is the one used for real (http and https URLs, a timeout).
"""

from __future__ import annotations

import datetime
import urllib.request
from collections.abc import Callable
from typing import Any

from ansible.module_utils.healthops.certs.evaluate import CATEGORY, _signed_by, verify_signature
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, make_check
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, ExtensionOID

Fetch = Callable[[str, bytes | None], bytes]
MAX_ANSWER = 10 * 1024 * 1024  # a CRL of a large CA is a few megabytes


def http_fetch(timeout: float) -> Fetch:
    """GET (or POST an OCSP request to) an http(s) URL; OSError or ValueError when it fails."""

    def fetch(url: str, body: bytes | None) -> bytes:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError("not an http URL: %s" % url)
        headers = {"Content-Type": "application/ocsp-request"} if body is not None else {}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - scheme checked above
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - scheme checked above
            data = answer.read(MAX_ANSWER + 1)
        if len(data) > MAX_ANSWER:
            raise ValueError("answer larger than %d bytes" % MAX_ANSWER)
        return data

    return fetch


def _urls(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    """(OCSP responder URLs, CRL distribution point URLs) the certificate names."""
    ocsp_urls, crl_urls = [], []
    try:
        aia = cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_INFORMATION_ACCESS).value
        ocsp_urls = [
            d.access_location.value
            for d in aia
            if d.access_method == AuthorityInformationAccessOID.OCSP
            and isinstance(d.access_location, x509.UniformResourceIdentifier)
        ]
    except x509.ExtensionNotFound:
        pass
    try:
        points = cert.extensions.get_extension_for_oid(ExtensionOID.CRL_DISTRIBUTION_POINTS).value
        crl_urls = [
            n.value for p in points for n in (p.full_name or []) if isinstance(n, x509.UniformResourceIdentifier)
        ]
    except x509.ExtensionNotFound:
        pass
    return ocsp_urls, crl_urls


def _ocsp_signer_ok(answer: ocsp.OCSPResponse, issuer: x509.Certificate) -> bool:
    """Whether the issuer, or a responder certificate it issued for OCSP signing, signed the answer."""
    signers = [issuer]
    for responder in answer.certificates:
        try:
            usage = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usage and _signed_by(responder, issuer):
            signers.append(responder)
    return any(
        verify_signature(s.public_key(), answer.signature, answer.tbs_response_bytes, answer.signature_hash_algorithm)
        for s in signers
    )


def ocsp_status(
    leaf: x509.Certificate, issuer: x509.Certificate, url: str, fetch: Fetch, now: datetime.datetime
) -> tuple[str, str]:
    """('good' | 'revoked' | 'unknown', detail) from one OCSP responder."""
    request = ocsp.OCSPRequestBuilder().add_certificate(leaf, issuer, hashes.SHA1()).build()  # noqa: S303 - OCSP's CertID hash
    try:
        answer = ocsp.load_der_ocsp_response(fetch(url, request.public_bytes(serialization.Encoding.DER)))
    except (OSError, ValueError) as exc:
        return "unknown", "OCSP %s: %s" % (url, exc)
    if answer.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return "unknown", "OCSP %s answered %s" % (url, answer.response_status.name)
    if answer.serial_number != leaf.serial_number:
        return "unknown", "OCSP %s answered for another certificate" % url
    if not _ocsp_signer_ok(answer, issuer):
        return "unknown", "OCSP %s: the answer is not signed by the issuer or its responder" % url
    if answer.this_update_utc > now + datetime.timedelta(minutes=5) or (
        answer.next_update_utc is not None and answer.next_update_utc < now
    ):
        return "unknown", "OCSP %s: the answer is not current" % url
    if answer.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        reason = answer.revocation_reason.name if answer.revocation_reason else "no reason given"
        return "revoked", "revoked %s (%s), says OCSP %s" % (answer.revocation_time_utc.isoformat(), reason, url)
    if answer.certificate_status == ocsp.OCSPCertStatus.GOOD:
        return "good", "not revoked, says OCSP %s" % url
    return "unknown", "OCSP %s does not know the certificate" % url


def crl_status(
    leaf: x509.Certificate, issuer: x509.Certificate, url: str, fetch: Fetch, now: datetime.datetime
) -> tuple[str, str]:
    """('good' | 'revoked' | 'unknown', detail) from one CRL."""
    try:
        data = fetch(url, None)
        crl = x509.load_der_x509_crl(data) if not data.lstrip().startswith(b"-----") else x509.load_pem_x509_crl(data)
    except (OSError, ValueError) as exc:
        return "unknown", "CRL %s: %s" % (url, exc)
    if crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
        return "unknown", "CRL %s is not signed by the issuer" % url
    if crl.next_update_utc is not None and crl.next_update_utc < now:
        return "unknown", "CRL %s is past its next update (%s)" % (url, crl.next_update_utc.isoformat())
    entry = crl.get_revoked_certificate_by_serial_number(leaf.serial_number)
    if entry is not None:
        return "revoked", "revoked %s, says CRL %s" % (entry.revocation_date_utc.isoformat(), url)
    return "good", "not on CRL %s" % url


def revocation_check(
    name: str,
    leaf: x509.Certificate,
    issuer: x509.Certificate | None,
    fetch: Fetch,
    soft_fail: bool = True,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The ``cert.revocation:<name>`` check: OCSP responders first, then CRLs, the first clear answer wins."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    unknown = INFO if soft_fail else ERROR
    notes = []
    status, detail = "unknown", ""
    if issuer is None:
        notes.append("the issuer is not known (the chain does not verify)")
    else:
        ocsp_urls, crl_urls = _urls(leaf)
        if not ocsp_urls and not crl_urls:
            notes.append("the certificate names no OCSP responder and no CRL")
        for url in ocsp_urls:
            status, detail = ocsp_status(leaf, issuer, url, fetch, now)
            if status != "unknown":
                break
            notes.append(detail)
        if status == "unknown":
            for url in crl_urls:
                status, detail = crl_status(leaf, issuer, url, fetch, now)
                if status != "unknown":
                    break
                notes.append(detail)
    result = {"good": PASS, "revoked": FAIL}.get(status, unknown)
    if status == "unknown":
        detail = "revocation not known: " + "; ".join(notes)
        if soft_fail:
            detail += " (soft-fail: not an alarm)"
    return make_check(
        check_id="cert.revocation:" + name,
        category=CATEGORY,
        title="Certificate revocation " + name,
        title_zh="证书吊销状态 " + name,
        status=result,
        value=status,
        detail=detail,
    )
