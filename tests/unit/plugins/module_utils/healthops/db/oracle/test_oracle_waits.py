"""Issue 16 (what it must add): data files against DB_FILES, scheduler failures since the previous run and DBA_JOBS,
log file sync and the top waiting events per interval, shared pool free memory and reloads graded. Rows as the
catalogue's statements return them (V$SYSTEM_EVENT foreground columns, V$SGASTAT, DBA_JOBS)."""

from __future__ import annotations

from typing import Any

import sqlglot
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE, TS_FORMAT
from sqlglot import exp
from test_oracle_evaluate import by_id, ctx, instance

MB = 1024**2


def variant(name: str, version: int):
    found = [s for s in CATALOGUE if s.name == name and s.applies(version)]
    assert len(found) <= 1
    return found[0] if found else None


def views(name: str, version: int = 190000) -> set[str]:
    return {t.name.lower() for t in sqlglot.parse_one(variant(name, version).sql, read="oracle").find_all(exp.Table)}


def remembered(ctx_run: Any, key: str, when: str = "2025-03-24T08:00:00+00:00") -> dict[str, Any]:
    return {"memory": {key: dict(ctx_run.memory[key], time=when)}}


# --------------------------------------------------------------------------- DB_FILES


def test_data_files_are_graded_against_db_files() -> None:
    check = by_id(ev.ev_db_files({"db_files": [{"datafiles": 170, "db_files": "200"}]}, ctx()))["oracle.db_files"]
    assert (check["status"], check["value"]) == (WARN, 85.0)
    assert ev.ev_db_files({"db_files": [{"datafiles": 195, "db_files": "200"}]}, ctx())[0]["status"] == FAIL
    assert ev.ev_db_files({"db_files": [{"datafiles": 12, "db_files": "200"}]}, ctx())[0]["status"] == PASS
    assert views("db_files") == {"v$datafile", "v$parameter"}


# --------------------------------------------------------------------------- scheduler and DBMS_JOB


def test_scheduler_failures_are_read_since_the_previous_run_not_whole_days() -> None:
    # Whole days rounded up read a failure of the day before the previous run twice; the previous run's server
    # time (the alert log's position) reads each failure once.
    statement = variant("scheduler_failures", 190000)
    assert statement.binds == ("since",)
    assert f"log_date > TO_TIMESTAMP_TZ(:since, '{TS_FORMAT}')" in statement.sql
    rows = {"scheduler_failures": [], "scheduler_broken": []}
    check = ev.ev_scheduler(rows, ctx(alert_since="2025-03-01T16:00:00.000000+08:00"))[0]
    assert check["status"] == PASS
    assert "since 2025-03-01T16:00:00.000000+08:00" in check["detail"]


def job(number: int, broken: str, failures: int) -> dict[str, Any]:
    return {
        "job": number,
        "owner": "APP",
        "what": "app_pkg.purge_old_rows;",
        "broken": broken,
        "failures": failures,
        "last_date": "2025-03-20 02:00",
    }


def test_broken_dbms_jobs_on_11g_fail() -> None:
    assert views("legacy_jobs", 110204) == {"dba_jobs"}
    assert variant("legacy_jobs", 190000) is None  # 19c runs DBMS_JOB jobs as scheduler jobs
    check = by_id(ev.ev_dbms_jobs({"legacy_jobs": [job(21, "Y", 16), job(22, "N", 2)]}, ctx()))["oracle.dbms_jobs"]
    assert (check["status"], check["value"]) == (FAIL, 2)
    assert "job 21 of APP BROKEN after 16 failures" in check["detail"]
    assert ev.ev_dbms_jobs({"legacy_jobs": [job(22, "N", 2)]}, ctx())[0]["status"] == WARN
    assert ev.ev_dbms_jobs({"legacy_jobs": []}, ctx())[0]["status"] == PASS


# --------------------------------------------------------------------------- waits per interval


def events(sync_waits: int, sync_us: int, read_us: int, lock_us: int) -> dict[str, Any]:
    return {
        "instance": [instance()],
        "system_events": [
            {"event": "log file sync", "wait_class": "Commit", "waits": sync_waits, "time_us": sync_us},
            {"event": "db file sequential read", "wait_class": "User I/O", "waits": 5_000_000, "time_us": read_us},
            {"event": "enq: TX - row lock contention", "wait_class": "Application", "waits": 900, "time_us": lock_us},
        ],
    }


EARLIER = events(sync_waits=1_000_000, sync_us=2_000_000_000, read_us=9_000_000_000, lock_us=0)
# Since then: 10 000 commits waited 300 s (30 ms each), and row locks took 600 s against 100 s of reads.
NOW = events(sync_waits=1_010_000, sync_us=2_300_000_000, read_us=9_100_000_000, lock_us=600_000_000)


