"""healthops.passwords.plan: database roles first, then due accounts, the connection's account last."""

from __future__ import annotations

from ansible.module_utils.healthops.passwords.plan import rotation_plan, split_accounts, stored_ages

AUDIT = [
    {"account": "ansible", "due": True, "age_days": 95},
    {"account": "opsadmin", "due": True, "age_days": 100},
    {"account": "appsvc", "due": False, "age_days": 10},
    {"account": "oracle", "due": True, "age_days": None},
]
AGES = {"db01/pg:app_owner": 10, "db01/pg:report": 61, "db02/pg:fresh": 0}
POLICY = {"max_age_days": 60}


def test_the_connection_account_goes_last() -> None:
    plan = rotation_plan(AUDIT, "db01", {}, [], POLICY, False, "ansible")
    assert [i["account"] for i in plan] == ["opsadmin", "oracle", "ansible"]
    assert plan[0] == {"host": "db01", "kind": "host", "name": "opsadmin", "account": "opsadmin", "age_before": 100}


def test_database_roles_first_when_due_by_the_stores_age() -> None:
    plan = rotation_plan(AUDIT, "db01", AGES, ["app_owner", "report", "never"], POLICY, False, "")
    assert [i["account"] for i in plan][:2] == ["pg:report", "pg:never"]
    assert plan[0] == {"host": "db01", "kind": "pg", "name": "report", "account": "pg:report", "age_before": 61}
    assert plan[1]["age_before"] is None


def test_force_takes_every_role() -> None:
    plan = rotation_plan([], "db01", AGES, ["app_owner"], POLICY, True, "")
    assert [i["account"] for i in plan] == ["pg:app_owner"]


def test_stored_ages_per_role_of_this_host() -> None:
    assert stored_ages("db01", AGES, ["app_owner", "fresh"]) == [
        {"account": "pg:app_owner", "age_days": 10},
        {"account": "pg:fresh", "age_days": None},
    ]


def test_oracle_users_after_the_postgres_roles_before_the_host_accounts() -> None:
    ages = {**AGES, "db01/oracle:APP": 70, "db01/oracle:FRESH": 3}
    plan = rotation_plan(AUDIT, "db01", ages, ["report"], POLICY, False, "ansible", ["APP", "FRESH", "NEW"])
    assert [i["account"] for i in plan] == ["pg:report", "oracle:APP", "oracle:NEW", "opsadmin", "oracle", "ansible"]
    assert plan[1] == {"host": "db01", "kind": "oracle", "name": "APP", "account": "oracle:APP", "age_before": 70}
    assert stored_ages("db01", ages, [], ["APP", "NEW"]) == [
        {"account": "oracle:APP", "age_days": 70},
        {"account": "oracle:NEW", "age_days": None},
    ]


def test_no_item_of_one_host_equals_an_item_of_another() -> None:
    # Equal loop items of two hosts are merged by Ansible's include handling, reordering them.
    audit = [{"account": "appsvc", "due": True, "age_days": 10}]
    assert rotation_plan(audit, "a", {}, [], POLICY, False, "") != rotation_plan(audit, "b", {}, [], POLICY, False, "")


def test_application_accounts_after_the_database_roles_before_the_hosts() -> None:
    app = {"kind": "application", "name": "app_rw", "files": [{"path": "/c.xml", "format": "tomcat"}]}
    fresh = {**app, "name": "fresh"}
    ages = {**AGES, "db01/app:fresh": 3}
    plan = rotation_plan(AUDIT, "db01", ages, ["report"], POLICY, False, "ansible", (), [app, fresh])
    assert [i["account"] for i in plan] == ["pg:report", "app:app_rw", "opsadmin", "oracle", "ansible"]
    assert plan[1]["kind"] == "application"
    assert plan[1]["app"] == {**app, "db": "pg", "restart": "none", "service": "", "health_url": ""}
    assert stored_ages("db01", ages, [], (), [app, fresh]) == [
        {"account": "app:app_rw", "age_days": None},
        {"account": "app:fresh", "age_days": 3},
    ]


def test_split_accounts() -> None:
    app = {"kind": "application", "name": "app_rw"}
    assert split_accounts(["root", app, "opsadmin"]) == (["root", "opsadmin"], [app])
    assert split_accounts(None) == ([], [])
