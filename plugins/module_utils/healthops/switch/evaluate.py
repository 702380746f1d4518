# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch port and log evaluation (pure): parsed switch data + last run's state -> checks + new state.

Input is what a platform's parser (:mod:`healthops.switch.platforms`) returns (``ports``, ``counters``,
``logs``, ``switch``), the expected ports from inventory and the state this
switch left on the controller at its last run. Output is the result model's
checks and the state to keep for the next run. Nothing here does I/O. Which log entries are new,
and the ``switch.log`` check, are in :mod:`healthops.switch.logs`.

Checks (ids are ``<base>`` or ``<base>:<port>``):

``switch.state``          the switch itself: Brocade switchState, SNMP sysName/uptime
                          (a restart since the last run is WARN);
``switch.port:<p>``       one per expected port: FAIL when down, No_Light, No_Sync, disabled or missing;
                          WARN when online with another port type or peer than expected;
``switch.ports``          INFO summary of every port (up / down / admin down, ports up in admin but down);
``switch.errors:<p>``     a port whose error/CRC counters rose since the last run: WARN,
                          FAIL at ``port_error_delta.fail``;
``switch.discards:<p>``   a port whose discard/reject counters rose by ``port_discard_delta`` or more;
``switch.errors``         PASS when no counter rose, INFO on the first run (baseline) or when per-port rows follow;
``switch.log``            log entries at WARNING or above since the last run: WARN, FAIL when one is critical or worse.

State kept per switch (a JSON document, see :func:`new_state`)::

    {"version": 1, "updated": "2024-04-18T09:00:00", "uptime": 123456,
     "counters": {"<port>": {"crc_err": 3, ...}}, "log_seen": {"<fingerprint>": 1}}
