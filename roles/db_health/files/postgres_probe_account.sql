-- healthops: the least-privileged PostgreSQL account of postgres_probe (roles/db_health).
-- Membership of pg_monitor (PostgreSQL 10 and later) lets it read every statistics
-- view and size function the probe uses, and see other sessions' queries; it cannot
-- read application tables or change anything. The probe also runs its sessions
-- read-only (default_transaction_read_only) with a statement timeout.
--
-- Run as a superuser in psql; the password then goes into ansible-vault (db_health_password):
--   psql -v probe_password='...' -f postgres_probe_account.sql
-- and allow the controller in pg_hba.conf, e.g.
--   hostssl all healthops_probe <controller address>/32 scram-sha-256
-- The table bloat estimate (tuning profile) reads pg_stats, which shows a role only the columns
-- it may SELECT: without more, the check is INFO counting the tables it could not estimate. Where the
-- estimate matters, GRANT SELECT on those tables, or pg_read_all_data (14+), to healthops_probe.
-- KingbaseES and openGauss-compatible servers: grant their equivalent of pg_monitor
-- (or the statistics views one by one) if the role does not exist there.
\set ON_ERROR_STOP on
CREATE ROLE healthops_probe LOGIN PASSWORD :'probe_password' IN ROLE pg_monitor;
ALTER ROLE healthops_probe SET default_transaction_read_only = on;
ALTER ROLE healthops_probe SET statement_timeout = '15s';
