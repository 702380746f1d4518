# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The certificate audit of one host (pure, controller side): fetched chains and read files in, checks out.

Beside ``evaluate``'s checks, an endpoint gets:

``cert.connect:<name>``    no TLS handshake at all (refused, timed out, not TLS): ERROR, nothing could be checked;
``cert.handshake:<name>``  whether a client that verifies (CA file or system store, host name) accepts the
                           endpoint: FAIL with the TLS library's reason; the checks of ``evaluate`` then say which
                           part is wrong, from the chain read by the unverified second handshake;

and a file: ``cert.file:<path>`` (ERROR: not readable, or no certificate in it; INFO: a keystore, checked through
its connector's endpoint). ``cert.scan`` is ERROR when the host's configuration could not be read at all,
``cert.config:<file>`` when one configuration file could not be read (permissions, not well-formed).
``cert.revocation:<name>`` (optional, ``revocation``) is the OCSP or CRL answer (see ``revocation``).
Each endpoint and file is also summarised (days to expiry, subject, issuer, serial, SHA-256 fingerprint), so
the report and the deployment's own check can name the certificate that is served.
"""

from __future__ import annotations

import datetime
from typing import Any

from ansible.module_utils.healthops.certs.evaluate import CATEGORY, build_chain, evaluate, load_pem_chain
from ansible.module_utils.healthops.certs.revocation import revocation_check
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, make_check
from cryptography import x509
from cryptography.hazmat.primitives import hashes

THRESHOLD_ID = "cert_days_to_expiry"


def policy_from(thresholds: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """evaluate's policy: the merged ``cert_days_to_expiry`` threshold and the key and CA options."""
    days = thresholds[THRESHOLD_ID]
    policy = {"warn_days": days["warn"], "fail_days": days["fail"]}
    policy.update({k: options[k] for k in ("min_rsa_bits", "min_ec_bits", "expect_ca") if k in options})
    return policy


def summary(cert: x509.Certificate, now: datetime.datetime) -> dict[str, Any]:
    """What identifies a certificate in the report and to the deployment's comparison."""
    not_after = cert.not_valid_after_utc
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "X"),
        "sha256": cert.fingerprint(hashes.SHA256()).hex().upper(),
        "not_after": not_after.isoformat(),
        "days_to_expiry": int((not_after - now).total_seconds() // 86400),
    }


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _parse(pems: list[str]) -> list[x509.Certificate]:
    certs: list[x509.Certificate] = []
    for pem in pems:
        certs.extend(load_pem_chain(pem))
    return certs


def _connect_error(name: str, detail: str) -> dict[str, Any]:
    return make_check(
        check_id="cert.connect:" + name,
        category=CATEGORY,
        title="TLS endpoint " + name,
        title_zh="TLS 服务端点 " + name,
        status=ERROR,
        detail=detail,
    )


def _revocation(
    name: str,
    certs: list[x509.Certificate],
    trusted: list[x509.Certificate],
    revocation: dict[str, Any] | None,
    now: datetime.datetime,
) -> list[dict[str, Any]]:
    """The optional cert.revocation check; ``revocation`` is {fetch, soft_fail} or None (not asked for)."""
    if not revocation:
        return []
    path, ok = build_chain(certs[0], certs[1:], trusted)
    issuer = path[1] if ok and len(path) > 1 else None
    return [revocation_check(name, certs[0], issuer, revocation["fetch"], revocation.get("soft_fail", True), now)]


