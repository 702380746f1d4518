# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""H3C Comware 5 and 7: interface brief, inbound / outbound error counters and ``display logbuffer`` in a shell.

Comware 5 spells the interface brief ``display brief interface``: it is the fallback when
the device refuses the Comware 7 spelling.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.switch.parsers import (
    module_log_entry,
    new_port,
    parse_count,
    parse_log_lines,
)
from ansible.module_utils.healthops.switch.platforms.base import Platform

__metaclass__ = type


_H3C_TYPES = {"A": "access", "T": "trunk", "H": "hybrid", "ACCESS": "access", "TRUNK": "trunk", "HYBRID": "hybrid"}


def parse_h3c_interface_brief(text: str) -> Dict[str, Any]:
    """Parse Comware ``display interface brief`` (Comware 7) or ``display brief interface`` (Comware 5).

    Both the route-mode and bridge-mode sections are read. Link is ``UP``,
    ``DOWN``, ``ADM`` / ``ADM DOWN`` (administratively down) or ``Stby``. In
    bridge mode the type (A/T/H or access/trunk/hybrid) and the description
    (which may contain spaces) are kept. A name too long for its column pushes
    the rest of the row right; rows are split on white space, not on columns.
    """
    ports = []
    section = None
    desc_at = None
    two_word_adm = False
    for line in text.splitlines():
        if not line.strip():
            continue
        if re.match(r"^Interface\s+Link\s+", line):
            section = "bridge" if re.search(r"\bSpeed\b", line) else "route"
            desc_at = line.find("Description")
            # Comware 5 prints ``ADM DOWN`` in the Link column; Comware 7 ``ADM`` then the protocol ``DOWN``.
            two_word_adm = bool(re.search(r"\b(Protocol-link|Link-type)\b", line))
            continue
        if section is None or re.match(r"^(Link|Protocol|Speed|Duplex|Type|The brief|Brief)\b", line):
            if line.startswith(("The brief", "Brief")):
                section = None
            continue
        tokens = line.split()
        if len(tokens) < 2:
            continue
        name = tokens[0]
        link_tokens = 1
        if two_word_adm and tokens[1].upper() == "ADM" and len(tokens) > 2 and tokens[2].upper() == "DOWN":
            link_tokens = 2
        link = " ".join(tokens[1 : 1 + link_tokens])
        rest = tokens[1 + link_tokens :]
        upper = link.upper()
        admin = "down" if upper.startswith("ADM") else "up"
        oper = "up" if upper == "UP" else "down"
        port = new_port(name, admin=admin, oper=oper, state=link)
        if section == "bridge":
            if len(rest) >= 4:
                port["speed"] = rest[0]
                port["duplex"] = rest[1]
                port["port_type"] = _H3C_TYPES.get(rest[2].upper(), rest[2])
                port["description"] = _h3c_description(line, 1 + link_tokens + 4, desc_at)
        else:
            port["port_type"] = "routed"
            if len(rest) >= 2:
                port["description"] = _h3c_description(line, 1 + link_tokens + 2, desc_at)
        ports.append(port)
    return {"ports": ports}


def _h3c_description(line: str, first_word: int, desc_at: Optional[int]) -> str:
    """The description: the row from its ``first_word``-th word on (spacing kept).

    Not cut at the header's Description column: a short IP address lets a description start
    before it (``Vlan1   UP   UP   9.10.11.12   ### LAN ###``), a long name after it.
    """
    if desc_at is None or desc_at <= 0:
        return ""
    words = list(re.finditer(r"\S+", line))
    if len(words) <= first_word:
        return ""
    text = line[words[first_word].start() :].strip()
    return "" if text == "--" else text


def parse_h3c_counters(text: str, direction: str) -> Dict[str, Dict[str, int]]:
    """Parse ``display counters inbound|outbound interface``: ``{port: {"in_errors"|"out_errors": n}}``.

    ``--`` (not supported) and ``*`` (overflow) give no value for that port.
    """
    key = "in_errors" if direction.startswith("in") else "out_errors"
    result = {}
    err_col = None
    for line in text.splitlines():
        if line.startswith("Interface"):
            headers = re.split(r"\s{2,}", line.strip())
            err_col = next((i for i, h in enumerate(headers) if h.lower().startswith("err")), len(headers) - 1)
            continue
        if err_col is None or not line.strip() or line.startswith(" "):
            continue
        tokens = line.split()
        if len(tokens) <= err_col:
            continue
        count = parse_count(tokens[err_col])
        result[tokens[0]] = {key: count} if count is not None else {}
    return result


# ``%Apr 17 10:21:33:123 2024 HOST MOD/3/BRIEF: msg``: ``%`` a log, ``#`` a trap (Comware 5: the trap text
# on the next line), ``*`` a debug message; milliseconds after a colon, or after a dot (Comware 7).
_H3C_LOG = re.compile(
    r"^[%#*]?(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<time>\d{2}:\d{2}:\d{2})(?:[:.]\d+)?\s+(?P<year>\d{4})\s+"
    r"(?P<host>\S+)\s+(?:%%\d*)?(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:]+):\s*(?P<msg>.*)$"
)
_H3C_LOG_BOUNDARY = re.compile(r"^[%#*]?[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}")


def _h3c_log_line(stripped: str) -> Optional[Dict[str, Any]]:
    match = _H3C_LOG.match(stripped)
    if not match:
        return None
    return module_log_entry(match, stripped)


def parse_h3c_logbuffer(text: str) -> List[Dict[str, Any]]:
    """Parse Comware ``display logbuffer`` (``%Apr 17 10:21:33:123 2024 HOST MOD/3/BRIEF: msg``), trap text joined."""
    return parse_log_lines(text, _h3c_log_line, boundary=_H3C_LOG_BOUNDARY)


H3C_LOG_RULES = (
    (r"PORTSEC|PORT_SECURITY|port-security|ERROR_DOWN|ERRDOWN", "FAIL"),
    (r"changed to up\b|link status is UP|is UP\.?$|linkUp", "INFO"),
    (r"changed to down\b|link status is DOWN|linkDown", "WARN"),
)


_COUNTER_COMMANDS = (("display counters inbound interface", "in"), ("display counters outbound interface", "out"))


def parse(outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The platform's outputs as ``{"switch", "ports", "counters", "logs"}``; in and out counters merged per port."""
    ports = parse_h3c_interface_brief(outputs.get("display interface brief", ""))["ports"]
    counters = {}
    for command, direction in _COUNTER_COMMANDS:
        for name, values in parse_h3c_counters(outputs.get(command, ""), direction).items():
            counters.setdefault(name, {}).update(values)
    logs = parse_h3c_logbuffer(outputs.get("display logbuffer", ""))
    return {"switch": {}, "ports": ports, "counters": counters, "logs": logs}


PLATFORM = Platform(
    name="h3c_comware",
    commands=("display interface brief",)
    + tuple(command for command, _direction in _COUNTER_COMMANDS)
    + ("display logbuffer",),
    parse=parse,
    paging_off="screen-length disable",
    fallbacks={"display interface brief": "display brief interface"},
    exit_command="quit",
    log_rules=H3C_LOG_RULES,
)
