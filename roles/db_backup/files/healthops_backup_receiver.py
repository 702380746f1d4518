#!/usr/bin/python3
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""healthops backup receiver: the forced command of a database host's key on the storage host.

authorized_keys of the storage user (written by the db_backup role from the inventory)::

    restrict,command="/usr/bin/python3 .../healthops_backup_receiver.py --keep-days 30 --keep-count 30
                      /srv/backup/healthops/<db host>" ssh-ed25519 ...

The database host is not trusted with what is already on the storage host: a compromised one
must not be able to overwrite, replace or delete a set it copied earlier, nor choose how long
sets are kept. So the key can do nothing but this (``SSH_ORIGINAL_COMMAND`` says what):

    rsync --server ...                 upload into <dir>/.incoming only (rrsync -wo -no-del -munge)
    healthops-backup space             {"path", "free_bytes", "total_bytes"}; discards stale uploads
    healthops-backup list              {"sets": [{"name", "good"}]}
    healthops-backup commit <set>      check the uploaded set (only directories and regular files,
                                       each listed in its manifest, sha256sum --check) and move it
                                       into place; a set that is already there is never replaced.
                                       Then retention, with this host's --keep-days/--keep-count.
    healthops-backup verify <set>      sha256sum --check of a placed set, read-only
    healthops-backup prune             retention with this host's values (no numbers accepted)

Placed sets are read-only (files 0440, directories 0550) and outside the upload directory;
only this program's retention deletes them. Every command that touches the directory holds a
lock on it, which an upload holds until rsync exits, so nothing is checked while it can still
change. Replies are one JSON object on stdout. Standard library only (Python >= 3.6).
"""

import argparse
import contextlib
import errno
import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from healthops.backup import sets as hb
from healthops.common import fileio as fio

RRSYNC_CANDIDATES = ("/usr/bin/rrsync", "/usr/share/doc/rsync/support/rrsync", "/usr/share/rsync/scripts/rrsync")
LOCK_WAIT_SECONDS = 60.0
PLACED_FILE_MODE, PLACED_DIR_MODE = 0o440, 0o550
# A set is named by its start time on the database host: one from the future (beyond clock skew)
# would stay the "newest" set forever and is refused.
FUTURE_SKEW_SECONDS = 3600


class Busy(Exception):
    pass


def reply(data: Dict[str, Any], status: int = 0) -> int:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return status


def lock(host_dir: Path, wait: Optional[float] = None) -> int:
    """An exclusive flock on the host's directory (a descriptor); Busy after ``wait`` seconds."""
    fd = os.open(host_dir, os.O_RDONLY | os.O_DIRECTORY)
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                os.close(fd)
                raise Busy(f"another transfer or check of {host_dir} is running") from None
            time.sleep(0.5)
        else:
            return fd


def real_dir(path: Path) -> bool:
    """A directory, not a symlink to one."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def incoming_dir(host_dir: Path) -> Path:
    """``<host dir>/.incoming``, a real directory of this user's (made if missing)."""
    path = host_dir / hb.INCOMING_DIR
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    if not real_dir(path):
        raise OSError(errno.ENOTDIR, "not a directory", str(path))
    return path


def remove_tree(path: Path) -> None:
    """Delete a set (read-only directories included) without following any symlink in it."""
    if not real_dir(path):
        if path.is_symlink() or path.exists():
            path.unlink()
        return
    path.chmod(0o700)  # an uploaded directory may come without permissions for its owner
    for root, dirs, _files in os.walk(path):
        for name in dirs:
            sub = Path(root) / name
            if real_dir(sub):
                sub.chmod(0o700)
    shutil.rmtree(path)


