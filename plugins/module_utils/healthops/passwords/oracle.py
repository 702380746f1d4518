# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Oracle users in the password rotation: the statements and what is checked before they run.

``ALTER USER ... IDENTIFIED BY`` is DDL, which takes no bind variables, so every value that goes
into a statement is checked here first: the user name against Oracle's rules for an identifier,
the new password for a quote, and a verifier to put back for anything but its hexadecimal parts.
The previous password is kept as its verifiers (``SYS.USER$``: ``SPARE4`` holds the ``S:`` and
``T:`` ones, ``PASSWORD`` the 10g hash) and put back with ``IDENTIFIED BY VALUES``.
Standard library only, Python 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# An Oracle user name as the data dictionary spells it (DBA_USERS.USERNAME): a letter, then
# letters, digits, _, $ or #, at most 128 bytes (30 before 12.2). Quoted in every statement.
USER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_$#]{0,127}$")
# What SPARE4 and PASSWORD hold: S:<hex>, T:<hex>, H:<hex> joined by ';', and a 16-hex-digit 10g hash.
VERIFIER_RE = re.compile(r"^(?:[STH]:[0-9A-Fa-f]+|[0-9A-Fa-f]{16})(?:;(?:[STH]:[0-9A-Fa-f]+|[0-9A-Fa-f]{16}))*$")
# Releases before 12.2 take passwords of at most 30 bytes.
LONG_PASSWORDS_FROM = (12, 2)
SHORT_PASSWORD_MAX = 30

READ_PREVIOUS = "SELECT spare4, password FROM sys.user$ WHERE name = :name AND type# = 1"
READ_STATUS = "SELECT account_status, authentication_type FROM dba_users WHERE username = :name"
# The transport of the administrator's session as the server sees it (tcp, tcps, ipc, beq): what the
# DSN, a TNS alias or login.protocol asked for does not matter, only what was connected.
READ_PROTOCOL = "SELECT SYS_CONTEXT('USERENV', 'NETWORK_PROTOCOL') FROM dual"


def user_problem(name):
    """Why ``name`` cannot be rotated as an Oracle user (None when it can)."""
    if not isinstance(name, str) or not USER_RE.match(name):
        return "%r is not an Oracle user name (a letter, then letters, digits, _, $ or #)" % (name,)
    return None


def password_problem(password, version):
    """Why ``password`` cannot be set on a server of ``version`` (a tuple such as (19, 0)), or None."""
    if '"' in password or "\x00" in password:
        return "an Oracle password cannot hold a double quote or a NUL"
    if tuple(version[:2]) < LONG_PASSWORDS_FROM and len(password.encode("utf-8")) > SHORT_PASSWORD_MAX:
        return "Oracle %s takes passwords of at most %d bytes: lower the policy's length" % (
            ".".join(str(v) for v in version[:2]),
            SHORT_PASSWORD_MAX,
        )
    return None


def previous_verifier(spare4, password10g):
    """The value ``IDENTIFIED BY VALUES`` puts back: SPARE4's verifiers, then the 10g hash if there is one."""
    parts = [p for p in ((spare4 or "").strip(), (password10g or "").strip()) if p]
    return ";".join(parts)


def status_problem(account_status, authentication_type):
    """Why a user of this DBA_USERS status must not be rotated (None when it may)."""
    if authentication_type and authentication_type.upper() != "PASSWORD":
        return "identified %s, not by a password: not rotated" % authentication_type.lower()
    if "LOCKED" in (account_status or "").upper():
        return "the account is %s: not rotated (a new password would not log in)" % account_status
    return None


def transport_problem(protocol, plain_tcp_reason):
    """Why ALTER USER ... IDENTIFIED BY must not run over a session of ``protocol`` (None when it may).

    The new password travels in the statement, so the session must be TCPS, or a local one (ipc,
    beq: no network); plain TCP only with an explicit opt-out reason, which the rotation reports."""
    protocol = (protocol or "").lower()
    if protocol in ("tcps", "ipc", "beq") or (plain_tcp_reason or "").strip():
        return None
    return (
        "the administrator's session is over %s, not TCPS: ALTER USER would send the new password in clear; "
        "connect with login.protocol=tcps (or a TCPS dsn), or give login.plain_tcp_reason to opt out"
        % (protocol or "an unknown protocol")
    )


def transport_label(protocol, plain_tcp_reason):
    """What the rotation reports about the transport: ``tcps``, or the opt-out with its reason."""
    protocol = (protocol or "unknown").lower()
    if protocol in ("tcps", "ipc", "beq"):
        return protocol
    return "%s without TLS (opt-out: %s)" % (protocol, (plain_tcp_reason or "").strip())


def quote_user(name):
    problem = user_problem(name)
    if problem:
        raise ValueError(problem)
    return '"%s"' % name


def set_statement(name, password):
    """ALTER USER with the new password (the caller checked it with password_problem)."""
    if '"' in password:
        raise ValueError("an Oracle password cannot hold a double quote")
    return 'ALTER USER %s IDENTIFIED BY "%s"' % (quote_user(name), password)


def restore_statement(name, verifier):
    """ALTER USER putting back the verifiers read before the change."""
    if not VERIFIER_RE.match(verifier or ""):
        raise ValueError("the verifier to put back is not one read from SYS.USER$")
    return "ALTER USER %s IDENTIFIED BY VALUES '%s'" % (quote_user(name), verifier)
