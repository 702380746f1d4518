# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the database account modules of the password rotation share (password_pg_role,
password_oracle_user): the login check with a new connection, and the states set, verify and
restore run the same way, every message through the module's ``scrub`` (text -> text without
its secrets: the modules pass db.scrub's scrub_secrets with their passwords). Python 3.6.

    ok, reason = login_check(lambda: driver.connect(...), lambda conn: conn.execute("SELECT 1"),
                             driver.Error, scrub)
    run_state(module, "role", name, verify=..., change=..., restore=..., errors=(driver.Error,), scrub=scrub)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

STATES = ["set", "verify", "restore"]


def login_check(connect, probe, error_class, scrub):
    """``(login_ok, reason)`` of a new connection: ``connect()`` gives one (a context manager),
    ``probe(conn)`` runs a query on it. Never raises ``error_class``; the reason has no secret."""
    try:
        with connect() as conn:
            probe(conn)
        return True, ""
    except error_class as exc:
        return False, scrub(str(exc).strip())


def missing_password(params):
    """The message for a state that needs the new password and has none (None when fine)."""
    if params["state"] in ("set", "verify") and not params["password"]:
        return "state=%s needs password" % params["state"]
    return None


def run_state(module, noun, name, verify, change, restore, errors, scrub):
    """Run the module's state and exit: ``verify()`` gives ``(ok, reason)``; ``change()`` sets the new
    password and gives the results (``previous``, the verifier before); ``restore()`` puts it back.
    ``errors`` end in fail_json, their message through ``scrub``."""
    state = module.params["state"]
    try:
        if state == "verify":
            ok, reason = verify()
            module.exit_json(changed=False, login_ok=ok, reason=reason)
        if state == "set":
            module.exit_json(changed=True, **change())
        restore()
        module.exit_json(changed=True)
    except errors as exc:
        module.fail_json(msg="%s of %s %s: %s" % (state, noun, name, scrub(str(exc))))
