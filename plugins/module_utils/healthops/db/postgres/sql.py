# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SQL catalogue of ``postgres_probe``: named read-only statements.

Every statement is a single SELECT (tests parse each one as PostgreSQL SQL and
refuse anything else). Versions are ``server_version_num`` (150004 = 15.4);
where a view changed, variants share a name and ``min_version``/``max_version``
pick one. Statements marked ``per_database`` read per-database catalogues and
run in each inspected database. Everything here is readable by a role with
``pg_monitor`` (see roles/db_health/files/postgres_probe_account.sql), except the statistics of
columns it may not SELECT, which the table bloat estimate counts as not estimated. Statement
builders and the longer statements are in healthops.db.postgres.sql_parts.

KingbaseES (PostgreSQL 12 based) and openGauss-compatible servers report a
PostgreSQL version and take the matching variants; a view a fork lacks gives
an ERROR check naming it, not a failed run.

Citations: the comment above a statement names the PostgreSQL documentation page of what it reads as
``PGDOC <page>``, that is https://www.postgresql.org/docs/current/<page>.html (the version a column
appeared in is the statement's ``min_version``).
"""

from typing import List, Mapping, Optional, Union

from ansible.module_utils.healthops.db.catalogue import QueryError, Result, Statement
from ansible.module_utils.healthops.db.postgres.sql_parts import (
    INDEX_BLOAT,
    STATEMENTS_COLUMNS,
    STATS_SINCE,
    TABLE_BLOAT,
    WAL_POSITION,
    autovacuum_threshold,
    checkpoints,
    connections,
    database_events,
    replication_slots,
    standby_conflicts,
    statements_exec_columns,
    top_statements,
    wal_size,
)

M = ("monthly",)
T = ("tuning",)
B = ("monthly", "tuning")

# Tables with fewer dead tuples than this are not reported (bind min_dead_tuples).
MIN_DEAD_TUPLES = 1000

# The databases whose own catalogues per-database statements read (when not given): not those closed
# on purpose (datallowconn false, or CONNECTION LIMIT 0, which refuses every login but a superuser's).
DATABASE_LIST = Statement(
    "database_list",
    """SELECT datname
FROM pg_database
WHERE datallowconn AND datconnlimit <> 0 AND NOT datistemplate
ORDER BY datname""",
)


CATALOGUE: List[Statement] = [
    Statement(
        "server",
        """SELECT current_setting('server_version') AS server_version,
       current_setting('server_version_num')::int AS server_version_num,
       version() AS version_text,
       pg_postmaster_start_time() AS started,
       EXTRACT(EPOCH FROM now() - pg_postmaster_start_time())::bigint AS uptime_seconds,
       pg_is_in_recovery() AS in_recovery,
       current_database() AS database_name,
       current_user AS probe_user""",
        B,
    ),
    # PGDOC runtime-config-connection (max_connections, superuser_reserved_connections, reserved_connections
    # from 16) and monitoring-stats (pg_stat_activity.backend_type): before 12 walsenders took slots of
    # max_connections; from 12 they have their own (max_wal_senders).
    Statement(
        "connections", connections("backend_type = 'client backend'", "reserved_connections"), M, min_version=160000
    ),
    Statement(
        "connections",
        connections("backend_type = 'client backend'", None),
        M,
        min_version=120000,
        max_version=160000,
    ),
    Statement(
        "connections",
        connections("backend_type IN ('client backend', 'walsender')", None),
        M,
        min_version=100000,
        max_version=120000,
    ),
    Statement("connections", connections("TRUE", None), M, max_version=100000),
    # PGDOC catalog-pg-database (datallowconn, datconnlimit: 0 closes a database to ordinary logins).
    Statement(
        "database_connections",
        """SELECT d.datname, d.datconnlimit, d.datallowconn, count(a.pid) AS used
FROM pg_database d
LEFT JOIN pg_stat_activity a ON a.datid = d.oid
WHERE NOT d.datistemplate
GROUP BY d.datname, d.datconnlimit, d.datallowconn
ORDER BY d.datname""",
        M,
    ),
    Statement(
        "database_sizes",
        """SELECT datname, pg_database_size(oid) AS bytes
