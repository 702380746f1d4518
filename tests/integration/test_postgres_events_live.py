"""postgres_probe on deadlocks and temporary files since the previous run, on a real PostgreSQL
(issue 17, "must add"). On the cluster of each major shared by the
scenario modules (``pg_cluster``, tests/integration/pg.py)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    pg = pg_cluster
    pg.psql("CREATE TABLE d (id int PRIMARY KEY, v int)")
    pg.psql("INSERT INTO d VALUES (1, 0), (2, 0)")
    yield pg
    pg.psql("DROP TABLE d")


def run(server: PgServer, state_dir: Path) -> dict[str, Any]:
    options = server.probe_options()
    options.update(state_dir=str(state_dir), state_key="events")
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}["pg.database_events"]


def deadlock(server: PgServer) -> None:
    """Two sessions each holding the row the other wants: the server ends one with a deadlock error."""
    import psycopg

    first, second = (psycopg.connect(server.conninfo(), autocommit=False) for _ in range(2))
    barrier = threading.Barrier(2)

    def take(conn: Any, mine: int, theirs: int) -> None:
        with contextlib.suppress(psycopg.errors.DeadlockDetected):
            conn.execute("UPDATE d SET v = v + 1 WHERE id = %s", (mine,))
            barrier.wait()
            conn.execute("UPDATE d SET v = v + 1 WHERE id = %s", (theirs,))
        conn.rollback()

    threads = [threading.Thread(target=take, args=a) for a in ((first, 1, 2), (second, 2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    first.close()
    second.close()


def test_a_deadlock_since_the_previous_run_is_a_warn(server: PgServer, tmp_path: Path) -> None:
    assert run(server, tmp_path)["status"] == "PASS"
    deadlock(server)
    with server.connect() as conn:
        conn.execute("SET work_mem = '64kB'")
        conn.execute("SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC").fetchall()
    check = run(server, tmp_path)
    assert check["status"] == "WARN", check
    assert check["detail"].startswith("1 deadlock(s), "), check
    # From 18 initdb turns data checksums on: their failure count follows.
    assert check["detail"].split("; ")[0].endswith(" MiB) since the previous run"), check
    assert run(server, tmp_path)["status"] == "PASS"
