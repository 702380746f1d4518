#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Probe a fibre-channel or Ethernet switch: port states, error counters and log, over SNMP or SSH."""

from __future__ import absolute_import, division, print_function

import datetime
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.switch.evaluate import normalize_expected_ports, thresholds_for
from ansible.module_utils.healthops.switch.hostkeys import HOST_KEY_POLICIES
from ansible.module_utils.healthops.switch.options import snmp_options, validate_params
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORMS, parse_platform
from ansible.module_utils.healthops.switch.probe import log_rules_of, run_probe, snmp_data
from ansible.module_utils.healthops.switch.transport import AUTH_PROTOCOLS, PRIV_PROTOCOLS, snmp_read, ssh_read

__metaclass__ = type

DOCUMENTATION = r"""
---
module: switch_ports
short_description: Check a switch's ports, error counters and log (Brocade FC, Huawei, H3C, Cisco IOS / NX-OS)
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
    C(cisco_ios) C(show interfaces status), C(show interfaces counters errors), C(show logging);
    C(cisco_nxos) C(show interface status), C(show interface counters errors), C(show logging last 500)
    (C(show logging logfile) where C(last) is refused) (interactive shell with paging turned off for
    the session only).
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
  - An expected port (O(expected_ports)) that is down, C(No_Light), C(No_Sync), disabled, error-disabled
    (Cisco C(err-disabled)), administratively down (Huawei C(*down), Comware C(ADM)), C(Online) but
    C(segmented) or with a fault in its Brocade comment, or missing is C(FAIL); online with another port
    type or peer than expected, at half duplex, or slower than its C(speed) is C(WARN).
  - Error and CRC counters that rose since the last run are C(WARN) (C(FAIL) from
    C(port_error_delta.fail), default 100); discard counters are graded on C(port_discard_delta).
  - Log entries that appeared since the last run are graded in the C(switch.log) check by a log rule
    table, else by severity (warning and above C(WARN), critical or worse C(FAIL)). The first rule whose
    pattern matches an entry gives its verdict - C(INFO) (not graded), C(WARN) or C(FAIL) - whatever its
    severity; O(log_rules) come before the platform's table. The tables - C(huawei_vrp) link up
    (C(IF_LINKUP), C(turned into UP state), logged at level 1) C(INFO), link down C(WARN), a port-security
    shutdown (C(PORTSEC_ACTION_ALARM) with status 3) or error-down C(FAIL), other port-security alarms
    C(WARN), C(DATASYNC_CFGCHANGE) C(INFO); C(cisco_ios)/C(cisco_nxos) C(UPDOWN ... to up) and an
    administrative shutdown C(INFO), C(LINK-n-UPDOWN ... to down) C(WARN), port-security violations and
    err-disable C(FAIL); C(h3c_comware) link up C(INFO), link down C(WARN), port security / error-down
    C(FAIL); C(brocade_fos) C(segmented) C(FAIL). On the first run, entries of the last 24 hours of the
    log are graded.
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
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
  - healthops.state_dir
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
    choices: [brocade_fos, huawei_vrp, h3c_comware, cisco_ios, cisco_nxos]
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
        and optionally C(type) (C(F-Port), C(E-Port), C(trunk), C(access), C(routed) ...),
        C(peer) (a WWN, a switch name or text expected in the port's description) and C(speed)
        (the least speed the port must run at, C(10G), C(1000) (Mbit/s), C(100M), C(16G)).
      - Names match across spellings (C(GE1/0/1) = C(GigabitEthernet1/0/1) = C(Gi1/0/1)), and a
        Huawei member port's suffix is ignored (C(GigabitEthernet15/1/0(10G)) = C(GE15/1/0)).
      - When empty, port states are summarised but not graded.
    type: list
    elements: raw
    default: []
  log_rules:
    description:
      - Log rules of this switch (inventory C(switch_log_rules)), applied before the platform's table;
        the first whose pattern matches an entry gives its verdict.
      - Each is C({match, status}) with an optional C(platform) (the rule then applies to that platform only);
        C(match) is a regular expression searched case-insensitively in C(<source> <message>) (for example
        C(IFNET/1/IF_LINKUP Interface GE0/0/1 has turned into UP state), C(LINK-3-UPDOWN Interface ...)),
        C(status) is C(INFO) (not graded), C(WARN) or C(FAIL).
    type: list
    elements: dict
    default: []
notes:
  - O(thresholds) overrides C(port_error_delta) (default WARN 1, FAIL 100 errors since the last run)
    and C(port_discard_delta) (default WARN 1000).
  - O(state_dir) is this module's bookkeeping, one JSON file per switch (C(switch_<host>_<port>.json)) with
    the counters and log fingerprints of the last run; without it counters and log are baselined every run.
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
      trunk, last_change_s, duplex and reason.
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


def read_switch(
    params: Dict[str, Any], now: datetime.datetime, trust: Optional[Dict[str, Any]] = None
) -> Tuple[Dict[str, Any], List[str], bool, Dict[str, Any]]:
    """Read the switch: ``(parsed data, notes, logs_read, host key decision)``; raises SwitchUnreachable."""
    if params["transport"] == "snmp":
        system, columns = snmp_read(params["host"], **snmp_options(params))
        return snmp_data(system, columns), [], False, {}
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
    return run_probe(params, check_mode, read_switch, now=now)


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
    "log_rules": {"type": "list", "elements": "dict", "default": []},
    "thresholds": {"type": "dict", "default": {}},
    "state_dir": {"type": "path"},
}


def main() -> None:
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    errors = validate_params(params)
    errors.extend(normalize_expected_ports(params["expected_ports"])[1])
    errors.extend(thresholds_for(params["thresholds"])[1])
    errors.extend(log_rules_of(params)[1])
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
