# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: error lines in log files and in the kernel log since the previous run.

Log files are read from the byte offset kept in the state of the previous run, with the inode, so a
rotation (new inode: the rest of the old file is read from its rotated name when it is still
uncompressed, then the new file from its start) and a truncation (same inode, smaller than the offset:
read from the start) are handled. Only complete lines are consumed: a line still being written is read
next time. Files are only ever opened for reading.

Standard library only, Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import os
import re
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple

from ansible.module_utils.healthops.inspect.base import error_check, graded_check, human_bytes

__metaclass__ = type

MAX_SAMPLE_CHARS = 200
COMPRESSED_SUFFIXES = (".gz", ".xz", ".bz2", ".zst", ".lz4", ".Z", ".zip")


def compile_patterns(patterns: List[str]) -> Pattern[str]:
    """One alternation, so each line is searched once."""
    return re.compile("|".join("(?:%s)" % p for p in patterns))


def scan_text(text: str, regex: Pattern[str], max_lines: int, counted: int = 0, samples: Optional[List[str]] = None):
    """Count lines matching ``regex``; keep the first ``max_lines`` of them (cut to MAX_SAMPLE_CHARS).
    Returns (count, samples) with the counts of previous segments carried in."""
    samples = [] if samples is None else samples
    for line in text.splitlines():
        if regex.search(line):
            counted += 1
            if len(samples) < max_lines:
                samples.append(line.strip()[:MAX_SAMPLE_CHARS])
    return counted, samples


def plan_segments(
    prev: Optional[Dict[str, Any]],
    ino: int,
    dev: int,
    size: int,
    rotated: Optional[Tuple[str, int]],
) -> Tuple[List[Tuple[str, int, int]], List[str]]:
    """Which byte ranges to read -> ([(which, start, end)], notes); which is "rotated" or "current".

    ``prev`` is the state entry of the previous run {inode, dev, offset}; ``rotated`` is (path, size) of the
    file that now holds the previous inode, when one was found.
    """
    notes = []
    if not isinstance(prev, dict) or not isinstance(prev.get("offset"), int) or not isinstance(prev.get("inode"), int):
        notes.append("first run")
        return [("current", 0, size)], notes
    offset = prev["offset"]
    if prev["inode"] == ino and prev.get("dev", dev) == dev:
        if size < offset:
            notes.append("truncated since last run (%s < offset %s): read from the start" % (human_bytes(size), offset))
            return [("current", 0, size)], notes
        return [("current", offset, size)], notes
    segments = []
    if rotated is not None:
        path, old_size = rotated
        notes.append("rotated: rest of %s read" % path)
        if old_size > offset:
            segments.append(("rotated", offset, old_size))
    else:
        notes.append("rotated: the previous file is gone or compressed, its unread tail was skipped")
    segments.append(("current", 0, size))
    return segments, notes


def find_rotated(path: str, ino: int, dev: int, listdir: Callable[[str], List[str]] = os.listdir, stat=os.stat):
    """The file in the log's directory (``app.log.1``, ``app.log-20240501``) that has inode ``ino`` -> (path, size)."""
    directory, base = os.path.split(path)
    try:
        names = listdir(directory or ".")
    except OSError:
        return None
    for name in sorted(names):
        if name == base or not name.startswith(base) or name.endswith(COMPRESSED_SUFFIXES):
            continue
        candidate = os.path.join(directory, name)
        try:
            st = stat(candidate)
        except OSError:
            continue
        if st.st_ino == ino and st.st_dev == dev:
            return candidate, st.st_size
    return None


def _read_range(path: str, start: int, end: int, max_bytes: int, complete_lines: bool) -> Tuple[str, int, int, int]:
    """Read [start, end), at most the last max_bytes of it -> (text, consumed up to, bytes skipped, bytes scanned).

    With ``complete_lines`` a last line without its newline is left for the next run.
    """
    skipped = 0
    if end - start > max_bytes:
        skipped = end - max_bytes - start
        start = end - max_bytes
    with open(path, "rb") as handle:
        handle.seek(start - 1 if skipped else start)
        data = handle.read(max(0, end - start + (1 if skipped else 0)))
    data_start = start
    if skipped and data[:1] == b"\n":  # the cut fell on a line boundary
        data = data[1:]
    elif skipped:  # the first line read is a fragment: skip it too
        data = data[1:]
        cut = data.find(b"\n")
        if cut < 0:
            return "", start + len(data), skipped + len(data), 0
        skipped += cut + 1
        data = data[cut + 1 :]
        data_start += cut + 1
    if complete_lines:
        data = data[: data.rfind(b"\n") + 1]
    return data.decode("utf-8", "replace"), data_start + len(data), skipped, len(data)


