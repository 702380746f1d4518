# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way healthops writes a file: atomically, privately and never through a symlink.

Every module, action plugin, callback and job that writes state or a report uses this file.
It runs on managed hosts (modules import it as ``ansible.module_utils.healthops.common.fileio``;
the backup job, which runs without Ansible, imports it as ``healthops.common.fileio`` from the
directory it is installed in), so it uses only the standard library and stays importable on
Python 3.6.

Why each step:

* the temporary file has a random name and is opened with ``O_CREAT|O_EXCL|O_NOFOLLOW``, so a
  symlink or file planted under a predictable name by a less privileged user makes the open
  fail instead of being followed (root must never write through a user's symlink);
* ``fchmod`` on the open descriptor gives the file ``mode & ~umask`` before any data is in it,
  so a stricter umask (077) wins and nothing is ever readable more widely than asked;
* ``fsync`` then ``os.replace`` then an ``fsync`` of the directory: a reader sees the old file or
  the complete new one, also after a crash;
* the final path, and the directory it is written in, must not be symlinks; a symlink higher up
  is accepted only when it belongs to root or to the writing user (a system's own layout, such
  as ``/var/run``), not when someone else planted it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import errno
import os
import stat
from typing import Optional, Union

# O_CLOEXEC and O_NOFOLLOW exist on every POSIX system Ansible targets; getattr keeps import working elsewhere.
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_TEMP_ATTEMPTS = 20


class UnsafePathError(OSError):
    """The path to write crosses a symlink healthops refuses to follow."""


def current_umask() -> int:
    """The process umask, read without changing it where the kernel reports it (Linux 4.7+).

    The fallback sets and restores the umask, which another thread could observe in between;
    it runs only where ``/proc/self/status`` has no ``Umask:`` line.
    """
    try:
        with open("/proc/self/status", "r") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (IOError, OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _components(path: str):
    """Each prefix of ``path`` from its first component to the whole: ``a``, ``a/b``, ``a/b/c``."""
    path = os.path.normpath(path)
    prefix = os.sep if os.path.isabs(path) else ""
    parts = [part for part in path.split(os.sep) if part]
    current = prefix
    for part in parts:
        current = os.path.join(current, part) if current else part
        yield current


def check_path(path: str) -> None:
    """Raise UnsafePathError when writing ``path`` would follow a symlink healthops does not trust.

    ``path`` itself and its directory must not be symlinks; a symlinked component higher up must
    belong to root or to the effective user. Components that do not exist yet are not checked
    (``ensure_dir`` creates them as real directories).
    """
    prefixes = list(_components(path))
    euid = os.geteuid()
    for index, prefix in enumerate(prefixes):
        try:
            st = os.lstat(prefix)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return
            raise
        if not stat.S_ISLNK(st.st_mode):
            continue
        near_end = index >= len(prefixes) - 2  # the file itself or the directory it is written in
        if near_end or st.st_uid not in (0, euid):
            raise UnsafePathError(errno.ELOOP, "refusing to write through a symlink", prefix)


def ensure_dir(path: str, mode: int = 0o750) -> None:
    """Create ``path`` and its missing parents as real directories with ``mode & ~umask``.

    An existing directory is left as it is (it may be a system directory with its own mode).
    Raises UnsafePathError when ``path`` or a component is a symlink ``check_path`` refuses, and
    OSError (ENOTDIR) when a component is not a directory.
    """
    check_path(os.path.join(path, "x"))
    for prefix in _components(path):
        try:
            os.mkdir(prefix, mode)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise
        st = os.lstat(prefix)
        if stat.S_ISLNK(st.st_mode):
            # Created by someone else between the check and here; check_path decides whether it is acceptable.
            check_path(os.path.join(path, "x"))
        elif not stat.S_ISDIR(st.st_mode):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), prefix)


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the data itself is already synced
    finally:
        os.close(fd)


def _open_temp(directory: str, base: str):
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC
    for _attempt in range(_TEMP_ATTEMPTS):
        tmp = os.path.join(directory, ".%s.%s.tmp" % (base, os.urandom(8).hex()))
        try:
            return os.open(tmp, flags, 0o600), tmp
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise
    raise OSError(errno.EEXIST, "no free temporary name", os.path.join(directory, "." + base))


def atomic_write(
    path: str,
    data: Union[str, bytes],
    mode: int = 0o640,
    encoding: str = "utf-8",
    *,
    preserve_owner: bool = False,
    keep_mode: bool = False,
) -> None:
    """Replace ``path`` with ``data`` atomically, with permissions ``mode & ~umask``.

    ``preserve_owner``: when ``path`` exists, the new file gets its owner and group (needs root
    unless they are the writer's own). ``keep_mode``: when ``path`` exists, the new file gets its
    permission bits exactly, instead of ``mode``. Raises UnsafePathError (an OSError) for a
    symlinked target or directory, OSError for any write failure; the temporary file never
    stays behind.
    """
    check_path(path)
    directory = os.path.dirname(path) or "."
    payload = data.encode(encoding) if isinstance(data, str) else data
    old: Optional[os.stat_result] = None
    try:
        old = os.lstat(path)
    except OSError as exc:
        if exc.errno != errno.ENOENT:
            raise
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise OSError(errno.EEXIST, "not a regular file", path)
    final_mode = stat.S_IMODE(old.st_mode) if (keep_mode and old is not None) else (mode & ~current_umask())
    fd, tmp = _open_temp(directory, os.path.basename(path))
    try:
        try:
            os.fchmod(fd, final_mode)
            if preserve_owner and old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                os.fchown(fd, old.st_uid, old.st_gid)
                os.fchmod(fd, final_mode)  # chown clears set-id bits; put the intended mode back
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        # The directory may have been swapped for a symlink while we wrote; replace only into the checked one.
        check_path(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def append_text(path: str, data: Union[str, bytes], mode: int = 0o640, encoding: str = "utf-8") -> None:
    """Append ``data`` to ``path`` (a log such as the run ledger), never through a symlink.

    A missing file is created with ``mode & ~umask``; an existing one keeps its mode. One
    ``write`` of an ``O_APPEND`` descriptor, so concurrent runs do not interleave within a line.
    """
    check_path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _O_NOFOLLOW | _O_CLOEXEC, mode)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EEXIST, "not a regular file", path)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
