# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei VRP: ``display interface brief`` and ``display logbuffer`` in an interactive shell.

The interface brief carries the inErrors / outErrors columns, so no separate counters command is run.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.switch.parsers import (
    module_log_entry,
    new_port,
    parse_count,
    parse_log_lines,
)
from ansible.module_utils.healthops.switch.platforms.base import Platform

__metaclass__ = type


def _huawei_status(word: str) -> Tuple[str, str]:
    """``*down`` -> (admin down, down); ``up(l)`` -> up; ``^down`` -> standby down."""
    admin = "down" if word.startswith("*") else "up"
    bare = re.sub(r"\(.*\)$", "", word.lstrip("*^"))
    return admin, ("up" if bare.lower() == "up" else "down")


def parse_huawei_interface_brief(text: str) -> Dict[str, Any]:
    """Parse VRP ``display interface brief``: ``{"ports": [...], "counters": {...}}``.

    ``*down`` is administratively down, ``^down`` standby; suffixes such as
    ``(l)``, ``(s)``, ``(d)``, ``(p)`` are kept in ``state``. Indented rows are
    members of the Eth-Trunk above them. inErrors/outErrors become counters.
    """
    ports = []
    counters = {}
    in_table = False
    trunk = ""
    for line in text.splitlines():
        if not in_table:
            if re.match(r"^Interface\s+PHY\s+Protocol", line):
                in_table = True
            continue
        if not line.strip():
            continue
        tokens = line.split()
        if len(tokens) < 3:
            continue
        name, phy, protocol = tokens[0], tokens[1], tokens[2]
        indented = line[:1].isspace()
        if not indented:
            trunk = name if name.lower().startswith("eth-trunk") else ""
        admin, oper = _huawei_status(phy)
        ports.append(
            new_port(
                name,
                admin=admin,
                oper=oper,
                state="%s/%s" % (phy, protocol),
                trunk=trunk if indented else "",
            )
        )
        if len(tokens) >= 7:
            in_errors, out_errors = parse_count(tokens[-2]), parse_count(tokens[-1])
            entry = {}
            if in_errors is not None:
                entry["in_errors"] = in_errors
            if out_errors is not None:
                entry["out_errors"] = out_errors
            counters[name] = entry
    return {"ports": ports, "counters": counters}


_HUAWEI_LOG_OLD = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})\s+(?P<time>\d{2}:\d{2}:\d{2})"
    r"(?:[+-]\d{2}:\d{2})?\s+(?P<host>\S+)\s+(?:%%\d*)?(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:(\[]+)"
    r"(?:\([a-z]+\))?(?:\[\d+\])?:\s*(?P<msg>.*)$"
)
_HUAWEI_LOG_NEW = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\s+[+-]\d{2}:\d{2})?\s+"
    r"(?P<host>\S+)\s+%?%?\d*(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:(\[]+)(?:\([a-z]+\))?(?:\[\d+\])?:"
    r"\s*(?P<msg>.*)$"
)


# The start of any VRP log line: ``Apr 7 2019 17:03:43`` (VRP5) or ``2024-04-17 10:06:12`` (VRP8).
_HUAWEI_LOG_BOUNDARY = re.compile(r"^(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}\s+\d{2}:|\d{4}-\d{2}-\d{2}\s)")
# VRP5 breaks log lines at 80 columns, mid-word (``GigabitEthern`` / ``et0/0/1``).
_HUAWEI_WRAP = 80


def parse_huawei_logbuffer(text: str) -> List[Dict[str, Any]]:
    """Parse VRP ``display logbuffer``: VRP5 ``%%01MOD/4/BRIEF(l)[n]:`` and alarm lines without ``%%01``
    (``DS/4/DATASYNC_CFGCHANGE:``), VRP8 ``MOD/2/brief(l):``; lines wrapped at 80 columns are joined.
    """
    return parse_log_lines(text, _huawei_log_line, boundary=_HUAWEI_LOG_BOUNDARY, wrap=_HUAWEI_WRAP)


def _huawei_log_line(stripped: str) -> Optional[Dict[str, Any]]:
    match = _HUAWEI_LOG_OLD.match(stripped)
    if match:
        return module_log_entry(match, stripped)
    match = _HUAWEI_LOG_NEW.match(stripped)
    if not match:
        return None
    when = datetime.datetime.strptime(match.group("date") + " " + match.group("time"), "%Y-%m-%d %H:%M:%S")
    return module_log_entry(match, stripped, when)


def parse(outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The platform's outputs as ``{"switch", "ports", "counters", "logs"}``."""
    brief = parse_huawei_interface_brief(outputs.get("display interface brief", ""))
    logs = parse_huawei_logbuffer(outputs.get("display logbuffer", ""))
    return {"switch": {}, "ports": brief["ports"], "counters": brief["counters"], "logs": logs}


# VRP logs ordinary link changes at level 1 (alert): link up is not a fault, link down is WARN (the
# expected ports' own checks FAIL a port that must be up); a port shut down by port security is FAIL.
HUAWEI_LOG_RULES = (
    (r"PORTSEC_ACTION_ALARM.*port status is\s*:\s*3|ERRDOWN|ERROR-DOWN", "FAIL"),
    (r"PORTSEC", "WARN"),
    (r"LINKUP|LINK_UP|(?:into|entered)(?: the)? UP state|change status to up|changed to up\b", "INFO"),
    (r"LINKDOWN|LINK_DOWN|(?:into|entered)(?: the)? DOWN state|change status to down|changed to down\b", "WARN"),
    (r"DATASYNC_CFGCHANGE", "INFO"),
)

PLATFORM = Platform(
    name="huawei_vrp",
    commands=("display interface brief", "display logbuffer"),
    parse=parse,
    paging_off="screen-length 0 temporary",
    exit_command="quit",
    log_rules=HUAWEI_LOG_RULES,
)
