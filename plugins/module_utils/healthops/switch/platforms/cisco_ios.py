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


# Status words of ``show interface(s) status``, lower case, by what they say about the port. NX-OS
# cuts the column at 9 characters (``notconnec``, ``xcvrAbsen``, ``channelDo``), so a word of 5 or
# more characters that starts one of these is that word. IOS may add text after a colon
# (``connected:``, ``notconnect: TDR``).
_STATUS_WORDS = (
    ("up", ("connected", "up", "monitoring")),
    ("disabled", ("disabled", "admin-down", "adm-down", "admindown", "sfpabsentadmin")),
    ("err", ("err-disabled", "errdisabled", "errdisable", "linkflaperr", "linkflaperrdisabled")),
    (
        "down",
        (
            "notconnect",
            "notconnected",
            "suspended",
            "suspnd",
            "inactive",
            "faulty",
            "sfpabsent",
            "sfpinvalid",
            "xcvrabsent",
            "xcvrinvalid",
            "channeldown",
            "noopermembers",
            "notpresent",
            "down",
        ),
    ),
)
_DUPLEX_RE = re.compile(r"^(?:a-)?(?:full|half)$|^auto$", re.I)
_HEADER_RE = re.compile(r"^(?:Port|Interface)\s+Name\s+Status\b")
# NX-OS prints fibre-channel ports in the same table as a sentence: ``fc2/1 is up    Port mode is NP``.
_SENTENCE_RE = re.compile(r"^(\S+)\s+is\s+(up|down)\b\s*(.*)$")


def cisco_status_class(word: str) -> str:
    """``up``, ``disabled``, ``err``, ``down`` for a status word, "" for a word that is not one."""
    bare = word.lower().rstrip(":")
    for kind, words in _STATUS_WORDS:
        for known in words:
            if bare == known or (len(bare) >= 5 and known.startswith(bare)):
                return kind
    if "err" in bare and "dis" in bare:
        return "err"
    return ""


def parse_cisco_interfaces_status(text: str) -> Dict[str, Any]:
    """Parse ``show interface(s) status`` (IOS / IOS-XE / NX-OS), every table of the output.

    The status is the known status word (see :func:`cisco_status_class`) that starts closest to
    the header's Status column, so a description that contains ``connected`` or is long enough
    (or holds a tab) to push the row right is never read as the status. The description is
    what lies between the port name and the status. ``Port Name Status Vlan Duplex Speed Type``
    rows give VLAN, duplex and speed; ``... Status Reason`` tables (err-disabled, NX-OS
    tunnels) give the reason. ``disabled`` is admin down; ``err-disabled`` is down, port enabled.
    """
    ports = []
    header = None  # (status column, whether the table has a Vlan column)
    for line in text.splitlines():
        if _HEADER_RE.match(line):
            header = (line.index("Status"), bool(re.search(r"\sVlan\b", line)))
            continue
        if header is None or not line.strip() or set(line.strip()) <= set("-"):
            continue
        port = _status_row(line, header[0], header[1])
        if port is not None:
            ports.append(port)
    return {"ports": ports}


def _status_row(line: str, status_at: int, has_vlan: bool) -> Optional[Dict[str, Any]]:
    """One row of a status table, or None when the line has no status word."""
    sentence = _SENTENCE_RE.match(line)
    if sentence:
        word = sentence.group(2)
        return new_port(sentence.group(1), admin="up", oper=word, state=word, reason=sentence.group(3).strip())
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
    if len(words) < 2:
        return None
    name_end = words[0][0] + len(words[0][1])
    candidates = [(at, word) for at, word in words[1:] if cisco_status_class(word)]
    if not candidates:
        return None
    at, word = min(candidates, key=lambda c: abs(c[0] - status_at))
    kind = cisco_status_class(word)
    description = line[name_end:at].strip()
    port = new_port(
        words[0][1],
        description="" if description == "--" else description,
        admin="down" if kind == "disabled" else "up",
        oper="up" if kind == "up" else "down",
        state=word.rstrip(":"),
    )
    rest = line[at + len(word) :].split()
    if not has_vlan:
        port["reason"] = " ".join(rest)
        return port
    _vlan_columns(port, rest, word.endswith(":"))
    return port


