"""healthops.passwords.oracle: what goes into ALTER USER is checked first (DDL takes no binds)."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.passwords.generate import generate_password
from ansible.module_utils.healthops.passwords.oracle import (
    password_problem,
    previous_verifier,
    restore_statement,
    set_statement,
    status_problem,
    transport_label,
    transport_problem,
    user_problem,
)

# The shape of 12c verifiers as SYS.USER$.SPARE4 holds them (S: 40+20 hex, T: 160 hex), made up.
SPARE4 = "S:" + "A1" * 30 + ";T:" + "B2" * 80
HASH10G = "0123456789ABCDEF"


def test_user_names_follow_oracles_identifier_rules() -> None:
    assert user_problem("APP_OWNER") is None
    assert user_problem("C##OPS$1") is None
    for bad in ("", "1APP", 'APP"; DROP USER SYS --', "APP OWNER", "A" * 129, None):
        assert user_problem(bad), bad


def test_generated_passwords_are_accepted_and_quotes_refused() -> None:
    assert password_problem(generate_password({"length": 24}), (19, 0)) is None
    assert "double quote" in password_problem('ab"cd', (19, 0))
    assert password_problem("x" * 31, (19, 0)) is None
    assert "at most 30 bytes" in password_problem("x" * 31, (12, 1))
    assert password_problem("x" * 30, (11, 2)) is None


def test_previous_verifier_joins_spare4_and_the_10g_hash() -> None:
    assert previous_verifier(SPARE4, HASH10G) == SPARE4 + ";" + HASH10G
    assert previous_verifier(SPARE4, None) == SPARE4
    assert previous_verifier(None, None) == ""


def test_status_locked_or_external_users_are_not_rotated() -> None:
    assert status_problem("OPEN", "PASSWORD") is None
    assert status_problem("EXPIRED(GRACE)", "PASSWORD") is None
    assert "LOCKED" in status_problem("EXPIRED & LOCKED", "PASSWORD")
    assert "identified external" in status_problem("OPEN", "EXTERNAL")


def test_statements_quote_the_user_and_take_only_checked_values() -> None:
    assert set_statement("APP", "Pw-1") == 'ALTER USER "APP" IDENTIFIED BY "Pw-1"'
    assert restore_statement("APP", SPARE4) == f"ALTER USER \"APP\" IDENTIFIED BY VALUES '{SPARE4}'"
    with pytest.raises(ValueError, match="double quote"):
        set_statement("APP", 'a"b')
    with pytest.raises(ValueError, match="not an Oracle user name"):
        set_statement("APP X", "Pw-1")
    for bad in ("", "S:12' ; DROP USER SYS --", "plaintext"):
        with pytest.raises(ValueError, match=r"not one read from SYS\.USER"):
            restore_statement("APP", bad)


def test_the_change_runs_over_tcps_or_a_local_session_or_an_explicit_opt_out() -> None:
    assert transport_problem("tcps", None) is None
    assert transport_problem("TCPS", "") is None
    assert transport_problem("beq", None) is None
    assert "over tcp, not TCPS" in transport_problem("tcp", None)
    assert "over tcp, not TCPS" in transport_problem("tcp", "   ")
    assert "an unknown protocol" in transport_problem(None, None)
    assert transport_problem("tcp", "no TCPS listener") is None
    assert transport_label("tcps", None) == "tcps"
    assert transport_label("tcp", " no TCPS listener ") == "tcp without TLS (opt-out: no TCPS listener)"
