# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Availability of an Oracle database: the instance (uptime, open mode, role) and the connection itself
(time, TLS, the likely cause of a failure).
"""

from typing import List, Mapping, Optional

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db import context
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, check, to_float
from ansible.module_utils.healthops.db.oracle.base import STANDBY_ROLES, first, upper


def ev_instance(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    row = first(rows["instance"])
    uptime = to_float(row.get("uptime_seconds"))
    role, mode = upper(row.get("database_role")), upper(row.get("open_mode"))
    detail = (
        f"{row.get('db_unique_name') or row.get('db_name')} ({row.get('instance_name')} on {row.get('host_name')}), "
        f"Oracle {row.get('version')}, {role or '?'} {mode or '?'}, {row.get('log_mode') or '?'}, "
        f"started {row.get('startup_time')}"
    )
    checks = [
        check(
            ctx,
            check_id="uptime",
            category="availability",
            title="Instance uptime",
            title_zh="实例运行时间",
            status=INFO,
            value=None if uptime is None else uptime / 86400,
            unit="d",
            detail=detail,
        )
    ]
    if role == "PRIMARY":
        status = PASS if mode == "READ WRITE" else FAIL
    elif role in STANDBY_ROLES:
        status = PASS
    else:
        status = WARN
    checks.append(
        check(
            ctx,
            check_id="open_mode",
            category="availability",
            title="Database role and open mode",
            title_zh="数据库角色与打开模式",
            status=status,
            value=f"{role} {mode}".strip(),
            threshold="PRIMARY READ WRITE or a standby",
        )
    )
    if upper(row.get("log_mode")) == "NOARCHIVELOG" and role == "PRIMARY":
        archivelog = Subject(ctx, "archivelog_mode", "backup", "Archive log mode", "归档模式")
        detail = "no point-in-time recovery: only cold or export backups are possible"
        checks.append(archivelog.check(WARN, value="NOARCHIVELOG", threshold="ARCHIVELOG", detail=detail))
    return checks


_CONNECT_CAUSES = (
    (("ORA-01017",), "authentication failed: wrong user name or password"),
    (("ORA-28000",), "the account is locked"),
    (("ORA-28001",), "the password has expired"),
    (("ORA-12541", "DPY-6000", "CONNECTION REFUSED"), "connection refused: listener down or port closed"),
    (("ORA-12514", "DPY-6001", "DPY-6002"), "service name not registered with the listener"),
    (("ORA-12505", "DPY-6003"), "SID not known to the listener"),
    (("ORA-12170", "TIMED OUT", "DPY-6006"), "connection timed out: host unreachable or filtered"),
    (("ORA-12154", "DPY-4027", "DPY-4026"), "connect identifier not resolved (tnsnames.ora / config_dir)"),
    (("ORA-01034",), "instance not started"),
    # A mounted (not open) standby refuses every connection but SYSDBA/SYSOPER/SYSDG/...: ORA-01033.
    (
        ("ORA-01033",),
        "the database is not open (starting, shutting down, or a mounted standby): a mounted standby takes only "
        "administrative connections, set mode: sysdg (12c and later) or sysdba (11.2)",
    ),
    (("DPY-3010",), "server version not supported in thin mode: set thick_mode: true"),
    (("DPY-3015",), "password verifier not supported in thin mode: set thick_mode: true"),
    (("DPI-1047", "DPY-3016"), "Oracle Client libraries not found for thick mode (oracle_client_lib_dir)"),
    (("DPY-4011",), "the server closed the connection"),
    (("NAME OR SERVICE NOT KNOWN", "NODENAME NOR SERVNAME", "GETADDRINFO"), "host name does not resolve"),
)


def describe_connect_error(code: str, message: str) -> str:
    """'<likely cause> (<code>: <driver message>)' for a failed connection."""
    text = " ".join(str(message).split())
    haystack = f"{code} {text}".upper()
    for needles, cause in _CONNECT_CAUSES:
        if any(n in haystack for n in needles):
            return f"{cause} ({text})"
    return text


def transport_check(
    ctx: EvalContext, protocol: str, dn_match: bool, cert_dn: Optional[str], wallet: Optional[str]
) -> Check:
    """How the connection is protected: PASS for TCPS with the server's DN checked, WARN when that check is off.

    ``protocol`` is ``tcps``, ``tcp`` or ``alias`` (a TNS alias: its descriptor in tnsnames.ora decides).
    Plain TCP is INFO: Oracle sites may protect it with native network encryption instead, set in sqlnet.ora.
    """
    title, title_zh = "TLS to the database", "数据库连接加密与证书验证"
    trusted = f"the wallet in {wallet}" if wallet else "the system's trusted CAs"
    if protocol == "tcps" and dn_match:
        name = f"the DN {cert_dn}" if cert_dn else "the host name"
        status, detail = PASS, f"TCPS: server certificate verified against {trusted} and matched to {name}"
    elif protocol == "tcps":
        status, detail = (
            WARN,
            f"TCPS, server certificate verified against {trusted} but not matched to the server "
            "(ssl_server_dn_match false given explicitly): any certificate from a trusted CA is accepted",
        )
    elif protocol == "alias":
        status, detail = INFO, "TLS is set by the TNS alias's connect descriptor (tnsnames.ora), not known here"
    else:
        status, detail = (
            INFO,
            "TCP without TLS (protocol tcp): use protocol tcps with the server's TCPS listener and wallet, "
            "or native network encryption (thick mode, sqlnet.ora)",
        )
    return check(
        ctx,
        check_id="tls",
        category="security",
        title=title,
        title_zh=title_zh,
        status=status,
        value=protocol,
        threshold="tcps",
        detail=detail,
    )


def connection_error_check(ctx: EvalContext, code: str, message: str) -> Check:
    """The shared connection ERROR, its detail led by the likely cause of the ORA/DPY code."""
    return context.connection_error_check(ctx, describe_connect_error(code, message), code)
