# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The presented chain of a TLS endpoint, fetched from the controller (I/O only; judged in ``audit``).

Verification is kept honest: the first handshake verifies the chain against the CA file (or the
controller's system store) and the host name against the SNI name, as any client of the service would.
Only when that fails is a second, unverified handshake made, to read what the server presents so
that the audit can say why (expired, intermediate missing, wrong name); the failure is returned
beside the chain, never hidden by it. Nothing is sent after the handshake.

community.crypto.get_certificate does not fit: with ``ca_cert`` it checks no host name and fails the
task when the chain does not verify, so a broken endpoint would give no chain to explain.
"""

from __future__ import annotations

import socket
import ssl
from typing import Any


def _chain_der(tls: ssl.SSLSocket) -> list[bytes]:
    """Every certificate the server sent, leaf first, as DER."""
    # Python 3.13 has the public method; 3.10-3.12 have it on the C object (_ssl._SSLSocket).
    getter = getattr(tls, "get_unverified_chain", None)
    if getter is None:
        getter = tls._sslobj.get_unverified_chain  # type: ignore[union-attr]
    out = []
    for cert in getter() or []:
        out.append(cert if isinstance(cert, bytes) else cert.public_bytes(ssl._ssl.ENCODING_DER))  # type: ignore[attr-defined]
    return out


def _handshake(
    context: ssl.SSLContext, address: str, port: int, server_name: str | None, timeout: float
) -> dict[str, Any]:
    raw = socket.create_connection((address, port), timeout=timeout)
    with raw, context.wrap_socket(raw, server_hostname=server_name or None) as tls:
        return {
            "presented": [ssl.DER_cert_to_PEM_cert(der) for der in _chain_der(tls)],
            "protocol": tls.version() or "",
            "cipher": (tls.cipher() or ("",))[0],
        }


def verifying_context(cafile: str | None) -> ssl.SSLContext:
    """What a careful client uses: the CA file (else the system store), host name checked."""
    context = ssl.create_default_context(cafile=cafile or None)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def fetch_chain(
    address: str, port: int, server_name: str | None = None, cafile: str | None = None, timeout: float = 10.0
) -> dict[str, Any]:
    """Connect to address:port (SNI server_name) and return what the server presents.

    Keys: ``presented`` (PEM texts, leaf first), ``verified`` (the verifying handshake succeeded),
    ``verify_error`` (why it did not), ``protocol``, ``cipher``, and ``error`` when no TLS handshake
    was possible at all (refused, timed out, not TLS); then ``presented`` is empty.
    """
    context = verifying_context(cafile)
    # An IP address as the expected name is matched against the SAN's IP entries by ssl itself.
    name = server_name or address
    try:
        result = _handshake(context, address, port, name, timeout)
        result.update(verified=True, verify_error="")
        return result
    except ssl.SSLCertVerificationError as exc:
        verify_error = exc.verify_message or str(exc)
    except (OSError, ssl.SSLError) as exc:
        return {"presented": [], "verified": False, "verify_error": "", "error": _reason(exc)}
    unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Read-only and reported as unverified: this handshake only reads the chain to explain the failure.
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    # and it reads old servers too (1024-bit keys, SHA-1), whose weakness the audit then reports
    unverified.set_ciphers("DEFAULT:@SECLEVEL=0")
    try:
        result = _handshake(unverified, address, port, name, timeout)
    except (OSError, ssl.SSLError) as exc:
        return {"presented": [], "verified": False, "verify_error": verify_error, "error": _reason(exc)}
    result.update(verified=False, verify_error=verify_error)
    return result


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timed out"
    return "%s: %s" % (type(exc).__name__, exc)
