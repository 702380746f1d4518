"""Issue 16 (5): CDB-wide mode. From CDB$ROOT the CDB_ views give every container's capacity, root's SYSTEM and
SYSAUX and 12.1 shared undo included; each check names its container, and the coverage check says which PDBs were
left out and why. Rows as the CDB statements return them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import select_statements
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.cdb import CDB_CATALOGUE, cdb_statements, ev_cdb_coverage
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from healthops_testlib import REPO
from sqlglot import exp
from test_oracle_evaluate import GB, by_id, ctx, ts
from test_oracle_sql import parse_query, tables_read

COMMON_SCRIPT = REPO / "roles" / "db_health" / "files" / "oracle_probe_common_user.sql"


@pytest.mark.parametrize("statement", CDB_CATALOGUE, ids=[s.name for s in CDB_CATALOGUE])
def test_cdb_statements_are_single_queries_reading_cdb_views(statement) -> None:
    tree = parse_query(statement.sql)
    assert {p.name for p in tree.find_all(exp.Placeholder)} == set(statement.binds)
    read = tables_read(tree)
    assert not {v for v in read if v.startswith("dba_")} - {"dba_pdbs"}, f"{statement.name} reads a DBA_ view"
    assert statement.min_version == 120100


def test_the_common_user_script_grants_exactly_what_the_cdb_mode_reads() -> None:
    text = COMMON_SCRIPT.read_text(encoding="utf-8")
    pattern = r"^GRANT SELECT ON sys\.(\w+\$?\w*) TO c##healthops_probe CONTAINER=ALL;$"
    granted = {m.lower() for m in re.findall(pattern, text, re.M | re.I)}
    read = set()
    for statement in CATALOGUE + CDB_CATALOGUE:
        read |= {n.replace("v$", "v_$") for n in tables_read(parse_query(statement.sql))}
    assert granted == read
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("--")]
    allowed = ("WHENEVER ", "ACCEPT ", "CREATE USER c##healthops_probe ", "GRANT ", "UNDEFINE ", "EXIT", "ALTER USER")
    assert all(line.startswith(allowed) for line in lines), lines
    assert "ALTER USER c##healthops_probe SET CONTAINER_DATA=ALL CONTAINER=CURRENT;" in lines
    for line in lines:
        if line.startswith("GRANT"):
            assert re.match(
                r"^GRANT (SELECT ON sys\.\w+\$?\w*|CREATE SESSION) TO c##healthops_probe CONTAINER=ALL;$", line
            )


def test_scope_cdb_replaces_the_dba_statements_and_says_so_before_12c() -> None:
    chosen = cdb_statements(select_statements(CATALOGUE, "monthly", 190000), "monthly", 190000)
    assert "cdb_tablespaces" in tables_read(parse_query(chosen["tablespaces"].sql))
    assert "cdb_undo_extents" in tables_read(parse_query(chosen["undo_tablespaces"].sql))
    old = cdb_statements(select_statements(CATALOGUE, "monthly", 110204), "monthly", 110204)
    assert "multitenant" in old["tablespaces"].reason


def in_container(row: dict[str, Any], name: str, con_id: int) -> dict[str, Any]:
    return dict(row, con_name=name, con_id=con_id)


def test_every_container_is_graded_and_named_root_system_included() -> None:
    rows = {
        "tablespaces": [
            in_container(ts("SYSTEM", GB, GB, GB // 50, auto=0), "CDB$ROOT", 1),  # 98% full, no autoextend
            in_container(ts("USERS", 10 * GB, 32 * GB, 5 * GB), "SALESPDB", 3),
            in_container(ts("USERS", 10 * GB, 10 * GB, GB // 2, auto=0), "HRPDB", 4),
        ]
    }
    checks = by_id(ev.ev_tablespaces(rows, c := ctx()))
    assert checks["oracle.tablespace.CDB$ROOT.SYSTEM"]["status"] == FAIL
    assert checks["oracle.tablespace.SALESPDB.USERS"]["status"] == PASS
    assert checks["oracle.tablespace.HRPDB.USERS"]["status"] == FAIL
    assert checks["oracle.tablespace.HRPDB.USERS"]["title"] == "Tablespace HRPDB.USERS"
    assert set(c.memory["tablespaces"]) == {"CDB$ROOT.SYSTEM", "SALESPDB.USERS", "HRPDB.USERS"}


def test_shared_undo_is_checked_once_in_the_root() -> None:
    undo = {
        "con_name": "CDB$ROOT",
        "con_id": 1,
        "tablespace_name": "UNDOTBS1",
        "status": "ONLINE",
        "allocated_bytes": 2 * GB,
        "max_bytes": 2 * GB,
        "autoextensible_files": 0,
        "active_bytes": 1.9 * GB,
        "unexpired_bytes": 0,
        "expired_bytes": 0,
    }
    checks = by_id(ev.ev_undo({"undo_tablespaces": [undo]}, ctx()))
    assert checks["oracle.undo.CDB$ROOT.UNDOTBS1"]["status"] == FAIL


def pdb(con_id: int, name: str, mode: str | None = "READ WRITE") -> dict[str, Any]:
    return {"con_id": con_id, "name": name, "status": "NORMAL", "open_mode": mode, "connected_to": "CDB$ROOT"}


CONTAINERS = [pdb(2, "PDB$SEED", "READ ONLY"), pdb(3, "SALESPDB"), pdb(4, "HRPDB", "MOUNTED"), pdb(5, "FINPDB")]


def test_coverage_names_each_pdb_left_out_and_why() -> None:
    rows = {
        "cdb_containers": CONTAINERS,
        "tablespaces": [in_container(ts("SYSTEM", GB, GB, GB), n, i) for n, i in (("CDB$ROOT", 1), ("SALESPDB", 3))],
    }
    check = by_id(ev_cdb_coverage(rows, ctx()))["oracle.cdb_scope"]
    assert (check["status"], check["value"]) == (WARN, 2)
    assert "HRPDB not open (MOUNTED)" in check["detail"]
    assert "FINPDB outside the probe user's CONTAINER_DATA" in check["detail"]
    assert "PDB$SEED" not in check["detail"]
    rows["tablespaces"].append(in_container(ts("SYSTEM", GB, GB, GB), "FINPDB", 5))
    rows["cdb_containers"] = [c for c in CONTAINERS if c["name"] != "HRPDB"]
    assert ev_cdb_coverage(rows, ctx())[0]["status"] == PASS


def test_scope_cdb_from_a_pdb_is_an_error_and_a_cdb_without_pdbs_is_info() -> None:
    rows = {"cdb_containers": [dict(pdb(3, "SALESPDB"), connected_to="SALESPDB")], "tablespaces": []}
    assert ev_cdb_coverage(rows, ctx())[0]["status"] == ERROR
    rows = {"cdb_containers": [pdb(2, "PDB$SEED", "READ ONLY")], "tablespaces": []}
    assert ev_cdb_coverage(rows, ctx())[0]["status"] == INFO
