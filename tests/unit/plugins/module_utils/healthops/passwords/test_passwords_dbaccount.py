"""passwords/dbaccount.py: the login check and the states the database account modules share."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import pytest
from ansible.module_utils.healthops.passwords.dbaccount import login_check, missing_password, run_state

SECRET = "Very-Secret-42"


def scrub(text: str) -> str:
    return text.replace(SECRET, "********")


class DriverError(Exception):
    pass


class Exited(Exception):
    pass


class Module:
    def __init__(self, state: str) -> None:
        self.params = {"state": state}
        self.result: dict[str, Any] = {}

    def exit_json(self, **result: Any) -> None:
        self.result = result
        raise Exited

    def fail_json(self, **result: Any) -> None:
        self.result = {"failed": True, **result}
        raise Exited


@contextmanager
def connection() -> Any:
    yield "conn"


def refuse() -> Any:
    raise DriverError(f"password authentication failed ({SECRET})")


def test_login_check_says_whether_the_new_connection_works_and_scrubs_the_reason() -> None:
    ran: list[str] = []
    assert login_check(connection, ran.append, DriverError, scrub) == (True, "")
    assert ran == ["conn"]
    ok, reason = login_check(refuse, ran.append, DriverError, scrub)
    assert (ok, SECRET in reason, "authentication failed" in reason) == (False, False, True)
    with pytest.raises(ValueError, match="bad TLS"):  # not the driver's error: the caller's to handle
        login_check(lambda: (_ for _ in ()).throw(ValueError("bad TLS")), ran.append, DriverError, scrub)


def test_missing_password() -> None:
    assert missing_password({"state": "set", "password": None}) == "state=set needs password"
    assert missing_password({"state": "verify", "password": ""}) == "state=verify needs password"
    assert missing_password({"state": "restore", "password": None}) is None


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("verify", {"changed": False, "login_ok": True, "reason": ""}),
        ("set", {"changed": True, "previous": "SCRAM-old"}),
        ("restore", {"changed": True}),
    ],
)
def test_run_state_runs_the_state_and_exits(state: str, expected: dict[str, Any]) -> None:
    module = Module(state)
    with pytest.raises(Exited):
        run_state(module, "role", "app", verify=lambda: (True, ""), change=lambda: {"previous": "SCRAM-old"},
                  restore=lambda: None, errors=(DriverError,), scrub=scrub)  # fmt: skip
    assert module.result == expected


def test_run_state_fails_with_the_secrets_scrubbed() -> None:
    module = Module("set")
    with pytest.raises(Exited):
        run_state(module, "user", "APP", verify=refuse, change=refuse, restore=refuse, errors=(DriverError,),
                  scrub=scrub)  # fmt: skip
    assert module.result["failed"] is True
    assert module.result["msg"].startswith("set of user APP: password authentication failed")
    assert SECRET not in module.result["msg"]
