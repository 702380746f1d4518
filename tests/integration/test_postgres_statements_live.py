"""postgres_probe on the top SQL of pg_stat_statements in the tuning profile, on a real PostgreSQL (issue 17,
"must add"): said what is missing while the module is not preloaded or the extension not created, then the
statements that took the most time, read by the pg_monitor role. A cluster of its own of each major whose server
ships the module (tests/integration/pg.py: Debian's 15, the wheels' 17 and 18; the 16 wheel, pgserver, has no
contrib modules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import LIVE_VERSIONS, PgServer, version_cluster

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module", params=[v for v in LIVE_VERSIONS if v != 16], ids=lambda v: f"pg{v}")
def server(request: pytest.FixtureRequest) -> Iterator[PgServer]:
    with version_cluster(request.param) as pg:
        yield pg


def run(server: PgServer) -> dict[str, Any]:
    options = server.probe_options()
    options["profile"] = "tuning"
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}["pg.top_statements"]


def test_top_sql_when_pg_stat_statements_is_there(server: PgServer) -> None:
    check = run(server)
    assert check["status"] == "INFO", check
    assert check["detail"].startswith("pg_stat_statements is not in shared_preload_libraries"), check
    server.psql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    server.run(str(server.bindir / "pg_ctl"), "-D", str(server.datadir), "-l", str(server.logfile), "-w", "restart")
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
