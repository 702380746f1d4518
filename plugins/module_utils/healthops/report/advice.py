# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The recommendation for a check: looked up in the catalogue (healthops.report.advice_texts) by check id.

Lookup order: ``<id>@<STATUS>``, the id, its base id (before ``:``), then the catalogue's
patterns (``oracle.tablespace.*``), most specific first; an ERROR without a text of its own
gets the catalogue's ERROR_DEFAULT. Only WARN, FAIL and ERROR get a recommendation.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.common.result import ERROR, FAIL, WARN
from ansible.module_utils.healthops.report import (
    advice_texts,
    advice_texts_backup,
    advice_texts_db,
    advice_texts_patch,
)

NEEDS_ACTION = (FAIL, ERROR, WARN)
DB_ENGINES = ("oracle", "postgres")
# The PostgreSQL probe names its checks pg.<check> (healthops.db.postgres.base.PREFIX); the catalogues,
# beside oracle.<check>, say postgres.<check>.
ALIASES = {"pg.": "postgres."}


def canonical(check_id: str) -> str:
    """The id the catalogues know a check by: pg.connections -> postgres.connections."""
    for alias, name in ALIASES.items():
        if check_id.startswith(alias):
            return name + check_id[len(alias) :]
    return check_id


def _catalogue() -> dict[str, tuple[str, str]]:
    texts: dict[str, tuple[str, str]] = {}
    for part in (
        advice_texts.HOST,
        advice_texts.TOMCAT,
        advice_texts.SWITCH,
        advice_texts.CERTS,
        advice_texts.PASSWORDS,
        advice_texts.BY_STATUS,
        advice_texts_backup.BACKUP_AUDIT,
        advice_texts_backup.DRILL,
        advice_texts_patch.PATCH,
    ):
        texts.update(part)
    for engine in DB_ENGINES:
        texts.update({f"{engine}.{key}": text for key, text in advice_texts_db.DB_SHARED.items()})
    texts.update(advice_texts_db.ORACLE)
    texts.update(advice_texts_db.POSTGRES)
    return texts


CATALOGUE = _catalogue()
# Pattern keys, the longest (most specific) first.
PATTERNS = sorted((key for key in CATALOGUE if "*" in key), key=len, reverse=True)


def entry_for(check_id: str, status: str | None = None) -> tuple[str, str] | None:
    """The (English, Chinese) recommendation the catalogue holds for a check id (None: none)."""
    check_id = canonical(check_id)
    candidates = [check_id, check_id.partition(":")[0]]
    if status:
        candidates = [f"{c}@{status}" for c in candidates] + candidates
    for key in candidates:
        if key in CATALOGUE:
            return CATALOGUE[key]
    for pattern in PATTERNS:
        if "@" not in pattern and fnmatch.fnmatchcase(check_id, pattern):
            return CATALOGUE[pattern]
    return None


def recommendation(check: Mapping[str, Any]) -> tuple[str, str] | None:
    """(recommendation, recommendation_zh) of a check that needs action; None for PASS and INFO."""
    status = check.get("status")
    if status not in NEEDS_ACTION:
        return None
    check_id = canonical(str(check.get("id") or ""))
    if status == ERROR:
        specific = entry_for(check_id, ERROR)
        own = CATALOGUE.get(f"{check_id}@{ERROR}") or CATALOGUE.get(f"{check_id.partition(':')[0]}@{ERROR}")
        # An ERROR means the check could not run: its own fix only for ids whose ERROR is the finding itself.
        if own or check_id in ERROR_IS_FINDING:
            return specific
        return advice_texts.ERROR_DEFAULT
    return entry_for(check_id, status) or advice_texts.UNKNOWN


# Ids whose ERROR is the finding (the host or database cannot be reached), not a check that failed to run.
ERROR_IS_FINDING = frozenset(
    ["host.reachable", "probe.run", "switch.connect", "switch.host_key"] + [f"{e}.connect" for e in DB_ENGINES]
)
