# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of a host's rotations: database roles, then the host's due accounts, the account Ansible
connects as last, so a failure before it leaves the connection working. Standard library only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from .policy import resolve_policy

PG_PREFIX = "pg:"


def stored_key(host, role):
    """The store entry (and the report's account name after the host) of a database role."""
    return "%s/%s%s" % (host, PG_PREFIX, role)


def rotation_plan(audit_accounts, host, store_ages, pg_roles, policy, force, connection_user):
    """Work items ``{kind, name, account, age_before}``, in the order they must run."""
    max_age = resolve_policy(policy)["max_age_days"]
    items = []
    for role in pg_roles:
        age = store_ages.get(stored_key(host, role))
        if force or age is None or age >= max_age:
            items.append({"kind": "pg", "name": role, "account": PG_PREFIX + role, "age_before": age})
    due = [a for a in audit_accounts if a.get("due")]
    due.sort(key=lambda a: a["account"] == connection_user)  # stable: the connection's account last
    items.extend(
        {"kind": "host", "name": a["account"], "account": a["account"], "age_before": a.get("age_days")} for a in due
    )
    return items


def stored_ages(host, store_ages, pg_roles):
    """``[{account, age_days}]`` of the database roles, for the report's age checks."""
    return [{"account": PG_PREFIX + r, "age_days": store_ages.get(stored_key(host, r))} for r in pg_roles]
