#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: host_inspect
short_description: Inspect a Linux host (巡检) and return every check in one call
description:
  - Reads the host's state from C(/proc), C(/sys), C(/etc) and a few read-only commands and returns one list of
    checks in the healthops result model (C(id), C(category), C(title), C(title_zh), C(status), C(value),
    C(threshold), C(unit), C(detail)); C(status) is one of C(PASS), C(WARN), C(FAIL), C(INFO), C(ERROR).
  - One module call per host gives every check, which keeps a fleet run to one round trip per host.
  - Never writes on the host. External commands (C(systemctl), C(chronyc), C(ntpq), C(timedatectl),
    C(journalctl), C(needs-restarting)) run with a timeout, at most one per concern; a missing command gives an
    C(INFO) or C(ERROR) check that says so.
  - Checks that compare with the previous run (days until a file system is full, new interface errors, new kernel
    messages, new error lines in logs) use O(previous_state), which the controller keeps from the C(state) the
    previous run returned.
  - "Check ids (the part after C(:) names the item):
    C(cpu.count), C(cpu.load_per_core), C(cpu.iowait),
    C(memory.used), C(memory.swap_used),
    C(fs.space:<mount>), C(fs.inodes:<mount>), C(fs.days_to_full:<mount>), C(fs.readonly), C(fs.fstab_mounted),
    C(service.active:<unit>), C(service.failed_units), C(service.cron),
    C(process.present:<entry>), C(process.zombies), C(process.pid_use),
    C(kernel.open_files), C(kernel.log_errors), C(kernel.version),
    C(system.os), C(system.uptime), C(system.reboot_required), C(system.days_since_update), C(system.core_dumps),
    C(time.ntp_sync), C(time.clock_offset), C(time.timezone),
    C(net.hostname), C(net.dns_resolvers), C(net.default_route), C(net.listen:<proto>/<port>),
    C(net.unexpected_listeners), C(net.interface_errors), C(net.interface_drops),
    C(log.errors:<path>),
    C(security.uid0_accounts), C(security.empty_passwords), C(security.password_age), C(security.mac),
    C(backup.last_run), C(backup.age)."
  - The catalogue (titles, categories, threshold ids) is in C(plugins/module_utils/healthops/inspect/base.py), which a
    controller-side filter can import to validate the same options before a run.
