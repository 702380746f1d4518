# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Brocade Fabric OS (fibre channel): ``switchshow``, ``porterrshow``, ``errdump`` over exec channels.

FOS has no paging to turn off on exec channels and no interactive shell is needed, so each
command runs in its own channel.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.switch.parsers import counter_name, log_entry, new_port, parse_count
from ansible.module_utils.healthops.switch.platforms.base import EXEC, Platform

__metaclass__ = type

BROCADE_SEVERITY = {"CRITICAL": 2, "ERROR": 3, "WARNING": 4, "INFO": 6}

_BROCADE_STATES_UP = frozenset(["online"])
_FC_TYPE_RE = re.compile(r"\b((?:EX|VEX|VE|E|F|N|L|FL|G|U|D|AE|AF|LE|SIM)-Port)\b")
_WWN_RE = re.compile(r"\b([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){7})\b")
_TRUNK_MEMBER_RE = re.compile(r"master is (?:Slot\s+(\d+)\s+)?Port\s+(\d+)", re.I)
_PROTO_TOKENS = frozenset(["FC", "FCOE", "VE", "GE", "VEX", "XGE", "FCIP"])
# Extension (FCIP) Ethernet ports of a 7840 / SX6 blade: fewer columns than an FC row, no index or
# address: ``        9  ge2            id    10G    Online      FCIP`` (slot only on a director).
_GE_ROW_RE = re.compile(
    r"^\s*(?:(?P<slot>\d+)\s+)?(?P<port>x?ge\d+)\s+(?P<media>\S+)\s+(?P<speed>\S+)\s+(?P<state>\S+)"
    r"(?:\s+(?P<proto>FCIP|GE|XGE|IPEXT))?\s*(?P<comment>.*)$",
    re.I,
)
# What a port's comment says that makes an Online port useless: an E-Port that did not join the
# fabric (``segmented,(FCSW version incompat)``), or a fault the state column does not carry.
_COMMENT_FAULT_RE = re.compile(r"\b(segmented|isolated|Mod_Inv|Laser_Flt|Port_Flt|Hard_Flt|Diag_Flt)\b", re.I)


def parse_brocade_switchshow(text: str) -> Dict[str, Any]:
    """Parse ``switchshow``: returns ``{"switch": {...}, "ports": [...]}``.

    Handles FOS 5 (``Area Port Media Speed State``), FOS 6-9 with ``Index Port
    Address ... Proto`` and directors with a ``Slot`` column. A port is ``admin
    down`` when its comment says ``Disabled`` (also ``Disabled (Persistent)``).
    Trunk members (``Trunk port, master is Port N``) inherit the master's peer.
    """
    switch = {}
    ports = []
    columns = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if columns is None:
            header = line.split()
            if header and header[0] in ("Index", "Area") and "State" in header:
                columns = header
                continue
            # FOS 8/9 print ``switchName:X7`` without a space after the colon, older ones a tab.
            match = re.match(r"^([A-Za-z][A-Za-z ]*?):\s*(.*)$", line)
            if match:
                switch[counter_name(match.group(1))] = match.group(2).strip()
            continue
        if not line.strip() or set(line.strip()) == set("="):
            continue
        port = _switchshow_port(columns, line)
        if port is not None:
            ports.append(port)
    by_name = {p["name"]: p for p in ports}
    for port in ports:
        master = by_name.get(port["trunk"])
        if master is not None and master is not port and not port["peer"]:
            port["peer"] = master["peer"]
    return {"switch": switch, "ports": ports}


