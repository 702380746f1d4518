# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``oracle_probe`` decides about a connection before and after the driver: transport, secrets, errors.

Pure functions of the module's options and of python-oracledb's exceptions; the driver calls
themselves stay in the module.
"""

import re
from typing import Any, List, Mapping, Sequence, Tuple

from ansible.module_utils.healthops.db.scrub import dsn_secrets, scrub_secrets

# Errors after which the connection is not trusted for the next statement.
CONNECTION_LOST = ("DPY-4024", "DPI-1067", "DPY-4011", "DPI-1080", "ORA-03113", "ORA-03114", "ORA-03135", "ORA-03156")


def transport(options: Mapping[str, Any]) -> str:
    """tcps, tcp, or alias (a TNS alias, whose descriptor in tnsnames.ora decides)."""
    dsn = options.get("dsn") or ""
    if options.get("protocol") == "tcps" or re.match(r"\s*tcps://", dsn, re.IGNORECASE):
        return "tcps"
    if re.search(r"\(\s*protocol\s*=\s*tcps\s*\)", dsn, re.IGNORECASE):
        return "tcps"
    if not dsn or "(" in dsn or "/" in dsn or ":" in dsn:
        return "tcp"  # host/port/service, Easy Connect or a descriptor without TCPS
    return "alias"


def dn_match(options: Mapping[str, Any]) -> bool:
    """Whether the server's certificate is matched to it: the option, unless the DSN turns it off."""
    dsn = options.get("dsn") or ""
    if re.search(r"ssl_server_dn_match\s*=\s*\(?\s*(off|false|no)\b", dsn, re.IGNORECASE):
        return False
    return bool(options.get("ssl_server_dn_match", True))


def connection_secrets(options: Mapping[str, Any]) -> List[str]:
    """What must never appear in a check: the passwords given, and one written into the DSN (user/password@...)."""
    given = [options.get("password"), options.get("wallet_password")]
    return [s for s in given if s] + dsn_secrets(options.get("dsn"))


def error_parts(exc: BaseException, secrets: Sequence[str] = ()) -> Tuple[str, str]:
    """(code, message) of a python-oracledb error: 'ORA-00942', 'DPY-6005', ...; the message scrubbed of secrets."""
    first = exc.args[0] if exc.args else None
    message = scrub_secrets(str(getattr(first, "message", None) or exc).strip(), secrets)
    code = getattr(first, "full_code", None) or ""
    if not code:
        match = re.search(r"\b(ORA|DPY|DPI|TNS)-\d{4,5}\b", message)
        code = match.group(0) if match else type(exc).__name__
    return code, message
