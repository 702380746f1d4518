# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Minor release of a PostgreSQL-family server (the notices' "database vulnerability fixes") against a baseline.

PostgreSQL ships its security fixes only in minor releases of each major version, so the minor release is
the patch level. It comes from ``server_version_num`` (PGDOC runtime-config-preset: ``150004`` is 15.4 from
10 on, ``90624`` is 9.6.24 before), never from the text of ``server_version``, which packagers extend
(``15.4 (Debian 15.4-1.pgdg120+1)``). The baseline (``required_patch_level``) maps a major version (``15``;
``9.6`` before 10) to the lowest acceptable release.

The forks report the PostgreSQL version they derive from (openGauss always 9.2.4), not their own release:
their level is read from ``version()`` (KingbaseES ``V008R006C009B0014``, openGauss ``5.0.1``) and looked up
under the fork's id (``kingbase``, ``opengauss``, ``highgo``), never graded against PostgreSQL's baseline.
"""

import re
from typing import Any, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject
from ansible.module_utils.healthops.db.levels import at_least, level_tuple
from ansible.module_utils.healthops.db.postgres.base import first_row
from ansible.module_utils.healthops.db.postgres.forks import FORKS, POSTGRESQL, fork_name, recognise_fork

FORK_IDS = tuple(fid for fid, _name, _words in FORKS)

# The release word of each fork's version(): the first run of digits and dots (or KingbaseES's V..R..C..B..)
# after the fork's name.
_FORK_LEVEL = re.compile(
    r"(?:kingbasees|kingbase|opengauss|gaussdb(?: kernel)?|mogdb|highgo(?: database)?)\s+"
    r"(V\d+R\d+(?:C\d+)?(?:B\d+)?|\d+(?:\.\d+)+)",
    re.IGNORECASE,
)


def postgres_level(version_num: Any) -> Tuple[Optional[str], Optional[str]]:
    """(major key, release) from ``server_version_num``: 150004 -> ('15', '15.4'), 90624 -> ('9.6', '9.6.24')."""
    try:
        num = int(version_num)
    except (TypeError, ValueError):
        return None, None
    if num >= 100000:
        major = str(num // 10000)
        return major, f"{major}.{num % 10000}"
    major = f"{num // 10000}.{(num // 100) % 100}"
    return major, f"{major}.{num % 100}"


def fork_level(version_text: Any) -> Optional[str]:
    """The fork's own release from ``version()``; None when the text does not carry one (``x.x.x``)."""
    match = _FORK_LEVEL.search(str(version_text or ""))
    return match.group(1) if match else None


def server_level(server: Row) -> Tuple[str, Optional[str], Optional[str]]:
    """(product name, baseline key, release) of the server the probe connected to."""
    fork = recognise_fork(server.get("version_text"))
    if fork != POSTGRESQL:
        return fork_name(fork), fork, fork_level(server.get("version_text"))
    major, level = postgres_level(server.get("server_version_num"))
    return "PostgreSQL", major, level


def ev_patch_level(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    subject = Subject(ctx, "patch_level", "security", "Database patch level", "数据库补丁级别")
    product, key, level = server_level(first_row(rows["server"]))
    baseline = ctx.options.get("required_patch_level") or {}
    required = baseline.get(key) if key else None
    shown = f"{product} {level}" if level else f"{product}: its release could not be read from version()"
    if not required:
        where = f"{key} in required_patch_level" if key else "required_patch_level"
        return [subject.check(INFO, value=level, detail=f"{shown}; no required level for {where}")]
    if level is None:
        return [subject.check(INFO, value=None, threshold=f">={required}", detail=f"{shown}; not graded")]
    if at_least(level_tuple(level), level_tuple(required)):
        return [subject.check(PASS, value=level, threshold=f">={required}", detail=f"{shown}, at or above {required}")]
    advice = "install the latest minor release of " + key if product == "PostgreSQL" else "apply the vendor's patch"
    detail = f"{shown}, below the required {required}: {advice}"
    return [subject.check(FAIL, value=level, threshold=f">={required}", detail=detail)]


def baseline_errors(baseline: Mapping[str, Any]) -> List[str]:
    """Messages naming each entry of ``required_patch_level`` that cannot be used."""
    errors = []
    for key, level in (baseline or {}).items():
        known = str(key) in FORK_IDS or re.match(r"^(\d{2}|9\.\d)$", str(key))
        if not known or not level_tuple(level):
            errors.append(
                f"required_patch_level: {key!r}: {level!r} should map a major version (15, 9.6) or a fork "
                f"({', '.join(FORK_IDS)}) to a release (15.8, V008R006C009B0014)"
            )
    return errors
