#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Probe a fibre-channel or Ethernet switch: port states, error counters and log, over SNMP or SSH."""

from __future__ import absolute_import, annotations, division, print_function

import datetime
import fcntl
import json
import os
import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir
from ansible.module_utils.healthops.common.result import INFO, make_check
from ansible.module_utils.healthops.switch.evaluate import (
    error_check,
    evaluate_switch,
    normalize_expected_ports,
    thresholds_for,
)
from ansible.module_utils.healthops.switch.hostkeys import (
    HOST_KEY_POLICIES,
    RECORD,
    STATE_KNOWN_HOSTS,
    add_known_host,
    choose_pins,
    keys_for,
    known_hosts_name,
    parse_host_key_option,
    parse_known_hosts,
)
from ansible.module_utils.healthops.switch.parsers import PLATFORMS, parse_if_table, parse_platform
from ansible.module_utils.healthops.switch.transport import (
    AUTH_PROTOCOLS,
    PRIV_PROTOCOLS,
    HostKeyRejected,
    SwitchUnreachable,
    snmp_read,
    ssh_read,
)

__metaclass__ = type

DOCUMENTATION = r"""
---
module: switch_ports
short_description: Check a switch's ports, error counters and log (Brocade FC, Huawei, H3C, Cisco)
description:
  - "Reads one switch from the controller (network devices have no Python: run it with
    C(delegate_to: localhost)) and returns the healthops result model, C(checks)."
  - Over C(snmp) it walks IF-MIB C(ifTable) and C(ifXTable) with GETBULK (name, alias,
    admin and oper status, last change against C(sysUpTime), in/out errors and discards,
    high speed), SNMP v2c or v3 authPriv. SNMPv3 without privacy (authNoPriv, noAuthNoPriv) is
    an argument error unless O(snmp_allow_no_priv=true). Every check of a switch read over v2c
    says in its detail that the community was sent in clear; over v3 without privacy, that the
    session was not encrypted.
  - Over C(ssh) it runs the O(platform)'s commands and parses their output -
    C(brocade_fos) C(switchshow), C(porterrshow), C(errdump) (exec channels);
    C(huawei_vrp) C(display interface brief), C(display logbuffer);
    C(h3c_comware) C(display interface brief) (C(display brief interface) on Comware 5),
    C(display counters inbound|outbound interface), C(display logbuffer);
    C(cisco_ios) C(show interfaces status), C(show interfaces counters errors), C(show logging)
    (interactive shell with paging turned off for the session only).
  - "SSH host keys are checked before the password is sent. The key the switch presents must
    match one pinned by the operator (O(host_key), O(known_hosts_file)) or, when the operator
    pinned none for this switch, one recorded in C(<state_dir>/switch_known_hosts) (OpenSSH
    known_hosts format; names are C(host), or C([host]:port) off port 22). An unpinned key is
    refused (O(host_key_policy=reject), the default) or, with O(host_key_policy=trust_first_use),
    recorded there (mode 0640, atomically) and from then on required; recording it adds an
    C(INFO) check C(switch.host_key) naming the fingerprint and a module warning, also sent to
    the system log. A refused or changed key is one C(ERROR) check C(switch.connect) whose detail
    names the switch, the presented and the expected SHA256 fingerprints; it is never graded
    C(PASS)."
  - An expected port (O(expected_ports)) that is down, C(No_Light), C(No_Sync), disabled or
    missing is C(FAIL); online with another port type or peer than expected is C(WARN).
  - Error and CRC counters that rose since the last run are C(WARN) (C(FAIL) from
    C(port_error_delta.fail), default 100); discard counters are graded on C(port_discard_delta).
  - Log entries at warning or above that appeared since the last run are listed in the
    C(switch.log) check (C(WARN); C(FAIL) when one is critical or worse). On the first run,
    entries of the last 24 hours of the log are graded.
  - A switch that does not answer, refuses the credentials or breaks off the session gives
    one C(ERROR) check C(switch.connect); the module does not fail, so the other switches of
    the play are still probed and the report lists this one.
  - Reading a switch changes nothing on it, so the module always returns C(changed=false).
    The counters and log fingerprints of this run are kept as bookkeeping in a JSON file per
    switch under O(state_dir) on the controller, for the next run to compare with; in check
    mode that file is read but not written.
version_added: "1.0.0"
author:
  - healthops contributors
requirements:
  - pysnmp >= 7 (transport C(snmp)) and paramiko (transport C(ssh)) on the controller
options:
  host:
    description: Address or name of the switch.
    type: str
    required: true
  port:
    description: SNMP (UDP) or SSH (TCP) port. Default 161 for C(snmp), 22 for C(ssh).
    type: int
  transport:
    description: How the switch is read.
    type: str
    choices: [snmp, ssh]
    default: snmp
  platform:
    description:
      - The switch's operating system. Required for O(transport=ssh); informative for C(snmp).
    type: str
    choices: [brocade_fos, huawei_vrp, h3c_comware, cisco_ios]
  username:
    description: SSH user (a read-only account is enough). Required for O(transport=ssh).
    type: str
  password:
    description: SSH password; keep it in ansible-vault.
    type: str
  host_key_policy:
    description:
      - What to do with an SSH host key that nobody pinned for this switch.
      - C(reject) refuses the switch (C(ERROR) naming the presented fingerprint, to be reviewed and
        pinned). C(trust_first_use) records it in C(<state_dir>/switch_known_hosts) and warns;
        requires O(state_dir). A key that differs from a pinned or recorded one is refused either way.
    type: str
    choices: [reject, trust_first_use]
    default: reject
  host_key:
    description:
      - The switch's SSH host key, reviewed out of band (inventory C(switch_host_key)), as
        C(<type> <base64>) (a C(.pub) file's content, or C(ssh-keyscan) output without the host)
        or as whole known_hosts lines; one key per line.
      - Keys pinned here or in O(known_hosts_file) replace those recorded in O(state_dir).
    type: str
  known_hosts_file:
    description:
      - A reviewed OpenSSH known_hosts file on the controller holding switches' host keys (inventory
        C(switch_known_hosts_file)); hashed names, wildcards and C(@revoked) are understood.
      - A file that cannot be read or has malformed lines gives C(ERROR), not a first use.
    type: path
  community:
    description:
      - SNMP v2c community; keep it in ansible-vault. Required for O(snmp_version=2c).
      - v2c sends the community in clear; prefer O(snmp_version=3) with authPriv where the switch has it.
    type: str
  snmp_version:
    description: SNMP version.
    type: str
    choices: ["2c", "3"]
    default: "2c"
  snmp_user:
    description: SNMPv3 user name (USM). Required for O(snmp_version=3).
    type: str
  auth_protocol:
    description: SNMPv3 authentication protocol.
    type: str
    choices: [md5, sha, sha224, sha256, sha384, sha512]
    default: sha
  auth_key:
    description:
      - SNMPv3 authentication pass phrase (8 characters or more); keep it in ansible-vault.
        Required for authPriv, the default level.
    type: str
  priv_protocol:
    description:
      - SNMPv3 privacy protocol. C(aes192)/C(aes256) use the Blumenthal key extension (net-snmp),
        C(aes192c)/C(aes256c) the Reeder one (Cisco).
    type: str
    choices: [des, 3des, aes, aes192, aes256, aes192c, aes256c]
    default: aes
  priv_key:
    description:
      - SNMPv3 privacy pass phrase (8 characters or more); keep it in ansible-vault. With it and
        O(auth_key) the session is authPriv; without it the options are refused unless
        O(snmp_allow_no_priv=true).
    type: str
  snmp_allow_no_priv:
    description:
      - Accept SNMPv3 without privacy, for a switch that offers nothing better - authNoPriv (only
        O(auth_key)) or noAuthNoPriv (neither key). The switch's answers then travel unencrypted,
        and every check's detail says so.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for one SNMP response, or for the SSH connection and each command's output.
    type: float
    default: 10
  retries:
    description: SNMP retries per request (0 sends each request once).
    type: int
    default: 1
  expected_ports:
    description:
      - Ports that must be online (inventory C(switch_expected_ports)).
      - Each item is a port name as the switch prints it (Brocade C(0) or C(1/16) on a director,
        C(GE1/0/1), C(GigabitEthernet0/0/1), C(Gi1/0/1), C(eth0)), or a mapping with C(port)
        and optionally C(type) (C(F-Port), C(E-Port), C(trunk), C(access), C(routed) ...) and
        C(peer) (a WWN, a switch name or text expected in the port's description).
      - Names match across spellings (C(GE1/0/1) = C(GigabitEthernet1/0/1) = C(Gi1/0/1)).
      - When empty, port states are summarised but not graded.
    type: list
    elements: raw
    default: []
  thresholds:
    description:
      - Overrides of C(port_error_delta) (default WARN 1, FAIL 100 errors since the last run)
        and C(port_discard_delta) (default WARN 1000), as a mapping of threshold id to C(warn) and C(fail).
    type: dict
    default: {}
  state_dir:
    description:
      - Directory on the controller for this module's bookkeeping, one JSON file per switch
        (C(switch_<host>_<port>.json)) with the counters and log fingerprints of the last run.
      - Without it nothing is kept and every run is a first run (counters and log are baselined).
    type: path
notes:
  - Runs on the controller only; use a read-only account on the switch.
  - "To pin a new switch: run C(ssh-keyscan [-p port] <address> | ssh-keygen -lf -) on the
    controller, compare the key with the public key the switch shows on its own console, then
    put the approved line in O(known_hosts_file) or O(host_key)."
  - Counter decreases (cleared counters) and a lower C(sysUpTime) (restart) start a new baseline
    instead of being graded.
seealso:
  - name: healthops playbook
    description: C(playbooks/switch_check.yml) runs this module for the C(switches) group and writes the report.
    link: https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_delegation.html
"""

