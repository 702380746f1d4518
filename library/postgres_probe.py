#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module postgres_probe: read-only health check of a PostgreSQL-family server."""

DOCUMENTATION = r"""
---
module: postgres_probe
short_description: Read-only monthly health check and quarterly tuning review of a PostgreSQL-family server
description:
  - Connects to a PostgreSQL, KingbaseES or openGauss-compatible server with psycopg 3 and runs a
    catalogue of read-only SELECT statements, one module call for every check of the profile.
  - The C(monthly) profile checks connections against the slots ordinary roles may take
    (C(max_connections) less C(superuser_reserved_connections) and C(reserved_connections); none free is
    FAIL) and per-database limits (a database closed with C(CONNECTION LIMIT 0) is INFO), database and
    tablespace sizes, transaction-ID and multixact wraparound age against C(autovacuum_freeze_max_age)
    and C(autovacuum_multixact_freeze_max_age) naming the oldest tables, replication lag in time and bytes
    (a WAL receiver such as pg_receivewal by what it wrote, not replayed; a standby's paused replay named
    with the WAL waiting), the standbys expected (O(expected_standbys), C(synchronous_standby_names)), slots, long
    queries, long transactions (from C(xact_start)), idle-in-transaction sessions, prepared transactions,
    the oldest xmin horizon, blocking locks (a prepared transaction named by its gid), dead tuples of
    tables past their autovacuum threshold (against C(pg_class.reltuples)) and their vacuum age (dated from
    when statistics began after a reset), vacuums running long (C(pg_stat_progress_vacuum); one to prevent
    wraparound past the WARN limit is FAIL), sequences close to their maximum (C(pg_sequences), 10+),
    deadlocks (WARN) and temporary files since the previous run and data checksum failures (FAIL), invalid
    indexes, WAL archiver failures, and the backlog of WAL
    waiting to be archived (C(pg_ls_archive_statusdir()), 12+; a standby with C(archive_mode=on) does not
    archive and is INFO), the size of C(pg_wal) against what the settings keep (C(max_wal_size),
    C(wal_keep_size), C(max_slot_wal_keep_size)) naming the slot holding the oldest WAL, a slot's
    C(safe_wal_size) (13+), and the time since the last checkpoint with WAL written since.
  - The C(tuning) profile (quarterly) checks the cache hit ratio and checkpoint pressure over the interval
    since the previous run, unused and duplicate indexes, optimizer statistics stale past the autoanalyze
    threshold, table and B-tree index bloat estimated from C(pg_stats) (relations whose statistics the role may
    not read make it INFO naming the grant needed), the top SQL by total time from C(pg_stat_statements) where it is
    preloaded and created in O(login_db) (else what is missing; the columns of the extension's version), database
    growth, and reviews C(pg_settings) against
    the recommendations given in O(parameter_recommendations).
  - Every result is a check of the healthops result model (PASS, WARN, FAIL, INFO, ERROR). A connection
    failure or a failing statement gives an C(ERROR) check naming the cause, never a traceback.
  - The session is read-only (C(default_transaction_read_only)), autocommit, and every statement runs
    under O(statement_timeout).
  - TLS is verified by default (O(ssl_mode=verify-full) against O(ca_cert) or the system's CAs); the C(pg.tls)
    check says how the connection was protected, and an explicit opt-out is a WARN there in every run.
  - Between runs the module keeps a JSON state file per target in O(state_dir) on the controller (the
    previous statuses for the diff, size samples for growth, the archiver failure count, the cache,
    checkpoint, deadlock and temporary file counters). Writing that file is bookkeeping on the controller,
    not a change to the database, so the module always reports C(changed=false); in check mode it writes
    nothing.
  - Run it on the controller, delegated to C(localhost); it needs C(psycopg) 3 there.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
  - healthops.state_dir
  - healthops.probe
options:
  login_host:
    description:
      - Host running the database. Empty with O(login_unix_socket) unset means the libpq default.
    type: str
    default: ""
    aliases: [host]
  login_port:
    description: Database port.
    type: int
    default: 5432
    aliases: [port]
  login_user:
    description: Role to connect as; a member of C(pg_monitor) is enough.
    type: str
    default: postgres
    aliases: [login]
  login_password:
    description: Password of O(login_user).
    type: str
    default: ""
  login_db:
    description: Database to connect to first; server-wide checks run there.
    type: str
    default: postgres
    aliases: [db]
  login_unix_socket:
    description: Directory of the server's Unix domain socket, instead of O(login_host).
    type: str
    default: ""
    aliases: [unix_socket]
  ssl_mode:
    description:
      - libpq C(sslmode). The default C(verify-full) encrypts the connection and checks the server's certificate
        against O(ca_cert) (or, without it, the system's CA bundle) and that it names the host connected to.
      - Any other value is an explicit opt-out, reported in every run by the C(pg.tls) check as WARN
        (C(verify-ca) checks the certificate but not the name; C(require) and C(prefer) encrypt without
        checking; C(disable) and C(allow) may send everything in clear text).
      - Without O(ca_cert) and without a system CA bundle (C(/etc/ssl/certs/ca-certificates.crt),
        C(/etc/pki/tls/certs/ca-bundle.crt), ...; libpq 16+ also C(sslrootcert=system)), a verifying mode is an
        ERROR that names both ways out, and nothing connects.
      - Unix-socket connections (O(login_unix_socket)) do not use TLS; C(pg.tls) is INFO for them.
    type: str
    default: verify-full
    choices: [allow, disable, prefer, require, verify-ca, verify-full]
  ca_cert:
    description:
      - PEM file of the certificate authority (or authorities) that signed the server's certificate (libpq
        C(sslrootcert)), on the controller. A missing file fails the module before it connects.
    type: path
    aliases: [ssl_rootcert]
  connect_timeout:
    description: Seconds to wait for a connection.
    type: int
    default: 5
  statement_timeout:
    description: Milliseconds each statement may run before the server cancels it (C(statement_timeout)).
    type: int
    default: 15000
  databases:
    description:
      - Databases whose own catalogues are inspected (dead tuples, invalid, unused and duplicate indexes,
        stale statistics). Default is every database that accepts connections, templates and databases
        closed with C(CONNECTION LIMIT 0) excluded.
    type: list
    elements: str
  expected_standbys:
    description:
      - C(application_name) of each standby this server, as primary, should have streaming from it. One
        missing is WARN in the C(pg.standbys) check; a standby named in C(synchronous_standby_names) that is
        missing is FAIL there when fewer than the required number remain (commits wait), whatever this says.
      - Empty (the default) checks only C(synchronous_standby_names). Not used on a standby.
    type: list
    elements: str
    default: []
  required_patch_level:
    description:
      - Lowest acceptable release per major version, for the C(patch_level) check of the monthly profile
        (PostgreSQL ships its security fixes only in minor releases). Keys are the major version (C(15); C(9.6)
        before 10) with the release as the value (C(15.8)), read from C(server_version_num).
      - The forks report the PostgreSQL version they derive from, not their own release; their release is read
        from C(version()) and looked up under the fork's key C(kingbase) (C(V008R006C009B0014)), C(opengauss)
        (C(5.0.1)) or C(highgo).
      - Below it is a FAIL; a major version or fork without an entry is INFO showing its release.
    type: dict
    default: {}
  state_key:
    description: Name of this target in the state file name; default is C(host_port_db).
    type: str
notes:
  - O(thresholds) ids are C(resource_limit) of the shared defaults and the C(pg_*) ids; the RV(thresholds)
    return value and roles/db_health/README.md list them with their defaults. Unknown ids and bad limits
    fail the module before it connects.
  - O(state_dir) holds one state file per target, from which the next run reports what changed.
  - Grant the probe role C(pg_monitor); see C(roles/db_health/files/postgres_probe_account.sql).
  - Sizes and times in O(parameter_recommendations) take units (C(4GB), C(5min)).
  - Check mode is supported; the probe never changes the database.
  - Connection errors are scrubbed of the password (whole or in pieces) before they become a check's detail.
requirements:
  - psycopg >= 3.1
"""

