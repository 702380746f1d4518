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

from ansible.module_utils.healthops.passwords.appconfig import spec_problem  # noqa: E402
from ansible.module_utils.healthops.passwords.oracle import user_problem  # noqa: E402
from ansible.module_utils.healthops.passwords.plan import rotation_plan, split_accounts, stored_ages  # noqa: E402

APP_KEYS = {"kind", "name", "db", "files", "restart", "service", "health_url"}
RESTARTS = ("none", "service", "tomcat")
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
        if isinstance(login, dict) and login.get("protocol", "tcps") != "tcps" and not login.get("plain_tcp_reason"):
            problems.append(
                "password_rotation_oracle_login.protocol is %s: the new password would cross the network in clear; "
                "use tcps, or give plain_tcp_reason to opt out" % login.get("protocol")
            )
    return problems


def app_errors(apps: list[dict[str, Any]], pg_roles: object, oracle_users: object, oracle_login: object) -> list[str]:
    """Messages for the application accounts of password_rotation_accounts (mappings)."""
    problems = []
    for app in apps:
        where = "password_rotation_accounts application %s" % app.get("name", "?")
        unknown = sorted(set(app) - APP_KEYS)
        if unknown or app.get("kind") != "application" or not isinstance(app.get("name"), str):
            problems.append("%s: needs kind: application and name (keys %s), not %s"
                            % (where, ", ".join(sorted(APP_KEYS)), ", ".join(unknown) or app.get("kind")))  # fmt: skip
            continue
        db = app.get("db", "pg")
        if db not in ("pg", "oracle"):
            problems.append("%s: db must be pg or oracle" % where)
        elif db == "oracle":
            problems += ["%s: %s" % (where, p) for p in oracle_errors([app["name"]], oracle_login)]
        else:
            problems += validate_accounts([app["name"]], where)
        if app["name"] in (list(pg_roles) if db == "pg" else list(oracle_users)):
            problems.append("%s: the account is also a plain database account; declare it once" % where)
        files = app.get("files")
        if not isinstance(files, list) or not files:
            problems.append("%s: files must list the configuration files that hold its password" % where)
        else:
            problems += ["%s: %s" % (where, p) for p in map(spec_problem, files) if p]
        if app.get("restart", "none") not in RESTARTS:
            problems.append("%s: restart must be one of %s" % (where, ", ".join(RESTARTS)))
        if app.get("restart") == "service" and not app.get("service"):
            problems.append("%s: restart: service needs service (the systemd unit)" % where)
        url = app.get("health_url", "")
        if url and not str(url).startswith(("http://", "https://")):
            problems.append("%s: health_url must be an http(s) URL" % where)
    names = [a.get("name") for a in apps]
    problems += ["password_rotation_accounts declares application %s more than once" % n
                 for n in sorted({n for n in names if names.count(n) > 1})]  # fmt: skip
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
    accounts, apps = split_accounts(accounts) if isinstance(accounts, list) else (accounts, [])
    problems = validate_policy(policy) + validate_accounts(accounts)
    problems += app_errors(apps, pg_roles if isinstance(pg_roles, (list, tuple)) else [],
                           oracle_users if isinstance(oracle_users, (list, tuple)) else [], oracle_login)  # fmt: skip
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
            "healthops_password_split_accounts": split_accounts,
        }