FROM pg_database
WHERE datallowconn AND NOT datistemplate
ORDER BY bytes DESC""",
        B,
    ),
    Statement(
        "tablespace_sizes",
        """SELECT spcname, pg_tablespace_size(oid) AS bytes, pg_tablespace_location(oid) AS location
FROM pg_tablespace
ORDER BY bytes DESC""",
        M,
    ),
    # PGDOC routine-vacuuming (section "Preventing Transaction ID Wraparound Failures": datfrozenxid and
    # datminmxid against autovacuum_freeze_max_age and autovacuum_multixact_freeze_max_age).
    Statement(
        "xid_age",
        """SELECT datname, age(datfrozenxid) AS xid_age, mxid_age(datminmxid) AS mxid_age,
       current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint AS multixact_freeze_max_age
FROM pg_database
ORDER BY xid_age DESC""",
        M,
        min_version=90500,
    ),
    # PGDOC routine-vacuuming and catalog-pg-class (relfrozenxid, relminmxid): the tables holding a
    # database's age back, oldest first.
    Statement(
        "oldest_tables",
        """SELECT n.nspname AS schemaname, c.relname, age(c.relfrozenxid) AS xid_age, mxid_age(c.relminmxid) AS mxid_age
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 't')
ORDER BY age(c.relfrozenxid) DESC
LIMIT 5""",
        M,
        min_version=90500,
        per_database=True,
    ),
    # PGDOC monitoring-stats (pg_stat_replication: a WAL receiver such as pg_receivewal reports no replay_lsn,
    # and its replay_lag then grows without end; write_lag is the time to write what was sent).
    Statement(
        "replication",
        """SELECT application_name, client_addr::text AS client_addr, state, sync_state,
       replay_lsn IS NOT NULL AS replays,
       EXTRACT(EPOCH FROM replay_lag) AS replay_lag_seconds,
       EXTRACT(EPOCH FROM write_lag) AS write_lag_seconds,
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) END AS replay_lag_bytes,
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), write_lsn) END AS write_lag_bytes
FROM pg_stat_replication
ORDER BY application_name""",
        M,
        min_version=100000,
    ),
    # PGDOC functions-admin (pg_is_wal_replay_paused, pg_last_wal_receive_lsn, pg_last_wal_replay_lsn: WAL
    # received and not yet replayed) and runtime-config-replication (synchronous_standby_names).
    Statement(
        "standby",
        """SELECT pg_is_in_recovery() AS in_recovery,
       EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) AS replay_delay_seconds,
       (SELECT status FROM pg_stat_wal_receiver) AS receiver_status,
       pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up,
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS replay_paused,
       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) AS replay_waiting_bytes,
       current_setting('synchronous_standby_names') AS synchronous_standby_names""",
        M,
        min_version=100000,
    ),
    # PGDOC view-pg-replication-slots (wal_status, safe_wal_size: the WAL that may still be written before the
    # slot's WAL is removed, NULL with max_slot_wal_keep_size -1; both 13+).
    Statement(
        "replication_slots",
        replication_slots(
            "wal_status, safe_wal_size, "
            "pg_size_bytes(current_setting('max_slot_wal_keep_size')) AS max_slot_wal_keep_size"
        ),
        M,
        min_version=130000,
    ),
    Statement(
        "replication_slots",
        replication_slots(
            "NULL::text AS wal_status, NULL::bigint AS safe_wal_size, NULL::bigint AS max_slot_wal_keep_size"
        ),
        M,
        min_version=100000,
        max_version=130000,
    ),
    # PGDOC monitoring-stats (pg_stat_activity: xact_start, state_change, backend_xmin): a transaction is
    # timed from xact_start, its idle time from state_change.
    Statement(
        "sessions",
        """SELECT pid, usename, datname, state, application_name, client_addr::text AS client_addr,
       EXTRACT(EPOCH FROM now() - xact_start) AS xact_seconds,
       EXTRACT(EPOCH FROM now() - query_start) AS query_seconds,
       EXTRACT(EPOCH FROM now() - state_change) AS state_seconds,
       age(backend_xmin) AS xmin_age,
       left(query, 200) AS query
