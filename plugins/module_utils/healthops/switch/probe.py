# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One switch_ports run: read the switch, compare with the last run's bookkeeping, grade, keep the new one.

The reading itself is passed in (``read``), so the module owns its I/O edge and tests can put a
recorded switch in its place; everything else the module returns is built here.
"""

from __future__ import absolute_import, division, print_function

import datetime
import json
import os
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir
from ansible.module_utils.healthops.switch.evaluate import (
    error_check,
    evaluate_switch,
    normalize_expected_ports,
    thresholds_for,
)
from ansible.module_utils.healthops.switch.hostkeys import RECORD
from ansible.module_utils.healthops.switch.logs import apply_log_rules, compile_log_rules
from ansible.module_utils.healthops.switch.options import SNMP_CAVEATS, snmp_security, with_caveat
from ansible.module_utils.healthops.switch.parsers import parse_if_table
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORMS
from ansible.module_utils.healthops.switch.transport import HostKeyRejected, SwitchUnreachable
from ansible.module_utils.healthops.switch.trust import host_key_check, load_trust

__metaclass__ = type

# read(params, now, trust) -> (parsed data, notes, logs_read, host key decision); raises SwitchUnreachable.
Reader = Callable[[Dict[str, Any], datetime.datetime, Optional[Dict[str, Any]]], Tuple[Any, ...]]


def state_file_name(host: str, port: int) -> str:
    """The bookkeeping file of one switch: safe characters only, host and port in the name."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", host).strip("._") or "switch"
    return "switch_%s_%d.json" % (safe, port)


def load_state(path: Optional[str]) -> Tuple[Optional[Dict[str, Any]], List[str]]:
    """The previous run's state, or None (first run); an unreadable file is reported, not fatal."""
    if not path or not os.path.exists(path):
        return None, []
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), []
    except (OSError, ValueError) as exc:
        return None, ["state file %s unreadable (%s): this run is a new baseline" % (path, exc)]


def save_state(path: str, state: Dict[str, Any]) -> None:
    """Write the state with the shared atomic writer: mode 0600 in a 0700 directory, never through a symlink."""
    ensure_dir(os.path.dirname(path) or ".", mode=0o700)
    atomic_write(path, json.dumps(state, indent=1, sort_keys=True), mode=0o600)


def snmp_data(system: Dict[str, Any], columns: Dict[str, Dict[Any, Any]]) -> Dict[str, Any]:
    """What an SNMP read gives, in the shape every platform's parser returns (no log over SNMP)."""
    uptime = system.get("sysUpTime")
    table = parse_if_table(columns, sys_uptime=uptime if isinstance(uptime, int) else None)
    switch = {"sysName": system.get("sysName"), "sysDescr": system.get("sysDescr"), "uptime": uptime}
    return {"switch": switch, "ports": table["ports"], "counters": table["counters"], "logs": []}


def _host_key_outcome(
    decision: Dict[str, Any], check_mode: bool
) -> Tuple[Optional[Dict[str, Any]], Optional[Dict[str, Any]], List[str]]:
    """``(switch.host_key check or None, host_key result or None, notes)`` of an SSH read's key decision."""
    if decision.get("action") == RECORD:
        return host_key_check(decision, check_mode)
    if not decision:
        return None, None, []
    host_key = {k: decision[k] for k in ("name", "keytype", "fingerprint")}
    host_key.update(status="pinned", message=decision["message"])
    return None, host_key, []


