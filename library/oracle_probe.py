#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module oracle_probe: read-only health check of an Oracle database."""

DOCUMENTATION = r"""
---
module: oracle_probe
short_description: Read-only monthly health check and quarterly tuning review of an Oracle database
description:
  - Connects with python-oracledb (thin mode by default, thick mode with O(thick_mode)) and runs a
    catalogue of read-only queries, one module call for every check of the profile. The checks follow
    the modes of the Nagios plugin check_oracle_health and ORAchk's PASS/WARN/FAIL/INFO findings.
  - The C(monthly) profile checks connection time, uptime and open mode, permanent tablespaces against their
    autoextend ceiling (MAXBYTES) with TEMP and UNDO apart and OFFLINE/READ ONLY shown, ASM disk groups (usable free
    space against their redundancy, offline disks), the fast recovery area net of reclaimable space, sessions and
    processes against V$RESOURCE_LIMIT (UNLIMITED handled), invalid objects, unusable indexes, invalid registry
    components, corrupted blocks, data files offline or needing recovery, the age of the last RMAN database backup
    and failed RMAN jobs (INFO on a physical standby whose backups run on the primary), archive destinations
    (anything but VALID or ALTERNATE, such as FULL, fails) and gaps, Data Guard lag (a lag whose
    V$DATAGUARD_STATS.DATUM_TIME stopped moving counts as old as its data), redo apply (MRP0) on a physical standby,
    ORA- errors in the alert log since the last run (V$DIAG_ALERT_EXT), password expiry, scheduler job runs failed
    since the previous run and broken jobs (DBA_JOBS too, up to 18c), data files against DB_FILES, segments that
    cannot allocate their next extent, connected users by status and type, blocking sessions, the redo log switch
    interval, log file sync (average commit wait since the previous run) and the patch level against
    O(required_patch_level).
  - The C(tuning) profile (quarterly) checks buffer cache, library cache and dictionary cache hit ratios, the
    soft-parse and in-memory sort ratios (over the interval since the previous run, from the counters kept in
    O(state_dir); since instance startup on a first run or after a restart, and the detail says which), top wait
    classes, top waiting events and enqueue and latch waits (per interval), shared pool free memory and reloads, top
    SQL by elapsed time, stale and missing optimizer statistics of non Oracle-maintained schemas, V$PARAMETER
    against O(parameter_recommendations), data distribution (segment sizes by owner, largest segments) and
    tablespace days until full from the growth between runs.
  - Every result is a check of the healthops result model. A connection failure or an ORA- error gives an
    C(ERROR) check carrying the ORA (or DPY) code, never a traceback. Every statement runs under
    O(call_timeout) and every cursor is closed; a statement that times out is an C(ERROR) of the checks that read it
    only, and the run carries on.
  - Tablespace usage comes from DBA_TABLESPACE_USAGE_METRICS from 12.1 (the ceiling it knows includes the file
    system's room for autoextend) and from DBA_FREE_SPACE only on 11.2.
  - Between runs the module keeps a JSON state file per target in O(state_dir) on the controller (the
    previous statuses for the diff, the alert-log position, tablespace size samples). Writing that file
    is bookkeeping on the controller, not a change to the database, so the module always reports
    C(changed=false); in check mode it writes nothing.
  - Run it on the controller, delegated to C(localhost); it needs python-oracledb there.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
  - healthops.state_dir
  - healthops.probe
options:
  hostname:
    description: Database host, used with O(port) and O(service_name) when O(dsn) is not given.
    type: str
    default: localhost
  port:
    description: Listener port.
    type: int
    default: 1521
  service_name:
    description: Service name of the database (or PDB) to connect to.
    type: str
  dsn:
    description:
      - Full connect string (Easy Connect C(host:port/service), a TNS alias resolved in O(config_dir), or a
        connect descriptor). Overrides O(hostname), O(port) and O(service_name).
    type: str
  user:
    description: Probe account; SELECT on the views it reads is enough (no SYSDBA), see the grant script.
    type: str
  password:
    description: Password of O(user).
    type: str
  mode:
    description:
      - Privilege to connect with; C(normal) for the least-privileged probe account of an open database.
      - A MOUNTED (not open) physical standby refuses normal connections (ORA-01033); probe it with C(sysdg)
        (12c and later; the account needs C(GRANT SYSDG), kept in the password file the standby shares with the
        primary) or C(sysdba) (11.2, which has no SYSDG). Both work in thin and thick mode (python-oracledb
        C(mode=oracledb.AUTH_MODE_SYSDGD) / C(AUTH_MODE_SYSDBA)).
      - On a MOUNTED database only the statements reading V$ views run; checks that need the data dictionary are
        INFO C(not checked).
    type: str
    default: normal
    choices: [normal, sysdba, sysoper, sysasm, sysbackup, sysdg, syskm]
  thick_mode:
    description:
      - Use the Oracle Client libraries (thick mode) instead of the pure-Python thin mode. Needed for
        operating-system authentication, native network encryption and data integrity, some wallets, and
        servers older than 12.1.
    type: bool
    default: false
  oracle_client_lib_dir:
    description: Directory of the Oracle Client libraries for thick mode (otherwise the system library search path).
    type: path
  config_dir:
    description: Directory of C(tnsnames.ora) and C(sqlnet.ora).
    type: path
  protocol:
    description:
      - C(tcps) connects with TLS (Oracle TCPS, usually a listener on port 2484); python-oracledb verifies the
        server's certificate against the CA certificates of O(wallet_location) (thin mode, C(ewallet.pem)) or,
        without a wallet, the system's trusted CAs, and with O(ssl_server_dn_match) that the certificate belongs
        to the server.
      - C(tcp) (the default, as Oracle listeners are) is not encrypted by TLS; the C(oracle.tls) check says so
        (INFO) in every run. Native network encryption, where a site uses it instead, is set in C(sqlnet.ora)
        (thick mode).
      - With O(dsn), TCPS can also be written there (C(tcps://db1:2484/ORCL), or C(PROTOCOL=TCPS) and a C(SECURITY)
        section in a connect descriptor); a TNS alias takes it from C(tnsnames.ora).
    type: str
    default: tcp
    choices: [tcp, tcps]
  ssl_server_dn_match:
    description:
      - With TCPS, check that the server's certificate belongs to the server connected to (its DN matches
        O(ssl_server_cert_dn), or its host name matches O(hostname)). C(false) is an explicit opt-out, reported
        as WARN by the C(oracle.tls) check.
    type: bool
    default: true
  ssl_server_cert_dn:
    description:
      - Distinguished name the server's certificate must carry (C(CN=db1.example,O=BJWJW)), when it does not
        name the host connected to (a SCAN address, an alias). Needs O(protocol=tcps) or a TCPS O(dsn).
    type: str
  wallet_location:
    description:
      - Directory of the wallet (C(ewallet.pem)) in thin mode, with the CA certificates a TCPS server is verified
        against (and a client certificate, where the server asks for one).
      - In thick mode the wallet is named in the C(sqlnet.ora) of O(config_dir) instead
        (C(WALLET_LOCATION), C(SSL_SERVER_DN_MATCH=ON)).
    type: path
  wallet_password:
    description: Password of a thin-mode PEM wallet.
    type: str
  external_auth:
    description:
      - Connect with external (operating-system or wallet) authentication instead of O(user)/O(password).
      - Needs O(thick_mode).
    type: bool
    default: false
  connect_timeout:
    description: Seconds to wait for the TCP connection.
    type: int
    default: 10
  call_timeout:
    description:
      - Milliseconds any single statement may take (python-oracledb C(call_timeout)).
      - A few slow views (alert log, segments) have a longer built-in limit.
    type: int
    default: 15000
  rman_expected:
    description: Whether RMAN backups are expected; when false, no RMAN backup is INFO instead of FAIL.
    type: bool
    default: true
  standby_backups:
    description:
      - Whether a physical standby is backed up itself. When false (the default), on a database whose
        V$DATABASE.DATABASE_ROLE is C(PHYSICAL STANDBY) the RMAN checks are INFO (backups run on the primary)
        instead of FAIL for a control file that records no RMAN job; a primary is graded either way.
    type: bool
    default: false
  required_patch_level:
    description:
      - Lowest acceptable patch level per release, for the C(patch_level) check of the monthly profile; keys are
        C(major) from 18c (C(19), C(21)) and C(major.minor) before (C(12.2), C(12.1), C(11.2)).
      - Levels are the TARGET_VERSION of DBA_REGISTRY_SQLPATCH from 18c (C(19.21) or C(19.21.0.0.0)), VERSION.BUNDLE_ID
        on 12.1 and 12.2 (C(12.1.0.2.221018)) and VERSION.ID of DBA_REGISTRY_HISTORY on 11.2 (C(11.2.0.4.201020)).
      - Below it is a FAIL; a release without an entry is INFO showing its level.
    type: dict
    default: {}
  alert_log_days:
    description: On a first run (no state), how many days of the alert log to read.
    type: int
    default: 31
  scope:
    description:
      - C(container) checks the container connected to (a non-CDB, CDB$ROOT or one PDB) through the DBA_ views.
      - C(cdb) (12.1 and later, connected to CDB$ROOT) reads the tablespaces, TEMP and UNDO of every container
        through the CDB_ views, names each check by container (C(oracle.tablespace.SALESPDB.USERS)) and adds
        C(oracle.cdb_scope), which says which PDBs were covered and why any was not (closed, or outside the
        account's CONTAINER_DATA). It needs a common user, see C(roles/db_health/files/oracle_probe_common_user.sql).
    type: str
    default: container
    choices: [container, cdb]
  state_key:
    description: Name of this target in the state file name; default is C(host_port_service) or the DSN.
    type: str
notes:
  - O(thresholds) ids are the shared C(oracle_tablespace), C(oracle_fra), C(resource_limit), C(password_age),
    C(backup_age) and the C(oracle_*) ids; the RV(thresholds) return value and roles/db_health/README.md list
    them with their defaults. Unknown ids and bad limits fail the module before it connects.
  - O(state_dir) holds one state file per target, from which the next run reports what changed.
  - Create the probe account with C(roles/db_health/files/oracle_probe_account.sql); it needs CREATE SESSION
    and SELECT on the views the catalogue reads, not SYSDBA.
  - On 11.2 servers (thick mode) the password check includes Oracle-maintained accounts (no ORACLE_MAINTAINED
    column) and the optimizer-statistics check is INFO.
  - A mounted standby answers only the V$ views; checks that need the data dictionary are INFO there.
  - The alert-log check reads V$DIAG_ALERT_EXT (12.1 and later) and says what it covered. Connected to CDB$ROOT it
    sees every container (errors named by CON_ID); in a PDB only that PDB's messages, so a clean PDB log is INFO,
    not PASS; under RAC only the local instance. On 11.2, which has no such view, it is INFO naming the text alert
    log's file (V$DIAG_INFO).
  - The C(oracle.tls) check reports how the connection is protected (PASS for TCPS with the certificate matched
    to the server, WARN with O(ssl_server_dn_match=false), INFO for plain TCP or a TNS alias).
  - Connection errors are scrubbed of passwords (also one written into O(dsn)) before they become a check's detail.
  - Sizes in O(parameter_recommendations) take K, M, G and T suffixes.
  - Check mode is supported; the probe never changes the database.
requirements:
  - oracledb >= 2.0
"""