def _switchshow_port(columns: List[str], line: str) -> Optional[Dict[str, Any]]:
    """One port row of ``switchshow`` under its header, or None for a line that is not one."""
    tokens = line.split()
    width = columns.index("State") + 1
    ge_row = _GE_ROW_RE.match(line)
    if ge_row:
        return _ge_port(ge_row)
    if len(tokens) < width or not tokens[0].isdigit():
        return None
    row = dict(zip(columns[:width], tokens[:width]))
    rest = tokens[width:]
    if rest and rest[0].upper() in _PROTO_TOKENS and "Proto" in columns:
        rest = rest[1:]
    comment = " ".join(rest)
    slot = row.get("Slot")
    name = "%s/%s" % (slot, row["Port"]) if slot is not None else row["Port"]
    state = row["State"]
    admin = "down" if re.search(r"\bDisabled\b", comment) else "up"
    fault = _COMMENT_FAULT_RE.search(comment)
    oper = "up" if state.lower() in _BROCADE_STATES_UP and admin == "up" and not fault else "down"
    type_match = _FC_TYPE_RE.search(comment)
    trunk = ""
    member = _TRUNK_MEMBER_RE.search(comment)
    if member:
        trunk = "%s/%s" % (member.group(1), member.group(2)) if member.group(1) else member.group(2)
    elif "Trunk master" in comment:
        trunk = name
    peer, remark = _switchshow_peer(comment, type_match)
    return new_port(
        name,
        index=row.get("Index", row.get("Area")),
        admin=admin,
        oper=oper,
        state=state,
        port_type=type_match.group(1) if type_match else "",
        speed=row.get("Speed", ""),
        peer=peer,
        trunk=trunk,
        description=remark,
        reason=comment if fault or admin == "down" else "",
    )


def _ge_port(match: Any) -> Dict[str, Any]:
    """An extension Ethernet port row (``ge2``), named ``slot/ge2`` on a director."""
    slot = match.group("slot")
    name = "%s/%s" % (slot, match.group("port")) if slot else match.group("port")
    comment = match.group("comment").strip()
    admin = "down" if re.search(r"\bDisabled\b", comment) else "up"
    up = match.group("state").lower() in _BROCADE_STATES_UP and admin == "up"
    return new_port(
        name,
        admin=admin,
        oper="up" if up and not _COMMENT_FAULT_RE.search(comment) else "down",
        state=match.group("state"),
        port_type=(match.group("proto") or "").upper(),
        speed=match.group("speed"),
        description=comment,
    )


def _switchshow_peer(comment: str, type_match: Any) -> Tuple[str, str]:
    """``(peer, remark)`` from a port's comment: the attached WWN / switch name, and what else it says."""
    wwn = _WWN_RE.search(comment)
    peer_name = re.search(r'"([^"]+)"', comment)
    peer = ""
    if peer_name:
        peer = peer_name.group(1)
    if wwn:
        peer = ("%s %s" % (wwn.group(1), peer)).strip()
    if not peer and re.search(r"\bN(?:PIV)? ?Port\b", comment):
        peer = comment[type_match.end() :].strip() if type_match else comment
    # What the comment says beyond type and peer: "Disabled (Persistent)", "(downstream)(Trunk master)".
    remark = comment
    for part in (
        peer_name.group(0) if peer_name else "",
        type_match.group(1) if type_match else "",
        wwn.group(1) if wwn else "",
        peer,
    ):
        if part:
            remark = remark.replace(part, " ")
    return peer, " ".join(remark.split())


# Column order of porterrshow in the newest releases; older ones print a prefix
# of it, and some lack crc_g_eof. The header decides which are present.
_BROCADE_ERR_COLUMNS = (
    ("frames_tx", None),
    ("frames_rx", None),
    ("enc_in", None),
    ("crc_err", None),
    ("crc_g_eof", "g_eof"),
    ("too_shrt", None),
    ("too_long", None),
    ("bad_eof", None),
    ("enc_out", None),
    ("disc_c3", None),
    ("link_fail", None),
    ("loss_sync", None),
    ("loss_sig", None),
    ("frjt", None),
    ("fbsy", None),
    ("c3timeout_tx", "c3timeout"),
    ("c3timeout_rx", "c3timeout"),
    ("pcs_err", "pcs"),
    ("uncor_err", "uncor"),
)


