# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running the catalogue over one python-oracledb connection: every statement under its own call timeout.

``Session`` takes the module's ``connect`` function (the driver stays in the module), so this code needs no
driver itself. A statement that fails, times out included, is a ``QueryError`` for the checks that read it only;
the run carries on, on a new connection when the old one was lost.
"""

import contextlib
import re
from typing import Any, Callable, Dict, Mapping, Union

from ansible.module_utils.healthops.db.catalogue import QueryError, Result, Statement, Unavailable
from ansible.module_utils.healthops.db.oracle.connection import CONNECTION_LOST, connection_secrets, error_parts

# python-oracledb's call timeout: DPY-4024 in thin mode, DPI-1067 (with ORA-03156) in thick mode.
TIMED_OUT = ("DPY-4024", "DPI-1067", "ORA-03156")
NOT_OPEN = "not checked: the database is MOUNTED, not open, and answers only V$ views (no data dictionary)"


class Session:
    """One connection that runs catalogue statements, each under a call timeout, reconnecting once if it is lost."""

    def __init__(self, connect: Callable[[Mapping[str, Any]], Any], options: Mapping[str, Any]) -> None:
        self._connect = connect
        self._options = options
        self._secrets = connection_secrets(options)
        self.conn: Any = None
        self.lost = False

    def open(self) -> None:
        self.conn = self._connect(self._options)

    def close(self) -> None:
        if self.conn is not None:
            # Closing a broken connection must not fail the probe.
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None

    def execute(self, statement: Statement, binds: Mapping[str, Any]) -> Result:
        if self.conn is None:
            if self.lost:
                return QueryError(
                    statement.name, "DPY-4011", "connection lost earlier in the run and could not be re-established"
                )
            return QueryError(statement.name, "DPY-1001", "not connected")
        params = {name: binds[name] for name in statement.binds}
        timeout = int(statement.timeout_ms or self._options["call_timeout"])
        try:
            self.conn.call_timeout = timeout
            with self.conn.cursor() as cur:
                cur.arraysize = 200
                cur.execute(statement.sql, params)
                columns = [d[0].lower() for d in cur.description or []]
                return [dict(zip(columns, row)) for row in cur.fetchall()]
        except Exception as exc:
            code, message = error_parts(exc, self._secrets)
            if code in CONNECTION_LOST or not self._healthy():
                self._reconnect()
            if code in TIMED_OUT:
                message = f"{code}: timed out after {timeout / 1000:g} s (per-statement call_timeout): {message}"
            return QueryError(statement.name, code, message)

    def _healthy(self) -> bool:
        try:
            return bool(self.conn.is_healthy())
        except Exception:
            return False

    def _reconnect(self) -> None:
        self.close()
        try:
            self.open()
        except Exception:
            self.conn = None
            self.lost = True


def reads_dictionary(statement: Statement) -> bool:
    """Whether a statement reads data dictionary views (DBA_/CDB_/ALL_), which a MOUNTED database cannot answer."""
    return re.search(r"\b(dba|cdb|all)_\w+", statement.sql, re.I) is not None


def run_catalogue(
    session: Session, statements: Mapping[str, Union[Statement, Unavailable]], binds: Mapping[str, Any], mounted: bool
) -> Dict[str, Result]:
    """Each statement's rows, error, or reason it did not run (no variant for the release, a MOUNTED database)."""
    results: Dict[str, Result] = {}
    for name, statement in statements.items():
        if name == "instance":
            continue
        if isinstance(statement, Unavailable):
            results[name] = statement
        elif mounted and reads_dictionary(statement):
            results[name] = Unavailable(name, NOT_OPEN)
        else:
            results[name] = session.execute(statement, binds)
    return results
