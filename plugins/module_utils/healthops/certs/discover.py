# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a host serves TLS and keeps its certificates: nginx and Tomcat configuration read as text (pure).

Runs on managed hosts (shipped with library/cert_scan.py), so Python 3.6 and the standard library only;
the certificates themselves are judged on the controller (``evaluate``, with ``cryptography``).

* ``nginx_servers(text, include)``: the ``server`` blocks with a ``listen ... ssl`` (or ``ssl on``): ports,
  ``server_name`` entries and ``ssl_certificate`` files (inherited from the enclosing block); ``include``
  directives are read where they stand through the module's reader, as nginx does;
* ``tomcat_connectors(text, base)``: the connectors with ``SSLEnabled="true"``: port, each
  ``SSLHostConfig``'s host name and its certificate, chain and keystore files (relative paths and
  ``${catalina.base}`` resolved against CATALINA_BASE, as Tomcat does);
* ``pem_certificates(text)``: the CERTIFICATE blocks of a PEM text; private key blocks are never
  returned, so a combined key-and-certificate file leaves the host without its key.
"""

from __future__ import absolute_import, division, print_function

import os
import re
import xml.etree.ElementTree as ET

__metaclass__ = type

PEM_CERT = re.compile(r"-----BEGIN CERTIFICATE-----\s[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----")
_TOKEN = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|((?:[^\s{};"'\\]|\\.)+))""")


def pem_certificates(text):
    """The CERTIFICATE blocks of a PEM text, in order, each ending with a newline."""
    return [block.strip() + "\n" for block in PEM_CERT.findall(text or "")]


def _strip_comments(text):
    out = []
    for line in text.splitlines():
        quote, end = None, len(line)
        for pos, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "#":
                end = pos
                break
        out.append(line[:end])
    return "\n".join(out)


def _tokens(text):
    for match in _TOKEN.finditer(_strip_comments(text)):
        dq, sq, punct, word = match.groups()
        if punct:
            yield punct, True
        elif dq is not None or sq is not None:
            yield dq if dq is not None else sq, False
        elif word is not None:
            yield word, False


MAX_INCLUDE_DEPTH = 10  # nginx refuses include loops at start; a bound keeps a strange tree from running away


def parse_nginx(text, include=None):
    """The configuration as a tree: {"name", "args", "directives": [(name, args)], "blocks": [...]}.

    ``include(pattern)`` returns [(path, text)] of the files an ``include`` names; their directives and blocks
    go where the include stands, as nginx reads them. Without it includes stay directives.
    """
    root = {"name": "", "args": [], "directives": [], "blocks": []}
    _parse_into([root], text, include, 0)
    return root


def _parse_into(stack, text, include, depth):
    words = []
    for word, punct in _tokens(text):
        if not punct:
            words.append(word)
            continue
        if word == ";":
            if words[:1] == ["include"] and len(words) > 1 and include is not None and depth < MAX_INCLUDE_DEPTH:
                for _path, sub in include(words[1]):
                    _parse_into(stack, sub, include, depth + 1)
            elif words:
                stack[-1]["directives"].append((words[0], words[1:]))
            words = []
        elif word == "{":
            block = {"name": words[0] if words else "", "args": words[1:], "directives": [], "blocks": []}
            stack[-1]["blocks"].append(block)
            stack.append(block)
            words = []
        elif word == "}":
            if len(stack) > 1:
                stack.pop()
            words = []


def _values(block, name):
    return [args for directive, args in block["directives"] if directive == name]


def _listen_ssl(args):
    """(port, address) of a listen directive that serves TLS over TCP, else None."""
    if not args or "ssl" not in args[1:] or args[0].startswith("unix:"):
        return None
    spec = args[0]
    address, port = "", spec
    if spec.startswith("["):
        address, _, port = spec[1:].partition("]")
        port = port.lstrip(":") or "443"
    elif ":" in spec:
        address, port = spec.rsplit(":", 1)
    elif not spec.isdigit():
        address, port = spec, "443"
    return (int(port), address) if port.isdigit() else None


def nginx_servers(text, include=None):
    """The TLS server blocks of an nginx configuration (``include`` as for parse_nginx), at any depth."""
    servers = []

    def walk(block, certificates):
        own = [args[0] for args in _values(block, "ssl_certificate") if args]
        certificates = own or certificates
        for child in block["blocks"]:
            if child["name"] == "server":
                servers.extend(_server(child, certificates))
            else:
                walk(child, certificates)

    walk(parse_nginx(text, include), [])
    return servers


def _server(block, inherited):
    legacy_ssl = any(args[:1] == ["on"] for args in _values(block, "ssl"))
    listens = []
    for args in _values(block, "listen"):
        found = _listen_ssl(args if not legacy_ssl or "ssl" in args else args + ["ssl"])
        if found and found not in listens:
            listens.append(found)
    if not listens:
        return []
    names = [n for args in _values(block, "server_name") for n in args if n and n != "_"]
    certificates = [args[0] for args in _values(block, "ssl_certificate") if args] or inherited
    return [
        {
            "port": port,
            "listen": address,
            "server_names": names,
            "server_name": next((n for n in names if "*" not in n and "~" not in n and "$" not in n), None),
            # a certificate named by a variable ($ssl_server_name) is chosen at run time: not a file to read
            "certificates": [c for c in certificates if "$" not in c],
        }
        for port, address in listens
    ]


def _resolve(path, base):
    if not path:
        return None
    path = path.replace("${catalina.base}", base).replace("${catalina.home}", base)
    return path if os.path.isabs(path) else os.path.join(base, path)


def tomcat_connectors(text, base):
    """The TLS connectors of a server.xml text; raises ValueError when it is not well-formed XML."""
    if "<!ENTITY" in text:
        # an internal entity can expand to gigabytes ("billion laughs"): not parsed on a managed host
        raise ValueError("entity declarations (<!ENTITY ...>) are not read; list its endpoints in inventory")
    try:
        root = ET.fromstring(text)  # noqa: S314 - the host's own server.xml, entity declarations refused above
    except ET.ParseError as exc:
        raise ValueError("not well-formed XML: %s" % exc) from None
    connectors = []
    for connector in root.iter("Connector"):
        if connector.get("SSLEnabled", "false").lower() != "true" or not connector.get("port", "").isdigit():
            continue
        hosts = []
        for host_config in connector.findall("SSLHostConfig"):
            for cert in host_config.findall("Certificate") or [None]:
                hosts.append(_host_entry(host_config.get("hostName", "_default_"), cert, host_config, base))
        if not hosts:  # the attributes of Tomcat 8.5 and older, on the connector itself
            hosts.append(_host_entry("_default_", connector, connector, base, legacy=True))
        connectors.append({"port": int(connector.get("port")), "listen": connector.get("address", ""), "hosts": hosts})
    return connectors


def _host_entry(host_name, cert, host_config, base, legacy=False):
    get = (cert if cert is not None else host_config).get
    if legacy:
        files = (get("SSLCertificateFile"), get("SSLCertificateChainFile"), get("keystoreFile"))
    else:
        files = (get("certificateFile"), get("certificateChainFile"), get("certificateKeystoreFile"))
    return {
        "host_name": None if host_name == "_default_" else host_name,
        "certificate": _resolve(files[0], base),
        "chain": _resolve(files[1], base),
        "keystore": _resolve(files[2], base),
    }
