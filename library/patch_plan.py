#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module patch_plan: the pre-checks and the package plan of a patch round, changing nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: patch_plan
short_description: Pre-check a host and list the packages a patch round would change
description:
  - The reading side of a patch round (C(playbooks/patch.yml), role C(patching)). It simulates the
    upgrade (C(apt-get -s dist-upgrade) on apt hosts; C(dnf check-update) and
    C(dnf updateinfo list --security) on dnf/yum hosts), drops what the round must not touch (held
    packages, kernels unless allowed, non-security updates in a security-only round) and returns the
    plan with current and candidate versions.
  - The pre-checks that stop a host before anything changes - free space per path, a successful database
    backup younger than O(backup_max_age_hours) (the C(db_backup) status file) when O(backup_required),
    the maintenance window unless O(force), no FAIL in the host's latest inspection when O(inspection_required),
    the host in the approved proposal when O(approval_required), and never the control node.
  - Held to an approved proposal, the plan keeps only the packages it lists at the versions it lists; any other
    update is left out with its reason, for the next proposal.
  - Pure parsing and decisions are in C(plugins/module_utils/healthops/patching/).
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.patching
options:
  refresh_cache:
    description: Refresh the package lists first (C(apt-get update), C(dnf makecache)); never in check mode.
    type: bool
    default: false
  security_only:
    description: Plan security updates only.
    type: bool
    default: false
  allow_kernel:
    description: Whether kernel packages may be updated.
    type: bool
    default: true
  min_free_mb:
    description: 'Minimum free space in MB per path, e.g. C({"/": 1024, "/var": 2048, "/boot": 200}).'
    type: dict
    default: {}
  backup_required:
    description: Whether the host must have a recent successful database backup.
    type: bool
    default: false
  backup_status_file:
    description: The database backup job's status file (JSON, written by the C(db_backup) role's job).
    type: path
    default: /var/lib/healthops/backup/status.json
  backup_max_age_hours:
    description: The oldest a successful backup may be, in hours.
    type: float
    default: 24
  inspection_required:
    description: Whether the host's latest inspection must have no FAIL (O(inspection_failures)).
    type: bool
    default: false
  inspection_report:
    description: The latest inspection's report, as named in the check (read on the controller).
    type: str
    default: ""
  inspection_failures:
    description:
      - The ids of the FAIL checks of this host in that report, gathered on the controller.
      - Unset, the host is not in the report, which blocks it when O(inspection_required).
    type: list
    elements: str
  approval_required:
    description:
      - Whether the round is held to an approved proposal (O(approved)), so that it installs only what the client
        approved, at the approved versions.
    type: bool
    default: false
  approval_source:
    description: The approved proposal's report, as named in the check (read on the controller).
    type: str
    default: ""
  approved:
    description:
      - 'The packages and versions the approved proposal lists for this host (C({name: version})), gathered on the
        controller.'
      - Unset, the host is not in that proposal, which blocks it when O(approval_required).
    type: dict
  window:
    description:
      - 'The maintenance window, C({days: [sat, sun], start: "22:00", end: "06:00"}) in the host''s time.'
      - Empty is no limit.
    type: dict
    default: {}
  force:
    description: Run outside the maintenance window.
    type: bool
    default: false
  connection:
    description: The host's Ansible connection (C(ansible_connection)); C(local) is the control node.
    type: str
    default: ""
  inventory_hostname:
    description: The host's inventory name.
    type: str
    default: ""
  controller_machine_id:
    description: The controller's C(/etc/machine-id); a host with the same one is the control node.
    type: str
    default: ""
  batches:
    description:
      - The round's batches in order, each a list of inventory names (C(playbooks/patch.yml) works them out from
        C(patching_serial)); the host's batch becomes the proposal's C(patch.batch) row.
      - Empty when the round is not batched (no C(patch.batch) row).
    type: list
    elements: list
    default: []
  reboot_packages:
    description:
      - Packages (names or globs) whose update needs a reboot, besides the built-in ones (the kernel, glibc/libc6,
        systemd, udev, dbus, the OpenSSL and GnuTLS libraries, firmware and microcode, zlib).
      - A planned update of one of them makes the proposal expect a reboot (RV(reboot_expected)).
    type: list
    elements: str
    default: []
notes:
  - Reads only; check mode returns the same result, except that the maintenance window is stated (INFO), not
    enforced, since the proposal is written before the window.
  - The package lists are refreshed only when asked and not in check mode.
seealso:
  - module: ansible.legacy.patch_apply
  - module: ansible.legacy.patch_verify
"""

EXAMPLES = r"""
- name: Plan | Pre-check the host and list the updates
  ansible.legacy.patch_plan:
    holds: [tomcat9, oracle-instantclient*]
    security_only: true
    allow_kernel: false
    min_free_mb: {"/": 1024, "/var": 2048, "/boot": 200}
    backup_required: true
    window: {days: [sat], start: "22:00", end: "06:00"}
  register: plan
"""

RETURN = r"""
family:
  description: The package manager used (apt, dnf or yum).
  returned: always
  type: str
  sample: apt
packages:
  description:
    - The planned updates - C(name), C(old) (installed, null when new), C(new), C(arch), C(origin),
      C(security), C(action).
  returned: always
  type: list
  elements: dict
  sample: [{name: libc6, old: 2.36-9+deb12u4, new: 2.36-9+deb12u7, action: upgrade, security: true}]
skipped:
  description:
    - Updates the round leaves out, each with C(reason) (held, kernel not allowed, not a security update, not in
      the approved proposal, approved another version).
  returned: always
  type: list
  elements: dict
reboot_required:
  description:
    - Whether a reboot is already pending (C(/var/run/reboot-required), C(needs-restarting -r)).
    - Null when unknown.
  returned: always
  type: bool
