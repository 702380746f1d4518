# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL sequences close to their maximum: once one reaches it, every INSERT drawing from it fails."""

from typing import List, Mapping

from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, join_limited, to_float
from ansible.module_utils.healthops.db.postgres.base import qualified_name


def ev_sequences(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    """The most used non-cycling sequence (share of its range), naming those the probe role may not read
    (pg_sequences.last_value is empty without USAGE or SELECT on the sequence)."""
    subject = Subject(ctx, "sequences", "capacity", "Sequences close to their maximum", "序列接近上限")
    used = [r for r in rows["sequences"] if to_float(r.get("used_pct")) is not None]
    unreadable = [r for r in rows["sequences"] if not r.get("readable")]
    used.sort(key=lambda r: to_float(r.get("used_pct")) or 0.0, reverse=True)
    names = [
        f"{qualified_name(r, 'schemaname', 'sequencename')} {to_float(r.get('used_pct')) or 0:.1f}% of "
        f"{r.get('max_value') if (to_float(r.get('increment_by')) or 1) > 0 else r.get('min_value')}"
        for r in used
    ]
    note = f"; {len(unreadable)} sequence(s) the probe role may not read" if unreadable else ""
    if not used:
        return [subject.nothing_found("pg_sequence_used", unit="%", value=0, detail="none used" + note)]
    return [subject.graded(to_float(used[0].get("used_pct")), "pg_sequence_used", join_limited(names, 5) + note)]
