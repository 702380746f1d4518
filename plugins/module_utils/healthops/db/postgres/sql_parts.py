# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fragments of the SQL catalogue of ``postgres_probe`` (healthops.db.postgres.sql): statement builders whose
variants differ by a column or a view between versions, and the longer statements themselves.

Each builder fills only fixed fragments written here, never outside input. Citations as in the catalogue
(``PGDOC <page>``).
"""

from typing import Optional


def autovacuum_threshold(kind: str) -> str:
    """The changes after which autovacuum processes a table (``kind`` vacuum or analyze), the table's storage
    parameters before the server's settings; reltuples is -1 before the first VACUUM or ANALYZE (14+)."""

    def setting(name: str) -> str:
        option = f"(SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = '{name}')"  # noqa: S608 - a setting name of this catalogue
        return f"COALESCE({option}, current_setting('{name}'))::float8"

    return (
        f"({setting(f'autovacuum_{kind}_threshold')} + {setting(f'autovacuum_{kind}_scale_factor')}"
        f" * GREATEST(c.reltuples, s.n_live_tup, 0))"
    )


# Since when the cumulative statistics count, and whether they began at the server's start (a crash, an
# immediate shutdown, a restore or a failover discards them): pg_stat_database.stats_reset is empty after
# a crash on 15, pg_stat_bgwriter.stats_reset is then the restart time.
STATS_SINCE = """EXTRACT(EPOCH FROM now() - GREATEST(
           (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()),
           (SELECT stats_reset FROM pg_stat_bgwriter))) / 86400 AS stats_age_days,
       EXTRACT(EPOCH FROM GREATEST(
           (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()),
           (SELECT stats_reset FROM pg_stat_bgwriter)) - pg_postmaster_start_time())
       AS stats_reset_after_start_seconds"""


