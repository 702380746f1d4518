"""Oracle estates as they run (11.2 to 19c, CDB/PDB, standby, Data Guard): recorded rows for each defect of
issue 16, each graded as Oracle's reference documents the views' values."""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.oracle import availability
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from sqlglot import exp
from test_oracle_evaluate import by_id, ctx, rman
from test_oracle_evaluate import instance as recorded_instance


def instance(role: str = "PRIMARY", mode: str = "READ WRITE", version: str = "19.0.0.0.0") -> dict[str, Any]:
    return dict(recorded_instance(role, mode), version=version)


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


# --------------------------------------------------------------------------- 7. alert log coverage


def ora(code: str, con_id: int = 0, count: int = 1) -> dict[str, Any]:
    return {
        "con_id": con_id,
        "error_code": code,
        "occurrences": count,
        "last_seen": "2025-03-21T01:00:00.000000+08:00",
        "sample_text": f"{code}: ...",
    }


def container(name: str = "CDB$ROOT", con_id: int = 1, cdb: str = "YES", rac: str = "FALSE") -> dict[str, Any]:
    return {"con_name": name, "con_id": con_id, "cdb": cdb, "cluster_database": rac}


def test_on_11g_the_alert_log_is_info_naming_where_it_lies() -> None:
    # 11.2 has no V$DIAG_ALERT_EXT: the 11.2 variant reads V$DIAG_INFO's 'Diag Trace' directory instead.
    rows = {
        "instance": [instance(version="11.2.0.4.0")],
        "container": [container("non-CDB", 0, "NO")],
        "alert_log": [{"diag_trace": "/u01/app/oracle/diag/rdbms/orcl/ORCL/trace"}],
    }
    check = ev.ev_alert_log(rows, ctx(alert_since="2025-03-01T00:00:00.000000+08:00"))[0]
    assert check["status"] == INFO
    assert "V$DIAG_ALERT_EXT" in check["detail"]
    assert "/u01/app/oracle/diag/rdbms/orcl/ORCL/trace/alert_ORCL.log" in check["detail"]
    variants = {s.max_version: s for s in CATALOGUE if s.name == "alert_log"}
    assert "v$diag_info" in variants[120100].sql
    assert "con_id" in variants[None].sql


def test_in_the_cdb_root_every_container_is_covered_and_named() -> None:
    rows = {
        "instance": [instance()],
        "container": [container()],
        "alert_log": [ora("ORA-00600", 1), ora("ORA-01653", 3, 2)],
    }
    check = ev.ev_alert_log(rows, ctx(alert_since="2025-03-01T00:00:00.000000+08:00"))[0]
    assert check["status"] == FAIL
    assert "all containers" in check["detail"]
    assert "ORA-01653" in check["detail"]
    assert "container 3" in check["detail"]
    assert "instance ORCL" in check["detail"]


def test_in_a_pdb_the_root_is_not_covered_and_a_clean_log_is_not_a_pass() -> None:
    rows = {"instance": [instance()], "container": [container("SALESPDB", 3)], "alert_log": []}
    check = ev.ev_alert_log(rows, ctx(alert_since="2025-03-01T00:00:00.000000+08:00"))[0]
    assert check["status"] == INFO
    assert "SALESPDB only" in check["detail"]
    assert "CDB$ROOT" in check["detail"]
    rows["alert_log"] = [ora("ORA-01555", 3)]
    assert ev.ev_alert_log(rows, ctx())[0]["status"] == WARN


def test_under_rac_only_the_local_instance_is_covered() -> None:
    rows = {"instance": [instance()], "container": [container("non-CDB", 0, "NO", rac="TRUE")], "alert_log": []}
    check = ev.ev_alert_log(rows, ctx(alert_since="2025-03-01T00:00:00.000000+08:00"))[0]
    assert check["status"] == PASS
    assert "instance ORCL only" in check["detail"]


# --------------------------------------------------------------------------- 8. patch level


def patch(pid: int, level: str, action: str = "APPLY", status: str | None = "SUCCESS", day: str = "2024-01-20") -> dict:
    return {
        "patch_id": pid,
        "action": action,
        "status": status,
        "applied": day,
        "description": f"Database Release Update : {level}",
        "patch_level": level,
    }


REQUIRED = {"19": "19.21", "12.2": "12.2.0.1.220118", "12.1": "12.1.0.2.221018", "11.2": "11.2.0.4.201020"}


