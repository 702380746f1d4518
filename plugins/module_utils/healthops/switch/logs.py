# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch log evaluation (pure): which entries of the log buffer are new since the last run, and
the ``switch.log`` check grading them.

An entry's verdict comes from the first log rule whose pattern it matches (inventory rules,
then the platform's table), else from its severity (WARN at warning, FAIL at critical or
worse, nothing below warning). Rules exist because severity alone misleads: VRP logs an
ordinary link up at level 1, while a port shut down by port security is level 4.

Part of the switch evaluation (:mod:`healthops.switch.evaluate`), which calls it and keeps the
fingerprints it returns in the switch's state. Nothing here does I/O.
"""

from __future__ import absolute_import, division, print_function

import datetime
import hashlib
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, PASS, WARN, make_check

__metaclass__ = type

# On the first run there is no log position yet: entries this recent (device clock,
# relative to the newest entry) are graded, older ones become the baseline.
FIRST_RUN_LOG_HOURS = 24
LOG_MIN_SEVERITY = 4  # syslog warning; 0 is emergency
LOG_FAIL_SEVERITY = 2  # critical, alert, emergency
MAX_LISTED = 20  # entries (and, in evaluate, ports) named in one check's detail
LOG_VERDICTS = ("INFO", "WARN", "FAIL")  # what a log rule may say; INFO means "not graded"


def compile_log_rules(
    inventory: Any, platform_rules: Iterable[Tuple[str, str]] = (), platform: Optional[str] = None
) -> Tuple[List[Tuple[Any, str, str]], List[str]]:
    """The rules applied in order - inventory ``switch_log_rules`` first, then the platform's table - and errors.

    An inventory rule is ``{match: <regular expression>, status: INFO|WARN|FAIL}`` with an optional
    ``platform`` (the rule then applies to that platform only). The pattern is searched, case-insensitively,
    in ``"<source> <message>"`` (``IFNET/1/IF_LINKUP Interface ...``, ``LINK-3-UPDOWN Interface ...``).
    """
    rules: List[Tuple[Any, str, str]] = []
    errors: List[str] = []
    if inventory is not None and not isinstance(inventory, list):
        return [], ["log_rules must be a list of {match, status[, platform]}"]
    for pos, item in enumerate(inventory or []):
        where = "log_rules[%d]" % pos
        if not isinstance(item, dict):
            errors.append("%s must be a mapping with match and status, got %r" % (where, item))
            continue
        unknown = sorted(set(item) - {"match", "status", "platform"})
        status = str(item.get("status") or "").upper()
        if unknown:
            errors.append("%s: unknown key(s) %s (known: match, status, platform)" % (where, ", ".join(unknown)))
        if status not in LOG_VERDICTS:
            errors.append("%s: status must be one of %s, got %r" % (where, ", ".join(LOG_VERDICTS), item.get("status")))
        try:
            pattern = re.compile(str(item.get("match") or ""), re.I)
        except re.error as exc:
            errors.append("%s: match is not a regular expression (%s)" % (where, exc))
            continue
        if not item.get("match"):
            errors.append("%s: match is required" % where)
        elif status in LOG_VERDICTS and item.get("platform") in (None, "", platform):
            rules.append((pattern, status, str(item["match"])))
    rules.extend((re.compile(text, re.I), verdict, text) for text, verdict in platform_rules)
    return rules, errors


def apply_log_rules(entries: List[Dict[str, Any]], rules: List[Tuple[Any, str, str]]) -> List[Dict[str, Any]]:
    """Copies of the entries with ``verdict`` (and ``rule``, the pattern that gave it) where a rule matches."""
    result = []
    for entry in entries:
        text = "%s %s" % (entry.get("source") or "", entry.get("message") or "")
        ruled = next((dict(entry, verdict=v, rule=src) for pattern, v, src in rules if pattern.search(text)), entry)
        result.append(ruled)
    return result


def entry_verdict(entry: Dict[str, Any]) -> str:
    """``FAIL``, ``WARN`` or ``INFO`` (not graded): the rule's verdict, else the severity's."""
    if entry.get("verdict") in LOG_VERDICTS:
        return str(entry["verdict"])
    if entry["severity"] <= LOG_FAIL_SEVERITY:
        return "FAIL"
    return "WARN" if entry["severity"] <= LOG_MIN_SEVERITY else "INFO"


def fingerprint(entry: Dict[str, Any]) -> str:
    """A stable id for one log line (the device prints the same line the same way every time)."""
    return hashlib.sha1(entry["raw"].strip().encode("utf-8", "replace")).hexdigest()[:16]  # noqa: S324 - an id, not security


def _parse_time(text: Optional[str]) -> Optional[datetime.datetime]:
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def select_new_logs(
    logs: List[Dict[str, Any]], previous: Optional[Dict[str, Any]]
) -> Tuple[List[Dict[str, Any]], Dict[str, int], bool]:
    """Entries graded WARN or FAIL (see :func:`entry_verdict`) that were not in the buffer at the last run.

    The buffer's lines are remembered by fingerprint (with a count, for lines
    repeated verbatim), so neither a missing year nor a device clock that is off
    makes an old line new. Without a previous run, entries within
    FIRST_RUN_LOG_HOURS of the newest entry are new. Returns the new entries,
    the fingerprints to keep and whether this was the first run.
    """
    relevant = [e for e in logs if entry_verdict(e) != "INFO"]
    seen_now: Dict[str, int] = {}
    for entry in relevant:
        fp = fingerprint(entry)
        seen_now[fp] = seen_now.get(fp, 0) + 1
    first_run = not previous or previous.get("log_seen") is None
    if first_run:
        times = [t for t in (_parse_time(e.get("time")) for e in logs) if t is not None]
        newest = max(times) if times else None
        new = []
        for entry in relevant:
            when = _parse_time(entry.get("time"))
            if newest is None or when is None or when >= newest - datetime.timedelta(hours=FIRST_RUN_LOG_HOURS):
                new.append(entry)
        return new, seen_now, True
    before = dict((previous or {}).get("log_seen") or {})
    new = []
    for entry in relevant:
        fp = fingerprint(entry)
        if before.get(fp, 0) > 0:
            before[fp] -= 1
        else:
            new.append(entry)
    return new, seen_now, False


def evaluate_logs(new_entries: List[Dict[str, Any]], first_run: bool, total: int) -> Dict[str, Any]:
    """The ``switch.log`` check listing the new entries graded WARN or FAIL."""
    if not new_entries:
        status = PASS
    elif any(entry_verdict(e) == "FAIL" for e in new_entries):
        status = FAIL
    else:
        status = WARN
    lines = ["[%s] %s %s %s" % (_label(e), e.get("time") or "", e["source"], e["message"]) for e in new_entries]
    if len(lines) > MAX_LISTED:
        lines = [*lines[:MAX_LISTED], "... and %d more" % (len(lines) - MAX_LISTED)]
    scope = (
        "first run: entries of the last %d h of the log (%d lines read)" % (FIRST_RUN_LOG_HOURS, total)
        if first_run
        else "since the last run (%d lines read)" % total
    )
    detail = scope + (": " + "; ".join(lines) if lines else ": none at warning or above")
    return log_check(status, len(new_entries), "log rules, else warning: WARN, critical: FAIL", "entries", detail)


def _label(entry: Dict[str, Any]) -> str:
    """``error``, or ``warning, rule FAIL`` when a log rule gave the verdict."""
    if entry.get("rule"):
        return "%s, rule %s" % (entry["severity_name"], entry["verdict"])
    return str(entry["severity_name"])


def log_check(status: str, value: Optional[int], threshold: str, unit: str, detail: str) -> Dict[str, Any]:
    """The ``switch.log`` check."""
    return make_check(
        check_id="switch.log",
        category="log",
        title="Switch log (warning and above)",
        title_zh="交换机日志(警告及以上)",
        status=status,
        value=value,
        threshold=threshold,
        unit=unit,
        detail=detail,
    )
