"""Replication verdicts from recorded rows (issue 17, class 5).

Rows as PostgreSQL 15 gave them in tests/integration/test_postgres_replication_live.py: pg_receivewal
attached to a primary (replay_lsn empty, replay_lag growing), a standby paused, a standby that has
replayed nothing since it started, and a synchronous standby stopped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.standbys import parse_synchronous_standby_names

NOW = dt.datetime(2026, 12, 6, 7, 30, tzinfo=dt.UTC)
MB = 1024 * 1024
PRIMARY = {"in_recovery": False, "replay_delay_seconds": None, "receiver_status": None, "caught_up": None}


def ctx(**options: Any) -> EvalContext:
    return EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, options=options, prefix="pg")


def attached(name: str, **values: Any) -> dict[str, Any]:
    row = {"application_name": name, "client_addr": None, "state": "streaming", "sync_state": "async"}
    row.update(replays=True, replay_lag_seconds=0.2, write_lag_seconds=0.1, replay_lag_bytes=0, write_lag_bytes=0)
    row.update(values)
    return row


RECEIVEWAL = attached(
    "pg_receivewal", replays=False, replay_lag_seconds=5.351609, write_lag_seconds=1.063793, replay_lag_bytes=None
)


def lag(replicas: list[dict[str, Any]], standby: dict[str, Any] | None = None) -> dict[str, Any]:
    (check,) = ev.ev_replication({"replication": replicas, "standby": [standby or PRIMARY]}, ctx())
    return check


def test_pg_receivewal_is_graded_on_its_write_lag_not_on_replay() -> None:
    check = lag([dict(RECEIVEWAL, replay_lag_seconds=86400.0)])
    assert (check["status"], check["value"]) == (PASS, 1.06)
    assert check["detail"] == "pg_receivewal WAL receiver (does not replay) streaming/async write lag 1.1 s, 0 B behind"


def test_byte_lag_and_write_lag_are_graded() -> None:
    assert lag([attached("s1", replay_lag_bytes=2048 * MB)])["status"] == WARN
    assert lag([attached("s1", replay_lag_bytes=20480 * MB)])["status"] == FAIL
    assert lag([dict(RECEIVEWAL, write_lag_seconds=700.0)])["status"] == FAIL
    assert lag([attached("s1", replay_lag_seconds=0.5, replay_lag_bytes=1024)])["status"] == PASS


def standby(**values: Any) -> dict[str, Any]:
    row = {"in_recovery": True, "replay_delay_seconds": 3.2, "receiver_status": "streaming", "caught_up": True}
    row.update(replay_paused=False, replay_waiting_bytes=0, synchronous_standby_names="")
    row.update(values)
    return row


def test_a_healthy_standby_on_a_quiet_primary_passes() -> None:
    assert lag([], standby(replay_delay_seconds=86400.0))["status"] == PASS


def test_a_paused_standby_is_named_with_the_bytes_waiting() -> None:
    check = lag([], standby(caught_up=False, replay_paused=True, replay_waiting_bytes=50331648))
    assert check["status"] == WARN
    assert check["detail"].startswith("replay paused (pg_wal_replay_resume() resumes it); standby: WAL receiver")
    assert "48.0 MiB waiting to be replayed" in check["detail"]


def test_a_standby_that_replayed_nothing_since_it_started_is_no_error() -> None:
    check = lag([], standby(replay_delay_seconds=None, caught_up=True))
    assert (check["status"], check["value"]) == (PASS, 0.0)
    assert "nothing replayed since the standby started" in check["detail"]
    waiting = lag([], standby(replay_delay_seconds=None, caught_up=False, replay_waiting_bytes=3000 * MB))
    assert waiting["status"] == WARN


def test_a_slot_is_measured_on_a_standby() -> None:
    row = {"slot_name": "cascade", "slot_type": "physical", "active": True, "wal_status": "reserved"}
    (check,) = ev.ev_slots({"replication_slots": [dict(row, retained_bytes=16777216)]}, ctx())
    assert (check["status"], check["value"]) == (PASS, 16.0)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("", None),
        ("standby1", ("FIRST", 1, ["standby1"])),
        ("s1, S2", ("FIRST", 1, ["s1", "s2"])),
        ('FIRST 2 (s1, "Node B", s3)', ("FIRST", 2, ["s1", "Node B", "s3"])),
        ("ANY 1 (s1,s2)", ("ANY", 1, ["s1", "s2"])),
        ("2 (s1, s2)", ("FIRST", 2, ["s1", "s2"])),
        ("*", ("FIRST", 1, ["*"])),
    ],
)
def test_synchronous_standby_names_are_parsed(text: str, parsed: Any) -> None:
    assert parse_synchronous_standby_names(text) == parsed


def standbys(replicas: list[dict[str, Any]], names: str = "", expected: list[str] | None = None) -> dict[str, Any]:
    row = dict(PRIMARY, synchronous_standby_names=names)
    (check,) = ev.ev_standbys({"replication": replicas, "standby": [row]}, ctx(expected_standbys=expected or []))
    return check


def test_a_stopped_synchronous_standby_is_a_fail() -> None:
    check = standbys([], "standby1", ["standby1", "standby2"])
    assert check["status"] == FAIL
    assert check["detail"] == (
        "synchronous standby standby1 not attached: commits wait (synchronous_standby_names = 'standby1'); "
        "expected standby standby1 not attached; expected standby standby2 not attached"
    )


def test_standbys_present_or_a_quorum_still_met() -> None:
    assert standbys([attached("standby1")], "standby1", ["standby1"])["status"] == PASS
    assert standbys([attached("s1")], "ANY 1 (s1, s2)")["status"] == WARN
    assert standbys([attached("s1")], "FIRST 2 (s1, s2)")["status"] == FAIL
    assert standbys([attached("anything")], "*")["status"] == PASS
    assert standbys([], "*")["status"] == FAIL
    assert standbys([RECEIVEWAL], expected=["standby1"])["status"] == WARN
    nothing = standbys([RECEIVEWAL])
    assert (nothing["status"], nothing["detail"]) == (
        INFO,
        "no standby expected (expected_standbys) or synchronous; attached: pg_receivewal",
    )
    on_standby = ev.ev_standbys({"replication": [], "standby": [standby()]}, ctx(expected_standbys=["x"]))
    assert on_standby[0]["status"] == INFO
