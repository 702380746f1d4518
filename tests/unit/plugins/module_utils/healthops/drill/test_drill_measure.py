"""plugins/module_utils/healthops/drill/measure.py: the drill's record from its timeline and times."""

from __future__ import annotations

from typing import Any

from ansible.module_utils.healthops.drill.measure import drill_checks, refusal_checks

HOUR = 3600.0
START = 1_764_990_000.0
TARGETS = {"rto_hours": 4, "rpo_hours": 8}
TIMELINE = [
    {"step": "fetch", "started": START, "finished": START + 60, "status": "ok", "detail": "12 files"},
    {"step": "restore", "started": START + 60, "finished": START + 600, "status": "ok"},
]
SMOKE = [{"name": "petition.public.letters", "ok": True, "value": 2000, "expected": 2000}]


def record(**changes: Any) -> dict[str, dict[str, Any]]:
    args: dict[str, Any] = {
        "timeline": TIMELINE,
        "smoke": SMOKE,
        "times": {
            "start": START,
            "smoke_passed": START + 900,
            "backup_time": START - 2 * HOUR,
            "last_change": START - 3 * HOUR,
        },
        "targets": TARGETS,
        "cleanup": {"ok": True, "detail": "container removed"},
    }
    args.update(changes)
    return {c["id"]: c for c in drill_checks(**args)}


def test_a_good_drill_passes_within_its_targets() -> None:
    checks = record()
    assert checks["drill.rto"]["status"] == "PASS"
    assert checks["drill.rto"]["value"] == 0.25
    assert checks["drill.rpo"]["value"] == 0.0  # nothing changed after the backup
    assert checks["drill.cleanup"]["status"] == "PASS"
    assert [checks[k]["title"] for k in ("drill.step:01", "drill.step:02")] == ["Step 1: fetch", "Step 2: restore"]
    assert checks["drill.step:02"]["value"] == 540.0


def test_rto_beyond_the_target_or_never_reached_fails() -> None:
    late = record(times={"start": START, "smoke_passed": START + 5 * HOUR, "backup_time": START})
    assert late["drill.rto"]["status"] == "FAIL"
    never = record(times={"start": START, "smoke_passed": None, "backup_time": START})
    assert never["drill.rto"]["status"] == "FAIL"
    assert "not recovered" in never["drill.rto"]["detail"]


def test_rpo_counts_changes_after_the_backup() -> None:
    times = {"start": START, "smoke_passed": START + 60, "backup_time": START - 10 * HOUR, "last_change": START - HOUR}
    checks = record(times=times)
    assert checks["drill.rpo"]["status"] == "FAIL"
    assert checks["drill.rpo"]["value"] == 9.0
    # Without a readable last change the drill's start is the worst case.
    times.pop("last_change")
    assert record(times=times)["drill.rpo"]["value"] == 10.0


def test_failed_step_failed_smoke_and_failed_cleanup() -> None:
    timeline = [*TIMELINE, {"step": "smoke", "started": START, "finished": START + 1, "status": "failed"}]
    checks = record(timeline=timeline, smoke=[], cleanup={"ok": False, "detail": "still exists"})
    assert checks["drill.step:03"]["status"] == "FAIL"
    assert checks["drill.smoke"]["status"] == "FAIL"
    assert checks["drill.cleanup"]["status"] == "FAIL"


PLAN = {
    "steps": ["1. read the newest verified copy", "2. fetch the set"],
    "source": "yz-db-01",
    "system": "medical_admin",
    "storage": "yz-bak-01",
    "storage_dir": "/srv/backup/healthops/yz-db-01",
    "temporary": "podman container healthops-drill-yz-db-01",
    "set": "20251206T013000Z",
}


def test_plan_environment_and_summary_frame_the_record() -> None:
    checks = record(plan=PLAN)
    ids = list(checks)
    assert ids[:2] == ["drill.plan", "drill.environment"]
    assert ids[-1] == "drill.summary"
    plan = checks["drill.plan"]
    assert (plan["status"], plan["value"]) == ("INFO", 2)
    assert "targets RTO <= 4 h, RPO <= 8 h" in plan["detail"]
    assert "2. fetch the set" in plan["detail"]
    environment = checks["drill.environment"]["detail"]
    assert environment == (
        "source yz-db-01 (medical_admin); copy yz-bak-01:/srv/backup/healthops/yz-db-01 set 20251206T013000Z; "
        "temporary host podman container healthops-drill-yz-db-01"
    )
    summary = checks["drill.summary"]
    assert summary["value"] == "PASS"
    assert summary["detail"] == (
        "drill passed: RTO 0.25 h (target <=4 h) PASS; RPO 0.0 h (target <=8 h) PASS. Recovery within the targets."
    )


def test_a_failed_drill_says_so_and_what_failed() -> None:
    times = {"start": START, "smoke_passed": None, "backup_time": START - HOUR}
    checks = record(times=times, smoke=[{"name": "p.a", "ok": False, "value": 1, "expected": 2}])
    summary = checks["drill.summary"]
    assert summary["value"] == "FAIL"
    assert summary["detail"].startswith("drill failed: RTO not reached (target <=4 h) FAIL; RPO 1.0 h")
    assert "To act on: Smoke check p.a; Recovery time (RTO)" in summary["detail"]
    # Without a plan (a drill stopped before it was pinned) the rows still say what is missing.
    assert checks["drill.environment"]["detail"].endswith("set (not reached); temporary host ?")


def test_an_oracle_source_is_refused_as_an_error_not_measured() -> None:
    checks = refusal_checks("ora-01", "oracle")
    assert [c["id"] for c in checks] == ["drill.engine", "drill.summary"]
    engine, summary = checks
    assert (engine["status"], engine["value"], engine["threshold"]) == ("ERROR", "oracle", "postgres")
    assert engine["detail"].startswith("ora-01 is an oracle database: the drill restores PostgreSQL-family sets")
    assert "RMAN RESTORE and RECOVER DATABASE" in engine["detail"]
    assert summary["value"] == "ERROR"
    assert summary["detail"] == "drill failed: RTO and RPO not measured. To act on: Database the drill can restore"
