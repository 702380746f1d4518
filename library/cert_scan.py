#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cert_scan
short_description: Find a host's TLS endpoints and certificate files in its nginx and Tomcat configuration
description:
  - Reads the nginx configuration (O(nginx_config) and every file its C(include) directives name) and each Tomcat
    C(server.xml) matching O(tomcat_server_xml), and returns the TLS endpoints they define (port, server names) and
    the certificate files they use, with the certificates of those files and of O(files).
  - Only the C(CERTIFICATE) blocks of a file leave the host; private key blocks of a combined file are never read
    into the result. A DER certificate is returned as PEM. Keystores (PKCS12, JKS) are named, not read (they need a
    password); their certificate is checked through the connector's endpoint.
  - The certificates are judged on the controller by M(ansible.legacy.cert_audit) (the host needs no
    C(cryptography)).
  - Read-only; a missing configuration file means the service is not installed and is not an error.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
options:
  nginx_config:
    description: nginx's main configuration files; the C(include) patterns in them are followed (relative ones from
      the directory of the file that names them, as nginx's prefix C(/etc/nginx) is).
    type: list
    elements: path
    default: [/etc/nginx/nginx.conf]
  tomcat_server_xml:
    description:
      - Glob patterns of Tomcat C(server.xml) files, each at C(<CATALINA_BASE>/conf/server.xml); relative
        certificate paths and C(${catalina.base}) are resolved against that base, as Tomcat does.
      - A file reached by two patterns (a symbolic link) is read once.
    type: list
    elements: str
    default: [/var/lib/tomcat*/conf/server.xml, /opt/tomcat*/conf/server.xml]
  files:
    description: Further certificate files to read (inventory's C(cert_audit_files)); glob patterns allowed.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The certificate file (PEM or DER).
        type: str
        required: true
      chain:
        description: A file with its intermediates, when they are kept apart.
        type: path
      check_chain:
        description: Whether the chain must reach a trusted root from what these files hold.
        type: bool
        default: true
  max_file_size:
    description: Bytes above which a file is not read (a certificate file is a few kilobytes).
    type: int
    default: 1048576
notes:
  - Run with C(become) when the certificate or configuration files are readable by root only.
seealso:
  - module: ansible.legacy.cert_audit
"""

EXAMPLES = r"""
- name: Cert audit | Find the TLS endpoints and certificate files
  ansible.legacy.cert_scan:
    files:
      - path: /etc/pki/device/*.pem
        check_chain: false
  register: __cert_scan
"""

RETURN = r"""
endpoints:
  description: The TLS endpoints of the configuration, one per port and server name.
  returned: always
  type: list
  elements: dict
  sample:
    - {port: 443, listen: "", server_name: yw.example.gov.cn, server_names: [yw.example.gov.cn],
       source: "nginx:/etc/nginx/nginx.conf", certificate: /etc/nginx/tls/yw.pem, chain: null}
files:
  description: The certificate files read (configured ones first), with their certificates as PEM.
  returned: always
  type: list
  elements: dict
  sample:
    - {path: /etc/nginx/tls/yw.pem, source: "nginx:/etc/nginx/nginx.conf", certificates: ["-----BEGIN ..."],
       chain: null, check_chain: true, keystore: false, error: ""}
sources:
  description: Each configuration file looked at, with C(read), C(absent) or the error reading it.
  returned: always
  type: dict
  sample: {/etc/nginx/nginx.conf: read, /var/lib/tomcat10/conf/server.xml: read}
"""

import base64
import glob
import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.module_utils.healthops.certs.discover import nginx_servers, pem_certificates, tomcat_connectors

ARGUMENT_SPEC = dict(
    nginx_config=dict(type="list", elements="path", default=["/etc/nginx/nginx.conf"]),
    tomcat_server_xml=dict(
        type="list", elements="str", default=["/var/lib/tomcat*/conf/server.xml", "/opt/tomcat*/conf/server.xml"]
    ),
    files=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            path=dict(type="str", required=True),
            chain=dict(type="path"),
            check_chain=dict(type="bool", default=True),
        ),
    ),
    max_file_size=dict(type="int", default=1048576),
)


def read_limited(path, limit):
    """The file's bytes; IOError when it is larger than ``limit``."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise IOError("larger than %d bytes" % limit)
    return data


def certificates_of(data):
    """PEM certificate blocks of a file's bytes: its PEM blocks, or the file itself when it is DER."""
    found = pem_certificates(to_text(data, errors="surrogate_or_replace"))
    if not found and data[:2] == b"\x30\x82":
        body = base64.b64encode(data).decode("ascii")
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        found = ["-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"]
    return found


