"""plugins/module_utils/healthops/patching/prechecks.py: what stops a host before a patch round changes anything."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.healthops.patching.prechecks import (
    approval_check,
    backup_check,
    blocked,
    control_node_check,
    epoch_of,
    in_window,
    inspection_check,
    space_check,
    window_check,
    window_errors,
)

NOW = 1_700_000_000.0  # 2023-11-14T22:13:20Z
SAT, SUN, MON = 5, 6, 0


def test_space_below_the_minimum_blocks_the_host() -> None:
    check = space_check("/boot", 120.4, 200)
    assert (check["id"], check["status"], check["value"]) == ("patch.space:/boot", "FAIL", 120)
    assert blocked([check]) == ["patch.space:/boot: 120 MB free, below the 200 MB a round needs"]


def test_space_at_the_minimum_passes_and_a_missing_path_is_information() -> None:
    assert space_check("/var", 2048.0, 2048)["status"] == "PASS"
    assert space_check("/boot", None, 200)["status"] == "INFO"
    assert blocked([space_check("/boot", None, 200)]) == []


def status(**data: object) -> str:
    return json.dumps(data)


def test_a_recent_successful_backup_passes() -> None:
    check = backup_check(status(status="success", finished=NOW - 3 * 3600), "/s.json", 24, NOW)
    assert (check["status"], check["value"]) == ("PASS", 3.0)


def test_an_old_backup_blocks_the_host() -> None:
    check = backup_check(status(status="success", last_success="2023-11-13T02:00:00Z"), "/s.json", 24, NOW)
    assert check["status"] == "FAIL"
    assert check["value"] == pytest.approx(44.2, abs=0.1)


def test_a_failed_latest_run_counts_its_last_success() -> None:
    recent = status(status="failed", finished=NOW - 60, last_success="2023-11-15T02:13:20+08:00")
    assert backup_check(recent, "/s.json", 24, NOW)["status"] == "PASS"  # 2023-11-14T18:13:20Z, 4 h before
    assert backup_check(status(status="failed", finished=NOW - 60), "/s.json", 24, NOW)["status"] == "FAIL"


def test_no_status_file_and_a_broken_one_block() -> None:
    assert backup_check(None, "/s.json", 24, NOW)["status"] == "FAIL"
    assert backup_check("{not json", "/s.json", 24, NOW)["status"] == "ERROR"
    assert backup_check("[]", "/s.json", 24, NOW)["status"] == "ERROR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-14T22:13:20Z", NOW),
        ("2023-11-15T06:13:20+08:00", NOW),
        ("2023-11-15 06:13:20+0800", NOW),
        (NOW, NOW),
        ("yesterday", None),
        (True, None),
    ],
)
def test_times_of_the_status_file(text: object, expected: float | None) -> None:
    assert epoch_of(text) == expected


OVERNIGHT = {"days": ["sat"], "start": "22:00", "end": "06:00"}


@pytest.mark.parametrize(
    ("weekday", "minute", "inside"),
    [
        (SAT, 22 * 60, True),
        (SAT, 21 * 60 + 59, False),
        (SUN, 5 * 60 + 59, True),  # the Saturday window, past midnight
        (SUN, 6 * 60, False),
        (SUN, 23 * 60, False),  # Sunday night is not Saturday's window
        (MON, 1 * 60, False),
    ],
)
def test_a_window_past_midnight_belongs_to_the_day_it_starts(weekday: int, minute: int, inside: bool) -> None:
    assert in_window(OVERNIGHT, weekday, minute) is inside


def test_a_daytime_window_on_every_day() -> None:
    window = {"start": "09:00", "end": "17:00"}
    assert in_window(window, MON, 9 * 60)
    assert not in_window(window, SUN, 17 * 60)


def test_outside_the_window_blocks_unless_forced() -> None:
    assert window_check(OVERNIGHT, False, MON, 600)["status"] == "FAIL"
    assert window_check(OVERNIGHT, True, MON, 600)["status"] == "INFO"
    assert window_check(OVERNIGHT, False, SAT, 23 * 60)["status"] == "PASS"
    assert window_check({}, False, MON, 600)["status"] == "INFO"


def test_the_proposal_states_the_window_without_enforcing_it() -> None:
    # Written days before the round, outside the window: the window is the row's value, not a FAIL.
    row = window_check(OVERNIGHT, False, MON, 600, proposal=True)
    assert (row["status"], row["value"]) == ("INFO", "sat 22:00-06:00")
    assert "inside this window" in row["detail"]
    assert window_check({"days": ["x"], "start": "1", "end": "2"}, False, MON, 0, proposal=True)["status"] == "ERROR"


def test_a_malformed_window_is_an_error_not_a_pass() -> None:
    bad = {"days": ["someday"], "start": "25:00", "end": "6"}
    assert len(window_errors(bad)) == 3
    assert window_check(bad, True, MON, 0)["status"] == "ERROR"


@pytest.mark.parametrize(
    ("connection", "name", "host_id", "reason"),
    [
        ("local", "app-01", "", "connection is local"),
        ("ssh", "localhost", "", "host is localhost"),
        ("ssh", "app-01", "abc", "same machine-id as the controller"),
    ],
)
def test_the_control_node_is_never_patched(connection: str, name: str, host_id: str, reason: str) -> None:
    check = control_node_check(connection, name, host_id, "abc")
    assert check["status"] == "FAIL"
    assert reason in check["detail"]


def test_a_managed_host_passes_even_without_machine_ids() -> None:
    assert control_node_check("ssh", "app-01", "def", "abc")["status"] == "PASS"
    assert control_node_check("ssh", "app-01", "", "")["status"] == "PASS"


def test_a_fail_in_the_latest_inspection_blocks_the_host() -> None:
    source = "/reports/20260102T010000-inspect/report.json"
    failing = inspection_check(source, ["fs.space:/", "service.active:cron"])
    assert (failing["status"], failing["value"]) == ("FAIL", 2)
    assert "fs.space:/, service.active:cron" in failing["detail"]
    assert inspection_check(source, [])["status"] == "PASS"


def test_no_inspection_of_the_host_blocks_it_too() -> None:
    assert "no inspection of this host" in inspection_check("/r/report.json", None)["detail"]
    assert inspection_check("", None)["detail"] == "no inspection report found"
    assert inspection_check("", None)["status"] == "FAIL"


def test_a_host_outside_the_approved_proposal_is_blocked() -> None:
    source = "/srv/reports/20250301T090000-patch/report.json"
    ok = approval_check(source, {"libc6": "2.36-9+deb12u7"})
    assert (ok["status"], ok["value"]) == ("PASS", 1)
    missing = approval_check(source, None)
    assert missing["status"] == "FAIL"
    assert missing["detail"] == f"host not in the approved proposal {source}"
    assert approval_check("", None)["detail"] == "no approved proposal found"
    # A host the proposal had nothing for is approved for nothing: it passes and installs nothing.
    assert approval_check(source, {})["status"] == "PASS"
