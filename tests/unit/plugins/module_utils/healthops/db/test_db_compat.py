"""What stands in for dataclasses and datetime.fromisoformat on Python 3.6 behaves as they do."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from ansible.module_utils.healthops.db.catalogue import QueryError, Statement, Unavailable
from ansible.module_utils.healthops.db.compat import parse_isoformat
from ansible.module_utils.healthops.db.context import EvalContext, Evaluator
from ansible.module_utils.healthops.db.tls import TlsPlan

ISO_TEXTS = [
    "2024-05-01",
    "2024-05-01T02",
    "2024-05-01T02:03",
    "2024-05-01 02:03:04",
    "2024-05-01T02:03:04.5",  # refused: 1, 2, 4 or 5 fraction digits
    "2024-05-01T02:03:04.123",
    "2024-05-01T02:03:04.123456",
    "2024-05-01T02:03:04+08:00",
    "2024-05-01T02:03:04.250-05:30",
    "2024-05-01T02:03:04+00:00",
    "2024-05-01T02:03:04Z",  # refused before 3.11; the callers turn Z into +00:00 first
    "2024-05-01T02:03:04+0800",  # refused before 3.11
    "20240501",  # refused before 3.11
    "2024-5-1",
    "2024-02-30",
    "not a date",
    "",
]
# What datetime.fromisoformat of Python 3.7-3.10 gives (3.11 accepts more, marked above).
REFUSED_BEFORE_3_11 = {"2024-05-01T02:03:04.5", "2024-05-01T02:03:04Z", "2024-05-01T02:03:04+0800", "20240501"}


@pytest.mark.parametrize("text", ISO_TEXTS)
def test_parse_isoformat_is_what_fromisoformat_gives(text: str) -> None:
    try:
        expected: dt.datetime | type[ValueError] = dt.datetime.fromisoformat(text)
    except ValueError:
        expected = ValueError
    if text in REFUSED_BEFORE_3_11:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError, match=r"isoformat|day is out of range"):
            parse_isoformat(text)
    else:
        parsed = parse_isoformat(text)
        assert parsed == expected
        assert parsed.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@dataclasses.dataclass(frozen=True)
class _FrozenQueryError:
    statement: str
    code: str
    message: str


def test_frozen_records_compare_hash_and_refuse_assignment_as_frozen_dataclasses() -> None:
    error = QueryError("s", "ORA-1", "boom")
    assert error == QueryError("s", "ORA-1", "boom")
    assert error != QueryError("s", "ORA-2", "boom")
    assert error != Unavailable("s", "ORA-1")
    assert hash(error) == hash(QueryError("s", "ORA-1", "boom"))
    assert len({error, QueryError("s", "ORA-1", "boom")}) == 1
    assert repr(error) == repr(_FrozenQueryError("s", "ORA-1", "boom")).replace("_Frozen", "")
    with pytest.raises(AttributeError):
        error.code = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del error.code  # type: ignore[misc]


def test_records_keep_their_defaults_and_keywords() -> None:
    statement = Statement("s", "select 1", binds=("a",), max_version=120000)
    assert (statement.profiles, statement.binds, statement.min_version, statement.max_version) == (
        ("monthly", "tuning"),
        ("a",),
        0,
        120000,
    )
    assert (statement.per_database, statement.timeout_ms) == (False, None)
    assert statement.applies(110000)
    assert not statement.applies(120000)
    plan = TlsPlan("require", {}, False, local=True)
    assert (plan.ca, plan.error, plan.local) == ("", None, True)
    evaluator = Evaluator("x", "c", "t", "t_zh", ("s",), lambda rows, ctx: [])
    assert evaluator.profiles == ("monthly", "tuning")


def test_the_evaluation_context_is_mutable_and_its_dicts_are_its_own() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    first, second = EvalContext(thresholds={}, now=now), EvalContext(thresholds={}, now=now)
    first.memory["k"] = 1
    first.version = 150000
    assert second.memory == {}
    assert (first.state, first.options, first.prefix, second.version) == ({}, {}, "db", 0)
    assert first != second
    assert EvalContext(thresholds={}, now=now) == second
    with pytest.raises(TypeError):
        hash(first)
