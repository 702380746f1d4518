# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SQL catalogue of ``oracle_probe``: named read-only statements.

Every statement is one query (SELECT or a set operation of SELECTs) with
Oracle bind variables (``:name``); tests parse each one with sqlglot's Oracle
dialect and refuse anything else, and check that every view it reads is granted
by roles/db_health/files/oracle_probe_account.sql. Versions are
``major * 10000 + minor * 100`` (190000 for 19c, 110200 for 11.2); statements
that need ``ORACLE_MAINTAINED`` (12.1) have an 11.2 variant where one makes
sense. Row limits use ``ROWNUM`` so that 11.2 servers (thick mode) run them.

Citations: the comment above a statement names the Oracle Database Reference page of every view it reads
as ``REFRN <page>``, that is https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/<page>.html
(the 19c book; the 11.2 book, E40402, where a statement is for 11.2 only).

Modelled on the modes of check_oracle_health (tablespace-usage, tablespace-free,
flash-recovery-area-usage, connection-time, invalid-objects, stale-statistics,
switch-interval, ...) and ORAchk's PASS/WARN/FAIL/INFO findings.
"""

from typing import List

from ansible.module_utils.healthops.db.catalogue import Statement

M = ("monthly",)
T = ("tuning",)
B = ("monthly", "tuning")

# Output and input format of timestamps exchanged with the server (alert log position);
# written out literally in the statements that use it.
TS_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF6TZH:TZM'


def _password_expiry(where: str) -> str:
    """Accounts and their password lifetime; ``where`` leaves out Oracle's own accounts (a column from 12.1)."""
    return f"""SELECT u.username, u.account_status, u.profile, ROUND(u.expiry_date - SYSDATE, 2) AS days_left,
       p.limit AS profile_life, dp.limit AS default_life
FROM dba_users u
LEFT JOIN dba_profiles p ON p.profile = u.profile AND p.resource_name = 'PASSWORD_LIFE_TIME'
LEFT JOIN dba_profiles dp ON dp.profile = 'DEFAULT' AND dp.resource_name = 'PASSWORD_LIFE_TIME'
{where}ORDER BY u.username"""  # noqa: S608 - fixed fragments of this catalogue, no outside input


# Each tablespace's allocation and autoextend ceiling from DBA_DATA_FILES or DBA_TEMP_FILES (REFRN DBA_DATA_FILES:
# BYTES, MAXBYTES, AUTOEXTENSIBLE; a MAXBYTES below BYTES counts BYTES).
_FILES = """SELECT tablespace_name, SUM(bytes) AS allocated_bytes,
                  SUM(CASE WHEN autoextensible = 'YES' THEN GREATEST(maxbytes, bytes) ELSE bytes END) AS max_bytes,
                  SUM(CASE WHEN autoextensible = 'YES' THEN 1 ELSE 0 END) AS autoextensible_files,
                  COUNT(*) AS file_count
           FROM {view} GROUP BY tablespace_name"""


