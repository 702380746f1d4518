"""What a passing restore test of the seeded `petition` database shows, checked the same way by the
db_backup Molecule scenario (molecule/db_backup/tests/test_db_backup.py) and the backup lab
(tests/integration/test_backup_lab.py): both restore the same seed (molecule/shared/seed_db.yml)
with the same verify tables.
"""

from __future__ import annotations

from typing import Any

# Each check of an unchanged database's restore test that must PASS.
RESTORE_PASS_CHECKS = (
    "backup.manifest.local",
    "backup.manifest.offline",
    "backup.restore:petition",
    "db_compare:petition.public.letters",
    "db_compare:petition.public.units",
    "db_compare:petition.public.audit_log",
    "backup.scratch",
)


def assert_restore_passed(checks: dict[str, dict[str, Any]]) -> None:
    """Every check above PASS, and the letters table compared row for row (the seed's 2000)."""
    for check_id in RESTORE_PASS_CHECKS:
        assert checks[check_id]["status"] == "PASS", checks[check_id]
    assert "rows source 2000, target 2000" in checks["db_compare:petition.public.letters"]["detail"]
