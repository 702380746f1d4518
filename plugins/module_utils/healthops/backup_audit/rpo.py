# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RPO the backups actually give. Pure, Python >= 3.6.

Without WAL archiving a loss costs everything since the last good set: the RPO is the longest
stretch of the period without one (either side). With WAL archiving (archive_mode and an
archive_command or archive_library) or pg_receivewal streaming, a loss costs only the WAL not yet
archived: the RPO is the archive lag, read from pg_stat_archiver (what is still unarchived since
last_archived_time; nothing when the server wrote no WAL since) and from pg_stat_replication's
flush_lag of a pg_receivewal; an archive_command failing since its last success is a FAIL whatever
the lag. ``read["wal"]`` is what collect.read_wal_archiving read (None: not PostgreSQL).
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.backup_audit.local import Item
from ansible.module_utils.healthops.backup_audit.trends import HOUR, in_period, longest_gap_hours
from ansible.module_utils.healthops.common.result import FAIL, PASS

__metaclass__ = type

WAL_FILE_RE = re.compile(r"^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$")
# Past the end of the newest archived segment, no more than a page header is not WAL at risk.
PAGE_HEADER_BYTES = 40


def segment_end(wal_file: Optional[str], segment_bytes: int) -> Optional[int]:
    """The WAL position (bytes) where segment ``wal_file`` ends; None for a .history/.backup file or no name."""
    match = WAL_FILE_RE.match(wal_file or "")
    if not match or not segment_bytes:
        return None
    per_log = 0x100000000 // segment_bytes
    number = int(match.group(2), 16) * per_log + int(match.group(3), 16)
    return (number + 1) * segment_bytes


def archiving_configured(wal: Dict[str, Any]) -> bool:
    """archive_mode on (or always) with something to archive with."""
    mode = str(wal.get("archive_mode") or "off").lower()
    command = str(wal.get("archive_command") or "").strip()
    return mode in ("on", "always") and (bool(wal.get("archive_library")) or command not in ("", "(disabled)"))


def archive_lag(wal: Dict[str, Any]) -> Tuple[Optional[float], str]:
    """(hours of WAL not archived, what it rests on); None hours when nothing was ever archived."""
    last = wal.get("last_archived_time")
    if last is None:
        return None, "archiving is configured but nothing was archived yet (pg_stat_archiver)"
    end = segment_end(wal.get("last_archived_wal"), int(wal.get("wal_segment_bytes") or 0))
    current = wal.get("current_wal_bytes")
    pending = (current - end) if end is not None and current is not None else None
    if pending is not None and pending <= PAGE_HEADER_BYTES:
        return 0.0, "every WAL segment written is archived (last %s)" % wal.get("last_archived_wal")
    lag = max(0.0, (float(wal["now"]) - float(last)) / HOUR)
    shown = "%d bytes" % pending if pending is not None else "an unknown amount"
    return lag, "%s of WAL not archived since the last archived segment %s" % (shown, wal.get("last_archived_wal"))


def archive_failing(wal: Dict[str, Any]) -> str:
    """Why archiving is failing now (a failure after the last success), or ''."""
    failed = wal.get("last_failed_time")
    if not wal.get("failed_count") or failed is None:
        return ""
    if wal.get("last_archived_time") is not None and float(wal["last_archived_time"]) >= float(failed):
        return ""
    return "archiving fails: %d failure(s), the last for %s" % (int(wal["failed_count"]), wal.get("last_failed_wal"))


def wal_rpo(wal: Dict[str, Any]) -> Tuple[Optional[float], List[str], str]:
    """(hours of loss, what each mechanism gives, why it fails) for a server that archives or streams WAL."""
    lags, parts, failing = [], [], ""
    if archiving_configured(wal):
        lag, how = archive_lag(wal)
        failing = archive_failing(wal)
        parts.append("archive (%s): %s" % (wal.get("archive_library") or wal.get("archive_command"), how))
        if failing:
            parts.append(failing)
        elif lag is not None:
            lags.append(lag)
    for receiver in wal.get("receivers") or []:
        lag = float(receiver.get("flush_lag_seconds") or 0) / HOUR
        lags.append(lag)
        parts.append(
            "%s from %s %s, flush lag %ss"
            % (
                receiver.get("application_name"),
                receiver.get("client"),
                receiver.get("state"),
                receiver.get("flush_lag_seconds") or 0,
            )
        )
    return (min(lags) if lags else None), parts, failing


def rpo_check(policy: Dict[str, Any], read: Dict[str, Any], stored: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The RPO the backups give, graded against the policy's rpo_hours (the system's target)."""
    target = policy["rpo_hours"]
    item = Item(
        "backup_audit.rpo",
        "Recovery point (RPO) the backups give",
        "备份实际可达的恢复点目标（RPO）",
        unit="h",
        threshold="<=%g h" % target,
        advice="back up more often (db_backup_on_calendar) or relax the RPO with the client",
    )
    wal = read.get("wal") or {}
    if wal and not wal.get("error") and (archiving_configured(wal) or wal.get("receivers")):
        measured, parts, failing = wal_rpo(wal)
        detail = "WAL archiving: " + "; ".join(parts)
        advice = "fix WAL archiving (the archive_command's log, the archive's space) so WAL is kept again"
        if failing or measured is None:
            return item(FAIL, value=measured, detail=detail, advice=advice)
        measured = round(measured, 3)
        return item(PASS if measured <= target else FAIL, value=measured, detail=detail, advice=advice)
    now = read["now"]
    sets = in_period(read.get("sets") or [], now, policy["period_days"])
    sets += in_period((stored or {}).get("sets") or [], now, policy["period_days"])
    measured = longest_gap_hours([s["time"] for s in sets], now)
    why = "no WAL archiving" if wal and not wal.get("error") else "WAL archiving not read: %s" % wal.get("error")
    if not wal:
        why = "base backups only"
    if measured is None:
        return item(FAIL, detail="no good set in the period (%s)" % why, advice="run the backup")
    detail = "%s: the longest time without a good backup in %g days, up to now" % (why, policy["period_days"])
    return item(PASS if measured <= target else FAIL, value=measured, detail=detail)
