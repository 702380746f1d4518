"""The Oracle catalogue: every statement is one read-only Oracle query, granted to the probe account."""

from __future__ import annotations

import re

import pytest
import sqlglot
from ansible.module_utils.healthops.db.oracle.evaluate import EVALUATORS
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE, TS_FORMAT
from healthops_testlib import REPO
from sqlglot import exp

GRANT_SCRIPT = REPO / "roles" / "db_health" / "files" / "oracle_probe_account.sql"
QUERY_ROOTS = (exp.Select, exp.Union, exp.Intersect, exp.Except)
WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Alter, exp.Command, exp.Grant)


def parse_query(sql: str) -> exp.Expression:
    """Parse as Oracle SQL; refuse anything but exactly one query with no write anywhere in its tree."""
    trees = [t for t in sqlglot.parse(sql, read="oracle", error_level=sqlglot.ErrorLevel.RAISE) if t is not None]
    if len(trees) != 1:
        raise AssertionError(f"{len(trees)} statements instead of one")
    tree = trees[0]
    if not isinstance(tree, QUERY_ROOTS):
        raise AssertionError(f"root is {type(tree).__name__}, not a query")
    writes = [type(node).__name__ for node in tree.walk() if isinstance(node, WRITES)]
    if writes:
        raise AssertionError(f"writes inside the query: {writes}")
    return tree


def tables_read(tree: exp.Expression) -> set[str]:
    """Names of the views and tables a query reads (CTE names excluded), lower case."""
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes}


def granted_objects() -> set[str]:
    text = GRANT_SCRIPT.read_text(encoding="utf-8")
    return {m.lower() for m in re.findall(r"^GRANT SELECT ON sys\.(\w+\$?\w*) TO healthops_probe;", text, re.M | re.I)}


IDS = [f"{s.name}@{s.min_version}" for s in CATALOGUE]


@pytest.mark.parametrize("statement", CATALOGUE, ids=IDS)
def test_statement_is_one_oracle_query(statement) -> None:
    tree = parse_query(statement.sql)
    assert tables_read(tree), f"{statement.name} reads no view"


@pytest.mark.parametrize("statement", CATALOGUE, ids=IDS)
def test_bind_variables_match_the_declared_binds(statement) -> None:
    tree = parse_query(statement.sql)
    placeholders = {p.name for p in tree.find_all(exp.Placeholder)}
    assert placeholders == set(statement.binds)


@pytest.mark.parametrize("statement", CATALOGUE, ids=IDS)
def test_every_view_read_is_granted_to_the_probe_account(statement) -> None:
    granted = granted_objects()
    for name in tables_read(parse_query(statement.sql)):
        wanted = name.replace("v$", "v_$")
        assert wanted in granted, (
            f"{statement.name} reads {name}: add GRANT SELECT ON sys.{wanted} to {GRANT_SCRIPT.name}"
        )


def test_grant_script_grants_nothing_beyond_reading() -> None:
    text = GRANT_SCRIPT.read_text(encoding="utf-8")
    grants = [line for line in text.splitlines() if line.upper().startswith("GRANT")]
    assert grants, "no grants"
    for line in grants:
        assert re.match(r"^GRANT (SELECT ON sys\.\w+\$?\w*|CREATE SESSION) TO healthops_probe;$", line, re.I), line
    statements = [line for line in text.splitlines() if line.strip() and not line.startswith("--")]
    allowed = ("WHENEVER ", "ACCEPT ", "CREATE USER healthops_probe ", "GRANT ", "UNDEFINE ", "EXIT")
    assert all(line.startswith(allowed) for line in statements), statements
    # Nothing granted that the catalogue does not read.
    read = set()
    for statement in CATALOGUE:
        read |= {n.replace("v$", "v_$") for n in tables_read(parse_query(statement.sql))}
    assert granted_objects() == read