EXAMPLES = r"""
- name: Monthly health check of a PostgreSQL server
  ansible.legacy.postgres_probe:
    login_host: 10.0.0.21
    login_user: healthops_probe
    login_password: "{{ vault_pg_probe_password }}"
    login_db: postgres
    ca_cert: "{{ inventory_dir }}/files/pki/db-ca.crt"
    profile: monthly
    state_dir: "{{ playbook_dir }}/../state/db_health"
    state_key: "{{ inventory_hostname }}"
    thresholds:
      pg_idle_in_transaction: {warn: 120, fail: 900}
  delegate_to: localhost
  register: db_health_result
  no_log: false

- name: Quarterly tuning review with parameter recommendations
  ansible.legacy.postgres_probe:
    login_host: 10.0.0.21
    login_user: healthops_probe
    login_password: "{{ vault_pg_probe_password }}"
    # An explicit opt-out, reported by pg.tls as WARN: encrypted, the certificate not checked.
    ssl_mode: require
    profile: tuning
    parameter_recommendations:
      shared_buffers: {min: 1GB, note: about a quarter of RAM}
      log_min_duration_statement: {not: "-1"}
  delegate_to: localhost
"""

# Keys shared with oracle_probe stay written out: doc fragments reach DOCUMENTATION only, never RETURN.
RETURN = r"""
changed:
  description: Always false; the probe only reads.
  returned: always
  type: bool
checks:
  description: Checks of the result model (id, category, title, title_zh, status, value, threshold, unit, detail).
  returned: always
  type: list
  elements: dict
  sample:
    - id: pg.connections
      category: sessions
      title: Connections of max_connections
      title_zh: 连接数占用
      status: PASS
      value: 12.37
      threshold: ">=80/90%"
      unit: "%"
      detail: 12 in use of 97 slots for ordinary roles (max_connections 100 less 3 reserved)
score:
  description: Overall health score 0-100 (PASS 1, WARN and ERROR 0.5, FAIL 0; INFO not counted).
  returned: always
  type: int
summary:
  description: Number of checks per status.
  returned: always
  type: dict
diff:
  description:
    - Check ids that turned FAIL (C(new_fail)) or WARN (C(new_warn)), were C(resolved), or are C(still_failing)
      since the previous run of the same profile (C(previous_run)).
  returned: always
  type: dict
profile:
  description: The profile run.
  returned: always
  type: str
server:
  description:
    - Server version, version number, the text of C(version()), the fork recognised from it (C(postgresql),
      C(opengauss), C(kingbase) or C(highgo)) and whether it is a standby; empty when the connection failed.
    - A check whose statement does not exist on the server's version or fork is INFO with C(not_checked) true
      and a detail starting C(not checked); the score counts it as unknown and never higher for it.
  returned: always
  type: dict
state_file:
  description: Path of the state file, or null without O(state_dir).
  returned: always
  type: str
elapsed:
  description: Seconds the probe took.
  returned: always
  type: float
thresholds:
  description: The threshold catalogue in force (defaults merged with O(thresholds)).
  returned: always
  type: dict
"""