EXAMPLES = r"""
- name: Switch ports | probe a Brocade FC switch over SSH
  ansible.legacy.switch_ports:
    host: 10.20.0.11
    transport: ssh
    platform: brocade_fos
    username: "{{ vault_switch_username }}"
    password: "{{ vault_switch_password }}"
    known_hosts_file: "{{ inventory_dir }}/switch_known_hosts"
    expected_ports:
      - {port: "0", type: F-Port}
      - {port: "8", type: E-Port, peer: FC-SW-02}
    state_dir: /var/lib/healthops/state/switch
  delegate_to: localhost
  no_log: true
  register: healthops_probe_result

- name: Switch ports | probe a Cisco switch, trusting its SSH key on first use
  ansible.legacy.switch_ports:
    host: 10.20.0.31
    transport: ssh
    platform: cisco_ios
    username: "{{ vault_switch_username }}"
    password: "{{ vault_switch_password }}"
    host_key_policy: trust_first_use
    state_dir: /var/lib/healthops/state/switch
  delegate_to: localhost
  no_log: true
  register: healthops_probe_result

- name: Switch ports | probe a Huawei switch over SNMPv3
  ansible.legacy.switch_ports:
    host: 10.20.0.21
    transport: snmp
    snmp_version: "3"
    snmp_user: healthops
    auth_protocol: sha
    auth_key: "{{ vault_snmp_auth_key }}"
    priv_protocol: aes
    priv_key: "{{ vault_snmp_priv_key }}"
    expected_ports: [GE0/0/1, GE0/0/2, XGE0/0/1]
    state_dir: /var/lib/healthops/state/switch
  delegate_to: localhost
  no_log: true
  register: healthops_probe_result
"""

