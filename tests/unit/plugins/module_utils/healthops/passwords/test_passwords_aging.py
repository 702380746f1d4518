"""healthops.passwords.aging: ages from /etc/shadow, due-ness, and the checks of the report."""

from __future__ import annotations

from ansible.module_utils.healthops.common.result import validate_check
from ansible.module_utils.healthops.passwords.aging import (
    age_check,
    assess,
    discover,
    excluded_check,
    locked_check,
    parse_shadow,
    rotation_check,
    unmanaged_check,
)
from ansible.module_utils.healthops.passwords.policy import resolve_policy

TODAY = 20700
SHADOW = """root:*:20000:0:99999:7:::
opsadmin:$6$salt$hash:20600:0:99999:7:::
appsvc:$y$j9T$salt$hash:20690:0:60:7:::
newuser:$6$s$h:0:0:99999:7:::
noaging:$6$s$h::0:99999:7:::
locked:!$6$s$h:20000:0:99999:7:::
broken line
"""
POLICY = resolve_policy({"max_age_days": 60})


def test_parse_shadow_reads_the_fields_of_the_wanted_accounts() -> None:
    entries = parse_shadow(SHADOW, {"opsadmin", "noaging", "ghost"})
    assert set(entries) == {"opsadmin", "noaging"}
    assert entries["opsadmin"]["last_change"] == 20600
    assert entries["opsadmin"]["max_days"] == 99999
    assert entries["noaging"]["last_change"] is None
    assert "broken line" not in parse_shadow(SHADOW)


def test_due_when_the_age_reaches_the_policy_maximum() -> None:
    entries = parse_shadow(SHADOW)
    assert assess("opsadmin", entries["opsadmin"], POLICY, TODAY)["due"] is True  # 100 days
    state = assess("appsvc", entries["appsvc"], POLICY, TODAY)
    assert (state["due"], state["age_days"]) == (False, 10)
    assert assess("appsvc", entries["appsvc"], POLICY, 20750)["due"] is True  # exactly 60 days


def test_forced_rotates_an_account_not_due() -> None:
    entries = parse_shadow(SHADOW)
    assert assess("appsvc", entries["appsvc"], POLICY, TODAY, force=True)["due"] is True


def test_unknown_age_is_due() -> None:
    entries = parse_shadow(SHADOW)
    for name in ("newuser", "noaging"):
        state = assess(name, entries[name], POLICY, TODAY)
        assert (state["due"], state["age_days"]) == (True, None)


def test_locked_and_missing_accounts_are_never_rotated() -> None:
    entries = parse_shadow(SHADOW)
    for name in ("locked", "root"):
        assert assess(name, entries[name], POLICY, TODAY, force=True)["due"] is False
    ghost = assess("ghost", None, POLICY, TODAY, force=True)
    assert (ghost["present"], ghost["due"], ghost["reason"]) == (False, False, "no such account")


def test_age_checks_grade_against_80_and_100_percent_of_the_maximum() -> None:
    entries = parse_shadow(SHADOW)
    by_day = {TODAY: "FAIL", 20600 + 48: "WARN", 20600 + 47: "PASS"}
    for today, status in by_day.items():
        check = age_check(assess("opsadmin", entries["opsadmin"], POLICY, today), POLICY)
        assert check["status"] == status, today
        assert check["threshold"] == ">=48/60 d"
        assert validate_check(check) == []
    assert age_check(assess("newuser", entries["newuser"], POLICY, TODAY), POLICY)["status"] == "FAIL"
    assert age_check(assess("locked", entries["locked"], POLICY, TODAY), POLICY)["status"] == "INFO"
    assert age_check(assess("ghost", None, POLICY, TODAY), POLICY)["status"] == "WARN"


def test_rotation_check_names_ages_and_store_never_a_password() -> None:
    ok = rotation_check({"account": "opsadmin", "result": "rotated", "reason": "verified", "age_before": 100,
                         "age_after": 0, "stored": "/inv/password_store.vault version 3"})  # fmt: skip
    assert ok["id"] == "password.rotation:opsadmin"
    assert ok["status"] == "PASS"
    assert ok["detail"] == "verified; age 100 -> 0 days; /inv/password_store.vault version 3"
    failed = rotation_check({"account": "opsadmin", "result": "failed", "age_before": 100, "age_after": 100})
    assert failed["status"] == "FAIL"
    assert rotation_check({"account": "x", "result": "restore_failed"})["status"] == "FAIL"


def test_excluded_accounts_are_info_with_the_reason() -> None:
    check = excluded_check({"name": "tomcatdb", "reason": "Tomcat data source"})
    assert (check["id"], check["status"], check["detail"]) == (
        "password.excluded:tomcatdb",
        "INFO",
        "Tomcat data source",
    )


def test_discover_splits_the_other_accounts_into_passwords_and_locked_ones() -> None:
    entries = parse_shadow(SHADOW)
    assert discover(entries, {"opsadmin", "appsvc"}) == (["newuser", "noaging"], ["root", "locked"])
    assert discover(entries, set(entries)) == ([], [])


def test_unmanaged_and_locked_checks() -> None:
    entries = parse_shadow(SHADOW)
    unmanaged = unmanaged_check(assess("noaging", entries["noaging"], POLICY, TODAY), POLICY)
    validate_check(unmanaged)
    assert (unmanaged["id"], unmanaged["status"], unmanaged["value"]) == ("password.unmanaged:noaging", "WARN", None)
    assert "last changed unknown" in unmanaged["detail"]
    assert "$6$" not in repr(unmanaged)
    locked = locked_check(["root", "locked"])
    validate_check(locked)
    assert (locked["status"], locked["value"], locked["detail"]) == (
        "INFO", 2, "locked or without a password, never rotated: root, locked"
    )  # fmt: skip
    assert locked_check([])["detail"].endswith(": none")
