#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module patch_apply: assert the package holds and install a patch round's plan."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: patch_apply
short_description: Assert the package holds and install the planned updates, non-interactively
description:
  - The changing side of a patch round (C(playbooks/patch.yml), role C(patching)); the plan comes from
    M(ansible.legacy.patch_plan).
  - Holds the installed packages matching O(holds) (C(apt-mark hold), which sets dpkg's selections) on every
    run, before and again after the upgrade, since some upgrade modes clear holds. On dnf/yum hosts they are
    version-locked (C(dnf versionlock add), so a later C(dnf upgrade) outside the round keeps them too) when the
    versionlock plugin is installed, with a warning when it is not; the round's own upgrade C(--exclude)s them
    either way.
  - Installs exactly the planned packages at the planned versions (C(apt-get install --only-upgrade name=version),
    C(dnf upgrade name-version)) with C(DEBIAN_FRONTEND=noninteractive), C(NEEDRESTART_MODE=l) and dpkg's
    C(--force-confdef --force-confold), so no prompt can hang a run and changed configuration files are kept.
  - Returns every package that changed with its old and new version (C(dpkg-query)/C(rpm) before and after)
    and whether a reboot is now required.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops.patching
attributes:
  check_mode:
    description: Changes nothing and returns the packages that would change.
    support: full
  diff_mode:
    description: Shows one line per package, the installed version before and the planned version after.
    support: full
options:
  packages:
    description:
      - The plan, M(ansible.legacy.patch_plan)'s C(packages) (C(name), C(new), C(action)).
      - Only upgrades are named; new dependencies follow them.
    type: list
    elements: dict
    default: []
  reboot_packages:
    description:
      - Packages (names or globs) whose update needs a reboot, besides the built-in ones (the kernel, glibc/libc6,
        systemd, udev, dbus, the OpenSSL and GnuTLS libraries, firmware and microcode, zlib).
      - Used only where the host cannot tell (a dnf/yum host without needs-restarting) - a change of one of them
        then makes RV(reboot_required) true.
    type: list
    elements: str
    default: []
notes:
  - A held package is never upgraded; apt is not given C(--allow-change-held-packages).
seealso:
  - module: ansible.legacy.patch_plan
"""

EXAMPLES = r"""
- name: Upgrade | Install the plan
  ansible.legacy.patch_apply:
    packages: "{{ plan.packages }}"
    holds: [tomcat9]
  register: applied
"""

RETURN = r"""
changes:
  description: Every package whose installed version changed - C(name), C(old), C(new) (null when installed or removed).
  returned: always
  type: list
  elements: dict
  sample: [{name: libc6, old: 2.36-9+deb12u4, new: 2.36-9+deb12u7}]
holds_added:
  description: The packages newly held (apt) or version-locked (dnf/yum) by this run.
  returned: always
  type: list
  elements: str
reboot_required:
  description:
    - Whether a reboot is required after the round (C(/var/run/reboot-required); C(needs-restarting -r) or
      C(dnf needs-restarting -r)); where neither can tell, whether a package that needs one changed.
    - In check mode, whether one is pending now; null when unknown.
  returned: always
  type: bool
checks:
  description:
    - One row per planned or changed package, what was planned beside what was done - PASS installed as planned,
      WARN another version, FAIL not installed, INFO a dependency that changed with them (C(old -> new)).
    - In check mode, one INFO row per planned package.
  returned: always
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.patching import apt, dnf, plan
from ansible.module_utils.healthops.patching.hostio import ENV, detect_family, installed_versions, reboot_pending

DPKG_OPTIONS = ["-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"]


def missing_holds(module, holds, installed):
    """The installed packages matching a hold that apt does not hold yet."""
    rc, out, err = module.run_command(["apt-mark", "showhold"], environ_update=ENV)
    if rc != 0:
        module.fail_json(msg="apt-mark showhold failed: %s" % err.strip())
    current = set(apt.parse_holds(out))
    return sorted(n for n in installed if plan.held(n, holds) and n not in current)


def missing_locks(module, family, holds, installed):
    """dnf/yum: the installed packages matching a hold not version-locked yet; None without the plugin."""
    rc, out, _err = module.run_command([family, "-q", "versionlock", "list"], environ_update=ENV)
    if rc != 0:
        return None
    current = set(dnf.parse_versionlock_list(out))
    return sorted(n for n in installed if plan.held(n, holds) and n not in current)


def assert_holds(module, family, holds, installed):
    if not holds:
        return []
    if family == "apt":
        missing = missing_holds(module, holds, installed)
        command = ["apt-mark", "hold"]
    else:
        missing = missing_locks(module, family, holds, installed)
        if missing is None:
            module.warn(
                "%s has no versionlock plugin (python3-dnf-plugin-versionlock, yum-plugin-versionlock): the holds "
                "are excluded from this round's upgrade only" % family
            )
            return []
        command = [family, "-q", "versionlock", "add"]
    if missing and not module.check_mode:
        module.run_command(command + missing, check_rc=True, environ_update=ENV)
    return missing


def install(module, family, packages, holds):
    upgrades = [p for p in packages if p.get("action", "upgrade") == "upgrade"]
    if not upgrades:
        return
    if family == "apt":
        names = ["%s=%s" % (p["name"], p["new"]) for p in upgrades]
        command = ["apt-get", "install", "-y", "-q", "--only-upgrade"] + DPKG_OPTIONS + names
    else:
        names = ["%s-%s" % (p["name"], p["new"].split(":")[-1]) for p in upgrades]
        command = [family, "-y", "-q", "upgrade"] + ["--exclude=%s" % h for h in holds] + names
    rc, out, err = module.run_command(command, environ_update=ENV)
    if rc != 0:
        module.fail_json(msg="%s failed (rc %d): %s" % (command[0], rc, (err or out).strip()[-2000:]))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            family=dict(type="str", default="auto", choices=["auto", "apt", "dnf", "yum"]),
            packages=dict(type="list", elements="dict", default=[]),
            holds=dict(type="list", elements="str", default=[]),
            reboot_packages=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    family = detect_family(module, params["family"])
    before = installed_versions(module, family)
    holds_added = assert_holds(module, family, params["holds"], before)
    if module.check_mode:
        rows = [{"name": p["name"], "old": before.get(p["name"]), "new": p.get("new")} for p in params["packages"]]
        module.exit_json(
            changed=bool(rows or holds_added),
            changes=rows,
            holds_added=holds_added,
            reboot_required=reboot_pending(module, family),
            checks=plan.package_checks(rows, False),
            diff=plan.diff_text(rows),
        )
    install(module, family, params["packages"], params["holds"])
    after = installed_versions(module, family) if params["packages"] else before
    # Re-asserted after the upgrade too: an apt upgrade that cleared a hold must not leave it cleared
    # (a dnf upgrade leaves the versionlock list as it was).
    if family == "apt":
        holds_added = sorted(set(holds_added) | set(assert_holds(module, family, params["holds"], after)))
    rows = plan.changes(before, after)
    reboot = reboot_pending(module, family)
    if reboot is None:
        # Nothing on the host can tell: what changed decides, as the proposal expected it (the kernel, glibc...).
        reboot = plan.reboot_expectation(rows, None, params["reboot_packages"])[0]
    module.exit_json(
        changed=bool(rows or holds_added),
        changes=rows,
        holds_added=holds_added,
        reboot_required=reboot,
        checks=plan.outcome_checks(params["packages"], rows),
        diff=plan.diff_text(rows),
    )


if __name__ == "__main__":
    main()