RETURN = r"""
checks:
  description:
    - The result model's checks (id, category, title, title_zh, status, value, threshold, unit, detail).
    - Ids are C(switch.state), C(switch.port:<port>) (one per expected port), C(switch.ports),
      C(switch.errors), C(switch.errors:<port>), C(switch.discards:<port>), C(switch.log), and
      C(switch.host_key) (C(INFO)) when an SSH host key was trusted on first use; a switch that
      could not be read, or whose host key was refused, gives only C(switch.connect) with status C(ERROR).
  returned: always
  type: list
  elements: dict
  sample:
    - id: switch.port:3
      category: port
      title: Port 3 state
      title_zh: 端口 3 状态
      status: FAIL
      value: down (No_Light)
      threshold: online, F-Port
      unit: ""
      detail: not online; speed N8
switch:
  description: What was read and how.
  returned: always
  type: dict
  sample: {host: 10.20.0.11, port: 22, transport: ssh, platform: brocade_fos, name: FC-SW-01}
ports:
  description:
    - Every port read, with name, index, description, admin, oper, state, port_type, speed, peer,
      trunk and last_change_s.
  returned: when the switch was read
  type: list
  elements: dict
log_entries:
  description: The log entries at warning or above that are new since the last run.
  returned: when the switch was read
  type: list
  elements: dict
host_key:
  description:
    - The SSH host key decision - C(status) C(pinned) (matched a pinned or recorded key),
      C(recorded), C(would_record) (check mode), C(not_recorded) (trusted on first use, but the
      file could not be written) or C(rejected) (with C(reason) C(unknown), C(changed) or C(revoked)).
  returned: with O(transport=ssh) when the switch presented a key
  type: dict
  sample:
    name: 10.20.0.11
    keytype: ssh-ed25519
    fingerprint: SHA256:5kO/Kl2GPTDk5HuqsCmGar37AMyJpwnQWFnE5FsGVV0
    status: pinned
    message: SSH host key of 10.20.0.11 (ssh-ed25519 SHA256:5kO/...) matches the key pinned in ...
notes:
  description: Commands the switch refused, and state-file problems; their part is not graded.
  returned: always
  type: list
  elements: str
state_file:
  description: The bookkeeping file of this switch (not written in check mode), or null without O(state_dir).
  returned: always
  type: str
"""


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


