"""plugins/filter/healthops_passwords.py: the role's input refused on the controller, naming the variable."""

from __future__ import annotations

from healthops_testlib import load_plugin

errors = load_plugin("filter", "healthops_passwords").password_rotation_errors


def test_good_input() -> None:
    assert errors({"max_age_days": 60}, ["opsadmin"], [{"name": "tomcatdb", "reason": "data source"}], ["app"]) == []


def test_each_bad_input_names_its_variable() -> None:
    found = errors({"max_age_days": 120}, ["a:b"], [], [])
    assert any(p.startswith("password_rotation_policy.max_age_days") for p in found)
    assert "password_rotation_accounts has an invalid account name 'a:b'" in found
    assert errors({}, [], [], ["app", "app"]) == ["password_rotation_pg_roles lists app more than once"]
    assert errors({}, [], [], "app") == ["password_rotation_pg_roles must be a list of account names"]


def test_exclusions_need_a_reason_and_must_not_overlap() -> None:
    assert errors({}, [], [{"name": "x"}], []) == ["password_rotation_excluded must be a list of {name, reason}"]
    assert errors({}, ["x"], [{"name": "x", "reason": "r"}], []) == [
        "password_rotation_accounts and password_rotation_excluded both list x"
    ]


def test_oracle_users_need_valid_names_and_a_connection() -> None:
    login = {"user": "rot_admin", "service_name": "HEALTH"}
    assert errors({}, [], [], [], ["APP_OWNER", "C##OPS"], login) == []
    [bad] = errors({}, [], [], [], ['APP"X'], login)
    assert bad.startswith("password_rotation_oracle_users: 'APP\"X' is not an Oracle user name")
    assert errors({}, [], [], [], ["APP", "APP"], login) == [
        "password_rotation_oracle_users lists a user more than once"
    ]
    assert errors({}, [], [], [], ["APP"], {}) == [
        "password_rotation_oracle_login needs user (the administrator that changes the users)"
    ]
    assert errors({}, [], [], [], ["APP"], {"user": "rot_admin"}) == [
        "password_rotation_oracle_login needs service_name or dsn"
    ]
    assert errors({}, [], [], [], [], {}) == []  # no users, no connection needed
    assert errors({}, [], [], [], "APP", login) == [
        "password_rotation_oracle_users must be a list of Oracle user names"
    ]


def test_plain_tcp_to_oracle_needs_an_explicit_opt_out() -> None:
    login = {"user": "rot_admin", "service_name": "HEALTH", "protocol": "tcp"}
    [problem] = errors({}, [], [], [], ["APP"], login)
    assert problem.startswith("password_rotation_oracle_login.protocol is tcp")
    assert "plain_tcp_reason" in problem
    assert errors({}, [], [], [], ["APP"], {**login, "plain_tcp_reason": "no TCPS listener yet"}) == []
    assert errors({}, [], [], [], ["APP"], {"user": "rot_admin", "service_name": "HEALTH"}) == []  # tcps by default


def test_application_accounts_are_declared_with_the_files_they_feed() -> None:
    app = {"kind": "application", "name": "app_rw", "files": [{"path": "/etc/app/context.xml", "format": "tomcat"}],
           "restart": "tomcat", "health_url": "http://127.0.0.1:8080/health"}  # fmt: skip
    assert errors({}, ["opsadmin", app], [], []) == []
    found = errors({}, [{**app, "files": [], "restart": "reboot", "health_url": "ftp://x"}], [], ["app_rw"])
    assert found == [
        "password_rotation_accounts application app_rw: the account is also a plain database account; declare it once",
        "password_rotation_accounts application app_rw: files must list the configuration files that hold its password",
        "password_rotation_accounts application app_rw: restart must be one of none, service, tomcat",
        "password_rotation_accounts application app_rw: health_url must be an http(s) URL",
    ]
    assert errors({}, [{**app, "restart": "service"}], [], []) == [
        "password_rotation_accounts application app_rw: restart: service needs service (the systemd unit)"
    ]
    [bad] = errors({}, [{**app, "db": "oracle", "name": "APP_RW"}], [], [])
    assert bad.startswith("password_rotation_accounts application APP_RW: password_rotation_oracle_login needs user")
    assert errors({}, [app, app], [], []) == ["password_rotation_accounts declares application app_rw more than once"]
    assert "needs kind: application" in errors({}, [{"name": "x", "path": "/y"}], [], [])[0]
