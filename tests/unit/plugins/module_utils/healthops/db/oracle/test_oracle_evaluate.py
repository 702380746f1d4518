"""Oracle evaluation on recorded rows: NULLs, empty results, UNLIMITED limits, autoextend files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, validate_check
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import QueryError, Unavailable
from ansible.module_utils.healthops.db.context import EvalContext, run_evaluators
from ansible.module_utils.healthops.db.oracle import availability, base
from ansible.module_utils.healthops.db.oracle import evaluate as ev

NOW = dt.datetime(2025, 3, 31, 8, 0, tzinfo=dt.UTC)
GB = 1024**3


def ctx(state: dict[str, Any] | None = None, thresholds: dict[str, Any] | None = None, **options: Any) -> EvalContext:
    return EvalContext(
        thresholds=merge_thresholds(base.ORACLE_THRESHOLDS, thresholds or {}),
        now=NOW,
        state=state or {},
        options=options,
        prefix="oracle",
    )


def by_id(checks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for c in checks:
        assert validate_check(c) == [], c
    return {c["id"]: c for c in checks}


def ts(name: str, allocated: Any, maximum: Any, free: Any, status: str = "ONLINE", auto: int = 1) -> dict[str, Any]:
    return {
        "tablespace_name": name,
        "contents": "PERMANENT",
        "status": status,
        "bigfile": "NO",
        "allocated_bytes": allocated,
        "max_bytes": maximum,
        "autoextensible_files": auto,
        "file_count": 1,
        "free_bytes": free,
    }


# --------------------------------------------------------------------------- capacity


def test_tablespace_is_graded_against_the_autoextend_ceiling_not_the_allocation() -> None:
    # 9 GiB allocated and 8.9 GiB used, but the file may grow to 32 GiB: 28% of the ceiling.
    rows = {"tablespaces": [ts("USERS", 9 * GB, 32 * GB, Decimal(GB) / 10)]}
    check = by_id(ev.ev_tablespaces(rows, c := ctx()))["oracle.tablespace.USERS"]
    assert check["status"] == PASS
    assert check["value"] == pytest.approx(27.81, abs=0.01)
    assert "1 of 1 file(s) autoextend" in check["detail"]
    assert c.memory["tablespaces"]["USERS"][-1][1] == pytest.approx(8.9 * GB)


def test_tablespace_without_autoextend_uses_its_size() -> None:
    rows = {"tablespaces": [ts("APP", 10 * GB, 10 * GB, 0.4 * GB, auto=0)]}
    check = by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.APP"]
    assert (check["status"], check["value"]) == (FAIL, 96.0)


def test_autoextend_maxbytes_below_the_current_size_counts_the_size() -> None:
    # MAXBYTES smaller than BYTES (file resized by hand): the ceiling is the size, not less.
    rows = {"tablespaces": [ts("SHRUNK", 10 * GB, 2 * GB, 1 * GB)]}
    check = by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.SHRUNK"]
    assert check["value"] == 90.0
    assert check["status"] == WARN


def test_tablespace_with_no_free_extent_row_is_full() -> None:
    # DBA_FREE_SPACE has no row for a completely full tablespace: free is NULL.
    rows = {"tablespaces": [ts("FULL", 5 * GB, 5 * GB, None, auto=0)]}
    assert by_id(ev.ev_tablespaces(rows, ctx()))["oracle.tablespace.FULL"]["status"] == FAIL


def test_offline_and_read_only_tablespaces_are_shown_as_such() -> None:
    rows = {
        "tablespaces": [
            ts("OLD", None, None, None, status="OFFLINE"),
            ts("ARCHIVE", 4 * GB, 4 * GB, 0, status="READ ONLY", auto=0),
        ]
    }
    checks = by_id(ev.ev_tablespaces(rows, ctx()))
    assert checks["oracle.tablespace.OLD"]["status"] == WARN
    assert "OFFLINE" in checks["oracle.tablespace.OLD"]["detail"]
    # A full READ ONLY tablespace cannot grow and is not a finding.
    assert checks["oracle.tablespace.ARCHIVE"]["status"] == INFO
    assert checks["oracle.tablespace.ARCHIVE"]["detail"].startswith("READ ONLY")


def test_tablespace_thresholds_can_be_overridden() -> None:
    rows = {"tablespaces": [ts("USERS", 10 * GB, 10 * GB, 1.5 * GB, auto=0)]}  # 85%
    assert ev.ev_tablespaces(rows, ctx())[0]["status"] == WARN
    assert ev.ev_tablespaces(rows, ctx(thresholds={"oracle_tablespace": {"warn": 90}}))[0]["status"] == PASS


def test_empty_tablespace_list_is_an_error() -> None:
    assert ev.ev_tablespaces({"tablespaces": []}, ctx())[0]["status"] == ERROR


def test_temp_usage_is_measured_against_the_tempfile_ceiling() -> None:
    row = {
        "tablespace_name": "TEMP",
        "status": "ONLINE",
        "allocated_bytes": 2 * GB,
        "max_bytes": 32 * GB,
        "autoextensible_files": 1,
        "tablespace_size": 2 * GB,
        "free_bytes": 0.5 * GB,
    }
    check = ev.ev_temp({"temp_tablespaces": [row]}, ctx())[0]
    assert check["id"] == "oracle.temp.TEMP"
    assert check["value"] == pytest.approx(4.69, abs=0.01)
    assert check["status"] == PASS
    row_null = dict(row, free_bytes=None, tablespace_size=None)
    assert ev.ev_temp({"temp_tablespaces": [row_null]}, ctx())[0]["status"] == INFO


def test_undo_is_graded_on_active_extents_only() -> None:
    row = {
        "tablespace_name": "UNDOTBS1",
        "status": "ONLINE",
        "allocated_bytes": 10 * GB,
        "max_bytes": 10 * GB,
        "autoextensible_files": 0,
        "active_bytes": 1 * GB,
        "unexpired_bytes": 8.5 * GB,
        "expired_bytes": None,
    }
    check = ev.ev_undo({"undo_tablespaces": [row]}, ctx())[0]
    assert (check["status"], check["value"]) == (PASS, 10.0)
    assert "unexpired 8.5 GiB" in check["detail"]
    hot = dict(row, active_bytes=9.6 * GB)
    assert ev.ev_undo({"undo_tablespaces": [hot]}, ctx())[0]["status"] == FAIL


def test_fra_is_net_of_reclaimable_space() -> None:
    row = {
        "name": "+FRA",
        "space_limit": 100 * GB,
        "space_used": 95 * GB,
        "space_reclaimable": 40 * GB,
        "number_of_files": 12,
    }
    check = ev.ev_fra({"fra": [row]}, ctx())[0]
    assert (check["status"], check["value"]) == (PASS, 55.0)
    row["space_reclaimable"] = 5 * GB
    assert ev.ev_fra({"fra": [row]}, ctx())[0]["status"] == FAIL
    row["space_reclaimable"] = None
    assert ev.ev_fra({"fra": [row]}, ctx())[0]["value"] == 95.0


@pytest.mark.parametrize("rows", [[], [{"name": None, "space_limit": 0, "space_used": 0, "space_reclaimable": 0}]])
def test_no_fra_configured_is_info(rows: list[dict[str, Any]]) -> None:
    assert ev.ev_fra({"fra": rows}, ctx())[0]["status"] == INFO


def test_days_until_full_from_growth_between_runs() -> None:
    # 100 GiB ceiling; 50 GiB used 30 days ago, 80 GiB now: 1 GiB/day, 20 days left.
    before = (NOW - dt.timedelta(days=30)).isoformat()
    state = {"memory": {"tablespaces": {"USERS": [[before, 50 * GB]], "STATIC": [[before, 10 * GB]]}}}
    rows = {
        "tablespaces": [
            ts("USERS", 100 * GB, 100 * GB, 20 * GB, auto=0),
            ts("STATIC", 50 * GB, 50 * GB, 40 * GB, auto=0),
        ]
    }
    check = ev.ev_tablespace_growth(rows, c := ctx(state))[0]
    assert check["id"] == "oracle.tablespace_days_to_full"
    assert check["value"] == pytest.approx(20.0, abs=0.01)
    assert check["status"] == FAIL  # fewer than 30 days
    assert "STATIC not growing" in check["detail"]
    assert len(c.memory["tablespaces"]["USERS"]) == 2


def test_days_until_full_needs_an_earlier_sample() -> None:
    rows = {"tablespaces": [ts("USERS", 10 * GB, 10 * GB, 5 * GB)]}
    check = ev.ev_tablespace_growth(rows, ctx())[0]
    assert check["status"] == INFO
    assert check["value"] is None


def test_tablespaces_not_growing_pass() -> None:
    before = (NOW - dt.timedelta(days=90)).isoformat()
    state = {"memory": {"tablespaces": {"USERS": [[before, 6 * GB]]}}}
    rows = {"tablespaces": [ts("USERS", 10 * GB, 10 * GB, 5 * GB)]}
    assert ev.ev_tablespace_growth(rows, ctx(state))[0]["status"] == PASS


# --------------------------------------------------------------------------- sessions


def limit_row(name: str, current: Any, peak: Any, limit: Any) -> dict[str, Any]:
    return {
        "resource_name": name,
        "current_utilization": current,
        "max_utilization": peak,
        "initial_allocation": limit,
        "limit_value": limit,
    }


def test_resource_limits_with_unlimited_and_padded_values() -> None:
    rows = {
        "resource_limits": [limit_row("sessions     ", 50, 80, " 472"), limit_row("processes", 290, 300, "  UNLIMITED")]
    }
    checks = by_id(ev.ev_resource_limits(rows, ctx()))
    assert checks["oracle.sessions"]["status"] == PASS
    assert checks["oracle.sessions"]["value"] == pytest.approx(10.59, abs=0.01)
    assert checks["oracle.processes"]["status"] == INFO
    assert checks["oracle.processes"]["threshold"] == "UNLIMITED"


def test_reaching_the_limit_since_startup_warns() -> None:
    rows = {"resource_limits": [limit_row("sessions", 40, 472, "472"), limit_row("processes", 270, 280, "300")]}
    checks = by_id(ev.ev_resource_limits(rows, ctx()))
    assert checks["oracle.sessions"]["status"] == WARN
    assert "ORA-00018" in checks["oracle.sessions"]["detail"]
    assert checks["oracle.processes"]["status"] == FAIL  # 90%


def test_missing_resource_row_is_an_error() -> None:
    checks = by_id(ev.ev_resource_limits({"resource_limits": []}, ctx()))
    assert checks["oracle.sessions"]["status"] == ERROR


def test_blocking_sessions() -> None:
    assert ev.ev_blocking({"blocking_sessions": []}, ctx())[0]["status"] == PASS
    rows = [
        {
            "sid": 12,
            "serial#": 3,
            "username": "APP",
            "blocking_session": 40,
            "event": "enq: TX - row lock contention",
            "wait_seconds": 75.2,
        },
        {
            "sid": 13,
            "serial#": 9,
            "username": "APP",
            "blocking_session": 40,
            "event": "enq: TX - row lock contention",
            "wait_seconds": None,
        },
    ]
    check = ev.ev_blocking({"blocking_sessions": rows}, ctx())[0]
    assert (check["status"], check["value"]) == (WARN, 75.2)
    assert check["detail"].startswith("2 blocked; sid 12,3")


# --------------------------------------------------------------------------- integrity


def test_invalid_objects_counted_by_owner_and_type() -> None:
    assert ev.ev_invalid_objects({"invalid_objects": []}, ctx())[0]["status"] == PASS
    rows = [
        {"owner": "APP", "object_type": "PACKAGE BODY", "object_count": Decimal(3)},
        {"owner": "SYS", "object_type": "VIEW", "object_count": 1},
    ]
    check = ev.ev_invalid_objects({"invalid_objects": rows}, ctx())[0]
    assert (check["status"], check["value"]) == (WARN, 4)
    assert "APP PACKAGE BODY 3" in check["detail"]


def test_unusable_indexes_and_partitions_fail() -> None:
    assert ev.ev_unusable_indexes({"unusable_indexes": []}, ctx())[0]["status"] == PASS
    rows = [
        {"owner": "APP", "index_name": "I1", "partition_name": None},
        {"owner": "APP", "index_name": "I2", "partition_name": "P2024"},
    ]
    check = ev.ev_unusable_indexes({"unusable_indexes": rows}, ctx())[0]
    assert (check["status"], check["value"]) == (FAIL, 2)
    assert "APP.I2 (P2024)" in check["detail"]


def test_registry_components() -> None:
    rows = [
        {
            "comp_id": "CATALOG",
            "comp_name": "Oracle Database Catalog Views",
            "version": "19.0.0.0.0",
            "status": "VALID",
        },
        {"comp_id": "OLS", "comp_name": "Oracle Label Security", "version": "19.0.0.0.0", "status": "OPTION OFF"},
    ]
    assert ev.ev_registry({"registry": rows}, ctx())[0]["status"] == PASS
    rows.append(
        {"comp_id": "JAVAVM", "comp_name": "JServer JAVA Virtual Machine", "version": "19.0.0.0.0", "status": "INVALID"}
    )
    rows.append({"comp_id": "XDB", "comp_name": "Oracle XML Database", "version": "19.0.0.0.0", "status": "UPGRADING"})
    check = ev.ev_registry({"registry": rows}, ctx())[0]
    assert (check["status"], check["value"]) == (FAIL, 2)


def test_corrupted_blocks_and_datafiles() -> None:
    assert ev.ev_block_corruption({"block_corruption": []}, ctx())[0]["status"] == PASS
    rows = [{"file#": 7, "block#": 1201, "blocks": 4, "corruption_type": "CHECKSUM"}]
    assert ev.ev_block_corruption({"block_corruption": rows}, ctx())[0]["value"] == 4
    assert ev.ev_datafiles({"datafile_status": []}, ctx())[0]["status"] == PASS
    rows = [
        {"problem": "RECOVER", "file#": 5, "name": "/u02/app01.dbf", "status": "OFFLINE", "error": "FILE NOT FOUND"}
    ]
    check = ev.ev_datafiles({"datafile_status": rows}, ctx())[0]
    assert check["status"] == FAIL
    assert "needs recovery" in check["detail"]


# --------------------------------------------------------------------------- backup and recovery


def rman(input_type: str, age: Any, failed: int = 0) -> dict[str, Any]:
    return {
        "input_type": input_type,
        "last_ok_age_hours": age,
        "failed_jobs": failed,
        "last_failed_start": "2025-03-30 01:00" if failed else None,
    }


def test_backup_age_from_the_newest_database_backup() -> None:
    rows = {"rman_jobs": [rman("DB FULL", 150.0), rman("DB INCR", 20.5), rman("ARCHIVELOG", 0.5)]}
    checks = by_id(ev.ev_rman(rows, ctx(window_days=31)))
    assert (checks["oracle.backup_age"]["status"], checks["oracle.backup_age"]["value"]) == (PASS, 20.5)
    assert checks["oracle.rman_failures"]["status"] == PASS


def test_old_backup_and_failed_jobs() -> None:
    # The last good full backup is NULL (never completed); the incremental is 50 h old.
    rows = {"rman_jobs": [rman("DB FULL", None, failed=2), rman("DB INCR", 50.0)]}
    checks = by_id(ev.ev_rman(rows, ctx(window_days=31)))
    assert checks["oracle.backup_age"]["status"] == FAIL
    assert (checks["oracle.rman_failures"]["status"], checks["oracle.rman_failures"]["value"]) == (WARN, 2)


def test_no_rman_backup_fails_unless_not_expected() -> None:
    assert ev.ev_rman({"rman_jobs": []}, ctx())[0]["status"] == FAIL
    assert ev.ev_rman({"rman_jobs": [rman("ARCHIVELOG", 1.0)]}, ctx(rman_expected=False))[0]["status"] == INFO


def instance(role: str = "PRIMARY", mode: str = "READ WRITE", log_mode: str = "ARCHIVELOG") -> dict[str, Any]:
    return {
        "instance_name": "ORCL",
        "host_name": "bj-ora-01",
        "version": "19.0.0.0.0",
        "instance_status": "OPEN",
        "uptime_seconds": Decimal(86400 * 12),
        "startup_time": "2025-03-19 08:00:00",
        "db_name": "ORCL",
        "db_unique_name": "ORCL_A",
        "database_role": role,
        "open_mode": mode,
        "log_mode": log_mode,
        "db_time": "2025-03-31T16:00:00.000000+08:00",
    }


def test_primary_without_standby_is_info() -> None:
    rows = {"instance": [instance()], "archive_dest": [], "archive_gap": [], "dataguard_stats": []}
    checks = by_id(ev.ev_dataguard(rows, ctx()))
    assert checks["oracle.archive_gap"]["status"] == INFO
    assert checks["oracle.dataguard_lag"]["status"] == INFO


def test_primary_with_a_gap_to_its_standby_fails() -> None:
    dest = {
        "dest_id": 2,
        "dest_name": "LOG_ARCHIVE_DEST_2",
        "status": "VALID",
        "type": "PHYSICAL",
        "gap_status": "RESOLVABLE GAP",
        "error": None,
    }
    rows = {"instance": [instance()], "archive_dest": [dest], "archive_gap": [], "dataguard_stats": []}
    assert by_id(ev.ev_dataguard(rows, ctx()))["oracle.archive_gap"]["status"] == FAIL
    rows["archive_dest"] = [dict(dest, gap_status="NO GAP")]
    assert by_id(ev.ev_dataguard(rows, ctx()))["oracle.archive_gap"]["status"] == PASS


def test_standby_lag_and_gaps() -> None:
    stats = [
        {"name": "transport lag", "value": "+00 00:00:02", "unit": "day(2) to second(0) interval"},
        {"name": "apply lag", "value": "+00 00:12:30"},
    ]
    rows = {
        "instance": [instance("PHYSICAL STANDBY", "MOUNTED")],
        "archive_dest": [],
        "archive_gap": [],
        "dataguard_stats": stats,
    }
    checks = by_id(ev.ev_dataguard(rows, ctx()))
    assert (checks["oracle.dataguard_lag"]["status"], checks["oracle.dataguard_lag"]["value"]) == (WARN, 750.0)
    assert checks["oracle.archive_gap"]["status"] == PASS
    rows["archive_gap"] = [{"thread#": 1, "low_sequence#": 1200, "high_sequence#": 1204}]
    rows["dataguard_stats"] = [{"name": "apply lag", "value": None}]
    checks = by_id(ev.ev_dataguard(rows, ctx()))
    assert checks["oracle.archive_gap"]["status"] == FAIL
    assert checks["oracle.dataguard_lag"]["status"] == WARN  # lag not computed


@pytest.mark.parametrize(
    ("text", "seconds"), [("+00 00:05:12", 312.0), ("+01 02:00:00", 93600.0), ("garbage", None), (None, None)]
)
def test_interval_seconds(text: Any, seconds: Any) -> None:
    assert base.interval_seconds(text) == seconds


def test_redo_switch_interval_from_the_busiest_hour() -> None:
    rows = {
        "redo_switches": [
            {"thread#": 1, "hour": "2025-03-30 10", "switches": 4},
            {"thread#": 1, "hour": "2025-03-30 11", "switches": 30},
        ],
        "redo_logs": [{"thread#": 1, "group#": 1, "bytes": 200 * 1024**2, "members": 2, "status": "CURRENT"}],
    }
    check = ev.ev_redo(rows, ctx())[0]
    assert (check["status"], check["value"]) == (FAIL, 2.0)
    assert "200.0 MiB" in check["detail"]
    assert ev.ev_redo({"redo_switches": [], "redo_logs": []}, ctx())[0]["status"] == PASS


# --------------------------------------------------------------------------- logs, security, jobs


def test_alert_log_errors_critical_fail_others_warn_and_position_moves() -> None:
    rows = {"instance": [instance()], "alert_log": []}
    c = ctx(alert_since="2025-03-01T00:00:00.000000+08:00")
    assert ev.ev_alert_log(rows, c)[0]["status"] == PASS
    assert c.memory["alert_since"] == "2025-03-31T16:00:00.000000+08:00"
    rows["alert_log"] = [
        {
            "error_code": "ORA-01555",
            "occurrences": 3,
            "last_seen": "2025-03-20T01:00:00.000000+08:00",
            "sample_text": "ORA-01555 caused by",
        }
    ]
    assert ev.ev_alert_log(rows, ctx())[0]["status"] == WARN
    rows["alert_log"].append(
        {
            "error_code": "ORA-00600",
            "occurrences": 1,
            "last_seen": "2025-03-21T01:00:00.000000+08:00",
            "sample_text": "ORA-00600: internal",
        }
    )
    check = ev.ev_alert_log(rows, ctx())[0]
    assert (check["status"], check["value"]) == (FAIL, 4)
    assert check["detail"].index("ORA-00600") < check["detail"].index("ORA-01555")


def test_alert_since_first_run_and_later_runs() -> None:
    assert base.alert_since(None, "2025-03-31T16:00:00.000000+08:00", 31) == "2025-02-28T16:00:00.000000+08:00"
    assert (
        base.alert_since("2025-03-30T10:00:00.000000+08:00", "2025-03-31T16:00:00.000000+08:00")
        == "2025-03-30T10:00:00.000000+08:00"
    )


def test_window_days() -> None:
    assert base.window_days(None, NOW) == 31
    assert base.window_days((NOW - dt.timedelta(days=29, hours=2)).isoformat(), NOW) == 30
    assert base.window_days((NOW - dt.timedelta(days=400)).isoformat(), NOW) == 92


def account(name: str, status: str, days_left: Any, life: Any = "DEFAULT", default_life: Any = "180") -> dict[str, Any]:
    return {
        "username": name,
        "account_status": status,
        "profile": "APP",
        "days_left": days_left,
        "profile_life": life,
        "default_life": default_life,
    }


def test_password_expiry_against_the_profile_lifetime() -> None:
    rows = {
        "password_expiry": [
            account("APP", "OPEN", Decimal("90"), "180"),  # 50%: PASS
            account("REPORT", "OPEN", 20, "DEFAULT", "180"),  # 89%: WARN
            account("ETL", "EXPIRED(GRACE)", 0, "90"),  # 100%: FAIL
            account("OLD", "EXPIRED", None),  # expired: FAIL
            account("GONE", "EXPIRED & LOCKED", None),  # locked on purpose: ignored
            account("SVC", "OPEN", None, "UNLIMITED"),  # no expiry
            account("SVC2", "OPEN", None, "DEFAULT", "UNLIMITED"),
        ]
    }
    check = ev.ev_password_expiry(rows, ctx())[0]
    assert check["status"] == FAIL
    assert check["value"] == 3
    assert "2 account(s) without password expiry" in check["detail"]
    assert "GONE" not in check["detail"]
    assert check["detail"].index("OLD") < check["detail"].index("REPORT")


def test_password_in_grace_is_at_least_warn() -> None:
    rows = {"password_expiry": [account("ETL", "EXPIRED(GRACE)", 5, "180")]}
    assert ev.ev_password_expiry(rows, ctx())[0]["status"] == WARN
    assert ev.ev_password_expiry({"password_expiry": []}, ctx())[0]["status"] == PASS


def test_scheduler_failures_and_broken_jobs() -> None:
    empty = {"scheduler_failures": [], "scheduler_broken": []}
    assert ev.ev_scheduler(empty, ctx(window_days=31))[0]["status"] == PASS
    failed = {
        "scheduler_failures": [
            {
                "owner": "APP",
                "job_name": "NIGHTLY",
                "failures": 2,
                "last_failure": "2025-03-30 02:00",
                "last_error": 1017,
            }
        ],
        "scheduler_broken": [],
    }
    check = ev.ev_scheduler(failed, ctx())[0]
    assert check["status"] == WARN
    assert "ORA-01017" in check["detail"]
    broken = dict(
        failed, scheduler_broken=[{"owner": "APP", "job_name": "PURGE", "state": "BROKEN", "failure_count": 16}]
    )
    assert ev.ev_scheduler(broken, ctx())[0]["status"] == FAIL


def test_instance_role_and_open_mode() -> None:
    checks = by_id(ev.ev_instance({"instance": [instance()]}, ctx()))
    assert checks["oracle.uptime"]["value"] == 12.0
    assert checks["oracle.open_mode"]["status"] == PASS
    assert (
        by_id(ev.ev_instance({"instance": [instance(mode="READ ONLY")]}, ctx()))["oracle.open_mode"]["status"] == FAIL
    )
    assert (
        by_id(ev.ev_instance({"instance": [instance("PHYSICAL STANDBY", "MOUNTED")]}, ctx()))["oracle.open_mode"][
            "status"
        ]
        == PASS
    )
    assert (
        by_id(ev.ev_instance({"instance": [instance(log_mode="NOARCHIVELOG")]}, ctx()))["oracle.archivelog_mode"][
            "status"
        ]
        == WARN
    )


# --------------------------------------------------------------------------- tuning


def test_hit_ratios() -> None:
    rows = {
        "sysstat": [
            {"name": "physical reads cache", "value": 5_000},
            {"name": "consistent gets from cache", "value": 90_000},
            {"name": "db block gets from cache", "value": 10_000},
            {"name": "parse count (total)", "value": 1_000},
            {"name": "parse count (hard)", "value": 250},
            {"name": "sorts (memory)", "value": 999},
            {"name": "sorts (disk)", "value": 1},
        ],
        "library_cache": [{"pins": 1000, "pinhits": 990, "reloads": 3, "invalidations": 0}],
        "dictionary_cache": [{"gets": 1000, "getmisses": 200}],
        "instance": [instance()],
    }
    checks = by_id(ev.ev_ratios(rows, ctx()))
    assert (checks["oracle.buffer_cache_hit"]["status"], checks["oracle.buffer_cache_hit"]["value"]) == (PASS, 95.0)
    assert checks["oracle.library_cache_hit"]["status"] == PASS
    assert (checks["oracle.dictionary_cache_hit"]["status"], checks["oracle.dictionary_cache_hit"]["value"]) == (
        FAIL,
        80.0,
    )
    assert (checks["oracle.soft_parse"]["status"], checks["oracle.soft_parse"]["value"]) == (FAIL, 75.0)
    assert checks["oracle.memory_sort"]["status"] == PASS


def test_hit_ratios_without_activity_cannot_be_graded() -> None:
    rows = {
        "sysstat": [],
        "library_cache": [{"pins": None, "pinhits": None}],
        "dictionary_cache": [{"gets": None, "getmisses": None}],
        "instance": [instance()],
    }
    assert {c["status"] for c in ev.ev_ratios(rows, ctx())} == {ERROR}


def test_wait_classes() -> None:
    rows = {
        "wait_classes": [
            {"wait_class": "User I/O", "time_us": 600},
            {"wait_class": "CPU", "time_us": 300},
            {"wait_class": "Application", "time_us": 100},
        ]
    }
    check = ev.ev_wait_classes(rows, ctx())[0]
    assert (check["status"], check["value"]) == (PASS, 10.0)
    assert check["detail"].endswith("User I/O 60%, CPU 30%, Application 10%")
    rows["wait_classes"][2]["time_us"] = 500  # row lock contention: 36% of database time
    assert ev.ev_wait_classes(rows, ctx())[0]["status"] == WARN
    rows["wait_classes"][2]["time_us"] = 900  # 50%
    assert ev.ev_wait_classes(rows, ctx())[0]["status"] == FAIL
    assert ev.ev_wait_classes({"wait_classes": []}, ctx())[0]["status"] == INFO


def test_top_sql_and_optimizer_statistics() -> None:
    top = {
        "top_sql": [{"sql_id": "a1b2c3", "executions": 0, "elapsed_seconds": 120.0, "sql_text": "SELECT  *\nFROM t"}]
    }
    check = ev.ev_top_sql(top, ctx())[0]
    assert check["status"] == INFO
    assert "SELECT * FROM t" in check["detail"]
    assert ev.ev_top_sql({"top_sql": []}, ctx())[0]["value"] is None
    stats = {
        "optimizer_statistics": [
            {"owner": "APP", "tables_total": 100, "stale": 20, "missing": 3, "locked": 0},
            {"owner": "RPT", "tables_total": 100, "stale": 0, "missing": None, "locked": None},
        ]
    }
    check = ev.ev_optimizer_statistics(stats, ctx())[0]
    assert (check["status"], check["value"]) == (WARN, 11.5)
    assert "RPT" not in check["detail"].split(";")[1]
    assert ev.ev_optimizer_statistics({"optimizer_statistics": []}, ctx())[0]["status"] == PASS


def test_parameter_review_against_inventory_recommendations() -> None:
    rows = {
        "parameters": [
            {"name": "processes", "value": "150", "display_value": "150", "isdefault": "FALSE"},
            {"name": "sga_target", "value": str(4 * GB), "display_value": "4G", "isdefault": "FALSE"},
            {"name": "audit_trail", "value": "DB", "display_value": "DB", "isdefault": "TRUE"},
            {
                "name": "remote_login_passwordfile",
                "value": "EXCLUSIVE",
                "display_value": "EXCLUSIVE",
                "isdefault": "TRUE",
            },
        ]
    }
    recommendations = {
        "processes": {"min": 300},
        "sga_target": {"min": "2G"},
        "audit_trail": {"not": "NONE", "severity": "FAIL"},
        "remote_login_passwordfile": {"equals": "exclusive"},
        "cursor_sharing": {"equals": "EXACT"},
    }
    checks = by_id(ev.ev_parameters(rows, ctx(parameter_recommendations=recommendations)))
    assert checks["oracle.parameter.processes"]["status"] == WARN
    assert checks["oracle.parameter.sga_target"]["status"] == PASS
    assert checks["oracle.parameter.sga_target"]["value"] == "4G"
    assert checks["oracle.parameter.audit_trail"]["status"] == PASS
    assert checks["oracle.parameter.remote_login_passwordfile"]["status"] == PASS
    assert checks["oracle.parameter.cursor_sharing"]["status"] == INFO  # not on this server
    assert checks["oracle.parameters_nondefault"]["value"] == 2


def test_data_distribution() -> None:
    # Statement "segments": the 15 largest segments and each owner's largest, which carries the owner's totals.
    rows = {
        "segments": [
            {
                "owner": "APP",
                "segment_name": "T_LOG",
                "segment_type": "TABLE",
                "tablespace_name": "USERS",
                "tablespaces": 1,
                "bytes": 12 * GB,
                "pieces": 1,
                "owner_bytes": 30 * GB,
                "owner_segments": 1200,
                "segment_rank": 1,
            },
            {
                "owner": "SYS",
                "segment_name": "IDL_UB1$",
                "segment_type": "TABLE",
                "tablespace_name": "SYSTEM",
                "tablespaces": 1,
                "bytes": GB // 4,
                "pieces": 1,
                "owner_bytes": 2 * GB,
                "owner_segments": 9000,
                "segment_rank": 2,
            },
        ],
    }
    checks = by_id(ev.ev_segments(rows, ctx()))
    assert checks["oracle.data_distribution"]["value"] == 32.0
    assert checks["oracle.data_distribution"]["detail"].startswith("APP 30.0 GiB (1200 segments), SYS 2.0 GiB")
    assert checks["oracle.largest_segments"]["value"] == 12.0
    assert "APP.T_LOG TABLE in USERS" in checks["oracle.largest_segments"]["detail"]


# --------------------------------------------------------------------------- wiring


def test_failed_statement_gives_an_error_check_with_the_ora_code() -> None:
    results = {"tablespaces": QueryError("tablespaces", "ORA-00942", "ORA-00942: table or view does not exist")}
    tablespace_ev = [e for e in ev.EVALUATORS if e.check_id == "tablespace"]
    check = run_evaluators(tablespace_ev, results, ctx(), "monthly")[0]
    assert (check["id"], check["status"], check["value"]) == ("oracle.tablespace", ERROR, "ORA-00942")
    assert check["detail"] == "ORA-00942: table or view does not exist (statement tablespaces)"


def test_statement_unavailable_on_this_version_is_info() -> None:
    stats_ev = [e for e in ev.EVALUATORS if e.check_id == "optimizer_statistics"]
    results = {"optimizer_statistics": Unavailable("optimizer_statistics", "not available on server version 110200")}
    assert run_evaluators(stats_ev, results, ctx(), "tuning")[0]["status"] == INFO


def test_a_bad_row_is_an_error_check_not_an_exception() -> None:
    results = {"resource_limits": [None]}  # not a row: the evaluator raises
    limit_ev = [e for e in ev.EVALUATORS if e.check_id == "resource_limits"]
    check = run_evaluators(limit_ev, results, ctx(), "monthly")[0]
    assert (check["id"], check["status"]) == ("oracle.resource_limits", ERROR)
    assert check["detail"].startswith("evaluation failed: AttributeError")


@pytest.mark.parametrize(
    ("code", "message", "cause"),
    [
        ("ORA-01017", "ORA-01017: invalid credential or not authorized; logon denied", "authentication failed"),
        (
            "DPY-6005",
            "DPY-6005: cannot connect to database (CONNECTION_ID=x). [Errno 111] Connection refused",
            "connection refused",
        ),
        ("DPY-6001", 'DPY-6001: Service "X" is not registered with the listener', "service name not registered"),
        (
            "DPY-3010",
            "DPY-3010: connections to this database server version are not supported",
            "server version not supported in thin mode",
        ),
        ("ORA-99999", "ORA-99999: something new", "ORA-99999: something new"),
    ],
)
def test_connection_errors_name_their_cause(code: str, message: str, cause: str) -> None:
    check = availability.connection_error_check(ctx(), code, message)
    assert (check["status"], check["value"]) == (ERROR, code)
    assert check["detail"].startswith(cause)


@pytest.mark.parametrize(
    ("text", "number"), [("19.0.0.0.0", 190000), ("11.2.0.4.0", 110200), ("12.1.0.2.0", 120100), ("", 0), (None, 0)]
)
def test_version_number(text: Any, number: int) -> None:
    assert base.version_number(text) == number
