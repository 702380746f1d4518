# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host I/O the patching modules share: which package manager, installed versions, reboot marker.

Takes an AnsibleModule (its run_command); everything it reads is parsed by apt.py / dnf.py.
"""

from __future__ import absolute_import, division, print_function

import os

from ansible.module_utils.healthops.patching import apt, dnf

__metaclass__ = type

# Nothing may prompt: debconf, needrestart, apt-listchanges. needrestart lists the services still running
# old libraries and restarts none (l, not a): the only restarts of a round are the declared stop/start order
# and the reboot (roles/patching/README.md, "Non-interactive").
ENV = {"DEBIAN_FRONTEND": "noninteractive", "NEEDRESTART_MODE": "l", "APT_LISTCHANGES_FRONTEND": "none", "LC_ALL": "C"}
REBOOT_MARKER = "/var/run/reboot-required"


def detect_family(module, family):
    if family != "auto":
        return family
    for name, binary in (("apt", "apt-get"), ("dnf", "dnf"), ("yum", "yum")):
        if module.get_bin_path(binary):
            return name
    module.fail_json(msg="no apt-get, dnf or yum on this host")
    return ""


def installed_versions(module, family):
    """{name: version} of the installed packages."""
    if family == "apt":
        command = ["dpkg-query", "-W", "-f=${Package}\t${Version}\t${db:Status-Abbrev}\n"]
        parse = apt.parse_dpkg_query
    else:
        command = ["rpm", "-qa", "--qf", "%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\n"]
        parse = dnf.parse_rpm_query
    rc, out, err = module.run_command(command, environ_update=ENV)
    if rc != 0:
        module.fail_json(msg="%s failed: %s" % (command[0], err.strip()))
    return parse(out)


def reboot_pending(module, family):
    """True/False, None when unknown: needs-restarting (yum-utils, dnf-utils), else dnf's own plugin command
    (dnf-plugins-core); neither on the host is unknown."""
    if family == "apt":
        return os.path.exists(REBOOT_MARKER)
    binary = module.get_bin_path("needs-restarting")
    if binary:
        command = [binary, "-r"]
    elif family == "dnf":
        command = ["dnf", "-q", "needs-restarting", "-r"]
    else:
        return None
    rc, out, _err = module.run_command(command, environ_update=ENV)
    return dnf.parse_needs_restarting(out, rc)
