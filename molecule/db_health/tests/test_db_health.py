"""The db_health role probed the instance's PostgreSQL in both profiles, found the fault, changed nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from testinfra.host import Host

EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
STATE = EPHEMERAL / "state" / "db_health" / "postgres_db-health-pg.json"


def statuses(profile: str) -> dict[str, str]:
    state = json.loads(STATE.read_text(encoding="utf-8"))
    return state["runs"][profile]["statuses"]


def test_monthly_check_found_the_invalid_index_and_nothing_else_wrong() -> None:
    found = statuses("monthly")
    assert found["pg.invalid_indexes"] == "FAIL"
    for check in (
        "pg.tls",  # verify-full against the scenario's CA
        "pg.connect_time",
        "pg.connections",
        "pg.xid_wraparound",
        "pg.blocking_locks",
        "pg.idle_in_transaction",
    ):
        assert found[check] == "PASS", check
    assert "ERROR" not in found.values(), found


def test_tuning_review_ran_with_the_recommended_parameters() -> None:
    found = statuses("tuning")
    assert found["pg.parameter.autovacuum"] == "PASS"
    assert found["pg.tls"] == "PASS"
    assert "pg.cache_hit" in found
    assert "pg.invalid_indexes" not in found
    assert "ERROR" not in found.values(), found


def sql(host: Host, query: str) -> str:
    """One value from psql in the application database, as the postgres OS user."""
    return host.check_output("runuser -u postgres -- psql -X -A -t -d app -c %s", query).strip()


def test_the_server_is_unchanged(host: Host) -> None:
    # The probe is read-only: the fault it reported is still there, and it left no session behind.
    assert sql(host, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "1"
    assert sql(host, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'healthops_probe'") == "0"