import datetime as dt
import os
import time
import traceback
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, INFO
from ansible.module_utils.healthops.db import probe
from ansible.module_utils.healthops.db.catalogue import QueryError, Result, Statement, Unavailable, select_statements
from ansible.module_utils.healthops.db.context import Check, EvalContext, check, run_evaluators
from ansible.module_utils.healthops.db.postgres.evaluate import (
    EVALUATORS,
    POSTGRES_THRESHOLDS,
    PREFIX,
    connect_time_check,
    connection_error_check,
    describe_connect_error,
    tls_check,
)
from ansible.module_utils.healthops.db.postgres.forks import fork_statements, mark_not_checked, recognise_fork
from ansible.module_utils.healthops.db.postgres.patching import baseline_errors
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE, DATABASE_LIST, MIN_DEAD_TUPLES, guarded
from ansible.module_utils.healthops.db.scrub import scrub_secrets
from ansible.module_utils.healthops.db.tls import DEFAULT_SSL_MODE, SSL_MODES, TlsPlan, find_ca_bundle, postgres_tls

try:
    import psycopg
    from psycopg.rows import dict_row

    PSYCOPG_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - the venv has it
    PSYCOPG_IMPORT_ERROR = traceback.format_exc()

ARGUMENT_SPEC: Dict[str, Any] = dict(
    login_host=dict(type="str", default="", aliases=["host"]),
    login_port=dict(type="int", default=5432, aliases=["port"]),
    login_user=dict(type="str", default="postgres", aliases=["login"]),
    login_password=dict(type="str", default="", no_log=True),
    login_db=dict(type="str", default="postgres", aliases=["db"]),
    login_unix_socket=dict(type="str", default="", aliases=["unix_socket"]),
    ssl_mode=dict(type="str", default=DEFAULT_SSL_MODE, choices=list(SSL_MODES)),
    ca_cert=dict(type="path", aliases=["ssl_rootcert"]),
    connect_timeout=dict(type="int", default=5),
    statement_timeout=dict(type="int", default=15000),
    databases=dict(type="list", elements="str"),
    profile=dict(type="str", default="monthly", choices=["monthly", "tuning"]),
    thresholds=dict(type="dict", default={}),
    parameter_recommendations=dict(type="dict", default={}),
    expected_standbys=dict(type="list", elements="str", default=[]),
    required_patch_level=dict(type="dict", default={}),
    state_dir=dict(type="path"),
    state_key=dict(type="str", no_log=False),
)


