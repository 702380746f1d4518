#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: healthops_preflight
short_description: Read a host's OS and Python without Python, and pick the interpreter for the duty
description:
  - The preflight before every duty that reaches managed hosts (playbooks/tasks/preflight.yml).
  - Runs one C(/bin/sh) command over the host's connection, as C(ansible.builtin.raw) would, so the
    host needs no Python. It reads C(/etc/os-release) and asks each interpreter found on the host
    (python3.14 down to python3.6, platform-python, python2) its version.
  - Judged on the controller. An explicit O(declared) interpreter is checked. Otherwise the newest
    interpreter this ansible-core runs modules on is picked for this run, set as the fact
    C(discovered_interpreter_python) just as Ansible's own interpreter discovery sets it.
  - A host with no usable interpreter fails alone, with a message naming the host, what it has and
    the remedy for its release (for example C(yum install python3) on EL7). Nothing is ever installed.
  - It runs as an action plugin on the controller (plugins/action/healthops_preflight.py); this file
    holds its documentation and argument spec. Never with become.
version_added: "1.0.0"
author: healthops contributors
options:
  declared:
    description:
      - The host's C(ansible_python_interpreter), else the configured C(interpreter_python).
      - An auto mode (C(auto), C(auto_silent), C(auto_legacy), ...) or an empty value lets the preflight pick.
    type: str
    default: auto_silent
  minimum:
    description:
      - The oldest Python accepted, as C(3.8).
      - Defaults to what the installed ansible-core runs modules on (2.19 refuses anything below 3.8 at import).
    type: str
notes:
  - Supports check mode, in which it does the same (it only reads).
  - An unreachable host is reported unreachable; set C(ignore_unreachable) so the duty reports it.
seealso:
  - module: ansible.builtin.raw
"""

EXAMPLES = r"""
- name: Preflight | Read the host's OS and Python, pick the interpreter
  ansible.legacy.healthops_preflight:
    declared: "{{ ansible_python_interpreter | default(lookup('ansible.builtin.config', 'INTERPRETER_PYTHON')) }}"
  register: healthops_preflight
  ignore_unreachable: true
"""

RETURN = r"""
host:
  description: The inventory host name.
  returned: always
  type: str
os:
  description: PRETTY_NAME of the host's os-release, or "unknown (no /etc/os-release)".
  returned: always
  type: str
  sample: CentOS Linux 7 (Core)
os_id:
  description: ID of the host's os-release.
  returned: always
  type: str
  sample: centos
os_version:
  description: VERSION_ID of the host's os-release.
  returned: always
  type: str
  sample: "7"
family:
  description: C(debian), C(redhat) or C(unknown), as the inspection's OS check names it.
  returned: always
  type: str
pythons:
  description: The interpreters found, each once (other names of the same file in C(aliases)).
  returned: always
  type: list
  elements: dict
  sample: [{name: python3, path: /usr/bin/python3, real: /usr/bin/python3.6, version: 3.6.8, aliases: []}]
minimum:
  description: The oldest Python accepted.
  returned: always
  type: str
  sample: "3.8"
interpreter:
  description: The interpreter the duty's modules use; empty when the host failed.
  returned: always
  type: str
  sample: /usr/bin/python3.11
interpreter_version:
  description: Its version.
  returned: always
  type: str
declared:
  description: Whether the interpreter was declared (checked) rather than picked.
  returned: always
  type: bool
summary:
  description: One line with the OS, the interpreters and the one used.
  returned: always
  type: str
  sample: "Debian GNU/Linux 12 (bookworm); Python: /usr/bin/python3.11 3.11.2; using /usr/bin/python3 3.11.2"
msg:
  description: The summary; when the host failed, what it has and the remedy.
  returned: always
  type: str
ansible_facts:
  description: C(discovered_interpreter_python), the interpreter picked, when none was declared.
  returned: when the host passed and no interpreter was declared
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

ARGUMENT_SPEC = dict(
    declared=dict(type="str", default="auto_silent"),
    minimum=dict(type="str"),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    # Only reached when the action plugin is not on the action path (ansible.cfg action_plugins).
    module.fail_json(msg="healthops_preflight runs as an action plugin on the controller: plugins/action")


if __name__ == "__main__":
    main()
