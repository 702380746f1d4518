#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_app_config
short_description: Put an application account's new password into the files that feed the application
description:
  - The application side of the password rotation duty (role C(password_rotation)) - a database account whose
    password sits in an application's configuration (a Tomcat JNDI data source in C(context.xml) or C(server.xml),
    the backup job's C(.pgpass) or environment file) is rotated together with those files.
  - C(state=set) finds the account's password in every file of O(files) first (a file where it is not found fails
    the task and nothing is written), copies each file beside itself (C(<path>.healthops-rotation~), mode 0600) and
    writes the new password in place, atomically, keeping the file's owner and mode; only the password changes.
    The diff shows the lines that change with the passwords replaced by a marker.
  - C(state=restore) puts the copies back (the previous configuration); C(state=cleanup) removes them once the
    rotation is verified.
version_added: "1.0.0"
author: healthops contributors
options:
  state:
    description: What to do.
    type: str
    choices: [set, restore, cleanup]
    required: true
  account:
    description: The database account the files name (Tomcat C(username), the C(.pgpass) user field).
    type: str
    required: true
  password:
    description: The new password (C(set)).
    type: str
  files:
    description: The files that hold the account's password.
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description: The file on the host.
        type: path
        required: true
      format:
        description:
          - C(tomcat) the C(password) of each C(<Resource>) with C(username) the account; C(pgpass) libpq's password
            file; C(env) a C(KEY=value) line.
        type: str
        choices: [tomcat, pgpass, env]
        required: true
      resource:
        description: With C(tomcat), only the C(<Resource>) of this C(name) (for example C(jdbc/health)).
        type: str
      key:
        description: With C(env), the variable that holds the password (for example C(PGPASSWORD)).
        type: str
attributes:
  check_mode:
    support: full
    description: Nothing is written; C(changed) and the diff say what would be.
  diff_mode:
    support: full
    description: The passwords are replaced by a marker in the diff.
notes:
  - Give the tasks C(no_log), since their arguments hold the new password.
seealso:
  - module: ansible.legacy.password_pg_role
"""

EXAMPLES = r"""
- name: Rotate | Write the new password into the data source
  ansible.legacy.password_app_config:
    state: set
    account: app_rw
    password: "{{ __staged.password }}"
    files:
      - path: /var/lib/tomcat10/conf/context.xml
        format: tomcat
        resource: jdbc/health
      - path: /var/lib/postgresql/.pgpass
        format: pgpass
  become: true
  no_log: true
  register: __config
"""

RETURN = r"""
files:
  description: The files written (C(set)), put back (C(restore)) or whose copy was removed (C(cleanup)).
  returned: always
  type: list
  elements: str
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.passwords.appconfig import NEW_MARK, PREVIOUS_MARK, replace_password

BACKUP_SUFFIX = ".healthops-rotation~"

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["set", "restore", "cleanup"], required=True),
    account=dict(type="str", required=True),
    password=dict(type="str", no_log=True),
    files=dict(type="list", elements="dict", required=True, options=dict(
        path=dict(type="path", required=True),
        format=dict(type="str", choices=["tomcat", "pgpass", "env"], required=True),
        resource=dict(type="str"),
        key=dict(type="str", no_log=False),
    )),
)  # fmt: skip


def read(path):
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8")


def write_private(path, data):
    """``data`` into a new file ``path``, mode 0600, flushed to disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def write_in_place(module, path, data):
    """``data`` into ``path`` through a temporary file beside it, atomically, keeping path's owner and mode."""
    temporary = path + ".healthops-new~"
    write_private(temporary, data)
    module.atomic_move(temporary, path)


def make_backup(path, text):
    """A copy of the file's current text beside it, mode 0600, owned as the file is."""
    write_private(path + BACKUP_SUFFIX, text)
    stat = os.stat(path)
    os.chown(path + BACKUP_SUFFIX, stat.st_uid, stat.st_gid)


def set_files(module, params):
    planned, diffs = [], []
    for spec in params["files"]:
        text = read(spec["path"])
        new, count = replace_password(text, spec, params["account"], params["password"])
        if not count:
            module.fail_json(msg="%s: no password of %s found (format %s): nothing written"
                             % (spec["path"], params["account"], spec["format"]))  # fmt: skip
        planned.append((spec["path"], text, new))
        diffs.append(dict(before_header=spec["path"], after_header=spec["path"],
                          before=replace_password(text, spec, params["account"], PREVIOUS_MARK)[0],
                          after=replace_password(text, spec, params["account"], NEW_MARK)[0]))  # fmt: skip
    if not module.check_mode:
        for path, text, _new in planned:
            make_backup(path, text)
        for path, _text, new in planned:
            write_in_place(module, path, new)
    module.exit_json(changed=True, files=[p for p, _t, _n in planned], diff=diffs)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params, state = module.params, module.params["state"]
    if state == "set" and not params["password"]:
        module.fail_json(msg="state=set needs password")
    try:
        if state == "set":
            set_files(module, params)
        backups = [(s["path"], s["path"] + BACKUP_SUFFIX) for s in params["files"]]
        present = [(p, b) for p, b in backups if os.path.exists(b)]
        if not module.check_mode:
            for path, backup in present:
                if state == "restore":
                    module.atomic_move(backup, path)
                else:
                    os.unlink(backup)
        module.exit_json(changed=bool(present), files=[p for p, _b in present])
    except (OSError, UnicodeError, ValueError) as exc:
        module.fail_json(msg="%s of the files of %s: %s" % (state, params["account"], exc))


if __name__ == "__main__":
    main()
