#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_login
short_description: Check that an account logs in over SSH with a password, from the controller
description:
  - Runs on the controller as an action plugin (C(plugins/action/password_login.py)); this file holds its
    documentation and argument spec.
  - Opens an SSH connection from the controller to O(host):O(port) and authenticates as O(user) with O(password)
    only (no keys, no agent). The host key must be in O(known_hosts_file); an unknown or different key is a
    failed check, never accepted.
  - The task does not fail when the login fails; RV(login_ok) and RV(reason) say what happened, so the caller
    can put the previous password back.
version_added: "1.0.0"
author: healthops contributors
options:
  host:
    description: The address of the host's sshd.
    type: str
    required: true
  port:
    description: Its port.
    type: int
    default: 22
  user:
    description: The account to log in as.
    type: str
    required: true
  password:
    description: The password to try.
    type: str
    required: true
  known_hosts_file:
    description: The reviewed known_hosts file holding the host's key.
    type: path
    required: true
  timeout:
    description: Seconds to wait for the connection, the banner and the authentication.
    type: int
    default: 20
attributes:
  check_mode:
    support: full
    description: It only logs in and out.
notes:
  - Give the task C(no_log), since its arguments hold a password.
seealso:
  - module: ansible.legacy.password_store
"""

EXAMPLES = r"""
- name: Rotate | Log in with the new password
  ansible.legacy.password_login:
    host: "{{ ansible_host }}"
    port: 22
    user: opsadmin
    password: "{{ __staged.password }}"
    known_hosts_file: "{{ healthops_known_hosts_file }}"
  delegate_to: localhost
  no_log: true
  register: __login
"""

RETURN = r"""
login_ok:
  description: Whether the login succeeded.
  returned: always
  type: bool
reason:
  description: Why it failed (empty on success); never the password.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

ARGUMENT_SPEC = dict(
    host=dict(type="str", required=True),
    port=dict(type="int", default=22),
    user=dict(type="str", required=True),
    password=dict(type="str", required=True, no_log=True),
    known_hosts_file=dict(type="path", required=True),
    timeout=dict(type="int", default=20),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    # Only reached when the action plugin is not on the action path (ansible.cfg action_plugins).
    module.fail_json(msg="password_login runs as an action plugin on the controller: plugins/action")


if __name__ == "__main__":
    main()
