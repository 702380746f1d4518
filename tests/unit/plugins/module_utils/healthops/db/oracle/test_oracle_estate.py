"""Oracle estates as they run (11.2 to 19c, CDB/PDB, standby, Data Guard): recorded rows for each defect of
issue 16, each graded as Oracle's reference documents the views' values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import sqlglot
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, validate_check
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.oracle import availability, base
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from sqlglot import exp

NOW = dt.datetime(2025, 3, 31, 8, 0, tzinfo=dt.UTC)


def ctx(**options: Any) -> EvalContext:
    return EvalContext(
        thresholds=merge_thresholds(base.ORACLE_THRESHOLDS, {}),
        now=NOW,
        state={},
        options=options,
        prefix="oracle",
    )


def by_id(checks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for c in checks:
        assert validate_check(c) == [], c
    return {c["id"]: c for c in checks}


def instance(role: str = "PRIMARY", mode: str = "READ WRITE", version: str = "19.0.0.0.0") -> dict[str, Any]:
    return {
        "instance_name": "ORCL",
        "host_name": "bj-ora-01",
        "version": version,
        "instance_status": "OPEN",
        "uptime_seconds": Decimal(86400 * 12),
        "startup_time": "2025-03-19 08:00:00",
        "db_name": "ORCL",
        "db_unique_name": "ORCL_A",
        "database_role": role,
        "open_mode": mode,
        "log_mode": "ARCHIVELOG",
        "db_time": "2025-03-31T16:00:00.000000+08:00",
    }


def columns_read(name: str) -> set[str]:
    statements = [s for s in CATALOGUE if s.name == name]
    assert statements, name
    cols: set[str] = set()
    for statement in statements:
        tree = sqlglot.parse_one(statement.sql, read="oracle")
        cols |= {c.name.lower() for c in tree.find_all(exp.Column)}
    return cols


# --------------------------------------------------------------------------- 1. archive destinations


def dest(status: str, gap: str | None = "NO GAP", error: str | None = None) -> dict[str, Any]:
    # A V$ARCHIVE_DEST_STATUS row as the primary shows its standby destination.
    return {
        "dest_id": 2,
        "dest_name": "LOG_ARCHIVE_DEST_2",
        "status": status,
        "type": "PHYSICAL",
        "database_mode": "MOUNTED-STANDBY",
        "recovery_mode": "MANAGED REAL TIME APPLY",
        "gap_status": gap,
        "error": error,
    }


@pytest.mark.parametrize(
    ("status", "graded"),
    [
        ("VALID", PASS),
        ("FULL", FAIL),  # exceeded the destination's quota
        ("ERROR", FAIL),
        ("DISABLED", FAIL),
        ("BAD PARAM", FAIL),
        ("DEFERRED", FAIL),
        ("SOMETHING NEW", FAIL),  # a state this probe does not know is not silently fine
    ],
)
def test_archive_destination_status_other_than_valid_fails(status: str, graded: str) -> None:
    rows = {"instance": [instance()], "archive_dest": [dest(status)], "archive_gap": [], "dataguard_stats": []}
    check = by_id(ev.ev_dataguard(rows, ctx()))["oracle.archive_gap"]
    assert check["status"] == graded, check
    assert status in check["detail"]


def test_an_alternate_destination_waiting_in_reserve_is_not_a_failure() -> None:
    rows = {
        "instance": [instance()],
        "archive_dest": [dest("VALID"), dict(dest("ALTERNATE", gap=None), dest_id=3)],
        "archive_gap": [],
        "dataguard_stats": [],
    }
    check = by_id(ev.ev_dataguard(rows, ctx()))["oracle.archive_gap"]
    assert check["status"] == PASS
    assert "ALTERNATE" in check["detail"]


# --------------------------------------------------------------------------- 2. wait classes


def test_wait_classes_compare_foreground_waits_with_foreground_db_cpu() -> None:
    # DB CPU (V$SYS_TIME_MODEL) is foreground time only: the waits it is compared with must be too.
    cols = columns_read("wait_classes")
    assert "time_waited_fg" in cols
    assert "total_waits_fg" in cols
    assert "time_waited" not in cols
    assert "total_waits" not in cols


# --------------------------------------------------------------------------- 4. backups on a standby


def rman(input_type: str, age: Any, failed: int = 0) -> dict[str, Any]:
    return {
        "input_type": input_type,
        "last_ok_age_hours": age,
        "failed_jobs": failed,
        "last_failed_start": "2025-03-30 01:00" if failed else None,
    }


def test_physical_standby_whose_backups_run_on_the_primary_is_info() -> None:
    # A standby's control file records no RMAN job when the primary takes the backups (V$DATABASE.DATABASE_ROLE).
    rows = {"instance": [instance("PHYSICAL STANDBY", "MOUNTED")], "rman_jobs": []}
    checks = by_id(ev.ev_rman(rows, ctx(window_days=31)))
    assert checks["oracle.backup_age"]["status"] == INFO
    assert "backups run on the primary" in checks["oracle.backup_age"]["detail"]
    assert checks["oracle.rman_failures"]["status"] == INFO
    assert "backups run on the primary" in checks["oracle.rman_failures"]["detail"]


def test_standby_said_to_be_backed_up_is_graded_like_a_primary() -> None:
    rows = {"instance": [instance("PHYSICAL STANDBY", "READ ONLY WITH APPLY")], "rman_jobs": [rman("DB FULL", 400.0)]}
    checks = by_id(ev.ev_rman(rows, ctx(window_days=31, standby_backups=True)))
    assert checks["oracle.backup_age"]["status"] == FAIL
    rows["rman_jobs"] = []
    assert by_id(ev.ev_rman(rows, ctx(window_days=31, standby_backups=True)))["oracle.backup_age"]["status"] == FAIL


def test_primary_backups_are_still_graded() -> None:
    rows = {"instance": [instance()], "rman_jobs": []}
    assert by_id(ev.ev_rman(rows, ctx(window_days=31)))["oracle.backup_age"]["status"] == FAIL


# --------------------------------------------------------------------------- 5. Data Guard: stale figures, apply


def stat(name: str, value: str, datum: str | None, computed: str = "03/31/2025 16:00:00") -> dict[str, Any]:
    # V$DATAGUARD_STATS on the standby: TIME_COMPUTED and DATUM_TIME are VARCHAR2 in the standby's local time.
    return {
        "name": name,
        "value": value,
        "unit": "day(2) to second(0) interval",
        "time_computed": computed,
        "datum_time": datum,
    }


MRP0 = {"name": "MRP0", "action": "APPLYING_LOG", "thread#": 1, "sequence#": 1234}


def standby_rows(stats: list[dict[str, Any]], apply: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "instance": [instance("PHYSICAL STANDBY", "READ ONLY WITH APPLY")],
        "archive_dest": [],
        "archive_gap": [],
        "dataguard_stats": stats,
        "apply_process": [MRP0] if apply is None else apply,
    }


def test_a_lag_of_zero_that_was_not_refreshed_for_hours_is_a_failure() -> None:
    # Lag 0, but the last datum from the primary arrived two hours before the server's clock (db_time 16:00
    # local): the standby receives nothing and the zero is two hours old.
    stale = "03/31/2025 14:00:00"
    rows = standby_rows([stat("transport lag", "+00 00:00:00", stale), stat("apply lag", "+00 00:00:00", stale)])
    check = by_id(ev.ev_dataguard(rows, ctx()))["oracle.dataguard_lag"]
    assert check["status"] == FAIL
    assert check["value"] == 7200.0
    assert "DATUM_TIME" in check["detail"]
    assert "receives nothing" in check["detail"]


def test_a_freshly_computed_lag_of_zero_passes() -> None:
    fresh = "03/31/2025 15:59:58"
    rows = standby_rows([stat("transport lag", "+00 00:00:00", fresh), stat("apply lag", "+00 00:00:01", fresh)])
    check = by_id(ev.ev_dataguard(rows, ctx()))["oracle.dataguard_lag"]
    assert check["status"] == PASS
    assert check["value"] == 1.0  # figures two seconds old are current: the lag shown stands


def test_a_standby_without_its_apply_process_fails() -> None:
    fresh = "03/31/2025 15:59:58"
    rows = standby_rows([stat("apply lag", "+00 00:00:01", fresh)], apply=[])
    check = by_id(ev.ev_apply_process(rows, ctx()))["oracle.apply_process"]
    assert check["status"] == FAIL
    assert "MRP0" in check["detail"]
    rows["apply_process"] = [MRP0]
    check = by_id(ev.ev_apply_process(rows, ctx()))["oracle.apply_process"]
    assert check["status"] == PASS
    assert "sequence 1234" in check["detail"]
    rows["apply_process"] = [dict(MRP0, action="ERROR")]
    assert by_id(ev.ev_apply_process(rows, ctx()))["oracle.apply_process"]["status"] == FAIL


def test_a_primary_reports_the_apply_process_as_the_standbys_business() -> None:
    rows = {"instance": [instance()], "archive_dest": [], "archive_gap": [], "dataguard_stats": [], "apply_process": []}
    assert by_id(ev.ev_apply_process(rows, ctx()))["oracle.apply_process"]["status"] == INFO


@pytest.mark.parametrize(
    ("version", "view"),
    [
        (110204, "v$managed_standby"),
        (120100, "v$managed_standby"),
        (120200, "v$dataguard_process"),
        (190000, "v$dataguard_process"),
    ],
)
def test_the_apply_process_is_read_where_the_release_shows_it(version: int, view: str) -> None:
    applying = [s for s in CATALOGUE if s.name == "apply_process" and s.applies(version)]
    assert len(applying) == 1
    tree = sqlglot.parse_one(applying[0].sql, read="oracle")
    assert {t.name.lower() for t in tree.find_all(exp.Table)} == {view}
    assert "datum_time" in columns_read("dataguard_stats")


# --------------------------------------------------------------------------- 6. mounted standby


def test_a_database_that_is_not_open_tells_how_to_probe_it() -> None:
    # ORA-01033 is what a mounted standby answers a normal (non-administrative) connection.
    text = availability.describe_connect_error("ORA-01033", "ORA-01033: ORACLE initialization or shutdown in progress")
    assert "mounted standby" in text
    assert "mode: sysdg" in text
    assert "sysdba" in text
