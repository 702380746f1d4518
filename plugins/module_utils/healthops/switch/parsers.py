# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for switch command output and SNMP interface tables (pure functions).

Every parser takes text (or already fetched SNMP columns) and returns plain data,
so each is unit-tested on recorded output. Platforms:

* ``brocade_fos``: ``switchshow``, ``porterrshow``, ``errdump``;
* ``huawei_vrp``: ``display interface brief``, ``display logbuffer``;
* ``h3c_comware``: ``display interface brief``, ``display counters inbound|outbound interface``,
  ``display logbuffer``;
* ``cisco_ios``: ``show interfaces status``, ``show interfaces counters errors``, ``show logging``.

A port is a dict with the keys of PORT_FIELDS:

``name``        the name the device prints (Brocade: port number, or ``slot/port`` on a director);
``index``       Brocade port index or SNMP ifIndex (string), else None;
``description`` ifAlias / description column, "" when none;
``admin``       ``up`` or ``down`` (administratively disabled);
``oper``        ``up`` or ``down``;
``state``       the raw state word (``Online``, ``No_Light``, ``notconnect``, ``lowerLayerDown`` ...);
``port_type``   ``F-Port``/``E-Port``... (FC), ``access``/``trunk``/``hybrid``/``routed`` (Ethernet), SNMP ifType;
``speed``       as printed (``N16``, ``1G(a)``, ``a-1000``) or Mbit/s from ifHighSpeed;
``peer``        attached WWN or switch name (FC), else "";
``trunk``       the trunk master / aggregate the port belongs to, else "";
``last_change_s`` seconds since the port last changed state (SNMP ifLastChange against sysUpTime), else None.

