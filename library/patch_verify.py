#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module patch_verify: the post-checks of a patch round, changing nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: patch_verify
short_description: Check services, listening ports and health URLs after a patch round
description:
  - The post-checks of a patch round (C(playbooks/patch.yml), role C(patching)) - each service active
    (C(systemctl is-active)), each port listening (C(/proc/net/tcp), C(tcp6)), each URL answering 2xx or 3xx.
  - Returns the checks and the failed ones in C(failed_checks); the role fails the host on any, so the
    rollout stops before the next batch.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
options:
  services:
    description: systemd units that must be active.
    type: list
    elements: str
    default: []
  ports:
    description: TCP ports that must be listening (C(22) or C(tcp/22)).
    type: list
    elements: str
    default: []
  urls:
    description: HTTP(S) URLs that must answer 2xx or 3xx.
    type: list
    elements: str
    default: []
  validate_certs:
    description: Verify TLS certificates of O(urls).
    type: bool
    default: true
  timeout:
    description: Seconds per URL.
    type: int
    default: 10
"""

EXAMPLES = r"""
- name: Post-check | Services, ports and health URLs
  ansible.legacy.patch_verify:
    services: [tomcat9]
    ports: [tcp/8080]
    urls: [http://127.0.0.1:8080/health]
  register: verified
"""

RETURN = r"""
checks:
  description: One check per service, port and URL (the result model).
  returned: always
  type: list
  elements: dict
failed_checks:
  description: 'The failed checks, C(id: detail).'
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.patching import verify
from ansible.module_utils.urls import fetch_url


def read(path):
    try:
        with open(path, "r") as handle:
            return handle.read()
    except (IOError, OSError):
        return ""


def main():
    module = AnsibleModule(
        argument_spec=dict(
            services=dict(type="list", elements="str", default=[]),
            ports=dict(type="list", elements="str", default=[]),
            urls=dict(type="list", elements="str", default=[]),
            validate_certs=dict(type="bool", default=True),
            timeout=dict(type="int", default=10),
        ),
        supports_check_mode=True,
    )
    params = module.params
    checks = []
    for name in params["services"]:
        _rc, out, _err = module.run_command(["systemctl", "is-active", name])
        checks.append(verify.service_check(name, out.strip() or "unknown"))
    listening = verify.listening_ports(read("/proc/net/tcp"), read("/proc/net/tcp6"))
    checks += [verify.port_check(port, listening) for port in params["ports"]]
    for url in params["urls"]:
        _response, info = fetch_url(module, url, timeout=params["timeout"])
        status = info.get("status", -1)
        code = status if status > 0 else None
        checks.append(verify.url_check(url, code, "" if code else str(info.get("msg", "no answer"))))
    module.exit_json(changed=False, checks=checks, failed_checks=verify.failed(checks))


if __name__ == "__main__":
    main()
