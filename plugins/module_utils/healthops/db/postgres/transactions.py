# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL transactions that hold VACUUM back: prepared transactions and the oldest xmin holders."""

from typing import List, Mapping, Optional

from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_seconds, join_limited, to_float


def ev_prepared_xacts(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The oldest prepared transaction, graded by age: one left behind by a transaction manager keeps its
    locks and stops VACUUM until someone commits or rolls it back by its gid."""
    items = rows["prepared_xacts"]
    subject = Subject(ctx, "prepared_transactions", "locks", "Prepared transactions", "预提交(两阶段)事务")
    if not items:
        return [subject.nothing_found("pg_prepared_xact_age", unit="s", value=0, detail="none")]
    ages = [(to_float(r.get("age_seconds")) or 0.0, r) for r in items]
    ages.sort(key=lambda a: a[0], reverse=True)
    parts = [
        f"prepared transaction {r.get('gid')} ({r.get('owner')}@{r.get('datname')}) "
        f"prepared {fmt_seconds(age)} ago, xid age {to_float(r.get('xid_age')) or 0:.0f}"
        for age, r in ages
    ]
    detail = (
        f"{len(items)} prepared; " + join_limited(parts, 3) + "; end with COMMIT PREPARED or ROLLBACK PREPARED '<gid>'"
    )
    return [subject.graded(ages[0][0], "pg_prepared_xact_age", detail)]


def ev_xmin_horizon(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The oldest xmin a session, replication slot or prepared transaction holds, as a share of
    autovacuum_freeze_max_age: VACUUM removes no row newer, and no table is frozen past it."""
    items = rows["xmin_horizon"]
    freeze = _freeze_max_age(rows)
    subject = Subject(ctx, "xmin_horizon", "maintenance", "Oldest transaction horizon (xmin)", "最旧事务视界(xmin)")
    if not items:
        return [subject.nothing_found("pg_xmin_horizon", unit="%", value=0, detail="no session holds a snapshot")]
    worst = items[0]
    age = to_float(worst.get("xid_age")) or 0.0
    parts = [
        f"{r.get('holder_type')} {r.get('holder')} ({r.get('datname') or 'cluster'}) xid age "
        f"{to_float(r.get('xid_age')) or 0:.0f}"
        for r in items
    ]
    value: Optional[float] = 100.0 * age / freeze if freeze else None
    detail = join_limited(parts, 3) + (f"; autovacuum_freeze_max_age {freeze:.0f}" if freeze else "")
    return [subject.graded(value, "pg_xmin_horizon", detail)]


def _freeze_max_age(rows: Mapping[str, List[Row]]) -> Optional[float]:
    for row in rows.get("xid_age") or []:
        value = to_float(row.get("freeze_max_age"))
        if value:
            return value
    return None
