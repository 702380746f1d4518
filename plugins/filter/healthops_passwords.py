# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the password_rotation role: validate its input on the controller, before any host is
changed, with the same functions the password_account module runs on the hosts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.passwords.oracle import user_problem  # noqa: E402
from ansible.module_utils.healthops.passwords.plan import rotation_plan, stored_ages  # noqa: E402
from ansible.module_utils.healthops.passwords.policy import validate_accounts, validate_policy  # noqa: E402


def oracle_errors(users: object, login: object) -> list[str]:
    """Messages for the Oracle users and the connection the module needs to change them."""
    if not isinstance(users, (list, tuple)):
        return ["password_rotation_oracle_users must be a list of Oracle user names"]
    problems = ["password_rotation_oracle_users: " + p for p in map(user_problem, users) if p]
    if len(set(users)) != len(users):
        problems.append("password_rotation_oracle_users lists a user more than once")
    if users:
        if not isinstance(login, dict) or not login.get("user"):
            problems.append("password_rotation_oracle_login needs user (the administrator that changes the users)")
        elif not login.get("service_name") and not login.get("dsn"):
            problems.append("password_rotation_oracle_login needs service_name or dsn")
    return problems


def password_rotation_errors(
    policy: object,
    accounts: object,
    excluded: object,
    pg_roles: object = (),
    oracle_users: object = (),
    oracle_login: object = None,
) -> list[str]:
    """Messages naming the role variable for a bad policy, account list, exclusion list or database account list."""
    problems = validate_policy(policy) + validate_accounts(accounts)
    problems += validate_accounts(list(pg_roles) if isinstance(pg_roles, (list, tuple)) else pg_roles,
                                  "password_rotation_pg_roles")  # fmt: skip
    problems += oracle_errors(oracle_users, oracle_login)
    if not isinstance(excluded, list) or not all(
        isinstance(e, dict) and e.get("name") and e.get("reason") for e in excluded
    ):
        return [*problems, "password_rotation_excluded must be a list of {name, reason}"]
    both = sorted({e["name"] for e in excluded} & set(accounts if isinstance(accounts, list) else []))
    if both:
        problems.append("password_rotation_accounts and password_rotation_excluded both list %s" % ", ".join(both))
    return problems


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "healthops_password_rotation_errors": password_rotation_errors,
            "healthops_password_rotation_plan": rotation_plan,
            "healthops_password_stored_ages": stored_ages,
        }
