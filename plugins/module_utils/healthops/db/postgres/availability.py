# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL availability: uptime, connection time and errors, TLS of the connection."""

from typing import List, Mapping, Optional

from ansible.module_utils.healthops.common.result import INFO
from ansible.module_utils.healthops.db.catalogue import Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, fmt_seconds, to_float
from ansible.module_utils.healthops.db.postgres.base import first_row
from ansible.module_utils.healthops.db.postgres.forks import POSTGRESQL, fork_name, recognise_fork
from ansible.module_utils.healthops.db.tls import TlsPlan, tls_error_cause, tls_status


def ev_uptime(rows: Mapping[str, List[Row]], ctx: EvalContext) -> List[Check]:
    server = first_row(rows["server"])
    uptime = to_float(server.get("uptime_seconds"))
    role = "standby (in recovery)" if server.get("in_recovery") else "primary"
    fork = recognise_fork(server.get("version_text"))
    product = "" if fork == POSTGRESQL else f"{fork_name(fork)} (reports PostgreSQL "
    version = f"{product}{server.get('server_version')}" + (")" if product else "")
    detail = f"{version} {role}, up {fmt_seconds(uptime)}"
    subject = Subject(ctx, "uptime", "availability", "Server uptime", "数据库运行时间")
    return [subject.check(INFO, value=None if uptime is None else round(uptime / 86400, 2), unit="d", detail=detail)]


def tls_check(ctx: EvalContext, plan: TlsPlan, in_use: Optional[bool], protocol: Optional[str]) -> Check:
    """How the connection used TLS: PASS verified (verify-full), WARN for an explicit opt-out, which it names."""
    status, detail = tls_status(plan, in_use, protocol)
    subject = Subject(ctx, "tls", "security", "TLS to the database", "数据库连接加密与证书验证")
    return subject.check(status, value=plan.ssl_mode, threshold="verify-full", detail=detail)


def describe_connect_error(message: str) -> str:
    """The likely cause of a connection failure first (with the fix, for TLS), then libpq's own words."""
    text = " ".join(message.split())
    lower = text.lower()
    tls = tls_error_cause(text)
    if tls:
        return f"{tls} ({text})"
    causes = (
        (
            ("password authentication failed", "authentication failed"),
            "authentication failed: wrong user name or password",
        ),
        (("connection refused",), "connection refused: the server is down or nothing listens on that port"),
        (("timeout expired", "timed out"), "connection timed out: host unreachable or filtered"),
        (("no pg_hba.conf entry",), "rejected by the server's pg_hba.conf"),
        (
            ("could not translate host name", "name or service not known", "nodename nor servname"),
            "host name does not resolve",
        ),
        (("does not exist",), "database or role does not exist"),
        (("too many clients", "remaining connection slots"), "server has no free connection slot"),
        (("ssl",), "TLS negotiation failed"),
    )
    for needles, cause in causes:
        if any(n in lower for n in needles):
            return f"{cause} ({text})"
    return text