def database_events(checksum_failures: str) -> str:
    """Deadlocks, temporary files and checksum failures of every database (checksum_failures from 12), and
    since when the statistics count (a reset after the previous run, even with counters grown past it)."""
    return f"""SELECT sum(deadlocks) AS deadlocks, sum(temp_files) AS temp_files, sum(temp_bytes) AS temp_bytes,
       {checksum_failures} AS checksum_failures,
       {STATS_SINCE}
FROM pg_stat_database"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


# The server's current WAL position: on a standby the last received (replayed, without a WAL receiver).
WAL_POSITION = """CASE WHEN pg_is_in_recovery()
                            THEN COALESCE(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
                            ELSE pg_current_wal_lsn() END"""


def replication_slots(wal_status: str) -> str:
    """The slots and the WAL each retains; ``wal_status``, ``safe_wal_size`` and the setting bounding it are
    from PostgreSQL 13, NULL before. On a standby the WAL position is the last received (replayed, without a
    WAL receiver), not the current one."""
    return f"""SELECT slot_name, slot_type, active, {wal_status},
       pg_wal_lsn_diff({WAL_POSITION}, restart_lsn) AS retained_bytes
FROM pg_replication_slots
ORDER BY slot_name"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


def wal_size(wal_keep_size: str, max_slot_wal_keep_size: str) -> str:
    """The size of pg_wal and the settings that bound what it keeps: wal_keep_size and max_slot_wal_keep_size
    exist from 13 (before, wal_keep_segments counts segments and slots keep WAL without a limit)."""
    return f"""SELECT (SELECT count(*) FROM pg_ls_waldir()) AS files,
       (SELECT COALESCE(sum(size), 0) FROM pg_ls_waldir()) AS bytes,
       pg_size_bytes(current_setting('max_wal_size')) AS max_wal_size,
       {wal_keep_size} AS wal_keep_size,
       {max_slot_wal_keep_size} AS max_slot_wal_keep_size,
       pg_size_bytes(current_setting('wal_segment_size')) AS wal_segment_size,
       s.slot_name AS oldest_slot,
       pg_wal_lsn_diff({WAL_POSITION}, s.restart_lsn) AS oldest_slot_bytes
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT slot_name, restart_lsn FROM pg_replication_slots WHERE restart_lsn IS NOT NULL
                   ORDER BY restart_lsn LIMIT 1) AS s ON TRUE"""  # noqa: S608 - fixed fragments of this catalogue


def checkpoints(timed: str, requested: str, view: str, skipped: str = "NULL::bigint") -> str:
    """Timed and requested checkpoints: PostgreSQL 17 moved them from pg_stat_bgwriter to pg_stat_checkpointer;
    from 18 ``num_done`` tells the checkpoints performed from those skipped on an idle server. ``stats_reset``
    of the view (both have it) dates the counters: a reset after the previous run, even with counters grown
    past it."""
    return f"""SELECT {timed} AS timed, {requested} AS requested, {skipped} AS skipped,
       pg_is_in_recovery() AS in_recovery,
       EXTRACT(EPOCH FROM now() - stats_reset) AS since_reset_seconds,
       EXTRACT(EPOCH FROM now() - stats_reset) / 86400 AS stats_age_days,
       current_setting('checkpoint_timeout') AS checkpoint_timeout,
       current_setting('max_wal_size') AS max_wal_size
FROM {view}"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


def standby_conflicts(logical_slot: str) -> str:
    """Queries a standby cancelled because replay needed what they held, of every database
    (``confl_active_logicalslot`` exists from 16). The view has no stats_reset of its own: its counters are
    pg_stat_database's entries, reset with them, so they are dated by that view's (STATS_SINCE)."""
    return f"""SELECT pg_is_in_recovery() AS in_recovery, sum(confl_tablespace) AS tablespace,
       sum(confl_lock) AS lock, sum(confl_snapshot) AS snapshot, sum(confl_bufferpin) AS bufferpin,
       sum(confl_deadlock) AS deadlock, {logical_slot} AS logical_slot,
       {STATS_SINCE}
FROM pg_stat_database_conflicts"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


def connections(used_where: str, reserved_connections: Optional[str]) -> str:
    """Slots in use and the slots ordinary roles may not take (``reserved_connections`` exists from 16)."""
    reserved = f"current_setting('{reserved_connections}')::int" if reserved_connections else "0"
    return f"""SELECT (SELECT count(*) FROM pg_stat_activity WHERE {used_where}) AS used,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int AS reserved,
       {reserved} AS reserved_connections"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


# PGDOC view-pg-stats, catalog-pg-class and storage-page-layout: see the catalogue's table_bloat statement.
TABLE_BLOAT = """SELECT schemaname, relname, readable, is_na AS not_estimable, bytes,
       CASE WHEN NOT is_na THEN bloat_bytes END AS bloat_bytes,
       CASE WHEN NOT is_na THEN round((100.0 * bloat_bytes / NULLIF(bytes, 0))::numeric, 1) END AS bloat_pct,
       not_estimated, not_readable
FROM (
  SELECT schemaname, relname, readable, is_na, bs * pages AS bytes,
         GREATEST(pages - est_pages, 0) * bs AS bloat_bytes,
         count(*) FILTER (WHERE is_na) OVER () AS not_estimated,
         count(*) FILTER (WHERE is_na AND NOT readable) OVER () AS not_readable
  FROM (
    SELECT schemaname, relname, readable, is_na, bs, heappages + toastpages AS pages,
           ceil(reltuples / floor((bs - 24) * fillfactor / (100 * tpl_size))) + ceil(toasttuples / 4) AS est_pages
    FROM (
      SELECT schemaname, relname, readable, is_na, bs, heappages, toastpages, reltuples, toasttuples, fillfactor,
             4 + tpl_hdr_size + tpl_data_size + 2 * ma
               - CASE WHEN tpl_hdr_size %% ma = 0 THEN ma ELSE tpl_hdr_size %% ma END
               - CASE WHEN ceil(tpl_data_size)::int %% ma = 0 THEN ma ELSE ceil(tpl_data_size)::int %% ma END
               AS tpl_size
      FROM (
        SELECT ns.nspname AS schemaname, tbl.relname, has_table_privilege(tbl.oid, 'SELECT') AS readable,
               GREATEST(tbl.reltuples, 0) AS reltuples, tbl.relpages AS heappages,
               COALESCE(toast.relpages, 0) AS toastpages, COALESCE(GREATEST(toast.reltuples, 0), 0) AS toasttuples,
               COALESCE(substring(array_to_string(tbl.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::int, 100)
                 AS fillfactor,
               current_setting('block_size')::numeric AS bs,
               CASE WHEN version() ~ 'mingw32|64-bit|x86_64|ppc64|ia64|amd64|aarch64' THEN 8 ELSE 4 END AS ma,
               23 + CASE WHEN max(COALESCE(s.null_frac, 0)) > 0 THEN (7 + count(s.attname)) / 8 ELSE 0 END
                 AS tpl_hdr_size,
               sum((1 - COALESCE(s.null_frac, 0)) * COALESCE(s.avg_width, 0)) AS tpl_data_size,
               count(s.attname) < count(*) OR bool_or(att.atttypid = 'pg_catalog.name'::regtype) AS is_na
        FROM pg_attribute att
        JOIN pg_class tbl ON tbl.oid = att.attrelid
        JOIN pg_namespace ns ON ns.oid = tbl.relnamespace
        LEFT JOIN pg_stats s ON s.schemaname = ns.nspname AND s.tablename = tbl.relname
             AND NOT s.inherited AND s.attname = att.attname
        LEFT JOIN pg_class toast ON toast.oid = tbl.reltoastrelid
        WHERE att.attnum > 0 AND NOT att.attisdropped AND tbl.relkind IN ('r', 'm')
          AND tbl.relpages >= 128 AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
        GROUP BY ns.nspname, tbl.relname, tbl.oid, tbl.reltuples, tbl.relpages, toast.relpages, toast.reltuples,
                 tbl.reloptions
      ) AS columns
    ) AS tuples
  ) AS pages
) AS estimated
ORDER BY is_na, bloat_bytes DESC
LIMIT 20"""


# pg_stat_statements' total and mean time columns, by whether the extension is 1.8 or later (PostgreSQL 13's,
# which renamed total_time and mean_time to total_exec_time and mean_exec_time when it added planning times).
STATEMENTS_COLUMNS = {True: ("total_exec_time", "mean_exec_time"), False: ("total_time", "mean_time")}


def statements_exec_columns(extversion: object) -> bool:
    """Whether pg_stat_statements ``extversion`` (pg_extension.extversion, e.g. '1.7', '1.10') has the
    total_exec_time columns: 1.8 and later."""
    try:
        major, minor = (int(part) for part in str(extversion).split(".")[:2])
    except ValueError:
        return True
    return (major, minor) >= (1, 8)


def top_statements(total: str, mean: str) -> str:
    """The statements that took the most time (pg_stat_statements; 13 renamed total_time and mean_time to
    total_exec_time and mean_exec_time) and their share of all statements' time."""
    return f"""SELECT s.queryid::text AS queryid, r.rolname AS username, d.datname AS database, s.calls,
       s.{total} AS total_ms, s.{mean} AS mean_ms, s.rows, s.shared_blks_hit, s.shared_blks_read,
       s.temp_blks_written,
       round((100 * s.{total} / NULLIF(sum(s.{total}) OVER (), 0))::numeric, 1) AS share_pct,
       left(s.query, 300) AS query
FROM pg_stat_statements s
LEFT JOIN pg_roles r ON r.oid = s.userid
LEFT JOIN pg_database d ON d.oid = s.dbid
ORDER BY s.{total} DESC
LIMIT 10"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


# PGDOC view-pg-stats, catalog-pg-index (indkey: 0 for an expression, whose statistics are the index's own),
# btree-implementation and storage-page-layout (24-byte page header, 16-byte B-tree special space, 8-byte
# index tuple header, default fillfactor 90): the usual estimate of B-tree index bloat, indexes of 1 MB or more.
INDEX_BLOAT = """SELECT schemaname, tblname AS relname, idxname AS index_name, readable, is_na AS not_estimable,
       bs * relpages AS bytes,
       CASE WHEN NOT is_na THEN GREATEST(relpages - est_pages, 0) * bs END AS bloat_bytes,
       CASE WHEN NOT is_na THEN round((100.0 * GREATEST(relpages - est_pages, 0) / relpages)::numeric, 1) END
         AS bloat_pct,
       count(*) FILTER (WHERE is_na) OVER () AS not_estimated,
       count(*) FILTER (WHERE is_na AND NOT readable) OVER () AS not_readable
FROM (
  SELECT schemaname, tblname, idxname, relpages, bs, is_na, readable,
         1 + ceil(reltuples / floor((bs - 24 - 16) * fillfactor / (100 * (4 + tuple_width)))) AS est_pages
  FROM (
    SELECT schemaname, tblname, idxname, relpages, reltuples, bs, fillfactor, is_na, readable,
           (hdr + ma - CASE WHEN hdr %% ma = 0 THEN ma ELSE hdr %% ma END
            + data_width + ma - CASE WHEN data_width = 0 THEN 0
                                     WHEN data_width::int %% ma = 0 THEN ma
                                     ELSE data_width::int %% ma END)::numeric AS tuple_width
    FROM (
      SELECT n.nspname AS schemaname, x.tblname, x.idxname, x.relpages, GREATEST(x.reltuples, 0) AS reltuples,
             x.fillfactor, x.readable, current_setting('block_size')::numeric AS bs,
             CASE WHEN version() ~ 'mingw32|64-bit|x86_64|ppc64|ia64|amd64|aarch64' THEN 8 ELSE 4 END AS ma,
             CASE WHEN max(COALESCE(s.null_frac, 0)) = 0 THEN 8 ELSE 8 + (32 + 8 - 1) / 8 END AS hdr,
             sum((1 - COALESCE(s.null_frac, 0)) * COALESCE(s.avg_width, 1024)) AS data_width,
             count(s.attname) < count(*) OR bool_or(x.atttypid = 'pg_catalog.name'::regtype) AS is_na
      FROM (
        SELECT ct.relnamespace, ct.relname AS tblname, ci.relname AS idxname, ci.relpages, ci.reltuples,
               has_table_privilege(ct.oid, 'SELECT') AS readable,
               COALESCE(substring(array_to_string(ci.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::int, 90)
                 AS fillfactor,
               COALESCE(a1.attname, a2.attname) AS attname, COALESCE(a1.atttypid, a2.atttypid) AS atttypid,
               CASE WHEN a1.attnum IS NULL THEN ci.relname ELSE ct.relname END AS attrelname
        FROM pg_index i
        JOIN pg_class ci ON ci.oid = i.indexrelid
        JOIN pg_class ct ON ct.oid = i.indrelid
        JOIN pg_am am ON am.oid = ci.relam AND am.amname = 'btree'
        CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(pos)
        LEFT JOIN pg_attribute a1 ON i.indkey[k.pos - 1] <> 0 AND a1.attrelid = i.indrelid
             AND a1.attnum = i.indkey[k.pos - 1]
        LEFT JOIN pg_attribute a2 ON i.indkey[k.pos - 1] = 0 AND a2.attrelid = i.indexrelid AND a2.attnum = k.pos
        WHERE ci.relpages >= 128
      ) AS x
      JOIN pg_namespace n ON n.oid = x.relnamespace
      LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = x.attrelname AND s.attname = x.attname
           AND NOT s.inherited
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
      GROUP BY n.nspname, x.tblname, x.idxname, x.relpages, x.reltuples, x.fillfactor, x.readable
    ) AS columns
  ) AS widths
) AS pages
ORDER BY is_na, bloat_bytes DESC NULLS LAST
LIMIT 20"""