def validate_options(options: Mapping[str, Any]) -> List[str]:
    """Messages naming each bad option (empty when the options are usable)."""
    errors = probe.option_errors(options, POSTGRES_THRESHOLDS, ("connect_timeout", "statement_timeout"))
    if options.get("ca_cert") and not os.path.isfile(options["ca_cert"]):
        errors.append(f"ca_cert {options['ca_cert']} is not a file on the controller")
    errors.extend(baseline_errors(options.get("required_patch_level") or {}))
    return errors


def tls_plan(options: Mapping[str, Any]) -> TlsPlan:
    """How the connection uses TLS: the mode asked for, the CA file or the system's, or why it cannot verify."""
    host = options.get("login_unix_socket") or options.get("login_host") or ""
    return postgres_tls(
        options.get("ssl_mode"),
        options.get("ca_cert"),
        psycopg.pq.version(),
        find_ca_bundle(),
        local=not host or host.startswith("/"),
    )


def _conninfo(options: Mapping[str, Any], dbname: str) -> Dict[str, Any]:
    params: Dict[str, Any] = {
        "dbname": dbname,
        "user": options["login_user"],
        "port": options["login_port"],
        "connect_timeout": options["connect_timeout"],
        "application_name": "healthops_probe",
        "options": (
            f"-c statement_timeout={int(options['statement_timeout'])} "
            "-c default_transaction_read_only=on -c lock_timeout=1000"
        ),
    }
    host = options.get("login_unix_socket") or options.get("login_host")
    if host:
        params["host"] = host
    if options.get("login_password"):
        params["password"] = options["login_password"]
    params.update(tls_plan(options).params)
    return params


def connection_secrets(options: Mapping[str, Any]) -> List[str]:
    """What must never appear in a check: the password, whole or in pieces (see healthops.db.scrub)."""
    return [options["login_password"]] if options.get("login_password") else []


def connect_error_text(options: Mapping[str, Any], exc: BaseException) -> str:
    """libpq's message with its likely cause first, the password scrubbed out."""
    return describe_connect_error(scrub_secrets(str(exc), connection_secrets(options)))


def _connect(options: Mapping[str, Any], dbname: str) -> Any:
    return psycopg.connect(autocommit=True, row_factory=dict_row, **_conninfo(options, dbname))


def connection_tls(conn: Any) -> Tuple[Optional[bool], Optional[str]]:
    """Whether the connection uses TLS, and the protocol version the server reports (TLSv1.3) when it does."""
    try:
        in_use = bool(conn.pgconn.ssl_in_use)
    except AttributeError:
        return None, None
    if not in_use:
        return False, None
    # pg_stat_ssl shows every session its own row; a server without the view (a fork) just has no version.
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            row = cur.fetchone()
    except psycopg.Error:
        return True, None
    return True, (row or {}).get("version")


def _query_error(name: str, exc: Exception) -> QueryError:
    code = getattr(exc, "sqlstate", None) or type(exc).__name__
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # A server message may quote a statement or setting; nothing password-like leaves the module.
    message = scrub_secrets(message)
    return QueryError(name, f"SQLSTATE {code}" if getattr(exc, "sqlstate", None) else code, message)


def execute(conn: Any, statement: Statement, binds: Mapping[str, Any]) -> Result:
    """Rows of one statement as dicts, or a QueryError; the cursor is always closed."""
    params = {name: binds[name] for name in statement.binds}
    try:
        with conn.cursor() as cur:
            cur.execute(statement.sql, params)
            return [dict(row) for row in cur.fetchall()]
    except psycopg.Error as exc:
        return _query_error(statement.name, exc)


def run_probe(
    options: Mapping[str, Any], check_mode: bool = False, now: Optional[dt.datetime] = None
) -> Dict[str, Any]:
    """Connect, run the profile's statements, evaluate, keep state; the module's result without ``changed``."""
    where = options.get("login_unix_socket") or options.get("login_host") or "local"
    key = options.get("state_key") or f"{where}_{options['login_port']}_{options['login_db']}"

    def inspect(ctx: EvalContext, started: float, server: Dict[str, Any]) -> Tuple[bool, List[Check]]:
        tls = tls_plan(options)
        if tls.error:
            # No CA to verify with: the operator sets one or opts out; nothing is sent meanwhile.
            return False, [connection_error_check(ctx, tls.error)]
        try:
            conn = _connect(options, options["login_db"])
        except psycopg.Error as exc:
            return False, [connection_error_check(ctx, connect_error_text(options, exc))]
        try:
            target = f"to {where}:{options['login_port']}/{options['login_db']}"
            return True, [
                connect_time_check(ctx, time.monotonic() - started, target),
                tls_check(ctx, tls, *connection_tls(conn)),
            ] + _probe(conn, options, ctx, server)
        finally:
            conn.close()

    evaluation_options = {
        "parameter_recommendations": options.get("parameter_recommendations") or {},
        "min_dead_tuples": MIN_DEAD_TUPLES,
        "expected_standbys": options.get("expected_standbys") or [],
        "required_patch_level": options.get("required_patch_level") or {},
    }
    secrets = connection_secrets(options)
    return probe.run_probe(
        options, "postgres", PREFIX, POSTGRES_THRESHOLDS, key, evaluation_options, secrets, inspect, check_mode, now
    )


