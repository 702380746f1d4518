#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cert_audit
short_description: Audit a host's TLS endpoints and certificate files from the controller
description:
  - "Runs on the controller, in-process, as an action plugin (C(plugins/action/cert_audit.py)); the certificates
    are parsed there with C(cryptography), so managed hosts need nothing."
  - For each endpoint of O(endpoints) it makes a TLS handshake from the controller that verifies the chain against
    O(ca_file) (else the controller's system store) and the host name, as a careful client does. When that fails a
    second, unverified handshake reads what the server presents, and the checks say why; the failed verification is
    reported (C(cert.handshake)), never hidden by the chain that was read.
  - Checks per endpoint and per file of O(files) (from M(ansible.legacy.cert_scan)), named C(<check>:<name>) -
    C(cert.expiry) days to expiry of the leaf (WARN and FAIL from the C(cert_days_to_expiry) threshold, the earliest
    expiry of every presented certificate in its detail), C(cert.chain_expiry) of the verified chain (a stale
    cross-signed root that is presented but not needed raises no alarm), C(cert.chain) incomplete chain,
    C(cert.hostname) SAN not covering the expected name, C(cert.self_signed) where a CA is expected, C(cert.key) weak
    key, C(cert.signature) SHA-1 or MD5, C(cert.revocation) with O(revocation); C(cert.connect) (ERROR) when no
    handshake was possible, C(cert.file) (ERROR) for a file not read and (INFO) for a keystore, C(cert.scan) (ERROR)
    when O(scan_error) is set, C(cert.config) (ERROR) for a file of O(sources) not read.
  - Read-only; nothing is sent to the endpoint after the handshake.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
options:
  address:
    description: Where the controller reaches the host (its C(ansible_host)); the address of every endpoint that names
      none, and of every endpoint of O(discovered).
    type: str
    required: true
  hostname:
    description: The name clients use for the host; what the certificate of an endpoint without a server name must
      cover. Default O(address).
    type: str
  endpoints:
    description: The TLS endpoints listed in inventory (C(cert_audit_endpoints)).
    type: list
    elements: dict
    default: []
    suboptions:
      address:
        description: Where the controller connects (host name or IP address); default O(address).
        type: str
      port:
        description: The TCP port.
        type: int
        required: true
      server_name:
        description: The name sent by SNI; none when the server has one certificate for all names (the handshake then
          sends and verifies the name the certificate must cover, as a client that knows the host by it).
        type: str
      hostname:
        description:
          - The name the certificate must cover.
          - Default O(endpoints[].server_name), else O(hostname), else the endpoint's address.
        type: str
      name:
        description: The endpoint's name in the check ids; default C(<server_name or address>:<port>).
        type: str
      source:
        description: Where the endpoint was found (C(inventory), C(nginx:<file>), C(tomcat:<file>)).
        type: str
        default: inventory
  discovered:
    description:
      - The endpoints M(ansible.legacy.cert_scan) found in the host's nginx and Tomcat configuration (its
        C(endpoints)), reached at O(address); the certificate must cover the endpoint's server name, else O(hostname).
      - One that listens on a loopback address only is not reachable from the controller and is listed in
        RV(skipped).
    type: list
    elements: dict
    default: []
  files:
    description: Certificate files as M(ansible.legacy.cert_scan) returns them (its C(files)).
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The file on the host.
        type: str
        required: true
      certificates:
        description: Its certificates (and those of O(files[].chain)), PEM, leaf first.
        type: list
        elements: str
        default: []
      chain:
        description: The file holding its intermediates, if apart.
        type: str
      check_chain:
        description: Whether the chain must reach a trusted root from what the files hold.
        type: bool
        default: true
      keystore:
        description: A keystore, not read on the host (INFO).
        type: bool
        default: false
      error:
        description: Why the host could not read it (ERROR).
        type: str
        default: ""
      source:
        description: Where the file was named.
        type: str
        default: inventory
  sources:
    description:
      - The configuration files M(ansible.legacy.cert_scan) looked at (its C(sources)); each one it could not read
        (permissions, not well-formed) is a C(cert.config:<file>) ERROR, since its endpoints would be missing.
    type: dict
    default: {}
  scan_error:
    description: Why the host's configuration and files could not be read (a C(cert.scan) ERROR check); empty when read.
    type: str
    default: ""
  ca_file:
    description:
      - PEM file on the controller with the CA certificates the chains must reach (the estate's own CA, or the one
        that issued the one-year certificate). Default the controller's system CA bundle.
    type: path
  expect_ca:
    description: Whether a self-signed leaf is a FAIL (C(cert.self_signed)); false for a device that only has its own.
    type: bool
    default: true
  min_rsa_bits:
    description: Smallest RSA (or DSA) key accepted.
    type: int
    default: 2048
  min_ec_bits:
    description: Smallest elliptic-curve key accepted.
    type: int
    default: 256
  timeout:
    description: Seconds to wait for each connection and handshake (and each OCSP or CRL request).
    type: int
    default: 10
  revocation:
    description:
      - Also ask whether each served certificate (and each certificate file that is not a CA's) is revoked - its
        OCSP responder first, else its CRL, from the controller (C(cert.revocation)). Off by default, since these
        networks are often closed.
    type: bool
    default: false
  revocation_soft_fail:
    description:
      - When the answer cannot be had or trusted (no responder reachable, no URL in the certificate, a stale or
        unsigned answer), C(cert.revocation) is C(INFO) (true) or C(ERROR) (false). A revoked certificate is always
        C(FAIL).
    type: bool
    default: true
notes:
  - Grades the threshold C(cert_days_to_expiry) (default WARN under 30 days, FAIL under 7 or expired); the other ids
    of the shared catalogue are validated and ignored, so a system's whole C(healthops_thresholds) can be passed.
  - Revocation (OCSP, CRL) is checked only with O(revocation); an OCSP answer counts when the issuer (or its
    OCSP responder) signed it and it is current, a CRL when the issuer signed it and it is not past its next update.
seealso:
  - module: ansible.legacy.cert_scan
  - module: community.crypto.get_certificate
"""

EXAMPLES = r"""
- name: Cert audit | Check the endpoints and files of the host
  ansible.legacy.cert_audit:
    address: "{{ ansible_host }}"
    hostname: yw-app-01.example.gov.cn
    endpoints:
      - {port: 443, server_name: yw.example.gov.cn}
    discovered: "{{ __cert_scan.endpoints }}"
    files: "{{ __cert_scan.files }}"
    ca_file: "{{ inventory_dir }}/files/pki/ca.crt"
    thresholds: {cert_days_to_expiry: {warn: 45, fail: 14}}
  register: cert_audit_result
"""

RETURN = r"""
checks:
  description: The checks of the result model, one group per endpoint and file.
  returned: always
  type: list
  elements: dict
  sample:
    - {id: "cert.expiry:yw.example.gov.cn:443", category: certificate,
       title: "Certificate expiry yw.example.gov.cn:443", title_zh: "证书有效期 yw.example.gov.cn:443",
       status: WARN, value: 21, threshold: "30/7", unit: days,
       detail: "CN=yw.example.gov.cn expires 2026-07-01T00:00:00+00:00; earliest presented expiry ..."}
endpoints:
  description: Each endpoint with what it serves (subject, issuer, serial, SHA-256 fingerprint, days to expiry,
    whether a verifying client accepts it), the earliest expiry among all it presents (C(earliest_not_after),
    C(earliest_subject)) and the verified chain's days to expiry (C(chain_days_to_expiry), null when it does not
    verify).
  returned: always
  type: list
  elements: dict
  sample:
    - {name: "yw.example.gov.cn:443", address: 10.10.4.21, port: 443, verified: true, serial: "1F3A",
       sha256: "AB12...", days_to_expiry: 21, not_after: "2026-07-01T00:00:00+00:00", status: WARN}