EXAMPLES = r"""
- name: Monthly health check over TLS (TCPS), the server verified against the CA in the wallet
  ansible.legacy.oracle_probe:
    hostname: bj-ora-01.example
    port: 2484
    protocol: tcps
    wallet_location: /etc/healthops/oracle-wallet
    wallet_password: "{{ vault_oracle_wallet_password }}"
    service_name: BJBJXX
    user: healthops_probe
    password: "{{ vault_oracle_probe_password }}"
  delegate_to: localhost

- name: Monthly health check of an Oracle database
  ansible.legacy.oracle_probe:
    hostname: 10.0.0.11
    port: 1521
    service_name: ORCLPDB1
    user: healthops_probe
    password: "{{ vault_oracle_probe_password }}"
    profile: monthly
    state_dir: "{{ playbook_dir }}/../state/db_health"
    state_key: "{{ inventory_hostname }}"
  delegate_to: localhost
  register: db_health_result

- name: Quarterly tuning review of an 11.2 database through the Oracle Client
  ansible.legacy.oracle_probe:
    dsn: CADRE_DB1
    config_dir: /etc/oracle/network/admin
    user: healthops_probe
    password: "{{ vault_oracle_probe_password }}"
    thick_mode: true
    profile: tuning
    parameter_recommendations:
      processes: {min: 300}
      audit_trail: {not: NONE, severity: FAIL}
      remote_login_passwordfile: {equals: EXCLUSIVE}
  delegate_to: localhost
"""

