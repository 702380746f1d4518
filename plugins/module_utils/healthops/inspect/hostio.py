# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: every read the probe makes of the host (files, commands, kernel, resolver), in one class.

The collectors ask a HostIO; tests give them one over a recorded host instead.
"""

from __future__ import absolute_import, division, print_function

import errno
import fcntl
import glob
import os
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections import namedtuple

from ansible.module_utils.healthops.inspect.fs import statvfs_to_dict

__metaclass__ = type

SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

CmdResult = namedtuple("CmdResult", "rc out err error")


class HostIO:
    """Every read the inspection makes of the host. Tests point ``root`` at recorded files and replace the
    methods that run commands or ask the kernel directly."""

    def __init__(self, root="/"):
        self.root = root

    def path(self, path):
        return path if self.root == "/" else os.path.join(self.root, path.lstrip("/"))

    def read(self, path):
        # No size hint: /proc/sys handlers allocate the count asked for and fail on a large one.
        with open(self.path(path), "rb") as handle:
            return handle.read().decode("utf-8", "replace")

    def read_tail(self, path, size):
        with open(self.path(path), "rb") as handle:
            handle.seek(0, os.SEEK_END)
            end = handle.tell()
            handle.seek(max(0, end - size))
            return handle.read().decode("utf-8", "replace")

    def exists(self, path):
        return os.path.exists(self.path(path))

    def isdir(self, path):
        return os.path.isdir(self.path(path))

    def mtime(self, path):
        return os.stat(self.path(path)).st_mtime

    def listdir(self, path):
        return os.listdir(self.path(path))

    def readlink(self, path):
        return os.readlink(self.path(path))

    def glob(self, pattern):
        return sorted(glob.glob(pattern))

    def which(self, name):
        return shutil.which(name, path=os.environ.get("PATH", "") + os.pathsep + SEARCH_PATH)

    def run(self, argv, timeout):
        """Run a command without a shell -> CmdResult; ``error`` says why it did not run (rc is then None)."""
        exe = self.which(argv[0])
        if not exe:
            return CmdResult(None, "", "", "%s not installed" % argv[0])
        env = dict(os.environ, LC_ALL="C", LANG="C", SYSTEMD_PAGER="", PAGER="cat", SYSTEMD_COLORS="0")
        try:
            proc = subprocess.run(
                [exe, *argv[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=timeout,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return CmdResult(None, "", "", "%s did not finish within %s s" % (argv[0], timeout))
        except OSError as exc:
            return CmdResult(None, "", "", "%s: %s" % (argv[0], exc.strerror or exc))
        return CmdResult(
            proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), ""
        )

    def statvfs(self, path, timeout=None):
        """statvfs as a mapping; with ``timeout`` it runs in a thread so a hung network mount cannot stall the
        probe (raises TimeoutError)."""
        if not timeout:
            return statvfs_to_dict(os.statvfs(self.path(path)))
        box = {}

        def work():
            try:
                box["st"] = os.statvfs(self.path(path))
            except OSError as exc:
                box["error"] = exc

        worker = threading.Thread(target=work, name="statvfs", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise TimeoutError("statvfs did not return within %s s (hung network file system?)" % timeout)
        if "error" in box:
            raise box["error"]
        return statvfs_to_dict(box["st"])

    def kmsg(self):
        """Every record in the kernel ring buffer, read from /dev/kmsg without blocking."""
        records = []
        fd = os.open(self.path("/dev/kmsg"), os.O_RDONLY | os.O_NONBLOCK)
        try:
            while True:
                try:
                    chunk = os.read(fd, 16384)
                except BlockingIOError:
                    break
                except OSError as exc:
                    if exc.errno == errno.EPIPE:  # overwritten while reading: go on with the next record
                        continue
                    raise
                if not chunk:
                    break
                records.append(chunk.decode("utf-8", "replace"))
        finally:
            os.close(fd)
        return records

    def now(self):
        return time.time()

    def sleep(self, seconds):
        time.sleep(seconds)

    def uname(self):
        return os.uname()

    def hostname(self):
        return socket.gethostname()

    def resolve(self, name, timeout):
        """Addresses of ``name`` through the system resolver -> (addresses, canonical name, error)."""
        box = {}

        def work():
            try:
                infos = socket.getaddrinfo(name, None, 0, socket.SOCK_STREAM, 0, socket.AI_CANONNAME)
                box["addrs"] = sorted({info[4][0] for info in infos})
                box["canon"] = next((info[3] for info in infos if info[3]), "")
            except (OSError, UnicodeError) as exc:
                box["error"] = str(exc)

        worker = threading.Thread(target=work, name="resolve", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            return [], "", "lookup did not finish within %s s" % timeout
        return box.get("addrs", []), box.get("canon", ""), box.get("error", "")

    def iface_ipv4(self, iface):
        """IPv4 address of an interface (SIOCGIFADDR), or None."""
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                packed = fcntl.ioctl(sock.fileno(), 0x8915, struct.pack("256s", iface.encode()[:15]))
            return socket.inet_ntoa(packed[20:24])
        except (OSError, ImportError):
            return None

    def socket_owners(self, inodes):
        """{socket inode: "pid/name"} for the given inodes, from /proc/PID/fd (needs root for other users)."""
        owners = {}
        wanted = {"socket:[%d]" % i: i for i in inodes}
        for pid in self.pids():
            try:
                names = os.listdir(self.path("/proc/%d/fd" % pid))
            except OSError:
                continue
            for name in names:
                try:
                    target = os.readlink(self.path("/proc/%d/fd/%s" % (pid, name)))
                except OSError:
                    continue
                if target in wanted and wanted[target] not in owners:
                    owners[wanted[target]] = "%d/%s" % (pid, self.comm(pid))
            if len(owners) == len(wanted):
                break
        return owners

    def comm(self, pid):
        try:
            return self.read("/proc/%d/comm" % pid).strip()
        except OSError:
            return "?"

    def pids(self):
        return sorted(int(n) for n in self.listdir("/proc") if n.isdigit())

    def own_pid(self):
        return os.getpid()

    def timezone(self):
        """(zone name, +hhmm offset)."""
        name = ""
        try:
            link = self.readlink("/etc/localtime")
            if "zoneinfo/" in link:
                name = link.split("zoneinfo/", 1)[1]
        except OSError:
            pass
        if not name:
            try:
                name = self.read("/etc/timezone").strip()
            except OSError:
                name = time.tzname[0] if time.tzname else ""
        return name, time.strftime("%z")


def first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""