def _vlan_columns(port: Dict[str, Any], rest: List[str], status_text: bool) -> None:
    """Fill VLAN (port type), duplex and speed from the words after the status.

    ``status_text``: the status ended in a colon, so words before the VLAN are the status's own text.
    """
    duplex_at = next((i for i, w in enumerate(rest) if _DUPLEX_RE.match(w)), None)
    before = rest[:duplex_at] if duplex_at is not None else rest[:1]
    if status_text and len(before) > 1:
        port["reason"] = " ".join(before[:-1])
        before = before[-1:]
    vlan = " ".join(before).lower()
    if vlan in ("trunk", "routed"):
        port["port_type"] = vlan
    elif re.match(r"^\d+(?:,\d+)*$", vlan):
        port["port_type"] = "access"
    elif vlan.startswith("pvlan"):
        port["port_type"] = vlan
    if duplex_at is not None:
        port["duplex"] = rest[duplex_at]
        port["speed"] = rest[duplex_at + 1] if len(rest) > duplex_at + 1 else ""


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


# ``[seq: ][*|.]Mon dd [yyyy] hh:mm:ss[.ms] [TZ]: %FAC-SEV-MNEMONIC: message``, or with the time
# since boot instead of a date when the clock was never set (``7:04:``, ``1w2d:``, ``3d04h:``).
_CISCO_LOG = re.compile(
    r"^(?:\d+:\s+)?[*.]?(?:(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?:(?P<year>\d{4})\s+)?"
    r"(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\s+[A-Z]{2,5})?"
    r"|(?P<uptime>\d+:\d{2}(?::\d{2})?(?:\.\d+)?|\d+[ywdh]\d+[wdhm])):\s+"
    r"%(?P<fac>[\w\-]+)-(?P<sev>\d)-(?P<mnem>[\w\-]+):\s*(?P<msg>.*)$"
)
# The start of any buffer line, with or without a %FAC-SEV-MNEMONIC (``000048: Dec  2 ...: CEF-HWIDB: ...``).
CISCO_LOG_BOUNDARY = re.compile(r"^(?:\d+:\s+)?[*.]?(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d|\d+:\d{2}\S*:|\d+[ywdh]\d+[wdhm]:)")


def parse_cisco_logging(text: str, now: Optional[datetime.datetime] = None) -> List[Dict[str, Any]]:
    """Parse ``show logging``: the buffer's ``%FAC-SEV-MNEMONIC:`` messages, multi-line ones joined.

    Timestamps without a year (the IOS default) take the year of ``now`` (a naive
    datetime, default today), or the year before when that would put them more
    than a day in the future. An unsynchronised clock (``*Mar  1``) is kept as is;
    an uptime stamp (``7:04:``) gives no time.
    """
    today = now or datetime.datetime.now()

    def entry_of(stripped: str) -> Optional[Dict[str, Any]]:
        match = _CISCO_LOG.match(stripped)
        if not match:
            return None
        when = None
        if not match.group("uptime"):
            year = match.group("year")
            when = datetime_from(year or today.year, match.group("mon"), match.group("day"), match.group("time"))
            if when is not None and not year and when > today + datetime.timedelta(days=1):
                when = when.replace(year=when.year - 1)
        source = "%s-%s-%s" % (match.group("fac"), match.group("sev"), match.group("mnem"))
        return log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped)

    return parse_log_lines(text, entry_of, boundary=CISCO_LOG_BOUNDARY)


# Log messages whose verdict is not their severity's (see healthops.switch.logs).
CISCO_LOG_RULES = (
    (r"PSECURE_VIOLATION|PORT_SECURITY|ERR_DISABLE|ERRDISABLE", "FAIL"),
    (r"UPDOWN .*changed state to up|LINK-\d-CHANGED .*administratively down", "INFO"),
    (r"^LINK-\d-UPDOWN .*changed state to down", "WARN"),
)


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
    log_rules=CISCO_LOG_RULES,
)
