# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switch_ports options: what is required for which transport, and how SNMP security is said.

Pure functions of the module's parameters (no I/O).
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.switch.hostkeys import known_hosts_name, parse_host_key_option

__metaclass__ = type


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


def snmp_options(params: Dict[str, Any]) -> Dict[str, Any]:
    """The keyword arguments of healthops.switch.transport.snmp_read for these options (host aside)."""
    return {
        "port": params["port"],
        "version": params["snmp_version"],
        "community": params.get("community"),
        "user": params.get("snmp_user"),
        "auth_protocol": params.get("auth_protocol"),
        "auth_key": params.get("auth_key"),
        "priv_protocol": params.get("priv_protocol"),
        "priv_key": params.get("priv_key"),
        "timeout": params["timeout"],
        "retries": params["retries"],
    }