FROM pg_stat_activity
WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state IS NOT NULL AND state <> 'idle'
ORDER BY xact_start""",
        M,
        min_version=100000,
    ),
    # PGDOC view-pg-prepared-xacts: a prepared transaction outlives its session and keeps its locks
    # and its snapshot's xmin until COMMIT PREPARED or ROLLBACK PREPARED.
    Statement(
        "prepared_xacts",
        """SELECT gid, owner, database AS datname, EXTRACT(EPOCH FROM now() - prepared) AS age_seconds,
       age(transaction) AS xid_age
FROM pg_prepared_xacts
ORDER BY prepared""",
        M,
    ),
    # PGDOC routine-vacuuming, monitoring-stats (backend_xmin), view-pg-replication-slots (xmin,
    # catalog_xmin), view-pg-prepared-xacts: whatever keeps VACUUM from removing dead rows, oldest first.
    Statement(
        "xmin_horizon",
        """SELECT 'session' AS holder_type, 'pid ' || pid AS holder, datname, age(backend_xmin) AS xid_age
FROM pg_stat_activity
WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()
UNION ALL
SELECT 'replication slot', slot_name::text, database::text, GREATEST(age(xmin), age(catalog_xmin))
FROM pg_replication_slots
WHERE xmin IS NOT NULL OR catalog_xmin IS NOT NULL
UNION ALL
SELECT 'prepared transaction', gid, database::text, age(transaction)
FROM pg_prepared_xacts
ORDER BY xid_age DESC
LIMIT 10""",
        M,
        min_version=100000,
    ),
    # PGDOC functions-info (pg_blocking_pids: a prepared transaction holding the lock shows as pid 0) and
    # view-pg-locks (a prepared transaction's locks have no pid, and share the virtualtransaction of the
    # lock on its own transaction ID): the gids of the prepared transactions holding a lock the session
    # waits for.
    Statement(
        "blocking",
        """SELECT a.pid, a.usename, a.datname, pg_blocking_pids(a.pid) AS blocked_by,
       EXTRACT(EPOCH FROM now() - a.query_start) AS wait_seconds,
       a.wait_event_type, a.wait_event, left(a.query, 200) AS query,
       ARRAY(SELECT DISTINCT p.gid
             FROM pg_locks w
             JOIN pg_locks h ON h.pid IS NULL AND h.granted AND h.locktype = w.locktype
                  AND h.database IS NOT DISTINCT FROM w.database AND h.relation IS NOT DISTINCT FROM w.relation
                  AND h.page IS NOT DISTINCT FROM w.page AND h.tuple IS NOT DISTINCT FROM w.tuple
                  AND h.transactionid IS NOT DISTINCT FROM w.transactionid
                  AND h.classid IS NOT DISTINCT FROM w.classid AND h.objid IS NOT DISTINCT FROM w.objid
                  AND h.objsubid IS NOT DISTINCT FROM w.objsubid
             JOIN pg_locks x ON x.pid IS NULL AND x.locktype = 'transactionid'
                  AND x.virtualtransaction = h.virtualtransaction
             JOIN pg_prepared_xacts p ON p.transaction = x.transactionid
             WHERE w.pid = a.pid AND NOT w.granted) AS blocking_gids
