# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL table bloat, estimated from the planner's statistics (no extension needed).

The estimate (healthops.db.postgres.sql ``table_bloat``) compares a table's pages with those its rows need
from ``pg_stats.avg_width`` and ``null_frac``, the tuple and page headers and the fillfactor: approximate,
within a few pages, so only tables wasting ``MIN_BLOAT_BYTES`` or more are graded. ``pg_stats`` shows a role
only the columns it may SELECT: for a pg_monitor account most tables cannot be estimated, and the check says
how many instead of passing over them.
"""

from typing import List, Mapping

from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_bytes, join_limited, to_float
from ansible.module_utils.healthops.db.postgres.base import qualified_name

# Below this much estimated waste reclaiming the space gains nothing, and the estimate's error weighs more.
MIN_BLOAT_BYTES = 8 * 1024 * 1024


def ev_table_bloat(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The most bloated table (share of its size) among those wasting MIN_BLOAT_BYTES or more, naming them;
    the tables of 1 MB or more whose statistics the probe role may not read (or never analyzed) are counted."""
    subject = Subject(ctx, "table_bloat", "capacity", "Table bloat (estimate)", "表膨胀(估算)")
    estimated = [r for r in rows["table_bloat"] if not r.get("not_estimable")]
    bloated = [r for r in estimated if (to_float(r.get("bloat_bytes")) or 0.0) >= MIN_BLOAT_BYTES]
    bloated.sort(key=lambda r: to_float(r.get("bloat_pct")) or 0.0, reverse=True)
    # not_estimated is counted per database (a window over its rows): once per database.
    missing = {str(r.get("datname")): to_float(r.get("not_estimated")) or 0.0 for r in rows["table_bloat"]}
    not_estimated = sum(missing.values())
    note = (
        f"; {not_estimated:.0f} table(s) of 1 MB or more not estimated (no statistics the probe role may read: "
        "pg_stats shows only columns it may SELECT; or never analyzed)"
        if not_estimated
        else ""
    )
    if not bloated:
        detail = f"no table wastes {fmt_bytes(MIN_BLOAT_BYTES)} or more of {len(estimated)} estimated" + note
        return [subject.nothing_found("pg_table_bloat", unit="%", value=0, detail=detail)]
    names = [
        f"{qualified_name(r, 'schemaname', 'relname')} {to_float(r.get('bloat_pct')) or 0:.0f}% "
        f"({fmt_bytes(to_float(r.get('bloat_bytes')))} of {fmt_bytes(to_float(r.get('bytes')))})"
        for r in bloated
    ]
    return [subject.graded(to_float(bloated[0].get("bloat_pct")), "pg_table_bloat", join_limited(names, 5) + note)]
