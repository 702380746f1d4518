"""oracle_probe end to end against a recorded database: a fake python-oracledb connection.

The fake answers each catalogue statement with recorded rows (column names in
upper case, as Oracle returns them), records the call timeout in force and the
binds of every execute, and counts open cursors, so the tests can hold the
module to its promises: read-only, every cursor closed, every statement under a
timeout, ORA- errors and connection failures as ERROR checks, state kept only
outside check mode.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import oracledb
import pytest
from ansible.module_utils.healthops.common.result import ERROR, INFO, PASS, WARN, validate_check
from ansible.module_utils.healthops.db.oracle.cdb import CDB_CATALOGUE
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from healthops_testlib import load_library_module
from module_args import run_module
from zh_record import english_findings, english_lines

probe = load_library_module("oracle_probe")
NOW = dt.datetime(2025, 3, 31, 8, 0, tzinfo=dt.UTC)
GB = 1024**3
NAME_OF_SQL = {s.sql: s.name for s in CATALOGUE + CDB_CATALOGUE}

HEALTHY: dict[str, list[dict[str, Any]]] = {
    "instance": [
        {
            "instance_name": "ORCL",
            "host_name": "bj-ora-01",
            "version": "19.0.0.0.0",
            "instance_status": "OPEN",
            "uptime_seconds": Decimal(864000),
            "startup_time": "2025-03-21 08:00:00",
            "db_name": "ORCL",
            "db_unique_name": "ORCL",
            "database_role": "PRIMARY",
            "open_mode": "READ WRITE",
            "log_mode": "ARCHIVELOG",
            "db_time": "2025-03-31T16:00:00.000000+08:00",
        }
    ],
    "tablespaces": [
        {
            "tablespace_name": "SYSTEM",
            "contents": "PERMANENT",
            "status": "ONLINE",
            "bigfile": "NO",
            "allocated_bytes": GB,
            "max_bytes": 32 * GB,
            "autoextensible_files": 1,
            "file_count": 1,
            "free_bytes": GB // 10,
        },
        {
            "tablespace_name": "USERS",
            "contents": "PERMANENT",
            "status": "ONLINE",
            "bigfile": "NO",
            "allocated_bytes": 5 * GB,
            "max_bytes": 32 * GB,
            "autoextensible_files": 1,
            "file_count": 1,
            "free_bytes": GB,
        },
    ],
    "temp_tablespaces": [
        {
            "tablespace_name": "TEMP",
            "status": "ONLINE",
            "allocated_bytes": GB,
            "max_bytes": 32 * GB,
            "autoextensible_files": 1,
            "tablespace_size": GB,
            "free_bytes": GB,
        }
    ],
    "undo_tablespaces": [
        {
            "tablespace_name": "UNDOTBS1",
            "status": "ONLINE",
            "allocated_bytes": 2 * GB,
            "max_bytes": 32 * GB,
            "autoextensible_files": 1,
            "active_bytes": 0,
            "unexpired_bytes": GB,
            "expired_bytes": GB,
        }
    ],
    "fra": [
        {
            "name": "/u03/fra",
            "space_limit": 100 * GB,
            "space_used": 30 * GB,
            "space_reclaimable": 10 * GB,
            "number_of_files": 20,
        }
    ],
    "resource_limits": [
        {
            "resource_name": "processes",
            "current_utilization": 80,
            "max_utilization": 120,
            "initial_allocation": "300",
            "limit_value": "300",
        },
        {
            "resource_name": "sessions",
            "current_utilization": 90,
            "max_utilization": 140,
            "initial_allocation": "472",
            "limit_value": "472",
        },
    ],
    "blocking_sessions": [],
    "invalid_objects": [],
    "unusable_indexes": [],
    "registry": [{"comp_id": "CATALOG", "comp_name": "Catalog Views", "version": "19.0.0.0.0", "status": "VALID"}],
    "block_corruption": [],
    "datafile_status": [],
    "rman_jobs": [{"input_type": "DB INCR", "last_ok_age_hours": 10.0, "failed_jobs": 0, "last_failed_start": None}],
    "archive_dest": [],
    "archive_gap": [],
    "dataguard_stats": [],
    "redo_switches": [{"thread#": 1, "hour": "2025-03-30 10", "switches": 3}],
    "redo_logs": [{"thread#": 1, "group#": 1, "bytes": 512 * 1024**2, "members": 2, "status": "CURRENT"}],
    "alert_log": [],
    "password_expiry": [
        {
            "username": "APP",
            "account_status": "OPEN",
            "profile": "DEFAULT",
            "days_left": None,
            "profile_life": "DEFAULT",
            "default_life": "UNLIMITED",
        }
    ],
    "scheduler_failures": [],
    "scheduler_broken": [],
    "sysstat": [{"name": "physical reads cache", "value": 1}, {"name": "consistent gets from cache", "value": 1000}],
    "library_cache": [{"pins": 100, "pinhits": 99, "reloads": 0, "invalidations": 0}],
    "dictionary_cache": [{"gets": 100, "getmisses": 1}],
    "wait_classes": [{"wait_class": "CPU", "time_us": 100}],
    "top_sql": [],
    "optimizer_statistics": [],
    "parameters": [{"name": "processes", "value": "300", "display_value": "300", "isdefault": "FALSE"}],
    "segments": [],
    "db_files": [{"datafiles": 12, "db_files": "200"}],
    "connected_users": [{"type": "USER", "status": "INACTIVE", "sessions": 40, "users": 6}],
    "next_extent": [],
    "legacy_jobs": [],
    "asm_diskgroups": [],
    "system_events": [
        {"event": "log file sync", "wait_class": "Commit", "waits": 100_000, "time_us": 150_000_000},
        {"event": "db file sequential read", "wait_class": "User I/O", "waits": 900_000, "time_us": 450_000_000},
    ],
    "shared_pool": [{"pool_bytes": 800 * 1024**2, "free_bytes": 160 * 1024**2}],
}


class FakeCursor:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn
        self.description: list[tuple[str]] | None = None
        self.rows: list[tuple[Any, ...]] = []
        self.arraysize = 100
        conn.open_cursors += 1

    def __enter__(self) -> FakeCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.open_cursors -= 1

    def execute(self, sql: str, params: dict[str, Any]) -> None:
        name = NAME_OF_SQL[sql]
        self.conn.executed.append((name, self.conn.call_timeout, dict(params)))
        answer = self.conn.answers.get(name, [])
        if isinstance(answer, Exception):
            raise answer
        columns = list(answer[0]) if answer else ["dummy"]
        self.description = [(c.upper(),) for c in columns]
        self.rows = [tuple(row[c] for c in columns) for row in answer]

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows


class FakeConnection:
    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.call_timeout = 0
        self.executed: list[tuple[str, int, dict[str, Any]]] = []
        self.open_cursors = 0
        self.closed = False
        self.healthy = True

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def is_healthy(self) -> bool:
        return self.healthy

    def close(self) -> None:
        self.closed = True


class Driver:
    """connect() for run_probe: hands out FakeConnections and remembers them."""

    def __init__(self, answers: dict[str, Any] | None = None, refuse: Exception | None = None) -> None:
        self.answers = dict(HEALTHY, **(answers or {}))
        self.refuse = refuse
        self.connections: list[FakeConnection] = []

    def __call__(self, options: dict[str, Any]) -> FakeConnection:
        if self.refuse is not None:
            raise self.refuse
        conn = FakeConnection(self.answers)
        self.connections.append(conn)
        return conn


def options(**overrides: Any) -> dict[str, Any]:
    base = {name: spec.get("default") for name, spec in probe.ARGUMENT_SPEC.items()}
    base.update(service_name="ORCLPDB1", hostname="127.0.0.1", user="healthops_probe", password="secret")
    base.update(overrides)
    return base


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    for check in result["checks"]:
        assert validate_check(check) == [], check
    return {c["id"]: c for c in result["checks"]}


def test_healthy_monthly_run_reads_every_statement_under_a_timeout_and_closes_everything() -> None:
    driver = Driver()
    result = probe.run_probe(options(call_timeout=12000), now=NOW, connect=driver)
    checks = by_id(result)
    assert {c["status"] for c in result["checks"]} <= {PASS, INFO}, [
        c for c in result["checks"] if c["status"] not in (PASS, INFO)
    ]
    assert result["score"] == 100
    assert english_lines(result["checks"]) == []  # every line of the zh record in Chinese
    conn = driver.connections[0]
    assert conn.closed
    assert conn.open_cursors == 0
    ran = [name for name, _, _ in conn.executed]
    monthly = {s.name for s in CATALOGUE if "monthly" in s.profiles and s.applies(190000)}
    assert set(ran) == monthly
    assert len(ran) == len(set(ran)), "a statement ran twice"
    timeouts = {s.name: s.timeout_ms or 12000 for s in CATALOGUE}
    for name, timeout, _ in conn.executed:
        assert timeout == timeouts[name], name
    binds = {name: params for name, _, params in conn.executed}
    assert binds["rman_jobs"] == {"window_days": 31}
    assert binds["alert_log"] == {"since": "2025-02-28T16:00:00.000000+08:00"}
    assert binds["tablespaces"] == {}
    assert checks["oracle.tablespace.USERS"]["status"] == PASS
    assert result["server"]["database_role"] == "PRIMARY"


def test_tuning_run_reads_the_tuning_statements() -> None:
    driver = Driver()
    result = probe.run_probe(options(profile="tuning"), now=NOW, connect=driver)
    ran = {name for name, _, _ in driver.connections[0].executed}
    assert ran == {s.name for s in CATALOGUE if "tuning" in s.profiles}
    ids = set(by_id(result))
    assert {
        "oracle.buffer_cache_hit",
        "oracle.soft_parse",
        "oracle.top_sql",
        "oracle.data_distribution",
        "oracle.tablespace_days_to_full",
    } <= ids
    assert "oracle.tablespace.USERS" not in ids


def test_an_ora_error_is_an_error_check_and_the_rest_still_runs() -> None:
    missing = oracledb.DatabaseError("ORA-00942: table or view does not exist")
    driver = Driver({"fra": missing})
    result = probe.run_probe(options(), now=NOW, connect=driver)
    checks = by_id(result)
    assert checks["oracle.fra"]["status"] == ERROR
    assert checks["oracle.fra"]["value"] == "ORA-00942"
    assert checks["oracle.fra"]["detail"] == "ORA-00942: table or view does not exist (statement fra)"
    assert checks["oracle.invalid_objects"]["status"] == PASS
    assert english_findings(result["checks"]) == []  # the zh record says it in Chinese
    assert driver.connections[0].open_cursors == 0
    assert len(driver.connections) == 1  # a plain ORA- error does not cost a reconnect


def test_a_call_timeout_reconnects_and_carries_on() -> None:
    driver = Driver({"alert_log": oracledb.DatabaseError("DPY-4024: call timeout of 30000 ms exceeded")})
    result = probe.run_probe(options(), now=NOW, connect=driver)
    checks = by_id(result)
    assert checks["oracle.alert_log"]["status"] == ERROR
    assert checks["oracle.alert_log"]["value"] == "DPY-4024"
    # The statement's own limit (30 s for the alert log), named as a time-out of this check only.
    assert checks["oracle.alert_log"]["detail"].startswith("DPY-4024: timed out after 30 s (per-statement")
    assert len(driver.connections) == 2
    after = [name for name, _, _ in driver.connections[1].executed]
    assert after, "statements after the timeout ran on the new connection"
    assert all(c.closed for c in driver.connections)
    assert checks["oracle.scheduler_jobs"]["status"] == PASS


def test_connection_refused_is_one_error_check_naming_the_cause(tmp_path: Path) -> None:
    refused = oracledb.OperationalError(
        "DPY-6005: cannot connect to database (CONNECTION_ID=x).\n[Errno 111] Connection refused"
    )
    result = probe.run_probe(options(state_dir=str(tmp_path)), now=NOW, connect=Driver(refuse=refused))
    checks = by_id(result)
    assert checks["oracle.connect"]["status"] == ERROR
    assert checks["oracle.connect"]["value"] == "DPY-6005"
    assert checks["oracle.connect"]["detail"].startswith("connection refused")
    assert english_findings(result["checks"]) == []
    assert set(checks) == {"oracle.connect", "oracle.score", "oracle.changes"}
    assert not list(tmp_path.iterdir()), "a failed connection must not overwrite the last real run"


def test_wrong_password_names_the_cause() -> None:
    denied = oracledb.DatabaseError("ORA-01017: invalid credential or not authorized; logon denied")
    checks = by_id(probe.run_probe(options(), now=NOW, connect=Driver(refuse=denied)))
    assert checks["oracle.connect"]["detail"].startswith("authentication failed")
    assert english_findings(checks.values()) == []


def test_state_is_kept_between_runs_and_not_in_check_mode(tmp_path: Path) -> None:
    opts = options(state_dir=str(tmp_path), state_key="bj-ora-01")
    probe.run_probe(opts, check_mode=True, now=NOW, connect=Driver())
    assert not list(tmp_path.iterdir())
    probe.run_probe(opts, now=NOW, connect=Driver())
    state = json.loads((tmp_path / "oracle_bj-ora-01.json").read_text())
    assert state["memory"]["alert_since"] == "2025-03-31T16:00:00.000000+08:00"
    assert "USERS" in state["memory"]["tablespaces"]
    # A month later an unusable index appears and the alert log is read from where the first run stopped.
    later = NOW + dt.timedelta(days=30)
    driver = Driver({"unusable_indexes": [{"owner": "APP", "index_name": "I1", "partition_name": None}]})
    result = probe.run_probe(opts, now=later, connect=driver)
    binds = {name: params for name, _, params in driver.connections[0].executed}
    assert binds["alert_log"] == {"since": "2025-03-31T16:00:00.000000+08:00"}
    assert binds["rman_jobs"] == {"window_days": 30}
    assert result["diff"]["new_fail"] == ["oracle.unusable_indexes"]
    assert by_id(result)["oracle.changes"]["value"] == 1
    # Fixed the month after: resolved.
    result = probe.run_probe(opts, now=later + dt.timedelta(days=30), connect=Driver())
    assert result["diff"]["resolved"] == ["oracle.unusable_indexes"]


def test_mounted_standby_skips_the_data_dictionary() -> None:
    standby = [dict(HEALTHY["instance"][0], database_role="PHYSICAL STANDBY", open_mode="MOUNTED")]
    driver = Driver({"instance": standby})
    checks = by_id(probe.run_probe(options(), now=NOW, connect=driver))
    ran = {name for name, _, _ in driver.connections[0].executed}
    assert "tablespaces" not in ran
    assert "resource_limits" in ran
    assert checks["oracle.tablespace"]["status"] == INFO
    assert "MOUNTED" in checks["oracle.tablespace"]["detail"]


def test_old_server_gets_the_11g_variants() -> None:
    old = [dict(HEALTHY["instance"][0], version="11.2.0.4.0")]
    driver = Driver({"instance": old})
    result = probe.run_probe(options(profile="tuning"), now=NOW, connect=driver)
    checks = by_id(result)
    assert checks["oracle.optimizer_statistics"]["status"] == INFO
    assert "110200" in checks["oracle.optimizer_statistics"]["detail"]


def test_connect_parameters() -> None:
    params = probe.connect_params(options(mode="sysdba", connect_timeout=7))
    assert params["mode"] == oracledb.AUTH_MODE_SYSDBA
    assert (params["host"], params["port"], params["service_name"]) == ("127.0.0.1", 1521, "ORCLPDB1")
    assert params["tcp_connect_timeout"] == 7.0
    dsn = probe.connect_params(
        options(dsn="CADRE_DB1", config_dir="/etc/oracle", thick_mode=True, external_auth=True, user=None)
    )
    assert dsn["dsn"] == "CADRE_DB1"
    assert dsn["externalauth"] is True
    assert "user" not in dsn
    assert "program" not in dsn
    assert "config_dir" not in dsn  # thick mode takes it in init_oracle_client
    thin = probe.connect_params(options(config_dir="/etc/oracle", wallet_location="/etc/oracle/wallet"))
    assert (thin["config_dir"], thin["wallet_location"], thin["program"]) == (
        "/etc/oracle",
        "/etc/oracle/wallet",
        "healthops_probe",
    )


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        (
            {"thresholds": {"oracle_tablespace": {"warn": 99}}},
            "thresholds.oracle_tablespace: warn (99) must not be above fail (95)",
        ),
        ({"thresholds": {"fs_space": {"warn": 1}}}, "thresholds.fs_space: unknown threshold id"),
        (
            {"parameter_recommendations": {"processes": {"minimum": 3}}},
            "parameter_recommendations.processes: unknown key(s) minimum",
        ),
        ({"external_auth": True}, "external_auth needs thick_mode: true"),
        ({"service_name": None}, "give either dsn or service_name"),
        ({"user": None}, "user is required"),
        ({"ssl_server_cert_dn": "CN=db1"}, "ssl_server_cert_dn applies to TLS connections: set protocol: tcps"),
    ],
)
def test_bad_options_fail_before_connecting(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, Any], fragment: str
) -> None:
    def no_connect(_options: Any) -> None:
        raise AssertionError("connected despite bad options")

    monkeypatch.setattr(probe, "default_connect", no_connect)
    args = {k: v for k, v in options(**overrides).items() if v is not None}
    result, failed = run_module(monkeypatch, probe.main, args)
    assert failed
    assert fragment in result["msg"]


def test_module_reports_no_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe, "default_connect", Driver())
    args = {k: v for k, v in options().items() if v is not None}
    result, failed = run_module(monkeypatch, probe.main, args)
    assert not failed
    assert result["changed"] is False
    assert result["summary"]["ERROR"] == 0
    assert "secret" not in json.dumps(result)


# --------------------------------------------------------------------------- TLS (TCPS)


def test_tcps_connect_parameters_reach_python_oracledb() -> None:
    params = probe.connect_params(
        options(
            hostname="db1.example",
            port=2484,
            protocol="tcps",
            ssl_server_cert_dn="CN=db1.example,O=BJWJW",
            wallet_location="/etc/healthops/oracle-wallet",
            wallet_password="wallet-secret",
        )
    )
    assert params["protocol"] == "tcps"
    assert params["ssl_server_dn_match"] is True
    assert params["ssl_server_cert_dn"] == "CN=db1.example,O=BJWJW"
    assert (params["wallet_location"], params["wallet_password"]) == ("/etc/healthops/oracle-wallet", "wallet-secret")
    # What python-oracledb builds from them: TCPS with the DN checked and the wallet named.
    keys = ("host", "port", "service_name", "protocol", "ssl_server_dn_match", "ssl_server_cert_dn", "wallet_location")
    descriptor = oracledb.ConnectParams(**{k: params[k] for k in keys}).get_connect_string()
    assert "(PROTOCOL=tcps)(HOST=db1.example)(PORT=2484)" in descriptor
    assert "(SSL_SERVER_DN_MATCH=ON)(SSL_SERVER_CERT_DN=CN=db1.example,O=BJWJW)" in descriptor
    assert "(MY_WALLET_DIRECTORY=/etc/healthops/oracle-wallet)" in descriptor
    # Thick mode passes TCPS on as well (the wallet comes from sqlnet.ora there).
    thick = probe.connect_params(options(protocol="tcps", thick_mode=True, wallet_location="/w"))
    assert thick["protocol"] == "tcps"
    assert "wallet_location" not in thick


def test_plain_tcp_sends_no_protocol_so_a_tcps_dsn_keeps_its_own() -> None:
    params = probe.connect_params(options(dsn="tcps://db1:2484/ORCL"))
    assert "protocol" not in params
    opted_out = probe.connect_params(options(protocol="tcps", ssl_server_dn_match=False))
    assert opted_out["ssl_server_dn_match"] is False
    descriptor = oracledb.ConnectParams(host="db1", protocol="tcps", ssl_server_dn_match=False).get_connect_string()
    assert "SSL_SERVER_DN_MATCH=ON" not in descriptor


@pytest.mark.parametrize(
    ("overrides", "protocol", "matched"),
    [
        ({}, "tcp", True),
        ({"protocol": "tcps"}, "tcps", True),
        ({"protocol": "tcps", "ssl_server_dn_match": False}, "tcps", False),
        ({"dsn": "tcps://db1:2484/ORCL"}, "tcps", True),
        ({"dsn": "tcps://db1:2484/ORCL?ssl_server_dn_match=off"}, "tcps", False),
        (
            {"dsn": "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=db1)(PORT=2484))(CONNECT_DATA=(SERVICE_NAME=X)))"},
            "tcps",
            True,
        ),
        ({"dsn": "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db1)(PORT=1521)))"}, "tcp", True),
        ({"dsn": "db1:1521/ORCL"}, "tcp", True),
        ({"dsn": "CADRE_DB1"}, "alias", True),
    ],
)
def test_transport_is_read_from_the_options_and_the_dsn(
    overrides: dict[str, Any], protocol: str, matched: bool
) -> None:
    assert probe.transport(options(**overrides)) == protocol
    assert probe.dn_match(options(**overrides)) is matched


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({}, INFO, "TCP without TLS (protocol tcp)"),
        (
            {"protocol": "tcps", "wallet_location": "/w"},
            PASS,
            "verified against the wallet in /w and matched to the host name",
        ),
        (
            {"protocol": "tcps", "ssl_server_cert_dn": "CN=db1"},
            PASS,
            "the system's trusted CAs and matched to the DN CN=db1",
        ),
        ({"protocol": "tcps", "ssl_server_dn_match": False}, WARN, "ssl_server_dn_match false given explicitly"),
        ({"dsn": "CADRE_DB1"}, INFO, "TNS alias"),
    ],
)
def test_every_run_reports_how_the_connection_is_protected(overrides: dict[str, Any], status: str, words: str) -> None:
    result = probe.run_probe(options(**overrides), now=NOW, connect=Driver())
    tls = by_id(result)["oracle.tls"]
    assert tls["status"] == status
    assert words in tls["detail"]


def test_standby_backups_option_decides_how_a_standby_without_rman_jobs_is_graded() -> None:
    standby = [dict(HEALTHY["instance"][0], database_role="PHYSICAL STANDBY", open_mode="MOUNTED")]
    driver = Driver({"instance": standby, "rman_jobs": []})
    checks = by_id(probe.run_probe(options(), now=NOW, connect=driver))
    assert checks["oracle.backup_age"]["status"] == INFO
    assert "primary" in checks["oracle.backup_age"]["detail"]
    checks = by_id(probe.run_probe(options(standby_backups=True), now=NOW, connect=Driver(driver.answers)))
    assert checks["oracle.backup_age"]["status"] == "FAIL"


def test_mounted_standby_through_sysdg_runs_only_what_a_mounted_database_answers() -> None:
    # Only SYSDBA/SYSDG/... connect to a database that is not open; there the data dictionary (DBA_ views) cannot
    # be read, so only V$ statements run and every other check says it was not checked.
    standby = [
        dict(HEALTHY["instance"][0], database_role="PHYSICAL STANDBY", open_mode="MOUNTED", version="19.0.0.0.0")
    ]
    assert probe.connect_params(options(mode="sysdg"))["mode"] == oracledb.AUTH_MODE_SYSDGD
    driver = Driver({"instance": standby, "rman_jobs": []})
    result = probe.run_probe(options(mode="sysdg"), now=NOW, connect=driver)
    checks = by_id(result)
    by_name = {s.name: s for s in CATALOGUE if s.applies(190000)}
    for name, _, _ in driver.connections[0].executed:
        sql = by_name[name].sql.lower()
        assert "dba_" not in sql, name
        assert "cdb_" not in sql, name
    for cid in ("oracle.tablespace", "oracle.invalid_objects", "oracle.password_expiry", "oracle.scheduler_jobs"):
        assert checks[cid]["status"] == INFO, cid
        assert "not checked" in checks[cid]["detail"], checks[cid]["detail"]
        assert "MOUNTED" in checks[cid]["detail"]
    assert "sysdg" in checks["oracle.connect_time"]["detail"]


def test_patch_level_against_the_required_baseline() -> None:
    rows = [
        {
            "patch_id": 35643107,
            "action": "APPLY",
            "status": "SUCCESS",
            "applied": "2023-08-01",
            "description": "Database Release Update : 19.20.0.0.230718 (35320081)",
            "patch_level": "19.20.0.0.0",
        }
    ]
    driver = Driver({"patch_level": rows})
    checks = by_id(probe.run_probe(options(required_patch_level={"19": "19.21"}), now=NOW, connect=driver))
    assert checks["oracle.patch_level"]["status"] == "FAIL"
    checks = by_id(
        probe.run_probe(options(required_patch_level={"19": "19.20"}), now=NOW, connect=Driver(driver.answers))
    )
    assert checks["oracle.patch_level"]["status"] == PASS
    assert probe.validate_options(options(required_patch_level={"19": "latest"}))
    assert not probe.validate_options(options(required_patch_level={"19": "19.21", "11.2": "11.2.0.4.201020"}))


def test_tuning_ratios_cover_the_interval_since_the_previous_run(tmp_path: Path) -> None:
    opts = options(profile="tuning", state_dir=str(tmp_path), state_key="bj-ora-01")
    first = by_id(probe.run_probe(opts, now=NOW, connect=Driver()))["oracle.buffer_cache_hit"]
    assert "since instance startup 2025-03-21 08:00:00 (first run" in first["detail"]
    # A quarter later the same instance has read 1000 more blocks from cache and 500 from disk: 50% this quarter.
    busier = [
        {"name": "physical reads cache", "value": 501},
        {"name": "consistent gets from cache", "value": 2000},
    ]
    later = NOW + dt.timedelta(days=91)
    result = probe.run_probe(opts, now=later, connect=Driver({"sysstat": busier}))
    buffer = by_id(result)["oracle.buffer_cache_hit"]
    assert buffer["value"] == 50.0
    assert "over the 91.0 d since the previous run (2025-03-31T08:00)" in buffer["detail"]


def test_scope_cdb_reads_every_container_from_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    execute = FakeCursor.execute

    def recording(self: FakeCursor, sql: str, params: dict[str, Any]) -> None:
        sent.append(sql)
        execute(self, sql, params)

    monkeypatch.setattr(FakeCursor, "execute", recording)
    root_system = dict(HEALTHY["tablespaces"][0], con_name="CDB$ROOT", con_id=1)
    pdb_users = dict(HEALTHY["tablespaces"][1], con_name="SALESPDB", con_id=3)
    containers = [
        {"con_id": 3, "name": "SALESPDB", "status": "NORMAL", "open_mode": "READ WRITE", "connected_to": "CDB$ROOT"}
    ]
    driver = Driver({"tablespaces": [root_system, pdb_users], "cdb_containers": containers})
    checks = by_id(probe.run_probe(options(scope="cdb"), now=NOW, connect=driver))
    assert checks["oracle.tablespace.CDB$ROOT.SYSTEM"]["status"] == PASS
    assert checks["oracle.tablespace.SALESPDB.USERS"]["status"] == PASS
    assert checks["oracle.cdb_scope"]["status"] == PASS
    monthly_cdb = {s.sql for s in CDB_CATALOGUE if "monthly" in s.profiles}
    assert monthly_cdb <= set(sent)
    assert not any("FROM dba_tablespaces" in sql for sql in sent)
    sent.clear()
    assert "oracle.cdb_scope" not in by_id(probe.run_probe(options(), now=NOW, connect=Driver()))
    assert not monthly_cdb & set(sent)