reboot_expected:
  description: Whether the round will leave a reboot required (one pending, or a planned update that needs one).
  returned: always
  type: bool
reboot_reason:
  description: Why a reboot is expected or not, for the proposal.
  returned: always
  type: str
  sample: updates linux-image-6.1.0-23-amd64, libc6
checks:
  description:
    - The pre-checks and one INFO row per planned or skipped package (the result model).
    - The proposal's rows - the host's batch (C(patch.batch)) and the hold list (C(patch.holds)).
  returned: always
  type: list
  elements: dict
blocked:
  description: The pre-checks that stop the round on this host (empty to proceed).
  returned: always
  type: list
  elements: str
"""

import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.patching import apt, dnf, plan, prechecks
from ansible.module_utils.healthops.patching.hostio import ENV, detect_family, installed_versions, reboot_pending


def free_mb(path):
    if not os.path.exists(path):
        return None
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize / 1048576.0


def read_text(path):
    try:
        with open(path, "r") as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def simulate(module, family):
    """The updates the package manager offers, as [{name, old, new, ...}]."""
    if family == "apt":
        rc, out, err = module.run_command(["apt-get", "-s", "-q", "dist-upgrade"], environ_update=ENV)
        if rc != 0:
            module.fail_json(msg="apt-get -s dist-upgrade failed: %s" % (err or out).strip())
        return apt.parse_simulate(out)
    rc, out, err = module.run_command([family, "-q", "check-update"])
    if rc not in (0, 100):
        module.fail_json(msg="%s check-update failed: %s" % (family, (err or out).strip()))
    rc, sec, _err = module.run_command([family, "-q", "updateinfo", "list", "--security"])
    security = set(dnf.parse_updateinfo_security(sec)) if rc == 0 else set()
    names = {dnf.split_nevra(n)[0] for n in security}
    current = installed_versions(module, family)
    found = []
    for item in dnf.parse_check_update(out):
        old = current.get(item["name"])
        found.append(
            dict(
                item,
                old=old,
                origin=item["repo"],
                security=item["name"] in names,
                action="upgrade" if old else "install",
            )
        )
    return found


def prechecks_of(module, params):
    now = time.time()
    local = time.localtime(now)
    checks = [
        prechecks.control_node_check(
            params["connection"],
            params["inventory_hostname"],
            (read_text("/etc/machine-id") or "").strip(),
            params["controller_machine_id"].strip(),
        ),
        prechecks.window_check(
            params["window"],
            params["force"],
            local.tm_wday,
            local.tm_hour * 60 + local.tm_min,
            proposal=module.check_mode,
        ),
    ]
    for path in sorted(params["min_free_mb"]):
        checks.append(prechecks.space_check(path, free_mb(path), float(params["min_free_mb"][path])))
    if params["backup_required"]:
        path = params["backup_status_file"]
        checks.append(prechecks.backup_check(read_text(path), path, params["backup_max_age_hours"], now))
    if params["inspection_required"]:
        checks.append(prechecks.inspection_check(params["inspection_report"], params["inspection_failures"]))
    if params["approval_required"]:
        checks.append(prechecks.approval_check(params["approval_source"], params["approved"]))
    return checks


def main():
    module = AnsibleModule(
        argument_spec=dict(
            family=dict(type="str", default="auto", choices=["auto", "apt", "dnf", "yum"]),
            refresh_cache=dict(type="bool", default=False),
            holds=dict(type="list", elements="str", default=[]),
            security_only=dict(type="bool", default=False),
            allow_kernel=dict(type="bool", default=True),
            min_free_mb=dict(type="dict", default={}),
            backup_required=dict(type="bool", default=False),
            backup_status_file=dict(type="path", default="/var/lib/healthops/backup/status.json"),
            backup_max_age_hours=dict(type="float", default=24),
            inspection_required=dict(type="bool", default=False),
            inspection_report=dict(type="str", default=""),
            inspection_failures=dict(type="list", elements="str"),
            approval_required=dict(type="bool", default=False),
            approval_source=dict(type="str", default=""),
            approved=dict(type="dict"),
            window=dict(type="dict", default={}),
            force=dict(type="bool", default=False),
            connection=dict(type="str", default=""),
            inventory_hostname=dict(type="str", default=""),
            controller_machine_id=dict(type="str", default=""),
            batches=dict(type="list", elements="list", default=[]),
            reboot_packages=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    family = detect_family(module, params["family"])
    checks = prechecks_of(module, params)
    blocked = prechecks.blocked(checks)
    if params["refresh_cache"] and not module.check_mode and not blocked:
        command = ["apt-get", "-q", "update"] if family == "apt" else [family, "-q", "makecache"]
        module.run_command(command, check_rc=True, environ_update=ENV)
    planned, skipped = plan.select(
        simulate(module, family), params["holds"], params["security_only"], params["allow_kernel"]
    )
    if params["approval_required"] and params["approved"] is not None:
        approved = {str(k): str(v) for k, v in params["approved"].items()}
        planned, skipped = plan.keep_approved(planned, skipped, approved)
    reboot = reboot_pending(module, family)
    expected, why = plan.reboot_expectation(planned, reboot, params["reboot_packages"])
    groups = [[str(h) for h in group] for group in params["batches"]]
    checks += plan.proposal_checks(params["inventory_hostname"], groups, params["holds"], skipped)
    checks += plan.package_checks(planned, False) + plan.skipped_checks(skipped)
    module.exit_json(
        changed=False,
        family=family,
        packages=planned,
        skipped=skipped,
        reboot_required=reboot,
        reboot_expected=expected,
        reboot_reason=why,
        checks=checks,
        blocked=blocked,
    )


if __name__ == "__main__":
    main()
