#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: password_oracle_user
short_description: Set, verify or put back an Oracle user's password
description:
  - The Oracle side of the password rotation duty (role C(password_rotation)); run it on the controller
    (C(delegate_to) C(localhost)), as the Oracle probe is. Connects with python-oracledb in thin mode.
  - C(state=set) first reads the user's status from C(DBA_USERS) and its verifiers from C(SYS.USER$) (so they can be
    put back; the administrator needs C(SELECT) on C(SYS.USER$), or O(login.mode=sysdba)), refuses a locked user or
    one not identified by a password, then runs C(ALTER USER ... IDENTIFIED BY) with the new password. Returns the
    previous verifiers in RV(previous). Nothing is changed when any of this cannot be read.
  - The new password travels in the statement (DDL takes no bind variables), so C(set) runs only when the
    administrator's session is over TCPS (as the server reports it, C(SYS_CONTEXT('USERENV','NETWORK_PROTOCOL'))), or
    local (IPC, BEQ). Plain TCP needs the explicit opt-out O(login.plain_tcp_reason), which RV(transport) and a
    warning report. The user's profile applies (password verify function, reuse rules).
  - C(state=verify) opens a new connection as O(user) with O(password) and returns RV(login_ok) and RV(reason)
    without failing.
  - C(state=restore) puts back O(verifier) (the RV(previous) of C(set)) with C(ALTER USER ... IDENTIFIED BY VALUES).
version_added: "1.0.0"
author: healthops contributors
options:
  state:
    description: What to do.
    type: str
    choices: [set, verify, restore]
    required: true
  user:
    description: The Oracle user whose password changes, as C(DBA_USERS.USERNAME) spells it (usually upper case).
    type: str
    required: true
  password:
    description: The new password (C(set), C(verify)); no double quote, at most 30 bytes before Oracle 12.2.
    type: str
  verifier:
    description: The verifiers to put back (C(restore)), as RV(previous) returned them.
    type: str
    default: ""
  login:
    description: How to reach the database, and the administrator that changes the user.
    type: dict
    required: true
    suboptions:
      hostname:
        description: The database server's address.
        type: str
        default: localhost
      port:
        description: The listener's port.
        type: int
        default: 1521
      service_name:
        description: The service name of the database (or PDB) the user belongs to.
        type: str
      dsn:
        description: A full connect string (Easy Connect, TNS alias of O(login.config_dir), descriptor) instead.
        type: str
      user:
        description: The administrator (C(ALTER USER) privilege and C(SELECT) on C(SYS.USER$) and C(DBA_USERS)).
        type: str
        required: true
      password:
        description: Its password, from ansible-vault.
        type: str
      mode:
        description: The privilege the administrator connects with.
        type: str
        choices: [normal, sysdba]
        default: normal
      protocol:
        description:
          - C(tcps) connects with TLS, the server's certificate verified (wallet or the system's CAs).
          - C(tcp) needs O(login.plain_tcp_reason) for C(set).
        type: str
        choices: [tcp, tcps]
        default: tcps
      plain_tcp_reason:
        description:
          - The opt-out from TCPS, for a listener that offers none - why the new password may cross the network in
            clear (for example C(listener on the same host, no TCPS before the 2027 upgrade)). Reported, never silent.
        type: str
      ssl_server_dn_match:
        description: With TCPS, check that the certificate belongs to the server connected to.
        type: bool
        default: true
      ssl_server_cert_dn:
        description: The distinguished name the server's certificate must carry, when it does not name the host.
        type: str
      wallet_location:
        description: The directory of the wallet (C(ewallet.pem)) with the CA certificates, for TCPS.
        type: path
      wallet_password:
        description: The password of that wallet.
        type: str
      config_dir:
        description: The directory of C(tnsnames.ora).
        type: path
      connect_timeout:
        description: Seconds to wait for the TCP connection.
        type: int
        default: 10
attributes:
  check_mode:
    support: full
    description: Nothing is changed (the user is read and checked); C(changed) says what would be. C(verify) runs.
requirements:
  - oracledb >= 2.0 on the controller
notes:
  - Give the tasks C(no_log), since their arguments hold passwords and RV(previous) the verifiers.
seealso:
  - module: ansible.legacy.password_store
  - module: ansible.legacy.password_pg_role
"""

EXAMPLES = r"""
- name: Rotate | Set the Oracle user's new password
  ansible.legacy.password_oracle_user:
    state: set
    user: APP_OWNER
    password: "{{ __staged.password }}"
    login:
      hostname: ora01.example
      service_name: HEALTH
      protocol: tcps
      user: rotation_admin
      password: "{{ vault_oracle_rotation_admin_password }}"
  delegate_to: localhost
  no_log: true
  register: __set
"""

RETURN = r"""
previous:
  description: The user's verifiers before C(set) (C(SPARE4) and the 10g hash of C(SYS.USER$)).
  returned: state is set
  type: str
transport:
  description: The administrator's session transport C(set) ran over - C(tcps), or C(tcp without TLS (opt-out ...)).
  returned: state is set
  type: str
login_ok:
  description: Whether the new connection as O(user) succeeded.
  returned: state is verify
  type: bool
