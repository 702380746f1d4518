# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every switch platform's parsers share, and the SNMP IF-MIB table (pure functions).

The parsers of each platform's command output live with the rest of that platform in
:mod:`healthops.switch.platforms` (one module per platform, see its ``registry``). This
module holds the records they all return, the helpers they share (interface names,
printed counts, log entries and dates) and the IF-MIB parser of the SNMP transport,
which is the same for every platform.

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
``last_change_s`` seconds since the port last changed state (SNMP ifLastChange against sysUpTime), else None;
``duplex``      as printed (``a-full``, ``half``, ``auto``), "" when the output has none;
``reason``      what the device says is wrong with the port (err-disable cause, Brocade comment), else "".

Counters are ``{port name: {counter name: int}}``; log entries are dicts with the
keys of LOG_FIELDS, ``severity`` on the syslog scale (0 emergency ... 7 debug).
"""

from __future__ import absolute_import, division, print_function

import datetime
import decimal
import re
from typing import Any, Callable, Dict, List, Optional

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
    "duplex",
    "reason",
)
LOG_FIELDS = ("time", "severity", "severity_name", "source", "message", "raw")

SEVERITY_NAMES = ("emergency", "alert", "critical", "error", "warning", "notice", "info", "debug")

# IF-MIB counters (SNMP, and the Huawei / H3C CLI that print the same ones): faults are graded
# when they rise, drops on a looser limit. Each platform adds its own (see Platform.error_counters).
IF_ERROR_COUNTERS = frozenset(["in_errors", "out_errors"])
IF_DISCARD_COUNTERS = frozenset(["in_discards", "out_discards"])

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
    "twentyfivegigabitethernet": "25ge",
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
    "lo": "loopback",
    "loop": "loopback",
    "loopback": "loopback",
    "tu": "tunnel",
    "tunnel": "tunnel",
    "ragg": "ragg",
    "route-aggregation": "ragg",
}
# What VRP prints after a member port's name: its speed (``(10G)``, ``(100G)``) or a flag (``(v)``).
_NAME_SUFFIX_RE = re.compile(r"\([0-9A-Za-z]+\)$")
_NAME_RE = re.compile(r"^(\d*[A-Za-z][A-Za-z\-]*?)-?(\d.*)$")


def interface_key(name: Any) -> str:
    """A vendor-neutral key for matching interface names.

    ``GigabitEthernet0/0/1``, ``GE0/0/1`` and ``Gi0/0/1`` give the same key, as do
    ``Ten-GigabitEthernet1/0/49``, ``XGE1/0/49`` and ``Te1/0/49``; a VRP suffix is dropped
    (``GigabitEthernet15/1/0(10G)`` is ``GE15/1/0``). Names without a known prefix (Brocade
    port numbers, Linux names) are only lower-cased. The one name normalisation: inventory
    names, printed names and counter keys all go through it.
    """
    text = _NAME_SUFFIX_RE.sub("", str(name).strip().lower().replace(" ", ""))
    match = _NAME_RE.match(text)
    if not match:
        return text
    prefix, rest = match.group(1), match.group(2)
    return _PREFIX_ALIASES.get(prefix, prefix) + rest


# --------------------------------------------------------------------------- speed and duplex


_SPEED_RE = re.compile(r"^(?:a-|n)?(\d+(?:\.\d+)?)\s*([kmgt]?)(?:b(?:it)?(?:/?s|ps)?)?(?:\(a\))?$")
_SPEED_UNITS = {"": 1, "k": 0.001, "m": 1, "g": 1000, "t": 1000000}


def speed_mbps(text: Any) -> Optional[int]:
    """A port speed in Mbit/s: ``a-1000``/``1000``/``100M`` (Mbit/s), ``10G``/``a-10G``/``1G(a)``, Brocade
    ``N16``/``16G`` (Gbit/s: a bare number after ``N`` is Gbit/s), an int (SNMP ifHighSpeed, Mbit/s).

    None for ``auto``, ``AN`` (still negotiating) and anything else that is not a speed.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    token = str(text or "").strip().lower()
    match = _SPEED_RE.match(token)
    if not match:
        return None
    unit = match.group(2) or ("g" if token.startswith("n") else "")
    return int(float(match.group(1)) * _SPEED_UNITS[unit])


def is_half_duplex(text: Any) -> bool:
    """Whether a printed duplex is half: Cisco ``half`` / ``a-half``, Comware ``H`` / ``H(a)``."""
    token = str(text or "").strip().lower()
    return token in ("half", "a-half", "h", "h(a)", "halfduplex", "half-duplex")


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


def counter_name(text: str) -> str:
    """A printed column header as a counter name: ``CRC err`` -> ``crc_err``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


# --------------------------------------------------------------------------- log entries


def log_entry(
    when: Optional[datetime.datetime],
    severity: int,
    source: str,
    message: str,
    raw: str,
    severity_name: Optional[str] = None,
) -> Dict[str, Any]:
    """One log entry with the keys of LOG_FIELDS."""
    return {
        "time": when.isoformat() if when else None,
        "severity": severity,
        "severity_name": severity_name or SEVERITY_NAMES[severity],
        "source": source,
        "message": message.strip(),
        "raw": raw,
    }


def parse_log_lines(
    text: str, entry_of: Callable[[str], Optional[Dict[str, Any]]], boundary: Any = None, wrap: int = 0
) -> List[Dict[str, Any]]:
    """The entries of the log lines ``entry_of`` understands (it gets each line stripped, gives an entry or None).

    With ``boundary`` (a pattern matching the start of any log line, also those ``entry_of`` does not
    keep), a non-empty line that starts no entry continues the entry above it (multi-line messages).
    ``wrap``: the device breaks lines at this width, mid-word (``GigabitEt`` / ``hernet0/0/0``); the
    continuation of a line that long is joined without a space, unless the line ended in one (a break
    between words). One column less counts too: copies of such output often lose a padding space.
    """
    entries: List[Dict[str, Any]] = []
    current: Optional[Dict[str, Any]] = None
    previous = ""
    for line in text.splitlines():
        stripped = line.strip()
        entry = entry_of(stripped)
        if entry is not None:
            entries.append(entry)
            current = entry
        elif boundary is None or boundary.match(stripped) or not stripped:
            current = None
        elif current is not None:
            glue = " " if not wrap or previous.rstrip("\r")[-1:].isspace() or len(previous) < wrap - 1 else ""
            current["message"] = (current["message"] + glue + stripped).strip()
            current["raw"] += "\n" + line.rstrip()
        previous = line
    return entries


def module_log_entry(match: Any, raw: str, when: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """An entry of a VRP / Comware style line, matched with groups ``mod``, ``sev``, ``brief`` and ``msg``.

    Without ``when`` the time is read from the groups ``year``, ``mon``, ``day`` and ``time``.
    """
    if when is None:
        when = datetime_from(match.group("year"), match.group("mon"), match.group("day"), match.group("time"))
    source = "%s/%s" % (match.group("mod"), match.group("brief").strip())
    return log_entry(when, int(match.group("sev")), source, match.group("msg"), raw)


def datetime_from(year: Any, month: str, day: str, clock: str) -> Optional[datetime.datetime]:
    """A naive datetime from log fields; None when they do not make a date."""
    try:
        hour, minute, second = (int(x) for x in clock.split(":")[:3])
        return datetime.datetime(int(year), _MONTHS[month.lower()[:3]], int(day), hour, minute, second)
    except (KeyError, ValueError):
        return None


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