def _probe(conn: Any, options: Mapping[str, Any], ctx: EvalContext, server: Dict[str, Any]) -> List[Check]:
    binds = {"min_dead_tuples": MIN_DEAD_TUPLES}
    first = execute(conn, next(s for s in CATALOGUE if s.name == "server"), binds)
    info, failed = probe.first_row(ctx, first, "server", "Server information", "服务器信息")
    if info is None:
        return failed
    version = int(info.get("server_version_num") or 0)
    server.update(
        version=info.get("server_version"),
        version_num=version,
        version_text=info.get("version_text"),
        in_recovery=bool(info.get("in_recovery")),
        started=str(info.get("started")),
    )
    ctx.version = version
    fork = recognise_fork(info.get("version_text"))
    server["fork"] = fork
    profile = options["profile"]
    chosen = fork_statements(select_statements(CATALOGUE, profile, version), fork)
    results: Dict[str, Result] = {"server": first}
    per_db = {name: s for name, s in chosen.items() if isinstance(s, Statement) and s.per_database}
    for name, statement in chosen.items():
        if name == "server" or name in per_db:
            continue
        if isinstance(statement, Unavailable):
            results[name] = statement
            continue
        # An optional extension's view is read only where its guard found it, as its version has it
        # (pg_stat_statements).
        to_run = guarded(name, statement, results)
        results[name] = execute(conn, to_run, binds) if isinstance(to_run, Statement) else to_run
    extra: List[Check] = []
    if per_db:
        extra = _per_database(conn, options, per_db, binds, results, ctx)
    checks = run_evaluators(EVALUATORS, results, ctx, profile)
    mark_not_checked(checks, EVALUATORS, results, PREFIX)
    return checks + extra


def _per_database(
    conn: Any,
    options: Mapping[str, Any],
    per_db: Mapping[str, Statement],
    binds: Mapping[str, Any],
    results: Dict[str, Result],
    ctx: EvalContext,
) -> List[Dict[str, Any]]:
    """Run per-database statements in each database, rows tagged with ``datname``.

    A database that cannot be reached or read is reported in one ERROR check; the rows of the others are kept.
    """
    if options.get("databases"):
        names = list(options["databases"])
    else:
        listed = execute(conn, DATABASE_LIST, binds)
        if isinstance(listed, QueryError):
            for name in per_db:
                results[name] = listed
            return []
        names = [row["datname"] for row in listed]
    for name in per_db:
        results[name] = []
    problems: List[str] = []
    for dbname in names:
        db_conn = conn if dbname == options["login_db"] else None
        try:
            if db_conn is None:
                try:
                    db_conn = _connect(options, dbname)
                except psycopg.Error as exc:
                    problems.append(f"{dbname}: {connect_error_text(options, exc)}")
                    continue
            for name, statement in per_db.items():
                rows = execute(db_conn, statement, binds)
                if isinstance(rows, QueryError):
                    problems.append(f"{dbname}: {rows.text()}")
                    continue
                bucket = results[name]
                assert isinstance(bucket, list)
                bucket.extend(dict(row, datname=dbname) for row in rows)
        finally:
            if db_conn is not None and db_conn is not conn:
                db_conn.close()
    status, value, detail = (
        (ERROR, len(problems), "; ".join(problems)) if problems else (INFO, len(names), ", ".join(names))
    )
    return [
        check(
            ctx,
            check_id="database_access",
            category="availability",
            title="Databases inspected",
            title_zh="数据库逐库检查",
            status=status,
            value=value,
            detail=detail,
        )
    ]


def main() -> None:
    probe.probe_main(ARGUMENT_SPEC, "psycopg", PSYCOPG_IMPORT_ERROR, validate_options, run_probe)


if __name__ == "__main__":
    main()