reason:
  description: Why the connection failed (empty on success); the passwords scrubbed out.
  returned: state is verify
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.db.scrub import dsn_secrets, scrub_secrets
from ansible.module_utils.healthops.passwords.dbaccount import STATES, login_check, missing_password, run_state
from ansible.module_utils.healthops.passwords.oracle import (
    READ_PREVIOUS,
    READ_PROTOCOL,
    READ_STATUS,
    password_problem,
    previous_verifier,
    restore_statement,
    set_statement,
    status_problem,
    transport_label,
    transport_problem,
    user_problem,
)

try:
    import oracledb
except ImportError:  # pragma: no cover - reported by main
    oracledb = None

LOGIN_SPEC = dict(
    hostname=dict(type="str", default="localhost"),
    port=dict(type="int", default=1521),
    service_name=dict(type="str"),
    dsn=dict(type="str"),
    user=dict(type="str", required=True),
    password=dict(type="str", no_log=True),
    mode=dict(type="str", choices=["normal", "sysdba"], default="normal"),
    protocol=dict(type="str", choices=["tcp", "tcps"], default="tcps"),
    plain_tcp_reason=dict(type="str"),
    ssl_server_dn_match=dict(type="bool", default=True),
    ssl_server_cert_dn=dict(type="str"),
    wallet_location=dict(type="path"),
    wallet_password=dict(type="str", no_log=True),
    config_dir=dict(type="path"),
    connect_timeout=dict(type="int", default=10),
)
ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=STATES, required=True),
    user=dict(type="str", required=True),
    password=dict(type="str", no_log=True),
    verifier=dict(type="str", default="", no_log=True),
    login=dict(type="dict", required=True, options=LOGIN_SPEC),
)


class Refused(Exception):
    """The user may not be changed; nothing was."""


def connect_params(login, user, password, admin):
    """Keyword arguments of oracledb.connect (with a password: never log them)."""
    params = dict(user=user, password=password, tcp_connect_timeout=float(login["connect_timeout"]))
    if admin and login["mode"] == "sysdba":
        params["mode"] = oracledb.AUTH_MODE_SYSDBA
    if login["dsn"]:
        params["dsn"] = login["dsn"]
    else:
        params.update(host=login["hostname"], port=login["port"], service_name=login["service_name"])
    if login["protocol"] == "tcps":
        params["protocol"] = "tcps"
    params["ssl_server_dn_match"] = login["ssl_server_dn_match"]
    for key in ("ssl_server_cert_dn", "wallet_location", "wallet_password", "config_dir"):
        if login[key]:
            params[key] = login[key]
    params["program"] = "healthops_password_rotation"
    return params


def secrets_of(params):
    login = params["login"]
    given = [params["password"], params["verifier"], login["password"], login["wallet_password"]]
    return [s for s in given if s] + dsn_secrets(login["dsn"])


def server_version(conn):
    return tuple(int(p) for p in str(conn.version).split(".")[:2])


def admin_set(module, params):
    """Check the session's transport and the user, read its verifiers, then set the new password."""
    user, password, login = params["user"], params["password"], params["login"]
    with oracledb.connect(**connect_params(login, login["user"], login["password"], True)) as conn:
        cursor = conn.cursor()
        cursor.execute(READ_PROTOCOL)
        protocol = (cursor.fetchone() or [""])[0]
        problem = transport_problem(protocol, login["plain_tcp_reason"])
        problem = problem or password_problem(password, server_version(conn))
        cursor.execute(READ_STATUS, name=user)
        status = cursor.fetchone()
        if status is None:
            raise Refused("user %s does not exist" % user)
        problem = problem or status_problem(status[0], status[1])
        cursor.execute(READ_PREVIOUS, name=user)
        row = cursor.fetchone()
        previous = previous_verifier(row[0], row[1]) if row else ""
        if not previous:
            problem = problem or "no verifier of %s in SYS.USER$ to put back if the login fails" % user
        if problem:
            raise Refused(problem)
        transport = transport_label(protocol, login["plain_tcp_reason"])
        if transport != "tcps":
            module.warn("the new password of %s is sent over %s" % (user, transport))
        if not module.check_mode:
            cursor.execute(set_statement(user, password))
        return dict(previous=previous, transport=transport)


def admin_restore(params, check_mode):
    statement = restore_statement(params["user"], params["verifier"])
    with oracledb.connect(
        **connect_params(params["login"], params["login"]["user"], params["login"]["password"], True)
    ) as conn:
        if not check_mode:
            conn.cursor().execute(statement)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    if oracledb is None:
        module.fail_json(msg="password_oracle_user needs python-oracledb on the controller")
    params = module.params
    problem = user_problem(params["user"])
    if not params["login"]["dsn"] and not params["login"]["service_name"]:
        problem = problem or "login needs service_name or dsn"
    problem = problem or missing_password(params)
    if problem:
        module.fail_json(msg=problem)

    def scrub(text):
        return scrub_secrets(text, secrets_of(params))

    def verify():
        connect = lambda: oracledb.connect(**connect_params(params["login"], params["user"], params["password"], False))  # noqa: E731
        probe = lambda conn: conn.cursor().execute("SELECT 1 FROM dual")  # noqa: E731
        return login_check(connect, probe, oracledb.Error, scrub)

    run_state(module, "user", params["user"], verify, change=lambda: admin_set(module, params),
              restore=lambda: admin_restore(params, module.check_mode),
              errors=(oracledb.Error, Refused, ValueError), scrub=scrub)  # fmt: skip


if __name__ == "__main__":
    main()