"""

from __future__ import absolute_import, division, print_function

import datetime
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    WARN,
    grade,
    make_check,
    threshold_text,
)
from ansible.module_utils.healthops.common.thresholds import merge_thresholds, validate_thresholds
from ansible.module_utils.healthops.switch.logs import MAX_LISTED, evaluate_logs, log_check, select_new_logs
from ansible.module_utils.healthops.switch.parsers import interface_key, is_half_duplex, speed_mbps
from ansible.module_utils.healthops.switch.platforms.registry import DISCARD_COUNTERS, ERROR_COUNTERS

__metaclass__ = type

STATE_VERSION = 1

SWITCH_THRESHOLDS = {
    # Rise of a port's error and CRC counters since the last run (sum over the port's error counters).
    "port_error_delta": {"warn": 1, "fail": 100, "unit": "", "higher_is_worse": True},
    # Rise of a port's discard / class-3 discard / reject / busy counters since the last run.
    "port_discard_delta": {"warn": 1000, "fail": None, "unit": "", "higher_is_worse": True},
}

# Port states that are a fault on a port that must be online (also reported as the reason).
FC_DOWN_STATES = (
    "No_Light",
    "No_Sync",
    "No_Card",
    "No_Module",
    "Mod_Inv",
    "Mod_Val",
    "Laser_Flt",
    "Port_Flt",
    "Offline",
)


def thresholds_for(overrides: Optional[Dict[str, Any]]) -> Tuple[Dict[str, Any], List[str]]:
    """The switch threshold catalogue with inventory overrides, and the errors in those overrides."""
    errors = validate_thresholds(overrides, SWITCH_THRESHOLDS, name="thresholds")
    return merge_thresholds(SWITCH_THRESHOLDS, overrides or {}), errors


def normalize_expected_ports(expected: Any) -> Tuple[List[Dict[str, str]], List[str]]:
    """Inventory ``switch_expected_ports`` -> ``[{"port", "type", "peer", "speed"}]`` and error messages.

    Each item is a port name (``"0"``, ``"1/16"``, ``"GE1/0/1"``) or a mapping with
    ``port`` and optionally ``type`` (``F-Port``, ``E-Port``, ``trunk``, ``access``...),
    ``peer`` (a WWN, a switch name, or text expected in the port's description) and
    ``speed`` (the least the port must run at: ``10G``, ``1000``, ``16G``).
    """
    result = []
    errors = []
    if expected is None:
        return result, errors
    if not isinstance(expected, list):
        return result, ["expected_ports must be a list of port names or {port, type, peer}"]
    seen = set()
    for pos, item in enumerate(expected):
        where = "expected_ports[%d]" % pos
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            spec = {"port": str(item), "type": "", "peer": "", "speed": ""}
        elif isinstance(item, dict):
            unknown = sorted(set(item) - {"port", "type", "peer", "speed", "description"})
            if unknown:
                errors.append("%s: unknown key(s) %s (known: port, type, peer, speed)" % (where, ", ".join(unknown)))
            if item.get("port") in (None, ""):
                errors.append("%s: port is required" % where)
                continue
            spec = {
                "port": str(item["port"]),
                "type": str(item.get("type") or ""),
                "peer": str(item.get("peer") or ""),
                "speed": str(item.get("speed") or ""),
            }
            if spec["speed"] and speed_mbps(spec["speed"]) is None:
                errors.append("%s: speed %r is not a speed (10G, 1000, 100M, 16G)" % (where, spec["speed"]))
        else:
            errors.append("%s must be a port name or a mapping with port, got %r" % (where, item))
            continue
        key = interface_key(spec["port"])
        if key in seen:
            errors.append("%s: port %s is listed twice" % (where, spec["port"]))
            continue
        seen.add(key)
        result.append(spec)
    return result, errors


def find_port(ports: List[Dict[str, Any]], name: str) -> Optional[Dict[str, Any]]:
    """The port an inventory name refers to: by name (vendor-neutral), then index, then description."""
    key = interface_key(name)
    for port in ports:
        if interface_key(port["name"]) == key:
            return port
    for port in ports:
        if port.get("index") is not None and str(port["index"]) == str(name):
            return port
    wanted = str(name).strip().lower()
    for port in ports:
        if wanted and str(port.get("description") or "").strip().lower() == wanted:
            return port
    return None


def port_state_text(port: Dict[str, Any]) -> str:
    """How a port's state reads in a report: ``up``, ``down (No_Light)``, ``disabled (No_Sync)``."""
    word = "disabled" if port["admin"] == "down" else ("up" if port["oper"] == "up" else "down")
    raw = str(port.get("state") or "")
    if raw and raw.lower() not in (word, "online", "connected", "up/up", "up"):
        return "%s (%s)" % (word, raw)
    return word


def _same_type(expected: str, actual: str) -> bool:
    return expected.strip().lower().replace("_", "-") == str(actual or "").strip().lower().replace("_", "-")


def _peer_matches(expected: str, port: Dict[str, Any]) -> bool:
    wanted = expected.strip().lower()
    haystack = " ".join(str(port.get(k) or "") for k in ("peer", "description")).lower()
    return wanted in haystack


def _port_notes(port: Dict[str, Any]) -> List[str]:
    """What a port check's detail says about the port besides its grade."""
    notes = []
    if port.get("description") and port["description"] != port.get("peer"):
        notes.append("description: %s" % port["description"])
    if port.get("port_type"):
        notes.append("type %s" % port["port_type"])
    if port.get("peer"):
        notes.append("peer %s" % port["peer"])
    if port.get("trunk") and port["trunk"] != port["name"]:
        notes.append("member of %s" % port["trunk"])
    if port.get("speed") not in (None, ""):
        notes.append("speed %s" % port["speed"])
    if port.get("last_change_s") is not None:
        notes.append("last change %s ago" % _duration(port["last_change_s"]))
    return notes


def _grade_port(port: Dict[str, Any], spec: Dict[str, str]) -> Tuple[str, List[str]]:
    """``(status, notes)`` of a port that is on the switch, against its expected spec."""
    notes = _port_notes(port)
    reason = str(port.get("reason") or "")
    if port["admin"] == "down":
        status = FAIL
        notes.insert(0, "administratively disabled" + (": %s" % reason if reason else ""))
    elif port["oper"] != "up":
        status = FAIL
        notes.insert(0, "not online" + (": %s" % reason if reason else ""))
    else:
        status = PASS
        if spec["type"] and not _same_type(spec["type"], port.get("port_type")):
            status = WARN
            notes.insert(0, "type %s, expected %s" % (port.get("port_type") or "unknown", spec["type"]))
        if spec["peer"] and not _peer_matches(spec["peer"], port):
            status = WARN
            notes.insert(0, "peer is not %s" % spec["peer"])
        link = _link_notes(port, spec.get("speed") or "")
        if link:
            status = WARN
            notes[:0] = link
    if port["name"] != spec["port"]:
        notes.append("device name %s" % port["name"])
    return status, notes


def _link_notes(port: Dict[str, Any], expected_speed: str) -> List[str]:
    """What is wrong with an online port's link: half duplex, or slower than ``expected_speed``."""
    notes = []
    if is_half_duplex(port.get("duplex")):
        notes.append("half duplex (%s)" % port["duplex"])
    wanted = speed_mbps(expected_speed) if expected_speed else None
    actual = speed_mbps(port.get("speed"))
    if wanted is not None and actual is not None and actual < wanted:
        notes.append("speed %s, expected at least %s" % (port["speed"], expected_speed))
    return notes


def evaluate_expected_ports(ports: List[Dict[str, Any]], expected: List[Dict[str, str]]) -> List[Dict[str, Any]]:
    """One check per expected port."""
    checks = []
    for spec in expected:
        name = spec["port"]
        extras = (spec["type"], spec["peer"] and "peer " + spec["peer"], spec.get("speed") and ">= " + spec["speed"])
        want = ["online"] + [x for x in extras if x]
        port = find_port(ports, name)
        if port is None:
            status, value = FAIL, "missing"
            detail = "port %s is not on the switch (ports read: %d)" % (name, len(ports))
        else:
            value = port_state_text(port)
            status, notes = _grade_port(port, spec)
            detail = "; ".join(notes)
        checks.append(
            make_check(
                check_id="switch.port:%s" % name,
                category="port",
                title="Port %s state" % name,
                title_zh="端口 %s 状态" % name,
                status=status,
                value=value,
                threshold=", ".join(want),
                detail=detail,
            )
        )
    return checks


def summarize_ports(ports: List[Dict[str, Any]], expected: List[Dict[str, str]]) -> Dict[str, Any]:
    """INFO check with counts of ports up, down and disabled, and ports enabled but down."""
    up = [p for p in ports if p["admin"] != "down" and p["oper"] == "up"]
    disabled = [p for p in ports if p["admin"] == "down"]
    down = [p for p in ports if p["admin"] != "down" and p["oper"] != "up"]
    parts = ["%d ports: %d up, %d down, %d disabled" % (len(ports), len(up), len(down), len(disabled))]
    if down:
        names = [p["name"] for p in down]
        listed = ", ".join(names[:MAX_LISTED]) + (
            " and %d more" % (len(names) - MAX_LISTED) if len(names) > MAX_LISTED else ""
        )
        parts.append("enabled but down: %s" % listed)
    if not expected:
        parts.append("no expected ports in inventory (switch_expected_ports): port states are not graded")
    else:
        parts.append("%d expected ports graded" % len(expected))
    return make_check(
        check_id="switch.ports",
        category="switch",
        title="Ports",
        title_zh="端口概况",
        status=INFO,
        value=len(up),
        threshold="",
        unit="ports up",
        detail="; ".join(parts),
    )


def _rise(current: Dict[str, int], previous: Dict[str, int], names: frozenset) -> Tuple[int, List[str], bool]:
    """Sum of increases over the counters in ``names``; a decrease means the counters were cleared."""
    total = 0
    parts = []
    for name in sorted(current):
        if name not in names or name not in previous:
            continue
        delta = current[name] - previous[name]
        if delta < 0:
            return 0, [], True
        if delta:
            total += delta
            parts.append("%s +%d" % (name, delta))
    return total, parts, False


# Checks whose id says what they are: (category, title, title_zh).
_FIXED_CHECKS = {
    "switch.errors": ("port", "Error counters", "错误计数"),
}


def _fixed_check(
    check_id: str, status: str, value: Optional[int], threshold: str, unit: str, detail: str
) -> Dict[str, Any]:
    """A check of _FIXED_CHECKS."""
    category, title, title_zh = _FIXED_CHECKS[check_id]
    return make_check(
        check_id=check_id,
        category=category,
        title=title,
        title_zh=title_zh,
        status=status,
        value=value,
        threshold=threshold,
        unit=unit,
        detail=detail,
    )


def _summary(status: str, value: int, threshold: str, detail: str) -> Dict[str, Any]:
    """The ``switch.errors`` summary check."""
    return _fixed_check("switch.errors", status, value, threshold, "ports", detail)


def _port_counter_checks(
    label: str,
    current: Dict[str, int],
    before: Dict[str, int],
    error_spec: Dict[str, Any],
    discard_spec: Dict[str, Any],
) -> Tuple[List[Dict[str, Any]], bool]:
    """One port's error and discard checks that are not PASS, and whether its counters were cleared."""
    checks = []
    cleared = False
    for kind, names, spec, title, title_zh in (
        ("errors", ERROR_COUNTERS, error_spec, "Port %s error counters", "端口 %s 错误计数"),
        ("discards", DISCARD_COUNTERS, discard_spec, "Port %s discard counters", "端口 %s 丢弃计数"),
    ):
        total, parts, was_cleared = _rise(current, before, names)
        if was_cleared:
            cleared = True
            continue
        if not total:
            continue
        status = grade(total, spec.get("warn"), spec.get("fail"))
        if status == PASS:
            continue
        checks.append(
            make_check(
                check_id="switch.%s:%s" % (kind, label),
                category="port",
                title=title % label,
                title_zh=title_zh % label,
                status=status,
                value=total,
                threshold=threshold_text(spec.get("warn"), spec.get("fail")),
                unit="since last run",
                detail=", ".join(parts),
            )
        )
    return checks, cleared


def evaluate_counters(
    ports: List[Dict[str, Any]],
    counters: Dict[str, Dict[str, int]],
    previous: Optional[Dict[str, Any]],
    thresholds: Dict[str, Any],
    rebooted: bool = False,
) -> List[Dict[str, Any]]:
    """Per-port checks for counters that rose since the last run, and the ``switch.errors`` summary."""
    error_spec = thresholds["port_error_delta"]
    discard_spec = thresholds["port_discard_delta"]
    prev_counters = (previous or {}).get("counters") or {}
    prev_by_key = {interface_key(name): values for name, values in prev_counters.items()}
    name_by_key = {interface_key(p["name"]): p["name"] for p in ports}
    checks = []
    compared = 0
    cleared = []
    for name in sorted(counters, key=lambda n: (len(n), n)):
        key = interface_key(name)
        label = name_by_key.get(key, name)
        before = prev_by_key.get(key)
        if before is None or rebooted:
            continue
        compared += 1
        port_checks, was_cleared = _port_counter_checks(label, counters[name], before, error_spec, discard_spec)
        checks.extend(port_checks)
        if was_cleared and label not in cleared:
            cleared.append(label)
    since = (previous or {}).get("updated") or ""
    if not previous or not prev_counters:
        summary = _summary(
            INFO,
            len(counters),
            "",
            "first run: counters of %d ports recorded as the baseline; rises are graded from the next run"
            % len(counters),
        )
    elif rebooted:
        summary = _summary(
            INFO, len(counters), "", "the switch restarted since %s: counters recorded as a new baseline" % since
        )
    elif checks:
        summary = _summary(
            INFO,
            len(checks),
            "",
            "%d of %d ports with counters that rose since %s (see the per-port rows)" % (len(checks), compared, since),
        )
    else:
        summary = _summary(
            PASS,
            0,
            threshold_text(error_spec.get("warn"), error_spec.get("fail")),
            "no error or discard counter rose on %d ports since %s" % (compared, since),
        )
    if cleared:
        summary["detail"] += "; counters cleared (new baseline) on %s" % ", ".join(cleared[:MAX_LISTED])
    return [summary, *checks]


def _duration(seconds: int) -> str:
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return "%dd %dh" % (days, hours)
    if hours:
        return "%dh %dm" % (hours, minutes)
    if minutes:
        return "%dm %ds" % (minutes, secs)
    return "%ds" % secs


def evaluate_switch_state(switch: Dict[str, Any], previous: Optional[Dict[str, Any]]) -> Tuple[Dict[str, Any], bool]:
    """The ``switch.state`` check, and whether the switch restarted since the last run.

    Brocade: switchState must be Online (else FAIL). SNMP: sysUpTime (hundredths of a
    second) lower than at the last run means the switch (or its agent) restarted (WARN).
    """
    rebooted = False
    notes = []
    status = INFO
    value = switch.get("switchname") or switch.get("sysName") or switch.get("hostname") or ""
    if switch.get("switchstate"):
        state = str(switch["switchstate"]).strip()
        value = state
        status = PASS if state.lower() == "online" else FAIL
        notes.append("switchName %s" % switch.get("switchname", ""))
        for key in ("switchrole", "switchdomain", "zoning", "fabric_name"):
            if switch.get(key):
                notes.append("%s %s" % (key, switch[key]))
    uptime = switch.get("uptime")
    if uptime is not None:
        notes.append("up %s" % _duration(int(uptime) // 100))
        prev_uptime = (previous or {}).get("uptime")
        # sysUpTime only grows while the agent runs: lower than last time means a restart.
        rebooted = prev_uptime is not None and int(uptime) < int(prev_uptime)
        if rebooted:
            status = WARN
            notes.insert(0, "restarted since the last run")
        elif status == INFO:
            status = PASS
    for key in ("sysName", "sysDescr"):
        if switch.get(key):
            notes.append("%s %s" % (key, " ".join(str(switch[key]).split())[:120]))
    return (
        make_check(
            check_id="switch.state",
            category="switch",
            title="Switch state",
            title_zh="交换机状态",
            status=status,
            value=value,
            threshold="",
            detail="; ".join(notes),
        ),
        rebooted,
    )


def error_check(message: str, check_id: str = "switch.connect") -> Dict[str, Any]:
    """The one check of a switch that could not be read (ERROR: not checked)."""
    return make_check(
        check_id=check_id,
        category="switch",
        title="Switch reachable",
        title_zh="交换机连接",
        status=ERROR,
        detail=message,
    )


def new_state(
    counters: Dict[str, Dict[str, int]],
    log_seen: Optional[Dict[str, int]],
    uptime: Optional[int],
    now: datetime.datetime,
) -> Dict[str, Any]:
    """The state document written for the next run (only graded counters are kept)."""
    graded = ERROR_COUNTERS | DISCARD_COUNTERS
    kept = {name: {k: v for k, v in values.items() if k in graded} for name, values in counters.items()}
    return {
        "version": STATE_VERSION,
        "updated": now.replace(microsecond=0).isoformat(),
        "uptime": uptime,
        "counters": kept,
        "log_seen": log_seen,
    }


def usable_state(state: Any) -> Optional[Dict[str, Any]]:
    """A previous state document if it is one this code wrote, else None (treated as a first run)."""
    if isinstance(state, dict) and state.get("version") == STATE_VERSION and isinstance(state.get("counters"), dict):
        return state
    return None


def evaluate_switch(
    data: Dict[str, Any],
    expected: List[Dict[str, str]],
    previous: Optional[Dict[str, Any]],
    thresholds: Dict[str, Any],
    now: datetime.datetime,
    logs_read: bool = True,
) -> Dict[str, Any]:
    """Everything for one switch: ``{"checks", "state", "log_entries"}``.

    ``data`` is a parser result (``switch``, ``ports``, ``counters``, ``logs``);
    ``logs_read`` is False for SNMP, which has no log to read (an INFO check says so).
    """
    previous = usable_state(previous)
    state_check, rebooted = evaluate_switch_state(data.get("switch") or {}, previous)
    checks = [state_check]
    checks.extend(evaluate_expected_ports(data["ports"], expected))
    checks.append(summarize_ports(data["ports"], expected))
    checks.extend(evaluate_counters(data["ports"], data.get("counters") or {}, previous, thresholds, rebooted))
    log_seen = None
    new_logs: List[Dict[str, Any]] = []
    if logs_read:
        new_logs, log_seen, first_run = select_new_logs(data.get("logs") or [], previous)
        checks.append(evaluate_logs(new_logs, first_run, len(data.get("logs") or [])))
    else:
        checks.append(log_check(INFO, None, "", "", "not read over SNMP; use transport ssh to collect the switch log"))
    state = new_state(data.get("counters") or {}, log_seen, (data.get("switch") or {}).get("uptime"), now)
    return {"checks": checks, "state": state, "log_entries": new_logs}
