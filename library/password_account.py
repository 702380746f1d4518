#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_account
short_description: Read password ages from /etc/shadow, set or put back a password hash, set password aging
description:
  - The host side of the password rotation duty (role C(password_rotation)). The password itself never reaches
    the host; the controller generates it and sends its crypt(3) hash.
  - C(state=audit) reads C(/etc/shadow) and returns, per account of O(accounts), its age against O(policy), whether
    it is due (age at least C(max_age_days), age unknown, or O(force)), and the checks C(password.age:<account>)
    (WARN at 80 %, FAIL at 100 % of the maximum age), C(password.rotation:<account>) for each of O(outcomes) and
    C(password.excluded:<account>) for each of O(excluded). With O(discover) also every other account of the file,
    C(password.unmanaged:<account>) (WARN) for each that holds a password, and one C(password.locked) (INFO) naming
    those that hold none. Never changes anything.
  - C(state=set) sets O(password_hash) with C(chpasswd -e) (read from standard input, never on a command line) and the
    maximum age with C(chage -M), and returns the previous hash and day of last change in RV(previous), for
    C(state=restore) to put back if the login check fails.
  - C(state=restore) puts back a hash and its day of last change (C(chage -d)).
  - C(state=aging) sets the maximum age (C(chage -M)) of each present, unlocked account of O(accounts) to the
    policy's C(max_age_days) where it differs.
  - A locked account (hash starting with C(!) or C(*)) is never due, since rotating it would unlock it.
version_added: "1.0.0"
author: healthops contributors
options:
  state:
    description: What to do.
    type: str
    choices: [audit, set, restore, aging]
    default: audit
  accounts:
    description: Account names to audit (C(audit)) or whose aging to set (C(aging)).
    type: list
    elements: str
    default: []
  policy:
    description:
      - The password policy (C(length), C(classes), C(min_per_class), C(max_age_days) of 30 to 90); keys not given take
        the defaults. An invalid policy fails the task before anything is read or changed.
    type: dict
    default: {}
  force:
    description: Count every present, unlocked account of O(accounts) as due (C(audit)).
    type: bool
    default: false
  outcomes:
    description:
      - Rotation outcomes of this run to report (C(audit)), each C(account), C(result) (C(rotated), C(failed),
        C(restore_failed)), C(reason), C(age_before), C(stored).
    type: list
    elements: dict
    default: []
  excluded:
    description: Accounts left out on purpose (C(audit)), each C(name) and C(reason); reported as INFO.
    type: list
    elements: dict
    default: []
  stored_ages:
    description:
      - Accounts whose age only the password store knows (database roles), each C(account) and C(age_days) (null
        when never rotated); reported with the same C(password.age:<account>) checks (C(audit)).
    type: list
    elements: dict
    default: []
  discover:
    description:
      - Report every other account of the shadow file too (C(audit)), so the record names each account of the host; a
        password that neither O(accounts) nor O(excluded) covers is a WARN.
    type: bool
    default: false
  account:
    description: The account to change (C(set), C(restore)).
    type: str
  password_hash:
    description: The crypt(3) hash to set (C(set), C(restore)).
    type: str
  last_change:
    description: The day of last change to put back, in days since 1970-01-01 (C(restore)).
    type: int
  shadow_file:
    description: The shadow file to read (tests point it elsewhere).
    type: path
    default: /etc/shadow
attributes:
  check_mode:
    support: full
    description: Nothing is changed; C(changed) says what would be.
notes:
  - Needs root (C(become)) to read C(/etc/shadow).
  - Give the task C(no_log) for C(set) and C(restore), since RV(previous) holds a hash.
seealso:
  - module: ansible.legacy.password_store
  - module: ansible.legacy.password_login
"""

EXAMPLES = r"""
- name: Audit | Read password ages
  ansible.legacy.password_account:
    accounts: [opsadmin, appuser]
    policy: {max_age_days: 90}
  become: true
  register: password_rotation_audit

- name: Rotate | Set the new hash
  ansible.legacy.password_account:
    state: set
    account: opsadmin
    password_hash: "{{ __hash }}"
    policy: {max_age_days: 90}
  become: true
  no_log: true
"""

RETURN = r"""
accounts:
  description: Per audited account its state (C(account), C(present), C(locked), C(age_days), C(last_change),
    C(max_days), C(due), C(reason)); never a hash.
  returned: state is audit
  type: list
  elements: dict
due:
  description: The names of the due accounts, in the order of O(accounts).
  returned: state is audit
  type: list
  elements: str
checks:
  description: The checks of the result model.
  returned: state is audit
  type: list
  elements: dict
previous:
  description: The hash and day of last change before C(set) (C(hash), C(last_change)).
  returned: state is set
  type: dict
changed_accounts:
  description: Accounts whose aging was (or would be) changed.
  returned: state is aging
  type: list
  elements: str
