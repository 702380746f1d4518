# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CDB-wide mode (``scope: cdb``): capacity of every container read from CDB$ROOT through the CDB_ views.

In a PDB the DBA_ views show that container only, and CDB$ROOT's SYSTEM, SYSAUX and (12.1 shared) undo are
never seen. Connected to CDB$ROOT as a common user whose CONTAINER_DATA covers the PDBs (ALTER USER ... SET
CONTAINER_DATA=ALL CONTAINER=CURRENT), the CDB_ views (REFRN CDB_-views: the DBA_ view's columns plus CON_ID,
rows of every open container in the user's CONTAINER_DATA) answer for the whole CDB. These statements take the
place of the DBA_ ones of the same name; each row carries ``con_name`` (V$CONTAINERS, REFRN V-CONTAINERS) and the
checks are named per container (``oracle.tablespace.<CONTAINER>.<TABLESPACE>``). ``ev_cdb_coverage`` says which
PDBs (DBA_PDBS, REFRN DBA_PDBS) the run covered and why any was not: never zero checks in silence.
"""

from typing import Dict, List, Mapping, Set, Union

from ansible.module_utils.healthops.common.result import ERROR, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row, Statement, Unavailable
from ansible.module_utils.healthops.db.context import Check, EvalContext, Evaluator, Subject, join_limited
from ansible.module_utils.healthops.db.oracle.base import first, upper

M = ("monthly",)
B = ("monthly", "tuning")
CDB_MIN_VERSION = 120100
SEED = "PDB$SEED"
OPEN_MODES = ("READ WRITE", "READ ONLY")

_FILES = """SELECT con_id, tablespace_name, SUM(bytes) AS allocated_bytes,
                  SUM(CASE WHEN autoextensible = 'YES' THEN GREATEST(maxbytes, bytes) ELSE bytes END) AS max_bytes,
                  SUM(CASE WHEN autoextensible = 'YES' THEN 1 ELSE 0 END) AS autoextensible_files,
                  COUNT(*) AS file_count
           FROM {view} GROUP BY con_id, tablespace_name"""

CDB_CATALOGUE: List[Statement] = [
    # CDB_TABLESPACES, CDB_DATA_FILES, CDB_TABLESPACE_USAGE_METRICS: the DBA_ views' columns per CON_ID.
    Statement(
        "tablespaces",
        f"""SELECT c.name AS con_name, t.con_id, t.tablespace_name, t.contents, t.status, t.bigfile,
       df.allocated_bytes, df.max_bytes, df.autoextensible_files, df.file_count,
       m.used_space * t.block_size AS used_bytes, m.tablespace_size * t.block_size AS metric_max_bytes
FROM cdb_tablespaces t
JOIN v$containers c ON c.con_id = t.con_id
LEFT JOIN ({_FILES.format(view="cdb_data_files")}) df
       ON df.con_id = t.con_id AND df.tablespace_name = t.tablespace_name
LEFT JOIN cdb_tablespace_usage_metrics m ON m.con_id = t.con_id AND m.tablespace_name = t.tablespace_name
WHERE t.contents = 'PERMANENT'
ORDER BY t.con_id, t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        B,
        min_version=CDB_MIN_VERSION,
    ),
    # CDB_TEMP_FILES, CDB_TEMP_FREE_SPACE (per-instance rows from 12.2, summed).
    Statement(
        "temp_tablespaces",
        f"""SELECT c.name AS con_name, t.con_id, t.tablespace_name, t.status, tf.allocated_bytes, tf.max_bytes,
       tf.autoextensible_files, fs.tablespace_size, fs.free_space AS free_bytes
FROM cdb_tablespaces t
JOIN v$containers c ON c.con_id = t.con_id
LEFT JOIN ({_FILES.format(view="cdb_temp_files")}) tf
       ON tf.con_id = t.con_id AND tf.tablespace_name = t.tablespace_name
LEFT JOIN (SELECT con_id, tablespace_name, SUM(tablespace_size) AS tablespace_size, SUM(free_space) AS free_space
           FROM cdb_temp_free_space GROUP BY con_id, tablespace_name) fs
       ON fs.con_id = t.con_id AND fs.tablespace_name = t.tablespace_name
WHERE t.contents = 'TEMPORARY'
ORDER BY t.con_id, t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
        min_version=CDB_MIN_VERSION,
    ),
    # CDB_UNDO_EXTENTS: 12.1 shared undo shows up once, in CDB$ROOT.
    Statement(
        "undo_tablespaces",
        f"""SELECT c.name AS con_name, t.con_id, t.tablespace_name, t.status, df.allocated_bytes, df.max_bytes,
       df.autoextensible_files, ue.active_bytes, ue.unexpired_bytes, ue.expired_bytes
FROM cdb_tablespaces t
JOIN v$containers c ON c.con_id = t.con_id
LEFT JOIN ({_FILES.format(view="cdb_data_files")}) df
       ON df.con_id = t.con_id AND df.tablespace_name = t.tablespace_name
LEFT JOIN (SELECT con_id, tablespace_name,
                  SUM(CASE WHEN status = 'ACTIVE' THEN bytes ELSE 0 END) AS active_bytes,
                  SUM(CASE WHEN status = 'UNEXPIRED' THEN bytes ELSE 0 END) AS unexpired_bytes,
                  SUM(CASE WHEN status = 'EXPIRED' THEN bytes ELSE 0 END) AS expired_bytes
           FROM cdb_undo_extents GROUP BY con_id, tablespace_name) ue
       ON ue.con_id = t.con_id AND ue.tablespace_name = t.tablespace_name
WHERE t.contents = 'UNDO'
ORDER BY t.con_id, t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
        min_version=CDB_MIN_VERSION,
    ),
    # Every PDB of the CDB (DBA_PDBS is not filtered by CONTAINER_DATA) and its open mode where visible; where the
    # probe stands (SYS_CONTEXT CON_NAME).
    Statement(
        "cdb_containers",
        """SELECT p.pdb_id AS con_id, p.pdb_name AS name, p.status, c.open_mode,
       SYS_CONTEXT('USERENV', 'CON_NAME') AS connected_to
FROM dba_pdbs p
LEFT JOIN v$containers c ON c.con_id = p.pdb_id
ORDER BY p.pdb_id""",
        B,
        min_version=CDB_MIN_VERSION,
    ),
]