CATALOGUE: List[Statement] = [
    Statement(
        "instance",
        """SELECT i.instance_name, i.host_name, i.version, i.status AS instance_status,
       ROUND((SYSDATE - i.startup_time) * 86400) AS uptime_seconds,
       TO_CHAR(i.startup_time, 'YYYY-MM-DD HH24:MI:SS') AS startup_time,
       d.name AS db_name, d.db_unique_name, d.database_role, d.open_mode, d.log_mode,
       TO_CHAR(SYSTIMESTAMP, 'YYYY-MM-DD"T"HH24:MI:SS.FF6TZH:TZM') AS db_time
FROM v$instance i CROSS JOIN v$database d""",
        B,
    ),
    # ----------------------------------------------------------------- capacity
    # Permanent tablespaces against their ceiling. From 12.1 DBA_TABLESPACE_USAGE_METRICS (REFRN
    # DBA_TABLESPACE_USAGE_METRICS: USED_SPACE and TABLESPACE_SIZE in database blocks, the size being the maximum the
    # tablespace can reach, autoextend and the file system's room included) times DBA_TABLESPACES.BLOCK_SIZE (REFRN
    # DBA_TABLESPACES) replaces DBA_FREE_SPACE, which can take minutes over a large recycle bin. DBA_DATA_FILES
    # (REFRN DBA_DATA_FILES: BYTES, MAXBYTES, AUTOEXTENSIBLE) gives the allocation.
    Statement(
        "tablespaces",
        f"""SELECT t.tablespace_name, t.contents, t.status, t.bigfile,
       df.allocated_bytes, df.max_bytes, df.autoextensible_files, df.file_count,
       m.used_space * t.block_size AS used_bytes, m.tablespace_size * t.block_size AS metric_max_bytes
FROM dba_tablespaces t
LEFT JOIN ({_FILES.format(view="dba_data_files")}) df ON df.tablespace_name = t.tablespace_name
LEFT JOIN dba_tablespace_usage_metrics m ON m.tablespace_name = t.tablespace_name
WHERE t.contents = 'PERMANENT'
ORDER BY t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        B,
        min_version=120100,
    ),
    # 11.2: free extents from DBA_FREE_SPACE (E40402 statviews_3179); slow over a large recycle bin, it runs under the
    # per-statement call timeout and a time-out is an ERROR of the tablespace checks only.
    Statement(
        "tablespaces",
        f"""SELECT t.tablespace_name, t.contents, t.status, t.bigfile,
       df.allocated_bytes, df.max_bytes, df.autoextensible_files, df.file_count, fs.free_bytes
FROM dba_tablespaces t
LEFT JOIN ({_FILES.format(view="dba_data_files")}) df ON df.tablespace_name = t.tablespace_name
LEFT JOIN (SELECT tablespace_name, SUM(bytes) AS free_bytes FROM dba_free_space GROUP BY tablespace_name) fs
       ON fs.tablespace_name = t.tablespace_name
WHERE t.contents = 'PERMANENT'
ORDER BY t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        B,
        max_version=120100,
    ),
    # DBA_TEMP_FREE_SPACE (REFRN DBA_TEMP_FREE_SPACE) has a row per instance for a local temporary tablespace from
    # 12.2 (SHARED, INST_ID): summed per tablespace, one check each. DBA_TEMP_FILES (REFRN DBA_TEMP_FILES).
    # Segments whose next extent (DBA_SEGMENTS.NEXT_EXTENT, REFRN DBA_SEGMENTS) exceeds the tablespace's largest free
    # chunk (DBA_FREE_SPACE, REFRN DBA_FREE_SPACE) where no data file (DBA_DATA_FILES) can autoextend by that much:
    # the next INSERT that needs an extent fails with ORA-01653/01654 (check_oracle_health's
    # tablespace-can-allocate-next). DBA_FREE_SPACE may be slow: a time-out is an ERROR of this check only.
    Statement(
        "next_extent",
        """SELECT s.tablespace_name, COUNT(*) AS segments, MAX(s.next_extent) AS largest_next,
       MAX(f.largest_free) AS largest_free
FROM dba_segments s
JOIN dba_tablespaces t ON t.tablespace_name = s.tablespace_name
LEFT JOIN (SELECT tablespace_name, MAX(bytes) AS largest_free FROM dba_free_space GROUP BY tablespace_name) f
       ON f.tablespace_name = s.tablespace_name
WHERE t.contents = 'PERMANENT' AND t.status = 'ONLINE' AND s.next_extent > NVL(f.largest_free, 0)
  AND NOT EXISTS (SELECT d.file_id FROM dba_data_files d
                  WHERE d.tablespace_name = s.tablespace_name AND d.autoextensible = 'YES'
                    AND d.maxbytes - d.bytes >= s.next_extent)
GROUP BY s.tablespace_name
ORDER BY segments DESC""",
        M,
        timeout_ms=60000,
    ),
    Statement(
        "temp_tablespaces",
        f"""SELECT t.tablespace_name, t.status, tf.allocated_bytes, tf.max_bytes, tf.autoextensible_files,
       fs.tablespace_size, fs.free_space AS free_bytes
FROM dba_tablespaces t
LEFT JOIN ({_FILES.format(view="dba_temp_files")}) tf ON tf.tablespace_name = t.tablespace_name
LEFT JOIN (SELECT tablespace_name, SUM(tablespace_size) AS tablespace_size, SUM(free_space) AS free_space
           FROM dba_temp_free_space GROUP BY tablespace_name) fs ON fs.tablespace_name = t.tablespace_name
WHERE t.contents = 'TEMPORARY'
ORDER BY t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
    ),
    Statement(
        "undo_tablespaces",
        f"""SELECT t.tablespace_name, t.status, df.allocated_bytes, df.max_bytes, df.autoextensible_files,
       ue.active_bytes, ue.unexpired_bytes, ue.expired_bytes
FROM dba_tablespaces t
LEFT JOIN ({_FILES.format(view="dba_data_files")}) df ON df.tablespace_name = t.tablespace_name
LEFT JOIN (SELECT tablespace_name,
                  SUM(CASE WHEN status = 'ACTIVE' THEN bytes ELSE 0 END) AS active_bytes,
                  SUM(CASE WHEN status = 'UNEXPIRED' THEN bytes ELSE 0 END) AS unexpired_bytes,
                  SUM(CASE WHEN status = 'EXPIRED' THEN bytes ELSE 0 END) AS expired_bytes
           FROM dba_undo_extents GROUP BY tablespace_name) ue ON ue.tablespace_name = t.tablespace_name
WHERE t.contents = 'UNDO'
ORDER BY t.tablespace_name""",  # noqa: S608 - fixed fragments of this catalogue, no outside input
        M,
    ),
    # ASM disk groups this instance uses. V$ASM_DISKGROUP_STAT (REFRN V-ASM_DISKGROUP_STAT) has the columns of
    # V$ASM_DISKGROUP (REFRN V-ASM_DISKGROUP: TYPE EXTERN/NORMAL/HIGH/FLEX/EXTEND, REQUIRED_MIRROR_FREE_MB,
    # USABLE_FILE_MB = free space usable for files given the redundancy, OFFLINE_DISKS) without discovering new disks,
    # which V$ASM_DISKGROUP may do on every query. In a database instance: the groups its ASM instance mounts.
    Statement(
        "asm_diskgroups",
        """SELECT name, state, type, total_mb, free_mb, required_mirror_free_mb, usable_file_mb, offline_disks
FROM v$asm_diskgroup_stat
ORDER BY name""",
        M,
    ),
    Statement(
        "fra",
        """SELECT name, space_limit, space_used, space_reclaimable, number_of_files
FROM v$recovery_file_dest""",
        M,
    ),
    # ----------------------------------------------------------------- sessions
    Statement(
        "resource_limits",
        """SELECT resource_name, current_utilization, max_utilization, initial_allocation, limit_value
FROM v$resource_limit
WHERE resource_name IN ('sessions', 'processes')""",
        M,
    ),
    Statement(
        "blocking_sessions",
        """SELECT s.sid, s.serial#, s.username, s.blocking_session, s.event, s.wait_class, s.sql_id,
       ROUND(s.wait_time_micro / 1000000, 1) AS wait_seconds
FROM v$session s
WHERE s.blocking_session IS NOT NULL AND s.blocking_session_status = 'VALID'
  AND s.wait_class IN ('Application', 'Concurrency')
ORDER BY s.wait_time_micro DESC""",
        M,
    ),
    # Connected users: V$SESSION (REFRN V-SESSION: TYPE USER/BACKGROUND, STATUS ACTIVE/INACTIVE/KILLED/SNIPED/CACHED).
    Statement(
        "connected_users",
        """SELECT type, status, COUNT(*) AS sessions, COUNT(DISTINCT username) AS users
FROM v$session
GROUP BY type, status""",
        M,
    ),
    # ----------------------------------------------------------------- integrity
    Statement(
        "invalid_objects",
        """SELECT owner, object_type, COUNT(*) AS object_count
FROM dba_objects
WHERE status = 'INVALID'
GROUP BY owner, object_type
ORDER BY object_count DESC""",
        M,
    ),
    Statement(
        "unusable_indexes",
        """SELECT owner, index_name, NULL AS partition_name FROM dba_indexes WHERE status = 'UNUSABLE'
UNION ALL
SELECT index_owner, index_name, partition_name FROM dba_ind_partitions WHERE status = 'UNUSABLE'
UNION ALL
SELECT index_owner, index_name, subpartition_name FROM dba_ind_subpartitions WHERE status = 'UNUSABLE'""",
        M,
    ),
    Statement(
        "registry",
        """SELECT comp_id, comp_name, version, status
FROM dba_registry
ORDER BY comp_id""",
        M,
    ),
    # Patch level, oldest action first. DBA_REGISTRY_SQLPATCH (REFRN DBA_REGISTRY_SQLPATCH): TARGET_VERSION from
    # 18c; VERSION and BUNDLE_ID on 12.1/12.2. 11.2 records PSUs in DBA_REGISTRY_HISTORY (E40402 statviews_4212:
    # VERSION, ID the bundle id, BUNDLE_SERIES from 11.2.0.2).
    Statement(
        "patch_level",
        """SELECT patch_id, action, status, TO_CHAR(action_time, 'YYYY-MM-DD') AS applied, description,
       target_version AS patch_level
FROM dba_registry_sqlpatch
ORDER BY action_time""",
        M,
        min_version=180000,
    ),
    Statement(
        "patch_level",
        """SELECT patch_id, action, status, TO_CHAR(action_time, 'YYYY-MM-DD') AS applied, description,
       version || '.' || bundle_id AS patch_level
FROM dba_registry_sqlpatch
ORDER BY action_time""",
        M,
        min_version=120100,
        max_version=180000,
    ),
    Statement(
        "patch_level",
        """SELECT id AS patch_id, action, NULL AS status, TO_CHAR(action_time, 'YYYY-MM-DD') AS applied,
       comments AS description, version || '.' || id AS patch_level
FROM dba_registry_history
WHERE bundle_series IS NOT NULL
ORDER BY action_time""",
        M,
        max_version=120100,
    ),
    Statement(
        "block_corruption",
        """SELECT file#, block#, blocks, corruption_type
FROM v$database_block_corruption""",
        M,
    ),
    Statement(
        "datafile_status",
        """SELECT 'STATUS' AS problem, d.file#, d.name, d.status, NULL AS error
FROM v$datafile d
WHERE d.status NOT IN ('ONLINE', 'SYSTEM')
UNION ALL
SELECT 'RECOVER' AS problem, r.file#, d.name, r.online_status, r.error
FROM v$recover_file r JOIN v$datafile d ON d.file# = r.file#""",
        M,
    ),
    # ----------------------------------------------------------------- backup and recovery
    Statement(
        "rman_jobs",
        """SELECT input_type,
       ROUND((SYSDATE - MAX(CASE WHEN status IN ('COMPLETED', 'COMPLETED WITH WARNINGS') THEN end_time END)) * 24, 2)
         AS last_ok_age_hours,
       SUM(CASE WHEN status IN ('FAILED', 'COMPLETED WITH ERRORS') AND start_time > SYSDATE - :window_days
                THEN 1 ELSE 0 END) AS failed_jobs,
       MAX(CASE WHEN status IN ('FAILED', 'COMPLETED WITH ERRORS') AND start_time > SYSDATE - :window_days
                THEN TO_CHAR(start_time, 'YYYY-MM-DD HH24:MI') END) AS last_failed_start
FROM v$rman_backup_job_details
GROUP BY input_type""",
        M,
        binds=("window_days",),
    ),
    # V$ARCHIVE_DEST_STATUS (REFRN V-ARCHIVE_DEST_STATUS): STATUS VALID, INACTIVE, DEFERRED, ERROR, DISABLED,
    # BAD PARAM, ALTERNATE, FULL; GAP_STATUS; TYPE LOCAL for the primary's own archive destinations.
    Statement(
        "archive_dest",
        """SELECT dest_id, dest_name, status, type, database_mode, recovery_mode, gap_status, error
FROM v$archive_dest_status
WHERE type <> 'LOCAL' AND status <> 'INACTIVE'
ORDER BY dest_id""",
        M,
    ),
    Statement(
        "archive_gap",
        """SELECT thread#, low_sequence#, high_sequence#
FROM v$archive_gap""",
        M,
    ),
    # V$DATAGUARD_STATS (REFRN V-DATAGUARD_STATS; 11.2: E40402 dynviews_1104): rows only on a standby. DATUM_TIME
    # (11.2 and later) is the standby's local time when the data the lag is computed from arrived; a DATUM_TIME
    # that stops moving means the standby receives nothing, whatever lag it still shows.
    Statement(
        "dataguard_stats",
        """SELECT name, value, unit, time_computed, datum_time
FROM v$dataguard_stats
WHERE name IN ('transport lag', 'apply lag')""",
        M,
    ),
    # Redo apply (MRP0) on a physical standby: V$MANAGED_STANDBY (REFRN V-MANAGED_STANDBY, PROCESS and STATUS)
    # up to 12.1; from 12.2 V$DATAGUARD_PROCESS (REFRN V-DATAGUARD_PROCESS, NAME and ACTION), which replaces it.
    Statement(
        "apply_process",
        """SELECT process AS name, status AS action, thread#, sequence#
FROM v$managed_standby
WHERE process LIKE 'MRP%'""",
        M,
        max_version=120200,
    ),
    Statement(
        "apply_process",
        """SELECT name, action, thread#, sequence#
FROM v$dataguard_process
WHERE name LIKE 'MRP%'""",
        M,
        min_version=120200,
    ),
    Statement(
        "redo_switches",
        """SELECT thread#, TO_CHAR(TRUNC(first_time, 'HH24'), 'YYYY-MM-DD HH24') AS hour, COUNT(*) AS switches
FROM v$log_history
WHERE first_time > SYSDATE - 7
GROUP BY thread#, TRUNC(first_time, 'HH24')""",
        M,
    ),
    Statement(
        "redo_logs",
        """SELECT thread#, group#, bytes, members, status
FROM v$log""",
        M,
    ),
    # ----------------------------------------------------------------- logs, security, jobs
    # Where the probe is connected, for the alert log's coverage. SYS_CONTEXT('USERENV', 'CON_NAME'/'CON_ID')
    # (SQL Language Reference, SYS_CONTEXT) and V$DATABASE.CDB (REFRN V-DATABASE) exist from 12.1; 11.2 is a
    # non-CDB. CLUSTER_DATABASE (REFRN CLUSTER_DATABASE, V$PARAMETER) says whether other instances log apart.
    Statement(
        "container",
        """SELECT SYS_CONTEXT('USERENV', 'CON_NAME') AS con_name, TO_NUMBER(SYS_CONTEXT('USERENV', 'CON_ID')) AS con_id,
       d.cdb, (SELECT p.value FROM v$parameter p WHERE p.name = 'cluster_database') AS cluster_database
FROM v$database d""",
        M,
        min_version=120100,
    ),
    Statement(
        "container",
        """SELECT 'non-CDB' AS con_name, 0 AS con_id, 'NO' AS cdb,
       (SELECT p.value FROM v$parameter p WHERE p.name = 'cluster_database') AS cluster_database
FROM v$database d""",
        M,
        max_version=120100,
    ),
    # V$DIAG_ALERT_EXT (REFRN V-DIAG_ALERT_EXT, 12.1 and later): the XML alert log of this instance's ADR; from
    # 12.2 a PDB sees only its own container's messages, CDB$ROOT every container's, told apart by CON_ID.
    Statement(
        "alert_log",
        """SELECT con_id, REGEXP_SUBSTR(message_text, 'ORA-[0-9]+') AS error_code, COUNT(*) AS occurrences,
       TO_CHAR(MAX(originating_timestamp), 'YYYY-MM-DD"T"HH24:MI:SS.FF6TZH:TZM') AS last_seen,
       MAX(SUBSTR(message_text, 1, 200)) AS sample_text
FROM v$diag_alert_ext
WHERE originating_timestamp > TO_TIMESTAMP_TZ(:since, 'YYYY-MM-DD"T"HH24:MI:SS.FF6TZH:TZM')
  AND component_id = 'rdbms'
  AND message_text LIKE '%ORA-%'
GROUP BY con_id, REGEXP_SUBSTR(message_text, 'ORA-[0-9]+')
ORDER BY occurrences DESC""",
        M,
        binds=("since",),
        min_version=120100,
        timeout_ms=30000,
    ),
    # 11.2 has no V$DIAG_ALERT_EXT: V$DIAG_INFO (E40402 dynviews_1103, REFRN V-DIAG_INFO) names the directory of
    # the text alert log ('Diag Trace'), which the check reports instead of reading.
    Statement(
        "alert_log",
        """SELECT value AS diag_trace
FROM v$diag_info
WHERE name = 'Diag Trace'""",
        M,
        max_version=120100,
        timeout_ms=30000,
    ),
    Statement("password_expiry", _password_expiry("WHERE u.oracle_maintained = 'N'\n"), M, min_version=120100),
    Statement("password_expiry", _password_expiry(""), M, max_version=120100),
    # Scheduler runs that failed since the previous run: DBA_SCHEDULER_JOB_RUN_DETAILS (REFRN
    # DBA_SCHEDULER_JOB_RUN_DETAILS: LOG_DATE TIMESTAMP WITH TIME ZONE, STATUS, ERROR#) after the previous run's server
    # time (the alert log's position), so a failure is reported once; DBA_SCHEDULER_JOBS (REFRN DBA_SCHEDULER_JOBS)
    # STATE BROKEN.
    Statement(
        "scheduler_failures",
        """SELECT owner, job_name, COUNT(*) AS failures, TO_CHAR(MAX(log_date), 'YYYY-MM-DD HH24:MI') AS last_failure,
       MAX(error#) AS last_error
FROM dba_scheduler_job_run_details
WHERE status = 'FAILED'
  AND log_date > TO_TIMESTAMP_TZ(:since, 'YYYY-MM-DD"T"HH24:MI:SS.FF6TZH:TZM')
GROUP BY owner, job_name
ORDER BY failures DESC""",
        M,
        binds=("since",),
    ),
    Statement(
        "scheduler_broken",
        """SELECT owner, job_name, state, failure_count
FROM dba_scheduler_jobs
WHERE state = 'BROKEN'""",
        M,
    ),
    # DBMS_JOB jobs: DBA_JOBS (REFRN DBA_JOBS: BROKEN Y/N, FAILURES since the last success, LOG_USER, WHAT,
    # LAST_DATE). From 19c DBMS_JOB jobs run as scheduler jobs (DBMS_JOB$_n), covered by scheduler_jobs.
    Statement(
        "legacy_jobs",
        """SELECT job, log_user AS owner, SUBSTR(what, 1, 80) AS what, broken, failures,
       TO_CHAR(last_date, 'YYYY-MM-DD HH24:MI') AS last_date
FROM dba_jobs
WHERE broken = 'Y' OR failures > 0
ORDER BY job""",
        M,
        max_version=190000,
    ),
    # Data files against DB_FILES: V$DATAFILE (REFRN V-DATAFILE) and the DB_FILES parameter (REFRN DB_FILES,
    # V$PARAMETER), both answered by a mounted standby.
    Statement(
        "db_files",
        """SELECT f.datafiles, p.value AS db_files
FROM (SELECT COUNT(*) AS datafiles FROM v$datafile) f
CROSS JOIN v$parameter p
WHERE p.name = 'db_files'""",
        M,
    ),
    # Foreground waits per non-idle event since startup: V$SYSTEM_EVENT (REFRN V-SYSTEM_EVENT: TOTAL_WAITS_FG,
    # TIME_WAITED_MICRO_FG from 11.1, WAIT_CLASS); log file sync (monthly) and the top events (tuning) difference
    # them against the previous run's sample.
    Statement(
        "system_events",
        """SELECT event, wait_class, total_waits_fg AS waits, time_waited_micro_fg AS time_us
FROM v$system_event
WHERE wait_class <> 'Idle' AND total_waits_fg > 0""",
        B,
    ),
    # ----------------------------------------------------------------- tuning
    # Shared pool size and free memory: V$SGASTAT (REFRN V-SGASTAT: POOL, NAME 'free memory', BYTES).
    Statement(
        "shared_pool",
        """SELECT SUM(bytes) AS pool_bytes, SUM(CASE WHEN name = 'free memory' THEN bytes ELSE 0 END) AS free_bytes
FROM v$sgastat
WHERE pool = 'shared pool'""",
        T,
    ),
    # Cumulative counters since instance startup: V$SYSSTAT (REFRN V-SYSSTAT; the names in REFRN
    # Statistics-Descriptions), V$LIBRARYCACHE (REFRN V-LIBRARYCACHE: PINS, PINHITS, RELOADS, INVALIDATIONS) and
    # V$ROWCACHE (REFRN V-ROWCACHE: GETS, GETMISSES). healthops.db.oracle.ratios grades their difference to the
    # previous run's sample; V$INSTANCE.STARTUP_TIME (REFRN V-INSTANCE) tells a restart, after which they start at 0.
    Statement(
        "sysstat",
        """SELECT name, value
FROM v$sysstat
WHERE name IN ('physical reads cache', 'consistent gets from cache', 'db block gets from cache',
               'parse count (total)', 'parse count (hard)', 'sorts (memory)', 'sorts (disk)')""",
        T,
    ),
    Statement(
        "library_cache",
        """SELECT SUM(pins) AS pins, SUM(pinhits) AS pinhits, SUM(reloads) AS reloads,
       SUM(invalidations) AS invalidations
FROM v$librarycache""",
        T,
    ),
    Statement(
        "dictionary_cache",
        """SELECT SUM(gets) AS gets, SUM(getmisses) AS getmisses
FROM v$rowcache""",
        T,
    ),
    # V$SYSTEM_WAIT_CLASS (REFRN V-SYSTEM_WAIT_CLASS): TIME_WAITED_FG / TOTAL_WAITS_FG are foreground sessions'
    # waits in hundredths of a second (11.2 and later), comparable with V$SYS_TIME_MODEL 'DB CPU' (REFRN
    # V-SYS_TIME_MODEL, microseconds), which counts foreground sessions only; TIME_WAITED adds background waits.
    Statement(
        "wait_classes",
        """SELECT wait_class, time_waited_fg * 10000 AS time_us, total_waits_fg AS waits
FROM v$system_wait_class
WHERE wait_class <> 'Idle'
UNION ALL
SELECT 'CPU' AS wait_class, value AS time_us, NULL AS waits
FROM v$sys_time_model
WHERE stat_name = 'DB CPU'""",
        T,
    ),
    Statement(
        "top_sql",
        """SELECT sql_id, executions, elapsed_seconds, cpu_seconds, buffer_gets, disk_reads, sql_text
FROM (SELECT sql_id, executions, ROUND(elapsed_time / 1000000, 1) AS elapsed_seconds,
             ROUND(cpu_time / 1000000, 1) AS cpu_seconds, buffer_gets, disk_reads,
             SUBSTR(sql_text, 1, 100) AS sql_text
      FROM v$sqlstats
      ORDER BY elapsed_time DESC)
WHERE ROWNUM <= 10""",
        T,
    ),
    Statement(
        "optimizer_statistics",
        """SELECT s.owner, COUNT(*) AS tables_total,
       SUM(CASE WHEN s.stale_stats = 'YES' THEN 1 ELSE 0 END) AS stale,
       SUM(CASE WHEN s.last_analyzed IS NULL THEN 1 ELSE 0 END) AS missing,
       SUM(CASE WHEN s.stattype_locked IS NOT NULL THEN 1 ELSE 0 END) AS locked
FROM dba_tab_statistics s
JOIN dba_users u ON u.username = s.owner
WHERE u.oracle_maintained = 'N' AND s.object_type = 'TABLE' AND s.table_name NOT LIKE 'BIN$%'
GROUP BY s.owner
ORDER BY stale DESC""",
        T,
        min_version=120100,
    ),
    Statement(
        "parameters",
        """SELECT name, value, display_value, isdefault
FROM v$parameter
ORDER BY name""",
        T,
    ),
    # Data distribution in one pass over DBA_SEGMENTS (REFRN DBA_SEGMENTS): partitions and subpartitions summed
    # per owner and segment (tables, indexes and LOBs apart, as they may share a name), the owners' totals by analytic
    # sums; the 15 largest segments and each owner's largest (which carries the owner's total) come back.
    Statement(
        "segments",
        """SELECT owner, segment_name, segment_type, tablespace_name, tablespaces, bytes, pieces, owner_bytes,
       owner_segments, segment_rank
FROM (SELECT owner, segment_name,
             CASE WHEN segment_type LIKE 'TABLE%' THEN 'TABLE' WHEN segment_type LIKE 'INDEX%' THEN 'INDEX'
                  WHEN segment_type LIKE 'LOB%' THEN 'LOB' ELSE segment_type END AS segment_type,
             MIN(tablespace_name) AS tablespace_name, COUNT(DISTINCT tablespace_name) AS tablespaces,
             SUM(bytes) AS bytes, COUNT(*) AS pieces,
             SUM(SUM(bytes)) OVER (PARTITION BY owner) AS owner_bytes,
             SUM(COUNT(*)) OVER (PARTITION BY owner) AS owner_segments,
             ROW_NUMBER() OVER (ORDER BY SUM(bytes) DESC) AS segment_rank,
             ROW_NUMBER() OVER (PARTITION BY owner ORDER BY SUM(bytes) DESC) AS owner_rank
      FROM dba_segments
      GROUP BY owner, segment_name,
               CASE WHEN segment_type LIKE 'TABLE%' THEN 'TABLE' WHEN segment_type LIKE 'INDEX%' THEN 'INDEX'
                    WHEN segment_type LIKE 'LOB%' THEN 'LOB' ELSE segment_type END)
WHERE segment_rank <= 15 OR owner_rank = 1
ORDER BY segment_rank""",
        T,
        timeout_ms=60000,
    ),
]
