"""playbooks/rotate_passwords.yml with Oracle users, through the real python-oracledb driver and no
Oracle server (none can run here): an unreachable database leaves the user's password as it was, the
staged version is discarded, the user is FAIL with the driver's reason, and neither the
administrator's password nor anything of the store is in the -vvv output or the ledger; a connection
missing its service stops the run at validation, before the store is touched.
tests/integration/test_password_oracle_live.py changes a real user when HEALTHOPS_ORACLE_ROTATION_DSN is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from passlab import report_checks, rotation_site, run_rotation, store_of
from pg import free_port

pytestmark = pytest.mark.integration
ADMIN_PASSWORD = "Oracle-Admin-Secret-31"
VAULT = "oracle-playbook-vault"
run = run_rotation


def site(tmp_path: Path, login: dict[str, Any]) -> Path:
    host = {"password_rotation_oracle_users": ["APP_OWNER"], "password_rotation_oracle_login": login}
    return rotation_site(tmp_path, "orahost", host, VAULT)


def test_an_unreachable_database_keeps_the_users_password_and_is_fail(tmp_path: Path) -> None:
    login = {"hostname": "127.0.0.1", "port": free_port(), "service_name": "HEALTH", "user": "rot_admin",
             "password": ADMIN_PASSWORD, "connect_timeout": 3}  # fmt: skip
    where = site(tmp_path, login)
    proc = run(where, "-vvv")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "Set the Oracle user's new password" in output  # the flow reached the database step
    # Staged before the change, discarded after it failed: the store holds nothing for the user.
    doc = store_of(where, VAULT)
    assert doc["entries"] == {}
    ledger = b"".join(p.read_bytes() for p in where.glob("ledger.sqlite*"))
    assert b"orahost" in ledger
    assert ADMIN_PASSWORD not in output
    assert ADMIN_PASSWORD.encode() not in ledger
    checks = report_checks(where)
    rotation = checks["password.rotation:oracle:APP_OWNER"]
    assert rotation["status"] == "FAIL"
    assert "DPY-6005" in rotation["detail"]
    assert "previous password is in place" in rotation["detail"]
    assert ADMIN_PASSWORD not in rotation["detail"]
    assert checks["password.age:oracle:APP_OWNER"]["status"] == "FAIL"  # never rotated: age unknown


def test_a_connection_without_its_service_stops_before_the_store(tmp_path: Path) -> None:
    where = site(tmp_path, {"hostname": "127.0.0.1", "user": "rot_admin", "password": ADMIN_PASSWORD})
    proc = run(where)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "password_rotation_oracle_login needs service_name or dsn" in output
    assert not (where / "password_store.vault").exists()
    assert "Set the Oracle user's new password" not in output
