# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run ledger's store: one SQLite database (WAL) of runs and of each run's hosts.

Written by the callback ``healthops_ledger`` when a playbook ends (also when it fails or is
stopped by a signal), read by ``bin/healthops runs`` and the summaries. What it holds is chosen
so that no secret can reach it: names, counts, paths, times, the git commit; never a task's
arguments or results, never the command line's extra variables.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.common.fileio import append_text, check_path, ensure_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    playbook TEXT NOT NULL,
    duty TEXT,
    system TEXT,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    duration_s REAL NOT NULL,
    outcome TEXT NOT NULL,
    result TEXT NOT NULL,
    operator TEXT NOT NULL,
    controller TEXT NOT NULL,
    check_mode INTEGER NOT NULL,
    inventory TEXT NOT NULL,
    git_commit TEXT,
    git_dirty INTEGER,
    report_path TEXT,
    status TEXT,
    run_dir TEXT
);
CREATE TABLE IF NOT EXISTS run_hosts (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    host TEXT NOT NULL,
    outcome TEXT NOT NULL,
    ok INTEGER NOT NULL, changed INTEGER NOT NULL, failures INTEGER NOT NULL, unreachable INTEGER NOT NULL,
    skipped INTEGER NOT NULL, rescued INTEGER NOT NULL, ignored INTEGER NOT NULL,
    report_path TEXT,
    status TEXT,
    PRIMARY KEY (run_id, host)
);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started);
CREATE INDEX IF NOT EXISTS runs_duty ON runs(system, duty, started);
"""
INSERT_RUN = """
INSERT INTO runs (playbook, duty, system, started, finished, duration_s, outcome, result, operator, controller,
                  check_mode, inventory, git_commit, git_dirty, report_path, status, run_dir)
VALUES (:playbook, :duty, :system, :started, :finished, :duration_s, :outcome, :result, :operator, :controller,
        :check_mode, :inventory, :git_commit, :git_dirty, :report_path, :status, :run_dir)
"""
INSERT_HOST = """
INSERT INTO run_hosts (run_id, host, outcome, report_path, status,
                       ok, changed, failures, unreachable, skipped, rescued, ignored)
VALUES (:run_id, :host, :outcome, :report_path, :status,
        :ok, :changed, :failures, :unreachable, :skipped, :rescued, :ignored)
"""
RUN_COLUMNS = (
    "playbook",
    "duty",
    "system",
    "started",
    "finished",
    "duration_s",
    "outcome",
    "result",
    "operator",
    "controller",
    "check_mode",
    "inventory",
    "git_commit",
    "git_dirty",
    "report_path",
    "status",
    "run_dir",
)
COUNT_COLUMNS = ("ok", "changed", "failures", "unreachable", "skipped", "rescued", "ignored")


def connect(path: str) -> sqlite3.Connection:
    """The ledger at ``path``, created 0640 (and its WAL files) without following a planted symlink."""
    directory = os.path.dirname(os.path.abspath(path))
    ensure_dir(directory)
    for name in (path, f"{path}-wal", f"{path}-shm"):
        check_path(name)
    append_text(path, b"")  # creates the file with the ledger's mode, refuses a symlink in its place
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.executescript(SCHEMA)
    return conn


def host_outcome(counts: Mapping[str, int], run_outcome: str, reported: str | None = None) -> str:
    """How one host ended: unreachable, failed, changed, ok; or the run's signal/error outcome.

    ``reported``: the report's outcome for the host; a duty that carries on past an unreachable host
    (to report it as ERROR) leaves no trace of it in Ansible's counts.
    """
    if counts.get("unreachable") or reported == "unreachable":
        return "unreachable"
    if counts.get("failures"):
        return "failed"
    if run_outcome in ("interrupted", "terminated", "error"):
        return run_outcome
    return "changed" if counts.get("changed") else "ok"


def record(conn: sqlite3.Connection, entry: Mapping[str, Any]) -> int:
    """Insert one run (a ``ledger_entry``) and its hosts; returns the run's id."""
    row = dict(entry)
    row["inventory"] = json.dumps(list(row.get("inventory") or []), ensure_ascii=False)
    row["check_mode"] = int(bool(row.get("check_mode")))
    if row.get("git_dirty") is not None:
        row["git_dirty"] = int(bool(row["git_dirty"]))
    with conn:
        cursor = conn.execute(INSERT_RUN, {column: row.get(column) for column in RUN_COLUMNS})
        run_id = int(cursor.lastrowid or 0)
        reports: Mapping[str, Mapping[str, Any]] = entry.get("host_reports") or {}
        for host, counts in sorted((entry.get("hosts") or {}).items()):
            values = {column: int(counts.get(column, 0)) for column in COUNT_COLUMNS}
            report = reports.get(host) or {}
            values.update(
                run_id=run_id,
                host=host,
                outcome=host_outcome(counts, entry["outcome"], report.get("outcome")),
                report_path=report.get("report_path", entry.get("report_path")),
                status=report.get("status"),
            )
            conn.execute(INSERT_HOST, values)
    return run_id


def recent(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    """The last ``limit`` runs, newest first, each with its hosts."""
    conn.row_factory = sqlite3.Row
    runs = [dict(r) for r in conn.execute("SELECT * FROM runs ORDER BY started DESC, id DESC LIMIT ?", (limit,))]
    for run in runs:
        run["inventory"] = json.loads(run["inventory"])
        run["hosts"] = {
            r["host"]: dict(r)
            for r in conn.execute("SELECT * FROM run_hosts WHERE run_id = ? ORDER BY host", (run["id"],))
        }
    return runs
