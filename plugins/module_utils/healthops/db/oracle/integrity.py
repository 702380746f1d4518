# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrity of an Oracle database: invalid objects, unusable indexes, registry components, corrupted
blocks, data files offline or needing recovery.
"""

from typing import List, Mapping

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN, worst
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, graded, join_limited, to_float
from ansible.module_utils.healthops.db.oracle.base import upper


def ev_invalid_objects(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["invalid_objects"]
    total = sum(int(to_float(r.get("object_count")) or 0) for r in items)
    detail = (
        join_limited(
            (f"{r.get('owner')} {r.get('object_type')} {int(to_float(r.get('object_count')) or 0)}" for r in items), 8
        )
        if items
        else "none"
    )
    if total:
        detail += " (recompile with utlrp.sql or DBMS_UTILITY.COMPILE_SCHEMA)"
    return [
        graded(
            ctx, "invalid_objects", "integrity", "Invalid objects", "无效对象", total, "oracle_invalid_objects", detail
        )
    ]


def ev_unusable_indexes(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["unusable_indexes"]
    names = [
        f"{r.get('owner')}.{r.get('index_name')}" + (f" ({r.get('partition_name')})" if r.get("partition_name") else "")
        for r in items
    ]
    unusable = Subject(ctx, "unusable_indexes", "integrity", "Unusable indexes", "不可用索引")
    return [unusable.none_allowed(bool(items), len(items), ("rebuild: " + join_limited(names, 8)) if items else "none")]


def ev_registry(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    bad = []
    statuses = []
    for row in rows["registry"]:
        status = upper(row.get("status"))
        if status in ("VALID", "OPTION OFF", "REMOVED", ""):
            continue
        statuses.append(FAIL if status == "INVALID" else WARN)
        bad.append(f"{row.get('comp_id')} ({row.get('comp_name')} {row.get('version')}) {status}")
    status = worst(statuses) if statuses else PASS
    detail = join_limited(bad, 8) if bad else f"{len(rows['registry'])} components valid"
    registry = Subject(ctx, "registry", "integrity", "Registry components", "数据库组件状态")
    return [registry.check(status, value=len(bad), threshold="0", detail=detail)]


def ev_block_corruption(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["block_corruption"]
    blocks = sum(int(to_float(r.get("blocks")) or 0) for r in items)
    parts = [
        f"file {r.get('file#')} block {r.get('block#')} +{r.get('blocks')} {r.get('corruption_type')}" for r in items
    ]
    detail = (
        ("recover with RMAN RECOVER CORRUPTION LIST: " + join_limited(parts, 6))
        if items
        else "none recorded in V$DATABASE_BLOCK_CORRUPTION"
    )
    return [
        Subject(ctx, "block_corruption", "integrity", "Corrupted blocks", "坏块").none_allowed(
            bool(items), blocks, detail
        )
    ]


def ev_datafiles(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    items = rows["datafile_status"]
    parts = [
        f"file {r.get('file#')} {r.get('name')}: {r.get('status')}"
        + (f" ({r.get('error')})" if r.get("error") else "")
        + (" needs recovery" if r.get("problem") == "RECOVER" else "")
        for r in items
    ]
    datafiles = Subject(ctx, "datafiles", "integrity", "Data files offline or needing recovery", "数据文件状态")
    return [datafiles.none_allowed(bool(items), len(items), join_limited(parts, 6) if items else "all online")]
