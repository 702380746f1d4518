"""The PostgreSQL checks' details in the zh record, from the evaluation of recorded rows.

The rows are those the PostgreSQL probe tests (tests/unit/.../db/postgres) recorded from live servers
(their modules say which): evaluated here as a run would, every check's 说明 (detail_zh) must read in
Chinese with no English prose left. Values (names, sizes, settings) pass through as they are.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres.availability import tls_check
from ansible.module_utils.healthops.db.postgres.events import CONFLICTS as CONFLICT_KINDS
from ansible.module_utils.healthops.db.tls import TlsPlan
from ansible.module_utils.healthops.report import detail
from healthops_testlib import REPO, load_library_module
from zh_record import HAN, PROSE

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)
PROBE_TESTS = REPO / "tests" / "unit" / "plugins" / "module_utils" / "healthops" / "db" / "postgres"


def recorded(name: str) -> ModuleType:
    """A PostgreSQL probe test module, for the rows it recorded."""
    path: Path = PROBE_TESTS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pg_recorded_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BLOAT = recorded("test_postgres_table_bloat")
STATEMENTS = recorded("test_postgres_top_statements")
WAL = recorded("test_postgres_wal")
EVENTS = recorded("test_postgres_events")
CONFLICTS = recorded("test_postgres_standby_conflicts")
ARCHIVING = recorded("test_postgres_archiving")
SEQUENCES = recorded("test_postgres_sequences")
REPLICATION = recorded("test_postgres_replication")
EVALUATE = recorded("test_postgres_evaluate")
VERSION_TEXTS = REPO / "tests" / "unit" / "fixtures" / "db" / "postgres_versions"
probe = load_library_module("postgres_probe")


def context(memory: dict[str, Any] | None = None, version: int = 150004, **options: Any) -> EvalContext:
    return EvalContext(
        merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, {"memory": memory or {}}, options, version, prefix="pg"
    )


Evaluation = Callable[[EvalContext], list[dict[str, Any]]]


def runs(fn: Callable, rows: dict[str, Any], *memories: dict[str, Any], **kwargs: Any) -> Evaluation:
    """An evaluator on the rows, on a first run and after each remembered sample."""

    def evaluate(_ctx: EvalContext) -> list[dict[str, Any]]:
        out = fn(rows, context(**kwargs))
        for memory in memories:
            out += fn(rows, context(memory, **kwargs))
        return out

    return evaluate


ARCHIVER = ARCHIVING.archiver
TIMED = {"timed": 3, "requested": 1, "skipped": None, "in_recovery": False, "checkpoint_timeout": "5min"}
TIMED.update(max_wal_size="1GB")
# Counters of the previous sample above the current ones: the statistics were reset after it.
LARGER = {"checkpoints": {"timed": 900.0, "requested": 100.0}, "cache_hit": {"hit": 9.0e6, "read": 1.0e5}}
SMALLER = {"checkpoints": {"timed": 1.0, "requested": 0.0}, "cache_hit": {"hit": 1.0, "read": 1.0}}
CONFLICTED = dict(CONFLICTS.ZERO, lock=2, snapshot=1, logical_slot=0)
ZERO_CONFLICTS = {"standby_conflicts": dict.fromkeys(CONFLICT_KINDS, 0.0)}
MORE_CONFLICTS = {"standby_conflicts": dict.fromkeys(CONFLICT_KINDS, 9.0)}
XID = {"datname": "app", "xid_age": 150000000, "mxid_age": 5000, "freeze_max_age": 200000000}
XID.update(multixact_freeze_max_age=400000000)
SERVER = {"server_version": "15.8", "in_recovery": True, "uptime_seconds": 259200, "version_text": "PostgreSQL 15.8"}
OPENGAUSS = dict(SERVER, server_version="9.2.4", in_recovery=False, version_text="(openGauss 5.0.3 build 89d339ca)")
UNREAD_INDEX = dict(BLOAT.INDEX, index_name="b_lower", not_estimable=True, not_estimated=2, not_readable=1)
SENDERS = [EVALUATE._sender("standby1", "streaming"), EVALUATE._sender("pg_basebackup", "backup", None, None)]
STANDBY = REPLICATION.standby
BLOCKED = {"pid": 7, "usename": "app", "datname": "app", "blocked_by": [5, 6], "wait_seconds": 45}
BLOCKED.update(wait_event_type="Lock", wait_event="relation")
BY_PREPARED = dict(BLOCKED, pid=9, blocked_by=[0], blocking_gids=["orphan-1"], wait_event="transactionid")
PREPARED = [
    {"gid": "orphan-1", "owner": "app", "datname": "app", "age_seconds": Decimal("900.5"), "xid_age": 50012},
    {"gid": "fresh", "owner": "app", "datname": "app", "age_seconds": 0.2, "xid_age": 3},
]
HOLDERS = [
    {"holder_type": "replication slot", "holder": "gone", "datname": None, "xid_age": 30_000_000},
    {"holder_type": "session", "holder": "pid 4", "datname": "app", "xid_age": 2000},
    {"holder_type": "prepared transaction", "holder": "orphan-1", "datname": "app", "xid_age": 1000},
]
INVALID = [{"schema_name": "public", "index_name": "orders_uq", "table_name": "orders", "datname": "app"}]


def fork_run(version_text: str, version: str, version_num: int) -> Evaluation:
    """Every check of a monthly and a tuning run on a fork's server (its recorded version()), the statements
    other than ``server`` giving no rows: what the fork lacks is not checked, and says why."""

    def evaluate(_ctx: EvalContext) -> list[dict[str, Any]]:
        row = {"server_version": version, "server_version_num": version_num, "uptime_seconds": 3600}
        row.update(version_text=(VERSION_TEXTS / version_text).read_text(encoding="utf-8").strip(), in_recovery=False)
        out = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                probe, "execute", lambda _conn, statement, _binds: [row] if statement.name == "server" else []
            )
            for profile in ("monthly", "tuning"):
                options = {"profile": profile, "databases": ["postgres"], "login_db": "postgres"}
                out += probe._probe(object(), options, context(), {})
        return out

    return evaluate


PLANS = [
    (TlsPlan("verify-full", {}, True, "CA file /etc/pki/pg-ca.pem"), True, "TLSv1.3"),
    (TlsPlan("verify-full", {}, True, "the system CA bundle /etc/ssl/certs/ca-certificates.crt"), True, "TLSv1.3"),
    (TlsPlan("verify-full", {}, True, "the system CA store"), True, "TLSv1.2"),
    (TlsPlan("verify-ca", {}, True, "CA file /etc/pki/pg-ca.pem"), True, "TLSv1.3"),
    (TlsPlan("verify-full", {}, True, "CA file /etc/pki/pg-ca.pem"), False, None),
    (TlsPlan("require", {}, False), True, "TLSv1.3"),
    (TlsPlan("disable", {}, False), False, None),
    (TlsPlan("verify-full", {}, False, local=True), None, None),
]

EVALUATIONS: dict[str, Evaluation] = {
    "uptime": lambda c: ev.ev_uptime({"server": [SERVER]}, c) + ev.ev_uptime({"server": [OPENGAUSS]}, c),
    "tls": lambda c: [tls_check(c, plan, in_use, protocol) for plan, in_use, protocol in PLANS],
    "archiver": lambda c: (
        ev.ev_archiver({"archiver": [ARCHIVER(archived_count=100)]}, c)
        + ev.ev_archiver({"archiver": [ARCHIVER(in_recovery=True)]}, c)
        + ev.ev_archive_backlog({"archiver": [ARCHIVER(in_recovery=True)], "archive_status": [{"ready": 0}]}, c)
    ),
    "bloat": lambda c: (
        ev.ev_table_bloat({"table_bloat": [BLOAT.FINE, BLOAT.UNREADABLE]}, c)
        + ev.ev_table_bloat({"table_bloat": [BLOAT.FINE]}, c)
        + ev.ev_index_bloat({"index_bloat": [BLOAT.FRESH_INDEX, UNREAD_INDEX]}, c)
    ),
    "database_events": runs(
        ev.ev_database_events,
        {"database_events": [dict(EVENTS.AFTER, checksum_failures=0)]},
        {"database_events": {"deadlocks": 0.0, "temp_files": 0.0, "temp_bytes": 0.0, "checksum_failures": 0.0}},
        {"database_events": {"deadlocks": 9.0, "temp_files": 9.0, "temp_bytes": 9.0, "checksum_failures": 0.0}},
    ),
    "standby_conflicts": lambda c: (
        runs(ev.ev_standby_conflicts, {"standby_conflicts": [CONFLICTED]}, ZERO_CONFLICTS, MORE_CONFLICTS)(c)
        + runs(ev.ev_standby_conflicts, {"standby_conflicts": [dict(CONFLICTS.ZERO, in_recovery=False)]})(c)
    ),
    "checkpoints": lambda c: (
        runs(ev.ev_checkpoints, {"checkpoints": [TIMED]}, SMALLER, LARGER)(c)
        + runs(ev.ev_checkpoints, {"checkpoints": [dict(TIMED, in_recovery=True, skipped=2)]}, LARGER)(c)
    ),
    "cache_hit": runs(ev.ev_cache_hit, {"cache_hit": [{"hit": 500, "read": 20}]}, SMALLER, LARGER),
    "top_statements": lambda c: [
        check
        for extension, top, version in (
            (STATEMENTS.ABSENT, [], 150000),
            (STATEMENTS.PRELOADED, [], 150000),
            (dict(STATEMENTS.READY, visible=False), [], 150000),
            (STATEMENTS.READY, [], 150000),
            (dict(STATEMENTS.READY, extversion="1.7"), [], 130000),
        )
        for check in ev.ev_top_statements(
            {"statements_extension": [extension], "top_statements": top}, context(version=version)
        )
    ],
    "wal": lambda c: (
        ev.ev_wal_size({"wal_size": [WAL.FRESH]}, c)
        + ev.ev_wal_size({"wal_size": [dict(WAL.HELD, max_slot_wal_keep_size=None)]}, c)
        + ev.ev_wal_size({"wal_size": [dict(WAL.HELD, max_wal_size=0, max_slot_wal_keep_size=-1)]}, c)
        + ev.ev_checkpoint_age({"checkpoint_age": [WAL.QUIET]}, c)
        + ev.ev_checkpoint_age({"checkpoint_age": [dict(WAL.QUIET, in_recovery=True)]}, c)
        + ev.ev_checkpoint_age({"checkpoint_age": [dict(WAL.QUIET, wal_since_redo_bytes=Decimal("3.4e7"))]}, c)
    ),
    "xid_wraparound": lambda c: (
        ev.ev_xid_age({"xid_age": [XID], "oldest_tables": [{"schemaname": "public", "relname": "t", "xid_age": 9}]}, c)
        + ev.ev_xid_age({"xid_age": [dict(XID, mxid_age=390000000)], "oldest_tables": []}, c)
        + ev.ev_xid_age({"xid_age": [], "oldest_tables": []}, c)
    ),
    "sequences": lambda c: ev.ev_sequences({"sequences": [SEQUENCES.sequence("locked", None, readable=False)]}, c),
    "connections": lambda c: (
        ev.ev_connections({"connections": [{"used": 11, "max_connections": 20, "reserved": 10}]}, c)
        + ev.ev_database_connections(
            {"database_connections": [{"datname": "closed", "datconnlimit": 0, "used": 0, "datallowconn": True}]}, c
        )
    ),
    "standbys": lambda c: ev.ev_standbys({"standby": [{"in_recovery": True}], "replication": []}, c),
    "replication_lag": lambda c: (
        ev.ev_replication({"replication": SENDERS, "standby": [REPLICATION.PRIMARY]}, c)
        + ev.ev_replication({"replication": [REPLICATION.RECEIVEWAL], "standby": [REPLICATION.PRIMARY]}, c)
        + ev.ev_replication({"replication": [], "standby": [STANDBY(receiver_status=None)]}, c)
        + ev.ev_replication(
            {"replication": [], "standby": [STANDBY(caught_up=False, replay_paused=True, replay_waiting_bytes=5e7)]}, c
        )
        + ev.ev_replication(
            {"replication": [], "standby": [STANDBY(replay_delay_seconds=None, replay_waiting_bytes=3.1e9)]}, c
        )
    ),
    "locks": lambda c: (
        ev.ev_blocking({"blocking": [BLOCKED, BY_PREPARED, dict(BY_PREPARED, blocking_gids=[])]}, c)
        + ev.ev_prepared_xacts({"prepared_xacts": PREPARED}, c)
        + ev.ev_xmin_horizon({"xmin_horizon": HOLDERS, "xid_age": [XID]}, c)
        + ev.ev_invalid_indexes({"invalid_indexes": INVALID}, c)
    ),
    "opengauss": fork_run("opengauss.txt", "9.2.4", 90204),
    "kingbasees": fork_run("kingbasees.txt", "12.1", 120001),
}


@pytest.mark.parametrize("name", sorted(EVALUATIONS))
def test_every_postgres_detail_of_the_recorded_rows_reads_in_chinese(name: str) -> None:
    checks = EVALUATIONS[name](context())
    assert checks
    english = []
    for check in checks:
        # What the 说明 column shows: the Chinese, else the English (a value or "none" needs no Chinese).
        zh = detail.detail_zh(check["id"], check["detail"])
        shown = zh or check["detail"]
        if PROSE.search(shown) or (zh is not None and not HAN.search(zh)):
            english.append((check["id"], check["detail"], zh))
    assert english == []
    assert any(PROSE.search(c["detail"]) for c in checks), "no English prose to translate: the rows test nothing"


def zh_of(check_id: str, english: str) -> str | None:
    return detail.detail_zh(check_id, english)


# Texts whose values and nested parts must come out as they went in.
PINNED = [
    (
        "pg.checkpoints",
        "10 requested, 90 timed since statistics were reset (after the previous run) (a standby: restartpoints "
        "counted as checkpoints); checkpoint_timeout 5min, max_wal_size 1GB: too few checkpoints to judge",
        "自统计信息重置（晚于上次巡检）以来（本库为备库：重启点计为检查点）：请求的检查点 10 次，定时检查点 90 次；"
        "checkpoint_timeout 5min，max_wal_size 1GB：检查点次数太少，无法判断",
    ),
    (
        "pg.standby_conflicts",
        "3 query(ies) cancelled by recovery conflicts since statistics were reset (after the previous run) "
        "(1 lock, 2 snapshot) (a primary: conflicts happen on standbys)",
        "自统计信息重置（晚于上次巡检）以来：有 3 个查询因恢复冲突被取消（1 lock, 2 snapshot）"
        "（本库为主库：恢复冲突只发生在备库上）",
    ),
    (
        "pg.wal_size",
        "pg_wal 80.0 MiB in 5 file(s), the settings keep 32.0 MiB (max_wal_size 32.0 MiB, wal_keep_segments 0 B, "
        "max_slot_wal_keep_size none (before 13)); slot forgotten holds the oldest WAL, 59.0 MiB",
        "pg_wal 共 80.0 MiB（5 个文件），按配置保留 32.0 MiB（max_wal_size 32.0 MiB，wal_keep_segments 0 B，"
        "max_slot_wal_keep_size 无（13 之前的版本没有此参数））；复制槽 forgotten 持有最早的 WAL，59.0 MiB",
    ),
    (
        "pg.uptime",
        "openGauss (reports PostgreSQL 9.2.4) primary, up 3.0 d",
        "openGauss（兼容 PostgreSQL 9.2.4），主库，已运行 3.0 d",
    ),
    (
        "pg.tls",
        "TLSv1.3, server certificate verified against the system CA bundle /etc/ssl/certs/ca-certificates.crt "
        "and its name matched (verify-full)",
        "TLSv1.3，服务器证书已用系统 CA 证书包 /etc/ssl/certs/ca-certificates.crt 验证，且名称匹配（verify-full）",
    ),
    (
        "pg.index_bloat",
        "none wastes 8.0 MiB or more of 1 index(es) estimated; 1 index(es) of 1 MB or more not estimated: no "
        "statistics (never analyzed)",
        "已估算的 1 个索引中，没有浪费 8.0 MiB 及以上空间的；"
        "1 个索引（1 MB 及以上）未估算：没有统计信息（从未执行 ANALYZE）",
    ),
    (
        "pg.xid_wraparound",
        "app multixact age 390000000 of autovacuum_multixact_freeze_max_age 400000000; oldest tables: public.t 9",
        "app 的 multixact 年龄为 390000000，autovacuum_multixact_freeze_max_age 为 400000000；最老的表：public.t 9",
    ),
    (
        "pg.replication_lag",
        "standby1 streaming/async replay lag 0.2 s, 8.0 KiB behind, pg_basebackup backup/async replay lag 0.0 s, "
        "? behind; not streaming: pg_basebackup",
        "standby1（streaming/async）重放延迟 0.2 s，落后 8.0 KiB，pg_basebackup（backup/async）重放延迟 0.0 s，"
        "落后 ?；未在流复制：pg_basebackup",
    ),
    (
        "pg.blocking_locks",
        "2 blocked; pid 7 (app@app) waits 45 s on Lock/relation, blocked by pid 5, pid 6, pid 9 (app@app) waits 5 s "
        "on Lock/transactionid, blocked by prepared transaction orphan-1",
        "2 个会话被阻塞；pid 7（app@app）已等待 45 s，等待事件 Lock/relation，阻塞者：pid 5，pid 6，"
        "pid 9（app@app）已等待 5 s，等待事件 Lock/transactionid，阻塞者：预备事务 orphan-1",
    ),
    (
        "pg.xid_wraparound",
        "not checked: xid_age: not on openGauss/GaussDB: openGauss uses 64-bit transaction IDs, which do not wrap "
        "around",
        "未检查：xid_age：openGauss/GaussDB 上不执行：openGauss 使用 64 位事务 ID，不会发生回卷",
    ),
    (
        "pg.archiver",
        "100 WAL archived, 0 failures since statistics reset",
        "自统计信息重置以来已归档 WAL 100 个，失败 0 次",
    ),
]


@pytest.mark.parametrize(("check_id", "english", "chinese"), PINNED)
def test_tricky_postgres_details_keep_their_values(check_id: str, english: str, chinese: str) -> None:
    assert zh_of(check_id, english) == chinese


def test_a_period_the_catalogue_does_not_know_is_not_taken_for_one() -> None:
    # The conflict kinds are values; a parenthesis that is prose is no list of kinds.
    text = "3 query(ies) cancelled by recovery conflicts since statistics reset (something else entirely)"
    assert PROSE.search(zh_of("pg.standby_conflicts", text) or text)
