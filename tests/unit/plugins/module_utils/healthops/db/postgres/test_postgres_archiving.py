"""WAL archiving graded by the backlog waiting to be archived, not by the age of the last archived WAL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


def ctx() -> EvalContext:
    return EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, prefix="pg")


def archiver(**values: Any) -> dict[str, Any]:
    # A fresh primary with archive_mode on, as PostgreSQL 15 shows it (nothing archived yet).
    row = {"archive_mode": "on", "in_recovery": False, "archived_count": 0, "last_archived_wal": None}
    row.update(failed_count=0, last_failed_wal=None, last_archived_age_seconds=None, failing_now=None)
    row.update(values)
    return row


def statuses(rows: dict[str, Any]) -> dict[str, str]:
    checks = ev.ev_archiver(rows, ctx()) + ev.ev_archive_backlog(rows, ctx())
    return {c["id"]: c["status"] for c in checks}


def test_a_fresh_primary_with_archiving_on_gives_no_warn() -> None:
    rows = {"archiver": [archiver()], "archive_status": [{"ready": 0, "oldest_ready_seconds": None}]}
    assert statuses(rows) == {"pg.archiver": PASS, "pg.archive_backlog": PASS}


def test_a_standby_with_archive_mode_on_does_not_archive_and_gives_no_warn() -> None:
    rows = {"archiver": [archiver(in_recovery=True)], "archive_status": [{"ready": 0}]}
    assert statuses(rows) == {"pg.archiver": INFO, "pg.archive_backlog": INFO}
    detail = ev.ev_archiver(rows, ctx())[0]["detail"]
    assert detail.startswith("standby with archive_mode=on: it archives only with archive_mode=always")
    # With archive_mode=always the standby archives and is graded.
    rows = {"archiver": [archiver(in_recovery=True, archive_mode="always")], "archive_status": [{"ready": 12}]}
    assert statuses(rows) == {"pg.archiver": PASS, "pg.archive_backlog": WARN}


def test_the_backlog_is_graded_and_named() -> None:
    row = {"ready": 150, "oldest_ready_seconds": 7200.0, "wal_segment_size": "16MB"}
    rows = {"archiver": [archiver(failed_count=40, failing_now=True)], "archive_status": [row]}
    (check,) = ev.ev_archive_backlog(rows, ctx())
    assert (check["status"], check["value"]) == (FAIL, 150.0)
    assert check["detail"] == "150 WAL segment(s) of 16MB waiting, the oldest for 2.0 h"