def snmp_security(params: Dict[str, Any]) -> str:
    """The SNMP security of these options: ``v2c``, ``noAuthNoPriv``, ``authNoPriv`` or ``authPriv``."""
    if params.get("snmp_version") != "3":
        return "v2c"
    if not params.get("auth_key"):
        return "noAuthNoPriv"
    return "authPriv" if params.get("priv_key") else "authNoPriv"


# Said in every SNMP check's detail, so the record shows how the switch was read.
SNMP_CAVEATS = {
    "v2c": "read with SNMP v2c: the community was sent in clear",
    "noAuthNoPriv": "read with SNMPv3 noAuthNoPriv (snmp_allow_no_priv): neither authenticated nor encrypted",
    "authNoPriv": "read with SNMPv3 authNoPriv (snmp_allow_no_priv): authenticated but not encrypted",
}


def with_caveat(checks: List[Dict[str, Any]], caveat: Optional[str]) -> List[Dict[str, Any]]:
    """The checks with ``caveat`` added to each detail."""
    if not caveat:
        return checks
    return [dict(c, detail="%s; %s" % (c["detail"], caveat) if c.get("detail") else caveat) for c in checks]


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Messages naming each option that is missing or wrong for the chosen transport."""
    errors = []
    if params["transport"] == "ssh":
        for name in ("platform", "username", "password"):
            if not params.get(name):
                errors.append("%s is required with transport=ssh" % name)
        if params.get("host_key_policy") == "trust_first_use" and not params.get("state_dir"):
            errors.append("host_key_policy=trust_first_use needs state_dir (where the first key seen is recorded)")
        if params.get("host_key"):
            port = params.get("port") or 22
            errors.extend(parse_host_key_option(params["host_key"], known_hosts_name(params["host"], port))[1])
    elif params["snmp_version"] == "2c":
        if not params.get("community"):
            errors.append("community is required with transport=snmp and snmp_version=2c")
    else:
        if not params.get("snmp_user"):
            errors.append("snmp_user is required with snmp_version=3")
        level = snmp_security(params)
        if params.get("priv_key") and not params.get("auth_key"):
            errors.append("priv_key needs auth_key: SNMPv3 has no privacy without authentication")
        elif level != "authPriv" and not params.get("snmp_allow_no_priv"):
            errors.append(
                "snmp_version=3 without %s is %s, so the switch's answers travel unencrypted: set auth_key and "
                "priv_key (authPriv), or snmp_allow_no_priv=true to accept %s"
                % ("auth_key and priv_key" if level == "noAuthNoPriv" else "priv_key", level, level)
            )
        for name in ("auth_key", "priv_key"):
            if params.get(name) and len(params[name]) < 8:
                errors.append("%s must have at least 8 characters (SNMPv3 USM)" % name)
    if params["timeout"] <= 0:
        errors.append("timeout must be greater than 0, got %s" % params["timeout"])
    if params["retries"] < 0:
        errors.append("retries must not be negative, got %s" % params["retries"])
    if params.get("port") is not None and not 0 < params["port"] < 65536:
        errors.append("port must be between 1 and 65535, got %s" % params["port"])
    return errors


def _read_known_hosts(path: str, option: str) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """The entries of a known_hosts file, or a message: an unreadable or malformed pin file is never ignored."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        return [], "%s %s unreadable (%s): the switch's SSH host key cannot be checked" % (option, path, exc)
    entries, problems = parse_known_hosts(text, path)
    if problems:
        return [], "%s %s has lines that are not known_hosts entries (%s): fix them, the host key was not checked" % (
            option,
            path,
            "; ".join(problems[:3]),
        )
    return entries, None