def _read(
    params: Dict[str, Any], now: datetime.datetime, read: Reader, unread: Dict[str, Any], caveat: Optional[str]
) -> Tuple[Optional[Tuple[Any, ...]], Optional[Dict[str, Any]]]:
    """``(what read returned, None)``, or ``(None, the module's result)`` when the switch could not be read."""
    trust = None
    if params["transport"] == "ssh":
        trust, problem = load_trust(params)
        if problem:
            return None, dict(unread, checks=[error_check(problem)])
    try:
        return read(params, now, trust), None
    except HostKeyRejected as exc:
        host_key = {k: exc.decision.get(k) for k in ("name", "keytype", "fingerprint")}
        host_key.update(status="rejected", reason=exc.decision.get("reason"), message=str(exc))
        return None, dict(unread, checks=[error_check(str(exc))], host_key=host_key)
    except SwitchUnreachable as exc:
        return None, dict(unread, checks=with_caveat([error_check(str(exc))], caveat))


def run_probe(
    params: Dict[str, Any], check_mode: bool, read: Reader, now: Optional[datetime.datetime] = None
) -> Dict[str, Any]:
    """Everything the module returns, from validated parameters and the module's reader."""
    now = now or datetime.datetime.now()
    params = dict(params)
    if params.get("port") is None:
        params["port"] = 161 if params["transport"] == "snmp" else 22
    caveat = SNMP_CAVEATS.get(snmp_security(params)) if params["transport"] == "snmp" else None
    state_path = None
    if params.get("state_dir"):
        state_path = os.path.join(params["state_dir"], state_file_name(params["host"], params["port"]))
    switch_info = {
        "host": params["host"],
        "port": params["port"],
        "transport": params["transport"],
        "platform": params.get("platform"),
        "name": None,
    }
    unread = {"changed": False, "switch": switch_info, "notes": [], "state_file": state_path}
    got, failed = _read(params, now, read, unread, caveat)
    if failed is not None:
        return failed
    data, notes, logs_read, decision = got
    sw = data.get("switch") or {}
    switch_info["name"] = sw.get("switchname") or sw.get("sysName")
    graded = _graded(params, data, logs_read, decision, check_mode, now, state_path, caveat, list(notes))
    output = {
        "changed": False,
        "checks": graded["checks"],
        "switch": switch_info,
        "ports": data["ports"],
        "log_entries": graded["log_entries"],
        "notes": graded["notes"],
        "state_file": state_path,
    }
    if "host_key" in graded:
        output["host_key"] = graded["host_key"]
    return output


def log_rules_of(params: Dict[str, Any]) -> Tuple[List[Tuple[Any, str, str]], List[str]]:
    """The log rules of this switch - the module's ``log_rules``, then its platform's table - and their errors."""
    platform = params.get("platform")
    defaults = PLATFORMS[platform].log_rules if platform in PLATFORMS else ()
    return compile_log_rules(params.get("log_rules") or [], defaults, platform)


def _graded(
    params: Dict[str, Any],
    data: Dict[str, Any],
    logs_read: bool,
    decision: Dict[str, Any],
    check_mode: bool,
    now: datetime.datetime,
    state_path: Optional[str],
    caveat: Optional[str],
    notes: List[str],
) -> Dict[str, Any]:
    """Checks, log entries, notes and host key of a switch that was read; the new state kept unless check mode."""
    expected, _errors = normalize_expected_ports(params.get("expected_ports") or [])
    thresholds, _errors = thresholds_for(params.get("thresholds") or {})
    previous, state_notes = load_state(state_path)
    notes = notes + state_notes
    data = dict(data, logs=apply_log_rules(data.get("logs") or [], log_rules_of(params)[0]))
    result = evaluate_switch(data, expected, previous, thresholds, now, logs_read=logs_read)
    checks = with_caveat(result["checks"], caveat)
    check, host_key, key_notes = _host_key_outcome(decision, check_mode)
    if check is not None:
        checks.append(check)
    notes.extend(key_notes)
    if state_path and not check_mode:
        try:
            save_state(state_path, result["state"])
        except OSError as exc:
            notes.append("state file %s not written (%s): the next run cannot compare" % (state_path, exc))
    graded = {"checks": checks, "log_entries": result["log_entries"], "notes": notes}
    if host_key:
        graded["host_key"] = host_key
    return graded
