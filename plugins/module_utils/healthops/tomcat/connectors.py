# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat's connectors as server.xml declares them: what tomcat_probe reports, the ports before an edit.

Reads the elements healthops.tomcat.server_xml parses; never edits. Standard library only,
Python >= 3.6: this runs on the Tomcat host.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.tomcat.server_xml import (
    AJP,
    HTTP,
    Element,
    connector_family,
    count_elements,
    find_connector,
    find_executor,
    find_service,
    is_placeholder,
    is_tls,
    parse,
    shown_value,
)

__metaclass__ = type


def matched_ports(text: str, spec: Dict[str, Any]) -> List[Optional[int]]:
    """For each connector of ``spec``: the port of the connector it matches in ``text`` (None: would be created).

    After a failed change, this is where the previous configuration listens.
    """
    service = find_service(parse(text), spec.get("service") or "Catalina")
    ports = []  # type: List[Optional[int]]
    for conn in spec.get("connectors") or []:
        connector = find_connector(service, conn.get("protocol", HTTP), conn.get("port"))
        port = connector.get("port") if connector is not None else None
        ports.append(int(port) if port and port.isdigit() else None)
    return ports


def matched_schemes(text: str, spec: Dict[str, Any]) -> List[str]:
    """For each connector of ``spec``: "https" when the connector it matches in ``text`` has TLS, else "http"
    (the scheme a health check must use on its port)."""
    service = find_service(parse(text), spec.get("service") or "Catalina")
    schemes = []  # type: List[str]
    for conn in spec.get("connectors") or []:
        connector = find_connector(service, conn.get("protocol", HTTP), conn.get("port"))
        schemes.append("https" if connector is not None and is_tls(connector) else "http")
    return schemes


# --------------------------------------------------------------------- reading the effective config


def connectors_summary(text: str, service_name: Optional[str] = None) -> List[Dict[str, Any]]:
    """Connectors of every Service (or of ``service_name``) with the thread settings that apply to them (from
    their executor when shared). Raises ServerXmlError for a file the XML parser refuses, as Tomcat would.

    Each item: service, family, port, address, name (Tomcat's "http-nio-8080"), executor, maxThreads,
    minSpareThreads (None when the file holds a placeholder such as ``${maxThreads}``: Tomcat resolves it,
    we cannot), placeholders (attribute -> raw value), thread_prefix (name prefix of the worker threads),
    tls, attributes.
    """
    count_elements(text)
    elements = parse(text)
    services = [e for e in elements if e.tag == "Service" and e.parent is not None and e.parent.tag == "Server"]
    if service_name:
        services = [find_service(elements, service_name)]
    summary = []
    for service in services:
        for connector in (c for c in service.children if c.tag == "Connector"):
            summary.append(_summary(service, connector))
    return summary


def _summary(service: Element, connector: Element) -> Dict[str, Any]:
    family = connector_family(connector)
    protocol = connector.get("protocol", "HTTP/1.1") or "HTTP/1.1"
    io = "nio2" if "Nio2" in protocol else ("apr" if "Apr" in protocol else "nio")
    prefix = ("ajp" if family == AJP else "http") + "-" + io
    address = connector.get("address")
    port = connector.get("port")
    name = "%s-%s%s" % (prefix, (address + "-") if address else "", port)
    executor_name = connector.get("executor")
    executor = find_executor(service, executor_name) if executor_name else None
    pool = executor if executor is not None else connector
    defaults = (200, 25) if executor is not None else (200, 10)
    placeholders = {k: pool.get(k) for k in ("maxThreads", "minSpareThreads") if is_placeholder(k, pool.get(k) or "0")}  # type: Dict[str, Any]
    if port and is_placeholder("port", port):
        placeholders["port"] = port
    return {
        "service": service.get("name"),
        "family": family,
        "port": int(port) if port and port.isdigit() else port,
        "address": address,
        "name": name,
        "executor": executor_name if executor is not None else None,
        "maxThreads": _int(pool.get("maxThreads"), defaults[0]),
        "minSpareThreads": _int(pool.get("minSpareThreads"), defaults[1]),
        "placeholders": placeholders,
        "thread_prefix": executor.get("namePrefix", "tomcat-exec-") if executor is not None else name + "-exec-",
        "tls": is_tls(connector),
        "attributes": {a.name: shown_value(a.name, a.value) for a in connector.attrs},
    }


def _int(value: Optional[str], default: int) -> Optional[int]:
    """The attribute as a number; Tomcat's default when absent; None when it is a placeholder."""
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return None
