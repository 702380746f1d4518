"""healthops.inspect.sec: accounts, password age, SELinux/AppArmor and the backup status file."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import sec
from healthops_testlib import FIXTURES_DIR

FIX = FIXTURES_DIR / "inspect"
DEBIAN = FIX / "hosts" / "debian12" / "root"
ROCKY = FIX / "hosts" / "rocky9" / "root"
TH = hi.resolve_thresholds(None)
TODAY = 19844  # 2024-05-01
NOW = 1714521600.0


def accounts(root: Path) -> list[dict[str, Any]]:
    return sec.parse_passwd((root / "etc/passwd").read_text())


def shadow(root: Path) -> dict[str, dict[str, Any]]:
    return sec.parse_shadow((root / "etc/shadow").read_text())


def test_parse_shadow_states_and_empty_fields() -> None:
    entries = shadow(DEBIAN)
    assert entries["root"] == {"password": "set", "last_change": 19800, "max_days": 99999}
    assert entries["daemon"]["password"] == "locked"  # '*'
    assert entries["sshd"] == {"password": "locked", "last_change": 19700, "max_days": None}  # '!' and empty max
    assert entries["locked"]["password"] == "locked"  # '!' before a hash
    assert entries["svc"]["password"] == "locked"  # '!*'
    assert entries["nopw"]["password"] == "empty"
    assert entries["fresh"]["last_change"] == 0
    assert entries["noage"]["last_change"] is None


def test_uid0_accounts() -> None:
    check = sec.eval_uid0(accounts(DEBIAN))
    assert check["status"] == "FAIL"
    assert check["value"] == 1
    assert check["detail"] == "UID 0 besides root: toor"
    assert sec.eval_uid0(accounts(ROCKY))["status"] == "PASS"


def test_empty_passwords_only_for_login_accounts() -> None:
    check = sec.eval_empty_passwords(accounts(DEBIAN), shadow(DEBIAN))
    assert check["status"] == "FAIL"
    assert check["detail"] == "no password: nopw"
    nologin = [{"name": "svc", "uid": 999, "shell": "/usr/sbin/nologin"}]
    assert sec.eval_empty_passwords(nologin, {"svc": {"password": "empty"}})["status"] == "PASS"


def test_password_age_worst_of_login_accounts() -> None:
    check = sec.eval_password_age(accounts(DEBIAN), shadow(DEBIAN), TODAY, TH)
    # appuser changed 144 days ago with a 90-day maximum: 160 %; fresh must change at next login
    assert check["status"] == "FAIL"
    assert check["value"] == 160.0
    assert check["detail"].startswith("appuser 144/90 d (160%); fresh must change password at next login (100%)")
    assert "root: no maximum (44 d old)" in check["detail"]
    assert "noage: ageing off" in check["detail"]
    assert "locked" not in check["detail"]
    assert "nopw" not in check["detail"]
    assert "toor: no maximum" in check["detail"]


def test_password_age_rhel_within_policy() -> None:
    check = sec.eval_password_age(accounts(ROCKY), shadow(ROCKY), TODAY, TH)
    # oracle 44/90 d = 48.9 %, ops 54/60 d = 90 %
    assert check["value"] == 90.0
    assert check["status"] == "WARN"
    assert check["detail"].startswith("ops 54/60 d (90%); oracle 44/90 d (49%)")


def test_password_age_without_any_maximum_is_info() -> None:
    users = [{"name": "oper", "uid": 1001, "shell": "/bin/bash"}]
    check = sec.eval_password_age(
        users, {"oper": {"password": "set", "last_change": 19830, "max_days": 99999}}, TODAY, TH
    )
    assert check["status"] == "INFO"
    assert check["value"] is None
    assert check["detail"] == "oper: no maximum (14 d old)"
    assert sec.eval_password_age([], {}, TODAY, TH)["detail"] == "no login account with a password"


def test_mac_selinux_and_apparmor() -> None:
    rhel = sec.eval_mac("1", (ROCKY / "etc/selinux/config").read_text(), None, None)
    assert rhel["status"] == "INFO"
    assert rhel["value"] == "SELinux enforcing"
    assert rhel["detail"] == "SELinux enforcing; configured SELINUX=enforcing"
    assert sec.eval_mac("0", "SELINUX=enforcing\n", None, None)["value"] == "SELinux permissive"
    assert sec.eval_mac(None, "SELINUX=disabled\n", None, None)["value"] == "SELinux disabled"
    deb = sec.eval_mac(None, None, "Y\n", 3)
    assert deb["value"] == "AppArmor enabled"
    assert deb["detail"] == "AppArmor enabled, 3 profiles loaded"
    assert sec.eval_mac(None, None, "N\n", None)["value"] == "none"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-30T22:41:17+08:00", datetime(2024, 4, 30, 14, 41, 17, tzinfo=UTC).timestamp()),
        ("2024-04-30T14:41:17Z", datetime(2024, 4, 30, 14, 41, 17, tzinfo=UTC).timestamp()),
        ("2024-04-30 22:41:17+0800", datetime(2024, 4, 30, 14, 41, 17, tzinfo=UTC).timestamp()),
        ("2024-04-30T22:41:17.250-05:00", datetime(2024, 5, 1, 3, 41, 17, 250000, tzinfo=UTC).timestamp()),
        (1714488077, 1714488077.0),
        ("1714488077", 1714488077.0),
        ("yesterday", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_time(value: Any, expected: float | None) -> None:
    assert sec.parse_time(value) == expected


def test_parse_time_without_zone_is_local() -> None:
    assert sec.parse_time("2024-04-30 22:41:17") == time.mktime((2024, 4, 30, 22, 41, 17, 0, 0, -1))


def test_backup_success_recent() -> None:
    text = (ROCKY / "var/lib/healthops/backup/status.json").read_text()
    run, age, size = sec.eval_backup("/s.json", text, "", False, False, NOW, TH)
    assert run["status"] == "PASS"
    assert run["value"] == "success"
    assert "oracle-rman-daily" in run["detail"]
    assert age["status"] == "PASS"
    assert age["value"] == 9.3
    assert age["unit"] == "h"
    # What the run wrote, for the trend charts (this status file gives no duration).
    assert (size["id"], size["status"], size["value"], size["unit"]) == ("backup.size", "INFO", 48.0, "GiB")


def test_backup_age_graded_from_last_success_when_the_latest_failed() -> None:
    status = {"status": "failed", "finished": NOW - 3600, "last_success": NOW - 30 * 3600, "message": "ORA-19502"}
    run, age = sec.eval_backup("/s.json", json.dumps(status), "", True, True, NOW, TH)
    assert run["status"] == "FAIL"
    assert run["detail"].endswith(": ORA-19502")
    assert age["status"] == "WARN"
    assert age["value"] == 30.0
    old = dict(status, last_success=NOW - 50 * 3600)
    assert sec.eval_backup("/s.json", json.dumps(old), "", True, True, NOW, TH)[1]["status"] == "FAIL"


def test_backup_never_succeeded() -> None:
    run, age = sec.eval_backup("/s.json", '{"status": "failed", "finished": 1714500000}', "", True, True, NOW, TH)
    assert run["status"] == "FAIL"
    assert age["status"] == "FAIL"
    assert age["detail"] == "no successful backup recorded in /s.json"


def test_backup_running_and_unknown_status() -> None:
    running = {"status": "running", "last_success": NOW - 3600, "job": "nightly"}
    run, age = sec.eval_backup("/s.json", json.dumps(running), "", True, True, NOW, TH)
    assert run["status"] == "INFO"
    assert age["status"] == "PASS"
    odd = sec.eval_backup("/s.json", '{"status": "maybe", "finished": 1}', "", True, True, NOW, TH)[0]
    assert odd["status"] == "ERROR"
    assert "unknown status 'maybe'" in odd["detail"]


def test_backup_file_absent() -> None:
    assert sec.eval_backup("/s.json", None, "", False, False, NOW, TH) == []  # nothing expected: no check
    for configured, expected in ((True, False), (False, True)):
        run, age = sec.eval_backup("/s.json", None, "", configured, expected, NOW, TH)
        assert run["status"] == age["status"] == "FAIL"
        assert "not found" in run["detail"]


def test_backup_file_unreadable_or_not_json() -> None:
    run, age = sec.eval_backup("/s.json", None, "Permission denied", True, False, NOW, TH)
    assert run["status"] == age["status"] == "ERROR"
    assert "Permission denied" in run["detail"]
    run, age = sec.eval_backup("/s.json", "{not json", "", True, False, NOW, TH)
    assert run["status"] == "ERROR"
    assert "not valid JSON" in run["detail"]
    run, _ = sec.eval_backup("/s.json", "[1, 2]", "", True, False, NOW, TH)
    assert "top level must be a JSON object" in run["detail"]