def scan_log(
    path: str,
    patterns: List[str],
    prev: Optional[Dict[str, Any]],
    max_lines: int,
    max_bytes: int,
    thresholds: Dict[str, Any],
    limits: Optional[Dict[str, Any]] = None,
    now: float = 0.0,
) -> Tuple[Dict[str, Any], Optional[Dict[str, Any]]]:
    """Scan one log since the previous run -> (``log.errors:<path>`` check, state entry or None).

    On the first run only the last ``max_bytes`` are scanned. More than ``max_bytes`` new since the
    previous run: the oldest part is skipped (said in the detail).
    """
    check_id = "log.errors:" + path
    try:
        st = os.stat(path)
    except OSError as exc:
        reason = "not found" if getattr(exc, "errno", None) == 2 else exc.strerror or str(exc)
        return error_check(check_id, "%s: %s" % (path, reason)), (prev if isinstance(prev, dict) else None)
    rotated = None
    if isinstance(prev, dict) and isinstance(prev.get("inode"), int) and prev["inode"] != st.st_ino:
        rotated = find_rotated(path, prev["inode"], prev.get("dev", st.st_dev))
    segments, notes = plan_segments(prev, st.st_ino, st.st_dev, st.st_size, rotated)
    regex = compile_patterns(patterns)
    count, samples, scanned, skipped = 0, [], 0, 0
    new_offset = st.st_size
    try:
        for which, start, end in segments:
            file_path = rotated[0] if which == "rotated" and rotated else path
            text, consumed, cut, size = _read_range(
                file_path, start, end, max_bytes, complete_lines=(which == "current")
            )
            if which == "current":
                new_offset = consumed
            scanned += size
            skipped += cut
            count, samples = scan_text(text, regex, max_lines, count, samples)
    except OSError as exc:
        return error_check(check_id, "%s: %s" % (path, exc.strerror or exc)), (prev if isinstance(prev, dict) else None)
    if skipped:
        notes.append("%s skipped (over max_bytes %s)" % (human_bytes(skipped), human_bytes(max_bytes)))
    notes.append("%s scanned" % human_bytes(scanned))
    detail = "; ".join(notes)
    if samples:
        detail = "%d matching line(s): %s | %s" % (count, " | ".join(samples), detail)
    state = {"inode": st.st_ino, "dev": st.st_dev, "offset": new_offset, "time": now}
    return graded_check(check_id, count, thresholds, detail, limits=limits), state


# ---------------------------------------------------------------- kernel log


def parse_kmsg(records: List[str]) -> List[Dict[str, Any]]:
    """/dev/kmsg records ``prio,seq,usec,flags[,...];message`` (continuation lines start with a space)
    -> [{seq, usec, level, message}]."""
    result = []
    for record in records:
        head, sep, rest = record.partition(";")
        if not sep:
            continue
        fields = head.split(",")
        if len(fields) < 3 or not fields[1].isdigit():
            continue
        message = rest.split("\n", 1)[0]
        result.append(
            {
                "seq": int(fields[1]),
                "usec": int(fields[2]) if fields[2].isdigit() else 0,
                "level": int(fields[0]) & 7 if fields[0].isdigit() else 6,
                "message": message,
            }
        )
    return result


def eval_kernel_kmsg(
    records: List[Dict[str, Any]],
    regex: Pattern[str],
    prev: Optional[Dict[str, Any]],
    boot_id: str,
    max_lines: int,
    thresholds: Dict[str, Any],
) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """Kernel messages after the sequence number of the previous run (same boot), else all since boot."""
    since_seq = -1
    notes = []
    if (
        isinstance(prev, dict)
        and prev.get("source") == "kmsg"
        and prev.get("boot_id") == boot_id
        and isinstance(prev.get("seq"), int)
    ):
        since_seq = prev["seq"]
    else:
        notes.append("since boot" if not prev else "since boot (rebooted or first kmsg read)")
    fresh = [r for r in records if r["seq"] > since_seq]
    if since_seq >= 0 and records and records[0]["seq"] > since_seq + 1:
        notes.append("%d message(s) already dropped from the ring buffer" % (records[0]["seq"] - since_seq - 1))
    count, samples = 0, []
    for rec in fresh:
        if regex.search(rec["message"]):
            count += 1
            if len(samples) < max_lines:
                samples.append("[%.0fs] %s" % (rec["usec"] / 1e6, rec["message"][:MAX_SAMPLE_CHARS]))
    last_seq = records[-1]["seq"] if records else since_seq
    state = {"source": "kmsg", "boot_id": boot_id, "seq": last_seq}
    notes.append("%d new message(s) read from /dev/kmsg" % len(fresh))
    detail = "; ".join(notes)
    if samples:
        detail = "%d matching: %s | %s" % (count, " | ".join(samples), detail)
    return graded_check("kernel.log_errors", count, thresholds, detail), state


def parse_journal(text: str) -> Tuple[List[str], Optional[str]]:
    """``journalctl -k -q -o short-monotonic --show-cursor`` -> (message lines, cursor)."""
    lines, cursor = [], None
    for line in text.splitlines():
        if line.startswith("-- cursor: "):
            cursor = line[len("-- cursor: ") :].strip()
        elif line.strip() and not line.startswith("-- "):
            lines.append(line)
    return lines, cursor


def eval_kernel_journal(
    lines: List[str],
    cursor: Optional[str],
    regex: Pattern[str],
    prev: Optional[Dict[str, Any]],
    max_lines: int,
    thresholds: Dict[str, Any],
    note: str,
) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    count, samples = scan_text("\n".join(lines), regex, max_lines)
    old_cursor = prev.get("cursor") if isinstance(prev, dict) and prev.get("source") == "journal" else None
    state = {"source": "journal", "cursor": cursor or old_cursor}
    detail = "%s; %d new message(s) from journalctl -k" % (note, len(lines))
    if samples:
        detail = "%d matching: %s | %s" % (count, " | ".join(samples), detail)
    return graded_check("kernel.log_errors", count, thresholds, detail), state
