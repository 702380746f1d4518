"""Issue 16 (7): slow or fragile statements. Tablespace usage from DBA_TABLESPACE_USAGE_METRICS on 12.1 and later
(DBA_FREE_SPACE only on 11.2), DBA_TEMP_FREE_SPACE's per-instance rows summed, segments ranked in one pass with
partitions summed. The rows are as the catalogue's statements return them."""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from sqlglot import exp
from test_oracle_evaluate import GB, by_id, ctx, ts


def applying(name: str, version: int) -> exp.Expression:
    found = [s for s in CATALOGUE if s.name == name and s.applies(version)]
    assert len(found) == 1, (name, version)
    return sqlglot.parse_one(found[0].sql, read="oracle")


def views(tree: exp.Expression) -> set[str]:
    return {t.name.lower() for t in tree.find_all(exp.Table)}


# --------------------------------------------------------------------------- tablespace usage


def metrics_row(allocated: float, maxbytes: float, used: float | None, metric_max: float | None) -> dict[str, Any]:
    # 12.1+: DBA_DATA_FILES' allocation and MAXBYTES, and DBA_TABLESPACE_USAGE_METRICS' USED_SPACE and
    # TABLESPACE_SIZE (blocks) times BLOCK_SIZE; no DBA_FREE_SPACE column.
    row = ts("USERS", allocated, maxbytes, None)
    del row["free_bytes"]
    return dict(row, used_bytes=used, metric_max_bytes=metric_max)


def test_19c_tablespace_usage_comes_from_the_usage_metrics() -> None:
    # 10 GiB allocated, MAXBYTES 32 GiB, but the file system has no room to extend (TABLESPACE_SIZE 10 GiB) and
    # 9.5 GiB are used: 95% of what it can reach. Read as allocation less free extents (none given) it was 31%.
    rows = {"tablespaces": [metrics_row(10 * GB, 32 * GB, 9.5 * GB, 10 * GB)]}
    check = by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.USERS"]
    assert (check["status"], check["value"]) == (FAIL, 95.0)
    assert "9.5 GiB used of 10.0 GiB ceiling" in check["detail"]


def test_usage_metrics_with_room_to_autoextend_pass() -> None:
    rows = {"tablespaces": [metrics_row(10 * GB, 32 * GB, 8 * GB, 32 * GB)]}
    check = by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.USERS"]
    assert (check["status"], check["value"]) == (PASS, 25.0)


def test_a_tablespace_the_usage_metrics_do_not_list_yet_is_not_guessed() -> None:
    # A tablespace created since MMON last refreshed the metrics: the LEFT JOIN gives NULLs, not "all used".
    rows = {"tablespaces": [metrics_row(10 * GB, 32 * GB, None, None)]}
    check = by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.USERS"]
    assert check["status"] == INFO
    assert "no DBA_TABLESPACE_USAGE_METRICS row" in check["detail"]


@pytest.mark.parametrize(
    ("version", "reads", "not_read"),
    [
        (110204, "dba_free_space", "dba_tablespace_usage_metrics"),
        (120100, "dba_tablespace_usage_metrics", "dba_free_space"),
        (190000, "dba_tablespace_usage_metrics", "dba_free_space"),
    ],
)
def test_dba_free_space_is_read_only_where_there_is_no_better_view(version: int, reads: str, not_read: str) -> None:
    tree = applying("tablespaces", version)
    assert reads in views(tree)
    assert not_read not in views(tree)
    if version >= 120100:
        columns = {c.name.lower() for c in tree.find_all(exp.Column)}
        assert {"used_space", "tablespace_size", "block_size"} <= columns


# --------------------------------------------------------------------------- temporary tablespaces


def test_temp_free_space_is_summed_per_tablespace() -> None:
    # 12.2 and later: a local temporary tablespace has one DBA_TEMP_FREE_SPACE row per instance; joined as they
    # are, each would repeat the tablespace's check.
    tree = applying("temp_tablespaces", 190000)
    tables = [t for t in tree.find_all(exp.Table) if t.name.lower() == "dba_temp_free_space"]
    assert len(tables) == 1
    select = tables[0].find_ancestor(exp.Select)
    assert select is not tree, "read in a subquery"
    group = select.args.get("group")
    assert group is not None
    assert [e.name.lower() for e in group.expressions] == ["tablespace_name"]


# --------------------------------------------------------------------------- segments in one pass


def test_segments_are_scanned_once() -> None:
    tuning = [s for s in CATALOGUE if "tuning" in s.profiles and s.applies(190000)]
    scans = [
        t
        for s in tuning
        for t in sqlglot.parse_one(s.sql, read="oracle").find_all(exp.Table)
        if t.name == "dba_segments"
    ]
    assert len(scans) == 1
    tree = applying("segments", 190000)
    inner = next(t for t in tree.find_all(exp.Table) if t.name == "dba_segments").find_ancestor(exp.Select)
    grouped = {e.sql(dialect="oracle").lower() for e in inner.args["group"].expressions}
    assert {"owner", "segment_name"} <= grouped


def segment(name: str, size: float, rank: int, pieces: int = 1, kind: str = "TABLE") -> dict[str, Any]:
    return {
        "owner": "APP",
        "segment_name": name,
        "segment_type": kind,
        "tablespace_name": "DATA01",
        "tablespaces": 3 if pieces > 1 else 1,
        "bytes": size,
        "pieces": pieces,
        "owner_bytes": 40 * GB,
        "owner_segments": 130,
        "segment_rank": rank,
    }


def test_a_partitioned_table_is_ranked_as_one_segment() -> None:
    # SALES: 24 monthly partitions of 1 GiB; listed apart, each would rank below the 12 GiB T_LOG.
    rows = {"segments": [segment("SALES", 24 * GB, 1, pieces=24), segment("T_LOG", 12 * GB, 2)]}
    checks = by_id(ev.ev_segments(rows, ctx()))
    largest = checks["oracle.largest_segments"]
    assert largest["value"] == 24.0
    assert largest["detail"].startswith("APP.SALES TABLE (24 partitions) in DATA01 and 2 more tablespace(s) 24.0 GiB")
    assert checks["oracle.data_distribution"]["detail"] == "APP 40.0 GiB (130 segments)"
