# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of playbooks/drill.yml: the smoke checks' table list and judgement, and the drill's record
(healthops.drill.measure) from the timeline the playbook kept."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.backup_audit.trends import parse_iso  # noqa: E402
from ansible.module_utils.healthops.drill.datasource import point  # noqa: E402
from ansible.module_utils.healthops.drill.measure import drill_checks, refusal_checks  # noqa: E402

# A table name as SQL may take it unquoted: schema.table of letters, digits and underscores.
TABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def drill_tables(expected: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """``{db: {table: rows}}`` as a list of ``{database, table, expected}``; a table name SQL would
    need quoted (or could be injected through) is refused."""
    found = []
    for database, tables in sorted((expected or {}).items()):
        for table, rows in sorted((tables or {}).items()):
            if not TABLE_RE.match(str(table)):
                raise ValueError(f"drill_expected_rows.{database}: {table!r} is not a schema.table name")
            found.append({"database": str(database), "table": str(table), "expected": int(rows)})
    return found


def drill_smoke(counts: list[dict[str, Any]], http: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Row counts (registered command results, looped over drill_tables) and URL answers, judged."""
    smoke = []
    for result in counts:
        item = result.get("item") or {}
        out = str(result.get("stdout") or "").strip()
        value = int(out) if result.get("rc") == 0 and out.isdigit() else None
        name = f"{item.get('database')}.{item.get('table')}"
        detail = f"{value} rows" if value is not None else (str(result.get("stderr") or "not counted").strip()[:200])
        smoke.append(
            {
                "name": name,
                "ok": value == item.get("expected"),
                "value": value,
                "expected": item.get("expected"),
                "detail": detail,
            }
        )
    for result in http:
        item = result.get("item") or {}
        status = result.get("status")
        smoke.append(
            {
                "name": str(item.get("url")),
                "ok": not result.get("failed") and status is not None,
                "value": status,
                "expected": item.get("status", 200),
                "detail": str(result.get("msg") or "")[:200],
            }
        )
    return smoke


def drill_record(
    timeline: list[dict[str, Any]],
    smoke: list[dict[str, Any]],
    times: dict[str, Any],
    targets: dict[str, Any],
    cleanup: dict[str, Any],
    plan: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The drill's checks; the backup's start time may come as the set's ISO 8601 text."""
    times = dict(times or {})
    if isinstance(times.get("backup_time"), str):
        times["backup_time"] = parse_iso(times["backup_time"])
    return drill_checks(timeline or [], smoke or [], times, targets, cleanup or {}, plan or {})


def drill_refused(source: str, engine: str) -> list[dict[str, Any]]:
    """The record of a drill refused before it touched anything (healthops.drill.measure.refusal_checks)."""
    return refusal_checks(source, engine)


def drill_datasource(
    slurped: dict[str, Any] | None, spec: dict[str, Any], host: str, port: int | str = 5432
) -> dict[str, Any]:
    """The application's data source file (a slurp result; failed or None: not there) pointed at the temporary
    database ``host:port`` (healthops.drill.datasource.point): ``{"text", "url", "before", "count"}``."""
    found = slurped or {}
    text = None
    if not found.get("failed") and found.get("content") is not None:
        text = base64.b64decode(found["content"]).decode("utf-8")
    return point(text, spec, host, port)


class FilterModule:
    """drill filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_drill_tables": drill_tables,
            "healthops_drill_smoke": drill_smoke,
            "healthops_drill_checks": drill_record,
            "healthops_drill_refused": drill_refused,
            "healthops_drill_datasource": drill_datasource,
        }
