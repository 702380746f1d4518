"""library/db_compare.py against two real PostgreSQL databases that differ in known rows.

Every key type and segmentation is exercised (integer key: ranges; text, uuid: key hash; composite
key with a repeated leading column; no key: whole-row multisets; columns without a hash function),
in both hash modes and with settings that force several narrowing levels; the keys found must be
exactly the ones changed.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from healthops_testlib import load_library_module
from module_args import run_module
from pg import PgServer

pytestmark = pytest.mark.integration

db_compare = load_library_module("db_compare")

SCHEMA = """
CREATE TABLE letters (id integer PRIMARY KEY, title text NOT NULL, status smallint, changed_at timestamptz NOT NULL);
INSERT INTO letters SELECT g, 'letter ' || g, g % 5, timestamptz '2024-01-01 00:00+08' + g * interval '1 minute'
FROM generate_series(1, 5000) g;
CREATE TABLE units (code text PRIMARY KEY, name text);
INSERT INTO units SELECT 'U' || lpad(g::text, 4, '0'), 'unit ' || g FROM generate_series(1, 700) g;
CREATE TABLE visits (patient_id integer, visit_no integer, note text, PRIMARY KEY (patient_id, visit_no));
INSERT INTO visits SELECT p, v, 'visit ' || p || '/' || v FROM generate_series(1, 40) p, generate_series(1, 30) v;
CREATE TABLE tags (id uuid PRIMARY KEY, label text);
INSERT INTO tags SELECT md5('t' || g)::uuid, 'tag ' || g FROM generate_series(1, 300) g;
CREATE TABLE audit_log (at timestamptz, event text);
INSERT INTO audit_log SELECT timestamptz '2024-01-01 00:00+08' + (g % 50) * interval '1 hour', 'event ' || (g % 9)
FROM generate_series(1, 900) g;
CREATE TABLE docs (id bigint PRIMARY KEY, body json, pos point, amount numeric(10, 2));
INSERT INTO docs SELECT g, json_build_object('n', g), point(g, g), g / 3.0 FROM generate_series(1, 400) g;
CREATE TABLE empty_one (id integer PRIMARY KEY);
"""

CHANGES = """
UPDATE letters SET title = 'changed' WHERE id IN (17, 4242);
UPDATE letters SET title = CASE id WHEN 100 THEN 'letter 101' ELSE 'letter 100' END WHERE id IN (100, 101);
DELETE FROM letters WHERE id IN (1, 2500);
INSERT INTO letters VALUES (9000, 'new', 1, now());
UPDATE units SET name = 'renamed' WHERE code = 'U0010';
DELETE FROM units WHERE code = 'U0700';
INSERT INTO units VALUES ('U9999', 'new unit');
UPDATE visits SET note = 'edited' WHERE patient_id = 3 AND visit_no = 7;
DELETE FROM visits WHERE patient_id = 40 AND visit_no = 30;
UPDATE tags SET label = 'relabelled' WHERE id = md5('t5')::uuid;
DELETE FROM audit_log WHERE ctid IN (SELECT ctid FROM audit_log WHERE event = 'event 1' LIMIT 2);
INSERT INTO audit_log VALUES (timestamptz '2030-01-01 00:00+00', 'injected');
UPDATE docs SET body = '{"n": -1}' WHERE id = 7;
UPDATE docs SET pos = point(0, 0) WHERE id = 8;
"""

# What the target (after CHANGES) differs in, from the source's point of view.
EXPECTED = {
    "letters": {"missing_in_target": [1, 2500], "extra_in_target": [9000], "changed": [17, 100, 101, 4242]},
    "units": {"missing_in_target": ["U0700"], "extra_in_target": ["U9999"], "changed": ["U0010"]},
    "visits": {"missing_in_target": [[40, 30]], "extra_in_target": [], "changed": [[3, 7]]},
    "tags": {
        "missing_in_target": [],
        "extra_in_target": [],
        "changed": [str(uuid.UUID(hashlib.md5(b"t5").hexdigest()))],  # noqa: S324 - md5('t5')::uuid, as loaded
    },
    "docs": {"missing_in_target": [], "extra_in_target": [], "changed": [7, 8]},
    "empty_one": {"missing_in_target": [], "extra_in_target": [], "changed": []},
}


@pytest.fixture(scope="module")
def databases(pg_server: PgServer) -> tuple[str, str]:
    with pg_server.connect() as conn:
        for name in ("cmp_src", "cmp_tgt"):
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute("CREATE DATABASE cmp_src")
    with pg_server.connect("cmp_src") as conn:
        conn.execute(SCHEMA)
        conn.execute("ANALYZE")
    with pg_server.connect() as conn:
        conn.execute("CREATE DATABASE cmp_tgt TEMPLATE cmp_src")
    with pg_server.connect("cmp_tgt") as conn:
        conn.execute(CHANGES)
        conn.execute("ANALYZE")
    return pg_server.conninfo("cmp_src"), pg_server.conninfo("cmp_tgt")


def compare(monkeypatch: pytest.MonkeyPatch, dsns: tuple[str, str], **args: Any) -> dict[str, Any]:
    result, failed = run_module(
        monkeypatch, db_compare.main, {"source_dsn": dsns[0], "target_dsn": dsns[1], "timezone": "UTC", **args}
    )
    assert not failed, result
    return result


def by_name(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"].split(".")[-1].strip('"'): t for t in result["tables"]}


def keys(table: dict[str, Any], kind: str) -> list:
    return sorted(table[kind], key=repr)


@pytest.mark.parametrize(
    "settings",
    [
        {},  # defaults: record hash where the server has it
        {"hash_function": "md5"},
        {"leaf_rows": 2, "bisection_factor": 4},  # many narrowing levels
    ],
    ids=["auto", "md5", "deep"],
)
def test_finds_exactly_the_changed_keys(
    monkeypatch: pytest.MonkeyPatch, databases: tuple[str, str], settings: dict
) -> None:
    tables = ["letters", "units", "visits", "tags", "docs", "empty_one"]
    result = compare(monkeypatch, databases, tables=tables, **settings)
    found = by_name(result)
    for name, expected in EXPECTED.items():
        table = found[name]
        assert table["error"] is None, table
        for kind, wanted in expected.items():
            assert keys(table, kind) == sorted(wanted, key=repr), (name, kind, table)
            assert table[kind + "_total"] == len(wanted)
    assert found["letters"]["rows_source"] == 5000
    assert found["letters"]["rows_target"] == 4999
    assert found["letters"]["strategy"] == "range"
    assert found["units"]["strategy"] == "hash"
    assert found["visits"]["strategy"] == "range"
    assert found["empty_one"]["equal"] is True
    assert result["hash_function"] == ("md5" if settings.get("hash_function") == "md5" else "record")
    statuses = {c["id"]: c["status"] for c in result["checks"]}
    assert statuses["db_compare:letters"] == "FAIL"
    assert statuses["db_compare:empty_one"] == "PASS"
    assert result["changed"] is False


def test_a_value_swapped_between_two_rows_is_found(monkeypatch: pytest.MonkeyPatch, databases: tuple) -> None:
    # Rows 100 and 101 swapped their titles: the per-segment sums of a linear row hash would not see it.
    letters = by_name(compare(monkeypatch, databases, tables=["letters"]))["letters"]
    assert {100, 101} <= set(letters["changed"])


def test_a_table_without_a_key_compares_as_a_multiset(monkeypatch: pytest.MonkeyPatch, databases: tuple) -> None:
    table = by_name(compare(monkeypatch, databases, tables=["audit_log"]))["audit_log"]
    assert table["strategy"] == "rowhash"
    assert table["missing_in_target_total"] == 2
    assert table["extra_in_target"] == ['("2030-01-01 00:00:00+00",injected)']
    assert all("event 1" in row for row in table["missing_in_target"])
    assert table["changed_total"] == 0
    assert (table["rows_source"], table["rows_target"]) == (900, 899)


def test_rows_changed_after_a_time_are_later_changes(monkeypatch: pytest.MonkeyPatch, databases: tuple) -> None:
    # In the target, id 9000 is new and 17 changed after 2024-01-10 by changed_at; swap the roles so the
    # database with the later change is the source, as production is in the restore test.
    reverse = (databases[1], databases[0])
    with_clock = [{"name": "letters", "change_column": "changed_at"}]
    table = by_name(compare(monkeypatch, reverse, tables=with_clock, changed_since="2024-01-10T00:00:00+08:00"))
    letters = table["letters"]
    assert letters["later_changes"] == [9000]  # its changed_at is now()
    # 17, 100, 101, 4242 changed without touching changed_at: still mismatches.
    assert sorted(letters["changed"]) == [17, 100, 101, 4242]
    assert sorted(letters["extra_in_target"]) == [1, 2500]
    check = compare(monkeypatch, reverse, tables=with_clock, changed_since="2024-01-10T00:00:00+08:00")["checks"][0]
    assert check["status"] == "FAIL"
    assert "changed after the backup per changed_at (key 9000)" in check["detail"]


def test_keys_are_capped_with_exact_totals(monkeypatch: pytest.MonkeyPatch, databases: tuple) -> None:
    letters = by_name(compare(monkeypatch, databases, tables=["letters"], max_keys=1))["letters"]
    assert len(letters["changed"]) == 1
    assert letters["changed_total"] == 4
    assert letters["mismatches"] == 7


def test_every_table_when_none_is_named(monkeypatch: pytest.MonkeyPatch, databases: tuple) -> None:
    result = compare(monkeypatch, databases)
    assert set(by_name(result)) == {"letters", "units", "visits", "tags", "audit_log", "docs", "empty_one"}
    assert result["summary"]["tables"] == 7
    assert result["summary"]["equal"] == 1


def test_a_missing_table_or_column_is_an_error_check(
    monkeypatch: pytest.MonkeyPatch, databases: tuple, pg_server: PgServer
) -> None:
    result = compare(
        monkeypatch, databases, tables=["nope", {"name": "letters", "columns": ["title", "ghost"]}], label="app"
    )
    nope, letters = result["tables"]
    assert nope["error"] == "table nope not found on the source side"
    assert letters["error"] == "column ghost is not a column of letters"
    assert [c["status"] for c in result["checks"]] == ["ERROR", "ERROR"]
    assert result["checks"][0]["id"] == "db_compare:app.nope"


def test_the_comparison_reads_only(monkeypatch: pytest.MonkeyPatch, databases: tuple, pg_server: PgServer) -> None:
    with pg_server.connect("cmp_src") as conn:
        before = conn.execute("SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables").fetchall()
    compare(monkeypatch, databases, tables=["letters", "audit_log"])
    with pg_server.connect("cmp_src") as conn:
        after = conn.execute("SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables").fetchall()
        sessions = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'cmp_src'").fetchone()
    assert before == after
    assert sessions == (1,)  # only this one: the module closed its connections
