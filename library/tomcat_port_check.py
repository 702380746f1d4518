#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tomcat_port_check
short_description: Check that the ports of Tomcat's server.xml are free or held by this Tomcat, before a restart
description:
  - C(catalina.sh configtest) passes when another process already holds a connector's port; Tomcat then starts
    without that connector. Run before a restart, this module fails when a port the configuration listens on is
    held by a process that is not this Tomcat, naming the process (C(ss -Hltnpe)).
  - The ports are every C(Connector) of every C(Service) in O(server_xml), the C(Server) shutdown port (unless
    C(-1)) and O(ports); a placeholder (C(${http.port})) is Tomcat's to resolve and is not checked.
  - This Tomcat's processes are those of the systemd unit O(service_name) (its main PID and its control group).
    A socket whose process C(ss) cannot name (a container without C(CAP_SYS_PTRACE) hides other users' processes)
    is this Tomcat's when it belongs to the user those processes run as; otherwise it is a conflict.
  - Read-only. Needs C(ss) (iproute2) and root to see the processes that hold sockets.
version_added: "1.0.0"
author: healthops contributors
options:
  server_xml:
    description: Path of C(server.xml) whose ports are checked.
    type: path
    required: true
  ports:
    description: Further ports the new configuration uses (inventory's, when check mode did not write the file).
    type: list
    elements: int
    default: []
  service_name:
    description: systemd unit of this Tomcat; a port its processes hold is not a conflict.
    type: str
    required: true
notes:
  - Supports check mode (it changes nothing).
"""

EXAMPLES = r"""
- name: Restart | Check the ports are free or held by this Tomcat
  ansible.legacy.tomcat_port_check:
    server_xml: /etc/tomcat10/server.xml
    ports: [8080, 8009]
    service_name: tomcat10
"""

RETURN = r"""
ports:
  description: The ports checked, with what uses them.
  returned: when server.xml could be read
  type: list
  elements: dict
  sample: [{port: 8080, address: null, what: HTTP connector of Service Catalina}]
own_pids:
  description: PIDs of the unit O(service_name) (empty when it does not run).
  returned: when ss ran
  type: list
  elements: int
  sample: [4242]
conflicts:
  description: One message per port another process holds (the module then fails with them).
  returned: always
  type: list
  elements: str
  sample:
    - "port 8080 (HTTP connector of Service Catalina) is already held by nginx (pid 77) on 0.0.0.0:8080, not by
      tomcat10: Tomcat could not listen on it after the restart"
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.module_utils.healthops.tomcat.ports import listen_ports, parse_ss, port_conflicts
from ansible.module_utils.healthops.tomcat.server_xml import ServerXmlError, decode

ARGUMENT_SPEC = dict(
    server_xml=dict(type="path", required=True),
    ports=dict(type="list", elements="int", default=[]),
    service_name=dict(type="str", required=True),
)


def unit_pids(module, unit):
    """PIDs of systemd ``unit``: its MainPID and every process of its control group (v2, or v1's name=systemd)."""
    pids = set()
    rc, out, _err = module.run_command(["systemctl", "show", "-p", "MainPID", "-p", "ControlGroup", "--", unit])
    values = dict(line.split("=", 1) for line in to_text(out).splitlines() if "=" in line) if rc == 0 else {}
    if values.get("MainPID", "0").isdigit() and int(values.get("MainPID", "0")) > 0:
        pids.add(int(values["MainPID"]))
    group = values.get("ControlGroup", "")
    for root in ("/sys/fs/cgroup", "/sys/fs/cgroup/systemd"):
        if not group:
            break
        try:
            with open(os.path.join(root, group.lstrip("/"), "cgroup.procs")) as handle:
                pids.update(int(line) for line in handle if line.strip().isdigit())
            break
        except (IOError, OSError):
            continue
    return pids


def pid_uids(pids):
    """Real user ids of ``pids`` (readable in /proc/<pid>/status without ptrace rights)."""
    uids = set()
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as handle:
                uids.update(int(line.split()[1]) for line in handle if line.startswith("Uid:"))
        except (IOError, OSError, ValueError, IndexError):
            continue
    return uids


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    result = dict(changed=False, conflicts=[])
    try:
        with open(params["server_xml"], "rb") as handle:
            wanted = listen_ports(decode(handle.read())[0])
    except (IOError, OSError, ServerXmlError) as exc:
        module.fail_json(msg="cannot read the ports of %s: %s" % (params["server_xml"], to_native(exc)), **result)
    known = {item["port"] for item in wanted}
    wanted.extend({"port": p, "address": None, "what": "inventory"} for p in params["ports"] if p not in known)
    result["ports"] = wanted
    ss = module.get_bin_path("ss", required=True)
    rc, out, err = module.run_command([ss, "-Hltnpe"])
    if rc != 0:
        module.fail_json(msg="ss -Hltnpe failed: %s" % to_native(err).strip(), **result)
    own = unit_pids(module, params["service_name"])
    result["own_pids"] = sorted(own)
    result["conflicts"] = port_conflicts(wanted, parse_ss(to_text(out)), own, params["service_name"], pid_uids(own))
    if result["conflicts"]:
        module.fail_json(msg="; ".join(result["conflicts"]), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