def tree_problems(path: Path, staged: bool) -> Tuple[List[Dict[str, str]], int]:
    """What makes the set at ``path`` unfit to keep, and how many files its manifest lists.

    Anything but directories and regular files; for an upload also hard-linked files (another
    name could change them after they are placed) and files the manifest does not list.
    """
    problems: List[Dict[str, str]] = []
    files = set()
    for root, dirs, names in os.walk(path):
        for name in sorted(dirs + names):
            full = Path(root) / name
            rel = full.relative_to(path).as_posix()
            st = full.lstat()
            if stat.S_ISDIR(st.st_mode):
                continue
            if not stat.S_ISREG(st.st_mode):
                problems.append({"file": rel, "problem": "not a regular file", "detail": hb.file_kind(st.st_mode)})
            elif staged and st.st_nlink != 1:
                problems.append({"file": rel, "problem": "hard link", "detail": f"{st.st_nlink} names"})
            else:
                files.add(rel)
    if hb.MANIFEST not in files:
        problems.append({"file": hb.MANIFEST, "problem": "missing", "detail": "set has no manifest"})
        return problems, 0
    try:
        with os.fdopen(hb.open_regular(str(path / hb.MANIFEST)), encoding="utf-8") as handle:
            listed = [p for p, _digest in hb.parse_manifest(handle.read())]
    except (OSError, ValueError) as exc:
        problems.append({"file": hb.MANIFEST, "problem": "malformed", "detail": str(exc)[:200]})
        return problems, 0
    if staged:
        for rel in sorted(files - set(listed) - {hb.MANIFEST}):
            problems.append({"file": rel, "problem": "not in manifest", "detail": "every file of a set is listed"})
    return problems, len(listed)


def sha256sum_check(path: Path) -> List[Dict[str, str]]:
    proc = subprocess.run(
        ["sha256sum", "--check", "--strict", hb.MANIFEST],
        cwd=path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        check=False,
    )
    problems = hb.parse_sha256sum_check(proc.stdout, proc.stderr)
    if proc.returncode != 0 and not problems:
        problems = [{"file": hb.MANIFEST, "problem": "unreadable", "detail": hb.tail(proc.stderr, 200)}]
    return problems


def mark(host_dir: Path, name: str, ok: bool) -> None:
    """Record beside the sets (never inside one) whether ``name`` passed its last check here."""
    marker = Path(hb.verified_mark(str(host_dir), name))
    if ok:
        fio.ensure_dir(str(marker.parent), 0o750)
        fio.atomic_write(str(marker), f"{hb.iso_time(hb.now())}\n", 0o640)
    elif marker.is_symlink() or marker.exists():
        marker.unlink()


def make_read_only(path: Path) -> None:
    for root, dirs, names in os.walk(path):
        for name in names:
            (Path(root) / name).chmod(PLACED_FILE_MODE)
        for name in dirs:
            (Path(root) / name).chmod(PLACED_DIR_MODE)
    path.chmod(PLACED_DIR_MODE)


def space(host_dir: Path) -> int:
    """Room for the next set; uploads a failed or interrupted run left behind are discarded first."""
    incoming = incoming_dir(host_dir)
    for entry in incoming.iterdir():
        remove_tree(entry)
    stats = os.statvfs(host_dir)
    free, total = stats.f_bavail * stats.f_frsize, stats.f_blocks * stats.f_frsize
    return reply({"path": str(host_dir), "free_bytes": free, "total_bytes": total})


def verify(host_dir: Path, name: str) -> int:
    """Check a placed set again; it is only read (its marker beside it says how the check went)."""
    path = host_dir / name
    if not real_dir(path):
        problem = {"file": name, "problem": "missing", "detail": "no such set on the storage host"}
        return reply({"ok": False, "path": str(path), "files": 0, "problems": [problem]}, 1)
    problems, files = tree_problems(path, staged=False)
    if not problems:
        problems = sha256sum_check(path)
    ok = not problems
    mark(host_dir, name, ok)
    return reply({"ok": ok, "path": str(path), "files": files, "problems": problems}, 0 if ok else 1)