CDB_NAMES = tuple(sorted({s.name for s in CDB_CATALOGUE}))


def cdb_statements(
    chosen: Mapping[str, Union[Statement, Unavailable]], profile: str, version: int
) -> Dict[str, Union[Statement, Unavailable]]:
    """``chosen`` with the CDB_ statements in place of the DBA_ ones (and the container list added)."""
    merged = dict(chosen)
    for statement in CDB_CATALOGUE:
        if profile not in statement.profiles:
            continue
        if statement.applies(version):
            merged[statement.name] = statement
        else:
            merged[statement.name] = Unavailable(
                statement.name, f"scope cdb needs a multitenant database (12.1 or later), not version {version}"
            )
    return merged


def container_label(row: Row, name: str) -> str:
    """``<CONTAINER>.<name>`` for a CDB-wide row, ``name`` otherwise."""
    return f"{row.get('con_name')}.{name}" if row.get("con_name") else name


def ev_cdb_coverage(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """Which PDBs the CDB-wide capacity checks covered; a PDB left out (closed, outside CONTAINER_DATA) is WARN."""
    scope = Subject(ctx, "cdb_scope", "capacity", "Containers covered (scope cdb)", "覆盖的容器(CDB 范围)")
    pdbs = [r for r in rows["cdb_containers"] if upper(r.get("name")) != SEED]
    where = upper(first(rows["cdb_containers"]).get("connected_to"))
    if where and where != "CDB$ROOT":
        return [scope.check(ERROR, detail=f"scope cdb needs a connection to CDB$ROOT, not {where}")]
    seen: Set[str] = {upper(r.get("con_name")) for r in rows["tablespaces"]}
    missing = []
    for pdb in pdbs:
        name = upper(pdb.get("name"))
        if name in seen:
            continue
        mode = upper(pdb.get("open_mode"))
        why = (
            f"not open ({mode or 'no open mode visible'})"
            if mode not in OPEN_MODES
            else "outside the probe user's CONTAINER_DATA"
        )
        missing.append(f"{name} {why}")
    covered = sorted(seen)
    detail = f"{len(covered)} container(s) covered: {join_limited(covered, 12)}"
    if missing:
        hint = "; ALTER USER <probe> SET CONTAINER_DATA=ALL CONTAINER=CURRENT covers every open PDB"
        return [
            scope.check(
                WARN, value=len(missing), unit="PDBs", detail=f"not covered: {', '.join(missing)}; {detail}{hint}"
            )
        ]
    if not pdbs:
        return [scope.check(INFO, value=0, unit="PDBs", detail="no PDB in this CDB; " + detail)]
    return [scope.check(PASS, value=0, unit="PDBs", detail=f"every PDB covered; {detail}")]


# Added to the registry's evaluators in scope cdb.
CDB_EVALUATORS: List[Evaluator] = [
    Evaluator(
        "cdb_scope",
        "capacity",
        "Containers covered (scope cdb)",
        "覆盖的容器(CDB 范围)",
        ("cdb_containers", "tablespaces"),
        ev_cdb_coverage,
    ),
]
