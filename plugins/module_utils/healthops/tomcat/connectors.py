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
    connector_family,
    find_connector,
    find_executor,
    find_service,
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


# --------------------------------------------------------------------- reading the effective config


def connectors_summary(text: str, service_name: str = "Catalina") -> List[Dict[str, Any]]:
    """Connectors of a service with the thread settings that apply to them (from their executor when shared).

    Each item: family, port, address, name (Tomcat's "http-nio-8080"), executor, maxThreads,
    minSpareThreads, thread_prefix (name prefix of the worker threads), tls, attributes.
    """
    elements = parse(text)
    service = find_service(elements, service_name)
    summary = []
    for connector in (c for c in service.children if c.tag == "Connector"):
        family = connector_family(connector)
        protocol = connector.get("protocol", "HTTP/1.1") or "HTTP/1.1"
        io = "nio2" if "Nio2" in protocol else ("apr" if "Apr" in protocol else "nio")
        prefix = ("ajp" if family == AJP else "http") + "-" + io
        address = connector.get("address")
        port = connector.get("port")
        name = "%s-%s%s" % (prefix, (address + "-") if address else "", port)
        executor_name = connector.get("executor")
        executor = find_executor(service, executor_name) if executor_name else None
        if executor is not None:
            max_threads = executor.get("maxThreads", "200")
            min_spare = executor.get("minSpareThreads", "25")
            thread_prefix = executor.get("namePrefix", "tomcat-exec-")
        else:
            max_threads = connector.get("maxThreads", "200")
            min_spare = connector.get("minSpareThreads", "10")
            thread_prefix = name + "-exec-"
        summary.append(
            {
                "family": family,
                "port": int(port) if port and port.isdigit() else port,
                "address": address,
                "name": name,
                "executor": executor_name if executor is not None else None,
                "maxThreads": _int(max_threads, 200),
                "minSpareThreads": _int(min_spare, 10),
                "thread_prefix": thread_prefix,
                "tls": is_tls(connector),
                "attributes": {a.name: shown_value(a.name, a.value) for a in connector.attrs},
            }
        )
    return summary


def _int(value: Optional[str], default: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