def commit(host_dir: Path, name: str, keep: Dict[str, float]) -> int:
    """Place an uploaded set once it checks out; never replace one that is already there."""
    staged = incoming_dir(host_dir) / name
    final = host_dir / name
    if final.is_symlink() or final.exists():
        remove_tree(staged)
        problem = {"file": name, "problem": "exists", "detail": "a set on the storage host is never replaced"}
        return reply({"ok": False, "path": str(final), "files": 0, "problems": [problem]}, 1)
    if not real_dir(staged):
        problem = {"file": name, "problem": "missing", "detail": "nothing uploaded under this name"}
        return reply({"ok": False, "path": str(staged), "files": 0, "problems": [problem]}, 1)
    if (hb.set_time(name) or 0) > hb.now() + FUTURE_SKEW_SECONDS:
        remove_tree(staged)
        detail = f"named after {hb.iso_time(hb.set_time(name))}, later than this host's clock"
        return reply(
            {
                "ok": False,
                "path": str(final),
                "files": 0,
                "problems": [{"file": name, "problem": "future", "detail": detail}],
            },
            1,
        )
    problems, files = tree_problems(staged, staged=True)
    if not problems:
        problems = sha256sum_check(staged)
    if problems:
        remove_tree(staged)
        return reply({"ok": False, "path": str(final), "files": files, "problems": problems}, 1)
    # Moved first (moving a directory needs write access to it), then made read-only: under the
    # lock, and out of the upload area, nothing can reach it in between.
    staged.rename(final)
    make_read_only(final)
    mark(host_dir, name, True)
    retention = apply_retention(host_dir, keep)
    return reply({"ok": True, "path": str(final), "files": files, "problems": [], "retention": retention})


def list_sets(host_dir: Path) -> int:
    sets = [{"name": s["name"], "good": s["good"]} for s in hb.storage_sets(str(host_dir))]
    return reply({"path": str(host_dir), "sets": sets})


def apply_retention(host_dir: Path, keep: Dict[str, float]) -> Dict[str, Any]:
    plan = hb.select_retention(hb.storage_sets(str(host_dir)), keep["days"], int(keep["count"]), hb.now())
    deleted: List[str] = []
    errors: List[str] = []
    for name in plan["delete"]:
        if hb.set_time(name) is None:
            continue
        try:
            remove_tree(host_dir / name)
            mark(host_dir, name, False)
            deleted.append(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
    return {"deleted": deleted, "kept": len(plan["keep"]), "reason": plan["reason"], "errors": errors}


def upload(host_dir: Path, lock_fd: int) -> int:
    rrsync = next((p for p in RRSYNC_CANDIDATES if os.access(p, os.X_OK)), None)
    if rrsync is None:
        sys.stderr.write("healthops-backup receiver: rrsync not found\n")
        return 2
    incoming = incoming_dir(host_dir)
    # rrsync and rsync inherit the lock, so no commit or check runs until the upload has ended.
    os.set_inheritable(lock_fd, True)
    os.execv(rrsync, [rrsync, "-wo", "-no-del", "-munge", "-no-lock", str(incoming)])  # noqa: S606 - fixed program
    return 2  # pragma: no cover


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="healthops_backup_receiver.py", add_help=False)
    parser.add_argument("--keep-days", type=float, default=30.0)
    parser.add_argument("--keep-count", type=int, default=30)
    parser.add_argument("dir")
    args = parser.parse_args(argv)
    if args.keep_days < 0 or args.keep_count < 1:
        raise ValueError("--keep-days must be >= 0 and --keep-count >= 1")
    return args


def main(argv: List[str]) -> int:
    try:
        args = parse_args(argv[1:])
    except (SystemExit, ValueError) as exc:
        return reply({"error": f"receiver: bad arguments in authorized_keys: {exc}"}, 2)
    host_dir = Path(args.dir)
    if not host_dir.is_absolute() or not real_dir(host_dir):
        return reply({"error": f"storage directory {host_dir} does not exist"}, 2)
    try:
        command, words = hb.parse_receiver_command(os.environ.get("SSH_ORIGINAL_COMMAND", ""))
    except ValueError as exc:
        return reply({"error": str(exc)}, 2)
    keep = {"days": args.keep_days, "count": args.keep_count}
    try:
        lock_fd = lock(host_dir)
    except Busy as exc:
        return reply({"error": str(exc)}, 75)
    try:
        if command == "rsync":
            return upload(host_dir, lock_fd)
        if command == "space":
            return space(host_dir)
        if command == "list":
            return list_sets(host_dir)
        if command == "verify":
            return verify(host_dir, words[0])
        if command == "commit":
            return commit(host_dir, words[0], keep)
        return reply(apply_retention(host_dir, keep))
    except OSError as exc:
        return reply({"error": f"storage host: {exc}"}, 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