def test_a_19c_database_below_the_required_release_update_fails() -> None:
    rows = {"instance": [instance()], "patch_level": [patch(35643107, "19.18.0.0.0"), patch(35648110, "19.20.0.0.0")]}
    check = ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]
    assert check["id"] == "oracle.patch_level"
    assert check["status"] == FAIL
    assert "19.20.0.0.0" in check["detail"]
    assert "19.21" in check["detail"]
    rows["patch_level"].append(patch(35943157, "19.21.0.0.0", day="2024-02-01"))
    assert ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]["status"] == PASS


def test_a_rolled_back_update_does_not_count() -> None:
    rows = {
        "instance": [instance()],
        "patch_level": [
            patch(35643107, "19.20.0.0.0"),
            patch(35943157, "19.21.0.0.0", day="2024-02-01"),
            patch(35943157, "19.20.0.0.0", action="ROLLBACK", day="2024-02-02"),
        ],
    }
    assert ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]["status"] == FAIL


def test_11g_psu_from_the_registry_history_is_compared_with_its_own_baseline() -> None:
    # DBA_REGISTRY_HISTORY on 11.2.0.4: VERSION '11.2.0.4', ID the PSU's date-based bundle id.
    rows = {
        "instance": [instance(version="11.2.0.4.0")],
        "patch_level": [patch(200714, "11.2.0.4.200714", status=None), patch(201020, "11.2.0.4.201020", status=None)],
    }
    assert ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]["status"] == PASS
    rows["patch_level"].pop()
    assert ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]["status"] == FAIL


def test_without_a_baseline_the_level_is_info_and_without_patches_it_fails() -> None:
    rows = {"instance": [instance()], "patch_level": [patch(35943157, "19.21.0.0.0")]}
    check = ev.ev_patch_level(rows, ctx())[0]
    assert check["status"] == INFO
    assert "19.21.0.0.0" in check["detail"]
    assert "required_patch_level" in check["detail"]
    rows["patch_level"] = []
    assert ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED))[0]["status"] == FAIL


@pytest.mark.parametrize(
    ("version", "view"),
    [(110204, "dba_registry_history"), (120100, "dba_registry_sqlpatch"), (190000, "dba_registry_sqlpatch")],
)
def test_the_patch_level_is_read_where_the_release_records_it(version: int, view: str) -> None:
    applying = [s for s in CATALOGUE if s.name == "patch_level" and s.applies(version)]
    assert len(applying) == 1
    assert applying[0].profiles == ("monthly",)
    tree = sqlglot.parse_one(applying[0].sql, read="oracle")
    assert {t.name.lower() for t in tree.find_all(exp.Table)} == {view}


def test_patch_level_checks_are_valid_result_checks() -> None:
    rows = {"instance": [instance()], "patch_level": [patch(35943157, "19.21.0.0.0")]}
    by_id(ev.ev_patch_level(rows, ctx(required_patch_level=REQUIRED)))
    by_id(ev.ev_patch_level({"instance": [instance()], "patch_level": []}, ctx()))


# --------------------------------------------------------------------------- CDB coverage: never zero checks


def test_a_pdb_on_shared_undo_says_so_instead_of_returning_nothing() -> None:
    # 12.1 multitenant (and LOCAL_UNDO_ENABLED false later): a PDB's DBA_TABLESPACES has no UNDO row.
    checks = ev.ev_undo({"undo_tablespaces": []}, ctx())
    assert [c["id"] for c in checks] == ["oracle.undo"]
    assert checks[0]["status"] == INFO
    assert "CDB$ROOT" in checks[0]["detail"]
    checks = ev.ev_temp({"temp_tablespaces": []}, ctx())
    assert [(c["id"], c["status"]) for c in checks] == [("oracle.temp", INFO)]


# --------------------------------------------------------------------------- 9. the version matrix


def test_the_role_readme_has_every_check_in_its_version_matrix() -> None:
    from healthops_testlib import REPO

    text = (REPO / "roles" / "db_health" / "README.md").read_text(encoding="utf-8")
    matrix = text[text.index("## Oracle version matrix") :]
    matrix = matrix[: matrix.index("\n## ")]
    header = "| Check (`oracle.*`) | 11.2 | 12.1 | 12.2–19c | 21c+ | non-CDB | CDB root | PDB | mounted standby |"
    assert header in matrix
    rows = [line for line in matrix.splitlines() if line.startswith("| `")]
    assert all(line.count("|") == header.count("|") for line in rows), "a row with the wrong number of cells"
    named = " ".join(line.split("|")[1] for line in rows)
    aliases = {"dataguard": "archive_gap"}
    for evaluator in ev.EVALUATORS:
        assert f"`{aliases.get(evaluator.check_id, evaluator.check_id)}" in named, evaluator.check_id
