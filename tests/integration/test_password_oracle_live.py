"""password_oracle_user with the real python-oracledb driver: against a closed port always (the
driver's error, no password in it), and against a live Oracle database when one is given.

Set HEALTHOPS_ORACLE_ROTATION_DSN to user/password@host:port/service of an administrator with
CREATE USER, ALTER USER, DROP USER and SELECT on SYS.USER$ and DBA_USERS (HEALTHOPS_ORACLE_ROTATION_MODE=sysdba
to connect AS SYSDBA). The test creates a user of its own, rotates it, puts it back and drops it.
No Oracle server can run on the test machines: without the DSN the live test is skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module
from pg import free_port

pytestmark = pytest.mark.integration

oracledb = pytest.importorskip("oracledb")
module = load_library_module("password_oracle_user")
DSN = os.environ.get("HEALTHOPS_ORACLE_ROTATION_DSN", "")
OLD = "Old-Rotation-1-" + secrets.token_hex(4)
NEW = "New-Rotation-2-" + secrets.token_hex(4)


def test_a_closed_port_fails_with_the_driver_code_and_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    login = {"hostname": "127.0.0.1", "port": free_port(), "service_name": "NOPE", "user": "rot_admin",
             "password": "Admin-Secret-77", "connect_timeout": 3}  # fmt: skip
    result, failed = run_module(
        monkeypatch, module.main, {"state": "set", "user": "APP", "password": NEW, "login": login}
    )
    assert failed
    assert "DPY-6005" in result["msg"]
    assert NEW not in result["msg"]
    assert "Admin-Secret-77" not in result["msg"]
    result, failed = run_module(
        monkeypatch, module.main, {"state": "verify", "user": "APP", "password": NEW, "login": login}
    )
    assert (failed, result["login_ok"]) == (False, False)
    assert NEW not in result["reason"]


def live_login() -> dict[str, Any]:
    credentials, dsn = DSN.split("@", 1)
    user, password = credentials.split("/", 1)
    return {"dsn": dsn, "user": user, "password": password,
            "mode": os.environ.get("HEALTHOPS_ORACLE_ROTATION_MODE", "normal")}  # fmt: skip


def admin() -> Any:
    login = live_login()
    mode = oracledb.AUTH_MODE_SYSDBA if login["mode"] == "sysdba" else oracledb.AUTH_MODE_DEFAULT
    return oracledb.connect(user=login["user"], password=login["password"], dsn=login["dsn"], mode=mode)


def can_login(user: str, password: str) -> bool:
    try:
        with oracledb.connect(user=user, password=password, dsn=live_login()["dsn"]):
            return True
    except oracledb.DatabaseError:
        return False


@pytest.fixture
def user() -> Iterator[str]:
    name = "HEALTHOPS_ROT_" + secrets.token_hex(3).upper()
    with admin() as conn:
        conn.cursor().execute(f'CREATE USER "{name}" IDENTIFIED BY "{OLD}"')
        conn.cursor().execute(f'GRANT CREATE SESSION TO "{name}"')
    yield name
    with admin() as conn:
        conn.cursor().execute(f'DROP USER "{name}"')


@pytest.mark.oracle_live
@pytest.mark.skipif(not DSN, reason="HEALTHOPS_ORACLE_ROTATION_DSN is not set")
def test_live_set_verify_and_restore(user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    login = live_login()
    result, failed = run_module(
        monkeypatch, module.main, {"state": "set", "user": user, "password": NEW, "login": login}
    )
    assert not failed, result
    previous = result["previous"]
    assert previous.startswith(("S:", "T:"))
    assert can_login(user, NEW)
    assert not can_login(user, OLD)
    result, _ = run_module(monkeypatch, module.main, {"state": "verify", "user": user, "password": NEW, "login": login})
    assert (result["login_ok"], result["reason"]) == (True, "")
    result, _ = run_module(monkeypatch, module.main, {"state": "verify", "user": user, "password": OLD, "login": login})
    assert result["login_ok"] is False
    assert OLD not in result["reason"]
    result, failed = run_module(monkeypatch, module.main, {"state": "restore", "user": user, "verifier": previous,
                                                           "login": login})  # fmt: skip
    assert not failed, result
    assert can_login(user, OLD)
    assert not can_login(user, NEW)