def endpoint_checks(
    endpoint: dict[str, Any],
    fetched: dict[str, Any],
    trusted: list[x509.Certificate],
    policy: dict[str, Any],
    now: datetime.datetime | None = None,
    revocation: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(checks, summary) of one endpoint: ``endpoint`` as configured, ``fetched`` from tls.fetch_chain;
    ``revocation`` ({fetch, soft_fail}) adds the optional revocation check."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    name = endpoint["name"]
    info = {k: endpoint.get(k) for k in ("name", "address", "port", "server_name", "source")}
    info.update(verified=bool(fetched.get("verified")), verify_error=fetched.get("verify_error", ""))
    if fetched.get("error") or not fetched.get("presented"):
        reason = fetched.get("error") or "the server presented no certificate"
        info["error"] = reason
        return [
            _connect_error(name, "no TLS handshake with %s:%s: %s" % (endpoint["address"], endpoint["port"], reason))
        ], info
    try:
        presented = _parse(fetched["presented"])
    except ValueError as exc:
        info["error"] = str(exc)
        return [_connect_error(name, "the presented certificates cannot be parsed: %s" % exc)], info
    info.update(summary(presented[0], now), presented=len(presented))
    # both expiries the issue asks for: the earliest of everything presented, and the verified chain's (below)
    earliest = min(presented, key=lambda c: c.not_valid_after_utc)
    info.update(
        earliest_not_after=earliest.not_valid_after_utc.isoformat(), earliest_subject=earliest.subject.rfc4514_string()
    )
    info.update(protocol=fetched.get("protocol", ""), cipher=fetched.get("cipher", ""))
    verified = bool(fetched.get("verified"))
    detail = "a verifying client accepts it (%s, %s)" % (info["protocol"], info["cipher"])
    if not verified:
        detail = "a verifying client refuses it: %s" % (fetched.get("verify_error") or "unknown reason")
    checks = [
        make_check(
            check_id="cert.handshake:" + name,
            category=CATEGORY,
            title="TLS verification " + name,
            title_zh="TLS 证书验证 " + name,
            status=PASS if verified else FAIL,
            value=endpoint.get("hostname") or endpoint["address"],
            detail=detail,
        )
    ]
    checks.extend(
        evaluate(
            name, presented, trusted, hostname=endpoint.get("hostname") or endpoint["address"], policy=policy, now=now
        )
    )
    chain = [c for c in checks if c["id"] == "cert.chain_expiry:" + name]
    info["chain_days_to_expiry"] = chain[0]["value"] if chain else None  # None: no verified chain
    checks.extend(_revocation(name, presented, trusted, revocation, now))
    expiry = next(c for c in checks if c["id"] == "cert.expiry:" + name)
    info["status"] = expiry["status"]
    return checks, info


def file_checks(
    entry: dict[str, Any],
    trusted: list[x509.Certificate],
    policy: dict[str, Any],
    now: datetime.datetime | None = None,
    revocation: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(checks, summary) of one certificate file as cert_scan read it."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    path = entry["path"]
    info = {k: entry.get(k) for k in ("path", "source", "chain")}

    def file_row(status: str, detail: str) -> list[dict[str, Any]]:
        """The file's one row when its certificates cannot be evaluated."""
        title, title_zh = "Certificate file " + path, "证书文件 " + path
        kw = {"check_id": "cert.file:" + path, "category": CATEGORY, "title": title, "title_zh": title_zh}
        return [make_check(status=status, detail=detail, **kw)]

    if entry.get("keystore"):
        return file_row(
            INFO, "keystore: not read on the host (it needs its password); its certificate is checked at its endpoint"
        ), info
    if entry.get("error") or not entry.get("certificates"):
        info["error"] = entry.get("error") or "no certificate in it"
        return file_row(ERROR, info["error"]), info
    try:
        certs = _parse(entry["certificates"])
    except ValueError as exc:
        info["error"] = str(exc)
        return file_row(ERROR, str(exc)), info
    pol = dict(policy)
    if _is_ca(certs[0]):  # a CA's own file (the trust anchor, an intermediate): no CA above it is expected
        pol["expect_ca"] = False
    pol["check_chain"] = bool(entry.get("check_chain", True))
    info.update(summary(certs[0], now), certificates=len(certs))
    checks = evaluate(path, certs, trusted, hostname=None, policy=pol, now=now)
    if not _is_ca(certs[0]):  # a CA's own file is not a certificate in use
        checks.extend(_revocation(path, certs, trusted, revocation, now))
    info["status"] = next(c for c in checks if c["id"] == "cert.expiry:" + path)["status"]
    return checks, info


def source_checks(sources: dict[str, str]) -> list[dict[str, Any]]:
    """``cert.config:<file>`` ERROR for each configuration file the host could not read (cert_scan's sources):
    its endpoints would otherwise be missing from the record without a word. An absent file is no error."""
    return [
        make_check(
            check_id="cert.config:" + path,
            category=CATEGORY,
            title="TLS configuration " + path,
            title_zh="TLS 配置文件 " + path,
            status=ERROR,
            detail="not read: %s; its TLS endpoints are not checked" % state,
        )
        for path, state in sorted(sources.items())
        if state not in ("read", "absent")
    ]


def scan_error_check(reason: str) -> dict[str, Any]:
    """The host's configuration and files could not be read (unreachable, the module failed)."""
    return make_check(
        check_id="cert.scan",
        category=CATEGORY,
        title="Certificate files and TLS configuration",
        title_zh="证书文件与 TLS 配置",
        status=ERROR,
        detail="not read on the host: %s" % reason,
    )
