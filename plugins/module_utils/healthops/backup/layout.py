# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The layout of a backup set (its names and the files it holds), and small helpers the job,
the receiver and db_restore share.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import os
import re
import subprocess
import time
from datetime import datetime, timezone
from typing import Dict, List, Optional, Sequence, Tuple

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


def run_command(
    command: Sequence[str], timeout: Optional[float], cwd: Optional[str] = None, label: str = ""
) -> Tuple[int, str, str]:
    """Run a command to its end: ``(exit status, stdout, stderr)``; ``timeout`` None waits as long as it takes.

    A command that outlives ``timeout`` is 124 (as timeout(1)) with "<label> timed out after Ns" as its
    stderr; one that cannot start is 127 with the reason. Nothing is raised, so callers turn it into checks.
    """
    try:
        proc = subprocess.run(
            list(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=timeout,
            check=False,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired:
        return 124, "", "%stimed out after %ds" % (label + " " if label else "", timeout)
    except OSError as exc:
        return 127, "", str(exc)
    return proc.returncode, proc.stdout, proc.stderr
