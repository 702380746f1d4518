-- healthops: the common user of oracle_probe's CDB-wide mode (scope: cdb, roles/db_health
-- db_health_oracle_scope: cdb), 12.1 and later multitenant databases.
-- Connected to CDB$ROOT it reads the capacity of every container through the CDB_ views
-- and runs the rest of the catalogue in the root: the same read-only grants as
-- oracle_probe_account.sql, given in every container, plus the CDB_ views and
-- CONTAINER_DATA=ALL. No SYSDBA, no SELECT ANY DICTIONARY, no application data.
-- tests/unit check that it grants every view the catalogue and the CDB statements
-- (plugins/module_utils/healthops/db/oracle/cdb.py) read, and nothing else.
--
-- Run as SYSDBA in CDB$ROOT (sqlplus / as sysdba @oracle_probe_common_user.sql); set
-- db_health_user: C##HEALTHOPS_PROBE and the root's service name for the host.
-- Views some release lacks come last, after WHENEVER SQLERROR CONTINUE.
WHENEVER SQLERROR EXIT FAILURE
ACCEPT probe_password CHAR PROMPT 'Password for C##HEALTHOPS_PROBE: ' HIDE

CREATE USER c##healthops_probe IDENTIFIED BY "&probe_password" CONTAINER=ALL;
GRANT CREATE SESSION TO c##healthops_probe CONTAINER=ALL;

-- Instance, database, capacity
GRANT SELECT ON sys.v_$instance TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$database TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_tablespaces TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_data_files TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_free_space TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_temp_files TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_temp_free_space TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_undo_extents TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$recovery_file_dest TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$asm_diskgroup_stat TO c##healthops_probe CONTAINER=ALL;

-- Sessions and locks
GRANT SELECT ON sys.v_$resource_limit TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$session TO c##healthops_probe CONTAINER=ALL;

-- Integrity
GRANT SELECT ON sys.dba_objects TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_indexes TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_ind_partitions TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_ind_subpartitions TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_registry TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$database_block_corruption TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$datafile TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$recover_file TO c##healthops_probe CONTAINER=ALL;

-- Backup, redo and Data Guard
GRANT SELECT ON sys.v_$rman_backup_job_details TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$archive_dest_status TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$archive_gap TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$dataguard_stats TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$log_history TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$log TO c##healthops_probe CONTAINER=ALL;

-- Alert log, accounts, scheduler
GRANT SELECT ON sys.dba_users TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_profiles TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_scheduler_job_run_details TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_scheduler_jobs TO c##healthops_probe CONTAINER=ALL;

-- Tuning review
GRANT SELECT ON sys.v_$sysstat TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$librarycache TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$rowcache TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$system_wait_class TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$sys_time_model TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$system_event TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$sgastat TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$sqlstats TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$parameter TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_segments TO c##healthops_probe CONTAINER=ALL;

-- CDB-wide capacity (scope: cdb): the CDB_ views, the containers and the PDB list
GRANT SELECT ON sys.cdb_tablespaces TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.cdb_data_files TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.cdb_tablespace_usage_metrics TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.cdb_temp_files TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.cdb_temp_free_space TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.cdb_undo_extents TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$containers TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_pdbs TO c##healthops_probe CONTAINER=ALL;
-- The CDB_ and V$ views show a common user the containers of its CONTAINER_DATA
-- only (CDB$ROOT by default): let it see every container.
ALTER USER c##healthops_probe SET CONTAINER_DATA=ALL CONTAINER=CURRENT;

-- Version-specific: V$DIAG_ALERT_EXT (12.1 and later, the alert log as a view);
-- DBA_TAB_STATISTICS is read with DBA_USERS.ORACLE_MAINTAINED (12.1 and later);
-- redo apply is read from V$MANAGED_STANDBY up to 12.1, V$DATAGUARD_PROCESS from 12.2;
-- V$DIAG_INFO names the alert log's directory on 11.2; the patch level is read from
-- DBA_REGISTRY_SQLPATCH from 12.1 and DBA_REGISTRY_HISTORY on 11.2; tablespace usage
-- from DBA_TABLESPACE_USAGE_METRICS from 12.1; DBMS_JOB jobs from
-- DBA_JOBS up to 18c (scheduler jobs from 19c).
WHENEVER SQLERROR CONTINUE
GRANT SELECT ON sys.v_$diag_alert_ext TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_tab_statistics TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$managed_standby TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$dataguard_process TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.v_$diag_info TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_registry_sqlpatch TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_registry_history TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_tablespace_usage_metrics TO c##healthops_probe CONTAINER=ALL;
GRANT SELECT ON sys.dba_jobs TO c##healthops_probe CONTAINER=ALL;

UNDEFINE probe_password
EXIT