Counters are ``{port name: {counter name: int}}``; log entries are dicts with the
keys of LOG_FIELDS, ``severity`` on the syslog scale (0 emergency ... 7 debug).
"""

from __future__ import absolute_import, annotations, division, print_function

import datetime
import decimal
import re
from typing import Any, Dict, List, Optional, Tuple

__metaclass__ = type

PORT_FIELDS = (
    "name",
    "index",
    "description",
    "admin",
    "oper",
    "state",
    "port_type",
    "speed",
    "peer",
    "trunk",
    "last_change_s",
)
LOG_FIELDS = ("time", "severity", "severity_name", "source", "message", "raw")

SEVERITY_NAMES = ("emergency", "alert", "critical", "error", "warning", "notice", "info", "debug")
BROCADE_SEVERITY = {"CRITICAL": 2, "ERROR": 3, "WARNING": 4, "INFO": 6}

# Counters that are faults (graded when they rise) and those that are drops/rejects
# (graded separately, with a looser limit). Traffic counters are not graded.
ERROR_COUNTERS = frozenset(
    [
        # IF-MIB / Huawei / H3C
        "in_errors",
        "out_errors",
        # Brocade porterrshow
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
        # Cisco show interfaces counters errors
        "align_err",
        "fcs_err",
        "xmit_err",
        "rcv_err",
        "undersize",
        "late_col",
        "excess_col",
        "runts",
        "giants",
    ]
)
DISCARD_COUNTERS = frozenset(["in_discards", "out_discards", "disc_c3", "frjt", "fbsy", "c3timeout_tx", "c3timeout_rx"])

_MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}


def new_port(name: str, **values: Any) -> Dict[str, Any]:
    """A port record with every field present."""
    port = {field: None if field in ("index", "last_change_s") else "" for field in PORT_FIELDS}
    port["name"] = name
    port.update(values)
    return port


# --------------------------------------------------------------------------- names


_PREFIX_ALIASES = {
    "ge": "ge",
    "gi": "ge",
    "gigabitethernet": "ge",
    "xge": "10ge",
    "xgigabitethernet": "10ge",
    "ten-gigabitethernet": "10ge",
    "tengigabitethernet": "10ge",
    "te": "10ge",
    "10ge": "10ge",
    "wge": "25ge",
    "twe": "25ge",
    "twentyfivegige": "25ge",
    "twenty-fivegige": "25ge",
    "25ge": "25ge",
    "fge": "40ge",
    "fo": "40ge",
    "fortygige": "40ge",
    "fortygigabitethernet": "40ge",
    "40ge": "40ge",
    "hge": "100ge",
    "hu": "100ge",
    "hundredgige": "100ge",
    "hundredgigabitethernet": "100ge",
    "100ge": "100ge",
    "fa": "fe",
    "fastethernet": "fe",
    "eth": "eth",
    "ethernet": "eth",
    "po": "po",
    "port-channel": "po",
    "bagg": "bagg",
    "bridge-aggregation": "bagg",
    "m-ge": "mge",
    "mge": "mge",
    "m-gigabitethernet": "mge",
    "meth": "meth",
    "vlan": "vlan",
    "vlanif": "vlan",
    "vlan-interface": "vlan",
}
_NAME_RE = re.compile(r"^(\d*[A-Za-z][A-Za-z\-]*?)-?(\d.*)$")


def interface_key(name: Any) -> str:
    """A vendor-neutral key for matching interface names.

    ``GigabitEthernet0/0/1``, ``GE0/0/1`` and ``Gi0/0/1`` give the same key, as do
    ``Ten-GigabitEthernet1/0/49``, ``XGE1/0/49`` and ``Te1/0/49``. Names without a
    known prefix (Brocade port numbers, Linux names) are only lower-cased.
    """
    text = str(name).strip().lower().replace(" ", "")
    match = _NAME_RE.match(text)
    if not match:
        return text
    prefix, rest = match.group(1), match.group(2)
    return _PREFIX_ALIASES.get(prefix, prefix) + rest


# --------------------------------------------------------------------------- numbers


_SUFFIX = {"k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_count(text: Any) -> Optional[int]:
    """A counter as printed: ``17``, ``1.2k``, ``3.4m``, ``2.1g``, ``1,024``.

    Suffixed values are scaled in decimal, not binary floating point (``4.1 * 10**6`` is
    4099999.9999999995 as a float, which ``int()`` truncates), and rounded half up.
    Returns None for ``--``, ``*`` (overflow) and anything else that is not a count.
    """
    token = str(text).strip().lower().replace(",", "")
    if not token:
        return None
    factor = 1
    if token[-1] in _SUFFIX:
        factor = _SUFFIX[token[-1]]
        token = token[:-1]
    if factor == 1:
        try:
            return int(token)
        except ValueError:
            return None
    try:
        value = decimal.Decimal(token)
    except decimal.InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int((value * factor).to_integral_value(rounding=decimal.ROUND_HALF_UP))


def _counter_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


# --------------------------------------------------------------------------- Brocade FOS


_BROCADE_STATES_UP = frozenset(["online"])
_FC_TYPE_RE = re.compile(r"\b((?:EX|VEX|VE|E|F|N|L|FL|G|U|D|AE|AF|LE|SIM)-Port)\b")
_WWN_RE = re.compile(r"\b([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){7})\b")
_TRUNK_MEMBER_RE = re.compile(r"master is (?:Slot\s+(\d+)\s+)?Port\s+(\d+)", re.I)
_PROTO_TOKENS = frozenset(["FC", "FCOE", "VE", "GE", "VEX", "XGE", "FCIP"])


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
            match = re.match(r"^([A-Za-z][A-Za-z ]*?):\s+(.*)$", line)
            if match:
                switch[_counter_name(match.group(1))] = match.group(2).strip()
            continue
        if not line.strip() or set(line.strip()) == set("="):
            continue
        tokens = line.split()
        width = columns.index("State") + 1
        if len(tokens) < width or not tokens[0].isdigit():
            continue
        row = dict(zip(columns[:width], tokens[:width]))
        rest = tokens[width:]
        if rest and rest[0].upper() in _PROTO_TOKENS and "Proto" in columns:
            rest = rest[1:]
        comment = " ".join(rest)
        slot = row.get("Slot")
        name = "%s/%s" % (slot, row["Port"]) if slot is not None else row["Port"]
        state = row["State"]
        admin = "down" if re.search(r"\bDisabled\b", comment) else "up"
        oper = "up" if state.lower() in _BROCADE_STATES_UP and admin == "up" else "down"
        type_match = _FC_TYPE_RE.search(comment)
        wwn = _WWN_RE.search(comment)
        peer_name = re.search(r'"([^"]+)"', comment)
        trunk = ""
        member = _TRUNK_MEMBER_RE.search(comment)
        if member:
            trunk = "%s/%s" % (member.group(1), member.group(2)) if member.group(1) else member.group(2)
        elif "Trunk master" in comment:
            trunk = name
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
        remark = " ".join(remark.split())
        ports.append(
            new_port(
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
            )
        )
    by_name = {p["name"]: p for p in ports}
    for port in ports:
        master = by_name.get(port["trunk"])
        if master is not None and master is not port and not port["peer"]:
            port["peer"] = master["peer"]
    return {"switch": switch, "ports": ports}


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
            _log_entry(
                datetime.datetime(year, month, day, hour, minute, second),
                BROCADE_SEVERITY[severity_word],
                match.group(7),
                message,
                line.rstrip(),
                severity_word,
            )
        )
    return entries


def _log_entry(
    when: Optional[datetime.datetime],
    severity: int,
    source: str,
    message: str,
    raw: str,
    severity_name: Optional[str] = None,
) -> Dict[str, Any]:
    return {
        "time": when.isoformat() if when else None,
        "severity": severity,
        "severity_name": severity_name or SEVERITY_NAMES[severity],
        "source": source,
        "message": message.strip(),
        "raw": raw,
    }


# --------------------------------------------------------------------------- Huawei VRP


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
    r"(?:[+-]\d{2}:\d{2})?\s+(?P<host>\S+)\s+%%\d*(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:(\[]+)"
    r"(?:\([a-z]+\))?(?:\[\d+\])?:\s*(?P<msg>.*)$"
)
_HUAWEI_LOG_NEW = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\s+[+-]\d{2}:\d{2})?\s+"
    r"(?P<host>\S+)\s+%?%?\d*(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:(\[]+)(?:\([a-z]+\))?(?:\[\d+\])?:"
    r"\s*(?P<msg>.*)$"
)


def parse_huawei_logbuffer(text: str) -> List[Dict[str, Any]]:
    """Parse VRP ``display logbuffer`` (VRP5 ``%%01MOD/4/BRIEF(l)[n]:`` and VRP8 ``MOD/2/brief(l):`` lines)."""
    entries = []
    for line in text.splitlines():
        stripped = line.strip()
        match = _HUAWEI_LOG_OLD.match(stripped)
        if match:
            when = _datetime_from(match.group("year"), match.group("mon"), match.group("day"), match.group("time"))
        else:
            match = _HUAWEI_LOG_NEW.match(stripped)
            if not match:
                continue
            when = datetime.datetime.strptime(match.group("date") + " " + match.group("time"), "%Y-%m-%d %H:%M:%S")
        source = "%s/%s" % (match.group("mod"), match.group("brief").strip())
        entries.append(_log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped))
    return entries


def _datetime_from(year: Any, month: str, day: str, clock: str) -> Optional[datetime.datetime]:
    """A naive datetime from log fields; None when they do not make a date."""
    try:
        hour, minute, second = (int(x) for x in clock.split(":")[:3])
        return datetime.datetime(int(year), _MONTHS[month.lower()[:3]], int(day), hour, minute, second)
    except (KeyError, ValueError):
        return None


# --------------------------------------------------------------------------- H3C Comware


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
    for line in text.splitlines():
        if not line.strip():
            continue
        if re.match(r"^Interface\s+Link\s+", line):
            section = "bridge" if re.search(r"\bSpeed\b", line) else "route"
            desc_at = line.find("Description")
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
        if tokens[1].upper() == "ADM" and len(tokens) > 2 and tokens[2].upper() == "DOWN":
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
                port["port_type"] = _H3C_TYPES.get(rest[2].upper(), rest[2])
                port["description"] = _h3c_description(line, rest, desc_at, 4)
        else:
            port["port_type"] = "routed"
            if len(rest) >= 2:
                port["description"] = _h3c_description(line, rest, desc_at, 2)
        ports.append(port)
    return {"ports": ports}


def _h3c_description(line: str, rest: List[str], desc_at: Optional[int], fixed: int) -> str:
    """The description: from the header's column if the row is aligned, else what follows the fixed fields."""
    if desc_at is None or desc_at <= 0:
        return ""
    text = line[desc_at:].strip() if len(line) > desc_at and line[desc_at - 1] == " " else " ".join(rest[fixed:])
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


