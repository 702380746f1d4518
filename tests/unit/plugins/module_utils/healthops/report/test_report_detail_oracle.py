"""The Oracle probe's details in Chinese: every line of a run on the recorded database reads in Chinese.

The recorded database is tests/unit/library/test_oracle_probe.py's (HEALTHY: the rows python-oracledb
returns for each catalogue statement, as an Oracle 19c primary answers them); the runs here change the
rows of a few statements to each state a probe text describes (a READ ONLY or OFFLINE tablespace, an ASM
disk group that lost a disk, failed scheduler jobs, a standby with a gap...), in the shape the
statement's columns have. Each check's detail must come out of healthops.report.detail with no English
prose left, the values (names, figures, Oracle's own messages) kept as they are.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.report.detail import detail_zh
from healthops_testlib import REPO
from zh_record import HAN, PROSE

sys.path.insert(0, str(REPO / "tests" / "unit" / "library"))
from test_oracle_probe import HEALTHY, NOW, Driver, options, probe


def _values(rows: Mapping[str, Any]) -> set[str]:
    """The strings of the rows (event names, job actions, Oracle's messages): kept as they are in Chinese."""
    found: set[str] = set()
    for items in rows.values():
        for row in items if isinstance(items, list) else []:
            found |= {v for v in row.values() if isinstance(v, str) and " " in v}
    return found


def english_left(checks: Iterable[Mapping[str, Any]], rows: Mapping[str, Any]) -> list[tuple[str, str, str | None]]:
    """(id, detail, detail_zh) of each check whose detail has English prose the Chinese still shows."""
    values = sorted(_values(rows), key=len, reverse=True)
    left = []
    for check in checks:
        english = check.get("detail") or ""
        if not PROSE.search(english):
            continue
        chinese = detail_zh(check["id"], english)
        shown = chinese or ""
        for value in values:
            shown = shown.replace(value, "")
        if not chinese or not HAN.search(chinese) or PROSE.search(shown):
            left.append((check["id"], english, chinese))
    return left


def run(
    answers: dict[str, Any] | None = None, now: dt.datetime = NOW, **opts: Any
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The checks of one run of the probe on the recorded database (HEALTHY with ``answers`` in place)."""
    driver = Driver(answers)
    result = probe.run_probe(options(**opts), now=now, connect=driver)
    return {c["id"]: c for c in result["checks"]}, driver.answers


def tablespace(name: str, status: str = "ONLINE", **columns: Any) -> dict[str, Any]:
    row = dict(HEALTHY["tablespaces"][1], tablespace_name=name, status=status)
    row.update(columns)
    return row


def diskgroup(name: str, kind: str, **columns: Any) -> dict[str, Any]:
    # A V$ASM_DISKGROUP row as a database instance sees it (sizes in MB).
    row = {
        "name": name,
        "type": kind,
        "state": "CONNECTED",
        "total_mb": 400_000,
        "free_mb": 100_000,
        "required_mirror_free_mb": 20_000,
        "usable_file_mb": 40_000,
        "offline_disks": 0,
    }
    row.update(columns)
    return row


INSTANCE = HEALTHY["instance"][0]
STANDBY = dict(INSTANCE, database_role="PHYSICAL STANDBY", open_mode="READ ONLY WITH APPLY")
# Each state a probe text describes, in the rows of the statements that show it.
STATES: dict[str, dict[str, Any]] = {
    "capacity": {
        "tablespaces": [
            tablespace("SYSTEM"),
            tablespace("ARCHIVE", "READ ONLY"),
            tablespace("OLD", "OFFLINE"),
            tablespace("NEW", used_bytes=None, metric_max_bytes=None),
        ],
        "temp_tablespaces": [dict(HEALTHY["temp_tablespaces"][0], tablespace_size=None)],
        "undo_tablespaces": [
            dict(HEALTHY["undo_tablespaces"][0], status="OFFLINE"),
            dict(HEALTHY["undo_tablespaces"][0], tablespace_name="UNDOTBS2", allocated_bytes=None, max_bytes=None),
        ],
        "fra": [],
        "asm_diskgroups": [
            diskgroup("DATA", "NORMAL", offline_disks=1),
            diskgroup("RECO", "EXTEND"),
            diskgroup("FRA", "HIGH", usable_file_mb=-2_000),
            diskgroup("ARCH", "EXTERN", total_mb=None, usable_file_mb=None),
        ],
        "db_files": [{"datafiles": 12, "db_files": None}],
        "resource_limits": [
            dict(HEALTHY["resource_limits"][0], max_utilization=300),
            dict(HEALTHY["resource_limits"][1], limit_value="UNLIMITED", initial_allocation="UNLIMITED"),
        ],
    },
    "operations": {
        "scheduler_failures": [
            {
                "owner": "APP",
                "job_name": "NIGHTLY_LOAD",
                "failures": 2,
                "last_failure": "2025-03-30 02:00:00",
                "last_error": 1013,
            },
        ],
        "scheduler_broken": [{"owner": "APP", "job_name": "PURGE", "failure_count": 16}],
        "legacy_jobs": [
            {"job": 21, "owner": "APP", "broken": "Y", "failures": 16, "last_date": None, "what": "app_pkg.purge;"},
        ],
        "password_expiry": [
            dict(HEALTHY["password_expiry"][0]),
            {
                "username": "OPS",
                "account_status": "EXPIRED",
                "profile": "DEFAULT",
                "days_left": -3,
                "profile_life": "180",
                "default_life": "180",
            },
            {
                "username": "RPT",
                "account_status": "EXPIRED(GRACE)",
                "profile": "DEFAULT",
                "days_left": 4,
                "profile_life": "180",
                "default_life": "180",
            },
        ],
        "rman_jobs": [
            {
                "input_type": "ARCHIVELOG",
                "last_ok_age_hours": 2.0,
                "failed_jobs": 1,
                "last_failed_start": "2025-03-30 22:00:00",
            },
        ],
        "redo_switches": [],
        "legacy_registry": [],
    },
    "standby": {
        "instance": [STANDBY],
        "archive_gap": [{"thread#": 1, "low_sequence#": 1200, "high_sequence#": 1204}],
        "dataguard_stats": [],
    },
    "primary_with_standby": {
        "archive_dest": [
            {
                "dest_id": 2,
                "dest_name": "LOG_ARCHIVE_DEST_2",
                "status": "ERROR",
                "type": "PHYSICAL",
                "database_mode": "UNKNOWN",
                "recovery_mode": "UNKNOWN",
                "gap_status": None,
                "error": "ORA-12541: TNS:no listener",
            },
        ],
    },
    "noarchivelog": {"instance": [dict(INSTANCE, log_mode="NOARCHIVELOG")], "tablespaces": []},
}
# A CDB probed from CDB$ROOT (scope cdb), as tests/.../db/oracle/test_oracle_cdb.py records its containers.
CONTAINERS = [
    {"con_id": con_id, "name": name, "status": "NORMAL", "open_mode": mode, "connected_to": "CDB$ROOT"}
    for con_id, name, mode in (
        (2, "PDB$SEED", "READ ONLY"),
        (3, "SALESPDB", "READ WRITE"),
        (4, "HRPDB", "MOUNTED"),
        (5, "FINPDB", "READ WRITE"),
    )
]
CDB = {
    "cdb_containers": CONTAINERS,
    "tablespaces": [dict(tablespace("SYSTEM"), con_name=n, con_id=i) for n, i in (("CDB$ROOT", 1), ("SALESPDB", 3))],
    "temp_tablespaces": [],
    "undo_tablespaces": [],
}
# Parameters the inventory recommends that the server lacks, or that cannot be compared with the rule.
RECOMMENDATIONS = {
    "processes": {"min": 500, "note": "按应用服务器连接池估算"},
    "audit_trail": {"min": 1},  # a rule with a bound for a word: not comparable
    "no_such_parameter": {"equals": "TRUE"},
}
PARAMETERS = HEALTHY["parameters"] + [
    {"name": "audit_trail", "value": "DB", "display_value": "DB", "isdefault": "FALSE"},
]
# The foreground waits a week later (twice the counts, and row lock contention), for the interval texts.
EVENTS_LATER = [dict(e, waits=e["waits"] * 2, time_us=e["time_us"] * 2) for e in HEALTHY["system_events"]] + [
    {"event": "enq: TX - row lock contention", "wait_class": "Application", "waits": 50, "time_us": 90_000_000}
]


@pytest.mark.parametrize("profile", ["monthly", "tuning"])
@pytest.mark.parametrize("state", sorted(STATES))
def test_every_line_of_a_run_reads_in_chinese(state: str, profile: str) -> None:
    checks, rows = run(STATES[state], profile=profile, rman_expected=state != "operations")
    assert len(checks) > 20
    assert english_left(checks.values(), rows) == []


def test_a_cdb_and_the_parameter_review_read_in_chinese() -> None:
    checks, rows = run(CDB, scope="cdb")
    assert checks["oracle.cdb_scope"]["status"] == "WARN"
    assert english_left(checks.values(), rows) == []
    checks, rows = run({"parameters": PARAMETERS}, profile="tuning", parameter_recommendations=RECOMMENDATIONS)
    assert {"oracle.parameter.audit_trail", "oracle.parameter.no_such_parameter"} <= set(checks)
    assert english_left(checks.values(), rows) == []


def test_the_intervals_between_runs_read_in_chinese(tmp_path: Path) -> None:
    """A first run, a week later, a day later with counters lower (no match), a restart, a new finding."""
    runs = [
        ({}, NOW),
        ({"system_events": EVENTS_LATER}, NOW + dt.timedelta(days=7)),
        ({}, NOW + dt.timedelta(days=8)),
        ({"instance": [dict(INSTANCE, startup_time="2025-04-09 08:00:00")]}, NOW + dt.timedelta(days=9)),
        (
            {"unusable_indexes": [{"owner": "APP", "index_name": "I1", "partition_name": None}]},
            NOW + dt.timedelta(days=10),
        ),
    ]
    said = set()
    for profile in ("monthly", "tuning"):
        for answers, now in runs:
            checks, rows = run(answers, now=now, profile=profile, state_dir=str(tmp_path), state_key="bj-ora-01")
            assert english_left(checks.values(), rows) == []
            said |= {c["detail"] for c in checks.values()}
    for text in (
        "first run: no earlier sample to compare with",
        "over the 7.0 d since the previous run",
        "the previous sample does not match these counters",
        "the instance restarted after the previous sample",
        "new FAIL: oracle.unusable_indexes",
        "no change in findings",
    ):
        assert any(text in detail for detail in said), text


@pytest.mark.parametrize(
    ("check_id", "english", "chinese"),
    [
        # A redundancy type the probe does not know: the copies it assumed are said.
        (
            "oracle.asm_diskgroup.RECO",
            "EXTEND redundancy (redundancy EXTEND: 2 copies assumed), CONNECTED: usable free 39.1 GiB of 185.5 GiB "
            "usable (free 97.7 GiB raw, 19.5 GiB kept to restore redundancy)",
            "冗余类型 EXTEND 未知（按 2 份副本估算），状态 CONNECTED：可用空闲 39.1 GiB，可用总量 185.5 GiB"
            "（原始空闲 97.7 GiB，其中 19.5 GiB 预留用于恢复冗余）",
        ),
        # No figures at all: "?" stands for each, inside a part of its own.
        (
            "oracle.asm_diskgroup.ARCH",
            "no size figures: EXTERN redundancy, CONNECTED: usable free ? of ? usable "
            "(free 97.7 GiB raw, 19.5 GiB kept to restore redundancy)",
            "没有容量数据：EXTERN 冗余，状态 CONNECTED：可用空闲 ?，可用总量 ?"
            "（原始空闲 97.7 GiB，其中 19.5 GiB 预留用于恢复冗余）",
        ),
        # The events of the interval: names and classes as Oracle gives them, the figures in Chinese units.
        (
            "oracle.top_events",
            "over the 7.0 d since the previous run (2025-03-31T08:00): db file sequential read (User I/O) 65%, 450 s, "
            "0.5 ms avg, enq: TX - row lock contention (Application) 13%, 90 s, 1800.0 ms avg (+2 more)",
            "自上次巡检（2025-03-31T08:00）以来的 7.0 天内：db file sequential read（User I/O）占 65%，450 秒，"
            "平均 0.5 毫秒，enq: TX - row lock contention（Application）占 13%，90 秒，平均 1800.0 毫秒（另有 2 项）",
        ),
        (
            "oracle.log_file_sync",
            "no commit waited since instance startup 2025-04-09 08:00:00 (the instance restarted after the previous "
            "sample)",
            "自实例启动（2025-04-09 08:00:00）以来（上次采样后实例已重启）没有提交等待",
        ),
        (
            "oracle.enqueue_latch",
            "0.0% of foreground wait time over the 24.0 h since the previous run (2025-04-07T08:00)",
            "自上次巡检（2025-04-07T08:00）以来的 24.0 小时内占前台等待时间的 0.0%",
        ),
        # Scheduler failures: a comma inside an item (failed x2, last ...) still reads as one job.
        (
            "oracle.scheduler_jobs",
            "failed runs since the last 7 d: APP.PURGE BROKEN after 16 failures, APP.NIGHTLY_LOAD failed x2, "
            "last 2025-03-30 02:00:00 ORA-01013",
            "最近 7 天内失败的运行：APP.PURGE 失败 16 次后已置为 BROKEN，APP.NIGHTLY_LOAD 失败 2 次，"
            "最近一次 2025-03-30 02:00:00，ORA-01013",
        ),
        ("oracle.scheduler_jobs", "failed runs since the last 7 d: none", "最近 7 天内没有失败的运行"),
        # The destination's error stays in Oracle's words.
        (
            "oracle.archive_gap",
            "dest 2 LOG_ARCHIVE_DEST_2: ERROR, no gap status, ORA-12541: TNS:no listener",
            "归档目标 2（LOG_ARCHIVE_DEST_2）：ERROR，无缺口状态，ORA-12541: TNS:no listener",
        ),
        (
            "oracle.cdb_scope",
            "not covered: HRPDB not open (MOUNTED), FINPDB outside the probe user's CONTAINER_DATA; "
            "2 container(s) covered: CDB$ROOT, SALESPDB",
            "未覆盖：HRPDB 未打开（MOUNTED），FINPDB 不在巡检用户的 CONTAINER_DATA 范围内；"
            "已覆盖 2 个容器：CDB$ROOT, SALESPDB",
        ),
        (
            "oracle.processes",
            "80 of 300, peak since startup 300: the limit was reached since startup (ORA-00018/ORA-00020)",
            "当前 80，上限 300，自启动以来峰值 300：自启动以来曾达到上限（ORA-00018/ORA-00020）",
        ),
        (
            "oracle.parameter.audit_trail",
            "is DB, not comparable with the recommended minimum 1 (a rule's note)",
            "当前为 DB，无法与建议的最小值 1 比较（单位不同或无法解析）（a rule's note）",
        ),
        (
            "postgres.changes",
            "since 2025-03-31T08:00:00+00:00: new FAIL: postgres.replication, postgres.wraparound; "
            "resolved: postgres.bloat",
            "自上次巡检（2025-03-31T08:00:00+00:00）以来：新增 FAIL：postgres.replication, postgres.wraparound；"
            "已恢复：postgres.bloat",
        ),
        ("postgres.state", "no row", "查询未返回任何行"),
    ],
)
def test_tricky_texts_keep_their_values(check_id: str, english: str, chinese: str) -> None:
    assert detail_zh(check_id, english) == chinese


def test_a_text_the_catalogue_does_not_know_is_left_in_english() -> None:
    """The general entries stop at what they know: an unknown interval or list item is not half translated."""
    assert detail_zh("oracle.top_events", "over the last fortnight: db file sequential read 65%") is None
    assert detail_zh("oracle.scheduler_jobs", "APP.PURGE was disabled by hand") is None