# Keys shared with postgres_probe stay written out: doc fragments reach DOCUMENTATION only, never RETURN.
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
    - id: oracle.tablespace.USERS
      category: capacity
      title: Tablespace USERS
      title_zh: 表空间 USERS
      status: WARN
      value: 87.5
      threshold: ">=85/95%"
      unit: "%"
      detail: 28.0 GiB used of 32.0 GiB ceiling (allocated 30.0 GiB; 1 of 1 file(s) autoextend)
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
  description: Instance, version, role and open mode; empty when the connection failed.
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
import re
import time
import traceback
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ansible.module_utils.healthops.db import probe
from ansible.module_utils.healthops.db.catalogue import select_statements
from ansible.module_utils.healthops.db.context import Check, EvalContext, connect_time_check, run_evaluators
from ansible.module_utils.healthops.db.oracle.availability import connection_error_check, transport_check
from ansible.module_utils.healthops.db.oracle.base import (
    ORACLE_THRESHOLDS,
    PREFIX,
    alert_since,
    version_number,
    window_days,
)
from ansible.module_utils.healthops.db.oracle.cdb import CDB_EVALUATORS, cdb_statements
from ansible.module_utils.healthops.db.oracle.connection import connection_secrets, dn_match, error_parts, transport
from ansible.module_utils.healthops.db.oracle.evaluate import EVALUATORS
from ansible.module_utils.healthops.db.oracle.session import Session, run_catalogue
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from ansible.module_utils.healthops.db.scrub import scrub_secrets

