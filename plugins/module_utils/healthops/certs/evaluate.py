# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificate evaluation (pure, controller side): PEM certificates in, result-model checks out.

Parsing uses the ``cryptography`` library (installed on the controller with Ansible); this module is
never shipped to a host. Checks (``<name>`` is the endpoint ``host:port`` or the file path):

``cert.expiry:<name>``      days to expiry of the leaf: WARN under ``warn_days``, FAIL under ``fail_days`` or expired;
                            the detail also names the earliest expiry among all presented certificates;
``cert.chain_expiry:<name>`` days to expiry of the verified chain (leaf to a trusted root), so a stale
                            cross-signed root that is presented but not used raises no alarm;
``cert.chain:<name>``       the chain does not reach a trusted root from what is presented: FAIL;
``cert.self_signed:<name>`` a self-signed leaf where a CA is expected: FAIL;
``cert.hostname:<name>``    the SAN does not cover the expected host name: FAIL;
``cert.key:<name>``         weak key (RSA/DSA under 2048 bits, EC under 256): FAIL;
``cert.signature:<name>``   SHA-1 or MD5 signature on the leaf or an intermediate: FAIL.
"""

from __future__ import absolute_import, division, print_function

import datetime
import ipaddress

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN, make_check
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from cryptography.x509.oid import ExtensionOID

CATEGORY = "certificate"  # the result model's category (证书)
WEAK_HASHES = ("sha1", "md5")
DEFAULT_POLICY = {
    "warn_days": 30,
    "fail_days": 7,
    "min_rsa_bits": 2048,
    "min_ec_bits": 256,
    "expect_ca": True,
    # False for a file kept without its intermediates (they are sent from another file or not at all)
    "check_chain": True,
}


def load_pem_chain(pem_text):
    """Every certificate in a PEM text, in order."""
    return x509.load_pem_x509_certificates(pem_text.encode("ascii") if isinstance(pem_text, str) else pem_text)


def _not_after(cert):
    return cert.not_valid_after_utc


def _days_left(cert, now):
    return (_not_after(cert) - now).total_seconds() / 86400.0


def verify_signature(key, signature, data, algorithm):
    """Whether ``key`` made ``signature`` over ``data`` (RSA PKCS#1 v1.5, ECDSA, EdDSA)."""
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            key.verify(signature, data)
    except Exception:  # any failure means not signed with this key
        return False
    return True


def _signed_by(cert, issuer):
    if cert.issuer != issuer.subject:
        return False
    return verify_signature(
        issuer.public_key(), cert.signature, cert.tbs_certificate_bytes, cert.signature_hash_algorithm
    )


def _is_self_signed(cert):
    return _signed_by(cert, cert)


def build_chain(leaf, presented, trusted):
    """The path from the leaf to a trusted root: (path, ok). Trusted roots win over presented copies."""
    path = [leaf]
    pool = list(presented)
    current = leaf
    for _ in range(10):
        for root in trusted:
            if _signed_by(current, root):
                if root.fingerprint(hashes.SHA256()) != current.fingerprint(hashes.SHA256()):
                    path.append(root)
                return path, True
        nxt = None
        for cand in pool:
            if cand is not current and _signed_by(current, cand) and not _is_self_signed(cand):
                nxt = cand
                break
        if nxt is None:
            return path, False
        pool.remove(nxt)
        path.append(nxt)
        current = nxt
    return path, False


def _key_problem(cert, policy):
    key = cert.public_key()
    if isinstance(key, (rsa.RSAPublicKey, dsa.DSAPublicKey)) and key.key_size < policy["min_rsa_bits"]:
        return "%s key of %d bits (minimum %d)" % (type(key).__name__[:3], key.key_size, policy["min_rsa_bits"])
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < policy["min_ec_bits"]:
        return "EC key of %d bits (minimum %d)" % (key.curve.key_size, policy["min_ec_bits"])
    return None


def _covers(cert, hostname):
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return False
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        address = None
    if address is not None:
        return address in san.get_values_for_type(x509.IPAddress)
    name = hostname.lower().rstrip(".")
    for entry in san.get_values_for_type(x509.DNSName):
        pattern = entry.lower().rstrip(".")
        if pattern == name:
            return True
        if pattern.startswith("*.") and "." in name and name.split(".", 1)[1] == pattern[2:]:
            return True
    return False


def evaluate(name, presented, trusted=(), hostname=None, policy=None, now=None):
    """Checks for one endpoint or file. ``presented``: certificates, leaf first; ``trusted``: CA roots."""
    pol = dict(DEFAULT_POLICY)
    pol.update(policy or {})
    now = now or datetime.datetime.now(datetime.timezone.utc)
    leaf = presented[0]
    checks = []
    subject = leaf.subject.rfc4514_string()

    earliest = min(presented, key=_not_after)
    days = _days_left(leaf, now)
    status = FAIL if days < pol["fail_days"] else WARN if days < pol["warn_days"] else PASS
    detail = "%s expires %s; earliest presented expiry %s (%s)" % (
        subject,
        _not_after(leaf).isoformat(),
        _not_after(earliest).isoformat(),
        earliest.subject.rfc4514_string(),
    )
    checks.append(
        make_check(
            check_id="cert.expiry:" + name,
            category=CATEGORY,
            title="Certificate expiry " + name,
            title_zh="证书有效期 " + name,
            status=status,
            value=int(days // 1),
            threshold="%d/%d" % (pol["warn_days"], pol["fail_days"]),
            unit="days",
            detail=detail,
        )
    )

    self_signed = _is_self_signed(leaf)
    if self_signed and pol["expect_ca"]:
        checks.append(
            make_check(
                check_id="cert.self_signed:" + name,
                category=CATEGORY,
                title="Self-signed certificate " + name,
                title_zh="自签名证书 " + name,
                status=FAIL,
                detail=subject + " is self-signed where a CA is expected",
            )
        )
    elif not self_signed and pol["check_chain"]:
        path, ok = build_chain(leaf, presented[1:], list(trusted))
        if ok:
            chain_days = min(_days_left(c, now) for c in path)
            cstatus = FAIL if chain_days < pol["fail_days"] else WARN if chain_days < pol["warn_days"] else PASS
            checks.append(
                make_check(
                    check_id="cert.chain_expiry:" + name,
                    category=CATEGORY,
                    title="Verified chain expiry " + name,
                    title_zh="已验证证书链有效期 " + name,
                    status=cstatus,
                    value=int(chain_days // 1),
                    unit="days",
                    detail=" -> ".join(c.subject.rfc4514_string() for c in path),
                )
            )
        checks.append(
            make_check(
                check_id="cert.chain:" + name,
                category=CATEGORY,
                title="Certificate chain " + name,
                title_zh="证书链完整性 " + name,
                status=PASS if ok else FAIL,
                detail="complete to a trusted root"
                if ok
                else "no path to a trusted root from "
                + " -> ".join(c.subject.rfc4514_string() for c in path)
                + " (intermediate missing?)",
            )
        )

    if hostname:
        covered = _covers(leaf, hostname)
        checks.append(
            make_check(
                check_id="cert.hostname:" + name,
                category=CATEGORY,
                title="Certificate host name " + name,
                title_zh="证书主机名 " + name,
                status=PASS if covered else FAIL,
                value=hostname,
                detail="SAN covers %s" % hostname if covered else "SAN does not cover %s" % hostname,
            )
        )

    problem = _key_problem(leaf, pol)
    checks.append(
        make_check(
            check_id="cert.key:" + name,
            category=CATEGORY,
            title="Certificate key strength " + name,
            title_zh="证书密钥强度 " + name,
            status=FAIL if problem else PASS,
            detail=problem or "key meets policy",
        )
    )
    weak = [
        c.subject.rfc4514_string()
        for c in presented
        if not _is_self_signed(c)
        and c.signature_hash_algorithm is not None
        and c.signature_hash_algorithm.name in WEAK_HASHES
    ]
    checks.append(
        make_check(
            check_id="cert.signature:" + name,
            category=CATEGORY,
            title="Certificate signature algorithm " + name,
            title_zh="证书签名算法 " + name,
            status=FAIL if weak else PASS,
            detail="weak (SHA-1/MD5) signature: " + "; ".join(weak) if weak else "signatures meet policy",
        )
    )
    return checks