_H3C_LOG = re.compile(
    r"^%?(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<time>\d{2}:\d{2}:\d{2})(?::\d+)?\s+(?P<year>\d{4})\s+"
    r"(?P<host>\S+)\s+(?P<mod>[\w\-]+)/(?P<sev>\d)/(?P<brief>[^:]+):\s*(?P<msg>.*)$"
)


def parse_h3c_logbuffer(text: str) -> List[Dict[str, Any]]:
    """Parse Comware ``display logbuffer`` (``%Apr 17 10:21:33:123 2024 HOST MOD/3/BRIEF: msg``)."""
    entries = []
    for line in text.splitlines():
        stripped = line.strip()
        match = _H3C_LOG.match(stripped)
        if not match:
            continue
        when = _datetime_from(match.group("year"), match.group("mon"), match.group("day"), match.group("time"))
        source = "%s/%s" % (match.group("mod"), match.group("brief").strip())
        entries.append(_log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped))
    return entries


# --------------------------------------------------------------------------- Cisco IOS


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
            columns = [_counter_name(t) for t in tokens[1:]]
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
    now = now or datetime.datetime.now()
    entries = []
    for line in text.splitlines():
        stripped = line.strip()
        match = _CISCO_LOG.match(stripped)
        if not match:
            continue
        year = match.group("year")
        when = _datetime_from(year or now.year, match.group("mon"), match.group("day"), match.group("time"))
        if when is not None and not year and when > now + datetime.timedelta(days=1):
            when = when.replace(year=when.year - 1)
        source = "%s-%s-%s" % (match.group("fac"), match.group("sev"), match.group("mnem"))
        entries.append(_log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped))
    return entries


