"""healthops.passwords.store: staged before the change, promoted after the login, N previous kept."""

from __future__ import annotations

import datetime

import pytest
from ansible.module_utils.healthops.passwords.store import (
    ages,
    current,
    discard,
    empty_store,
    entry_key,
    promote,
    stage,
    summary,
    validate_store,
)

KEY = entry_key("db01", "opsadmin")


def rotate(doc: dict, password: str, keep: int = 2) -> dict:
    doc, number = stage(doc, KEY, password, "t")
    return promote(doc, KEY, number, keep, "t")


def test_stage_adds_a_version_without_touching_the_input() -> None:
    doc = empty_store()
    new, number = stage(doc, KEY, "p1", "2026-01-01")
    assert doc == empty_store()
    assert number == 1
    assert summary(new) == {"db01/opsadmin": [[1, "staged"]]}
    assert current(new, KEY) is None


def test_promote_makes_it_current_and_keeps_n_previous() -> None:
    doc = empty_store()
    for password in ("p1", "p2", "p3", "p4"):
        doc = rotate(doc, password, keep=2)
    assert current(doc, KEY)["password"] == "p4"
    assert summary(doc) == {"db01/opsadmin": [[2, "previous"], [3, "previous"], [4, "current"]]}
    assert validate_store(doc) == []


def test_keep_zero_keeps_only_the_current() -> None:
    doc = rotate(rotate(empty_store(), "p1", keep=0), "p2", keep=0)
    assert summary(doc) == {"db01/opsadmin": [[2, "current"]]}


def test_an_interrupted_runs_staged_version_survives_until_a_newer_one_is_verified() -> None:
    doc = rotate(empty_store(), "p1")
    doc, _lost = stage(doc, KEY, "p2", "t")  # the run stopped here: p2 may be the live password
    doc, number = stage(doc, KEY, "p3", "t")
    assert [v["password"] for v in doc["entries"][KEY]["versions"]] == ["p1", "p2", "p3"]
    doc = promote(doc, KEY, number, 2, "t")
    assert summary(doc) == {"db01/opsadmin": [[1, "previous"], [3, "current"]]}


def test_discard_drops_the_staged_version_and_an_empty_entry() -> None:
    doc, number = stage(rotate(empty_store(), "p1"), KEY, "p2", "t")
    assert summary(discard(doc, KEY, number)) == {"db01/opsadmin": [[1, "current"]]}
    other, number = stage(empty_store(), "db02/opsadmin", "q", "t")
    assert discard(other, "db02/opsadmin", number)["entries"] == {}
    assert discard(doc, KEY, 1) == doc  # a current version is never discarded


def test_promote_refuses_a_version_that_is_not_staged() -> None:
    doc = rotate(empty_store(), "p1")
    with pytest.raises(KeyError, match="no staged version 1"):
        promote(doc, KEY, 1, 2, "t")


def test_summary_holds_no_password() -> None:
    doc = rotate(empty_store(), "secret-password")
    assert "secret-password" not in repr(summary(doc))


def test_validate_store() -> None:
    assert validate_store({"format": 2, "entries": {}}) == ["not a password store of format 1"]
    assert validate_store({"format": 1, "entries": {"k": {"versions": [{"state": "x"}]}}}) == [
        "k has a malformed version"
    ]


def test_ages_count_from_the_promotion() -> None:
    doc, number = stage(empty_store(), KEY, "p1", "2026-01-01T00:00:00+00:00")
    doc = promote(doc, KEY, number, 2, "2026-01-10T08:00:00+00:00")
    doc, _ = stage(doc, "db02/pg:app", "q", "2026-01-01")
    assert ages(doc, datetime.date(2026, 3, 1)) == {KEY: 50, "db02/pg:app": None}
