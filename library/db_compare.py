#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module db_compare: compare tables of two databases by hashing inside the databases."""

DOCUMENTATION = r"""
---
module: db_compare
short_description: Compare tables of two databases of the same engine and return the differing keys
description:
  - Compares a set of tables between a source and a target database of the same engine (PostgreSQL family,
    or Oracle through the same SQL interface) and returns, per table, the row counts and the exact keys that
    are missing in the target, extra in the target or changed, each list capped at O(max_keys) with exact totals.
  - Works as data-diff does. Each database computes, per segment of the key space, the row count and the sum
    of 64-bit row hashes; only segments that differ are split further, and only small differing segments have
    their C((key, row hash)) pairs fetched and diffed. Rows are never fetched to find out whether they differ.
    Both databases are queried at the same time, each in one read-only snapshot.
  - Integer keys are segmented by key range (the primary key's index serves every narrowing query); other keys
    by a hash of the key. Tables without a primary key (and no O(tables[].key)) are compared as multisets of
    whole-row hashes; their differences are reported as rows (their text) missing or extra.
  - With O(changed_since) and a table's C(change_column), a key present in the source whose change time is
    later than O(changed_since) is listed in C(later_changes) instead of as a mismatch (a row changed in
    production after the backup that the target was restored from).
  - Read-only; C(changed) is always false. A connection failure or a missing table gives an C(ERROR) check
    naming the cause, never a traceback. Driver messages are scrubbed of the passwords in the DSNs (whole or in
    pieces) before they reach a check, C(error) or C(traceback).
  - PostgreSQL connections verify TLS by default (C(sslmode=verify-full)) against O(ca_cert), or without it the
    system's CA bundle; with no CA at all nothing connects and the C(ERROR) says what to set. A weaker mode (from
    O(ssl_mode) or the DSN's own C(sslmode)) is an explicit opt-out, reported as a C(WARN) check
    C(db_compare.tls:<label>); RV(tls) tells how each side was protected. Oracle TLS (TCPS) is written into the
    DSN (C(tcps://host:2484/service)); python-oracledb then checks the server's certificate and name.
  - "Run it on the controller (C(delegate_to: localhost)); it needs psycopg 3 (PostgreSQL) or python-oracledb
    (Oracle) there."
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
options:
  engine:
    description: Engine of both databases.
    type: str
    default: postgres
    choices: [postgres, oracle]
  source_dsn:
    description:
      - Connection of the source (reference, e.g. production) database.
      - PostgreSQL, a libpq connection string or URI (C(host=db1 port=5432 dbname=app user=u password=p)).
      - Oracle, C(user/password@host:port/service_name) or C(user/password@tns_alias).
    type: str
    required: true
  target_dsn:
    description: Connection of the target database (e.g. the restored copy), in the same form as O(source_dsn).
    type: str
    required: true
  tables:
    description:
      - Tables to compare, each a name (C(table) or C(schema.table); unquoted names fold as in SQL, C("Quoted")
        keep their case) or an object with C(name) and optionally C(key) (column or list of columns, default the
        primary key), C(columns) (columns to compare, default all; the key is always compared) and
        C(change_column) (a timestamp column with the row's last change time, used with O(changed_since)).
      - Empty compares every table of the source (every schema but the system ones; Oracle, the user's own).
    type: list
    elements: raw
    default: []
  max_keys:
    description: Most keys listed per kind of difference and table; totals are always exact.
    type: int
    default: 100
  changed_since:
    description:
      - ISO 8601 time with a UTC offset (C(2024-05-01T02:00:00+08:00)). A differing key whose source row has a
        C(change_column) later than this is reported in C(later_changes), not as a mismatch.
    type: str
  label:
    description: Prefix of the check ids and titles, e.g. the database name (C(db_compare:<label>.<table>)).
    type: str
    default: ""
  hash_function:
    description:
      - C(auto) uses the fastest row hash both servers have (PostgreSQL 14+, the types' own 64-bit hashes mixed
        through C(hashint8extended); columns of types without one are hashed as text); otherwise C(md5) of the
        row's text. C(md5) forces the portable one, e.g. to compare servers of different major versions.
      - Oracle always uses C(STANDARD_HASH(..., 'MD5')) over the row's text.
    type: str
    default: auto
    choices: [auto, md5]
  leaf_rows:
    description: Segments of at most this many rows (on the larger side) are fetched and diffed instead of split.
    type: int
    default: 64
  bisection_factor:
    description: Number of parts a differing segment is split into at each further level (a power of two).
    type: int
    default: 32
  timezone:
    description:
      - Session time zone set on both connections (row text of timestamps with time zone, and how a C(timestamp)
        change column compares with O(changed_since)). Empty keeps each server's default, which is right when
        both databases are on the same server.
    type: str
    default: ""
  connect_timeout:
    description: Seconds to wait for each connection.
    type: int
    default: 10
  statement_timeout:
    description: Seconds any one query may run (PostgreSQL C(statement_timeout); Oracle call timeout).
    type: int
    default: 1800
  ssl_mode:
    description:
      - libpq C(sslmode) of both PostgreSQL connections, over any C(sslmode) in the DSNs. Unset, a DSN's own
        C(sslmode) is used, else C(verify-full).
      - C(verify-full) checks the server's certificate against O(ca_cert) (or the system's CA bundle) and its name;
        anything else is an explicit opt-out, reported as a C(WARN) check C(db_compare.tls:<label>).
    type: str
    choices: [disable, allow, prefer, require, verify-ca, verify-full]
  ca_cert:
    description:
      - PEM file of the CA that signed the PostgreSQL servers' certificates, on the controller (libpq
        C(sslrootcert)), over any C(sslrootcert) in the DSNs.
    type: path
notes:
  - The accounts need only SELECT on the compared tables (PostgreSQL, e.g. a member of C(pg_read_all_data)).
  - Check mode is supported; the module never changes anything.
requirements:
  - psycopg >= 3.1 (PostgreSQL family)
  - oracledb (Oracle)
"""