def load_trust(params: Dict[str, Any]) -> Tuple[Dict[str, Any], Optional[str]]:
    """The host key pins of this switch (see healthops.switch.hostkeys), or a message why they cannot be read."""
    name = known_hosts_name(params["host"], params["port"])
    record_in = os.path.join(params["state_dir"], STATE_KNOWN_HOSTS) if params.get("state_dir") else None
    operator: List[Dict[str, Any]] = []
    revoked: List[Dict[str, Any]] = []
    if params.get("host_key"):
        entries = parse_host_key_option(params["host_key"], name)[0]
        pinned, gone = keys_for(entries, name)
        operator.extend(pinned)
        revoked.extend(gone)
    if params.get("known_hosts_file"):
        entries, problem = _read_known_hosts(params["known_hosts_file"], "known_hosts_file")
        if problem:
            return {}, problem
        pinned, gone = keys_for(entries, name)
        operator.extend(pinned)
        revoked.extend(gone)
    recorded: List[Dict[str, Any]] = []
    if record_in and os.path.lexists(record_in):
        entries, problem = _read_known_hosts(record_in, "state file")
        if problem:
            return {}, problem
        recorded, gone = keys_for(entries, name)
        revoked.extend(gone)
    trust = {
        "name": name,
        "pinned": choose_pins(operator, recorded),
        "revoked": revoked,
        "policy": params.get("host_key_policy") or "reject",
        "record_in": record_in,
    }
    return trust, None


def record_host_key(path: str, name: str, keytype: str, key_b64: str) -> bool:
    """Add a key trusted on first use to ``path`` (0640, atomic); False when the switch got a key meanwhile.

    Switches of one play are probed in parallel, so the read-modify-write holds a lock file.
    """
    directory = os.path.dirname(path) or "."
    ensure_dir(directory, mode=0o750)
    lock = os.open(
        os.path.join(directory, ".%s.lock" % os.path.basename(path)),
        os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
        0o640,
    )
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = ""
        if os.path.lexists(path):
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        entries, _problems = parse_known_hosts(text, path)
        if keys_for(entries, name)[0]:
            return False
        atomic_write(path, add_known_host(text, name, keytype, key_b64), mode=0o640)
        return True
    finally:
        os.close(lock)  # releases the lock


def host_key_check(decision: Dict[str, Any], check_mode: bool) -> Tuple[Dict[str, Any], Dict[str, Any], List[str]]:
    """Record a key trusted on first use: ``(switch.host_key check, host_key result, notes)``."""
    message = decision["message"]
    status = "recorded"
    notes: List[str] = []
    if check_mode:
        status = "would_record"
        message = message.replace(
            "trusted on first use and recorded in", "would be trusted on first use and recorded in"
        )
        message += " (check mode: not recorded)"
    else:
        try:
            if not record_host_key(decision["record_in"], decision["name"], decision["keytype"], decision["key"]):
                status = "not_recorded"
                message += " (another run recorded a key for this switch meanwhile: that one is kept)"
        except OSError as exc:
            status = "not_recorded"
            message += " (not recorded: %s)" % exc
            notes.append("%s not written (%s): the next run trusts on first use again" % (decision["record_in"], exc))
    check = make_check(
        "switch.host_key", "switch", "SSH host key", "SSH 主机密钥", INFO, value=decision["fingerprint"], detail=message
    )
    result = {k: decision[k] for k in ("name", "keytype", "fingerprint")}
    result.update(status=status, message=message)
    return check, result, notes


def read_switch(
    params: Dict[str, Any], now: datetime.datetime, trust: Optional[Dict[str, Any]] = None
) -> Tuple[Dict[str, Any], List[str], bool, Dict[str, Any]]:
    """Read the switch: ``(parsed data, notes, logs_read, host key decision)``; raises SwitchUnreachable."""
    if params["transport"] == "snmp":
        system, columns = snmp_read(
            params["host"],
            port=params["port"],
            version=params["snmp_version"],
            community=params.get("community"),
            user=params.get("snmp_user"),
            auth_protocol=params.get("auth_protocol"),
            auth_key=params.get("auth_key"),
            priv_protocol=params.get("priv_protocol"),
            priv_key=params.get("priv_key"),
            timeout=params["timeout"],
            retries=params["retries"],
        )
        uptime = system.get("sysUpTime")
        table = parse_if_table(columns, sys_uptime=uptime if isinstance(uptime, int) else None)
        switch = {"sysName": system.get("sysName"), "sysDescr": system.get("sysDescr"), "uptime": uptime}
        data = {"switch": switch, "ports": table["ports"], "counters": table["counters"], "logs": []}
        return data, [], False, {}
    outputs, notes, decision = ssh_read(
        params["host"],
        params["platform"],
        params["username"],
        params.get("password"),
        port=params["port"],
        timeout=params["timeout"],
        trust=trust,
    )
    return parse_platform(params["platform"], outputs, now=now), notes, True, decision


