# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Database backup sets: manifests, retention, RMAN logs, the status file, the offline copy.

Used in three places, so it imports nothing but the standard library (Python >= 3.6) and,
from Ansible, only the shared file writer (``healthops.common.fileio``, installed beside it on hosts):

* the backup job on the database host (``roles/db_backup/files/healthops_backup_job.py``),
  which the role installs with a copy of this file beside it;
* the receiver on the backup storage host (``roles/db_backup/files/healthops_backup_receiver.py``),
  the forced command of the job's SSH key, installed the same way;
* the ``db_restore_test`` module, which Ansible ships with this file as ``ansible.module_utils``.

A backup set is a directory ``<backup_dir>/<YYYYmmddTHHMMSSZ>`` (UTC start of the run) holding
the dump files, ``backup.json`` (what was backed up, how long it took, each exit status) and
``MANIFEST.sha256`` in ``sha256sum`` format (one ``<sha256>  <relative path>`` line per file,
``backup.json`` included), written last: a set without a manifest is incomplete. While the job
writes it the directory is ``<name>.partial``. On the storage host a set arrives in a staging
directory (``<host dir>/.incoming/<name>``) and is moved into place by the receiver only after
``sha256sum --check`` of its manifest there; from then on the database host cannot change it
(placed sets are immutable to it, retention is the storage host's). Each placed set has a marker
``<host dir>/.verified-sets/<name>`` while its last check there passed (sets of older versions
carry ``<name>/.verified``).

Only regular files are ever hashed: a symlink, FIFO or device in a set is a problem named in
the result, never followed or waited on (a database OS user can write into a set while it is
being written, and the job runs as root).

The first part is pure (text in, data out) and unit-tested; the second part does the I/O the
job, the receiver and the module share (hashing files, listing sets, the SSH calls).
"""

from __future__ import absolute_import, division, print_function

import errno
import hashlib
import json
import os
import re
import shlex
import stat
import subprocess
import time
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

# The shared writer (random O_EXCL|O_NOFOLLOW temporary name, fchmod, fsync, rename): a database OS user
# cannot make root's job write through a planted symlink. A relative import, so it resolves both
# as ansible.module_utils.healthops (modules) and as the healthops package installed beside the job.
from ..common.fileio import atomic_write

__metaclass__ = type

MANIFEST = "MANIFEST.sha256"
META = "backup.json"
VERIFIED_MARK = ".verified"  # inside a set: written by receivers before placed sets became immutable
VERIFIED_DIR = ".verified-sets"  # on the storage host, beside the sets: one marker per verified set
INCOMING_DIR = ".incoming"  # on the storage host: where uploads land before the receiver places them
PARTIAL_SUFFIX = ".partial"
STATUS_SCHEMA = 1
SET_NAME_FORMAT = "%Y%m%dT%H%M%SZ"
SET_RE = re.compile(r"^(\d{8}T\d{6}Z)(\.partial)?$")
RECEIVER_WORD = "healthops-backup"
# Room kept free on the storage host beyond the set's own size.
SPACE_MARGIN_BYTES = 16 * 1024 * 1024
# Words of the receiver's protocol (SSH_ORIGINAL_COMMAND = "healthops-backup <word> ...").
# Retention values are never among them: the storage host's own configuration decides.
RECEIVER_COMMANDS = ("space", "list", "verify", "commit", "prune")

Problem = Dict[str, str]


# =========================================================================== pure part


def set_name(epoch: float) -> str:
    """Name of the set started at ``epoch`` (UTC, second resolution)."""
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime(SET_NAME_FORMAT)


def set_time(name: str) -> Optional[float]:
    """Start time (epoch) of a set from its directory name; None when it is not a set's name."""
    match = SET_RE.match(name or "")
    if not match:
        return None
    return datetime.strptime(match.group(1), SET_NAME_FORMAT).replace(tzinfo=timezone.utc).timestamp()


def is_partial(name: str) -> bool:
    return bool(name) and name.endswith(PARTIAL_SUFFIX)


def valid_set_name(name: str) -> bool:
    """A complete set's name: safe as one path component on both hosts."""
    match = SET_RE.match(name or "")
    return bool(match) and not match.group(2)


def iso_time(epoch: Optional[float]) -> Optional[str]:
    """ISO 8601 in the host's local time with its UTC offset (what the inspection parses)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="seconds")


def safe_file_stem(name: str) -> str:
    """A database name as a file name stem: letters, digits, '.', '_', '-' only."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return stem or "_"


def dump_file_names(databases: Sequence[str], suffix: str = ".dump") -> Dict[str, str]:
    """One distinct, safe file name per database (``my db`` and ``my_db`` do not collide)."""
    names = {}  # type: Dict[str, str]
    used = set()  # type: set
    for database in databases:
        stem = safe_file_stem(database)
        candidate, n = stem + suffix, 1
        while candidate in used:
            n += 1
            candidate = "%s~%d%s" % (stem, n, suffix)
        used.add(candidate)
        names[database] = candidate
    return names


def human_bytes(size: Optional[float]) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return ("%d %s" % (value, unit)) if unit == "B" else ("%.1f %s" % (value, unit))
        value /= 1024.0
    return "%.1f TiB" % value  # pragma: no cover


# --------------------------------------------------------------------------- manifest


def _escape_name(path: str) -> Tuple[str, str]:
    """sha256sum's escaping: a name with a backslash or newline gets a leading backslash."""
    if "\\" in path or "\n" in path:
        return "\\", path.replace("\\", "\\\\").replace("\n", "\\n")
    return "", path


def _unescape_name(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def format_manifest(entries: Iterable[Tuple[str, str]]) -> str:
    """``(relative path, sha256 hex)`` pairs -> the manifest text (sorted by path)."""
    lines = []
    for path, digest in sorted(entries):
        if not re.match(r"^[0-9a-f]{64}$", digest):
            raise ValueError("not a sha256 hex digest for %s: %r" % (path, digest))
        if path.startswith("/") or ".." in path.split("/") or not path:
            raise ValueError("manifest paths must be relative and inside the set: %r" % path)
        prefix, name = _escape_name(path)
        lines.append("%s%s  %s\n" % (prefix, digest, name))
    return "".join(lines)


def parse_manifest(text: str) -> List[Tuple[str, str]]:
    """The manifest text -> ``(relative path, sha256)`` pairs; ValueError names the bad line."""
    entries = []
    seen = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        body = line[1:] if escaped else line
        match = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", body)
        if not match:
            raise ValueError("%s line %d is not '<sha256>  <file>': %r" % (MANIFEST, number, line[:120]))
        path = _unescape_name(match.group(2)) if escaped else match.group(2)
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError("%s line %d names a file outside the set: %r" % (MANIFEST, number, path))
        if path in seen:
            raise ValueError("%s line %d lists %s twice" % (MANIFEST, number, path))
        seen.add(path)
        entries.append((path, match.group(1).lower()))
    if not entries:
        raise ValueError("%s lists no file" % MANIFEST)
    return entries


def compare_manifest(expected: Sequence[Tuple[str, str]], actual: Dict[str, Optional[str]]) -> List[Problem]:
    """Manifest entries against the digests found (None: file missing or unreadable).

    Returns one problem per bad file: ``{"file", "problem", "detail"}`` with problem
    ``missing`` or ``checksum mismatch``.
    """
    problems = []  # type: List[Problem]
    for path, digest in expected:
        found = actual.get(path)
        if found is None:
            problems.append({"file": path, "problem": "missing", "detail": "listed in %s, not found" % MANIFEST})
        elif found != digest:
            problems.append(
                {
                    "file": path,
                    "problem": "checksum mismatch",
                    "detail": "sha256 %s..., manifest says %s..." % (found[:12], digest[:12]),
                }
            )
    return problems


def parse_sha256sum_check(stdout: str, stderr: str = "") -> List[Problem]:
    """Output of ``sha256sum --check`` (GNU coreutils) -> the files that failed.

    stdout has ``<file>: OK``, ``<file>: FAILED`` or ``<file>: FAILED open or read``;
    stderr has ``sha256sum: <file>: No such file or directory`` and summary warnings.
    """
    problems = []  # type: List[Problem]
    named = set()
    missing_in_stderr = {}
    for line in (stderr or "").splitlines():
        match = re.match(r"^sha256sum: (.+): (No such file or directory|Permission denied|Is a directory)$", line)
        if match:
            missing_in_stderr[match.group(1)] = match.group(2)
    for line in (stdout or "").splitlines():
        if line.endswith(": FAILED open or read"):
            path = line[: -len(": FAILED open or read")]
            path = _unescape_name(path[1:]) if path.startswith("\\") else path
            why = missing_in_stderr.get(path, "cannot be read")
            problem = "missing" if why == "No such file or directory" else "unreadable"
            problems.append({"file": path, "problem": problem, "detail": why})
            named.add(path)
        elif line.endswith(": FAILED"):
            path = line[: -len(": FAILED")]
            path = _unescape_name(path[1:]) if path.startswith("\\") else path
            problems.append({"file": path, "problem": "checksum mismatch", "detail": "sha256 differs from manifest"})
            named.add(path)
    for line in (stderr or "").splitlines():
        match = re.match(r"^sha256sum: (.+): no properly formatted (?:SHA256 )?checksum lines found$", line)
        if match:
            problems.append({"file": MANIFEST, "problem": "unreadable", "detail": "no checksum lines"})
        match = re.match(r"^sha256sum: .*: (\d+): improperly formatted", line)
        if match:
            problems.append({"file": MANIFEST, "problem": "malformed", "detail": "line %s malformed" % match.group(1)})
    return problems


def describe_problems(problems: Sequence[Problem], limit: int = 5) -> str:
    """``db1.dump: checksum mismatch; globals.sql: missing`` (first ``limit``, then a count)."""
    parts = ["%s: %s" % (p.get("file", "?"), p.get("problem", "?")) for p in problems[:limit]]
    if len(problems) > limit:
        parts.append("and %d more" % (len(problems) - limit))
    return "; ".join(parts)


# --------------------------------------------------------------------------- retention


def select_retention(sets: Iterable[Dict[str, Any]], keep_days: float, keep_count: int, now: float) -> Dict[str, Any]:
    """Which sets to delete. Each set is ``{"name", "time" (epoch or None), "good" (bool)}``.

    Rules, in order:
      1. Nothing is deleted while the newest set is not good (failed, incomplete, unverified).
      2. The newest good set is always kept (it is the newest set, by rule 1).
      3. A set is kept when younger than ``keep_days`` days, or when it is one of the
         ``keep_count`` newest good sets; every other set is deleted (bad ones too).
      4. A set whose time is unknown is never touched.

    Returns ``{"delete": [names, oldest first], "keep": [names, newest first], "reason": str}``.
    """
    items = list(sets)
    known = [s for s in items if s.get("time") is not None]
    unknown = [s["name"] for s in items if s.get("time") is None]
    ordered = sorted(known, key=lambda s: (s["time"], s["name"]), reverse=True)
    if not ordered:
        return {"delete": [], "keep": unknown, "reason": "no backup set"}
    newest = ordered[0]
    if not newest.get("good"):
        return {
            "delete": [],
            "keep": [s["name"] for s in ordered] + unknown,
            "reason": "newest backup set %s is not good: nothing is deleted" % newest["name"],
        }
    keep_count = max(1, int(keep_count))
    horizon = now - float(keep_days) * 86400.0
    keep, delete, good_rank = [], [], 0
    for item in ordered:
        if item.get("good"):
            good_rank += 1
        if item is newest or (item.get("good") and good_rank <= keep_count) or item["time"] > horizon:
            keep.append(item["name"])
        else:
            delete.append(item["name"])
    reason = "keep %d day(s) and the %d newest good set(s)" % (keep_days, keep_count) if delete else "nothing expired"
    return {"delete": list(reversed(delete)), "keep": keep + unknown, "reason": reason}


# --------------------------------------------------------------------------- RMAN

# Messages that RMAN prints as warnings, not failures (crosscheck and archivelog deletion notes).
RMAN_WARNING_CODES = frozenset(
    ["RMAN-06207", "RMAN-06208", "RMAN-06210", "RMAN-06211", "RMAN-06212", "RMAN-06213", "RMAN-06214"]
    + ["RMAN-08120", "RMAN-08137", "RMAN-08138", "RMAN-08591", "RMAN-06820", "RMAN-06821"]
)
# The frame around an error stack, not errors themselves.
RMAN_BANNER_CODES = frozenset(["RMAN-00571", "RMAN-00569"])
_RMAN_MSG = re.compile(r"^\s*((?:RMAN|ORA)-\d{5}):\s*(.*)$")
_RMAN_PIECE = re.compile(r"piece handle=(\S+)")
_RMAN_FILE_ROW = re.compile(r"^\s*(\d+)\s+(OK|FAILED)\s+(\d+)\s+")
_RMAN_CTL_ROW = re.compile(r"^\s*(SPFILE|Control File)\s+(OK|FAILED)\s+(\d+)\s+")


def rman_level(weekday: int, level0_weekday: int) -> int:
    """Incremental level for a day (ISO weekday 1 = Monday .. 7 = Sunday): 0 on ``level0_weekday``, else 1."""
    return 0 if int(weekday) == int(level0_weekday) else 1


def parse_rman_log(text: str, exit_status: Optional[int] = None) -> Dict[str, Any]:
    """An RMAN log -> ``{"ok", "completed", "errors", "warnings", "pieces", "validate"}``.

    ``errors``/``warnings`` are ``{"code", "message", "line"}``; ``validate`` lists the
    ``BACKUP VALIDATE`` rows that are not OK (``{"file", "status", "marked_corrupt"}``).
    ``ok`` needs RMAN to have completed, no error message, no failed validation row, and a
    zero exit status when one is given.
    """
    errors = []  # type: List[Dict[str, Any]]
    warnings = []  # type: List[Dict[str, Any]]
    pieces = []  # type: List[str]
    validate = []  # type: List[Dict[str, Any]]
    completed = False
    for number, line in enumerate((text or "").splitlines(), 1):
        stripped = line.strip()
        if stripped == "Recovery Manager complete.":
            completed = True
        match = _RMAN_MSG.match(line)
        if match:
            code, message = match.group(1), match.group(2).strip()
            if code in RMAN_BANNER_CODES:
                continue
            entry = {"code": code, "message": message, "line": number}
            if code in RMAN_WARNING_CODES or message.upper().startswith("WARNING"):
                warnings.append(entry)
            else:
                errors.append(entry)
            continue
        piece = _RMAN_PIECE.search(line)
        if piece:
            pieces.append(piece.group(1))
            continue
        row = _RMAN_FILE_ROW.match(line) or _RMAN_CTL_ROW.match(line)
        if row and (row.group(2) == "FAILED" or int(row.group(3)) > 0):
            validate.append(
                {"file": row.group(1), "status": row.group(2), "marked_corrupt": int(row.group(3)), "line": number}
            )
    ok = completed and not errors and not validate and (exit_status in (None, 0))
    return {
        "ok": ok,
        "completed": completed,
        "errors": errors,
        "warnings": warnings,
        "pieces": pieces,
        "validate": validate,
    }


def describe_rman(parsed: Dict[str, Any], exit_status: Optional[int] = None) -> str:
    """One line for the status file: the first errors, failed validation rows, or why not complete."""
    parts = []
    for error in parsed.get("errors", [])[:3]:
        parts.append("%s: %s" % (error["code"], error["message"]))
    for row in parsed.get("validate", [])[:3]:
        parts.append("validate: file %s %s (%d marked corrupt)" % (row["file"], row["status"], row["marked_corrupt"]))
    if not parsed.get("completed"):
        parts.append("RMAN did not complete")
    if exit_status not in (None, 0):
        parts.append("rman exit status %s" % exit_status)
    return "; ".join(parts)


# --------------------------------------------------------------------------- status file


def build_status(previous: Optional[Dict[str, Any]], run: Dict[str, Any]) -> Dict[str, Any]:
    """The status file's content after (or during) a run.

    ``run`` has at least ``status`` (success, failed, running) and ``started`` (epoch);
    ``finished`` (epoch) when done, ``message``, and any of ``job``, ``host``, ``engine``,
    ``set``, ``target``, ``size_bytes``, ``exit_status``, ``databases``, ``manifest``,
    ``offline_copy``, ``retention``, ``rman``, ``local_ok`` (the local set is good even if
    the offline copy failed), ``deadline`` (epoch: when a running run is overdue).

    The fields the inspection reads (healthops.inspect.sec.parse_backup_status): ``status``,
    ``finished``, ``last_success``, ``started``, ``job``, ``target``, ``size_bytes``,
    ``message``. ``last_success`` is carried over from ``previous`` until a run succeeds;
    ``last_local_success`` likewise for runs whose local set was good.
    """
    previous = previous if isinstance(previous, dict) else {}
    status = run["status"]
    started = run.get("started")
    finished = run.get("finished")
    last_success = previous.get("last_success")
    last_success_set = previous.get("last_success_set")
    last_local = previous.get("last_local_success")
    if status == "success" and finished is not None:
        last_success, last_success_set = iso_time(finished), run.get("set")
    if (status == "success" or run.get("local_ok")) and finished is not None:
        last_local = iso_time(finished)
    data = {
        "schema": STATUS_SCHEMA,
        "status": status,
        "started": iso_time(started),
        "finished": iso_time(finished) if status != "running" else previous.get("finished"),
        "last_success": last_success,
        "last_success_set": last_success_set,
        "last_local_success": last_local,
        "duration_seconds": round(finished - started, 1) if (finished is not None and started is not None) else None,
        "message": run.get("message", ""),
    }  # type: Dict[str, Any]
    if status == "running" and run.get("deadline") is not None:
        # The inspection reads a run still "running" past this time as one that died.
        data["deadline"] = iso_time(run["deadline"])
    for key in (
        "job",
        "host",
        "engine",
        "set",
        "target",
        "size_bytes",
        "exit_status",
        "databases",
        "manifest",
        "offline_copy",
        "retention",
        "rman",
        "problems",
    ):
        if key in run:
            data[key] = run[key]
    return data


def run_message(databases: Sequence[Dict[str, Any]], offline: Optional[Dict[str, Any]], extra: str = "") -> str:
    """The status file's ``message``: what failed (naming the database, file or host), else a summary."""
    failed = [d for d in databases if d.get("status") != "success"]
    parts = []
    for item in failed:
        parts.append("%s %s failed: %s" % (item.get("kind", "database"), item.get("name"), item.get("message", "")))
    if offline and offline.get("status") == "failed":
        parts.append("offline copy failed: %s" % offline.get("message", ""))
    if extra:
        parts.append(extra)
    if parts:
        return "; ".join(p.strip() for p in parts)[:1000]
    size = sum(int(d.get("size_bytes") or 0) for d in databases)
    copy = ""
    if offline and offline.get("status") == "success":
        copy = ", offline copy verified on %s" % offline.get("host")
    return "%d item(s), %s%s" % (len(databases), human_bytes(size), copy)


# --------------------------------------------------------------------------- offline copy messages


def classify_remote_error(host: str, returncode: int, stderr: str, what: str = "ssh") -> str:
    """A failed ssh/rsync call -> a message naming the storage host and the cause."""
    text = " ".join((stderr or "").split())
    lowered = text.lower()
    if "no space left on device" in lowered or "disk quota exceeded" in lowered:
        return "storage host %s: destination full (No space left on device) during %s" % (host, what)
    if "host key verification failed" in lowered:
        return "storage host %s: host key verification failed (known_hosts)" % host
    if "permission denied" in lowered:
        return "storage host %s: permission denied (%s)" % (host, text[-200:])
    if returncode == 255 or "connection refused" in lowered or "could not resolve" in lowered:
        detail = text[-300:] if text else "exit status 255"
        return "storage host %s unreachable: %s" % (host, detail)
    return "storage host %s: %s failed with exit status %s: %s" % (host, what, returncode, text[-300:])


def space_problem(host: str, path: str, free_bytes: int, need_bytes: int) -> Optional[str]:
    """None when ``need_bytes`` (plus a margin) fit in ``free_bytes``, else the message."""
    if free_bytes >= need_bytes + SPACE_MARGIN_BYTES:
        return None
    return "storage host %s: destination %s full: %s free, the set needs %s (+%s margin)" % (
        host,
        path,
        human_bytes(free_bytes),
        human_bytes(need_bytes),
        human_bytes(SPACE_MARGIN_BYTES),
    )


def parse_receiver_command(original: str) -> Tuple[str, List[str]]:
    """SSH_ORIGINAL_COMMAND -> (command, arguments); ValueError when not one of the receiver's."""
    words = shlex.split(original or "")
    if words[:2] == ["rsync", "--server"]:
        return "rsync", words
    if len(words) < 2 or words[0] != RECEIVER_WORD or words[1] not in RECEIVER_COMMANDS:
        raise ValueError("refused: %r is not a healthops-backup command" % (original or "")[:80])
    command, args = words[1], words[2:]
    if command in ("verify", "commit"):
        if len(args) != 1 or not valid_set_name(args[0]):
            raise ValueError("%s takes one set name" % command)
    elif command == "prune" and args:
        raise ValueError("prune takes no argument: retention is configured on the storage host")
    elif args:
        raise ValueError("%s takes no argument" % command)
    return command, args


# =========================================================================== I/O part


class NotRegularFile(OSError):
    """A path in a backup set that is not a regular file (symlink, FIFO, device, socket, directory)."""


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def file_kind(mode: int) -> str:
    """What an ``st_mode`` is, in words (for problems)."""
    for test, word in (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISLNK, "symlink"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISCHR, "character device"),
    ):
        if test(mode):
            return word
    return "special file"


def open_regular(path: str) -> int:
    """A read descriptor of ``path`` when it is a regular file, else NotRegularFile.

    ``O_NOFOLLOW`` makes a symlink fail instead of being followed; ``O_NONBLOCK`` makes a FIFO
    open return at once instead of waiting for a writer; ``fstat`` of what was opened decides.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile(errno.ELOOP, "symlink (not a regular file)", path) from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegularFile(errno.EINVAL, "%s (not a regular file)" % file_kind(st.st_mode), path)
    return fd


def sha256_file(path: str, bufsize: int = 1024 * 1024) -> str:
    """sha256 of a regular file; NotRegularFile for anything else (never follows a symlink)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as handle:
        while True:
            chunk = handle.read(bufsize)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def scan_set(set_dir: str) -> Tuple[List[str], List[Problem]]:
    """The set's regular files (relative paths, sorted; manifest and marker excluded) and its problems.

    Directories are descended (never through a symlink); every entry that is neither a
    regular file nor a directory is a problem ``{"file", "problem": "not a regular file",
    "detail": <kind>}``.
    """
    found = []  # type: List[str]
    problems = []  # type: List[Problem]
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        for name in sorted(os.listdir(os.path.join(set_dir, rel_dir) if rel_dir else set_dir)):
            rel = "%s/%s" % (rel_dir, name) if rel_dir else name
            st = os.lstat(os.path.join(set_dir, rel))
            if stat.S_ISDIR(st.st_mode):
                pending.append(rel)
            elif stat.S_ISREG(st.st_mode):
                if rel not in (MANIFEST, VERIFIED_MARK):
                    found.append(rel)
            else:
                problems.append({"file": rel, "problem": "not a regular file", "detail": file_kind(st.st_mode)})
    return sorted(found), sorted(problems, key=lambda p: p["file"])


def set_files(set_dir: str) -> List[str]:
    """Relative paths of the set's regular files, manifest and markers excluded, sorted."""
    return scan_set(set_dir)[0]


class SetProblems(ValueError):
    """A set that cannot get a manifest: its entries that are not regular files."""

    def __init__(self, problems: List[Problem]) -> None:
        text = "; ".join("%s: %s (%s)" % (p["file"], p["problem"], p["detail"]) for p in problems[:5])
        ValueError.__init__(self, text + ("; and %d more" % (len(problems) - 5) if len(problems) > 5 else ""))
        self.problems = problems


def own_dir(path: str, uid: int = -1, gid: int = -1, mode: int = 0o750) -> None:
    """Give the real directory ``path`` (never a symlink: ``O_NOFOLLOW``) an owner and mode.

    The job uses it to hand a new set directory to the database OS user for the dumps, and to
    take it back (``uid`` 0) before root writes ``backup.json`` and the manifest into it, so
    that user can no longer add or swap an entry there (a symlink root would write through).
    """
    fd = os.open(path, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
    try:
        if os.geteuid() == 0 and (uid != -1 or gid != -1):
            os.fchown(fd, uid, gid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def write_manifest(set_dir: str) -> Dict[str, Any]:
    """Hash every file of the set and write MANIFEST.sha256 atomically; returns its summary.

    Raises SetProblems when the set holds anything but regular files and directories.
    """
    files, problems = scan_set(set_dir)
    if problems:
        raise SetProblems(problems)
    entries, total = [], 0
    for rel in files:
        path = os.path.join(set_dir, rel)
        entries.append((rel, sha256_file(path)))
        total += os.lstat(path).st_size
    text = format_manifest(entries)
    atomic_write(os.path.join(set_dir, MANIFEST), text, 0o640)
    return {
        "file": MANIFEST,
        "files": len(entries),
        "size_bytes": total,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def check_set(set_dir: str) -> Dict[str, Any]:
    """Verify a local set against its manifest: ``{"ok", "problems", "files"}``."""
    manifest_path = os.path.join(set_dir, MANIFEST)
    if not os.path.isdir(set_dir):
        return {"ok": False, "files": 0, "problems": [{"file": set_dir, "problem": "missing", "detail": "no such set"}]}
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            expected = parse_manifest(handle.read())
    except (OSError, ValueError) as exc:
        return {"ok": False, "files": 0, "problems": [{"file": MANIFEST, "problem": "unreadable", "detail": str(exc)}]}
    actual = {}  # type: Dict[str, Optional[str]]
    problems = []  # type: List[Problem]
    for path, _digest in expected:
        try:
            actual[path] = sha256_file(os.path.join(set_dir, path))
        except FileNotFoundError:
            actual[path] = None
        except NotRegularFile as exc:
            problems.append({"file": path, "problem": "not a regular file", "detail": exc.strerror or str(exc)})
            actual[path] = "unreadable"
        except OSError as exc:
            problems.append({"file": path, "problem": "unreadable", "detail": str(exc)})
            actual[path] = "unreadable"
    problems = compare_manifest(expected, {k: v for k, v in actual.items() if v != "unreadable"}) + problems
    problems = [p for p in problems if not (p["problem"] == "missing" and actual.get(p["file"]) == "unreadable")]
    return {"ok": not problems, "problems": problems, "files": len(expected)}


def read_json(path: str) -> Optional[Dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def local_sets(backup_dir: str) -> List[Dict[str, Any]]:
    """The sets under ``backup_dir``, newest first: ``{"name", "path", "time", "good", "partial", "meta"}``.

    A set is good when complete (manifest written) and its ``backup.json`` says success.
    """
    found = []
    try:
        names = os.listdir(backup_dir)
    except FileNotFoundError:
        return []
    for name in names:
        path = os.path.join(backup_dir, name)
        when = set_time(name)
        if when is None or not os.path.isdir(path):
            continue
        meta = read_json(os.path.join(path, META)) if not is_partial(name) else None
        good = bool(
            meta and meta.get("status") == "success" and os.path.isfile(os.path.join(path, MANIFEST))
        ) and not is_partial(name)
        found.append(
            {"name": name, "path": path, "time": when, "good": good, "partial": is_partial(name), "meta": meta}
        )
    found.sort(key=lambda s: (s["time"], s["name"]), reverse=True)
    return found


def verified_mark(root: str, name: str) -> str:
    """Where the storage host records that set ``name`` passed its last check there."""
    return os.path.join(root, VERIFIED_DIR, name)


def storage_sets(root: str) -> List[Dict[str, Any]]:
    """The sets on the storage host: good when verified there (a marker and a manifest)."""
    found = []
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    for name in names:
        path = os.path.join(root, name)
        when = set_time(name)
        if when is None or not os.path.isdir(path):
            continue
        marked = os.path.isfile(verified_mark(root, name)) or os.path.isfile(os.path.join(path, VERIFIED_MARK))
        good = marked and os.path.isfile(os.path.join(path, MANIFEST))
        found.append({"name": name, "time": when, "good": good and not is_partial(name)})
    found.sort(key=lambda s: (s["time"], s["name"]), reverse=True)
    return found


def dir_size(path: str) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


# --------------------------------------------------------------------------- SSH to the storage host


def ssh_command(offline: Dict[str, Any]) -> List[str]:
    """``ssh`` with the job's key and known_hosts, batch mode, strict host key checking."""
    return [
        offline.get("ssh", "ssh"),
        "-i",
        offline["identity"],
        "-p",
        str(offline.get("port", 22)),
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=%s" % offline["known_hosts"],
        "-o",
        "ConnectTimeout=%d" % int(offline.get("connect_timeout", 10)),
        "-o",
        "ServerAliveInterval=15",
        "-o",
        "LogLevel=ERROR",
    ]


def remote_call(
    offline: Dict[str, Any], words: Sequence[str], timeout: float = 3600
) -> Tuple[int, Optional[Dict[str, Any]], str]:
    """Run one receiver command on the storage host; ``(exit status, JSON reply or None, stderr)``."""
    target = "%s@%s" % (offline["user"], offline["host"])
    command = ssh_command(offline) + [target, " ".join([RECEIVER_WORD] + [shlex.quote(w) for w in words])]
    try:
        proc = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 124, None, "timed out after %ds" % timeout
    except OSError as exc:
        return 127, None, str(exc)
    reply = None
    try:
        parsed = json.loads(proc.stdout) if proc.stdout.strip() else None
        reply = parsed if isinstance(parsed, dict) else None
    except ValueError:
        reply = None
    return proc.returncode, reply, proc.stderr


def rsync_set(offline: Dict[str, Any], set_dir: str, name: str, timeout: float) -> Tuple[int, str]:
    """Upload the set to ``<name>/`` of the receiver's staging directory (rrsync's restricted directory)."""
    ssh = " ".join(shlex.quote(w) for w in ssh_command(offline))
    command = [
        offline.get("rsync", "rsync"),
        "-a",
        "--partial",
        "--no-owner",
        "--no-group",
        "--chmod=D750,F640",
        "-e",
        ssh,
    ]
    if int(offline.get("bwlimit_kbps") or 0) > 0:
        command.append("--bwlimit=%d" % int(offline["bwlimit_kbps"]))
    command += [set_dir.rstrip("/") + "/", "%s@%s:%s/" % (offline["user"], offline["host"], name)]
    try:
        proc = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 124, "rsync timed out after %ds" % timeout
    except OSError as exc:
        return 127, str(exc)
    return proc.returncode, proc.stderr


def verify_offline(
    offline: Dict[str, Any], name: str, timeout: float = 3600, command: str = "verify"
) -> Dict[str, Any]:
    """``sha256sum --check`` of the set on the storage host: ``{"ok", "problems", "message", "host"}``.

    ``command`` ``verify`` checks a placed set again; ``commit`` asks the receiver to check the
    uploaded (staged) set and place it, after which it applies the storage host's retention
    (then the result has ``retention`` too).
    """
    host = offline["host"]
    rc, reply, stderr = remote_call(offline, [command, name], timeout)
    if reply is None:
        return {"ok": False, "problems": [], "host": host, "message": classify_remote_error(host, rc, stderr, command)}
    problems = reply.get("problems") or []
    where = "%s:%s" % (host, reply.get("path", name))
    result = {"ok": False, "problems": problems, "host": host}  # type: Dict[str, Any]
    if "retention" in reply:
        result["retention"] = reply["retention"]
    if reply.get("ok") and not problems:
        result["ok"] = True
        result["message"] = "%d file(s) match %s in %s" % (reply.get("files", 0), MANIFEST, where)
        return result
    result["message"] = "offline copy %s failed verification: %s" % (
        where,
        describe_problems(problems) or reply.get("error") or "exit status %s" % rc,
    )
    return result


def choose_set(sets: Sequence[Dict[str, Any]], name: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The set to verify: ``name`` if given, else the newest complete set (manifest written).

    A complete set whose ``backup.json`` is missing or says failed is still chosen when it is
    the newest complete one: its verification then says why, instead of silently checking an
    older set.
    """
    for item in sets:
        if name:
            if item["name"] == name:
                return item
            continue
        if not item.get("partial") and os.path.isfile(os.path.join(item["path"], MANIFEST)):
            return item
    return None


def verify_copies(config: Dict[str, Any], name: Optional[str] = None, offline: bool = True) -> Dict[str, Any]:
    """Check the manifests of a set (default: the newest complete one) on both copies.

    Returns ``{"ok", "set", "path", "meta", "newer_failed", "local": {...}, "offline": {...}}``
    where each copy is ``{"ok", "problems", "message"}`` (offline also ``host``; ``skipped``
    when there is no offline copy or ``offline`` is false).
    """
    sets = local_sets(config["backup_dir"])
    chosen = choose_set(sets, name)
    result = {"ok": False, "set": None, "path": None, "meta": None, "newer_failed": []}  # type: Dict[str, Any]
    if chosen is None:
        what = ("backup set %s" % name) if name else "complete backup set"
        message = "no %s in %s on this host" % (what, config["backup_dir"])
        result["local"] = {"ok": False, "problems": [], "message": message}
        result["offline"] = {"ok": False, "skipped": True, "problems": [], "message": "no set to check"}
        return result
    result.update(set=chosen["name"], path=chosen["path"], meta=chosen.get("meta"))
    result["newer_failed"] = [s["name"] for s in sets if s["time"] > chosen["time"]]
    local = check_set(chosen["path"])
    meta = chosen.get("meta") or {}
    if local["ok"] and meta.get("status") != "success":
        detail = "backup.json says %s" % meta.get("status") if meta else "backup.json missing or unreadable"
        local["problems"].append({"file": META, "problem": "backup failed", "detail": detail})
        local["ok"] = False
    if local["ok"]:
        local["message"] = "%d file(s) match %s in %s" % (local["files"], MANIFEST, chosen["path"])
    else:
        local["message"] = "local copy %s: %s" % (chosen["path"], describe_problems(local["problems"]))
    result["local"] = local
    off_cfg = config.get("offline") or {}
    if not (offline and off_cfg.get("enabled")):
        result["offline"] = {"ok": True, "skipped": True, "problems": [], "message": "no offline copy configured"}
    else:
        result["offline"] = verify_offline(off_cfg, chosen["name"])
    result["ok"] = bool(local["ok"] and result["offline"]["ok"])
    return result


def as_user(user: Optional[str], command: Sequence[str]) -> List[str]:
    """``command`` run as ``user`` through runuser when this process is root and not that user."""
    if not user or os.geteuid() != 0:
        return list(command)
    try:
        import pwd

        if pwd.getpwuid(os.geteuid()).pw_name == user:
            return list(command)
    except KeyError:
        pass
    return ["runuser", "-u", user, "--"] + list(command)


def libpq_dbname(name: str) -> str:
    """A database name as a libpq connection string, so names like ``-x`` or ``a=b`` stay names."""
    return "dbname='%s'" % name.replace("\\", "\\\\").replace("'", "\\'")


def tail(text: str, limit: int = 400) -> str:
    """The last ``limit`` characters of a command's output, on one line."""
    return " ".join((text or "").split())[-limit:]


def now() -> float:
    return time.time()
