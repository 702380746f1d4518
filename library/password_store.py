#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_store
short_description: Generate, stage and promote rotated passwords in an ansible-vault encrypted store
description:
  - Runs on the controller as an action plugin (C(plugins/action/password_store.py)); this file holds its
    documentation and argument spec.
  - The store is one JSON document per inventory, encrypted with ansible-vault using the run's vault secrets
    (C(--vault-id), C(ANSIBLE_VAULT_IDENTITY_LIST), C(vault_password_file)). Each change is made under an exclusive
    lock and written atomically with mode 0600.
  - C(op=check) reads the store (or finds it absent) and fails when it cannot be decrypted or no vault secret is
    given, so a run stops before any host is changed.
  - C(op=stage) generates a password of O(policy) with the operating system's CSPRNG, hashes it (SHA-512 crypt) and
    stores it as a new C(staged) version of O(host)/O(account) before the host is changed; it returns
    RV(password) and RV(password_hash), so give the task C(no_log).
  - C(op=promote) makes that version C(current) after the login check; the current one becomes C(previous) and
    O(keep) previous versions are kept. C(op=discard) removes a staged version whose password was put back.
  - With O(backend=pass) the same versions live in pass (passwordstore.org) instead, one entry
    C(<pass_prefix>/<host>/<account>) each, whose first line is the current password (what the lookup
    C(community.general.passwordstore) and C(pass show) return) and whose other lines hold the versions; pass
    encrypts it with the store's GPG recipients. Each write is a new entry moved over the old one, under a lock.
version_added: "1.0.0"
author: healthops contributors
options:
  op:
    description: What to do.
    type: str
    choices: [check, stage, promote, discard]
    default: check
  path:
    description: The store file (O(backend=vault)).
    type: path
    required: true
  host:
    description: The inventory name of the host (C(stage), C(promote), C(discard)).
    type: str
  account:
    description: The account (C(stage), C(promote), C(discard)).
    type: str
  version:
    description: The staged version (C(promote), C(discard)).
    type: int
  policy:
    description: The password policy (C(stage)); keys not given take the defaults.
    type: dict
    default: {}
  hash_scheme:
    description:
      - The crypt(3) scheme of RV(password_hash). C(sha512) is computed in pure Python; C(yescrypt) by the
        controller's libxcrypt (C(op=check) fails when it cannot), and the host's PAM must accept it (Debian 11 and
        later, RHEL 9; not CentOS 7), which the login check proves.
    type: str
    choices: [sha512, yescrypt]
    default: sha512
  keep:
    description: How many previous versions to keep (C(promote)).
    type: int
    default: 3
  vault_id:
    description: The vault identity to encrypt with; default Ansible's encrypt identity, else the first secret.
    type: str
  backend:
    description: Where the versions are kept, the ansible-vault file O(path) or pass.
    type: str
    choices: [vault, pass]
    default: vault
  pass_dir:
    description: The pass store (C(PASSWORD_STORE_DIR)); default that variable, else C(~/.password-store).
    type: path
  pass_prefix:
    description: The folder of the pass store that holds the entries.
    type: str
    default: healthops
attributes:
  check_mode:
    support: full
    description: Nothing is generated or written; C(changed) says what would be.
notes:
  - Give C(op=stage) tasks C(no_log), since their result holds the new password.
seealso:
  - module: ansible.legacy.password_account
  - module: ansible.legacy.password_login
"""

EXAMPLES = r"""
- name: Rotate | Stage a new password
  ansible.legacy.password_store:
    op: stage
    path: "{{ inventory_dir }}/password_store.vault"
    host: "{{ inventory_hostname }}"
    account: opsadmin
    policy: {length: 24, max_age_days: 90}
  delegate_to: localhost
  no_log: true
  register: __staged
"""

RETURN = r"""
password:
  description: The new password.
  returned: op is stage, not in check mode
  type: str
password_hash:
  description: Its crypt(3) hash (O(hash_scheme)), to set on the host.
  returned: op is stage, not in check mode
  type: str
version:
  description: The version staged (C(stage)), promoted or discarded.
  returned: op is not check
  type: int
versions:
  description: Per C(host/account) of the store its versions as C([version, state]); never a password.
  returned: always
  type: dict
ages:
  description: Per C(host/account) the days since its current version was promoted (null without one).
  returned: op is check or in check mode
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

ARGUMENT_SPEC = dict(
    op=dict(type="str", choices=["check", "stage", "promote", "discard"], default="check"),
    path=dict(type="path", required=True),
    host=dict(type="str"),
    account=dict(type="str"),
    version=dict(type="int"),
    policy=dict(type="dict", default={}),
    hash_scheme=dict(type="str", choices=["sha512", "yescrypt"], default="sha512"),
    keep=dict(type="int", default=3, no_log=False),
    vault_id=dict(type="str"),
    backend=dict(type="str", choices=["vault", "pass"], default="vault"),
    pass_dir=dict(type="path"),
    pass_prefix=dict(type="str", default="healthops"),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    # Only reached when the action plugin is not on the action path (ansible.cfg action_plugins).
    module.fail_json(msg="password_store runs as an action plugin on the controller: plugins/action")


if __name__ == "__main__":
    main()
