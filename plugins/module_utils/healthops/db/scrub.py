# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scrubbing database passwords out of driver and tool messages before they reach a report.

Driver errors are built from connection strings. libpq echoes pieces of a connection
string it cannot parse (``missing "=" after "ss" in connection info string`` for
``password=pa ss word``), python-oracledb and the Oracle tools echo ``user/password@dsn``
forms, and a message may carry a conninfo or URL verbatim. Ansible masks a ``no_log``
value only where it appears whole, so a password with a space leaked part of itself.

``scrub_secrets`` removes both what is known and what looks like a password:

* every known secret (the probe's password, the passwords found in a DSN by
  ``dsn_secrets``) in the forms a message can carry it: as is, URL-encoded, libpq-,
  SQL-, JSON- and repr-escaped, mis-decoded UTF-8, and the pieces it falls into when
  a parser splits it at spaces, quotes or backslashes;
* password-looking fields by pattern, secret known or not: ``password=...`` (quoted or
  not) and ``"password": ...``, URL user info ``scheme://user:...@``, Oracle
  ``user/...@``, ``IDENTIFIED BY ...``, ``PASSWORD '...'``, and the quoted tokens of
  libpq's connection-string parse errors (each may be a fragment of a password).

It over-scrubs rather than leaks. Pure functions, standard library only, importable on
Python 3.6: the restore module that uses it runs on the managed database host.
"""

import contextlib
import json
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import quote, quote_plus, unquote

MASK = "********"

# Key names whose value is a secret: password, passwd, pwd, sslpassword, wallet_password, passphrase, secret.
_KEY = r"[\w.-]*(?:passw(?:or)?d|passwd|pwd|passphrase|secret)"
# key=value and key: value, the key optionally quoted (JSON, Python reprs); the value quoted
# ('...' with \' escapes as libpq writes it, "..."), or a bare word up to white space or &.
_FIELD = re.compile(
    r"""(?P<key>["']?\b""" + _KEY + r"""\b["']?)(?P<sep>[ \t]*[=:][ \t]*)"""
    r"""(?P<value>'(?:[^'\\\n]|\\.)*(?:'|$)|"(?:[^"\\\n]|\\.)*(?:"|$)|[^\s&]+)""",
    re.IGNORECASE | re.MULTILINE,
)
# scheme://user:password@host (the password may hold unencoded spaces or @: up to the last @ before a /).
_URL = re.compile(r"""(?P<head>\b[a-z][a-z0-9+.-]*://[^\s/@:]*:)[^\n/]*@""", re.IGNORECASE)
# Oracle user/password@connect: the user a word (or "quoted") not inside a path or an address.
_ORACLE = re.compile(r"""(?P<head>(?<![\w/.:$#-])(?:[A-Za-z][\w$#]*|"[^"\n]+")/)(?:"[^"\n]*"|[^\n/"]*)@""")
_IDENTIFIED = re.compile(r"""(?P<head>\bidentified[ \t]+by[ \t]+)(?:"[^"\n]*"|\S+)""", re.IGNORECASE)
_SQL_PASSWORD = re.compile(r"""(?P<head>\bpassword[ \t]+E?)'(?:[^'\n]|'')*'""", re.IGNORECASE)
# libpq's conninfo and URI parse errors quote the piece they stumbled on, which may be part of a password.
_PARSE_ERROR = re.compile(
    r"connection info string|connection option|percent-encoded|unexpected spaces found|\bURI\b"
    r"|key/value separator|unterminated quoted string",
    re.IGNORECASE,
)
_QUOTED = re.compile(r'"([^"\n]+)"')
# Quoted punctuation in those messages is the parser's own ("=" in 'missing "=" after ...').
_PUNCTUATION = ("=", ":", "/", "@", "?", "&")
_WORD_SPLIT = re.compile(r"\s+")
_PIECE_SPLIT = re.compile(r"""[\s'"\\]+""")
# A whole secret shorter than this is removed only where it stands alone (not inside a word).
_ANYWHERE_MIN = 4


def _variants(secret: str) -> List[str]:
    """The forms the whole secret may take in a message."""
    forms = [
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        secret.replace("\\", "\\\\").replace("'", "\\'"),  # libpq conninfo quoting
        secret.replace("'", "''"),  # SQL literal
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
    ]
    # UTF-8 read as Latin-1 (a server message in another client encoding); lone surrogates cannot be encoded.
    with contextlib.suppress(UnicodeError):
        forms.append(secret.encode("utf-8").decode("latin-1"))
    return forms


def _fragments(secret: str) -> List[str]:
    """Pieces a parser may cut the secret into: runs of its words, and its parts between quotes or backslashes."""
    words = [w for w in _WORD_SPLIT.split(secret) if w]
    pieces: List[str] = []
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            pieces.append(" ".join(words[start:end]))
    pieces.extend(p for p in _PIECE_SPLIT.split(secret) if p)
    return pieces


def _candidates(secrets: Iterable[Any]) -> List[Tuple[str, bool]]:
    """(form, anywhere): the whole secret's forms are removed anywhere, its pieces only where they stand alone."""
    chosen: Dict[str, bool] = {}
    for secret in secrets:
        if secret is None or secret == "":
            continue
        text = str(secret)
        for form in _variants(text):
            chosen[form] = chosen.get(form, False) or len(form) >= _ANYWHERE_MIN
        for form in _fragments(text):
            chosen.setdefault(form, False)
    chosen.pop("", None)
    chosen.pop(MASK, None)
    # Longest first, so that a whole secret is removed before its pieces are looked for.
    return sorted(chosen.items(), key=lambda item: len(item[0]), reverse=True)


def _remove_known(text: str, candidates: Sequence[Tuple[str, bool]]) -> str:
    for form, anywhere in candidates:
        if form not in text:
            continue
        if anywhere:
            text = text.replace(form, MASK)
        elif len(form) > 1:
            # A piece inside a longer word is not a leak ("pass" of a password in "password authentication").
            text = re.sub(r"(?<!\w)" + re.escape(form) + r"(?!\w)", MASK, text)
        else:
            # A single character is removed only where a parser quoted it on its own.
            text = re.sub(r"""(["'])""" + re.escape(form) + r"\1", r"\1" + MASK + r"\1", text)
    return text


def _mask_field(match: Any) -> str:
    value = match.group("value")
    quote_char = value[0] if value[:1] in ("'", '"') else ""
    return match.group("key") + match.group("sep") + quote_char + MASK + quote_char


def _remove_patterns(text: str) -> str:
    text = _FIELD.sub(_mask_field, text)
    text = _URL.sub(lambda m: m.group("head") + MASK + "@", text)
    text = _ORACLE.sub(lambda m: m.group("head") + MASK + "@", text)
    text = _IDENTIFIED.sub(lambda m: m.group("head") + MASK, text)
    text = _SQL_PASSWORD.sub(lambda m: m.group("head") + "'" + MASK + "'", text)
    return "\n".join(_mask_parse_error(line) for line in text.split("\n"))


def _mask_parse_error(line: str) -> str:
    if not _PARSE_ERROR.search(line):
        return line
    return _QUOTED.sub(lambda m: m.group(0) if m.group(1) in _PUNCTUATION else '"' + MASK + '"', line)


def scrub_secrets(text: Any, secrets: Iterable[Any] = ()) -> str:
    """``text`` without the known ``secrets`` (in any form or piece) and without password-looking fields."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = str(text)
    return _remove_patterns(_remove_known(text, _candidates(secrets)))


def scrub_data(value: Any, secrets: Iterable[Any] = ()) -> Any:
    """``value`` with every string inside it (dict values and keys, list items) scrubbed."""
    candidates = _candidates(secrets)
    return _scrub_data(value, candidates)


def _scrub_data(value: Any, candidates: Sequence[Tuple[str, bool]]) -> Any:
    if isinstance(value, str):
        return _remove_patterns(_remove_known(value, candidates))
    if isinstance(value, dict):
        return {_scrub_data(k, candidates): _scrub_data(v, candidates) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_data(v, candidates) for v in value)
    return value


# libpq's connection keywords: an unquoted password with spaces is taken to run up to the next of them.
_LIBPQ_KEYWORDS = (
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "require_auth",
    "channel_binding",
    "connect_timeout",
    "client_encoding",
    "options",
    "application_name",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
    "gssencmode",
    "sslmode",
    "sslnegotiation",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslkeylogfile",
    "sslpassword",
    "sslcertmode",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "min_protocol_version",
    "max_protocol_version",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "service",
    "target_session_attrs",
    "load_balance_hosts",
)
_NEXT_KEYWORD = re.compile(r"\s+(?:" + "|".join(_LIBPQ_KEYWORDS) + r")\s*=", re.IGNORECASE)


def _conninfo_password(dsn: str) -> List[str]:
    """Passwords of libpq key=value strings, quoted or not; an unquoted one runs to the next ``key=``."""
    found: List[str] = []
    for match in re.finditer(r"(?:^|\s)(?:ssl)?password\s*=\s*", dsn, re.IGNORECASE):
        rest = dsn[match.end() :]
        if rest.startswith("'"):
            value, i = [], 1
            while i < len(rest) and rest[i] != "'":
                if rest[i] == "\\" and i + 1 < len(rest):
                    i += 1
                value.append(rest[i])
                i += 1
            found.append("".join(value))
            continue
        # Unquoted: up to the next libpq keyword (what the writer meant), else to the end.
        following = _NEXT_KEYWORD.search(rest)
        value = rest[: following.start()] if following else rest.rstrip()
        found.append(value)
    return found


def dsn_secrets(dsn: Optional[str]) -> List[str]:
    """Passwords written in a connection string (libpq key=value or URI, Oracle ``user/password@...``)."""
    if not dsn:
        return []
    found = _conninfo_password(dsn)
    # A URL's password runs to the last @ before the query string (an unencoded / or @ in it included).
    match = re.search(r"\b[a-z][a-z0-9+.-]*://[^\s/@:]*:(.*)@", dsn.split("?")[0], re.IGNORECASE | re.DOTALL)
    if match:
        found.extend([match.group(1), unquote(match.group(1))])
    for match in re.finditer(r"[?&](?:ssl)?password=([^&#\s]*)", dsn, re.IGNORECASE):
        found.extend([match.group(1), unquote(match.group(1))])
    if "://" not in dsn and not re.match(r"\s*\w+\s*=", dsn):
        match = re.match(r"""\s*(?:"[^"]*"|[^/@\s]+)/("[^"]*"|.*)@[^@]*$""", dsn, re.DOTALL)
        if match:
            secret = match.group(1)
            found.append(secret[1:-1] if len(secret) > 1 and secret[0] == secret[-1] == '"' else secret)
    return [s for s in found if s]


__all__ = ["MASK", "dsn_secrets", "scrub_data", "scrub_secrets"]