try:
    import oracledb

    ORACLEDB_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - the venv has it
    ORACLEDB_IMPORT_ERROR = traceback.format_exc()

MODES = ("normal", "sysdba", "sysoper", "sysasm", "sysbackup", "sysdg", "syskm")
SERVER_FIELDS = (
    "instance_name",
    "host_name",
    "version",
    "db_name",
    "db_unique_name",
    "database_role",
    "open_mode",
    "log_mode",
)

ARGUMENT_SPEC: Dict[str, Any] = dict(
    hostname=dict(type="str", default="localhost"),
    port=dict(type="int", default=1521),
    service_name=dict(type="str"),
    dsn=dict(type="str"),
    user=dict(type="str"),
    password=dict(type="str", no_log=True),
    mode=dict(type="str", default="normal", choices=list(MODES)),
    thick_mode=dict(type="bool", default=False),
    oracle_client_lib_dir=dict(type="path"),
    config_dir=dict(type="path"),
    protocol=dict(type="str", default="tcp", choices=["tcp", "tcps"]),
    ssl_server_dn_match=dict(type="bool", default=True),
    ssl_server_cert_dn=dict(type="str"),
    wallet_location=dict(type="path"),
    wallet_password=dict(type="str", no_log=True),
    external_auth=dict(type="bool", default=False),
    connect_timeout=dict(type="int", default=10),
    call_timeout=dict(type="int", default=15000),
    profile=dict(type="str", default="monthly", choices=["monthly", "tuning"]),
    thresholds=dict(type="dict", default={}),
    parameter_recommendations=dict(type="dict", default={}),
    rman_expected=dict(type="bool", default=True),
    standby_backups=dict(type="bool", default=False),
    required_patch_level=dict(type="dict", default={}),
    alert_log_days=dict(type="int", default=31),
    scope=dict(type="str", default="container", choices=["container", "cdb"]),
    state_dir=dict(type="path"),
    state_key=dict(type="str", no_log=False),
)


