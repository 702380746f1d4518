"""postgres_probe on sequences close to their maximum, on a real PostgreSQL (issue 17, "must add").

A sequence that reaches its maximum makes every INSERT that draws from it fail. On the cluster of
each major shared by the scenario modules (``pg_cluster``, tests/integration/pg.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, own_database

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "seqs"


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    with own_database(pg_cluster, DB) as pg:
        yield pg


def run(server: PgServer, superuser: bool) -> dict[str, Any]:
    options = server.probe_options(superuser=superuser)
    options["databases"] = [DB]
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}["pg.sequences"]


def test_a_sequence_close_to_its_maximum_is_a_fail(server: PgServer) -> None:
    with server.connect(DB) as conn:
        conn.execute("CREATE SEQUENCE ticket AS smallint")
        conn.execute("SELECT setval('ticket', 30000)")
        conn.execute("CREATE SEQUENCE fine")
        conn.execute("SELECT nextval('fine')")
    try:
        check = run(server, superuser=True)
        assert check["status"] == "FAIL", check
        assert round(check["value"]) == 92
        assert check["detail"].startswith("seqs.public.ticket 91.6% of 32767"), check
        # The pg_monitor role cannot read last_value: said, not passed over in silence.
        check = run(server, superuser=False)
        assert "2 sequence(s) the probe role may not read" in check["detail"], check
    finally:
        with server.connect(DB) as conn:
            conn.execute("DROP SEQUENCE ticket, fine")
    assert run(server, superuser=True)["status"] == "PASS"
