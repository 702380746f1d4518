-- healthops: the least-privileged Oracle account of oracle_probe (roles/db_health).
-- It can connect and read the dynamic performance (V$) and dictionary (DBA_) views
-- the probe's catalogue reads, nothing else: no SYSDBA, no SELECT ANY DICTIONARY,
-- no access to application data. tests/unit check that every view the catalogue
-- (plugins/module_utils/healthops/db/oracle/sql.py) reads is granted here.
--
-- Run as SYSDBA in SQL*Plus (or SQLcl); it asks for the account's password, which
-- then goes into ansible-vault (db_health_password):
--   sqlplus / as sysdba @oracle_probe_account.sql
-- Multitenant: run it in the PDB the probe connects to (ALTER SESSION SET
-- CONTAINER = <pdb>), or adapt it for a common user C##HEALTHOPS_PROBE with
-- CONTAINER=ALL.
-- Mounted physical standby: it takes only administrative connections. On 12c and
-- later run GRANT SYSDG TO healthops_probe; on the primary (the password file goes
-- to the standby) and set db_health_oracle_mode: sysdg for the standby; 11.2 has no
-- SYSDG (sysdba there). Not granted here: an open database needs neither.
-- Oracle 11.2 to 21c+: views that some release lacks are granted last, after
-- WHENEVER SQLERROR CONTINUE, so that the script runs to the end everywhere; an
-- ORA-00942 there only means the release has no such view, and the checks that
-- read it are INFO (not available on this version). tests/unit check the order.
WHENEVER SQLERROR EXIT FAILURE
ACCEPT probe_password CHAR PROMPT 'Password for HEALTHOPS_PROBE: ' HIDE

CREATE USER healthops_probe IDENTIFIED BY "&probe_password";
GRANT CREATE SESSION TO healthops_probe;

-- Instance, database, capacity
GRANT SELECT ON sys.v_$instance TO healthops_probe;
GRANT SELECT ON sys.v_$database TO healthops_probe;
GRANT SELECT ON sys.dba_tablespaces TO healthops_probe;
GRANT SELECT ON sys.dba_data_files TO healthops_probe;
GRANT SELECT ON sys.dba_free_space TO healthops_probe;
GRANT SELECT ON sys.dba_temp_files TO healthops_probe;
GRANT SELECT ON sys.dba_temp_free_space TO healthops_probe;
GRANT SELECT ON sys.dba_undo_extents TO healthops_probe;
GRANT SELECT ON sys.v_$recovery_file_dest TO healthops_probe;
GRANT SELECT ON sys.v_$asm_diskgroup_stat TO healthops_probe;

-- Sessions and locks
GRANT SELECT ON sys.v_$resource_limit TO healthops_probe;
GRANT SELECT ON sys.v_$session TO healthops_probe;

-- Integrity
GRANT SELECT ON sys.dba_objects TO healthops_probe;
GRANT SELECT ON sys.dba_indexes TO healthops_probe;
GRANT SELECT ON sys.dba_ind_partitions TO healthops_probe;
GRANT SELECT ON sys.dba_ind_subpartitions TO healthops_probe;
GRANT SELECT ON sys.dba_registry TO healthops_probe;
GRANT SELECT ON sys.v_$database_block_corruption TO healthops_probe;
GRANT SELECT ON sys.v_$datafile TO healthops_probe;
GRANT SELECT ON sys.v_$recover_file TO healthops_probe;

-- Backup, redo and Data Guard
GRANT SELECT ON sys.v_$rman_backup_job_details TO healthops_probe;
GRANT SELECT ON sys.v_$archive_dest_status TO healthops_probe;
GRANT SELECT ON sys.v_$archive_gap TO healthops_probe;
GRANT SELECT ON sys.v_$dataguard_stats TO healthops_probe;
GRANT SELECT ON sys.v_$log_history TO healthops_probe;
GRANT SELECT ON sys.v_$log TO healthops_probe;

-- Alert log, accounts, scheduler
GRANT SELECT ON sys.dba_users TO healthops_probe;
GRANT SELECT ON sys.dba_profiles TO healthops_probe;
GRANT SELECT ON sys.dba_scheduler_job_run_details TO healthops_probe;
GRANT SELECT ON sys.dba_scheduler_jobs TO healthops_probe;

-- Tuning review
GRANT SELECT ON sys.v_$sysstat TO healthops_probe;
GRANT SELECT ON sys.v_$librarycache TO healthops_probe;
GRANT SELECT ON sys.v_$rowcache TO healthops_probe;
GRANT SELECT ON sys.v_$system_wait_class TO healthops_probe;
GRANT SELECT ON sys.v_$sys_time_model TO healthops_probe;
GRANT SELECT ON sys.v_$system_event TO healthops_probe;
GRANT SELECT ON sys.v_$sgastat TO healthops_probe;
GRANT SELECT ON sys.v_$sqlstats TO healthops_probe;
GRANT SELECT ON sys.v_$parameter TO healthops_probe;
GRANT SELECT ON sys.dba_segments TO healthops_probe;

-- Version-specific: V$DIAG_ALERT_EXT (12.1 and later, the alert log as a view);
-- DBA_TAB_STATISTICS is read with DBA_USERS.ORACLE_MAINTAINED (12.1 and later);
-- redo apply is read from V$MANAGED_STANDBY up to 12.1, V$DATAGUARD_PROCESS from 12.2;
-- V$DIAG_INFO names the alert log's directory on 11.2; the patch level is read from
-- DBA_REGISTRY_SQLPATCH from 12.1 and DBA_REGISTRY_HISTORY on 11.2; tablespace usage
-- from DBA_TABLESPACE_USAGE_METRICS from 12.1; DBMS_JOB jobs from
-- DBA_JOBS up to 18c (scheduler jobs from 19c).
WHENEVER SQLERROR CONTINUE
GRANT SELECT ON sys.v_$diag_alert_ext TO healthops_probe;
GRANT SELECT ON sys.dba_tab_statistics TO healthops_probe;
GRANT SELECT ON sys.v_$managed_standby TO healthops_probe;
GRANT SELECT ON sys.v_$dataguard_process TO healthops_probe;
GRANT SELECT ON sys.v_$diag_info TO healthops_probe;
GRANT SELECT ON sys.dba_registry_sqlpatch TO healthops_probe;
GRANT SELECT ON sys.dba_registry_history TO healthops_probe;
GRANT SELECT ON sys.dba_tablespace_usage_metrics TO healthops_probe;
GRANT SELECT ON sys.dba_jobs TO healthops_probe;

UNDEFINE probe_password
EXIT
