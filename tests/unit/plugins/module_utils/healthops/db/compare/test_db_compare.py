"""plugins/module_utils/healthops/db/compare/: options, segment arithmetic, leaf diffs, checks, dialect SQL."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid

import pytest
import sqlglot
from ansible.module_utils.healthops.db.compare import engine as dc
from ansible.module_utils.healthops.db.compare.checks import table_check
from ansible.module_utils.healthops.db.compare.oracle import OracleDialect
from ansible.module_utils.healthops.db.compare.postgres import PostgresDialect

# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("name", "fold", "parts"),
    [
        ("letters", "lower", ["letters"]),
        ("Public.Letters", "lower", ["public", "letters"]),
        ('public."Letters"', "lower", ["public", "Letters"]),
        ('"my.schema"."a""b"', "lower", ["my.schema", 'a"b']),
        ("health.patients", "upper", ["HEALTH", "PATIENTS"]),
    ],
)
def test_identifiers_fold_like_sql(name: str, fold: str, parts: list[str]) -> None:
    assert dc.split_identifier(name, fold) == parts


@pytest.mark.parametrize("name", ["", "a.b.c", "a.", '"open', "a..b", ".a"])
def test_bad_identifiers_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"name|quote|dot|unexpected"):
        dc.split_identifier(name, "lower")


def test_tables_option_takes_names_and_objects() -> None:
    specs = dc.parse_tables(
        ["public.units", {"name": "letters", "key": "id", "columns": "title, status", "change_column": "updated_at"}]
    )
    assert specs == [
        {"name": "public.units", "key": None, "columns": None, "change_column": None},
        {"name": "letters", "key": ["id"], "columns": ["title", "status"], "change_column": "updated_at"},
    ]
    assert dc.parse_tables(None) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("letters", "must be a list"),
        ([{"key": "id"}], r"tables\[0\]: name is required"),
        (["a", "a"], r"tables\[1\]: table a listed twice"),
        ([{"name": "a", "keys": "id"}], r"unknown field\(s\) keys"),
        ([{"name": "a", "key": [1]}], r"tables\[0\].key must be"),
        ([42], r"tables\[0\] must be a table name"),
        ([{"name": "a", "change_column": ""}], "change_column must be"),
    ],
)
def test_bad_tables_option_names_the_entry(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dc.parse_tables(raw)


def test_changed_since_needs_an_offset() -> None:
    parsed = dc.parse_since("2024-05-01T02:00:03+08:00")
    assert parsed == dt.datetime(2024, 4, 30, 18, 0, 3, tzinfo=dt.UTC)
    assert dc.parse_since("2024-05-01 02:00:03+0800") == parsed
    assert dc.parse_since("2024-04-30T18:00:03Z") == parsed
    assert dc.parse_since("") is None
    with pytest.raises(ValueError, match="UTC offset"):
        dc.parse_since("2024-05-01T02:00:03")


# --------------------------------------------------------------------------- segments and diffs


def test_range_bounds_merge_adjacent_buckets_and_stop_at_the_top() -> None:
    lows, highs = dc.range_bounds(base=1, top=1000, buckets=[0, 1, 3, 15], shift=6)
    assert lows == [1, 193, 961]
    assert highs == [128, 256, 1000]
    assert dc.range_bounds(-10, 10, [0], 10) == ([-10], [10])


def test_keyed_leaf_diff_finds_missing_extra_changed_and_later_changes() -> None:
    source = [(1, 11, False), (2, 22, False), (3, 33, True), (5, 55, False), (6, 66, True)]
    target = [(1, 11), (2, 99), (3, 0), (4, 44), (6, 66)]
    diff = dc.Diff(max_keys=10)
    dc.diff_keyed(source, target, key_len=1, has_later=True, diff=diff)
    assert diff.keys == {"missing_in_target": [5], "extra_in_target": [4], "changed": [2], "later_changes": [3]}
    assert diff.totals == {"missing_in_target": 1, "extra_in_target": 1, "changed": 1, "later_changes": 1}


def test_a_row_changed_later_and_missing_from_the_target_is_a_later_change() -> None:
    # Production (source) has rows 7 and 8 the restored backup (target) lacks: 7 was written after the
    # backup (its change time is later), so it is explained; 8 was not, so it is lost data.
    source = [(1, 11, False), (7, 77, True), (8, 88, False)]
    target = [(1, 11)]
    diff = dc.Diff(max_keys=10)
    dc.diff_keyed(source, target, key_len=1, has_later=True, diff=diff)
    assert diff.keys == {"missing_in_target": [8], "extra_in_target": [], "changed": [], "later_changes": [7]}
    assert diff.totals == {"missing_in_target": 1, "extra_in_target": 0, "changed": 0, "later_changes": 1}


def test_without_a_change_column_a_missing_row_is_always_missing() -> None:
    # The flag column only exists when the table has a change column: without it, nothing is explained.
    diff = dc.Diff(max_keys=10)
    dc.diff_keyed([(7, 77), (8, 88)], [], key_len=1, has_later=False, diff=diff)
    assert diff.keys["missing_in_target"] == [7, 8]
    assert diff.totals["later_changes"] == 0


def test_composite_keys_are_lists() -> None:
    diff = dc.Diff(max_keys=10)
    dc.diff_keyed([("a", 1, 5)], [("a", 1, 6), ("b", 2, 7)], key_len=2, has_later=False, diff=diff)
    assert diff.keys["changed"] == [["a", 1]]
    assert diff.keys["extra_in_target"] == [["b", 2]]


def test_key_lists_are_capped_but_totals_exact() -> None:
    diff = dc.Diff(max_keys=3)
    dc.diff_keyed([(i, i) for i in range(10)], [], key_len=1, has_later=False, diff=diff)
    assert diff.keys["missing_in_target"] == [0, 1, 2]
    assert diff.totals["missing_in_target"] == 10


def test_rows_without_a_key_compare_as_multisets() -> None:
    source = [("h1", 2, "(a,1)"), ("h2", 1, "(b,2)"), ("h3", 1, "(c,3)")]
    target = [("h1", 1, "(a,1)"), ("h2", 1, "(b,2)"), ("h4", 3, "(d,4)")]
    diff = dc.Diff(max_keys=10)
    dc.diff_multisets(source, target, diff)
    assert diff.keys["missing_in_target"] == ["(a,1)", "(c,3)"]
    assert diff.keys["extra_in_target"] == ["(d,4)", "(d,4)", "(d,4)"]
    assert diff.totals["missing_in_target"] == 2
    assert diff.totals["extra_in_target"] == 3
    assert diff.totals["changed"] == 0


def test_keys_become_json() -> None:
    moment = dt.datetime(2024, 5, 1, 2, 0, tzinfo=dt.UTC)
    ident = uuid.UUID(int=7)
    assert dc.json_key((decimal.Decimal("42"),)) == 42
    assert dc.json_key((decimal.Decimal("1.50"),)) == "1.50"
    assert dc.json_key((moment,)) == "2024-05-01T02:00:00+00:00"
    assert dc.json_key((ident, b"\x01\x02")) == [str(ident), "0102"]
    assert dc.json_key((float("nan"),)) == "nan"


# --------------------------------------------------------------------------- checks


def result(**kw: object) -> dict:
    base = {
        "name": "public.letters",
        "strategy": "range",
        "rows_source": 10,
        "rows_target": 10,
        "error": None,
        "mismatches": 0,
        "missing_in_target": [],
        "extra_in_target": [],
        "changed": [],
        "later_changes": [],
        "missing_in_target_total": 0,
        "extra_in_target_total": 0,
        "changed_total": 0,
        "later_changes_total": 0,
    }
    base.update(kw)
    return base


def test_check_pass_fail_info_error() -> None:
    assert table_check(result(), "petition")["status"] == "PASS"
    assert table_check(result(), "petition")["id"] == "db_compare:petition.public.letters"
    failed = table_check(
        result(mismatches=2, changed=[7], changed_total=1, extra_in_target=[9], extra_in_target_total=1)
    )
    assert failed["status"] == "FAIL"
    assert failed["value"] == 2
    assert "1 extra in target (key 9)" in failed["detail"]
    assert "1 changed (key 7)" in failed["detail"]
    later = table_check(result(later_changes=[3, 4], later_changes_total=2, change_column="updated_at"))
    assert later["status"] == "INFO"
    assert later["detail"].startswith("2 changed after the backup per updated_at (key 3, 4)")
    error = table_check(result(error="table x not found on the target side"))
    assert error["status"] == "ERROR"
    assert "not found" in error["detail"]
    rows = table_check(result(strategy="rowhash", mismatches=1, missing_in_target=["(a,1)"], missing_in_target_total=1))
    assert "(row (a,1))" in rows["detail"]


def test_check_shows_that_more_keys_exist() -> None:
    check = table_check(result(mismatches=50, changed=list(range(20)), changed_total=50), shown=3)
    assert "50 changed (key 0, 1, 2 …)" in check["detail"]


# --------------------------------------------------------------------------- planning


PG_META = ([("id", "integer"), ("title", "text"), ("doc", "json"), ("updated_at", "timestamp with time zone")], ["id"])


def test_plan_picks_the_strategy_from_the_key() -> None:
    dialect = PostgresDialect()
    plan = dc.plan_table(dialect, {"name": "letters", "key": None, "columns": None}, PG_META, PG_META)
    assert (plan.strategy, plan.key, plan.qualified) == ("range", ["id"], '"letters"')
    text_key = ([("code", "text"), ("name", "text")], ["code"])
    assert dc.plan_table(dialect, {"name": "u", "key": None, "columns": None}, text_key, text_key).strategy == "hash"
    no_key = ([("at", "timestamp with time zone"), ("event", "text")], [])
    assert dc.plan_table(dialect, {"name": "log", "key": None, "columns": None}, no_key, no_key).strategy == "rowhash"
    chosen = dc.plan_table(dialect, {"name": "log", "key": ["event"], "columns": None}, no_key, no_key)
    assert (chosen.strategy, chosen.key) == ("hash", ["event"])


def test_plan_compares_the_key_even_when_columns_are_chosen() -> None:
    plan = dc.plan_table(PostgresDialect(), {"name": "letters", "key": None, "columns": ["Title"]}, PG_META, PG_META)
    assert plan.columns == ["title", "id"]


def test_plan_refuses_unknown_and_missing_columns() -> None:
    dialect = PostgresDialect()
    with pytest.raises(dc.TableError, match="column nope is not a column"):
        dc.plan_table(dialect, {"name": "t", "key": None, "columns": ["nope"]}, PG_META, PG_META)
    target = ([("id", "integer"), ("title", "text")], ["id"])
    with pytest.raises(dc.TableError, match=r"column\(s\) doc, updated_at of t missing on the target side"):
        dc.plan_table(dialect, {"name": "t", "key": None, "columns": None}, PG_META, target)


def test_postgres_record_hash_casts_unhashable_types_to_text() -> None:
    dialect = PostgresDialect(mode="record")
    plan = dc.plan_table(dialect, {"name": "letters", "key": None, "columns": None}, PG_META, PG_META)
    row_hash = dialect.row_hash(plan)
    assert row_hash.startswith("hashint8extended(hash_record_extended(ROW(")
    assert 't."doc"::text' in row_hash
    assert 't."title"::text' not in row_hash
    assert dialect.hashable("numeric(12,2)")
    assert dialect.hashable("character varying(20)[]")
    assert not dialect.hashable("point")
    md5 = PostgresDialect(mode="md5").row_hash(plan)
    assert "md5(ROW(" in md5
    assert "::bit(64)::bigint" in md5


def test_postgres_narrowing_queries_use_key_ranges() -> None:
    dialect = PostgresDialect(mode="record")
    plan = dc.plan_table(dialect, {"name": "letters", "key": None, "columns": None}, PG_META, PG_META)
    plan.base, plan.top = 1, 1000
    ((sql, params),) = dialect.level_sql(plan, 5, [0, 1, 7], 6)
    assert "unnest(%(lo)s::bigint[], %(hi)s::bigint[])" in sql
    assert 't."id" >= r.lo AND t."id" <= r.hi' in sql
    assert params["lo"] == [1, 449]
    assert params["hi"] == [128, 512]
    ((_leaf, leaf_params),) = dialect.leaf_sql(plan, 0, [3], True)
    assert "since" not in leaf_params  # no change column in this plan


def oracle_plan(strategy: str) -> dc.Plan:
    dialect = OracleDialect()
    cols = [("ID", "NUMBER:INTEGER"), ("NAME", "VARCHAR2"), ("BORN", "DATE"), ("SEEN", "TIMESTAMP(6)")]
    key = {"range": ["ID"], "hash": ["NAME"], "rowhash": []}[strategy]
    meta = (cols, key)
    plan = dc.plan_table(
        dialect, {"name": "health.patients", "key": None, "columns": None, "change_column": "SEEN"}, meta, meta
    )
    plan.base, plan.top = 1, 5000
    plan.change_column, plan.since = "SEEN", dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    return plan


def assert_oracle(sql: str, binds: dict) -> None:
    sqlglot.parse_one(sql, read="oracle")
    used = set(re.findall(r":([a-z]\w*)", sql))
    assert used == set(binds), (used, set(binds))


@pytest.mark.parametrize("strategy", ["range", "hash", "rowhash"])
def test_oracle_queries_parse_and_bind_every_placeholder(strategy: str) -> None:
    dialect = OracleDialect()
    plan = oracle_plan(strategy)
    assert plan.strategy == strategy
    assert plan.qualified == '"HEALTH"."PATIENTS"'
    for sql, binds in [dialect.stats_sql(plan), dialect.count_sql(plan), dialect.columns_sql(["HEALTH", "PATIENTS"])]:
        assert_oracle(sql, binds)
    statements = dialect.level_sql(plan, 8, None, 0) + dialect.level_sql(plan, 3, [0, 2, 5], 8)
    statements += dialect.leaf_sql(plan, 0, [1, 2], True) + dialect.leaf_sql(plan, 0, [1, 2], False)
    for sql, binds in statements:
        assert_oracle(sql, binds)
        assert "STANDARD_HASH(" in sql
    source_leaf = dialect.leaf_sql(plan, 0, [1], True)[0][0]
    if strategy != "rowhash":
        assert '"SEEN" > :since' in source_leaf
    assert "TO_CHAR(\"BORN\", 'YYYY-MM-DD HH24:MI:SS')" in source_leaf


def test_oracle_splits_long_lists_into_several_queries() -> None:
    dialect = OracleDialect()
    plan = oracle_plan("hash")
    statements = dialect.level_sql(plan, 10, list(range(2500)), 15)
    assert len(statements) == 3  # IN lists of at most 1000
    assert [len([k for k in b if re.match(r"p\d+$", k)]) for _s, b in statements] == [1000, 1000, 500]
