"""plugins/module_utils/healthops/backup_audit/rman_config.py on recorded RMAN SHOW ALL output.

tests/unit/fixtures/backup_audit/SOURCES.md names where the recorded output comes from.
"""

from __future__ import annotations

from pathlib import Path

from ansible.module_utils.healthops.backup_audit.policy import merge_policy
from ansible.module_utils.healthops.backup_audit.rman_config import parse_show_all, rman_checks

FIXTURES = Path(__file__).resolve().parents[4] / "fixtures" / "backup_audit"
DEFAULTS_21C = (FIXTURES / "rman_show_all_livelabs_21c.txt").read_text()
WINDOW_31_21C = (FIXTURES / "rman_show_retention_livelabs_21c.txt").read_text()

# A configured database, as an operator's SHOW ALL would print it after the recommendations.
CONFIGURED = """RMAN configuration parameters for database with db_unique_name PRIM are:
CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF 14 DAYS;
CONFIGURE BACKUP OPTIMIZATION ON;
CONFIGURE CONTROLFILE AUTOBACKUP ON; # default
CONFIGURE ENCRYPTION FOR DATABASE ON;
CONFIGURE ARCHIVELOG DELETION POLICY TO BACKED UP 1 TIMES TO DEVICE TYPE DISK;
"""


def statuses(text: str, **policy: object) -> dict[str, str]:
    return {c["id"]: c["status"] for c in rman_checks(text, merge_policy(policy))}


def test_recorded_defaults_are_parsed() -> None:
    parsed = parse_show_all(DEFAULTS_21C)
    assert parsed["db_unique_name"] == "CDB1"
    assert parsed["retention"] == {"kind": "redundancy", "value": 1}
    assert parsed["controlfile_autobackup"] is True
    assert parsed["archivelog_deletion"] == "NONE"
    assert parsed["encryption"] is False
    assert parsed["settings"]["RETENTION POLICY TO REDUNDANCY 1"] is True  # marked "# default"
    assert len(parsed["settings"]) == 15


def test_recorded_defaults_fail_retention_and_deletion_policy() -> None:
    checks = {c["id"]: c for c in rman_checks(DEFAULTS_21C, merge_policy({}))}
    assert checks["backup_audit.rman.retention"]["status"] == "FAIL"
    assert "RECOVERY WINDOW OF 7 DAYS" in checks["backup_audit.rman.retention"]["detail"]
    assert checks["backup_audit.rman.controlfile_autobackup"]["status"] == "PASS"
    assert checks["backup_audit.rman.archivelog_deletion"]["status"] == "FAIL"
    assert (
        "Recommendation: CONFIGURE ARCHIVELOG DELETION POLICY"
        in checks["backup_audit.rman.archivelog_deletion"]["detail"]
    )


def test_recorded_recovery_window_after_configure() -> None:
    parsed = parse_show_all(WINDOW_31_21C)
    assert parsed["retention"] == {"kind": "window", "value": 31}
    assert parsed["settings"] == {"RETENTION POLICY TO RECOVERY WINDOW OF 31 DAYS": False}  # changed: no "# default"
    checks = {c["id"]: c for c in rman_checks(WINDOW_31_21C, merge_policy({}))}
    assert checks["backup_audit.rman.retention"]["status"] == "PASS"
    assert checks["backup_audit.rman.retention"]["value"] == "RECOVERY WINDOW OF 31 DAYS"
    # The other settings were not printed: not known, so not passed.
    assert checks["backup_audit.rman.archivelog_deletion"]["status"] == "FAIL"


def test_configured_database_passes() -> None:
    assert set(statuses(CONFIGURED).values()) == {"PASS"}
    assert parse_show_all(CONFIGURED)["encryption"] is True
    assert statuses(CONFIGURED, rman_recovery_window_days=30)["backup_audit.rman.retention"] == "FAIL"


def test_autobackup_off_and_redundancy_two() -> None:
    text = "CONFIGURE CONTROLFILE AUTOBACKUP OFF;\nCONFIGURE RETENTION POLICY TO REDUNDANCY 2;\n"
    result = statuses(text)
    assert result["backup_audit.rman.controlfile_autobackup"] == "FAIL"
    assert result["backup_audit.rman.retention"] == "WARN"
    assert result["backup_audit.rman.archivelog_deletion"] == "FAIL"  # not printed: not known to be set


def test_no_output_is_info() -> None:
    assert statuses("") == {"backup_audit.rman": "INFO"}
