"""postgres_probe on table and index bloat, estimated from the planner's statistics, on a real PostgreSQL (issue
17, "must add"): three rows in four deleted and vacuumed leave the table's and its index's pages in place. On the
cluster of each major shared by the scenario modules (``pg_cluster``, tests/integration/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import PgServer, own_database

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")
DB = "bloat"


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    with own_database(
        pg_cluster,
        DB,
        "CREATE TABLE b AS SELECT g AS id, repeat('x', 100) AS pad FROM generate_series(1, 200000) g",
        "CREATE TABLE fine AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 100000) g",
        "CREATE INDEX b_pad ON b (pad, id)",
        "ANALYZE",
    ) as pg:
        yield pg


def run(server: PgServer, superuser: bool, check_id: str = "pg.table_bloat") -> dict[str, Any]:
    options = server.probe_options(superuser=superuser)
    options.update(profile="tuning", databases=[DB])
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}[check_id]


def test_a_table_mostly_deleted_is_estimated_bloated(server: PgServer) -> None:
    assert run(server, superuser=True)["detail"] == "none wastes 8.0 MiB or more of 2 table(s) estimated"
    assert run(server, superuser=True, check_id="pg.index_bloat")["status"] == "PASS"
    server.psql("DELETE FROM b WHERE id % 4 <> 0", DB)
    server.psql("VACUUM ANALYZE b", DB)
    check = run(server, superuser=True)
    assert check["status"] == "WARN", check
    assert 70 <= check["value"] <= 80, check
    assert check["detail"].startswith(f"{DB}.public.b 75% ("), check
    index = run(server, superuser=True, check_id="pg.index_bloat")
    assert index["status"] == "WARN", index
    assert index["detail"].startswith(f"{DB}.public.b_pad 7"), index
    # The pg_monitor role sees no statistics of columns it may not read: INFO naming the grant, not a PASS.
    for check_id in ("pg.table_bloat", "pg.index_bloat"):
        check = run(server, superuser=False, check_id=check_id)
        assert check["status"] == "INFO", check
        assert "of 1 MB or more not estimated: the probe role may not read their statistics" in check["detail"], check
        assert check["detail"].endswith("GRANT pg_read_all_data (14+), or SELECT on them, to the probe role"), check
    # pg_read_all_data from 14, SELECT on the tables before.
    grant = "pg_read_all_data" if server.version >= 14 else "SELECT ON ALL TABLES IN SCHEMA public"
    server.psql(f"GRANT {grant} TO {server.probe_user}", DB)
    try:
        check = run(server, superuser=False)
        assert check["status"] == "WARN", check
        assert check["detail"].startswith(f"{DB}.public.b 75% ("), check
    finally:
        server.psql(f"REVOKE {grant} FROM {server.probe_user}", DB)