def probe(params: Dict[str, Any], check_mode: bool, now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """Everything the module returns, from validated parameters (the benchmark calls this too)."""
    now = now or datetime.datetime.now()
    params = dict(params)
    if params.get("port") is None:
        params["port"] = 161 if params["transport"] == "snmp" else 22
    expected, _errors = normalize_expected_ports(params.get("expected_ports") or [])
    thresholds, _errors = thresholds_for(params.get("thresholds") or {})
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
    trust = None
    if params["transport"] == "ssh":
        trust, problem = load_trust(params)
        if problem:
            return dict(unread, checks=[error_check(problem)])
    try:
        data, notes, logs_read, decision = read_switch(params, now, trust)
    except HostKeyRejected as exc:
        host_key = {k: exc.decision.get(k) for k in ("name", "keytype", "fingerprint")}
        host_key.update(status="rejected", reason=exc.decision.get("reason"), message=str(exc))
        return dict(unread, checks=[error_check(str(exc))], host_key=host_key)
    except SwitchUnreachable as exc:
        return dict(unread, checks=with_caveat([error_check(str(exc))], caveat))
    previous, state_notes = load_state(state_path)
    notes = notes + state_notes
    result = evaluate_switch(data, expected, previous, thresholds, now, logs_read=logs_read)
    checks = with_caveat(result["checks"], caveat)
    host_key = None
    if decision.get("action") == RECORD:
        check, host_key, key_notes = host_key_check(decision, check_mode)
        checks.append(check)
        notes.extend(key_notes)
    elif decision:
        host_key = {k: decision[k] for k in ("name", "keytype", "fingerprint")}
        host_key.update(status="pinned", message=decision["message"])
    sw = data.get("switch") or {}
    switch_info["name"] = sw.get("switchname") or sw.get("sysName")
    if state_path and not check_mode:
        try:
            save_state(state_path, result["state"])
        except OSError as exc:
            notes.append("state file %s not written (%s): the next run cannot compare" % (state_path, exc))
    output = {
        "changed": False,
        "checks": checks,
        "switch": switch_info,
        "ports": data["ports"],
        "log_entries": result["log_entries"],
        "notes": notes,
        "state_file": state_path,
    }
    if host_key:
        output["host_key"] = host_key
    return output


ARGUMENT_SPEC: dict = {
    "host": {"type": "str", "required": True},
    "port": {"type": "int"},
    "transport": {"type": "str", "choices": ["snmp", "ssh"], "default": "snmp"},
    "platform": {"type": "str", "choices": list(PLATFORMS)},
    "username": {"type": "str"},
    "password": {"type": "str", "no_log": True},
    "host_key_policy": {"type": "str", "choices": list(HOST_KEY_POLICIES), "default": "reject"},
    "host_key": {"type": "str"},
    "known_hosts_file": {"type": "path"},
    "community": {"type": "str", "no_log": True},
    "snmp_version": {"type": "str", "choices": ["2c", "3"], "default": "2c"},
    "snmp_user": {"type": "str"},
    "auth_protocol": {"type": "str", "choices": list(AUTH_PROTOCOLS), "default": "sha"},
    "auth_key": {"type": "str", "no_log": True},
    "priv_protocol": {"type": "str", "choices": list(PRIV_PROTOCOLS), "default": "aes"},
    "priv_key": {"type": "str", "no_log": True},
    "snmp_allow_no_priv": {"type": "bool", "default": False},
    "timeout": {"type": "float", "default": 10},
    "retries": {"type": "int", "default": 1},
    "expected_ports": {"type": "list", "elements": "raw", "default": []},
    "thresholds": {"type": "dict", "default": {}},
    "state_dir": {"type": "path"},
}


def main() -> None:
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    errors = validate_params(params)
    errors.extend(normalize_expected_ports(params["expected_ports"])[1])
    errors.extend(thresholds_for(params["thresholds"])[1])
    if errors:
        module.fail_json(msg="invalid switch_ports options: " + "; ".join(errors), errors=errors)
    result = probe(params, module.check_mode)
    host_key = result.get("host_key") or {}
    if host_key.get("status") in ("recorded", "would_record", "not_recorded"):
        # Trusting a key on first use is a security decision: warn in the play output and in the log.
        module.warn(host_key["message"])
        module.log(host_key["message"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