files:
  description: Each file with the same summary of its first certificate.
  returned: always
  type: list
  elements: dict
skipped:
  description: Endpoints of O(discovered) not checked, with the reason (a loopback listen address).
  returned: always
  type: list
  elements: dict
"""

import ssl

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.healthops.certs.audit import (
    endpoint_checks,
    file_checks,
    policy_from,
    scan_error_check,
    source_checks,
)
from ansible.module_utils.healthops.certs.evaluate import load_pem_chain
from ansible.module_utils.healthops.certs.revocation import http_fetch
from ansible.module_utils.healthops.certs.tls import fetch_chain
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS, merge_thresholds, validate_thresholds

ARGUMENT_SPEC = dict(
    address=dict(type="str", required=True),
    hostname=dict(type="str"),
    discovered=dict(type="list", elements="dict", default=[]),
    endpoints=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            address=dict(type="str"),
            port=dict(type="int", required=True),
            server_name=dict(type="str"),
            hostname=dict(type="str"),
            name=dict(type="str"),
            source=dict(type="str", default="inventory"),
        ),
    ),
    files=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            path=dict(type="str", required=True),
            certificates=dict(type="list", elements="str", default=[]),
            chain=dict(type="str"),
            check_chain=dict(type="bool", default=True),
            keystore=dict(type="bool", default=False),
            error=dict(type="str", default=""),
            source=dict(type="str", default="inventory"),
        ),
    ),
    sources=dict(type="dict", default={}),
    scan_error=dict(type="str", default=""),
    ca_file=dict(type="path"),
    expect_ca=dict(type="bool", default=True),
    min_rsa_bits=dict(type="int", default=2048),
    min_ec_bits=dict(type="int", default=256),
    timeout=dict(type="int", default=10),
    revocation=dict(type="bool", default=False),
    revocation_soft_fail=dict(type="bool", default=True),
    thresholds=dict(type="dict", default={}),
)


class ModuleError(Exception):
    """A failure to report with fail_json."""

    def __init__(self, msg, **extra):
        super(ModuleError, self).__init__(msg)
        self.extra = extra


def trusted_roots(ca_file):
    """The CA certificates chains must reach: the CA file, else the system bundle ssl would use."""
    path = ca_file
    if not path:
        paths = ssl.get_default_verify_paths()
        path = paths.cafile or paths.openssl_cafile
    try:
        with open(path, "rb") as handle:
            return load_pem_chain(handle.read())
    except (IOError, OSError, ValueError) as exc:
        raise ModuleError("ca_file %s cannot be read as PEM certificates: %s" % (path, to_native(exc))) from None


LOOPBACK = ("127.", "::1", "localhost")


def unique_endpoints(params):
    """(endpoints to check, skipped): inventory's first, then the discovered ones; each (address, port, SNI) once,
    with its address, expected host name and name filled in."""
    candidates = [dict(item, source=item.get("source") or "inventory") for item in params["endpoints"]]
    skipped = []
    for item in params["discovered"]:
        listen = item.get("listen") or ""
        entry = {"port": item.get("port"), "server_name": item.get("server_name"), "source": item.get("source", "")}
        if listen.startswith(LOOPBACK):
            skipped.append(dict(entry, listen=listen, reason="listens on a loopback address only"))
            continue
        candidates.append(entry)
    out, seen = [], set()
    for item in candidates:
        address = item.get("address") or params["address"]
        key = (address, int(item["port"]), item.get("server_name") or None)
        if key in seen:
            continue
        seen.add(key)
        entry = dict(item, address=address, port=int(item["port"]))
        entry["hostname"] = item.get("hostname") or item.get("server_name") or params["hostname"] or address
        entry["name"] = item.get("name") or "%s:%s" % (item.get("server_name") or address, item["port"])
        out.append(entry)
    return out, skipped


def execute(params, check_mode):
    """The result of one call; check mode reads the same (a handshake changes nothing)."""
    del check_mode
    errors = validate_thresholds(params["thresholds"], DEFAULT_THRESHOLDS)
    if errors:
        raise ModuleError("; ".join(errors))
    policy = policy_from(merge_thresholds(DEFAULT_THRESHOLDS, params["thresholds"]), params)
    trusted = trusted_roots(params["ca_file"])
    revocation = None
    if params["revocation"]:
        revocation = {"fetch": http_fetch(params["timeout"]), "soft_fail": params["revocation_soft_fail"]}
    endpoints, skipped = unique_endpoints(params)
    result = {"changed": False, "checks": [], "endpoints": [], "files": [], "skipped": skipped}
    if params["scan_error"]:
        result["checks"].append(scan_error_check(params["scan_error"]))
    result["checks"].extend(source_checks(params["sources"]))
    for endpoint in endpoints:
        # A verifying client asks for, and checks, the name it knows the endpoint by (the server name, else the
        # name the certificate must cover), not the address it happens to connect to.
        name = endpoint.get("server_name") or endpoint["hostname"]
        fetched = fetch_chain(endpoint["address"], endpoint["port"], name, params["ca_file"], params["timeout"])
        checks, info = endpoint_checks(endpoint, fetched, trusted, policy, revocation=revocation)
        result["checks"].extend(checks)
        result["endpoints"].append(info)
    for entry in params["files"]:
        checks, info = file_checks(entry, trusted, policy, revocation=revocation)
        result["checks"].extend(checks)
        result["files"].append(info)
    return result


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        module.exit_json(**execute(module.params, module.check_mode))
    except ModuleError as exc:
        module.fail_json(msg=str(exc), **exc.extra)


if __name__ == "__main__":
    main()
