# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco IOS / IOS-XE (and NX-OS status words): interfaces status, error counters and ``show logging``.

Read in an interactive shell with ``terminal length 0`` (this session only) and left with ``exit``.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.switch.parsers import (
    counter_name,
    datetime_from,
    log_entry,
    new_port,
    parse_count,
    parse_log_lines,
)
from ansible.module_utils.healthops.switch.platforms.base import Platform

__metaclass__ = type


_CISCO_UP = frozenset(["connected", "up"])
_CISCO_ADMIN_DOWN = frozenset(["disabled", "admin-down", "adm-down"])


def parse_cisco_interfaces_status(text: str) -> Dict[str, Any]:
    """Parse ``show interfaces status`` (IOS / IOS-XE, and NX-OS's truncated status words).

    Columns are cut at the header's positions (the Name column holds spaces and is
    truncated by the device); if a row is not aligned with the header the status
    is found as the first word after the name. ``disabled`` is admin down;
    ``err-disabled`` is down with the port enabled. VLAN ``trunk`` / ``routed``
    give the port type, a number gives ``access``.
    """
    ports = []
    header = None
    for line in text.splitlines():
        if re.match(r"^Port\s+Name\s+Status\s+", line):
            header = {word: line.index(word) for word in ("Name", "Status", "Vlan", "Duplex", "Speed", "Type")}
            continue
        if header is None or not line.strip() or line.startswith("---"):
            continue
        name = line.split()[0]
        status_at = header["Status"]
        if len(line) > status_at and line[status_at - 1] == " " and line[status_at] != " ":
            description = line[header["Name"] : status_at].strip()
            fields = line[status_at:].split()
        else:
            description = ""
            fields = line[len(name) :].split()
        if len(fields) < 2:
            continue
        status, vlan = fields[0], fields[1]
        if description == "--":
            description = ""
        admin = "down" if status.lower() in _CISCO_ADMIN_DOWN else "up"
        oper = "up" if status.lower() in _CISCO_UP else "down"
        if vlan.lower() in ("trunk", "routed"):
            port_type = vlan.lower()
        elif vlan.isdigit():
            port_type = "access"
        else:
            port_type = ""
        ports.append(
            new_port(
                name,
                description=description,
                admin=admin,
                oper=oper,
                state=status,
                port_type=port_type,
                speed=fields[3] if len(fields) > 3 else "",
            )
        )
    return {"ports": ports}


def parse_cisco_counters_errors(text: str) -> Dict[str, Dict[str, int]]:
    """Parse ``show interfaces counters errors``: every block's columns, merged per port."""
    result = {}
    columns = None
    for line in text.splitlines():
        tokens = line.split()
        if not tokens:
            columns = None
            continue
        if tokens[0] == "Port" and len(tokens) > 1:
            columns = [counter_name(t) for t in tokens[1:]]
            continue
        if columns is None or len(tokens) < 2:
            continue
        counters = result.setdefault(tokens[0], {})
        for name, value in zip(columns, tokens[1:]):
            count = parse_count(value)
            if count is not None:
                counters["out_discards" if name == "outdiscards" else name] = count
    return result


_CISCO_LOG = re.compile(
    r"^(?:\d+:\s+)?[*.]?(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?:(?P<year>\d{4})\s+)?"
    r"(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\s+[A-Z]{2,5})?:\s+"
    r"%(?P<fac>[\w\-]+)-(?P<sev>\d)-(?P<mnem>[\w\-]+):\s*(?P<msg>.*)$"
)


def parse_cisco_logging(text: str, now: Optional[datetime.datetime] = None) -> List[Dict[str, Any]]:
    """Parse ``show logging``: the buffer's ``%FAC-SEV-MNEMONIC:`` messages.

    Timestamps without a year (the IOS default) take the year of ``now`` (a naive
    datetime, default today), or the year before when that would put them more
    than a day in the future. An unsynchronised clock (``*Mar  1``) is kept as is.
    """
    today = now or datetime.datetime.now()

    def entry_of(stripped: str) -> Optional[Dict[str, Any]]:
        match = _CISCO_LOG.match(stripped)
        if not match:
            return None
        year = match.group("year")
        when = datetime_from(year or today.year, match.group("mon"), match.group("day"), match.group("time"))
        if when is not None and not year and when > today + datetime.timedelta(days=1):
            when = when.replace(year=when.year - 1)
        source = "%s-%s-%s" % (match.group("fac"), match.group("sev"), match.group("mnem"))
        return log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped)

    return parse_log_lines(text, entry_of)


def parse(outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The platform's outputs as ``{"switch", "ports", "counters", "logs"}``; ``now`` dates year-less log lines."""
    ports = parse_cisco_interfaces_status(outputs.get("show interfaces status", ""))["ports"]
    counters = parse_cisco_counters_errors(outputs.get("show interfaces counters errors", ""))
    logs = parse_cisco_logging(outputs.get("show logging", ""), now=now)
    return {"switch": {}, "ports": ports, "counters": counters, "logs": logs}


PLATFORM = Platform(
    name="cisco_ios",
    commands=("show interfaces status", "show interfaces counters errors", "show logging"),
    parse=parse,
    paging_off="terminal length 0",
    exit_command="exit",
    error_counters=frozenset(
        ["align_err", "fcs_err", "xmit_err", "rcv_err", "undersize", "late_col", "excess_col", "runts", "giants"]
    ),
)
