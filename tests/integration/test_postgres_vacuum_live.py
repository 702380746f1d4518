"""postgres_probe on a VACUUM running long, on a real PostgreSQL (issue 17, "must add"): a VACUUM (FREEZE)
waits for the cleanup lock of a page a cursor keeps pinned, as one behind a long report does. On the cluster of
each major shared by the scenario modules (``pg_cluster``, tests/integration/pg.py), probed as the pg_monitor role."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, own_database, wait_for

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "vac"


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    with own_database(pg_cluster, DB, "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 10000) g") as pg:
        yield pg


def run(server: PgServer) -> dict[str, Any]:
    options = server.probe_options()
    # Graded from 1 s on, so that the test need not wait an hour.
    options["thresholds"] = {"pg_vacuum_running": {"warn": 1 / 60, "fail": 60}}
    # Its own database only: an autovacuum of another module's on the shared cluster is none of this test's.
    options["databases"] = [DB]
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}["pg.vacuum_progress"]


def test_a_vacuum_waiting_for_a_pinned_page_is_graded_and_named(server: PgServer) -> None:
    import psycopg

    assert run(server)["status"] == "PASS"
    holder = psycopg.connect(server.conninfo(DB))
    holder.execute("BEGIN")
    holder.execute("DECLARE c CURSOR FOR SELECT * FROM t")
    holder.execute("FETCH 1 FROM c")

    def vacuum() -> None:
        with server.connect(DB) as conn:
            conn.execute("VACUUM (FREEZE) t")

    worker = threading.Thread(target=vacuum)
    worker.start()
    try:
        running = "SELECT count(*) FROM pg_stat_progress_vacuum WHERE datname = 'vac'"
        wait_for(lambda: server.psql(running).strip() == "1")
        time.sleep(1.5)
        check = run(server)
        assert check["status"] == "WARN", check
        assert check["detail"].startswith(f"{DB}.t: VACUUM, scanning heap, 0% of the heap scanned, "), check
        assert check["detail"].endswith(", waiting BufferPin/BufferPin"), check
    finally:
        holder.rollback()
        holder.close()
        worker.join(30)
    assert run(server)["status"] == "PASS"