EXAMPLES = r"""
- name: Compare the restored copy with production
  ansible.legacy.db_compare:
    engine: postgres
    source_dsn: "host=10.10.1.11 dbname=petition user=healthops_verify password={{ vault_pw }}"
    target_dsn: "host=10.10.1.11 dbname=healthops_restore_petition user=healthops_verify password={{ vault_pw }}"
    tables:
      - public.units
      - {name: public.letters, change_column: updated_at}
      - {name: public.audit_log}
    changed_since: "2024-05-01T02:00:03+08:00"
    label: petition
  delegate_to: localhost
  register: compare

- name: Compare two Oracle schemas table by table
  ansible.legacy.db_compare:
    engine: oracle
    source_dsn: "verify/{{ vault_ora_verify }}@bj-ora-01:1521/HEALTH"
    target_dsn: "verify/{{ vault_ora_verify }}@bj-ora-drill:1521/HEALTH"
    tables: [{name: HEALTH.PATIENTS, key: PATIENT_ID}]
    max_keys: 20
  delegate_to: localhost
"""

RETURN = r"""
changed:
  description: Always false.
  returned: always
  type: bool
tables:
  description: One entry per compared table.
  returned: always
  type: list
  elements: dict
  contains:
    name: {description: Table as given, type: str}
    key: {description: Key columns used (empty for a table compared by whole-row hashes), type: list}
    strategy: {description: "C(range) (integer key), C(hash) (other key) or C(rowhash) (no key)", type: str}
    rows_source: {description: Rows in the source, type: int}
    rows_target: {description: Rows in the target, type: int}
    missing_in_target: {description: Keys in the source only (capped), type: list}
    extra_in_target: {description: Keys in the target only (capped), type: list}
    changed: {description: Keys whose rows differ (capped), type: list}
    later_changes: {description: Differing keys explained by a change after O(changed_since) (capped), type: list}
    missing_in_target_total: {description: Number of keys missing in the target, type: int}
    extra_in_target_total: {description: Number of keys extra in the target, type: int}
    changed_total: {description: Number of changed keys, type: int}
    later_changes_total: {description: Number of differences explained by later changes, type: int}
    mismatches: {description: Unexplained differences (missing + extra + changed), type: int}
    equal: {description: No difference at all, type: bool}
    error: {description: Why the table could not be compared, or null, type: str}
    seconds: {description: Time taken, type: float}
  sample:
    - name: public.letters
      key: [id]
      strategy: range
      rows_source: 1000
      rows_target: 1000
      missing_in_target: []
      extra_in_target: []
      changed: [17]
      later_changes: [42]
      missing_in_target_total: 0
      extra_in_target_total: 0
      changed_total: 1
      later_changes_total: 1
      mismatches: 1
      equal: false
      error: null
checks:
  description: One check per table of the result model (C(db_compare:<label>.<table>)); FAIL names the keys.
  returned: always
  type: list
  elements: dict
summary:
  description: C(tables), C(equal) (tables without difference), C(mismatches), C(later_changes), C(errors).
  returned: always
  type: dict
hash_function:
  description: Row hash used (C(record), C(md5), or C(standard_hash) for Oracle).
  returned: always
  type: str
elapsed:
  description: Seconds the comparison took.
  returned: always
  type: float
tls:
  description:
    - PostgreSQL, per side (C(source), C(target)), C(ssl_mode), C(verified) (the server's certificate checked),
      C(ca) (where the trusted CAs came from) and C(detail). Empty for Oracle.
  returned: always
  type: dict
"""

