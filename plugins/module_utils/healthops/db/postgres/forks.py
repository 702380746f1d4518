# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL-derived servers: which fork a server is (from ``version()``) and what it lacks.

openGauss and GaussDB report ``server_version`` 9.2.4 whatever their release, KingbaseES and Highgo
report the PostgreSQL version they derive from: the number alone does not tell the fork, the text of
``version()`` does. ``FORK_LACKS`` is the per-fork table of statements not run there beyond what the
reported version already rules out, each with the reason. A check whose statement was not run is
reported as not checked (``not_checked`` true, INFO), and the score counts it as unknown without
letting it raise the score (healthops.db.summary.overall_score).
"""

from typing import Any, Dict, List, Mapping, Sequence, Union

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.db.catalogue import Statement, Unavailable

POSTGRESQL = "postgresql"

# Fork id, its name in details, and the words of version() that give it away (lower case).
FORKS = (
    ("opengauss", "openGauss/GaussDB", ("opengauss", "gaussdb", "mogdb")),
    ("kingbase", "KingbaseES", ("kingbasees", "kingbase")),
    ("highgo", "Highgo", ("highgo",)),
)

# Statement name -> why the fork does not have it (beyond version gating).
FORK_LACKS: Dict[str, Dict[str, str]] = {
    "opengauss": {
        "xid_age": "openGauss uses 64-bit transaction IDs, which do not wrap around",
        "oldest_tables": "openGauss uses 64-bit transaction IDs, which do not wrap around",
    },
    "kingbase": {},
    "highgo": {},
}


def recognise_fork(version_text: Any) -> str:
    """The fork id from the text of ``version()``; ``postgresql`` for PostgreSQL itself or anything unknown."""
    text = str(version_text or "").lower()
    for fork, _name, words in FORKS:
        if any(word in text for word in words):
            return fork
    return POSTGRESQL


def fork_name(fork: str) -> str:
    return next((name for fid, name, _words in FORKS if fid == fork), "PostgreSQL")


def fork_statements(
    chosen: Mapping[str, Union[Statement, Unavailable]], fork: str
) -> Dict[str, Union[Statement, Unavailable]]:
    """``chosen`` with the statements the fork lacks replaced by Unavailable, naming the fork and why."""
    lacks = FORK_LACKS.get(fork, {})
    return {
        name: Unavailable(name, f"not on {fork_name(fork)}: {lacks[name]}") if name in lacks else statement
        for name, statement in chosen.items()
    }


def mark_not_checked(
    checks: List[Dict[str, Any]], evaluators: Sequence[Any], results: Mapping[str, Any], prefix: str
) -> None:
    """Flag the INFO stand-ins of evaluators whose statements were not run as not checked (in place)."""
    skipped = {
        f"{prefix}.{ev.check_id}"
        for ev in evaluators
        if any(isinstance(results.get(name), Unavailable) for name in ev.statements)
    }
    for check in checks:
        if check["id"] in skipped and check["status"] == INFO:
            check["not_checked"] = True
            check["detail"] = "not checked: " + check["detail"]