def test_log_file_sync_is_the_average_commit_wait_over_the_interval() -> None:
    first = ctx()
    check = ev.ev_log_file_sync(EARLIER, first)[0]
    assert (check["status"], check["value"]) == (PASS, 2.0)
    assert "since instance startup" in check["detail"]
    check = by_id(ev.ev_log_file_sync(NOW, ctx(state=remembered(first, "log_file_sync_sample"))))
    check = check["oracle.log_file_sync"]
    # 2.3 ms averaged since startup; 30 ms over the last week.
    assert (check["status"], check["value"]) == (FAIL, 30.0)
    assert "over the 7.0 d since the previous run" in check["detail"]
    assert {c.name.lower() for c in sqlglot.parse_one(variant("system_events", 110204).sql).find_all(exp.Column)} >= {
        "total_waits_fg",
        "time_waited_micro_fg",
    }


def test_top_events_name_what_waited_most_in_the_interval() -> None:
    first = ctx()
    assert ev.ev_top_events(EARLIER, first)[0]["detail"].startswith("since instance startup")
    check = by_id(ev.ev_top_events(NOW, ctx(state=remembered(first, "event_sample"))))["oracle.top_events"]
    assert check["status"] == INFO
    # Since startup reads dominate (9.1 ks of 11.4 ks); this week row locks took 60% of the waits.
    assert "enq: TX - row lock contention (Application) 60%" in check["detail"].split(": ", 1)[1].split(", ")[0]
    assert check["value"] == 60.0


def test_shared_pool_free_memory_and_reloads_are_graded() -> None:
    rows = {
        "instance": [instance()],
        "shared_pool": [{"pool_bytes": 1000 * MB, "free_bytes": 30 * MB}],
        "library_cache": [{"pins": 1_000_000, "pinhits": 990_000, "reloads": 5_000, "invalidations": 0}],
    }
    first = ctx()
    checks = by_id(ev.ev_shared_pool(rows, first))
    assert (checks["oracle.shared_pool_free"]["status"], checks["oracle.shared_pool_free"]["value"]) == (FAIL, 3.0)
    assert (checks["oracle.shared_pool_reloads"]["status"], checks["oracle.shared_pool_reloads"]["value"]) == (
        PASS,
        0.5,
    )
    # The next week: 20 000 reloads in 100 000 pins, 20%, though 2.3% since startup.
    rows["library_cache"] = [{"pins": 1_100_000, "pinhits": 1_070_000, "reloads": 25_000, "invalidations": 0}]
    reloads = by_id(ev.ev_shared_pool(rows, ctx(state=remembered(first, "shared_pool_sample"))))
    assert (reloads["oracle.shared_pool_reloads"]["status"], reloads["oracle.shared_pool_reloads"]["value"]) == (
        FAIL,
        20.0,
    )
    assert views("shared_pool") == {"v$sgastat"}


def test_enqueue_and_latch_waits_are_graded_on_their_share_over_the_interval() -> None:
    first = ctx()
    check = ev.ev_enqueue_latch(EARLIER, first)[0]
    assert (check["status"], check["value"]) == (PASS, 0.0)
    check = by_id(ev.ev_enqueue_latch(NOW, ctx(state=remembered(first, "event_sample"))))["oracle.enqueue_latch"]
    # 600 s of row locks of 1000 s waited this week (5% since startup).
    assert (check["status"], check["value"]) == (FAIL, 60.0)
    assert "enq: TX - row lock contention 600 s" in check["detail"]


# --------------------------------------------------------------------------- sessions and extents


def test_connected_users_by_type_and_status() -> None:
    rows = {
        "connected_users": [
            {"type": "USER", "status": "ACTIVE", "sessions": 12, "users": 4},
            {"type": "USER", "status": "INACTIVE", "sessions": 180, "users": 30},
            {"type": "BACKGROUND", "status": "ACTIVE", "sessions": 60, "users": 0},
        ]
    }
    check = by_id(ev.ev_connected_users(rows, ctx()))["oracle.connected_users"]
    assert (check["status"], check["value"]) == (INFO, 192)
    assert "USER INACTIVE 180" in check["detail"]  # TYPE and STATUS as V$SESSION shows them
    rows["connected_users"].append({"type": "USER", "status": "KILLED", "sessions": 3, "users": 1})
    assert ev.ev_connected_users(rows, ctx())[0]["status"] == WARN
    assert views("connected_users") == {"v$session"}


def test_a_segment_whose_next_extent_fits_nowhere_fails() -> None:
    rows = {
        "next_extent": [{"tablespace_name": "APP_DATA", "segments": 3, "largest_next": 64 * MB, "largest_free": 8 * MB}]
    }
    check = by_id(ev.ev_next_extent(rows, ctx()))["oracle.next_extent"]
    assert (check["status"], check["value"]) == (FAIL, 3)
    assert "APP_DATA: 3 segment(s) need up to 64.0 MiB, largest free chunk 8.0 MiB" in check["detail"]
    assert ev.ev_next_extent({"next_extent": []}, ctx())[0]["status"] == PASS
    tree = sqlglot.parse_one(variant("next_extent", 190000).sql, read="oracle")
    assert {t.name.lower() for t in tree.find_all(exp.Table)} == {
        "dba_segments",
        "dba_tablespaces",
        "dba_free_space",
        "dba_data_files",
    }
    assert "next_extent" in {c.name.lower() for c in tree.find_all(exp.Column)}
