# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Catalogues of read-only SQL statements and what running one gives.

A probe is a *catalogue* of named read-only SQL statements (``Statement``); the
module runs the statements of the chosen profile that fit the server's version
(``select_statements``) and keeps, per name, the rows, a ``QueryError`` or an
``Unavailable``.
Standard library only, Python >= 3.6: the probes run on the controller by default (delegated to
localhost), but a module's code is target-side and may run on a managed host's interpreter.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ansible.module_utils.healthops.db.compat import FrozenRecord

Row = Dict[str, Any]

PROFILES = ("monthly", "tuning")


class Statement(FrozenRecord):
    """One named, read-only SQL statement of a catalogue.

    ``binds`` names the bind variables the statement takes (``:name`` for
    Oracle, ``%(name)s`` for PostgreSQL). ``min_version``/``max_version`` gate a
    variant by server version (an integer: PostgreSQL's server_version_num,
    Oracle's major*10000+minor*100); several variants may share a name.
    ``per_database`` (PostgreSQL) runs the statement in every inspected database
    and tags each row with ``datname``. ``timeout_ms`` overrides the probe's
    per-statement timeout.
    """

    _fields = ("name", "sql", "profiles", "binds", "min_version", "max_version", "per_database", "timeout_ms")
    name: str
    sql: str
    profiles: Tuple[str, ...]
    binds: Tuple[str, ...]
    min_version: int
    max_version: Optional[int]
    per_database: bool
    timeout_ms: Optional[int]

    def __init__(
        self,
        name: str,
        sql: str,
        profiles: Tuple[str, ...] = PROFILES,
        binds: Tuple[str, ...] = (),
        min_version: int = 0,
        max_version: Optional[int] = None,
        per_database: bool = False,
        timeout_ms: Optional[int] = None,
    ) -> None:
        self._set(
            name=name,
            sql=sql,
            profiles=profiles,
            binds=binds,
            min_version=min_version,
            max_version=max_version,
            per_database=per_database,
            timeout_ms=timeout_ms,
        )

    def applies(self, version: int) -> bool:
        return version >= self.min_version and (self.max_version is None or version < self.max_version)


class QueryError(FrozenRecord):
    """A statement that failed: the server's or driver's code and message."""

    _fields = ("statement", "code", "message")
    statement: str
    code: str
    message: str

    def __init__(self, statement: str, code: str, message: str) -> None:
        self._set(statement=statement, code=code, message=message)

    def text(self) -> str:
        message = (
            self.message if not self.code or self.message.startswith(self.code) else f"{self.code}: {self.message}"
        )
        return f"{message} (statement {self.statement})"


class Unavailable(FrozenRecord):
    """A statement with no variant for this server version."""

    _fields = ("statement", "reason")
    statement: str
    reason: str

    def __init__(self, statement: str, reason: str) -> None:
        self._set(statement=statement, reason=reason)


Result = Union[List[Row], QueryError, Unavailable]


def select_statements(
    catalogue: Sequence[Statement], profile: str, version: int
) -> Dict[str, Union[Statement, Unavailable]]:
    """The statements of a profile, the variant that fits ``version`` for each name."""
    chosen: Dict[str, Union[Statement, Unavailable]] = {}
    for statement in catalogue:
        if profile not in statement.profiles:
            continue
        if statement.applies(version):
            chosen[statement.name] = statement
        elif statement.name not in chosen:
            chosen[statement.name] = Unavailable(statement.name, f"not available on server version {version}")
    return chosen


def statement_names(catalogue: Sequence[Statement]) -> List[str]:
    """Distinct names, in catalogue order."""
    seen: List[str] = []
    for statement in catalogue:
        if statement.name not in seen:
            seen.append(statement.name)
    return seen
