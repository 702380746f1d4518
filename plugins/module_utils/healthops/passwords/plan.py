# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of a host's rotations: database roles (PostgreSQL, then Oracle), then the application
accounts (a database account together with the files that feed an application), then the host's due
accounts, the account Ansible connects as last, so a failure before it leaves the connection working.
Standard library only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from .policy import resolve_policy

PG_PREFIX = "pg:"
ORACLE_PREFIX = "oracle:"
APP_PREFIX = "app:"


def split_accounts(accounts):
    """``(host account names, application account declarations)`` of password_rotation_accounts: a
    name is a login account of the host, a mapping (``kind: application``) an application's account."""
    accounts = accounts if isinstance(accounts, list) else []
    return [a for a in accounts if not isinstance(a, dict)], [a for a in accounts if isinstance(a, dict)]


def stored_key(host, role, prefix=PG_PREFIX):
    """The store entry (and the report's account name after the host) of a database role or user."""
    return "%s/%s%s" % (host, prefix, role)


def rotation_plan(
    audit_accounts, host, store_ages, pg_roles, policy, force, connection_user, oracle_users=(), app_accounts=()
):
    """Work items ``{host, kind, name, account, age_before}``, in the order they must run.

    Each item names its host: Ansible merges the loop includes of several hosts whose items are equal
    and runs them in the merged list's order, so two hosts with an equal item (the same account, the
    same age) could each run their accounts in the other's order, the connection's account not last.
    """
    max_age = resolve_policy(policy)["max_age_days"]
    items = []
    for kind, prefix, names in (("pg", PG_PREFIX, pg_roles), ("oracle", ORACLE_PREFIX, oracle_users)):
        for name in names:
            age = store_ages.get(stored_key(host, name, prefix))
            if force or age is None or age >= max_age:
                items.append({"host": host, "kind": kind, "name": name, "account": prefix + name, "age_before": age})
    for app in app_accounts:
        age = store_ages.get(stored_key(host, app["name"], APP_PREFIX))
        if force or age is None or age >= max_age:
            item = {"host": host, "kind": "application", "name": app["name"], "account": APP_PREFIX + app["name"]}
            item.update(age_before=age, app=app_defaults(app))
            items.append(item)
    due = [a for a in audit_accounts if a.get("due")]
    due.sort(key=lambda a: a["account"] == connection_user)  # stable: the connection's account last
    items.extend(
        {"host": host, "kind": "host", "name": a["account"], "account": a["account"], "age_before": a.get("age_days")}
        for a in due
    )
    return items


def app_defaults(app):
    """An application account's declaration with its defaults: db pg, restart none."""
    full = {"db": "pg", "restart": "none", "service": "", "health_url": ""}
    full.update(app)
    return full


def stored_ages(host, store_ages, pg_roles, oracle_users=(), app_accounts=()):
    """``[{account, age_days}]`` of the database roles and users, for the report's age checks."""
    named = [(PG_PREFIX, r) for r in pg_roles] + [(ORACLE_PREFIX, u) for u in oracle_users]
    named += [(APP_PREFIX, a["name"]) for a in app_accounts]
    return [{"account": p + n, "age_days": store_ages.get(stored_key(host, n, p))} for p, n in named]
