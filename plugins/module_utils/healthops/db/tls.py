# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS to PostgreSQL (postgres_probe, db_compare): the libpq parameters and how the report grades them.

``postgres_tls`` decides how a connection uses TLS (verify-full by default, against the
CA file or the system's); ``tls_status`` how the report grades it; ``tls_error_cause``
names the fix for a failed TLS set-up.
"""

import os
from typing import Dict, Optional, Sequence, Tuple

from ansible.module_utils.healthops.common.result import ERROR, INFO, PASS, WARN
from ansible.module_utils.healthops.db.compat import FrozenRecord

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
VERIFYING_SSL_MODES = ("verify-ca", "verify-full")
# Safe by default: the server's certificate and its name are checked. Anything weaker is an opt-out
# the operator writes down, and every run reports it.
DEFAULT_SSL_MODE = "verify-full"
# The system's trusted CAs, where the distributions the estates run keep them (Debian, Ubuntu, Kylin
# and UOS; RHEL/CentOS 7-9; SUSE; others). Preferred to libpq's sslrootcert=system (libpq 16+), which
# follows the OpenSSL that libpq was built with: a wheel's bundled OpenSSL may look elsewhere.
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
)
LIBPQ_SYSTEM_ROOTCERT = 160000
OPT_OUT_HINT = "set ssl_mode verify-full and the CA file that signed the server's certificate (ca_cert) to verify it"


class TlsPlan(FrozenRecord):
    """How a PostgreSQL connection uses TLS: the libpq parameters and what the report says about them.

    ``verified``: the server's certificate is checked against ``ca`` (with verify-full also its name).
    ``error``: why the connection must not be tried as asked (no CA to verify with). ``local``: a Unix
    socket, where libpq does not use TLS.
    """

    _fields = ("ssl_mode", "params", "verified", "ca", "error", "local")
    ssl_mode: str
    params: Dict[str, str]
    verified: bool
    ca: str
    error: Optional[str]
    local: bool

    def __init__(
        self,
        ssl_mode: str,
        params: Dict[str, str],
        verified: bool,
        ca: str = "",
        error: Optional[str] = None,
        local: bool = False,
    ) -> None:
        self._set(ssl_mode=ssl_mode, params=params, verified=verified, ca=ca, error=error, local=local)


def postgres_tls(
    ssl_mode: Optional[str],
    ca_cert: Optional[str],
    libpq_version: int,
    system_bundle: Optional[str],
    local: bool = False,
) -> TlsPlan:
    """The TLS plan of a connection: ``ssl_mode`` (default verify-full) and where the trusted CAs come from.

    A CA file given is used as is. Without one, a verifying mode uses the system's CA bundle
    (``system_bundle``, found by ``find_ca_bundle``), else libpq's ``sslrootcert=system`` (libpq 16+,
    verify-full only); with neither, the plan is an error that tells the operator what to set, and
    nothing connects: a default must never silently accept any certificate.
    """
    mode = ssl_mode or DEFAULT_SSL_MODE
    if mode not in SSL_MODES:
        return TlsPlan(mode, {}, False, error=f"ssl_mode {mode!r} is not one of {', '.join(SSL_MODES)}")
    if local:
        return TlsPlan(mode, {}, False, local=True)
    params = {"sslmode": mode}
    if ca_cert:
        params["sslrootcert"] = ca_cert
        return TlsPlan(mode, params, mode in VERIFYING_SSL_MODES, f"CA file {ca_cert}")
    if mode not in VERIFYING_SSL_MODES:
        return TlsPlan(mode, params, False)
    if system_bundle:
        params["sslrootcert"] = system_bundle
        return TlsPlan(mode, params, True, f"the system CA bundle {system_bundle}")
    if mode == "verify-full" and libpq_version >= LIBPQ_SYSTEM_ROOTCERT:
        params["sslrootcert"] = "system"
        return TlsPlan(mode, params, True, "the system CA store")
    return TlsPlan(
        mode,
        params,
        False,
        error=(
            f"ssl_mode {mode} needs CA certificates to verify the server with: no CA file is set (ca_cert) and "
            "no system CA bundle was found; set the CA file that signed the server's certificate, or opt out "
            "explicitly with ssl_mode require (encrypted, not verified) or disable"
        ),
    )


def find_ca_bundle(candidates: Sequence[str] = SYSTEM_CA_BUNDLES) -> Optional[str]:
    """The first system CA bundle that exists on this machine."""
    return next((path for path in candidates if os.path.isfile(path)), None)


def tls_status(plan: TlsPlan, in_use: Optional[bool], protocol: Optional[str]) -> Tuple[str, str]:
    """(status, detail) of the connection's TLS for the report; an opt-out is a WARN that says so."""
    proto = protocol or "TLS"
    if plan.local:
        return INFO, "local Unix socket: TLS does not apply"
    if plan.verified and in_use:
        if plan.ssl_mode == "verify-full":
            return PASS, f"{proto}, server certificate verified against {plan.ca} and its name matched (verify-full)"
        return WARN, (
            f"{proto}, server certificate verified against {plan.ca} but not its name (ssl_mode verify-ca given "
            "explicitly): any server holding a certificate from that CA is accepted"
        )
    if plan.verified:
        return ERROR, f"ssl_mode {plan.ssl_mode} but the connection does not use TLS"
    if in_use:
        return WARN, (
            f"not verified: {proto} in use, but the server's certificate is not checked (ssl_mode {plan.ssl_mode} "
            f"given explicitly); {OPT_OUT_HINT}"
        )
    return WARN, (
        f"not verified and not encrypted (ssl_mode {plan.ssl_mode} given explicitly): credentials and data cross "
        f"the network in clear text; {OPT_OUT_HINT}"
    )


# libpq's words for a failed TLS set-up, and what the operator should do about each.
_TLS_CAUSES = (
    (
        ("certificate verify failed",),
        "TLS verification failed: the server's certificate is not signed by the CA in use; set the CA file that "
        "signed it (ca_cert), or opt out explicitly with ssl_mode require",
    ),
    (
        ("does not match host name",),
        "TLS verification failed: the server's certificate names another host; connect by a name the certificate "
        "carries, or opt out of the name check explicitly with ssl_mode verify-ca",
    ),
    (
        ("server does not support ssl", "ssl was required", "ssl is not enabled on the server"),
        "the server does not offer TLS: give it a certificate (ssl = on), or opt out explicitly with ssl_mode disable",
    ),
    (
        ("root certificate file", "could not read root certificate", "could not load root certificate"),
        "TLS CA file missing or unreadable: set ca_cert to a readable CA file, or opt out explicitly with "
        "ssl_mode require",
    ),
)


def tls_error_cause(message: str) -> Optional[str]:
    """The likely TLS cause of a failed connection and the fix, or None when it is not about TLS."""
    lower = message.lower()
    return next((cause for needles, cause in _TLS_CAUSES if any(n in lower for n in needles)), None)
