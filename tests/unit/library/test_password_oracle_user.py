"""library/password_oracle_user.py on a fake python-oracledb connection: the user is checked and its
verifiers read before ALTER USER runs, refused users are left alone, the login check reports
without failing, the previous verifiers go back, and no password reaches a result or a message."""

from __future__ import annotations

from typing import Any

import oracledb
import pytest
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("password_oracle_user")
NEW = "New-Pass-123-abc"
ADMIN = "Admin-Pass-9"
SPARE4 = "S:" + "A1" * 30 + ";T:" + "B2" * 80
USERS = {"APP": ("OPEN", "PASSWORD", SPARE4, None), "LOCKEDU": ("LOCKED", "PASSWORD", SPARE4, None),
         "EXT": ("OPEN", "EXTERNAL", None, None)}  # fmt: skip


class Server:
    """The users of a fake database, every statement run and every connection made."""

    def __init__(self, version: str = "19.21.0.0.0") -> None:
        self.version = version
        self.statements: list[str] = []
        self.logins: list[dict[str, Any]] = []
        self.accepts: set[tuple[str, str]] = {("ROT_ADMIN", ADMIN)}
        self.no_user_dollar = False

    def connect(self, **params: Any) -> Connection:
        self.logins.append(params)
        if (params["user"], params["password"]) not in self.accepts:
            raise oracledb.DatabaseError(f"ORA-01017: invalid username/password; logon denied ({params['password']})")
        return Connection(self, params)


class Connection:
    def __init__(self, server: Server, params: dict[str, Any]) -> None:
        self.server = server
        self.version = server.version
        self.protocol = params.get("protocol", "tcp")

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def cursor(self) -> Cursor:
        return Cursor(self.server, self.protocol)


class Cursor:
    def __init__(self, server: Server, protocol: str) -> None:
        self.server = server
        self.protocol = protocol
        self.row: tuple[Any, ...] | None = None

    def execute(self, statement: str, **binds: Any) -> None:
        self.server.statements.append(statement)
        user = USERS.get(binds.get("name", ""))
        if "NETWORK_PROTOCOL" in statement:
            self.row = (self.protocol,)
        elif "dba_users" in statement:
            self.row = user[:2] if user else None
        elif "sys.user$" in statement:
            if self.server.no_user_dollar:
                raise oracledb.DatabaseError("ORA-00942: table or view does not exist")
            self.row = user[2:] if user else None

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.row


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Server:
    fake = Server()
    monkeypatch.setattr(module.oracledb, "connect", fake.connect)
    return fake


def run(monkeypatch: pytest.MonkeyPatch, **args: Any) -> tuple[dict[str, Any], bool]:
    login = {"hostname": "db1", "service_name": "HEALTH", "user": "ROT_ADMIN", "password": ADMIN}
    login.update(args.pop("login", {}))
    return run_module(monkeypatch, module.main, {"login": login, **args})


def altered(server: Server) -> list[str]:
    return [s for s in server.statements if s.startswith("ALTER USER")]


def test_set_reads_the_verifiers_then_changes_the_password(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW)
    assert not failed, result
    assert result == {"changed": True, "previous": SPARE4, "transport": "tcps"}
    assert altered(server) == [f'ALTER USER "APP" IDENTIFIED BY "{NEW}"']
    assert server.logins[0]["program"] == "healthops_password_rotation"
    assert server.logins[0]["protocol"] == "tcps"  # TCPS unless asked otherwise


def test_plain_tcp_is_refused_without_the_opt_out(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW, login={"protocol": "tcp"})
    assert failed
    assert "over tcp, not TCPS" in result["msg"]
    assert "plain_tcp_reason" in result["msg"]
    assert altered(server) == []


def test_plain_tcp_with_the_opt_out_is_reported(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    login = {"protocol": "tcp", "plain_tcp_reason": "listener without TCPS until the upgrade"}
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW, login=login)
    assert not failed, result
    assert result["transport"] == "tcp without TLS (opt-out: listener without TCPS until the upgrade)"
    assert len(altered(server)) == 1
    assert "mode" not in server.logins[0]  # a normal connection unless sysdba is asked for


@pytest.mark.parametrize(
    ("user", "why"),
    [("LOCKEDU", "LOCKED: not rotated"), ("EXT", "identified external"), ("NOBODY", "does not exist")],
)
def test_refused_users_are_not_changed(server: Server, monkeypatch: pytest.MonkeyPatch, user: str, why: str) -> None:
    result, failed = run(monkeypatch, state="set", user=user, password=NEW)
    assert failed
    assert why in result["msg"]
    assert altered(server) == []


def test_without_access_to_the_verifiers_nothing_changes(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.no_user_dollar = True
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW)
    assert failed
    assert "ORA-00942" in result["msg"]
    assert altered(server) == []


def test_a_password_too_long_for_the_release_is_refused(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.version = "12.1.0.2.0"
    result, failed = run(monkeypatch, state="set", user="APP", password="x" * 31)
    assert failed
    assert "at most 30 bytes" in result["msg"]
    assert altered(server) == []


def test_check_mode_reads_and_changes_nothing(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW, _ansible_check_mode=True)
    assert (failed, result["changed"], result["previous"]) == (False, True, SPARE4)
    assert altered(server) == []


def test_verify_reports_without_failing_and_scrubs_the_password(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, failed = run(monkeypatch, state="verify", user="APP", password=NEW)
    assert (failed, result["login_ok"]) == (False, False)
    assert "ORA-01017" in result["reason"]
    assert NEW not in repr(result)
    assert server.logins[-1]["user"] == "APP"
    assert server.logins[-1]["protocol"] == "tcps"
    server.accepts.add(("APP", NEW))
    result, failed = run(monkeypatch, state="verify", user="APP", password=NEW)
    assert (failed, result["login_ok"], result["reason"]) == (False, True, "")


def test_restore_puts_the_verifiers_back_and_refuses_anything_else(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, failed = run(monkeypatch, state="restore", user="APP", verifier=SPARE4, login={"mode": "sysdba"})
    assert (failed, result["changed"]) == (False, True)
    assert altered(server) == [f"ALTER USER \"APP\" IDENTIFIED BY VALUES '{SPARE4}'"]
    assert server.logins[-1]["mode"] == oracledb.AUTH_MODE_SYSDBA
    result, failed = run(monkeypatch, state="restore", user="APP", verifier="S:1' ; DROP USER SYS --")
    assert failed
    assert len(altered(server)) == 1


def test_a_failed_admin_login_names_no_password(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    result, failed = run(monkeypatch, state="set", user="APP", password=NEW, login={"password": "wrong-Admin-1"})
    assert failed
    assert "ORA-01017" in result["msg"]
    assert "wrong-Admin-1" not in result["msg"]
    assert NEW not in result["msg"]


def test_bad_input_fails_before_connecting(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    for args, why in (
        ({"state": "set", "user": 'APP"X', "password": NEW}, "not an Oracle user name"),
        ({"state": "set", "user": "APP"}, "needs password"),
        ({"state": "verify", "user": "APP", "password": NEW, "login": {"service_name": None}}, "service_name or dsn"),
    ):
        result, failed = run(monkeypatch, **args)
        assert failed
        assert why in result["msg"]
    assert server.logins == []