version_added: "1.0.0"
author: healthops contributors
options:
  thresholds:
    description:
      - 'Threshold overrides, C({id: {warn: x, fail: y}}), over the shared defaults of DESIGN.md.'
      - 'Inspection-only ids and their defaults: C(cpu_iowait) (%, 20/50), C(open_files) (%, 80/90),
        C(days_since_update) (d, 180/365), C(uptime_days) (d, warn 365), C(interface_errors) (new errors, warn 1),
        C(interface_drops) (new drops, warn 100), C(zombie_processes) (5/50), C(failed_units) (warn 1),
        C(kernel_errors) (matching kernel messages, 1/20), C(log_errors) (matching log lines, warn 1),
        C(core_dumps) (warn 1).'
      - C(process.pid_use) is graded with the shared C(resource_limit) id.
      - Ids of other probes (C(oracle_tablespace) and so on) are accepted and ignored, so one mapping serves all.
      - A bad value stops the module with a message naming C(thresholds.<id>).
    type: dict
    default: {}
  expected_services:
    description:
      - systemd units that must be active (C(sshd), C(crond.service)); each gives C(service.active:<unit>),
        C(FAIL) unless active. One C(systemctl show) call for all of them.
    type: list
    elements: str
    default: []
  expected_processes:
    description:
      - Processes that must run; each gives C(process.present:<entry>), C(FAIL) when none matches.
      - An entry matches a process whose name (C(/proc/PID/comm)) or base name of argv[0] equals it;
        C(cmdline:TEXT) matches any process whose command line contains TEXT
        (C(cmdline:org.apache.catalina.startup.Bootstrap)).
    type: list
    elements: str
    default: []
  expected_ports:
    description:
      - Ports that must be listening, as C(22) or C('tcp/22') or C('udp/123'), on any address (IPv4 or IPv6).
        Each gives C(net.listen:<proto>/<port>), C(FAIL) when nothing listens.
    type: list
    elements: raw
    default: []
  allowed_ports:
    description:
      - Further ports that may listen, same forms as O(expected_ports), plus ranges such as C('tcp/30000-32767').
      - When O(expected_ports) or O(allowed_ports) is set, C(net.unexpected_listeners) is C(WARN) for any other
        listener. When both are empty it is C(INFO) and lists what listens.
      - Listeners bound only to loopback, and unconnected UDP sockets in the ephemeral port range
        (C(net.ipv4.ip_local_port_range)), are never unexpected.
    type: list
    elements: raw
    default: []
  log_files:
    description:
      - Logs to scan for error lines written since the previous run; each gives C(log.errors:<path>).
      - The byte offset and inode are kept in C(state); a rotated log is finished from its rotated name
        (C(app.log.1), C(app.log-20240501), uncompressed) and the new file read from its start; a truncated log is
        read from its start. The first run scans the last O(log_files[].max_bytes).
      - A path may be a glob (C(/u01/app/oracle/diag/rdbms/*/*/trace/alert_*.log)); each match is one check.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path or glob of the log.
        type: str
        required: true
      patterns:
        description:
          - Python regular expressions; a line matching any of them counts.
          - Default C(ORA-\d{5}), C(TNS-\d{5}), C(OutOfMemoryError), C(SEVERE), C(FATAL), C(PANIC).
        type: list
        elements: str
      max_lines:
        description: How many matching lines to quote in the detail (all are counted).
        type: int
        default: 20
      max_bytes:
        description: Most bytes read per run; an older part beyond it is skipped and the detail says so.
        type: int
        default: 16777216
      warn:
        description: WARN from this many matching lines (default from C(thresholds.log_errors)).
        type: float
      fail:
        description: FAIL from this many matching lines (default from C(thresholds.log_errors)).
        type: float
  kernel_log:
    description:
      - Scan the kernel log for hardware and I/O errors since the previous run (C(kernel.log_errors)).
      - Reads C(/dev/kmsg) without blocking (needs root); falls back to C(journalctl -k) from the cursor kept in
        C(state). V(false) leaves the check out.
    type: bool
    default: true
  kernel_log_patterns:
    description:
      - Regular expressions for C(kernel.log_errors). Default C(I/O error), C(EXT4-fs error), XFS and BTRFS errors,
        C(Hardware Error), C(Machine check events logged), MCE errors, EDAC errors, C(blk_update_request),
        C(Out of memory), C(Medium Error), critical medium/target errors, hung tasks, soft and hard lockups.
    type: list
    elements: str
  backup_status_file:
    description:
      - JSON file the backup job writes on this host, giving C(backup.last_run) and C(backup.age).
      - 'Format: C({"status": "success"|"failed"|"running", "finished": <ISO 8601 or epoch>,
        "last_success": <ISO 8601 or epoch>, "job": "...", "message": "..."}). C(last_success) may be left out
        when C(status) is success. A time without a zone is the host local time.'
      - When set and the file is absent, both checks C(FAIL). When not set,
        C(/var/lib/healthops/backup/status.json) is read if present, and no backup check is returned if it is
        absent (unless O(backup_expected)).
    type: path
  backup_expected:
    description: This host must have a backup; an absent status file is then C(FAIL).
    type: bool
    default: false
  skip_checks:
    description:
      - Checks to leave out (and not gather), by category (C(cpu), C(memory), C(fs), C(service), C(process),
        C(kernel), C(system), C(time), C(net), C(log), C(security), C(backup)), by base id (C(fs.inodes)), by full
        id (C(fs.space:/mnt/cdrom)) or by glob (C(fs.*:/mnt/*)).
    type: list
    elements: str
    default: []
  fs_types_exclude:
    description:
      - File system types never inspected (replaces the default list). C(overlay) is still inspected as C(/).
        C(tmpfs) is governed by O(fs_tmpfs_mounts).
    type: list
    elements: str
    default: [autofs, binfmt_misc, bpf, cgroup, cgroup2, configfs, debugfs, devpts, devtmpfs, efivarfs,
              fuse.gvfsd-fuse, fuse.lxcfs, fuse.portal, fusectl, hugetlbfs, iso9660, mqueue, nsfs, overlay, proc,
              pstore, ramfs, rpc_pipefs, securityfs, selinuxfs, squashfs, sysfs, tracefs]
  fs_tmpfs_mounts:
    description: Mount points at which a tmpfs is inspected (others, such as C(/run/user/1000), are not).
    type: list
    elements: str
    default: [/tmp, /dev/shm, /run]
  fs_mounts_exclude:
    description: Glob patterns of mount points not to inspect (C(/mnt/*)).
    type: list
    elements: str
    default: []
  interfaces_exclude:
    description: Glob patterns of network interfaces left out of C(net.interface_errors) and C(net.interface_drops).
    type: list
    elements: str
    default: [lo, veth*]
  expected_timezone:
    description: Time zone the host must use (C(Asia/Shanghai)); C(time.timezone) is C(WARN) otherwise.
    type: str
  previous_state:
    description:
      - The C(state) returned by the previous run on this host (the controller keeps it). Empty on the first run.
    type: dict
    default: {}
  iowait_interval:
    description:
      - Seconds between the two C(/proc/stat) samples of C(cpu.iowait). V(0) reports the average since boot.
    type: float
    default: 0.2
  command_timeout:
    description:
      - Seconds any external command, host name lookup or network file system C(statvfs) may take.
    type: int
    default: 10
notes:
  - Supports check mode, in which it behaves identically; it never changes anything and returns C(changed=false).
  - Runs with Python 3.8 or later and only the standard library. Run it with C(become) so that
    C(/etc/shadow), C(/dev/kmsg) and the owners of listening sockets can be read; without root those checks say
    so (C(ERROR)) or fall back.
  - Days to full need two samples at least an hour apart; a quicker re-run keeps the older sample as baseline.
  - C(system.days_since_update) is the last install or upgrade in C(/var/log/dpkg.log) (Debian family) or
    C(/var/log/dnf.rpm.log) (RHEL family, including Kylin, openEuler and Anolis), else the modification time of
    the package database.
  - C(system.reboot_required) is C(WARN) when C(/var/run/reboot-required) exists, else as C(needs-restarting -r)
    says on the RHEL family when it is installed, else when a newer kernel is in C(/lib/modules) than the one
    running.
  - C(net.hostname) asks the system resolver for the host's own name (C(/etc/hosts), then DNS, as
    C(/etc/nsswitch.conf) says), within O(command_timeout); skip it where no lookup should leave the host.
  - A block device mounted at several points (bind mounts) is inspected once, at its shortest mount point.
seealso:
  - module: ansible.legacy.healthops_state
"""

EXAMPLES = r"""
- name: Inspect | Inspect the host
  ansible.legacy.host_inspect:
    thresholds:
      fs_space: {warn: 75, fail: 90}
      cpu_iowait: {warn: 30}
    expected_services: [sshd, crond, chronyd]
    expected_processes:
      - ora_pmon_ORCL
      - "cmdline:org.apache.catalina.startup.Bootstrap"
    expected_ports: [22, tcp/1521, tcp/8080]
    allowed_ports: [udp/323, tcp/30000-32767]
    log_files:
      - path: /u01/app/oracle/diag/rdbms/*/*/trace/alert_*.log
        patterns: ['ORA-\d{5}', 'Checkpoint not complete']
      - path: /opt/tomcat/logs/catalina.out
    backup_status_file: /var/lib/healthops/backup/status.json
    expected_timezone: Asia/Shanghai
    skip_checks: ['fs.*:/mnt/*']
    previous_state: "{{ __inspect_previous_state | default({}) }}"
  become: true
  register: __inspect_result

- name: Inspect | Show what needs action
  ansible.builtin.debug:
    msg: "{{ __inspect_result.checks | selectattr('status', 'in', ['FAIL', 'ERROR', 'WARN']) | list }}"
"""

RETURN = r"""
checks:
  description: Every check, in catalogue order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Stable check id, C(<base id>) or C(<base id>:<item>).
      type: str
      sample: fs.space:/var
    category:
      description: Category of the check.
      type: str
      sample: fs
    title:
      description: English title.
      type: str
      sample: File system space /var
    title_zh:
      description: Chinese title.
      type: str
      sample: 文件系统空间使用率 /var
    status:
      description: PASS, WARN, FAIL, INFO or ERROR (could not be checked).
      type: str
      sample: WARN
    value:
      description: The figure graded (number, string, boolean or null).
      type: raw
      sample: 83.2
    threshold:
      description: The limits applied, as text (C(>=80/90%), C(<=30/7 d)), or the expected value.
      type: raw
      sample: ">=80/90%"
    unit:
      description: Unit of value.
      type: str
      sample: "%"
    detail:
      description: What was found, in a sentence, or why it could not be checked.
      type: str
      sample: 41.6 GiB used of 50.0 GiB, 8.4 GiB available
  sample:
    - {id: cpu.load_per_core, category: cpu, title: Load per core (15 min), title_zh: 每核负载(15分钟), status: PASS,
       value: 0.12, threshold: ">=0.8/1.5", unit: "", detail: "load average 0.21 0.35 0.24 on 2 CPU(s)"}
state:
  description:
    - What to keep for the next run's O(previous_state) (the controller stores it).
    - C(fs) maps mount point to C({used, time}); C(logs) maps log path to C({inode, dev, offset, time}).
    - C(interfaces) maps interface to its error and drop counters.
    - 'C(kernel_log) is C({source: kmsg, boot_id, seq}) or C({source: journal, cursor}).'
  returned: always
  type: dict
  sample:
    version: 1
    time: 1714521600.0
    boot_id: 5a1c0d9e-0a0f-4b8e-9f0e-2f7c1e9d3a11
    fs: {/: {used: 4404019200, time: 1714521600.0}}
    logs: {/opt/tomcat/logs/catalina.out: {inode: 1311, dev: 2049, offset: 88213, time: 1714521600.0}}
    interfaces: {eth0: {rx_errs: 0, tx_errs: 0, rx_drop: 0, tx_drop: 0}}
    kernel_log: {source: kmsg, boot_id: 5a1c0d9e-0a0f-4b8e-9f0e-2f7c1e9d3a11, seq: 361}
host:
  description: Facts about the host for the report.
  returned: always
  type: dict
  sample: {hostname: db01, fqdn: db01.example.org, primary_ip: 10.1.2.3, os: Rocky Linux 9.3 (Blue Onyx),
           os_family: redhat, kernel: 5.14.0-362.8.1.el9_3.x86_64, architecture: x86_64, cpu_count: 8,
           boot_id: 5a1c0d9e-0a0f-4b8e-9f0e-2f7c1e9d3a11, time: "2024-05-01T08:00:00+08:00"}
summary:
  description: Number of checks per status.
  returned: always
  type: dict
  sample: {PASS: 30, WARN: 2, FAIL: 0, INFO: 8, ERROR: 0}
elapsed:
  description: Seconds the inspection took on the host (the iowait sample included).
  returned: always
  type: float
  sample: 0.41
"""

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
from datetime import datetime

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.common.result import count_statuses
from ansible.module_utils.healthops.inspect.base import (
    CHECKS,
    DEFAULT_BACKUP_STATUS_FILE,
    DEFAULT_FS_TYPES_EXCLUDE,
    DEFAULT_INTERFACES_EXCLUDE,
    DEFAULT_KERNEL_PATTERNS,
    DEFAULT_LOG_MAX_BYTES,
    DEFAULT_LOG_MAX_LINES,
    DEFAULT_LOG_PATTERNS,
    DEFAULT_TMPFS_MOUNTS,
    NETWORK_FS_TYPES,
    error_check,
    is_skipped,
    new_check,
    resolve_thresholds,
    validate_inspection_options,
    wants,
)
from ansible.module_utils.healthops.inspect.fs import (
    eval_days_to_full,
    eval_fstab_mounted,
    eval_inodes,
    eval_readonly,
    eval_space,
    parse_fstab,
    parse_mounts,
    select_mounts,
    statvfs_to_dict,
    visible_mounts,
)
from ansible.module_utils.healthops.inspect.logs import (
    compile_patterns,
    eval_kernel_journal,
    eval_kernel_kmsg,
    parse_journal,
    parse_kmsg,
    scan_log,
)
from ansible.module_utils.healthops.inspect.net import (
    eval_default_route,
    eval_dns,
    eval_expected_ports,
    eval_hostname,
    eval_interfaces,
    eval_unexpected_listeners,
    listeners,
    parse_ipv6_route,
    parse_net_dev,
    parse_port_range,
    parse_proc_net,
    parse_resolv_conf,
    parse_route,
    unexpected_inodes,
)
from ansible.module_utils.healthops.inspect.sec import (
    eval_backup,
    eval_empty_passwords,
    eval_mac,
    eval_password_age,
    eval_uid0,
    parse_passwd,
    parse_shadow,
)
from ansible.module_utils.healthops.inspect.system import (
    eval_core_dumps,
    eval_cpu_count,
    eval_cron,
    eval_days_since_update,
    eval_expected_processes,
    eval_failed_units,
    eval_iowait,
    eval_kernel,
    eval_load,
    eval_memory,
    eval_open_files,
    eval_os,
    eval_pid_use,
    eval_reboot_required,
    eval_services,
    eval_time,
    eval_timezone,
    eval_uptime,
    eval_zombies,
    iowait_percent,
    last_package_change,
    os_family,
    parse_chronyc_tracking,
    parse_failed_units,
    parse_key_values,
    parse_loadavg,
    parse_meminfo,
    parse_ntpq_peers,
    parse_os_release,
    parse_pid_stat,
    parse_proc_stat,
    parse_systemctl_show,
)

STATE_VERSION = 1
SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CRASH_DIRS = ("/var/crash", "/var/lib/systemd/coredump")
CRASH_IGNORE = ("kexec_cmd", "kdump_lock", "README", "lost+found")

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


class Inspection:
    """One run: gathers with a HostIO, evaluates with the pure functions, collects checks and state."""

    def __init__(self, params, io):
        self.p = params
        self.io = io
        self.timeout = params.get("command_timeout") or 10
        self.skip = params.get("skip_checks") or []
        self.th = resolve_thresholds(params.get("thresholds"))
        prev = params.get("previous_state") or {}
        self.prev = prev if isinstance(prev, dict) and prev.get("version") == STATE_VERSION else {}
        self.checks = []
        self.now = io.now()
        self.state = {"version": STATE_VERSION, "time": self.now, "boot_id": "", "fs": {}, "logs": {}}
        # Parts a skipped step does not renew are carried over, so a baseline survives a run that skips it.
        self.state["interfaces"] = self.prev_part("interfaces")
        self.state["kernel_log"] = self.prev_part("kernel_log")
        self.os_release = {}
        self.family = "unknown"
        self.uname = io.uname()
        self.ncpu = 0
        self.procs = None
        self.default_ifaces = []
        self.canonical_name = ""

    # -- helpers

    def prev_part(self, key):
        part = self.prev.get(key)
        return part if isinstance(part, dict) else {}

    def read(self, path):
        """File text, or None when absent. Other errors propagate."""
        try:
            return self.io.read(path)
        except FileNotFoundError:
            return None

    def add(self, checks):
        for check in checks:
            if not is_skipped(check["id"], self.skip):
                self.checks.append(check)

    def step(self, bases, func):
        """Run one gather-and-evaluate step unless all its checks are skipped; an unexpected error becomes an
        ERROR check instead of a traceback."""
        if not wants(bases, self.skip):
            return
        try:
            self.add(func() or [])
        except Exception as exc:  # one broken step must not cost the other checks
            why = "inspection error: %s: %s" % (type(exc).__name__, exc)
            self.add(error_check(b if not CHECKS[b]["item"] else b + ":*", why) for b in bases)

    def processes(self):
        if self.procs is None:
            need_cmdline = bool(self.p.get("expected_processes"))
            own = self.io.own_pid()
            procs = []
            for pid in self.io.pids():
                try:
                    proc = parse_pid_stat(self.io.read("/proc/%d/stat" % pid))
                    if need_cmdline and pid != own:
                        proc["cmdline"] = self.io.read("/proc/%d/cmdline" % pid).replace("\0", " ").strip()
                except (OSError, ValueError, IndexError):
                    continue  # the process ended while we looked
                procs.append(proc)
            self.procs = procs
        return self.procs

    # -- steps

    def facts(self):
        text = self.read("/etc/os-release") or self.read("/usr/lib/os-release") or ""
        self.os_release = parse_os_release(text)
        self.family = os_family(self.os_release)
        try:
            self.state["boot_id"] = self.io.read("/proc/sys/kernel/random/boot_id").strip()
        except OSError:
            self.state["boot_id"] = ""

    def cpu(self):
        first = parse_proc_stat(self.io.read("/proc/stat"))
        self.ncpu = first["ncpu"]
        checks = [eval_cpu_count(self.ncpu)]
        checks.append(eval_load(parse_loadavg(self.io.read("/proc/loadavg")), self.ncpu, self.th))
        if not is_skipped("cpu.iowait", self.skip):
            interval = float(self.p.get("iowait_interval") or 0)
            if interval > 0:
                self.io.sleep(interval)
                second = parse_proc_stat(self.io.read("/proc/stat"))
                checks.append(eval_iowait(iowait_percent(first["cpu"], second["cpu"]), interval, self.th))
            else:
                check = eval_iowait(iowait_percent([0] * len(first["cpu"]), first["cpu"]), 0, self.th)
                check["detail"] = "average since boot"
                checks.append(check)
        return checks

    def memory(self):
        return eval_memory(parse_meminfo(self.io.read("/proc/meminfo")), self.th)

    def filesystems(self):
        text = self.read("/proc/self/mounts") or self.io.read("/proc/mounts")
        mounts = parse_mounts(text)
        fstab_text = self.read("/etc/fstab")
        fstab = parse_fstab(fstab_text) if fstab_text is not None else None
        # A file bind-mounted into a container (/etc/hosts, /etc/resolv.conf) is not a file system
        # to watch. Network mounts are not stat'ed here: a hung server would stall the probe.
        directories = [
            m
            for m in mounts
            if m["fstype"] in NETWORK_FS_TYPES or m["fstype"].startswith("fuse.") or self.io.isdir(m["mount"])
        ]
        selected = select_mounts(
            directories,
            self.p.get("fs_types_exclude") if self.p.get("fs_types_exclude") is not None else DEFAULT_FS_TYPES_EXCLUDE,
            self.p.get("fs_tmpfs_mounts") if self.p.get("fs_tmpfs_mounts") is not None else DEFAULT_TMPFS_MOUNTS,
            self.p.get("fs_mounts_exclude") or [],
        )
        prev = self.prev_part("fs")
        checks = []
        for mount in selected:
            point = mount["mount"]
            if all(is_skipped("%s:%s" % (b, point), self.skip) for b in ("fs.space", "fs.inodes", "fs.days_to_full")):
                continue
            network = mount["fstype"] in NETWORK_FS_TYPES or mount["fstype"].startswith("fuse.")
            try:
                st = self.io.statvfs(point, self.timeout if network else None)
            except OSError as exc:
                why = "%s (%s on %s): %s" % (point, mount["fstype"], mount["device"], exc.strerror or exc)
                checks.extend(error_check("%s:%s" % (b, point), why) for b in ("fs.space", "fs.inodes"))
                checks.append(error_check("fs.days_to_full:" + point, why))
                if point in prev:
                    self.state["fs"][point] = prev[point]
                continue
            checks.append(eval_space(point, st, self.th))
            checks.append(eval_inodes(point, st, self.th))
            check, sample = eval_days_to_full(point, st, self.th, prev.get(point), self.now)
            checks.append(check)
            self.state["fs"][point] = sample
        visible = visible_mounts(mounts)
        checks.append(eval_readonly(visible, fstab or []))
        checks.append(eval_fstab_mounted(fstab, visible))
        return checks

    def services(self):
        expected = self.p.get("expected_services") or []
        checks = []
        if not self.io.isdir("/run/systemd/system"):
            pid1 = self.io.comm(1)
            why = "systemd is not running (PID 1 is %s)" % pid1
            checks.extend(eval_services(expected, None, "cannot check: " + why))
            checks.append(new_check("service.failed_units", "INFO", None, None, "", why + ": no units"))
        else:
            if expected and wants(["service.active"], self.skip):
                argv = ["systemctl", "show", "--property=Id,LoadState,ActiveState,SubState", "--", *expected]
                res = self.io.run(argv, self.timeout)
                if res.rc == 0:
                    checks.extend(eval_services(expected, parse_systemctl_show(res.out)))
                else:
                    checks.extend(eval_services(expected, None, res.error or _first_line(res.err or res.out)))
            if not is_skipped("service.failed_units", self.skip):
                argv = ["systemctl", "list-units", "--state=failed", "--no-legend", "--plain", "--no-pager"]
                res = self.io.run(argv, self.timeout)
                if res.rc == 0:
                    checks.append(eval_failed_units(parse_failed_units(res.out), self.th))
                else:
                    checks.append(eval_failed_units(None, self.th, res.error or _first_line(res.err or res.out)))
        if not is_skipped("service.cron", self.skip):
            checks.append(eval_cron(self.processes()))
        return checks

    def process_checks(self):
        procs = self.processes()
        own = self.io.own_pid()
        others = [p for p in procs if p["pid"] != own]
        checks = eval_expected_processes(others, self.p.get("expected_processes") or [])
        checks.append(eval_zombies(procs, self.th))
        load = parse_loadavg(self.io.read("/proc/loadavg"))
        pid_max = int(self.io.read("/proc/sys/kernel/pid_max").split()[0])
        checks.append(eval_pid_use(load["tasks"], pid_max, self.th))
        return checks

    def kernel(self):
        checks = [eval_open_files(self.io.read("/proc/sys/fs/file-nr"), self.th)]
        uname = self.uname
        checks.append(eval_kernel(uname.release, uname.version, uname.machine))
        if self.p.get("kernel_log", True) and not is_skipped("kernel.log_errors", self.skip):
            checks.append(self.kernel_log())
        return checks

    def kernel_log(self):
        patterns = self.p.get("kernel_log_patterns") or DEFAULT_KERNEL_PATTERNS
        regex = compile_patterns(patterns)
        prev = self.prev_part("kernel_log")
        try:
            records = parse_kmsg(self.io.kmsg())
            check, self.state["kernel_log"] = eval_kernel_kmsg(
                records, regex, prev, self.state["boot_id"], DEFAULT_LOG_MAX_LINES, self.th
            )
            return check
        except OSError as exc:
            kmsg_error = "/dev/kmsg: %s" % (exc.strerror or exc)
        argv = ["journalctl", "-k", "-q", "--no-pager", "-o", "short-monotonic", "--show-cursor"]
        cursor = prev.get("cursor") if prev.get("source") == "journal" else None
        argv += ["--after-cursor", cursor] if cursor else ["-b"]
        res = self.io.run(argv, self.timeout)
        if res.rc != 0:
            return error_check(
                "kernel.log_errors", "%s; journalctl: %s" % (kmsg_error, res.error or _first_line(res.err))
            )
        lines, new_cursor = parse_journal(res.out)
        check, self.state["kernel_log"] = eval_kernel_journal(
            lines, new_cursor, regex, prev, DEFAULT_LOG_MAX_LINES, self.th, kmsg_error + " (used journalctl)"
        )
        return check

    def system(self):
        checks = [eval_os(self.os_release), eval_uptime(self.io.read("/proc/uptime"), self.th)]
        if not is_skipped("system.reboot_required", self.skip):
            checks.append(self.reboot_required())
        if not is_skipped("system.days_since_update", self.skip):
            checks.append(self.days_since_update())
        if not is_skipped("system.core_dumps", self.skip):
            entries = []
            for directory in CRASH_DIRS:
                try:
                    names = self.io.listdir(directory)
                except OSError:
                    continue
                for name in names:
                    if name.startswith(".") or name in CRASH_IGNORE:
                        continue
                    path = "%s/%s" % (directory, name)
                    try:
                        entries.append((path, self.io.mtime(path)))
                    except OSError:
                        continue
            checks.append(eval_core_dumps(entries, self.th, self.now))
        return checks

    def reboot_required(self):
        flag = self.io.exists("/var/run/reboot-required") or self.io.exists("/run/reboot-required")
        if flag:
            pkgs = self.read("/var/run/reboot-required.pkgs") or ""
            return eval_reboot_required(self.family, True, pkgs)
        needs = None
        if self.family != "debian" and self.io.which("needs-restarting"):
            res = self.io.run(["needs-restarting", "-r"], self.timeout)
            if res.rc in (0, 1):
                needs = (res.rc, res.out)
        kernels = []
        if needs is None:
            for directory in ("/lib/modules", "/usr/lib/modules"):
                try:
                    kernels = [k for k in self.io.listdir(directory) if k[:1].isdigit()]
                except OSError:
                    continue
                if kernels:
                    break
        return eval_reboot_required(self.family, False, "", needs, self.uname.release, kernels)

    def days_since_update(self):
        logs = []
        dbs = []
        if self.family in ("debian", "unknown"):
            logs += [("/var/log/dpkg.log", "dpkg"), ("/var/log/dpkg.log.1", "dpkg")]
            dbs += ["/var/lib/dpkg/status"]
        if self.family in ("redhat", "unknown"):
            logs += [("/var/log/dnf.rpm.log", "dnf"), ("/var/log/dnf.rpm.log.1", "dnf")]
            dbs += ["/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/var/lib/dnf/history.sqlite"]
        for path, kind in logs:
            try:
                text = self.io.read_tail(path, 4 * 1024 * 1024)
            except OSError:
                continue
            last = last_package_change(text, kind)
            if last is not None:
                return eval_days_since_update(last.timestamp(), path, self.now, self.th)
        for path in dbs:
            try:
                return eval_days_since_update(self.io.mtime(path), path + " modified", self.now, self.th)
            except OSError:
                continue
        return eval_days_since_update(None, "", self.now, self.th, "no package log or database found")

    def time_checks(self):
        checks = []
        if wants(["time.ntp_sync", "time.clock_offset"], self.skip):
            checks.extend(eval_time(self.clock(), self.th))
        name, offset = self.io.timezone()
        checks.append(eval_timezone(name, offset, self.p.get("expected_timezone")))
        return checks

    def clock(self):
        errors = []
        res = self.io.run(["chronyc", "-n", "tracking"], self.timeout)
        if res.rc == 0 and "Reference ID" in res.out:
            info = parse_chronyc_tracking(res.out)
            detail = "reference %s %s, stratum %s, leap status %s" % (
                info["ref_id"],
                ("(%s)" % info["ref_name"]) if info["ref_name"] else "",
                info["stratum"],
                info["leap_status"] or "?",
            )
            return {
                "source": "chronyc",
                "synchronised": info["synchronised"],
                "offset": info["offset"],
                "detail": detail,
            }
        errors.append("chronyc: " + (res.error or _first_line(res.err or res.out) or "rc %s" % res.rc))
        res = self.io.run(["ntpq", "-pn"], self.timeout)
        if res.rc == 0 and "refid" in res.out:
            info = parse_ntpq_peers(res.out)
            detail = ("system peer %s" % info["peer"]) if info["peer"] else "no system peer selected"
            return {
                "source": "ntpq",
                "synchronised": info["synchronised"],
                "offset": info["offset"],
                "detail": detail,
                "errors": errors,
            }
        errors.append("ntpq: " + (res.error or _first_line(res.err or res.out) or "rc %s" % res.rc))
        res = self.io.run(["timedatectl", "show"], self.timeout)
        if res.rc == 0 and "NTPSynchronized=" in res.out:
            values = parse_key_values(res.out)
            synced = values.get("NTPSynchronized") == "yes"
            detail = "NTP=%s NTPSynchronized=%s" % (values.get("NTP", "?"), values.get("NTPSynchronized"))
            return {"source": "timedatectl", "synchronised": synced, "offset": None, "detail": detail, "errors": errors}
        errors.append("timedatectl: " + (res.error or _first_line(res.err or res.out) or "rc %s" % res.rc))
        return {"source": "", "errors": errors}

    def network(self):
        checks = []
        socks = []
        for name in ("tcp", "tcp6", "udp", "udp6"):
            text = self.read("/proc/net/" + name)
            if text is not None:
                socks.extend(parse_proc_net(text, name))
        found = listeners(socks)
        expected = self.p.get("expected_ports") or []
        allowed = self.p.get("allowed_ports") or []
        checks.extend(eval_expected_ports(found, expected))
        if not is_skipped("net.unexpected_listeners", self.skip):
            ephemeral = parse_port_range(self.read("/proc/sys/net/ipv4/ip_local_port_range") or "")
            owners = None
            if expected or allowed:
                inodes = unexpected_inodes(found, expected, allowed, ephemeral)
                owners = self.io.socket_owners(inodes) if inodes else {}
            checks.append(eval_unexpected_listeners(found, expected, allowed, ephemeral, owners))
        if wants(["net.interface_errors", "net.interface_drops"], self.skip):
            prev_boot = self.prev.get("boot_id")
            same_boot = bool(prev_boot) and prev_boot == self.state["boot_id"]
            excluded = self.p.get("interfaces_exclude")
            iface_checks, self.state["interfaces"] = eval_interfaces(
                parse_net_dev(self.io.read("/proc/net/dev")),
                self.prev_part("interfaces"),
                same_boot,
                excluded if excluded is not None else DEFAULT_INTERFACES_EXCLUDE,
                self.th,
            )
            checks.extend(iface_checks)
        resolv = self.read("/etc/resolv.conf")
        checks.append(eval_dns(parse_resolv_conf(resolv) if resolv is not None else None))
        routes = parse_route(self.read("/proc/net/route") or "")
        v6 = parse_ipv6_route(self.read("/proc/net/ipv6_route") or "")
        self.default_ifaces = [r["iface"] for r in routes]
        checks.append(eval_default_route(routes, v6))
        if not is_skipped("net.hostname", self.skip):
            name = self.io.hostname()
            addrs, canon, error = self.io.resolve(name, self.timeout)
            self.canonical_name = canon
            checks.append(eval_hostname(name, addrs, error))
        return checks

    def logs(self):
        checks = []
        prev = self.prev_part("logs")
        for entry in self.p.get("log_files") or []:
            pattern = entry["path"]
            paths = self.io.glob(pattern) if any(c in pattern for c in "*?[") else [pattern]
            if not paths:
                checks.append(error_check("log.errors:" + pattern, "no file matches %s" % pattern))
                continue
            for path in paths:
                if is_skipped("log.errors:" + path, self.skip):
                    continue
                limits = {"warn": entry.get("warn"), "fail": entry.get("fail")}
                check, state = scan_log(
                    path,
                    entry.get("patterns") or DEFAULT_LOG_PATTERNS,
                    prev.get(path),
                    entry.get("max_lines") if entry.get("max_lines") is not None else DEFAULT_LOG_MAX_LINES,
                    entry.get("max_bytes") or DEFAULT_LOG_MAX_BYTES,
                    self.th,
                    limits,
                    self.now,
                )
                checks.append(check)
                if state is not None:
                    self.state["logs"][path] = state
        return checks

    def security(self):
        passwd_text = self.read("/etc/passwd") or ""
        accounts = parse_passwd(passwd_text)
        checks = [eval_uid0(accounts)]
        try:
            shadow_text = self.read("/etc/shadow")
            shadow_error = "" if shadow_text is not None else "/etc/shadow not found"
        except OSError as exc:
            shadow_text, shadow_error = None, "cannot read /etc/shadow: %s (run with become)" % (exc.strerror or exc)
        if shadow_text is None:
            checks += [error_check("security.empty_passwords", shadow_error)]
            checks += [error_check("security.password_age", shadow_error)]
        else:
            shadow = parse_shadow(shadow_text)
            checks.append(eval_empty_passwords(accounts, shadow))
            checks.append(eval_password_age(accounts, shadow, int(self.now // 86400), self.th))
        if not is_skipped("security.mac", self.skip):
            checks.append(self.mac())
        return checks

    def mac(self):
        def optional(path):
            try:
                return self.io.read(path)
            except OSError:
                return None

        profiles = optional("/sys/kernel/security/apparmor/profiles")
        return eval_mac(
            optional("/sys/fs/selinux/enforce"),
            optional("/etc/selinux/config"),
            optional("/sys/module/apparmor/parameters/enabled"),
            len(profiles.splitlines()) if profiles is not None else None,
        )

    def backup(self):
        configured = self.p.get("backup_status_file")
        path = configured or DEFAULT_BACKUP_STATUS_FILE
        text, error = None, ""
        try:
            text = self.read(path)
        except OSError as exc:
            error = exc.strerror or str(exc)
        return eval_backup(path, text, error, bool(configured), bool(self.p.get("backup_expected")), self.now, self.th)

    def host_facts(self):
        name = self.io.hostname()
        canon = self.canonical_name
        fqdn = canon if canon and "." in canon else name
        primary = None
        for iface in self.default_ifaces:
            primary = self.io.iface_ipv4(iface)
            if primary:
                break
        return {
            "hostname": name,
            "fqdn": fqdn,
            "primary_ip": primary,
            "os": self.os_release.get("PRETTY_NAME") or self.os_release.get("NAME") or "",
            "os_family": self.family,
            "kernel": self.uname.release,
            "architecture": self.uname.machine,
            "cpu_count": self.ncpu or os.cpu_count(),
            "boot_id": self.state["boot_id"],
            "time": datetime.fromtimestamp(self.now).astimezone().isoformat(timespec="seconds"),
        }

    def run(self):
        self.facts()
        self.step(["cpu.count", "cpu.load_per_core", "cpu.iowait"], self.cpu)
        self.step(["memory.used", "memory.swap_used"], self.memory)
        self.step(["fs.space", "fs.inodes", "fs.days_to_full", "fs.readonly", "fs.fstab_mounted"], self.filesystems)
        self.step(["service.active", "service.failed_units", "service.cron"], self.services)
        self.step(["process.present", "process.zombies", "process.pid_use"], self.process_checks)
        self.step(["kernel.open_files", "kernel.version", "kernel.log_errors"], self.kernel)
        self.step(
            ["system.os", "system.uptime", "system.reboot_required", "system.days_since_update", "system.core_dumps"],
            self.system,
        )
        self.step(["time.ntp_sync", "time.clock_offset", "time.timezone"], self.time_checks)
        self.step(
            [
                "net.listen",
                "net.unexpected_listeners",
                "net.interface_errors",
                "net.interface_drops",
                "net.dns_resolvers",
                "net.default_route",
                "net.hostname",
            ],
            self.network,
        )
        if self.p.get("log_files"):
            self.step(["log.errors"], self.logs)
        self.step(
            ["security.uid0_accounts", "security.empty_passwords", "security.password_age", "security.mac"],
            self.security,
        )
        self.step(["backup.last_run", "backup.age"], self.backup)
        if is_skipped("fs.days_to_full", self.skip):
            self.state["fs"] = self.prev_part("fs")
        if not self.p.get("log_files") or is_skipped("log.errors", self.skip):
            self.state["logs"] = self.prev_part("logs")
        return {"checks": self.checks, "state": self.state, "host": self.host_facts()}


def _first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def inspect(params, io=None):
    """Run the inspection with ``params`` (module option names) -> {checks, state, host, summary, elapsed}."""
    started = time.monotonic()
    result = Inspection(params, io or HostIO()).run()
    result["summary"] = count_statuses(result["checks"])
    result["elapsed"] = round(time.monotonic() - started, 3)
    return result


def argument_spec():
    return {
        "thresholds": {"type": "dict", "default": {}},
        "expected_services": {"type": "list", "elements": "str", "default": []},
        "expected_processes": {"type": "list", "elements": "str", "default": []},
        "expected_ports": {"type": "list", "elements": "raw", "default": []},
        "allowed_ports": {"type": "list", "elements": "raw", "default": []},
        "log_files": {
            "type": "list",
            "elements": "dict",
            "default": [],
            "options": {
                "path": {"type": "str", "required": True},
                "patterns": {"type": "list", "elements": "str"},
                "max_lines": {"type": "int", "default": DEFAULT_LOG_MAX_LINES},
                "max_bytes": {"type": "int", "default": DEFAULT_LOG_MAX_BYTES},
                "warn": {"type": "float"},
                "fail": {"type": "float"},
            },
        },
        "kernel_log": {"type": "bool", "default": True},
        "kernel_log_patterns": {"type": "list", "elements": "str"},
        "backup_status_file": {"type": "path"},
        "backup_expected": {"type": "bool", "default": False},
        "skip_checks": {"type": "list", "elements": "str", "default": []},
        "fs_types_exclude": {"type": "list", "elements": "str", "default": list(DEFAULT_FS_TYPES_EXCLUDE)},
        "fs_tmpfs_mounts": {"type": "list", "elements": "str", "default": list(DEFAULT_TMPFS_MOUNTS)},
        "fs_mounts_exclude": {"type": "list", "elements": "str", "default": []},
        "interfaces_exclude": {"type": "list", "elements": "str", "default": list(DEFAULT_INTERFACES_EXCLUDE)},
        "expected_timezone": {"type": "str"},
        "previous_state": {"type": "dict", "default": {}},
        "iowait_interval": {"type": "float", "default": 0.2},
        "command_timeout": {"type": "int", "default": 10},
    }


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    errors = validate_inspection_options(module.params)
    if errors:
        module.fail_json(msg="invalid options: " + "; ".join(errors), errors=errors)
    result = inspect(module.params)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