import time
import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.db.compare.checks import (
    comparison_summary,
    error_check,
    error_detail,
    option_error,
    table_check,
    tls_checks,
    tls_report,
)
from ansible.module_utils.healthops.db.compare.engine import (
    Side,
    compare_tables,
    parse_since,
    parse_tables,
)
from ansible.module_utils.healthops.db.compare.oracle import OracleDialect
from ansible.module_utils.healthops.db.compare.postgres import PostgresDialect
from ansible.module_utils.healthops.db.scrub import dsn_secrets, scrub_data, scrub_secrets
from ansible.module_utils.healthops.db.tls import find_ca_bundle, postgres_tls

DIALECTS = {"postgres": PostgresDialect, "oracle": OracleDialect}


class TlsSettingError(Exception):
    """No CA certificates to verify a PostgreSQL server with: set one, or opt out explicitly."""


def tls_plan(dsn, params):
    """The TLS plan of one PostgreSQL DSN: the module's ssl_mode/ca_cert over the DSN's own, verify-full by default."""
    import psycopg

    try:
        written = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.Error:
        written = {}  # connecting reports the DSN's own error (scrubbed)
    host = str(written.get("host") or "")
    return postgres_tls(
        params.get("ssl_mode") or written.get("sslmode"),
        params.get("ca_cert") or written.get("sslrootcert"),
        psycopg.pq.version(),
        find_ca_bundle(),
        local=not host or host.startswith("/"),
    )


def connect(engine, dsn, connect_timeout, statement_timeout, tls_params=None):
    """A DB-API connection; ImportError and driver errors propagate to the caller."""
    if engine == "postgres":
        import psycopg

        # Keyword arguments override the DSN's own sslmode/sslrootcert (tls_plan chose with both in view).
        return psycopg.connect(dsn, connect_timeout=connect_timeout, autocommit=False, **(tls_params or {}))
    import oracledb

    conn = oracledb.connect(dsn=dsn, tcp_connect_timeout=connect_timeout)
    conn.call_timeout = statement_timeout * 1000
    return conn