def validate_options(options: Mapping[str, Any]) -> List[str]:
    """Messages naming each bad option (empty when the options are usable)."""
    errors = probe.option_errors(options, ORACLE_THRESHOLDS, ("connect_timeout", "call_timeout", "alert_log_days"))
    if options.get("external_auth"):
        if not options.get("thick_mode"):
            errors.append("external_auth needs thick_mode: true (OS and wallet authentication use the Oracle Client)")
    elif not options.get("user"):
        errors.append("user is required unless external_auth is true")
    if not options.get("dsn") and not options.get("service_name"):
        errors.append("give either dsn or service_name")
    for release, level in (options.get("required_patch_level") or {}).items():
        if not re.match(r"^\d+(\.\d+)?$", str(release)) or not re.match(r"^\d+(\.\d+)+$", str(level)):
            errors.append(
                f"required_patch_level: {release!r}: {level!r} should map a release (19, 12.2, 11.2) "
                "to a dotted level (19.21, 11.2.0.4.201020)"
            )
    if options.get("ssl_server_cert_dn") and transport(options) == "tcp":
        errors.append("ssl_server_cert_dn applies to TLS connections: set protocol: tcps (or a tcps:// dsn)")
    return errors


def _auth_mode(mode: str) -> int:
    return {
        "normal": oracledb.AUTH_MODE_DEFAULT,
        "sysdba": oracledb.AUTH_MODE_SYSDBA,
        "sysoper": oracledb.AUTH_MODE_SYSOPER,
        "sysasm": oracledb.AUTH_MODE_SYSASM,
        "sysbackup": oracledb.AUTH_MODE_SYSBKP,
        "sysdg": oracledb.AUTH_MODE_SYSDGD,
        "syskm": oracledb.AUTH_MODE_SYSKMT,
    }[mode]


def connect_params(options: Mapping[str, Any]) -> Dict[str, Any]:
    """Keyword arguments of oracledb.connect (password included: never log this)."""
    params: Dict[str, Any] = {
        "mode": _auth_mode(options["mode"]),
        "tcp_connect_timeout": float(options["connect_timeout"]),
    }
    if options.get("dsn"):
        params["dsn"] = options["dsn"]
    else:
        params.update(host=options["hostname"], port=options["port"], service_name=options["service_name"])
    if options.get("protocol") == "tcps":
        params["protocol"] = "tcps"
    # python-oracledb's default too; false is an explicit opt-out that oracle.tls reports. A DSN's own
    # SECURITY settings take precedence over these.
    params["ssl_server_dn_match"] = bool(options.get("ssl_server_dn_match", True))
    if options.get("ssl_server_cert_dn"):
        params["ssl_server_cert_dn"] = options["ssl_server_cert_dn"]
    if options.get("external_auth"):
        params["externalauth"] = True
    else:
        params["user"] = options.get("user")
        params["password"] = options.get("password")
    if not options.get("thick_mode"):
        # Thin mode reads these itself; thick mode takes config_dir in init_oracle_client and the
        # wallet from the sqlnet.ora found there.
        for key in ("config_dir", "wallet_location", "wallet_password"):
            if options.get(key):
                params[key] = options[key]
        params["program"] = "healthops_probe"
    return params


