# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco NX-OS (Nexus, MDS): ``show interface status``, ``show interface counters errors`` and the log file.

The status table and error counters print as on IOS (the parsers are shared with ``cisco_ios``);
the log is ``show logging last 500`` (``show logging logfile`` on releases without ``last``), whose
lines start with the year: ``2019 May 22 16:20:45 n7k %ACLLOG-5-ACLLOG_FLOW_INTERVAL: ...``.
Read in an interactive shell with ``terminal length 0`` (this session only) and left with ``exit``.
"""

from __future__ import absolute_import, division, print_function

import datetime
import re
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.switch.parsers import datetime_from, log_entry, parse_log_lines
from ansible.module_utils.healthops.switch.platforms.base import Platform
from ansible.module_utils.healthops.switch.platforms.cisco_ios import (
    parse_cisco_counters_errors,
    parse_cisco_interfaces_status,
)

__metaclass__ = type

LOG_COMMAND = "show logging last 500"

# ``yyyy Mon dd hh:mm:ss[.ms] [TZ][:] [host] %FAC[-SLOTn]-SEV-MNEMONIC: message``
_NXOS_LOG = re.compile(
    r"^(?P<year>\d{4})\s+(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?"
    r"(?:\s+[A-Z]{2,5})?:?\s+(?:[^\s%]\S*\s+)?"
    r"%(?P<fac>[\w\-]+?)(?:-SLOT\d+)?-(?P<sev>\d)-(?P<mnem>[\w\-]+):\s*(?P<msg>.*)$"
)
_NXOS_LOG_BOUNDARY = re.compile(r"^\d{4}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:")


def _nxos_log_line(stripped: str) -> Optional[Dict[str, Any]]:
    match = _NXOS_LOG.match(stripped)
    if not match:
        return None
    when = datetime_from(match.group("year"), match.group("mon"), match.group("day"), match.group("time"))
    source = "%s-%s-%s" % (match.group("fac"), match.group("sev"), match.group("mnem"))
    return log_entry(when, int(match.group("sev")), source, match.group("msg"), stripped)


def parse_nxos_logging(text: str) -> List[Dict[str, Any]]:
    """Parse ``show logging last N`` / ``show logging logfile``: one entry per message, continuation lines joined."""
    return parse_log_lines(text, _nxos_log_line, boundary=_NXOS_LOG_BOUNDARY)


def parse(outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The platform's outputs as ``{"switch", "ports", "counters", "logs"}`` (NX-OS log lines carry their year)."""
    ports = parse_cisco_interfaces_status(outputs.get("show interface status", ""))["ports"]
    counters = parse_cisco_counters_errors(outputs.get("show interface counters errors", ""))
    for values in counters.values():
        if "indiscards" in values:
            values["in_discards"] = values.pop("indiscards")
    logs = parse_nxos_logging(outputs.get(LOG_COMMAND, ""))
    return {"switch": {}, "ports": ports, "counters": counters, "logs": logs}


# An error-disabled port (link flap, BPDU guard, port security) is a port out of service.
NXOS_LOG_RULES = (
    (r"ERROR_DISABLED|ERR_DISABLE|ERRDISABLE|PSECURE_VIOLATION|PORT_SECURITY", "FAIL"),
    (r"ETHPORT-\d-IF_UP\b|is up\b|changed state to up", "INFO"),
    (r"ETHPORT-\d-IF_DOWN", "WARN"),
)

PLATFORM = Platform(
    name="cisco_nxos",
    commands=("show interface status", "show interface counters errors", LOG_COMMAND),
    parse=parse,
    paging_off="terminal length 0",
    fallbacks={LOG_COMMAND: "show logging logfile"},
    exit_command="exit",
    error_counters=frozenset(
        ["align_err", "fcs_err", "xmit_err", "rcv_err", "undersize", "late_col", "exces_col", "runts", "giants"]
        + ["symbol_err", "stomped_crc"]
    ),
    log_rules=NXOS_LOG_RULES,
)