"""

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.passwords.aging import (
    age_check,
    assess,
    discover,
    excluded_check,
    locked_check,
    parse_shadow,
    rotation_check,
    stored_state,
    unmanaged_check,
)
from ansible.module_utils.healthops.passwords.policy import resolve_policy, validate_accounts, validate_policy

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["audit", "set", "restore", "aging"], default="audit"),
    accounts=dict(type="list", elements="str", default=[]),
    policy=dict(type="dict", default={}),
    force=dict(type="bool", default=False),
    outcomes=dict(type="list", elements="dict", default=[]),
    excluded=dict(type="list", elements="dict", default=[]),
    stored_ages=dict(type="list", elements="dict", default=[]),
    discover=dict(type="bool", default=False),
    account=dict(type="str"),
    password_hash=dict(type="str", no_log=True),
    last_change=dict(type="int"),
    shadow_file=dict(type="path", default="/etc/shadow"),
)


def today():
    """Days since 1970-01-01, as /etc/shadow counts them."""
    return int(time.time() // 86400)


def read_shadow(module, wanted):
    try:
        with open(module.params["shadow_file"], "r") as handle:
            return parse_shadow(handle.read(), wanted)
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot read %s: %s" % (module.params["shadow_file"], exc))


def run(module, argv, data=None, **extra):
    """Run a shadow tool; stdin carries the hash so it is never on a command line."""
    rc, _out, err = module.run_command(argv, data=data, binary_data=False)
    if rc != 0:
        module.fail_json(msg="%s failed (rc %d): %s" % (argv[0], rc, err.strip()), **extra)


def audit(module, policy):
    accounts = module.params["accounts"]
    entries = read_shadow(module, None if module.params["discover"] else set(accounts))
    states = [assess(name, entries.get(name), policy, today(), module.params["force"]) for name in accounts]
    checks = [age_check(state, policy) for state in states]
    if module.params["discover"]:
        known = set(accounts) | {i.get("name") for i in module.params["excluded"]}
        unlocked, locked = discover(entries, known)
        checks.extend(unmanaged_check(assess(n, entries[n], policy, today()), policy) for n in unlocked)
        checks.append(locked_check(locked))
    checks.extend(
        age_check(stored_state(i["account"], i.get("age_days")), policy) for i in module.params["stored_ages"]
    )
    checks.extend(rotation_check(outcome) for outcome in module.params["outcomes"])
    checks.extend(excluded_check(item) for item in module.params["excluded"])
    return dict(changed=False, accounts=states, due=[s["account"] for s in states if s["due"]], checks=checks)


def set_hash(module, policy, restore):
    name, new_hash = module.params["account"], module.params["password_hash"]
    if not name or not new_hash:
        module.fail_json(msg="state=%s needs account and password_hash" % module.params["state"])
    entry = read_shadow(module, {name}).get(name)
    if entry is None:
        module.fail_json(msg="account %s not found in %s" % (name, module.params["shadow_file"]))
    previous = {"hash": entry["hash"], "last_change": entry["last_change"]}
    if module.check_mode:
        return dict(changed=True, previous=previous)
    # A failure after chpasswd still returns the previous hash, so the caller can put it back.
    chage = module.get_bin_path("chage", required=True)
    run(module, [module.get_bin_path("chpasswd", required=True), "-e"], "%s:%s" % (name, new_hash), previous=previous)
    if restore:
        if module.params["last_change"] is not None:
            run(module, [chage, "-d", str(module.params["last_change"]), name], previous=previous)
    else:
        run(module, [chage, "-M", str(policy["max_age_days"]), name], previous=previous)
    after = read_shadow(module, {name}).get(name) or {}
    if after.get("hash") != new_hash:
        msg = "%s: the hash read back from %s is not the one set" % (name, module.params["shadow_file"])
        module.fail_json(msg=msg, previous=previous)
    return dict(changed=True, previous=previous)


def aging(module, policy):
    entries = read_shadow(module, set(module.params["accounts"]))
    names = [
        n
        for n in module.params["accounts"]
        if n in entries
        and not assess(n, entries[n], policy, today())["locked"]
        and entries[n]["max_days"] != policy["max_age_days"]
    ]
    if not module.check_mode:
        chage = module.get_bin_path("chage", required=True)
        for name in names:
            run(module, [chage, "-M", str(policy["max_age_days"]), name])
    return dict(changed=bool(names), changed_accounts=names)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    problems = validate_policy(module.params["policy"], "policy") + validate_accounts(
        module.params["accounts"], "accounts"
    )
    if problems:
        module.fail_json(msg="; ".join(problems))
    policy = resolve_policy(module.params["policy"])
    state = module.params["state"]
    if state == "audit":
        result = audit(module, policy)
    elif state == "aging":
        result = aging(module, policy)
    else:
        result = set_hash(module, policy, restore=state == "restore")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