def open_side(engine, dialect, dsn, label, params, tls=None):
    if tls is not None and tls.error:
        raise TlsSettingError(tls.error)
    tls_params = tls.params if tls is not None else None
    conn = connect(engine, dsn, params["connect_timeout"], params["statement_timeout"], tls_params)
    side = Side(conn, dialect, label)
    for sql, binds in dialect.session_sql(params["statement_timeout"] * 1000, params["timezone"]):
        side.rows(sql, binds)
    return side


ARGUMENT_SPEC = dict(
    engine=dict(type="str", default="postgres", choices=["postgres", "oracle"]),
    source_dsn=dict(type="str", required=True, no_log=True),
    target_dsn=dict(type="str", required=True, no_log=True),
    tables=dict(type="list", elements="raw", default=[]),
    max_keys=dict(type="int", default=100),
    changed_since=dict(type="str"),
    label=dict(type="str", default=""),
    hash_function=dict(type="str", default="auto", choices=["auto", "md5"]),
    leaf_rows=dict(type="int", default=64),
    bisection_factor=dict(type="int", default=32),
    timezone=dict(type="str", default=""),
    connect_timeout=dict(type="int", default=10),
    statement_timeout=dict(type="int", default=1800),
    ssl_mode=dict(type="str", choices=["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]),
    ca_cert=dict(type="path"),
)


def compare(p, specs, since, result, plans, sides):
    """Open both sides and compare; fills ``result`` (tables, checks, hash function, TLS) as it goes."""
    dialect = DIALECTS[p["engine"]]()
    for dsn, label in ((p["source_dsn"], "source"), (p["target_dsn"], "target")):
        plans[label] = tls_plan(dsn, p) if p["engine"] == "postgres" else None
        sides.append(open_side(p["engine"], dialect, dsn, label, p, plans[label]))
    result["tls"] = tls_report(plans, sides)
    tables = compare_tables(
        sides[0],
        sides[1],
        specs,
        max_keys=p["max_keys"],
        leaf_rows=p["leaf_rows"],
        bisection_factor=p["bisection_factor"],
        changed_since=since,
        hash_function=p["hash_function"],
    )
    result["tables"] = tables
    result["checks"] = [table_check(t, p["label"]) for t in tables]
    result["hash_function"] = getattr(dialect, "mode", "standard_hash")


def close_sides(sides):
    for side in sides:
        try:
            side.conn.rollback()
            side.conn.close()
        except Exception:  # noqa: S110 - closing a broken connection
            pass


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    try:
        specs = parse_tables(p["tables"])
        since = parse_since(p["changed_since"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    problem = option_error(p)
    if problem:
        module.fail_json(msg=problem)

    started = time.time()
    # Driver errors can echo pieces of a DSN (libpq: 'missing "=" after "<piece of the password>"').
    secrets = dsn_secrets(p["source_dsn"]) + dsn_secrets(p["target_dsn"])
    sides = []
    result = dict(changed=False, tables=[], checks=[], summary={}, hash_function=None, elapsed=0.0, tls={})
    plans = {}
    try:
        compare(p, specs, since, result, plans, sides)
    except ImportError as exc:
        module.fail_json(
            msg="db_compare needs %s on the controller: %s"
            % ("psycopg" if p["engine"] == "postgres" else "oracledb", scrub_secrets(str(exc), secrets))
        )
    except Exception as exc:
        detail = error_detail(p["label"], exc, secrets)
        result["checks"] = [error_check(p["label"], detail)]
        result["error"] = detail
        result["traceback"] = scrub_secrets(traceback.format_exc(), secrets)[-2000:]
        result["tls"] = tls_report(plans, sides)
    finally:
        close_sides(sides)
    # An opt-out is reported whether or not the comparison itself got through.
    result["checks"].extend(tls_checks(result["tls"], p["label"]))
    result["summary"] = comparison_summary(result["tables"], bool(result.get("error")))
    result["elapsed"] = round(time.time() - started, 3)
    module.exit_json(**scrub_data(result, secrets))


if __name__ == "__main__":
    main()
