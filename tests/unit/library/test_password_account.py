"""library/password_account.py: ages read from a shadow file, the hash set and put back through
chpasswd -e (on standard input), aging with chage, and check mode changing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils import basic
from healthops_testlib import load_library_module
from module_args import run_module

account = load_library_module("password_account")
TODAY = 20700
SHADOW = """root:*:20000:0:99999:7:::
opsadmin:$6$old$oldhash:20600:0:99999:7:::
appsvc:$6$app$apphash:20690:0:60:7:::
"""


@pytest.fixture
def shadow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "shadow"
    path.write_text(SHADOW)
    monkeypatch.setattr(account, "today", lambda: TODAY)
    return path


class FakeTools:
    """chpasswd -e and chage acting on the test's shadow file, recording each call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls: list[tuple[list[str], Any]] = []

    def __call__(self, argv: list[str], data: Any = None) -> tuple[int, str, str]:
        self.calls.append((argv, data))
        lines = [line.split(":") for line in self.path.read_text().splitlines()]
        if argv[0] == "chpasswd":
            name, new_hash = data.split(":", 1)
            field, value = 1, new_hash
        else:
            name, field, value = argv[3], {"-M": 4, "-d": 2}[argv[1]], argv[2]
        for fields in lines:
            if fields[0] == name:
                fields[field] = value
                if argv[0] == "chpasswd":
                    fields[2] = str(TODAY)
        self.path.write_text("".join(":".join(f) + "\n" for f in lines))
        return 0, "", ""


@pytest.fixture
def tools(shadow: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    fake = FakeTools(shadow)
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda _self, argv, data=None, **_kw: fake(argv, data))
    monkeypatch.setattr(basic.AnsibleModule, "get_bin_path", lambda _self, name, **_kw: name)
    return fake


def run(monkeypatch: pytest.MonkeyPatch, shadow: Path, **args: Any) -> tuple[dict[str, Any], bool]:
    args.setdefault("policy", {"max_age_days": 60})
    return run_module(monkeypatch, account.main, {"shadow_file": str(shadow), **args})


def test_audit_reports_ages_due_accounts_and_checks(shadow: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, shadow, accounts=["opsadmin", "appsvc", "ghost"],
                         excluded=[{"name": "tomcatdb", "reason": "Tomcat data source"}])  # fmt: skip
    assert not failed
    assert result["changed"] is False
    assert result["due"] == ["opsadmin"]
    assert [a["age_days"] for a in result["accounts"]] == [100, 10, None]
    statuses = {c["id"]: c["status"] for c in result["checks"]}
    assert statuses == {"password.age:opsadmin": "FAIL", "password.age:appsvc": "PASS", "password.age:ghost": "WARN",
                        "password.excluded:tomcatdb": "INFO"}  # fmt: skip
    assert "oldhash" not in repr(result)


def test_a_bad_policy_fails_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, tmp_path / "absent", accounts=["x"], policy={"max_age_days": 365})
    assert failed
    assert "policy.max_age_days must be an integer from 30 to 90" in result["msg"]


def test_set_sends_the_hash_on_stdin_and_returns_the_previous(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, failed = run(monkeypatch, tools.path, state="set", account="opsadmin", password_hash="$6$new$newhash")
    assert not failed
    assert result == {"changed": True, "previous": {"hash": "$6$old$oldhash", "last_change": 20600}}
    assert tools.calls[0] == (["chpasswd", "-e"], "opsadmin:$6$new$newhash")
    assert all("$6$new$newhash" not in " ".join(argv) for argv, _ in tools.calls)  # never on a command line
    assert tools.calls[1][0] == ["chage", "-M", "60", "opsadmin"]
    assert "opsadmin:$6$new$newhash:20700:0:60:" in tools.path.read_text()


def test_restore_puts_back_the_hash_and_day_of_last_change(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    run(monkeypatch, tools.path, state="set", account="opsadmin", password_hash="$6$new$newhash")
    result, failed = run(monkeypatch, tools.path, state="restore", account="opsadmin",
                         password_hash="$6$old$oldhash", last_change=20600)  # fmt: skip
    assert not failed
    assert result["changed"] is True
    assert "opsadmin:$6$old$oldhash:20600:" in tools.path.read_text()


def test_check_mode_changes_nothing(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = run(
        monkeypatch, tools.path, state="set", account="opsadmin", password_hash="$6$n$n", _ansible_check_mode=True
    )
    assert result["changed"] is True
    result, _ = run(monkeypatch, tools.path, state="aging", accounts=["opsadmin"], _ansible_check_mode=True)
    assert result == {"changed": True, "changed_accounts": ["opsadmin"]}
    assert tools.calls == []
    assert tools.path.read_text() == SHADOW


def test_aging_changes_only_what_differs(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = run(monkeypatch, tools.path, state="aging", accounts=["opsadmin", "appsvc", "root", "ghost"])
    assert result == {"changed": True, "changed_accounts": ["opsadmin"]}  # root is locked, ghost absent
    result, _ = run(monkeypatch, tools.path, state="aging", accounts=["opsadmin", "appsvc"])
    assert result == {"changed": False, "changed_accounts": []}


def test_a_hash_that_does_not_read_back_fails_with_the_previous(
    tools: FakeTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda *_a, **_k: (0, "", ""))
    result, failed = run(monkeypatch, tools.path, state="set", account="opsadmin", password_hash="$6$n$n")
    assert failed
    assert result["previous"] == {"hash": "$6$old$oldhash", "last_change": 20600}


def test_set_needs_an_existing_account(tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, tools.path, state="set", account="ghost", password_hash="$6$n$n")
    assert failed
    assert "ghost not found" in result["msg"]


def test_stored_ages_are_graded_like_host_accounts(shadow: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = run(monkeypatch, shadow, stored_ages=[{"account": "pg:app", "age_days": 50}, {"account": "pg:new"}])
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["password.age:pg:app"]["status"] == "WARN"
    assert "password store" in checks["password.age:pg:app"]["detail"]
    assert checks["password.age:pg:new"]["status"] == "FAIL"


def test_discover_names_every_other_account_of_the_host(shadow: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, shadow, accounts=["opsadmin"], discover=True,
                         excluded=[{"name": "tomcatdb", "reason": "Tomcat data source"}])  # fmt: skip
    assert not failed
    checks = {c["id"]: c for c in result["checks"]}
    # appsvc holds a password nobody rotates; root holds none; opsadmin is rotated as before.
    assert set(checks) == {"password.age:opsadmin", "password.unmanaged:appsvc", "password.locked",
                           "password.excluded:tomcatdb"}  # fmt: skip
    assert (checks["password.unmanaged:appsvc"]["status"], checks["password.unmanaged:appsvc"]["value"]) == ("WARN", 10)
    assert (checks["password.locked"]["value"], checks["password.locked"]["detail"].endswith(": root")) == (1, True)
    assert result["due"] == ["opsadmin"]  # discovery reports, it never makes an account due
    assert "apphash" not in repr(result)


def test_without_discover_only_the_listed_accounts_are_read(shadow: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = run(monkeypatch, shadow, accounts=["opsadmin"])
    assert [c["id"] for c in result["checks"]] == ["password.age:opsadmin"]