FROM pg_stat_activity a
WHERE cardinality(pg_blocking_pids(a.pid)) > 0
ORDER BY a.query_start""",
        M,
        min_version=90600,
    ),
    # PGDOC routine-vacuuming (section "The Autovacuum Daemon": a table is vacuumed when its dead tuples pass
    # autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples, storage parameters first),
    # catalog-pg-class (reltuples survives a crash; the cumulative statistics do not) and monitoring-stats
    # (stats_reset: after a crash pg_stat_database's is empty and pg_stat_bgwriter's is the restart time).
    Statement(
        "dead_tuples",
        f"""SELECT s.schemaname, s.relname, s.n_live_tup, s.n_dead_tup, c.reltuples,
       EXTRACT(EPOCH FROM now() - GREATEST(s.last_vacuum, s.last_autovacuum)) / 86400 AS vacuum_age_days,
       {autovacuum_threshold("vacuum")} AS vacuum_threshold,
       {STATS_SINCE}
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
WHERE s.n_dead_tup >= %(min_dead_tuples)s
ORDER BY s.n_dead_tup DESC
LIMIT 100""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
        binds=("min_dead_tuples",),
        per_database=True,
    ),
    # PGDOC progress-reporting (pg_stat_progress_vacuum, 9.6+; the columns read here are those of 10 to 17, a
    # VACUUM shown in full only to its role and pg_read_all_stats) and monitoring-stats (pg_stat_activity: an
    # autovacuum run "to prevent wraparound" says so in its query): the vacuums running in this database.
    Statement(
        "vacuum_progress",
        """SELECT p.pid, p.relid::regclass::text AS relation, p.phase, p.heap_blks_total, p.heap_blks_scanned,
       p.heap_blks_vacuumed, p.index_vacuum_count, a.backend_type = 'autovacuum worker' AS autovacuum,
       a.query LIKE '%%to prevent wraparound%%' AS wraparound, a.wait_event_type, a.wait_event,
       EXTRACT(EPOCH FROM now() - a.xact_start) AS running_seconds
FROM pg_stat_progress_vacuum p
JOIN pg_stat_activity a ON a.pid = p.pid
WHERE p.datname = current_database()
ORDER BY a.xact_start""",
        M,
        min_version=100000,
        per_database=True,
    ),
    # PGDOC view-pg-sequences (10+; last_value empty when never used or without USAGE or SELECT on it):
    # the share of its range a sequence that does not cycle has used, the most used first.
    Statement(
        "sequences",
        """SELECT schemaname, sequencename, min_value, max_value, increment_by,
       has_sequence_privilege(format('%%I.%%I', schemaname, sequencename), 'SELECT,USAGE') AS readable,
       round(100.0 * CASE WHEN increment_by > 0 THEN last_value::numeric - min_value
                          ELSE max_value::numeric - last_value END
             / NULLIF(max_value::numeric - min_value, 0), 2) AS used_pct
FROM pg_sequences
WHERE NOT cycle
ORDER BY used_pct DESC NULLS LAST
LIMIT 20""",
        M,
        min_version=100000,
        per_database=True,
    ),
    # PGDOC monitoring-stats (pg_stat_database: deadlocks, temp_files, temp_bytes; checksum_failures 12+):
    # counters since statistics reset, taken per interval between runs.
    Statement("database_events", database_events("sum(checksum_failures)"), M, min_version=120000),
    Statement("database_events", database_events("NULL::bigint"), M, max_version=120000),
    # PGDOC monitoring-stats (pg_stat_database_conflicts; confl_active_logicalslot 16+) and hot-standby
    # (handling query conflicts): queries cancelled on a standby, counters taken per interval between runs.
    Statement("standby_conflicts", standby_conflicts("sum(confl_active_logicalslot)"), M, min_version=160000),
    Statement("standby_conflicts", standby_conflicts("NULL::bigint"), M, min_version=100000, max_version=160000),
    Statement(
        "invalid_indexes",
        """SELECT n.nspname AS schema_name, c.relname AS index_name, t.relname AS table_name
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid
ORDER BY 1, 2""",
        M,
        per_database=True,
    ),
    # PGDOC monitoring-stats (pg_stat_archiver) and runtime-config-wal (archive_mode: a standby archives
    # only with "always").
    Statement(
        "archiver",
        """SELECT current_setting('archive_mode') AS archive_mode, pg_is_in_recovery() AS in_recovery,
       archived_count, last_archived_wal, failed_count, last_failed_wal,
       EXTRACT(EPOCH FROM now() - last_archived_time) AS last_archived_age_seconds,
       EXTRACT(EPOCH FROM now() - last_failed_time) AS last_failed_age_seconds,
       last_failed_time > COALESCE(last_archived_time, '-infinity'::timestamptz) AS failing_now
FROM pg_stat_archiver""",
        M,
        min_version=90400,
    ),
    # PGDOC functions-admin (pg_ls_archive_statusdir, 12+, pg_monitor) and wal-configuration /
    # continuous-archiving: a segment waiting to be archived has a .ready file in pg_wal/archive_status.
    Statement(
        "archive_status",
        """SELECT count(*) AS ready, EXTRACT(EPOCH FROM now() - min(modification)) AS oldest_ready_seconds,
       current_setting('wal_segment_size') AS wal_segment_size
FROM pg_ls_archive_statusdir()
WHERE name LIKE '%%.ready'""",
        M,
        min_version=120000,
    ),
    # PGDOC wal-configuration (pg_wal holds about max_wal_size between checkpoints, more for wal_keep_size,
    # replication slots up to max_slot_wal_keep_size, and WAL not yet archived), functions-admin (pg_ls_waldir,
    # 10+, pg_monitor) and runtime-config-replication (wal_keep_size, max_slot_wal_keep_size, 13+).
    Statement(
        "wal_size",
        wal_size(
            "pg_size_bytes(current_setting('wal_keep_size'))",
            "pg_size_bytes(current_setting('max_slot_wal_keep_size'))",
        ),
        M,
        min_version=130000,
    ),
    Statement(
        "wal_size",
        wal_size(
            "current_setting('wal_keep_segments')::bigint * pg_size_bytes(current_setting('wal_segment_size'))",
            "NULL::bigint",
        ),
        M,
        min_version=100000,
        max_version=130000,
    ),
    # PGDOC functions-info (pg_control_checkpoint(), 10+ column names: the redo point and start time of the last
    # checkpoint, on a standby of the last restartpoint) and wal-configuration (a checkpoint every
    # checkpoint_timeout unless no WAL was written since the last one).
    Statement(
        "checkpoint_age",
        f"""SELECT pg_is_in_recovery() AS in_recovery,
       EXTRACT(EPOCH FROM now() - c.checkpoint_time) AS age_seconds,
       pg_wal_lsn_diff({WAL_POSITION}, c.redo_lsn) AS wal_since_redo_bytes,
       (SELECT setting::float8 FROM pg_settings WHERE name = 'checkpoint_timeout') AS checkpoint_timeout_seconds,
       pg_size_bytes(current_setting('wal_segment_size')) AS wal_segment_size
FROM pg_control_checkpoint() AS c""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
        min_version=100000,
    ),
    # PGDOC monitoring-stats (pg_stat_bgwriter before 17; pg_stat_checkpointer from 17, whose num_timed and
    # num_requested count skipped checkpoints too, and from 18 num_done, the checkpoints performed; from 17
    # a standby's restartpoints are counted apart, before 17 among the checkpoints).
    Statement(
        "checkpoints", checkpoints("checkpoints_timed", "checkpoints_req", "pg_stat_bgwriter"), T, max_version=170000
    ),
    Statement(
        "checkpoints",
        checkpoints("num_timed", "num_requested", "pg_stat_checkpointer"),
        T,
        min_version=170000,
        max_version=180000,
    ),
    Statement(
        "checkpoints",
        checkpoints(
            "GREATEST(num_done - num_requested, 0)",
            "num_requested",
            "pg_stat_checkpointer",
            "GREATEST(num_timed + num_requested - num_done, 0)",
        ),
        T,
        min_version=180000,
    ),
    Statement(
        "cache_hit",
        f"""SELECT sum(blks_hit) AS hit, sum(blks_read) AS read,
       {STATS_SINCE}
FROM pg_stat_database""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        T,
    ),
    Statement(
        "unused_indexes",
        """SELECT s.schemaname, s.relname AS table_name, s.indexrelname AS index_name,
       pg_relation_size(s.indexrelid) AS bytes
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
ORDER BY bytes DESC
LIMIT 50""",
        T,
        per_database=True,
    ),
    Statement(
        "duplicate_indexes",
        """SELECT n.nspname AS schema_name, t.relname AS table_name,
       array_agg(c.relname ORDER BY c.relname) AS indexes,
       sum(pg_relation_size(c.oid)) AS bytes
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
GROUP BY n.nspname, t.relname, i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text,
         COALESCE(pg_get_expr(i.indexprs, i.indrelid), ''), COALESCE(pg_get_expr(i.indpred, i.indrelid), '')
HAVING count(*) > 1
ORDER BY bytes DESC""",
        T,
        per_database=True,
    ),
    # PGDOC routine-vacuuming (autoanalyze: changes since the last ANALYZE past autovacuum_analyze_threshold +
    # autovacuum_analyze_scale_factor * reltuples); reltuples below 0 (14+) or 0 with no pages: never counted.
    Statement(
        "stale_stats",
        f"""SELECT s.schemaname, s.relname, s.n_live_tup, s.n_mod_since_analyze, c.reltuples, c.relpages,
       EXTRACT(EPOCH FROM now() - GREATEST(s.last_analyze, s.last_autoanalyze)) / 86400 AS analyze_age_days,
       {STATS_SINCE}
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
WHERE s.n_mod_since_analyze > {autovacuum_threshold("analyze")}
ORDER BY s.n_mod_since_analyze DESC
LIMIT 100""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        T,
        min_version=90400,
        per_database=True,
    ),
    # PGDOC view-pg-stats (null_frac, avg_width: only of columns the role may SELECT), catalog-pg-class (relpages,
    # reltuples, the TOAST table) and storage-page-layout (24-byte page header, 23-byte tuple header, alignment):
    # the usual statistics-based estimate of table bloat (as check_postgres and the ioguide queries make it), the
    # pages a table has beyond those its rows need at its fillfactor; tables of 1 MB (128 pages) or more.
    Statement(
        "table_bloat",
        TABLE_BLOAT,
        T,
        min_version=90500,
        per_database=True,
    ),
    # PGDOC view-pg-stats, catalog-pg-index, btree-implementation: B-tree index bloat estimated the same way
    # (statement in sql_parts).
    Statement("index_bloat", INDEX_BLOAT, T, min_version=90500, per_database=True),
    # PGDOC pgstatstatements (the module must be in shared_preload_libraries and the extension created in the
    # database connected to; pg_read_all_stats, part of pg_monitor, sees every user's statements) and
    # catalog-pg-extension: whether the view can be read here, run before the statement that reads it.
    Statement(
        "statements_extension",
        """SELECT current_database() AS database, e.extversion,
       to_regclass('pg_stat_statements') IS NOT NULL AS visible,
       'pg_stat_statements' = ANY(string_to_array(translate(current_setting('shared_preload_libraries'), ' "', ''),
                                                  ',')) AS preloaded
FROM (SELECT 1) AS one
LEFT JOIN pg_extension e ON e.extname = 'pg_stat_statements'""",
        T,
    ),
    # The columns are those of the extension's version, which the guard reads (``guarded``): an extension created
    # before an upgrade to 13 keeps total_time until ALTER EXTENSION ... UPDATE.
    Statement("top_statements", top_statements(*STATEMENTS_COLUMNS[True]), T, min_version=130000),
    Statement("top_statements", top_statements(*STATEMENTS_COLUMNS[False]), T, min_version=90400, max_version=130000),
    Statement(
        "settings",
        """SELECT name, setting, unit, source, vartype
FROM pg_settings
ORDER BY name""",
        T,
    ),
]


# A statement run only when the one named returned a row whose ``ready`` is true (an optional extension's view).
GUARDS = {"top_statements": "statements_extension"}


def statements_ready(row: Mapping[str, object]) -> bool:
    """pg_stat_statements can be read: the extension created here, its view on the search path, preloaded."""
    return bool(row.get("extversion") and row.get("visible") and row.get("preloaded"))


def guarded(name: str, statement: Statement, results: Mapping[str, Result]) -> Union[Statement, Result]:
    """The statement to run for ``name`` (top_statements: with the columns of the extension version its guard
    found), or what stands for it when its guard says not to run it (``guarded_out``)."""
    skipped = guarded_out(name, results)
    if skipped is not None:
        return skipped
    found = results.get(GUARDS.get(name, ""))
    if name == "top_statements" and isinstance(found, list) and found:
        columns = STATEMENTS_COLUMNS[statements_exec_columns(found[0].get("extversion"))]
        return Statement(name, top_statements(*columns), statement.profiles, statement.binds, statement.min_version,
                         statement.max_version, statement.per_database, statement.timeout_ms)  # fmt: skip
    return statement


def guarded_out(name: str, results: Mapping[str, Result]) -> Optional[Result]:
    """What stands for statement ``name`` when its guard says not to run it (the guard's error, or no rows),
    or None to run it."""
    guard = GUARDS.get(name)
    if guard is None:
        return None
    found = results.get(guard)
    if isinstance(found, QueryError):
        return found
    if isinstance(found, list) and found and statements_ready(found[0]):
        return None
    return []
