# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL table and B-tree index bloat, estimated from the planner's statistics (no extension needed).

The estimate (healthops.db.postgres.sql ``table_bloat``) compares a table's pages with those its rows need
from ``pg_stats.avg_width`` and ``null_frac``, the tuple and page headers and the fillfactor: approximate,
within a few pages, so only tables wasting ``MIN_BLOAT_BYTES`` or more are graded. ``pg_stats`` shows a role
only the columns it may SELECT: for a pg_monitor account most tables cannot be estimated, and the check is INFO
naming the grant it needs (``GRANT_NEEDED``) instead of passing over them.
"""

from typing import List, Mapping, Tuple

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_bytes, join_limited, to_float
from ansible.module_utils.healthops.db.postgres.base import qualified_name

# Below this much estimated waste reclaiming the space gains nothing, and the estimate's error weighs more.
MIN_BLOAT_BYTES = 8 * 1024 * 1024
# What the probe role needs to read the statistics of every column (postgres_probe_account.sql says so too).
GRANT_NEEDED = "GRANT pg_read_all_data (14+), or SELECT on them, to the probe role"


def ev_table_bloat(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The most bloated table (share of its size) among those wasting MIN_BLOAT_BYTES or more, naming them;
    the tables of 1 MB or more whose statistics the probe role may not read (or never analyzed) are counted."""
    subject = Subject(ctx, "table_bloat", "capacity", "Table bloat (estimate)", "表膨胀(估算)")
    return [bloat_check(subject, rows["table_bloat"], "pg_table_bloat", "table(s)", ("schemaname", "relname"))]


def ev_index_bloat(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The same for B-tree indexes: the pages an index has beyond those its entries need at its fillfactor."""
    subject = Subject(ctx, "index_bloat", "capacity", "B-tree index bloat (estimate)", "B-tree 索引膨胀(估算)")
    return [bloat_check(subject, rows["index_bloat"], "pg_index_bloat", "index(es)", ("schemaname", "index_name"))]


def bloat_check(subject: Subject, rows: List[Row], tid: str, kind: str, name: Tuple[str, str]) -> Check:
    """The worst estimated share among the relations wasting MIN_BLOAT_BYTES or more (``name``: the columns of a
    row's schema and name), the relations not estimated counted once per database."""
    estimated = [r for r in rows if not r.get("not_estimable")]
    bloated = [r for r in estimated if (to_float(r.get("bloat_bytes")) or 0.0) >= MIN_BLOAT_BYTES]
    bloated.sort(key=lambda r: to_float(r.get("bloat_pct")) or 0.0, reverse=True)
    not_readable = per_database(rows, "not_readable")
    never_analyzed = per_database(rows, "not_estimated") - not_readable
    note = ""
    if not_readable:
        note += (
            f"; {not_readable:.0f} {kind} of 1 MB or more not estimated: the probe role may not read their "
            f"statistics (pg_stats shows only columns it may SELECT): {GRANT_NEEDED}"
        )
    if never_analyzed:
        note += f"; {never_analyzed:.0f} {kind} of 1 MB or more not estimated: no statistics (never analyzed)"
    if not bloated:
        detail = f"none wastes {fmt_bytes(MIN_BLOAT_BYTES)} or more of {len(estimated)} {kind} estimated" + note
        if not_readable:
            # Not a PASS: what the role may not read was not looked at.
            return subject.check(INFO, unit="%", detail=detail)
        return subject.nothing_found(tid, unit="%", value=0, detail=detail)
    names = [
        f"{qualified_name(r, *name)} {to_float(r.get('bloat_pct')) or 0:.0f}% "
        f"({fmt_bytes(to_float(r.get('bloat_bytes')))} of {fmt_bytes(to_float(r.get('bytes')))})"
        for r in bloated
    ]
    return subject.graded(to_float(bloated[0].get("bloat_pct")), tid, join_limited(names, 5) + note)


def per_database(rows: List[Row], column: str) -> float:
    """A count the statement gives on each row of a database (a window over its rows), added up over the
    databases."""
    return sum({str(r.get("datname")): to_float(r.get(column)) or 0.0 for r in rows}.values())
