# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A set on disk: only regular files, hashed and checked against the manifest; the sets of a directory.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import errno
import hashlib
import json
import os
import stat
from typing import Any, Dict, List, Optional, Tuple

from ..common.fileio import atomic_write
from .layout import MANIFEST, META, VERIFIED_DIR, VERIFIED_MARK, Problem, is_partial, set_time
from .manifest import compare_manifest, format_manifest, parse_manifest

__metaclass__ = type


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


def _set_dirs(root: str) -> List[Tuple[str, str, float]]:
    """``(name, path, time)`` of each directory under ``root`` named as a set (partial ones included)."""
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        path = os.path.join(root, name)
        when = set_time(name)
        if when is not None and os.path.isdir(path):
            found.append((name, path, when))
    return found


def _newest_first(sets: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return sorted(sets, key=lambda s: (s["time"], s["name"]), reverse=True)


def local_sets(backup_dir: str) -> List[Dict[str, Any]]:
    """The sets under ``backup_dir``, newest first: ``{"name", "path", "time", "good", "partial", "meta"}``.

    A set is good when complete (manifest written) and its ``backup.json`` says success.
    """
    found = []
    for name, path, when in _set_dirs(backup_dir):
        meta = read_json(os.path.join(path, META)) if not is_partial(name) else None
        good = bool(
            meta and meta.get("status") == "success" and os.path.isfile(os.path.join(path, MANIFEST))
        ) and not is_partial(name)
        found.append(
            {"name": name, "path": path, "time": when, "good": good, "partial": is_partial(name), "meta": meta}
        )
    return _newest_first(found)


def verified_mark(root: str, name: str) -> str:
    """Where the storage host records that set ``name`` passed its last check there."""
    return os.path.join(root, VERIFIED_DIR, name)


def storage_sets(root: str) -> List[Dict[str, Any]]:
    """The sets on the storage host: good when verified there (a marker and a manifest)."""
    found = []
    for name, path, when in _set_dirs(root):
        marked = os.path.isfile(verified_mark(root, name)) or os.path.isfile(os.path.join(path, VERIFIED_MARK))
        good = marked and os.path.isfile(os.path.join(path, MANIFEST))
        found.append({"name": name, "time": when, "good": good and not is_partial(name)})
    return _newest_first(found)


def dir_size(path: str) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total
