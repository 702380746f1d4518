"""PostgreSQL catalogue and evaluation on recorded rows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
import sqlglot
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, validate_check
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE, DATABASE_LIST
from ansible.module_utils.healthops.db.tls import TlsPlan
from sqlglot import exp

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)
MB = 1024 * 1024


def ctx(state: dict[str, Any] | None = None, thresholds: dict[str, Any] | None = None, **options: Any) -> EvalContext:
    return EvalContext(
        merge_thresholds(ev.POSTGRES_THRESHOLDS, thresholds or {}), NOW, state or {}, options, prefix="pg"
    )


def one(checks: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(checks) == 1
    assert validate_check(checks[0]) == []
    return checks[0]


# --------------------------------------------------------------------------- catalogue


@pytest.mark.parametrize("statement", [*CATALOGUE, DATABASE_LIST], ids=lambda s: f"{s.name}@{s.min_version}")
def test_statement_is_one_postgres_query_with_its_binds(statement) -> None:
    sql = re.sub(r"%\((\w+)\)s", r":\1", statement.sql).replace("%%", "%")
    trees = sqlglot.parse(sql, read="postgres", error_level=sqlglot.ErrorLevel.RAISE)
    assert len(trees) == 1
    assert isinstance(trees[0], (exp.Select, exp.Union)), type(trees[0]).__name__
    assert not list(trees[0].find_all(exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Command))
    assert {p.name for p in trees[0].find_all(exp.Placeholder)} == set(statement.binds)
    # Statements run with a parameter mapping, so a literal % must be doubled.
    assert "%" not in re.sub(r"%\(\w+\)s|%%", "", statement.sql), "single % in a statement run with parameters"


def test_statement_names_and_evaluators_agree() -> None:
    names = {s.name for s in CATALOGUE}
    used = {name for e in ev.EVALUATORS for name in e.statements}
    assert used <= names
    assert names - used == {"server"} - used


def test_variants_never_overlap_and_cover_current_versions() -> None:
    for version in (90600, 100000, 120000, 130000, 150004, 160000, 170000, 180000):
        for name in {s.name for s in CATALOGUE}:
            assert len([s for s in CATALOGUE if s.name == name and s.applies(version)]) <= 1
    for version in (130000, 150004, 170002):
        for name in {s.name for s in CATALOGUE}:
            assert any(s.name == name and s.applies(version) for s in CATALOGUE), (name, version)


# --------------------------------------------------------------------------- evaluation


def test_connections_against_the_slots_ordinary_roles_may_take() -> None:
    # 85 of max_connections 100 less 3 superuser-reserved slots: 85 of 97.
    check = one(ev.ev_connections({"connections": [{"used": 85, "max_connections": 100, "reserved": 3}]}, ctx()))
    assert (check["status"], check["value"]) == (WARN, 87.63)
    check = one(ev.ev_connections({"connections": [{"used": None, "max_connections": None}]}, ctx()))
    assert check["status"] == ERROR


def test_reserved_slots_exhausted_is_a_fail_whatever_the_share_of_max_connections() -> None:
    # Recorded on PostgreSQL 15 (tests/integration/test_postgres_verdicts_live.py): 10 ordinary logins and the
    # probe (a superuser) with max_connections 20 of which 10 reserved for superusers: 55 % of max_connections.
    row = {"used": 11, "max_connections": 20, "reserved": 10, "reserved_connections": 0}
    check = one(ev.ev_connections({"connections": [row]}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 110.0)
    assert check["detail"].startswith("no free slot for ordinary users: 11 in use of 10 slots for ordinary roles")
    # reserved_connections (16+) are not for ordinary roles either.
    row = {"used": 14, "max_connections": 20, "reserved": 3, "reserved_connections": 3}
    check = one(ev.ev_connections({"connections": [row]}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 100.0)
    row["used"] = 8
    assert one(ev.ev_connections({"connections": [row]}, ctx()))["status"] == PASS


def test_per_database_connection_limits() -> None:
    rows = [
        {"datname": "postgres", "datconnlimit": -1, "used": 30},
        {"datname": "app", "datconnlimit": 10, "used": 9},
        {"datname": "rpt", "datconnlimit": 20, "used": 2},
    ]
    check = one(ev.ev_database_connections({"database_connections": rows}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 90.0)
    assert check["detail"].startswith("app 9/10")
    rows[1]["used"] = 1
    assert one(ev.ev_database_connections({"database_connections": rows}, ctx()))["status"] == PASS
    assert one(ev.ev_database_connections({"database_connections": rows[:1]}, ctx()))["status"] == PASS


def test_a_database_closed_on_purpose_is_info_not_a_full_one() -> None:
    # CONNECTION LIMIT 0 (a superuser may still be connected) and ALLOW_CONNECTIONS false: closed by an administrator.
    rows = [
        {"datname": "closed", "datconnlimit": 0, "datallowconn": True, "used": 1},
        {"datname": "frozen", "datconnlimit": -1, "datallowconn": False, "used": 0},
        {"datname": "app", "datconnlimit": 10, "datallowconn": True, "used": 2},
    ]
    checks = {c["id"]: c for c in ev.ev_database_connections({"database_connections": rows}, ctx())}
    assert checks["pg.database_connection_limit"]["status"] == PASS
    assert checks["pg.database_connection_limit"]["detail"] == "app 2/10"
    closed = checks["pg.database_closed"]
    assert (closed["status"], closed["value"]) == (INFO, 2)
    assert closed["detail"].startswith("closed on purpose")
    assert closed["detail"].endswith("closed, frozen")


def test_the_database_list_leaves_out_databases_closed_on_purpose() -> None:
    assert "datconnlimit <> 0" in DATABASE_LIST.sql
    assert "datallowconn" in DATABASE_LIST.sql


def test_database_sizes_and_growth_between_runs() -> None:
    before = (NOW - dt.timedelta(days=10)).isoformat()
    state = {"memory": {"db_sizes": {"app": [[before, 1000 * MB]]}}}
    rows = {"database_sizes": [{"datname": "app", "bytes": 1100 * MB}, {"datname": "new", "bytes": Decimal(10 * MB)}]}
    context = ctx(state)
    checks = {c["id"]: c for c in ev.ev_database_sizes(rows, context)}
    assert checks["pg.database_size"]["value"] == 1110.0
    assert checks["pg.database_growth"]["value"] == 10.0
    assert set(context.memory["db_sizes"]) == {"app", "new"}
    first = {x["id"]: x for x in ev.ev_database_sizes(rows, ctx())}
    assert first["pg.database_growth"]["value"] is None


def test_xid_wraparound_age_against_the_freeze_limits() -> None:
    limits = {"freeze_max_age": 200_000_000, "multixact_freeze_max_age": 400_000_000}
    rows = [
        {"datname": "template0", "xid_age": 185_000_000, "mxid_age": 5, **limits},
        {"datname": "app", "xid_age": 300_000, "mxid_age": None, **limits},
    ]
    tables = [
        {"datname": "app", "schemaname": "public", "relname": "orders", "xid_age": 300_000, "mxid_age": 1},
        {"datname": "app", "schemaname": "public", "relname": "lines", "xid_age": 290_000, "mxid_age": 1},
    ]
    check = one(ev.ev_xid_age({"xid_age": rows, "oldest_tables": tables}, ctx()))
    assert (check["status"], check["value"]) == (WARN, 92.5)
    assert check["detail"].startswith("template0 xid age 185000000 of autovacuum_freeze_max_age 200000000")
    assert check["detail"].endswith("oldest tables: app.public.orders 300000, app.public.lines 290000")
    rows[0]["xid_age"] = 191_000_000
    assert one(ev.ev_xid_age({"xid_age": rows, "oldest_tables": []}, ctx()))["status"] == FAIL
    # 1.2 billion of 2^31 was 56 % (WARN at 50 % before); under the freeze limit it is fine.
    rows[0]["xid_age"] = 100_000_000
    assert one(ev.ev_xid_age({"xid_age": rows, "oldest_tables": []}, ctx()))["status"] == PASS
    # Multixact ages are graded against autovacuum_multixact_freeze_max_age.
    rows[1]["mxid_age"] = 390_000_000
    check = one(ev.ev_xid_age({"xid_age": rows, "oldest_tables": []}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 97.5)
    assert check["detail"].startswith("app multixact age 390000000 of autovacuum_multixact_freeze_max_age 400000000")


def test_replication_on_a_primary() -> None:
    rows = {"standby": [{"in_recovery": False}], "replication": []}
    assert one(ev.ev_replication(rows, ctx()))["status"] == INFO
    rows["replication"] = [
        {
            "application_name": "s1",
            "state": "streaming",
            "sync_state": "async",
            "replay_lag_seconds": Decimal("0.5"),
            "replay_lag_bytes": 1024,
        },
        {
            "application_name": "s2",
            "state": "streaming",
            "sync_state": "async",
            "replay_lag_seconds": None,
            "replay_lag_bytes": None,
        },
    ]
    assert one(ev.ev_replication(rows, ctx()))["status"] == PASS
    rows["replication"][1].update(state="catchup", replay_lag_seconds=700)
    check = one(ev.ev_replication(rows, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 700.0)


def test_replication_on_a_standby() -> None:
    rows = {
        "replication": [],
        "standby": [
            {"in_recovery": True, "replay_delay_seconds": 4000, "receiver_status": "streaming", "caught_up": True}
        ],
    }
    assert one(ev.ev_replication(rows, ctx()))["status"] == PASS  # quiet primary, nothing to replay
    rows["standby"][0].update(caught_up=False)
    assert one(ev.ev_replication(rows, ctx()))["status"] == FAIL
    rows["standby"][0].update(replay_delay_seconds=5, receiver_status=None)
    assert one(ev.ev_replication(rows, ctx()))["status"] == WARN  # not streaming


# Rows as pg_stat_replication shows them on a primary (PostgreSQL documentation, "pg_stat_replication":
# state is startup, catchup, streaming, backup or stopping; the *_lag columns are NULL until the
# standby has reported, and replay_lsn is NULL for a base backup).
def _sender(name: str, state: str, lag: Any = Decimal("0.2"), lag_bytes: Any = 8192) -> dict[str, Any]:
    return {
        "application_name": name,
        "client_addr": "10.10.1.12",
        "state": state,
        "sync_state": "async",
        "replay_lag_seconds": lag,
        "write_lag_seconds": lag,
        "replay_lag_bytes": lag_bytes,
    }


@pytest.mark.parametrize(
    "sender",
    [
        _sender("standby2", "catchup"),  # reconnected standby working through the WAL it missed
        _sender("standby2", "startup", lag=None, lag_bytes=None),  # walsender starting, nothing reported yet
        _sender("pg_basebackup", "backup", lag=None, lag_bytes=None),  # a base backup, not a streaming replica
        _sender("standby2", "stopping"),
    ],
    ids=lambda s: s["state"],
)
def test_a_replica_not_streaming_is_a_warning_even_without_lag(sender: dict[str, Any]) -> None:
    rows = {"standby": [{"in_recovery": False}], "replication": [_sender("standby1", "streaming"), sender]}
    check = one(ev.ev_replication(rows, ctx()))
    # The lag alone (at most 0.2 s) is PASS: only the not-streaming rule makes this a WARN.
    assert check["status"] == WARN
    assert check["detail"].endswith(f"; not streaming: {sender['application_name']}")
    assert f"{sender['application_name']} {sender['state']}/async" in check["detail"]
    rows["replication"] = [_sender("standby1", "streaming"), _sender("standby2", "streaming")]
    streaming = one(ev.ev_replication(rows, ctx()))
    assert streaming["status"] == PASS
    assert "not streaming" not in streaming["detail"]


def test_a_replica_not_streaming_does_not_hide_a_failing_lag() -> None:
    rows = {"standby": [{"in_recovery": False}], "replication": [_sender("standby2", "catchup", lag=900)]}
    check = one(ev.ev_replication(rows, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 900.0)


# The standby's side, pg_stat_wal_receiver: status is stopped, starting, streaming, waiting,
# restarting or stopping, and the view has no row at all when no WAL receiver runs (NULL here).
@pytest.mark.parametrize("receiver", ["starting", "waiting", "restarting", "stopping", "stopped", None])
def test_a_standby_whose_wal_receiver_is_not_streaming_is_a_warning(receiver: str | None) -> None:
    standby = {"in_recovery": True, "replay_delay_seconds": 3, "receiver_status": receiver, "caught_up": True}
    check = one(ev.ev_replication({"replication": [], "standby": [standby]}, ctx()))
    assert check["status"] == WARN
    assert f"WAL receiver {receiver or 'not running'}" in check["detail"]
    streaming = one(
        ev.ev_replication({"replication": [], "standby": [dict(standby, receiver_status="streaming")]}, ctx())
    )
    assert streaming["status"] == PASS


def test_replication_slots() -> None:
    assert one(ev.ev_slots({"replication_slots": []}, ctx()))["status"] == PASS
    slot = {
        "slot_name": "s1",
        "slot_type": "physical",
        "active": True,
        "wal_status": "reserved",
        "retained_bytes": 10 * MB,
    }
    assert one(ev.ev_slots({"replication_slots": [slot]}, ctx()))["status"] == PASS
    inactive = dict(slot, active=False)
    assert one(ev.ev_slots({"replication_slots": [inactive]}, ctx()))["status"] == WARN
    lost = dict(slot, wal_status="lost", retained_bytes=None)
    assert one(ev.ev_slots({"replication_slots": [slot, lost]}, ctx()))["status"] == FAIL
    big = dict(slot, retained_bytes=20_000 * MB)
    assert one(ev.ev_slots({"replication_slots": [big]}, ctx()))["status"] == FAIL


def test_long_queries_and_idle_in_transaction() -> None:
    rows = {
        "sessions": [
            {
                "pid": 1,
                "usename": "app",
                "datname": "app",
                "state": "active",
                "query_seconds": 400,
                "state_seconds": 400,
                "query": "SELECT  pg_sleep(1000)",
            },
            {
                "pid": 2,
                "usename": "app",
                "datname": "app",
                "state": "idle in transaction",
                "query_seconds": 10,
                "state_seconds": 9,
                "query": "BEGIN",
            },
            {
                "pid": 3,
                "usename": "app",
                "datname": "app",
                "state": "idle in transaction (aborted)",
                "query_seconds": 1,
                "state_seconds": None,
                "query": "",
            },
        ]
    }
    checks = {c["id"]: c for c in ev.ev_sessions(rows, ctx())}
    assert (checks["pg.long_queries"]["status"], checks["pg.long_queries"]["value"]) == (WARN, 400.0)
    assert "pg_sleep(1000)" in checks["pg.long_queries"]["detail"]
    assert (checks["pg.idle_in_transaction"]["status"], checks["pg.idle_in_transaction"]["value"]) == (PASS, 9.0)
    assert checks["pg.idle_in_transaction"]["detail"].startswith("2 session(s)")
    none = {
        c["id"]: c for c in ev.ev_sessions({"sessions": []}, ctx(thresholds={"pg_idle_in_transaction": {"warn": 0}}))
    }
    assert none["pg.idle_in_transaction"]["status"] == PASS  # no session at all is never graded


def test_blocking_locks() -> None:
    assert one(ev.ev_blocking({"blocking": []}, ctx()))["status"] == PASS
    rows = [
        {
            "pid": 7,
            "usename": "app",
            "datname": "app",
            "blocked_by": [5],
            "wait_seconds": 45,
            "wait_event_type": "Lock",
            "wait_event": "relation",
        }
    ]
    check = one(ev.ev_blocking({"blocking": rows}, ctx()))
    assert (check["status"], check["value"]) == (WARN, 45.0)
    assert check["detail"].endswith("blocked by pid 5")


def test_a_lock_held_by_a_prepared_transaction_names_its_gid() -> None:
    # pg_blocking_pids gives 0 for a prepared transaction (recorded on PostgreSQL 15, the live verdict test).
    row = {"pid": 9, "usename": "app", "datname": "app", "blocked_by": [0], "wait_seconds": 5}
    row.update(wait_event_type="Lock", wait_event="transactionid", blocking_gids=["orphan-1"])
    check = one(ev.ev_blocking({"blocking": [row]}, ctx()))
    assert check["detail"].endswith("blocked by prepared transaction orphan-1")
    row["blocking_gids"] = []
    assert one(ev.ev_blocking({"blocking": [row]}, ctx()))["detail"].endswith("blocked by a prepared transaction")


def test_prepared_transactions_graded_by_age_and_named() -> None:
    assert one(ev.ev_prepared_xacts({"prepared_xacts": []}, ctx()))["status"] == PASS
    rows = [
        {"gid": "orphan-1", "owner": "app", "datname": "app", "age_seconds": Decimal("900.5"), "xid_age": 50012},
        {"gid": "fresh", "owner": "app", "datname": "app", "age_seconds": 0.2, "xid_age": 3},
    ]
    check = one(ev.ev_prepared_xacts({"prepared_xacts": rows}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 900.5)
    assert check["detail"].startswith("2 prepared; prepared transaction orphan-1 (app@app) prepared 15 min ago")
    assert "ROLLBACK PREPARED" in check["detail"]


def test_long_transaction_timed_from_its_start_not_its_last_state_change() -> None:
    # A REPEATABLE READ transaction open 10 minutes, idle for 2 s between statements.
    row = {"pid": 4, "usename": "app", "datname": "app", "state": "idle in transaction", "query": "SELECT 1"}
    row.update(xact_seconds=600.0, state_seconds=2.0, query_seconds=2.1, xmin_age=12)
    checks = {c["id"]: c for c in ev.ev_sessions({"sessions": [row]}, ctx())}
    assert checks["pg.idle_in_transaction"]["status"] == PASS
    assert (checks["pg.long_transactions"]["status"], checks["pg.long_transactions"]["value"]) == (WARN, 600.0)
    assert "pid 4 app@app 10 min" in checks["pg.long_transactions"]["detail"]


def test_xmin_horizon_names_its_holder_against_the_freeze_limit() -> None:
    limits = [{"datname": "app", "xid_age": 10, "freeze_max_age": 200_000_000}]
    assert one(ev.ev_xmin_horizon({"xmin_horizon": [], "xid_age": limits}, ctx()))["status"] == PASS
    rows = [
        {"holder_type": "replication slot", "holder": "gone", "datname": None, "xid_age": 30_000_000},
        {"holder_type": "prepared transaction", "holder": "orphan-1", "datname": "app", "xid_age": 1000},
    ]
    check = one(ev.ev_xmin_horizon({"xmin_horizon": rows, "xid_age": limits}, ctx()))
    assert (check["status"], check["value"]) == (WARN, 15.0)
    assert check["detail"].startswith("replication slot gone (cluster) xid age 30000000, prepared transaction orphan-1")


def test_dead_tuples_and_vacuum_age() -> None:
    rows = [
        {
            "datname": "app",
            "schemaname": "public",
            "relname": "orders",
            "n_live_tup": 1000,
            "n_dead_tup": 4000,
            "vacuum_age_days": Decimal("2"),
        },
        {
            "datname": "app",
            "schemaname": "public",
            "relname": "log",
            "n_live_tup": 10**6,
            "n_dead_tup": 2000,
            "vacuum_age_days": None,
        },
    ]
    checks = {c["id"]: c for c in ev.ev_dead_tuples({"dead_tuples": rows}, ctx(min_dead_tuples=1000))}
    assert (checks["pg.dead_tuples"]["status"], checks["pg.dead_tuples"]["value"]) == (FAIL, 80.0)
    assert checks["pg.dead_tuples"]["detail"].startswith("app.public.orders 80% dead")
    assert checks["pg.vacuum_age"]["status"] == FAIL  # never vacuumed
    assert "never vacuumed" in checks["pg.vacuum_age"]["detail"]
    empty = {c["id"]: c["status"] for c in ev.ev_dead_tuples({"dead_tuples": []}, ctx())}
    assert empty == {"pg.dead_tuples": PASS, "pg.vacuum_age": PASS}


def test_invalid_indexes() -> None:
    assert one(ev.ev_invalid_indexes({"invalid_indexes": []}, ctx()))["status"] == PASS
    rows = [{"datname": "app", "schema_name": "public", "index_name": "orders_uq", "table_name": "orders"}]
    check = one(ev.ev_invalid_indexes({"invalid_indexes": rows}, ctx()))
    assert (check["status"], check["value"]) == (FAIL, 1)
    assert "app.public.orders_uq on orders" in check["detail"]


def archiver(**values: Any) -> dict[str, Any]:
    row = {
        "archive_mode": "on",
        "archived_count": 100,
        "last_archived_wal": "0000000100000000000000AB",
        "failed_count": 0,
        "last_failed_wal": None,
        "last_archived_age_seconds": 600,
        "last_failed_age_seconds": None,
        "failing_now": None,
    }
    row.update(values)
    return row


def test_archiver() -> None:
    off = ev.ev_archiver({"archiver": [archiver(archive_mode="off")]}, ctx())
    assert [c["status"] for c in off] == [INFO]
    context = ctx()
    ok = one(ev.ev_archiver({"archiver": [archiver()]}, context))
    assert ok["status"] == PASS
    assert context.memory["archiver_failed_count"] == 0
    failing = one(ev.ev_archiver({"archiver": [archiver(failed_count=3, failing_now=True)]}, ctx()))
    assert failing["status"] == FAIL
    recovered = ev.ev_archiver(
        {"archiver": [archiver(failed_count=3, failing_now=False)]}, ctx({"memory": {"archiver_failed_count": 1}})
    )
    assert (recovered[0]["status"], recovered[0]["value"]) == (WARN, 2.0)


def test_checkpoints_cache_hit_and_indexes() -> None:
    few = one(ev.ev_checkpoints({"checkpoints": [{"timed": 2, "requested": 1}]}, ctx()))
    assert few["status"] == INFO
    busy = one(ev.ev_checkpoints({"checkpoints": [{"timed": 60, "requested": 40}]}, ctx()))
    assert (busy["status"], busy["value"]) == (WARN, 40.0)
    assert one(ev.ev_cache_hit({"cache_hit": [{"hit": 10, "read": 10}]}, ctx()))["status"] == INFO
    hit = one(ev.ev_cache_hit({"cache_hit": [{"hit": Decimal(89_000), "read": Decimal(11_000)}]}, ctx()))
    assert (hit["status"], hit["value"]) == (FAIL, 89.0)
    unused = [{"datname": "app", "schemaname": "public", "index_name": "i_old", "bytes": 150 * MB}]
    assert one(ev.ev_unused_indexes({"unused_indexes": unused}, ctx()))["status"] == WARN
    assert one(ev.ev_unused_indexes({"unused_indexes": []}, ctx()))["status"] == PASS
    dup = [
        {
            "datname": "app",
            "schema_name": "public",
            "table_name": "t",
            "indexes": ["t_a_idx", "t_a_idx1"],
            "bytes": 16384,
        }
    ]
    check = one(ev.ev_duplicate_indexes({"duplicate_indexes": dup}, ctx()))
    assert check["status"] == WARN
    assert "t_a_idx, t_a_idx1" in check["detail"]
    stale = [
        {"datname": "app", "schemaname": "public", "relname": "t", "n_mod_since_analyze": 500, "analyze_age_days": None}
    ]
    assert "never analyzed" in one(ev.ev_stale_stats({"stale_stats": stale}, ctx()))["detail"]


def test_settings_review_with_units() -> None:
    rows = [
        {"name": "shared_buffers", "setting": "16384", "unit": "8kB", "source": "configuration file"},
        {"name": "log_min_duration_statement", "setting": "-1", "unit": "ms", "source": "default"},
        {"name": "checkpoint_timeout", "setting": "300", "unit": "s", "source": "default"},
        {"name": "autovacuum", "setting": "on", "unit": None, "source": "default"},
    ]
    rules = {
        "shared_buffers": {"min": "256MB"},
        "log_min_duration_statement": {"not": "-1"},
        "checkpoint_timeout": {"min": "5min", "max": "1h"},
        "autovacuum": {"equals": "on", "severity": "FAIL"},
    }
    checks = {c["id"]: c for c in ev.ev_settings({"settings": rows}, ctx(parameter_recommendations=rules))}
    assert (checks["pg.parameter.shared_buffers"]["status"], checks["pg.parameter.shared_buffers"]["value"]) == (
        WARN,
        "128MB",
    )
    assert checks["pg.parameter.log_min_duration_statement"]["status"] == WARN
    assert checks["pg.parameter.checkpoint_timeout"]["status"] == PASS
    assert checks["pg.parameter.autovacuum"]["status"] == PASS
    assert checks["pg.parameters_nondefault"]["value"] == 1


@pytest.mark.parametrize(
    ("message", "cause"),
    [
        ('connection failed: FATAL:  password authentication failed for user "x"', "authentication failed"),
        (
            'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused',
            "connection refused",
        ),
        ("connection failed: timeout expired", "connection timed out"),
        ('FATAL:  database "nope" does not exist', "database or role does not exist"),
        ("something odd", "something odd"),
        # libpq's TLS failures name the fix: the CA file, or an explicit opt-out.
        (
            'connection to server at "10.0.0.21", port 5432 failed: SSL error: certificate verify failed',
            "TLS verification failed: the server's certificate is not signed by the CA in use; set the CA file",
        ),
        (
            'server certificate for "db1.example" does not match host name "10.0.0.21"',
            "TLS verification failed: the server's certificate names another host",
        ),
        ("server does not support SSL, but SSL was required", "the server does not offer TLS"),
        (
            'root certificate file "/etc/healthops/ca.crt" does not exist\nEither provide the file, use the '
            "system's trusted roots with sslrootcert=system, or change sslmode to disable server certificate "
            "verification.",
            "TLS CA file missing or unreadable: set ca_cert",
        ),
    ],
)
def test_connection_errors_name_their_cause(message: str, cause: str) -> None:
    assert ev.describe_connect_error(message).startswith(cause)


def test_uptime_and_tablespace_sizes() -> None:
    server = [{"server_version": "15.8", "uptime_seconds": 3 * 86400, "in_recovery": True}]
    check = one(ev.ev_uptime({"server": server}, ctx()))
    assert (check["status"], check["value"]) == (INFO, 3.0)
    assert check["detail"] == "15.8 standby (in recovery), up 3.0 d"
    rows = [
        {"spcname": "pg_default", "bytes": 3 * MB, "location": ""},
        {"spcname": "fast", "bytes": None, "location": "/ssd/pg"},
    ]
    check = one(ev.ev_tablespace_sizes({"tablespace_sizes": rows}, ctx()))
    assert check["value"] == 3.0
    assert "fast ? at /ssd/pg" in check["detail"]


def test_connect_time_is_graded() -> None:
    assert ev.connect_time_check(ctx(), 0.02, "to x")["status"] == PASS
    assert ev.connect_time_check(ctx(), 6.0, "to x")["status"] == FAIL


def test_tls_check_reports_verification_and_opt_outs() -> None:
    verified = TlsPlan("verify-full", {}, True, "CA file /ca.crt")
    check = one([ev.tls_check(ctx(), verified, True, "TLSv1.3")])
    assert (check["id"], check["status"], check["value"]) == ("pg.tls", PASS, "verify-full")
    assert (
        check["detail"]
        == "TLSv1.3, server certificate verified against CA file /ca.crt and its name matched (verify-full)"
    )
    opt_out = one([ev.tls_check(ctx(), TlsPlan("disable", {}, False), False, None)])
    assert opt_out["status"] == WARN
    assert "ssl_mode disable given explicitly" in opt_out["detail"]
