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