@pytest.mark.parametrize(
    "sql",
    [
        "SELEC owner FROM dba_objects",  # misspelt keyword
        "SELECT owner FORM dba_objects",
        "SELECT owner FROM dba_objects GRUOP BY owner",
        "SELECT owner FROM dba_objects UNOIN SELECT username FROM dba_users",
        "UPDATE dba_objects SET owner = 'X'",  # not a query
        "GRANT SELECT ON sys.v_$session TO x",
        "SELECT owner FROM dba_objects; DROP TABLE x",  # two statements
        "SELECT COUNT(* FROM dba_objects",
    ],
)
def test_the_checker_refuses_what_is_not_one_query(sql: str) -> None:
    with pytest.raises((AssertionError, sqlglot.errors.ParseError)):
        parse_query(sql)


def test_statement_names_and_evaluators_agree() -> None:
    names = {s.name for s in CATALOGUE}
    used = {name for ev in EVALUATORS for name in ev.statements}
    assert used <= names, f"evaluators read unknown statements: {used - names}"
    assert names <= used, f"statements no evaluator reads: {names - used}"


def test_variants_of_a_name_never_overlap() -> None:
    for version in (110204, 120100, 120200, 180000, 190000, 230000):
        for name in {s.name for s in CATALOGUE}:
            applying = [s for s in CATALOGUE if s.name == name and s.applies(version)]
            assert len(applying) <= 1, f"{name} has {len(applying)} variants at {version}"


def test_oracle_maintained_schemas_are_excluded_by_flag_not_by_list() -> None:
    stats = next(s for s in CATALOGUE if s.name == "optimizer_statistics")
    assert "u.oracle_maintained = 'N'" in stats.sql
    assert not re.search(r"'(SYS|SYSTEM|DBSNMP|XDB)'", stats.sql, re.I)


def test_timestamps_exchanged_with_the_server_use_one_format() -> None:
    for name in ("instance", "alert_log"):
        statement = next(s for s in CATALOGUE if s.name == name)
        assert TS_FORMAT in statement.sql, name


def test_row_limits_work_on_11g() -> None:
    for statement in CATALOGUE:
        assert "FETCH FIRST" not in statement.sql.upper(), f"{statement.name}: use ROWNUM for 11.2"


SAMPLE_VERSIONS = (110204, 120100, 120200, 190000, 230000)


def version_specific_views() -> set[str]:
    """Views (as granted, v_$) that some supported release lacks: no statement applying there reads them."""
    specific = set()
    for name in {n.replace("v$", "v_$") for s in CATALOGUE for n in tables_read(parse_query(s.sql))}:
        for version in SAMPLE_VERSIONS:
            applying = [s for s in CATALOGUE if s.applies(version)]
            if not any(name in {n.replace("v$", "v_$") for n in tables_read(parse_query(s.sql))} for s in applying):
                specific.add(name)
    return specific


def test_grant_script_runs_to_the_end_on_11g() -> None:
    # WHENEVER SQLERROR EXIT stops the script at the first grant of a view the release lacks (ORA-00942 for
    # V$DIAG_ALERT_EXT on 11.2): every such grant comes after WHENEVER SQLERROR CONTINUE, and nothing else does.
    lines = GRANT_SCRIPT.read_text(encoding="utf-8").splitlines()
    assert lines.count("WHENEVER SQLERROR CONTINUE") == 1
    cut = lines.index("WHENEVER SQLERROR CONTINUE")
    assert any(line.startswith("WHENEVER SQLERROR EXIT") for line in lines[:cut])
    pattern = re.compile(r"^GRANT SELECT ON sys\.(\w+\$?\w*) TO healthops_probe;", re.I)
    before = {m.group(1).lower() for m in map(pattern.match, lines[:cut]) if m}
    after = {m.group(1).lower() for m in map(pattern.match, lines[cut:]) if m}
    specific = version_specific_views()
    assert "v_$diag_alert_ext" in specific
    assert specific <= after, f"grant these after WHENEVER SQLERROR CONTINUE: {sorted(specific - after)}"
    assert not (specific & before)
    assert after <= specific, f"grants every release can run belong before the guard: {sorted(after - specific)}"
