# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A probe's detail in Chinese (``detail_zh``), from the catalogue healthops.report.detail_texts*.

Controller side: the probes keep speaking English on the hosts (report.json's ``detail``);
the zh record's 说明 column shows what this makes of it. Values, paths and command output
pass through as they are; an English part no entry knows stays as it is, never dropped.
"""

from __future__ import annotations

import fnmatch
import functools
import re

from ansible.module_utils.healthops.report import (
    detail_texts,
    detail_texts_audit,
    detail_texts_backup,
    detail_texts_certs,
    detail_texts_compare,
    detail_texts_db,
    detail_texts_db_more,
    detail_texts_drill,
    detail_texts_inspect,
    detail_texts_passwords,
    detail_texts_patch,
    detail_texts_pg,
)
from ansible.module_utils.healthops.report.advice import canonical

Rule = tuple[str, re.Pattern[str], str]
# Nested ``why`` groups are translated again, this deep at most (a bound, not a limit texts reach).
MAX_DEPTH = 4
SEPARATOR, SEPARATOR_ZH = "; ", "；"
LIST_SEPARATOR, LIST_SEPARATOR_ZH = ", ", "，"
# English prose: two lowercase words in a row, not a key=value pair (values such as os-release stay).
PROSE = re.compile(r"(?<![=\w])[a-z]{2,} [a-z]{2,}\b(?!=)")
# A message in a driver's or tool's own words (an Oracle or PostgreSQL error, an errno, an exception):
# kept as it is, framed in Chinese, where no entry knows it.
RAW_ERROR = re.compile(
    r"(?:(?:ORA|TNS|RMAN|PLS|SP2|DPY|DPI)-\d{3,5}\b|(?:FATAL|ERROR|PANIC):\s|psql:|pg_\w+:|\[Errno -?\d+\]"
    r"|[A-Z]\w*(?:Error|Exception)\b)"
)
CONNECT_FRAME = "连接失败，驱动或客户端返回（原文）：{raw}"
RAW_FRAME = "返回错误（原文）：{raw}"


# The catalogues whose patterns are full check ids (the database ones are per engine, below).
OWN = (
    detail_texts.HOST
    + detail_texts_inspect.INSPECT
    + detail_texts.TOMCAT
    + detail_texts.SWITCH
    + detail_texts_backup.BACKUP_VERIFY
    + detail_texts_audit.BACKUP_AUDIT
    + detail_texts_drill.DRILL
    + detail_texts_patch.PATCH
    + detail_texts_passwords.PASSWORDS
    + detail_texts_certs.CERTS
    + detail_texts_compare.COMPARE
)


def _compile() -> list[Rule]:
    rules = []
    own = OWN
    for pattern, english, chinese in own:
        rules.append((pattern, re.compile(english, re.DOTALL), chinese))
    for engine in detail_texts_db.DB_ENGINES:
        for pattern, english, chinese in detail_texts_db.DB + detail_texts_db_more.DB_MORE:
            rules.append((f"{engine}.{pattern}", re.compile(english, re.DOTALL), chinese))
    for pattern, english, chinese in detail_texts_pg.PG:
        rules.append((f"postgres.{pattern}", re.compile(english, re.DOTALL), chinese))
    return rules


RULES = _compile()


@functools.lru_cache(maxsize=1024)
def rules_for(check_id: str) -> tuple[Rule, ...]:
    """The entries for a check id: its own (by id or pattern) first, then those of any check."""
    check_id = canonical(check_id)
    own = [r for r in RULES if r[0] != "*" and fnmatch.fnmatchcase(check_id, r[0])]
    return tuple(own + [r for r in RULES if r[0] == "*"])


def _whole(rules: tuple[Rule, ...], text: str, depth: int) -> str | None:
    """The text in Chinese when one entry matches all of it; None when none does."""
    for _pattern, english, chinese in rules:
        match = english.fullmatch(text)
        if not match:
            continue
        values = {}
        for name, value in match.groupdict(default="").items():
            if name.startswith("why"):
                values[name] = _text(rules, value, depth + 1) if value else value
            elif SEPARATOR in value and not name.startswith("raw"):
                break  # a value never spans parts: the text is several parts, translated one by one
            else:
                values[name] = value
        else:
            return chinese.format(**values)
    return None


def _text(rules: tuple[Rule, ...], text: str, depth: int) -> str:
    """The text in Chinese as far as the entries know it: whole, else part by part, else as it is."""
    if depth > MAX_DEPTH:
        return text
    whole = _whole(rules, text, depth)
    if whole is not None:
        return whole
    if SEPARATOR in text:
        return SEPARATOR_ZH.join(_text(rules, part, depth) for part in text.split(SEPARATOR))
    if LIST_SEPARATOR in text:
        # A list of items (tables, sessions, standbys): translated when every item is known, or the others
        # are values (names, figures: no English prose); a comma may as well sit inside a value.
        parts = text.split(LIST_SEPARATOR)
        items = [_whole(rules, item, depth) for item in parts]
        if any(item is not None for item in items) and all(
            item is not None or not PROSE.search(part) for item, part in zip(items, parts)
        ):
            return LIST_SEPARATOR_ZH.join(part if item is None else item for item, part in zip(items, parts))
    return text


def _framed(check_id: str, text: str) -> str | None:
    """A driver's or tool's own message that no entry knows, kept as it is in a Chinese frame."""
    if canonical(check_id).rsplit(".", 1)[-1].split(":", 1)[0] == "connect":
        return CONNECT_FRAME.format(raw=text)
    if RAW_ERROR.match(text):
        return RAW_FRAME.format(raw=text)
    return None


def detail_zh(check_id: str, detail: str) -> str | None:
    """The detail of a check in Chinese; None when no entry knows any of it (the English is shown)."""
    text = detail.strip()
    if not text:
        return None
    translated = _text(rules_for(check_id), text, 0)
    if translated == text:
        return _framed(check_id, text)
    return translated if re.search(r"[\u4e00-\u9fff]", translated) else None