# --------------------------------------------------------------------------- SNMP IF-MIB


IF_ADMIN = {1: "up", 2: "down", 3: "testing"}
IF_OPER = {1: "up", 2: "down", 3: "testing", 4: "unknown", 5: "dormant", 6: "notPresent", 7: "lowerLayerDown"}
IF_TYPES = {
    1: "other",
    6: "ethernetCsmacd",
    24: "softwareLoopback",
    53: "propVirtual",
    56: "fibreChannel",
    131: "tunnel",
    135: "l2vlan",
    136: "l3ipvlan",
    161: "ieee8023adLag",
}

# IF-MIB columns the SNMP transport fetches: ifTable (1.3.6.1.2.1.2.2.1.x) and ifXTable (1.3.6.1.2.1.31.1.1.1.x).
IF_COLUMNS = {
    "ifDescr": "1.3.6.1.2.1.2.2.1.2",
    "ifType": "1.3.6.1.2.1.2.2.1.3",
    "ifAdminStatus": "1.3.6.1.2.1.2.2.1.7",
    "ifOperStatus": "1.3.6.1.2.1.2.2.1.8",
    "ifLastChange": "1.3.6.1.2.1.2.2.1.9",
    "ifInDiscards": "1.3.6.1.2.1.2.2.1.13",
    "ifInErrors": "1.3.6.1.2.1.2.2.1.14",
    "ifOutDiscards": "1.3.6.1.2.1.2.2.1.19",
    "ifOutErrors": "1.3.6.1.2.1.2.2.1.20",
    "ifName": "1.3.6.1.2.1.31.1.1.1.1",
    "ifHighSpeed": "1.3.6.1.2.1.31.1.1.1.15",
    "ifAlias": "1.3.6.1.2.1.31.1.1.1.18",
}
SYSTEM_OIDS = {
    "sysDescr": "1.3.6.1.2.1.1.1.0",
    "sysUpTime": "1.3.6.1.2.1.1.3.0",
    "sysName": "1.3.6.1.2.1.1.5.0",
}
_SNMP_COUNTERS = {
    "ifInErrors": "in_errors",
    "ifOutErrors": "out_errors",
    "ifInDiscards": "in_discards",
    "ifOutDiscards": "out_discards",
}


