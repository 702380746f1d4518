# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL standbys the primary should have: those named in synchronous_standby_names (commits wait for
them) and those the inventory expects (option ``expected_standbys``), compared with pg_stat_replication.

A stopped standby leaves no row in pg_stat_replication, so only a list of what should be there finds it.
"""

import re
from typing import List, Mapping, Optional, Sequence, Set, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject
from ansible.module_utils.healthops.db.postgres.base import first_row

# PGDOC runtime-config-replication: "[FIRST] num (names)", "ANY num (names)", or a plain list (FIRST 1).
_SYNC_FORM = re.compile(r"^\s*(?:(FIRST|ANY)\s+)?(\d+)\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def parse_synchronous_standby_names(text: Optional[str]) -> Optional[Tuple[str, int, List[str]]]:
    """``(method, number, names)`` of synchronous_standby_names, None when empty. Unquoted names compare
    case-insensitively (kept lower case), quoted ones as written; ``*`` matches any standby."""
    text = (text or "").strip()
    if not text:
        return None
    match = _SYNC_FORM.match(text)
    method, number, body = (
        ("FIRST", 1, text) if not match else ((match.group(1) or "FIRST").upper(), int(match.group(2)), match.group(3))
    )
    names = []
    for part in body.split(","):
        name = part.strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            names.append(name[1:-1])
        elif name:
            names.append(name.lower())
    return method, number, names


def ev_standbys(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    subject = Subject(ctx, "standbys", "replication", "Expected and synchronous standbys", "预期与同步备库")
    standby = first_row(rows["standby"])
    if standby.get("in_recovery"):
        return [subject.check(INFO, detail="a standby: its primary checks which standbys are attached")]
    attached = {str(r.get("application_name")) for r in rows["replication"] if r.get("state") == "streaming"}
    expected = [str(name) for name in ctx.options.get("expected_standbys") or []]
    sync = parse_synchronous_standby_names(standby.get("synchronous_standby_names"))
    problems = sync_problems(sync, attached, standby.get("synchronous_standby_names"))
    missing = [name for name in expected if name not in attached]
    problems += [(WARN, f"expected standby {name} not attached") for name in missing]
    if not sync and not expected:
        detail = "no standby expected (expected_standbys) or synchronous; attached: " + (
            ", ".join(sorted(attached)) or "none"
        )
        return [subject.check(INFO, value=len(attached), detail=detail)]
    if not problems:
        return [subject.check(PASS, value=len(attached), detail="attached: " + ", ".join(sorted(attached)))]
    status = FAIL if any(p[0] == FAIL for p in problems) else WARN
    return [subject.check(status, value=len(attached), detail="; ".join(p[1] for p in problems))]


def sync_problems(
    sync: Optional[Tuple[str, int, List[str]]], attached: Set[str], setting: Optional[str]
) -> List[Tuple[str, str]]:
    """FAIL for each named synchronous standby missing when fewer than the number required are attached
    (commits wait), WARN for one missing while enough others are."""
    if not sync:
        return []
    _method, number, names = sync
    present = _matching(names, attached)
    missing = [name for name in names if name != "*" and name not in present]
    enough = len(present) >= number if "*" not in names else len(attached) >= number
    status = WARN if enough else FAIL
    effect = "" if enough else f": commits wait (synchronous_standby_names = '{setting}')"
    problems = [(status, f"synchronous standby {name} not attached{effect}") for name in missing]
    if not enough and not missing:
        problems.append((FAIL, f"fewer than {number} synchronous standbys attached{effect}"))
    return problems


def _matching(names: Sequence[str], attached: Set[str]) -> Set[str]:
    """The names of ``names`` some attached standby answers to (unquoted names were lowered)."""
    lowered = {name.lower() for name in attached}
    return {name for name in names if name in attached or name in lowered}