def parse_brocade_porterrshow(text: str) -> Dict[str, Dict[str, int]]:
    """Parse ``porterrshow``: ``{port: {counter: int}}``.

    Counts printed as ``1.2k``/``3.4m``/``2.1g`` are expanded. Columns are taken
    from the header (``crc g_eof``, ``c3timeout``, ``pcs err`` and ``uncor err``
    appear only in later releases); a row with fewer values than the header (a
    release without the last column) keeps the values it has. Rows are keyed by
    what the switch prints before the colon: the port index, or ``slot/port``.
    """
    header = ""
    result = {}
    for line in text.splitlines():
        match = re.match(r"^\s*(\d+(?:/\d+)?):\s+(.*)$", line)
        if not match:
            if "frames" in line or "g_eof" in line or "sync" in line:
                header += " " + line
            continue
        columns = [name for name, marker in _BROCADE_ERR_COLUMNS if marker is None or marker in header]
        values = match.group(2).split()
        counters = {}
        for name, value in zip(columns, values):
            count = parse_count(value)
            if count is not None:
                counters[name] = count
        result[match.group(1)] = counters
    return result


_ERRDUMP_RE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})-(\d{2}):(\d{2}):(\d{2}),\s*\[([^\]]+)\],\s*(.*)$")


def parse_brocade_errdump(text: str) -> List[Dict[str, Any]]:
    """Parse ``errdump`` (RASlog): one entry per message, severity on the syslog scale.

    Lines look like ``2024/04/17-10:06:12, [HIL-1611], 1206, FID 128, CRITICAL,
    SW, message``; the fields between the sequence number and the severity vary
    by release (none, ``FID 128``, ``SLOT 7 | FID 128``, ``SLOT 7 | CHASSIS``). A
    line that does not start with a timestamp continues the previous message.
    """
    entries = []
    for line in text.splitlines():
        match = _ERRDUMP_RE.match(line.strip())
        if not match:
            if entries and line.strip() and not line.startswith("Fabric OS"):
                entries[-1]["message"] += " " + line.strip()
                entries[-1]["raw"] += "\n" + line.rstrip()
            continue
        year, month, day, hour, minute, second = (int(x) for x in match.groups()[:6])
        fields = [f.strip() for f in match.group(8).split(",")]
        severity_at = None
        for pos, field in enumerate(fields[:5]):
            if field.upper() in BROCADE_SEVERITY:
                severity_at = pos
                break
        if severity_at is None:
            continue
        severity_word = fields[severity_at].upper()
        parts = match.group(8).split(",", severity_at + 2)
        message = parts[severity_at + 2] if len(parts) > severity_at + 2 else ""
        entries.append(
            log_entry(
                datetime.datetime(year, month, day, hour, minute, second),
                BROCADE_SEVERITY[severity_word],
                match.group(7),
                message,
                line.rstrip(),
                severity_word,
            )
        )
    return entries


def parse(outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The platform's outputs as ``{"switch", "ports", "counters", "logs"}``.

    ``porterrshow`` rows are keyed by port index; they are renamed to the port's name.
    """
    shown = parse_brocade_switchshow(outputs.get("switchshow", ""))
    ports = shown["ports"]
    by_key = {}
    for port in ports:
        by_key[port["name"]] = port["name"]
        if port["index"] is not None:
            by_key.setdefault(port["index"], port["name"])
    counters = {}
    for key, values in parse_brocade_porterrshow(outputs.get("porterrshow", "")).items():
        counters[by_key.get(key, key)] = values
    logs = parse_brocade_errdump(outputs.get("errdump", ""))
    return {"switch": shown["switch"], "ports": ports, "counters": counters, "logs": logs}


PLATFORM = Platform(
    name="brocade_fos",
    commands=("switchshow", "porterrshow", "errdump"),
    parse=parse,
    session=EXEC,
    error_counters=frozenset(
        [
            "enc_in",
            "crc_err",
            "crc_g_eof",
            "too_shrt",
            "too_long",
            "bad_eof",
            "enc_out",
            "link_fail",
            "loss_sync",
            "loss_sig",
            "pcs_err",
            "uncor_err",
        ]
    ),
    discard_counters=frozenset(["disc_c3", "frjt", "fbsy", "c3timeout_tx", "c3timeout_rx"]),
    # An E-Port that segments splits the fabric, whatever severity the RASlog gives it.
    log_rules=((r"\bsegmented\b", "FAIL"),),
)