def _as_int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def parse_if_table(columns: Dict[str, Dict[Any, Any]], sys_uptime: Optional[int] = None) -> Dict[str, Any]:
    """Build ports and counters from walked IF-MIB columns.

    ``columns`` maps a column name of IF_COLUMNS to ``{ifIndex: value}`` (values
    already plain ints / str / bytes). ``sys_uptime`` (hundredths of a second)
    turns ifLastChange into seconds since the last change. A port is named by
    ifName, else ifDescr, else its index.
    """
    indexes = set()
    for values in columns.values():
        indexes.update(values)
    ports = []
    counters = {}

    def col(name: str, index: Any) -> Any:
        return columns.get(name, {}).get(index)

    for index in sorted(indexes, key=lambda i: (len(str(i)), str(i))):
        name = _as_text(col("ifName", index)) or _as_text(col("ifDescr", index)) or str(index)
        admin_code = _as_int(col("ifAdminStatus", index))
        oper_code = _as_int(col("ifOperStatus", index))
        if_type = _as_int(col("ifType", index))
        last_change = _as_int(col("ifLastChange", index))
        port = new_port(
            name,
            index=str(index),
            description=_as_text(col("ifAlias", index)),
            admin=IF_ADMIN.get(admin_code, "unknown") if admin_code is not None else "",
            oper="up" if oper_code == 1 else "down",
            state=IF_OPER.get(oper_code, str(oper_code)) if oper_code is not None else "",
            port_type=IF_TYPES.get(if_type, str(if_type)) if if_type is not None else "",
            speed=_as_int(col("ifHighSpeed", index)),
        )
        # ifLastChange 0 means "before the agent started": no age to tell.
        if sys_uptime is not None and last_change and last_change <= sys_uptime:
            port["last_change_s"] = (sys_uptime - last_change) // 100
        ports.append(port)
        entry = {}
        for column, key in _SNMP_COUNTERS.items():
            value = _as_int(col(column, index))
            if value is not None:
                entry[key] = value
        counters[name] = entry
    return {"ports": ports, "counters": counters}


# --------------------------------------------------------------------------- dispatch

# The commands each platform is read with over SSH, in order, and how the output is parsed.
PLATFORM_COMMANDS = {
    "brocade_fos": ("switchshow", "porterrshow", "errdump"),
    "huawei_vrp": ("display interface brief", "display logbuffer"),
    "h3c_comware": (
        "display interface brief",
        "display counters inbound interface",
        "display counters outbound interface",
        "display logbuffer",
    ),
    "cisco_ios": ("show interfaces status", "show interfaces counters errors", "show logging"),
}
PLATFORMS = tuple(sorted(PLATFORM_COMMANDS))


def parse_platform(platform: str, outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """Turn one platform's command outputs into ``{"switch", "ports", "counters", "logs"}``.

    ``outputs`` maps each command of PLATFORM_COMMANDS[platform] to its text; a
    missing command (the device refused it) gives no data for that part.
    """
    get = outputs.get
    switch = {}
    counters = {}
    if platform == "brocade_fos":
        shown = parse_brocade_switchshow(get("switchshow", ""))
        switch = shown["switch"]
        ports = shown["ports"]
        by_key = {}
        for port in ports:
            by_key[port["name"]] = port["name"]
            if port["index"] is not None:
                by_key.setdefault(port["index"], port["name"])
        for key, values in parse_brocade_porterrshow(get("porterrshow", "")).items():
            counters[by_key.get(key, key)] = values
        logs = parse_brocade_errdump(get("errdump", ""))
    elif platform == "huawei_vrp":
        brief = parse_huawei_interface_brief(get("display interface brief", ""))
        ports, counters = brief["ports"], brief["counters"]
        logs = parse_huawei_logbuffer(get("display logbuffer", ""))
    elif platform == "h3c_comware":
        ports = parse_h3c_interface_brief(get("display interface brief", ""))["ports"]
        for command, direction in (
            ("display counters inbound interface", "in"),
            ("display counters outbound interface", "out"),
        ):
            for name, values in parse_h3c_counters(get(command, ""), direction).items():
                counters.setdefault(name, {}).update(values)
        logs = parse_h3c_logbuffer(get("display logbuffer", ""))
    elif platform == "cisco_ios":
        ports = parse_cisco_interfaces_status(get("show interfaces status", ""))["ports"]
        counters = parse_cisco_counters_errors(get("show interfaces counters errors", ""))
        logs = parse_cisco_logging(get("show logging", ""), now=now)
    else:
        raise ValueError("unknown platform %r (known: %s)" % (platform, ", ".join(PLATFORMS)))
    return {"switch": switch, "ports": ports, "counters": counters, "logs": logs}