def default_connect(options: Mapping[str, Any]) -> Any:
    if options.get("thick_mode") and oracledb.is_thin_mode():
        oracledb.init_oracle_client(lib_dir=options.get("oracle_client_lib_dir"), config_dir=options.get("config_dir"))
    oracledb.defaults.fetch_lobs = False
    return oracledb.connect(**connect_params(options))


def run_probe(
    options: Mapping[str, Any],
    check_mode: bool = False,
    now: Optional[dt.datetime] = None,
    connect: Optional[Callable[[Mapping[str, Any]], Any]] = None,
) -> Dict[str, Any]:
    """Connect, run the profile's statements, evaluate, keep state; the module's result without ``changed``."""
    secrets = connection_secrets(options)
    # The DSN names the target in the state file's name and the checks: never with a password written into it.
    dsn = scrub_secrets(options["dsn"], secrets) if options.get("dsn") else None
    target = dsn or f"{options.get('hostname')}:{options.get('port')}/{options.get('service_name')}"
    key = (
        options.get("state_key")
        or dsn
        or f"{options.get('hostname')}_{options.get('port')}_{options.get('service_name')}"
    )

    def inspect(ctx: EvalContext, started: float, server: Dict[str, Any]) -> Tuple[bool, List[Check]]:
        session = Session(connect or default_connect, options)
        try:
            try:
                session.open()
            except Exception as exc:
                return False, [connection_error_check(ctx, *error_parts(exc, secrets))]
            mode = "thick" if options.get("thick_mode") else "thin"
            elapsed = time.monotonic() - started
            wallet = options.get("wallet_location") if not options.get("thick_mode") else None
            return True, [
                connect_time_check(ctx, elapsed, f"to {target} ({mode} mode, {options['mode']})"),
                transport_check(ctx, transport(options), dn_match(options), options.get("ssl_server_cert_dn"), wallet),
            ] + _probe(session, options, ctx, server)
        finally:
            session.close()

    evaluation_options = {
        "parameter_recommendations": options.get("parameter_recommendations") or {},
        "rman_expected": options.get("rman_expected", True),
        "standby_backups": options.get("standby_backups", False),
        "required_patch_level": options.get("required_patch_level") or {},
    }
    return probe.run_probe(
        options, "oracle", PREFIX, ORACLE_THRESHOLDS, key, evaluation_options, secrets, inspect, check_mode, now
    )


def _probe(session: Session, options: Mapping[str, Any], ctx: EvalContext, server: Dict[str, Any]) -> List[Check]:
    first = session.execute(next(s for s in CATALOGUE if s.name == "instance"), {})
    info, failed = probe.first_row(ctx, first, "instance", "Instance information", "实例信息", with_code=True)
    if info is None:
        return failed
    version = version_number(info.get("version"))
    ctx.version = version
    server.update({k: info.get(k) for k in SERVER_FIELDS})
    profile = options["profile"]
    previous_run = ((ctx.state.get("runs") or {}).get(profile) or {}).get("time")
    binds = {
        "window_days": window_days(previous_run, ctx.now),
        "since": alert_since(
            ctx.remembered("alert_since"), info.get("db_time"), int(options.get("alert_log_days") or 31)
        ),
    }
    ctx.options = dict(ctx.options, window_days=binds["window_days"], alert_since=binds["since"])  # type: ignore[assignment]
    mounted = str(info.get("open_mode") or "").upper() == "MOUNTED"
    statements = select_statements(CATALOGUE, profile, version)
    evaluators = EVALUATORS
    if options.get("scope") == "cdb":
        statements, evaluators = cdb_statements(statements, profile, version), EVALUATORS + CDB_EVALUATORS
    results = run_catalogue(session, statements, binds, mounted)
    results["instance"] = first
    return run_evaluators(evaluators, results, ctx, profile)


def main() -> None:
    probe.probe_main(ARGUMENT_SPEC, "oracledb", ORACLEDB_IMPORT_ERROR, validate_options, run_probe)


if __name__ == "__main__":
    main()
