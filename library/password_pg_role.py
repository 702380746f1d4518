#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_pg_role
short_description: Set, verify or put back a PostgreSQL-family role's password, as a SCRAM verifier
description:
  - The database side of the password rotation duty (role C(password_rotation)); run it on the controller
    (C(delegate_to) C(localhost)), as the database probes are.
  - C(state=set) reads the role's current verifier from C(pg_authid) (so it can be put back; this needs a superuser)
    and sets the new password with C(ALTER ROLE ... PASSWORD) as a SCRAM-SHA-256 verifier computed here, so the
    password itself never reaches the server or its statement log. Returns the previous verifier in RV(previous).
  - C(state=verify) opens a new connection as O(role) with O(password) and returns RV(login_ok) and RV(reason)
    without failing.
  - C(state=restore) puts back O(verifier) (the RV(previous) of C(set); empty for a role that had no password).
  - TLS is verified by default (O(ssl_mode) C(verify-full), the system CA bundle or O(ca_cert)).
version_added: "1.0.0"
author: healthops contributors
options:
  state:
    description: What to do.
    type: str
    choices: [set, verify, restore]
    required: true
  role:
    description: The database role whose password changes.
    type: str
    required: true
  password:
    description: The new password (C(set), C(verify)).
    type: str
  verifier:
    description: The verifier to put back (C(restore)); empty for none.
    type: str
    default: ""
  login_host:
    description: The server's address.
    type: str
    default: 127.0.0.1
  login_port:
    description: The server's port.
    type: int
    default: 5432
  login_user:
    description: The administrator that changes the role (a superuser, to read the previous verifier).
    type: str
    default: postgres
  login_password:
    description: The administrator's password.
    type: str
  login_db:
    description: The database to connect to.
    type: str
    default: postgres
  ssl_mode:
    description: libpq's sslmode.
    type: str
    choices: [disable, allow, prefer, require, verify-ca, verify-full]
    default: verify-full
  ca_cert:
    description: The CA file that signs the server's certificate; default the system's bundle.
    type: path
  connect_timeout:
    description: Seconds to wait for a connection.
    type: int
    default: 10
attributes:
  check_mode:
    support: full
    description: Nothing is changed; C(changed) says what would be. C(verify) runs.
requirements:
  - psycopg (3) on the controller
notes:
  - Give the tasks C(no_log), since their arguments hold a password and RV(previous) a verifier.
seealso:
  - module: ansible.legacy.password_store
"""

EXAMPLES = r"""
- name: Rotate | Set the role's new password
  ansible.legacy.password_pg_role:
    state: set
    role: app_owner
    password: "{{ __staged.password }}"
    login_host: db01.example
    login_password: "{{ vault_postgres_admin_password }}"
  delegate_to: localhost
  no_log: true
  register: __set
"""

RETURN = r"""
previous:
  description: The role's verifier before C(set) (empty when it had no password).
  returned: state is set
  type: str
login_ok:
  description: Whether the new connection as O(role) succeeded.
  returned: state is verify
  type: bool
reason:
  description: Why the connection failed (empty on success); the password scrubbed out.
  returned: state is verify
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.db.scrub import scrub_secrets
from ansible.module_utils.healthops.db.tls import find_ca_bundle, postgres_tls
from ansible.module_utils.healthops.passwords.dbaccount import STATES, login_check, missing_password, run_state
from ansible.module_utils.healthops.passwords.scram import scram_sha256_verifier

try:
    import psycopg
    from psycopg import sql
except ImportError:  # pragma: no cover - reported by main
    psycopg = None

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=STATES, required=True),
    role=dict(type="str", required=True),
    password=dict(type="str", no_log=True),
    verifier=dict(type="str", default="", no_log=True),
    login_host=dict(type="str", default="127.0.0.1"),
    login_port=dict(type="int", default=5432),
    login_user=dict(type="str", default="postgres"),
    login_password=dict(type="str", no_log=True),
    login_db=dict(type="str", default="postgres"),
    ssl_mode=dict(type="str", choices=["disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
                  default="verify-full"),
    ca_cert=dict(type="path"),
    connect_timeout=dict(type="int", default=10),
)  # fmt: skip


def conninfo(params, user, password):
    plan = postgres_tls(params["ssl_mode"], params["ca_cert"], psycopg.pq.version(), find_ca_bundle(),
                        local=params["login_host"].startswith("/"))  # fmt: skip
    if plan.error:
        raise ValueError(plan.error)
    info = dict(host=params["login_host"], port=params["login_port"], dbname=params["login_db"], user=user,
                connect_timeout=params["connect_timeout"], application_name="healthops_password_rotation")  # fmt: skip
    if password:
        info["password"] = password
    info.update(plan.params)
    return info


def secrets_of(params):
    return [s for s in (params["password"], params["login_password"], params["verifier"]) if s]


def admin_change(params, check_mode, verifier):
    """The role's previous verifier; sets ``verifier`` (None: none) unless in check mode."""
    with psycopg.connect(autocommit=True, **conninfo(params, params["login_user"], params["login_password"])) as conn:
        row = conn.execute(
            "SELECT rolpassword FROM pg_catalog.pg_authid WHERE rolname = %s", (params["role"],)
        ).fetchone()
        if row is None:
            raise LookupError("role %s does not exist" % params["role"])
        if not check_mode:
            value = sql.Literal(verifier) if verifier else sql.SQL("NULL")
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(params["role"]), value))
        return row[0] or ""


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    if psycopg is None:
        module.fail_json(msg="password_pg_role needs psycopg (3) on the controller")
    params = module.params
    problem = missing_password(params)
    if problem:
        module.fail_json(msg=problem)

    def scrub(text):
        return scrub_secrets(text, secrets_of(params))

    def verify():
        connect = lambda: psycopg.connect(**conninfo(params, params["role"], params["password"]))  # noqa: E731
        return login_check(connect, lambda conn: conn.execute("SELECT 1"), psycopg.Error, scrub)

    def change():
        return dict(previous=admin_change(params, module.check_mode, scram_sha256_verifier(params["password"])))

    run_state(module, "role", params["role"], verify, change,
              restore=lambda: admin_change(params, module.check_mode, params["verifier"]),
              errors=(psycopg.Error, LookupError, ValueError), scrub=scrub)  # fmt: skip


if __name__ == "__main__":
    main()