def nginx_reader(prefix, limit, sources):
    """The include reader of discover.parse_nginx: relative patterns from nginx's prefix, as nginx resolves them."""

    def include(pattern):
        full = pattern if os.path.isabs(pattern) else os.path.join(prefix, pattern)
        found = []
        for path in sorted(glob.glob(full)):
            try:
                found.append((path, to_text(read_limited(path, limit), errors="surrogate_or_replace")))
            except (IOError, OSError) as exc:
                sources[path] = to_native(exc)
            else:
                sources[path] = "read"
        return found

    return include


def scan_nginx(mains, limit, sources):
    """Endpoints of nginx's configuration, includes read where they stand."""
    endpoints = []
    for path in mains:
        try:
            text = to_text(read_limited(path, limit), errors="surrogate_or_replace")
        except (IOError, OSError) as exc:
            sources[path] = "absent" if not os.path.exists(path) else to_native(exc)
            continue
        sources[path] = "read"
        for server in nginx_servers(text, nginx_reader(os.path.dirname(path), limit, sources)):
            # one endpoint per name a client can ask for by SNI; wildcards and regexes name none
            usable = [n for n in server["server_names"] if not set("*~$") & set(n)] or [None]
            for name in usable:
                endpoints.append(
                    {
                        "port": server["port"],
                        "listen": server["listen"],
                        "server_name": name,
                        "server_names": server["server_names"],
                        "source": "nginx:" + path,
                        "certificate": server["certificates"][0] if server["certificates"] else None,
                        "certificates": server["certificates"],
                        "chain": None,
                    }
                )
    return endpoints


def scan_tomcat(patterns, limit, sources):
    """Endpoints of every Tomcat's server.xml."""
    endpoints = []
    seen = set()
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            base = os.path.dirname(os.path.dirname(os.path.abspath(path)))
            try:
                connectors = tomcat_connectors(to_text(read_limited(path, limit), errors="surrogate_or_replace"), base)
            except (IOError, OSError, ValueError) as exc:
                sources[path] = to_native(exc)
                continue
            sources[path] = "read"
            for connector in connectors:
                for host in connector["hosts"]:
                    endpoints.append(
                        {
                            "port": connector["port"],
                            "listen": connector["listen"],
                            "server_name": host["host_name"],
                            "server_names": [host["host_name"]] if host["host_name"] else [],
                            "source": "tomcat:" + path,
                            "certificate": host["certificate"] or host["keystore"],
                            "certificates": [c for c in (host["certificate"],) if c],
                            "chain": host["chain"],
                            "keystore": host["keystore"],
                        }
                    )
    return endpoints


def read_file(path, chain, check_chain, source, limit, keystore=False):
    entry = {"path": path, "chain": chain, "check_chain": check_chain, "source": source, "keystore": keystore}
    entry.update(certificates=[], error="")
    if keystore:
        return entry
    for name in [path] + ([chain] if chain else []):
        try:
            found = certificates_of(read_limited(name, limit))
        except (IOError, OSError) as exc:
            entry["error"] = "%s: %s" % (name, to_native(exc))
            return entry
        if not found:
            entry["error"] = "%s holds no certificate" % name
            return entry
        entry["certificates"].extend(found)
    return entry


def scan(params):
    """The whole result of one call (I/O of the host's files)."""
    limit = params["max_file_size"]
    sources = {}
    endpoints = scan_nginx(params["nginx_config"], limit, sources)
    endpoints.extend(scan_tomcat(params["tomcat_server_xml"], limit, sources))
    files, seen = [], set()
    for item in params["files"]:
        matches = sorted(glob.glob(item["path"])) or [item["path"]]  # a missing file is reported as such
        for path in matches:
            if path not in seen:
                seen.add(path)
                files.append(read_file(path, item["chain"], item["check_chain"], "inventory", limit))
    for endpoint in endpoints:
        for path in endpoint["certificates"] or ([endpoint.get("keystore")] if endpoint.get("keystore") else []):
            if path in seen:
                continue
            seen.add(path)
            keystore = path == endpoint.get("keystore")
            files.append(read_file(path, endpoint["chain"], True, endpoint["source"], limit, keystore=keystore))
    for endpoint in endpoints:
        endpoint.pop("certificates", None)
        endpoint.pop("keystore", None)
    return {"changed": False, "endpoints": endpoints, "files": files, "sources": sources}


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.exit_json(**scan(module.params))


if __name__ == "__main__":
    main()
