"""postgres_probe on WAL filling the disk, on a real PostgreSQL (issue 17, "must add"): pg_wal held by a
replication slot beyond what the settings keep, a slot close to losing its WAL (safe_wal_size), and a stalled
checkpointer. On the cluster of each major shared by the scenario modules (``pg_cluster``,
tests/integration/pg.py; the stalled checkpointer on Debian's only), probed as the pg_monitor role.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from healthops_testlib import load_library_module
from pg import LIVE_VERSIONS, PgServer

pytestmark = pytest.mark.integration

probe = load_library_module("postgres_probe")


@pytest.fixture(scope="module")
def server(pg_cluster: PgServer) -> Iterator[PgServer]:
    pg_cluster.psql("CREATE TABLE w (id int)")
    yield pg_cluster
    pg_cluster.psql("DROP TABLE w")


def checks(server: PgServer, thresholds: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    options = server.probe_options()
    options["thresholds"] = thresholds or {}
    return {c["id"]: c for c in probe.run_probe(options)["checks"]}


def settings(server: PgServer, **values: str) -> None:
    for name, value in values.items():
        server.psql(f"ALTER SYSTEM SET {name} = '{value}'")
    server.psql("SELECT pg_reload_conf()")


def reset(server: PgServer, *names: str) -> None:
    for name in names:
        server.psql(f"ALTER SYSTEM RESET {name}")
    server.psql("SELECT pg_reload_conf()")


def switch_wal(server: PgServer, segments: int) -> None:
    """Fill ``segments`` WAL segments cheaply: a row, then a switch to the next segment, each time."""
    for _ in range(segments):
        server.psql("INSERT INTO w VALUES (1); SELECT pg_switch_wal()")


def test_a_healthy_server_passes(server: PgServer) -> None:
    found = checks(server)
    assert found["pg.wal_size"]["status"] == "PASS", found["pg.wal_size"]
    # Before 13 wal_keep_segments keeps WAL for standbys, and slots have no limit.
    keep = "wal_keep_size 0 B, max_slot_wal_keep_size unlimited"
    if server.version < 13:
        keep = "wal_keep_segments 0 B, max_slot_wal_keep_size none (before 13)"
    assert keep in found["pg.wal_size"]["detail"], found["pg.wal_size"]
    assert found["pg.checkpoint_age"]["status"] == "PASS", found["pg.checkpoint_age"]


def test_a_slot_holding_wal_beyond_the_settings_fills_pg_wal(server: PgServer) -> None:
    settings(server, max_wal_size="32MB", min_wal_size="32MB")
    server.psql("SELECT pg_create_physical_replication_slot('forgotten', true)")
    try:
        switch_wal(server, 7)
        server.psql("CHECKPOINT")
        check = checks(server)["pg.wal_size"]
        assert check["status"] == "FAIL", check
        assert check["value"] >= 3, check
        assert "the settings keep 32.0 MiB" in check["detail"], check
        assert "; slot forgotten holds the oldest WAL, " in check["detail"], check
    finally:
        server.psql("SELECT pg_drop_replication_slot('forgotten')")
        reset(server, "max_wal_size", "min_wal_size")
        server.psql("CHECKPOINT")


# max_slot_wal_keep_size and safe_wal_size came with 13.
@pytest.mark.parametrize("pg_cluster", [v for v in LIVE_VERSIONS if v >= 13], indirect=True, ids=lambda v: f"pg{v}")
def test_a_slot_close_to_losing_its_wal(server: PgServer) -> None:
    settings(server, max_slot_wal_keep_size="64MB")
    server.psql("SELECT pg_create_physical_replication_slot('behind', true)")
    try:
        assert "(100% of max_slot_wal_keep_size)" in checks(server)["pg.replication_slots"]["detail"]
        switch_wal(server, 4)
        check = checks(server)["pg.replication_slots"]
        # 16 MB of the 64 MB left before the WAL is removed: below the 50 % WARN limit, above the 20 % FAIL one.
        assert check["status"] == "WARN", check
        assert "16.0 MiB more before its WAL is removed (25% of max_slot_wal_keep_size)" in check["detail"], check
    finally:
        server.psql("SELECT pg_drop_replication_slot('behind')")
        reset(server, "max_slot_wal_keep_size")


# Debian's PostgreSQL alone, for the stalled checkpointer: it waits 38 s, once is enough.
@pytest.mark.parametrize("pg_cluster", [15], indirect=True, ids=["pg15"])
def test_a_stalled_checkpointer_is_graded(server: PgServer) -> None:
    # Checkpoints every 30 s, each done at once: a healthy server's last one is never much older than 30 s.
    settings(server, checkpoint_timeout="30s", checkpoint_completion_target="0")
    server.psql("CHECKPOINT")
    pid = int(server.psql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'").strip())
    limits = {"pg_checkpoint_age": {"warn": 1.2, "fail": 10}}
    started = time.monotonic()
    os.kill(pid, signal.SIGSTOP)
    try:
        switch_wal(server, 2)
        time.sleep(max(0.0, 38 - (time.monotonic() - started)))
        check = checks(server, limits)["pg.checkpoint_age"]
        assert check["status"] == "WARN", check
        assert check["value"] >= 1.2, check
        assert "of WAL written since its redo point" in check["detail"], check
    finally:
        os.kill(pid, signal.SIGCONT)
        reset(server, "checkpoint_timeout", "checkpoint_completion_target")
    server.psql("CHECKPOINT")
    assert checks(server, limits)["pg.checkpoint_age"]["status"] == "PASS"
