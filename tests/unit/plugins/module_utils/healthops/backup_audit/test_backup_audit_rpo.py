"""plugins/module_utils/healthops/backup_audit/rpo.py on constructed reads: the RPO the backups give.

With WAL archiving (archive_mode + archive_command/archive_library, or a pg_receivewal stream) the RPO is the
archive lag, not the base backups' gap; a failing archive_command is a FAIL; without archiving, or when the
archiver could not be read, the base backups' longest gap as before. The live counterpart is
tests/integration/test_backup_audit_wal_live.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.backup_audit.policy import merge_policy
from ansible.module_utils.healthops.backup_audit.rpo import archiving_configured, rpo_check, segment_end

HOUR = 3600.0
NOW = 1_764_990_000.0
SEGMENT = 16 * 1024 * 1024


def wal(**changes: Any) -> dict[str, Any]:
    """A server archiving every 16 MiB segment, segment 0/5 (timeline 1) archived 10 minutes ago."""
    state = {
        "error": "",
        "archive_mode": "on",
        "archive_command": "cp %p /archive/%f",
        "archive_library": "",
        "wal_segment_bytes": SEGMENT,
        "current_wal_bytes": 6 * SEGMENT,  # the start of the next segment: nothing written since
        "last_archived_wal": "000000010000000000000005",
        "last_archived_time": NOW - 600,
        "last_failed_wal": None,
        "last_failed_time": None,
        "archived_count": 5,
        "failed_count": 0,
        "now": NOW,
        "receivers": [],
    }
    state.update(changes)
    return state


def rpo(state: dict[str, Any] | None, gap_hours: float = 72.0, target: float = 26.0) -> dict[str, Any]:
    read = {"now": NOW, "sets": [{"name": "a", "time": NOW - gap_hours * HOUR, "good": True}]}
    if state is not None:
        read["wal"] = state
    return rpo_check(merge_policy({"rpo_hours": target}), read, None)


def test_segment_end_follows_the_file_name() -> None:
    assert segment_end("000000010000000000000005", SEGMENT) == 6 * SEGMENT
    # The second 4 GiB "log": 256 segments of 16 MiB each before it.
    assert segment_end("000000010000000100000000", SEGMENT) == (256 + 1) * SEGMENT
    assert segment_end("000000010000000000000005.00000028.backup", SEGMENT) is None
    assert segment_end("00000002.history", SEGMENT) is None


@pytest.mark.parametrize(
    ("settings", "configured"),
    [
        ({"archive_mode": "on", "archive_command": "cp %p /a/%f"}, True),
        ({"archive_mode": "always", "archive_command": "", "archive_library": "basic_archive"}, True),
        ({"archive_mode": "on", "archive_command": "(disabled)"}, False),
        ({"archive_mode": "off", "archive_command": "cp %p /a/%f"}, False),
    ],
)
def test_archiving_needs_the_mode_and_a_command_or_library(settings: dict[str, Any], configured: bool) -> None:
    assert archiving_configured(settings) is configured


def test_everything_archived_gives_no_loss_whatever_the_base_backups() -> None:
    check = rpo(wal(), gap_hours=72)
    assert check["status"] == "PASS"
    assert check["value"] == 0.0
    assert "every WAL segment written is archived (last 000000010000000000000005)" in check["detail"]


def test_unarchived_wal_counts_from_the_last_archived_segment() -> None:
    check = rpo(wal(current_wal_bytes=6 * SEGMENT + 4096, last_archived_time=NOW - 30 * HOUR))
    assert check["status"] == "FAIL"
    assert check["value"] == 30.0
    assert "4096 bytes of WAL not archived" in check["detail"]
    assert "Recommendation: fix WAL archiving" in check["detail"]
    assert rpo(wal(current_wal_bytes=6 * SEGMENT + 4096), target=1)["status"] == "PASS"  # 10 minutes


def test_a_failing_archive_command_fails() -> None:
    failing = wal(failed_count=3, last_failed_time=NOW - 60, last_failed_wal="000000010000000000000006")
    check = rpo(failing, gap_hours=1)
    assert check["status"] == "FAIL"
    assert "archiving fails: 3 failure(s), the last for 000000010000000000000006" in check["detail"]
    # An old failure, archived since: no longer failing.
    assert rpo(wal(failed_count=3, last_failed_time=NOW - 3600))["status"] == "PASS"


def test_nothing_archived_yet_fails() -> None:
    check = rpo(wal(last_archived_time=None, last_archived_wal=None, archived_count=0))
    assert check["status"] == "FAIL"
    assert "nothing was archived yet" in check["detail"]


def test_a_pg_receivewal_stream_gives_its_flush_lag() -> None:
    stream = {"application_name": "pg_receivewal", "client": "10.0.0.9", "state": "streaming"}
    check = rpo(wal(archive_mode="off", receivers=[dict(stream, flush_lag_seconds=None)]))
    assert check["status"] == "PASS"
    assert check["value"] == 0.0
    assert "pg_receivewal from 10.0.0.9 streaming" in check["detail"]
    lagging = rpo(wal(archive_mode="off", receivers=[dict(stream, flush_lag_seconds=7200)]), target=1)
    assert lagging["status"] == "FAIL"
    assert lagging["value"] == 2.0


def test_without_archiving_the_base_backups_gap_as_before() -> None:
    check = rpo(wal(archive_mode="off"), gap_hours=30)
    assert check["status"] == "FAIL"
    assert check["value"] == 30.0
    assert check["detail"].startswith("no WAL archiving: ")
    assert rpo(None, gap_hours=20)["detail"].startswith("base backups only: ")  # Oracle: no WAL read
    unread = rpo({"error": "psql: connection refused"}, gap_hours=20)
    assert unread["status"] == "PASS"
    assert unread["detail"].startswith("WAL archiving not read: psql: connection refused")
