# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: the security probes (accounts, passwords, MAC, firewall) and the backup status file."""

from __future__ import absolute_import, division, print_function

from ansible.module_utils.healthops.inspect.base import (
    DEFAULT_BACKUP_STATUS_FILE,
    error_check,
    is_skipped,
)
from ansible.module_utils.healthops.inspect.firewall import (
    FIREWALL_UNITS,
    eval_firewall,
    firewalld_running,
    parse_unit_states,
)
from ansible.module_utils.healthops.inspect.hostio import first_line
from ansible.module_utils.healthops.inspect.sec import (
    eval_backup,
    eval_empty_passwords,
    eval_mac,
    eval_password_age,
    eval_uid0,
    parse_passwd,
    parse_shadow,
)

__metaclass__ = type


def security(run):
    passwd_text = run.read("/etc/passwd") or ""
    accounts = parse_passwd(passwd_text)
    checks = [eval_uid0(accounts)]
    try:
        shadow_text = run.read("/etc/shadow")
        shadow_error = "" if shadow_text is not None else "/etc/shadow not found"
    except OSError as exc:
        shadow_text, shadow_error = None, "cannot read /etc/shadow: %s (run with become)" % (exc.strerror or exc)
    if shadow_text is None:
        checks += [error_check("security.empty_passwords", shadow_error)]
        checks += [error_check("security.password_age", shadow_error)]
    else:
        shadow = parse_shadow(shadow_text)
        checks.append(eval_empty_passwords(accounts, shadow))
        checks.append(eval_password_age(accounts, shadow, int(run.now // 86400), run.th))
    if not is_skipped("security.mac", run.skip):
        checks.append(mac(run))
    return checks


def _output(run, argv):
    """(stdout, "") when the command answered; (None, "") when it is not installed; (None, why) otherwise."""
    res = run.io.run(argv, run.timeout)
    if res.rc == 0:
        return res.out, ""
    if res.rc is None and res.error.endswith(" not installed"):
        return None, ""
    return None, res.error or first_line(res.err or res.out) or "rc %s" % res.rc


def firewall(run):
    """security.firewall (one check): the managers' unit states in one systemctl call (no root needed), then the
    rule sets (root needed) only when firewalld is not running."""
    facts = {"units": None, "units_error": "", "firewalld_state": None}
    if run.io.isdir("/run/systemd/system"):
        argv = ["systemctl", "show", "--property=Id,LoadState,ActiveState,UnitFileState", "--", *FIREWALL_UNITS]
        out, facts["units_error"] = _output(run, argv)
        facts["units"] = parse_unit_states(out) if out is not None else None
    else:
        res = run.io.run(["firewall-cmd", "--state"], run.timeout)
        facts["firewalld_state"] = first_line(res.out or res.err) if res.rc is not None else None
    try:
        facts["firewalld_conf"] = run.read("/etc/firewalld/firewalld.conf")
    except OSError:
        facts["firewalld_conf"] = None
    if not firewalld_running(facts["units"], facts["firewalld_state"]):
        facts["nft"] = _output(run, ["nft", "list", "ruleset"])
        facts["iptables"] = _output(run, ["iptables-save"])
    return eval_firewall(facts, bool(run.p.get("firewall_required")))


def mac(run):
    def optional(path):
        try:
            return run.io.read(path)
        except OSError:
            return None

    profiles = optional("/sys/kernel/security/apparmor/profiles")
    return eval_mac(
        optional("/sys/fs/selinux/enforce"),
        optional("/etc/selinux/config"),
        optional("/sys/module/apparmor/parameters/enabled"),
        len(profiles.splitlines()) if profiles is not None else None,
    )


def backup(run):
    configured = run.p.get("backup_status_file")
    path = configured or DEFAULT_BACKUP_STATUS_FILE
    text, error = None, ""
    try:
        text = run.read(path)
    except OSError as exc:
        error = exc.strerror or str(exc)
    return eval_backup(path, text, error, bool(configured), bool(run.p.get("backup_expected")), run.now, run.th)
