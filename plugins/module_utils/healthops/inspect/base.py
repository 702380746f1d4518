# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection (巡检): check catalogue, threshold catalogue, option validation.

This is the contract of ``library/host_inspect.py``: every check id it can
return, the threshold ids it grades against, the defaults of its options and
``validate_inspection_options`` which the module runs on the host and a
controller-side filter can run before anything is sent to a host.

Check ids are ``<base id>`` or ``<base id>:<item>`` (``fs.space:/var``,
``service.active:sshd``). The base ids are the keys of CHECKS and never change.

Standard library only, Python >= 3.6: this file runs on managed hosts.
"""

from __future__ import absolute_import, division, print_function

import fnmatch
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import ERROR, grade, make_check, threshold_text
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS, merge_thresholds, validate_thresholds

__metaclass__ = type

# Thresholds only the inspection uses. Counts have unit "" and are graded on the number found.
INSPECTION_ONLY_THRESHOLDS = {
    "cpu_iowait": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "open_files": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True},
    "days_since_update": {"warn": 180, "fail": 365, "unit": "d", "higher_is_worse": True},
    "uptime_days": {"warn": 365, "fail": None, "unit": "d", "higher_is_worse": True},
    "interface_errors": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "interface_drops": {"warn": 100, "fail": None, "unit": "", "higher_is_worse": True},
    "zombie_processes": {"warn": 5, "fail": 50, "unit": "", "higher_is_worse": True},
    # A failed unit is a service that is down: a fault, not a warning.
    "failed_units": {"warn": None, "fail": 1, "unit": "", "higher_is_worse": True},
    "kernel_errors": {"warn": 1, "fail": 20, "unit": "", "higher_is_worse": True},
    "log_errors": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
    "core_dumps": {"warn": 1, "fail": None, "unit": "", "higher_is_worse": True},
}

# The inspection catalogue: every shared default (so one thresholds mapping serves every probe; ids the
# inspection does not grade are accepted and ignored) plus the inspection-only ids.
INSPECTION_THRESHOLDS = merge_thresholds(DEFAULT_THRESHOLDS, INSPECTION_ONLY_THRESHOLDS)

CATEGORIES = (
    "cpu",
    "memory",
    "fs",
    "service",
    "process",
    "kernel",
    "system",
    "time",
    "net",
    "log",
    "security",
    "backup",
)


def _spec(category: str, title: str, title_zh: str, threshold: Optional[str], item: Optional[str], doc: str):
    return {
        "category": category,
        "title": title,
        "title_zh": title_zh,
        "threshold": threshold,
        "item": item,
        "doc": doc,
    }


# base id -> category, titles, threshold id graded against (None: fixed rule), what the item after ':' is.
CHECKS = {
    "cpu.count": _spec("cpu", "CPU count", "CPU 数量", None, None, "Logical CPUs online (INFO)."),
    "cpu.load_per_core": _spec(
        "cpu", "Load per core (15 min)", "每核负载(15分钟)", "load_per_core", None, "15-minute load average / CPUs."
    ),
    "cpu.iowait": _spec(
        "cpu", "CPU I/O wait", "CPU I/O 等待", "cpu_iowait", None, "Share of CPU time in iowait over iowait_interval."
    ),
    "memory.used": _spec(
        "memory", "Memory used", "内存使用率", "memory_used", None, "(MemTotal - MemAvailable) / MemTotal."
    ),
    "memory.swap_used": _spec(
        "memory", "Swap used", "交换分区使用率", "swap_used", None, "Swap used / swap total; INFO when no swap."
    ),
    "fs.space": _spec(
        "fs", "File system space", "文件系统空间使用率", "fs_space", "mount point", "Used / (used + available), as df."
    ),
    "fs.inodes": _spec(
        "fs", "File system inodes", "文件系统 inode 使用率", "fs_inodes", "mount point", "INFO without inode table."
    ),
    "fs.days_to_full": _spec(
        "fs",
        "Days until file system full",
        "文件系统预计写满天数",
        "fs_days_to_full",
        "mount point",
        "Available space / daily growth since the previous run (previous_state).",
    ),
    "fs.readonly": _spec(
        "fs", "Read-only mounts", "只读挂载", None, None, "FAIL for a mount that is ro where fstab says rw, or /."
    ),
    "fs.fstab_mounted": _spec(
        "fs", "fstab entries mounted", "fstab 挂载项", None, None, "FAIL for an fstab file system not mounted."
    ),
    "service.active": _spec(
        "service", "Service active", "服务运行状态", None, "service", "FAIL unless the expected unit is active."
    ),
    "service.failed_units": _spec(
        "service", "Failed systemd units", "失败的 systemd 单元", "failed_units", None, "systemctl --failed."
    ),
    "service.cron": _spec("service", "Cron daemon", "计划任务服务", None, None, "WARN when no cron daemon runs."),
    "process.present": _spec(
        "process", "Process present", "进程存在", None, "process", "FAIL when no process matches the entry."
    ),
    "process.zombies": _spec("process", "Zombie processes", "僵尸进程", "zombie_processes", None, "State Z."),
    "process.pid_use": _spec(
        "process", "Tasks of pid_max", "进程数占上限", "resource_limit", None, "Tasks / kernel.pid_max."
    ),
    "kernel.open_files": _spec(
        "kernel", "Open file handles", "文件句柄使用率", "open_files", None, "fs.file-nr allocated / fs.file-max."
    ),
    "kernel.log_errors": _spec(
        "kernel",
        "Kernel hardware and I/O errors",
        "内核硬件及 I/O 错误",
        "kernel_errors",
        None,
        "Kernel messages matching kernel_log_patterns since the previous run (since boot on the first run).",
    ),
    "kernel.version": _spec("kernel", "Kernel version", "内核版本", None, None, "uname -r (INFO)."),
    "system.os": _spec("system", "Operating system", "操作系统版本", None, None, "/etc/os-release (INFO)."),
    "system.uptime": _spec("system", "Uptime", "运行时长", "uptime_days", None, "Days since boot."),
    "system.reboot_required": _spec(
        "system", "Reboot required", "待重启", None, None, "WARN when updates wait for a reboot."
    ),
    "system.days_since_update": _spec(
        "system",
        "Days since last package update",
        "距上次软件包更新天数",
        "days_since_update",
        None,
        "Last install/upgrade in the dpkg or dnf log, else the package database's modification time.",
    ),
    "system.core_dumps": _spec(
        "system", "Crash dumps", "崩溃转储", "core_dumps", None, "Entries in /var/crash and systemd-coredump."
    ),
    "time.ntp_sync": _spec(
        "time", "Clock synchronised", "时钟同步状态", None, None, "chronyc, else ntpq, else timedatectl."
    ),
    "time.clock_offset": _spec("time", "Clock offset", "时钟偏差", "clock_offset", None, "Absolute offset from NTP."),
    "time.timezone": _spec(
        "time", "Time zone", "时区", None, None, "INFO; WARN when expected_timezone is set and differs."
    ),
    "net.hostname": _spec(
        "net", "Host name resolves", "主机名解析", None, None, "FAIL when the host's own name does not resolve."
    ),
    "net.dns_resolvers": _spec(
        "net", "DNS resolvers", "DNS 服务器配置", None, None, "nameserver lines of /etc/resolv.conf."
    ),
    "net.default_route": _spec("net", "Default route", "默认路由", None, None, "INFO."),
    "net.listen": _spec(
        "net", "Expected port listening", "端口监听", None, "proto/port", "FAIL when an expected port is not open."
    ),
    "net.unexpected_listeners": _spec(
        "net",
        "Unexpected listening ports",
        "非预期监听端口",
        None,
        None,
        "WARN for listeners outside expected_ports and allowed_ports (when either is set), loopback excluded.",
    ),
    "net.interface_errors": _spec(
        "net", "Interface errors", "网络接口错误", "interface_errors", None, "Rise in rx/tx errs since last run."
    ),
    "net.interface_drops": _spec(
        "net", "Interface drops", "网络接口丢包", "interface_drops", None, "Rise in rx/tx drop since last run."
    ),
    "log.errors": _spec(
        "log", "Error lines in log", "日志错误行", "log_errors", "log path", "Lines matching since the last run."
    ),
    "security.uid0_accounts": _spec(
        "security", "UID 0 accounts", "UID 为 0 的账号", None, None, "FAIL for any UID-0 account but root."
    ),
    "security.empty_passwords": _spec(
        "security", "Empty passwords", "空密码账号", None, None, "FAIL for a login account with no password."
    ),
    "security.password_age": _spec(
        "security",
        "Password age",
        "密码使用期限",
        "password_age",
        None,
        "Worst (today - last change) / PASS_MAX_DAYS of login accounts; INFO when none has a maximum.",
    ),
    "security.mac": _spec("security", "SELinux / AppArmor", "SELinux / AppArmor 状态", None, None, "INFO."),
    "security.firewall": _spec(
        "security",
        "Firewall",
        "防火墙状态",
        None,
        None,
        "Which manager filters packets (firewalld, nftables, iptables, none); WARN for two at once, or none when "
        "firewall_required.",
    ),
    "backup.last_run": _spec(
        "backup", "Last backup run", "最近一次备份", None, None, "FAIL when the backup status file says failed."
    ),
    "backup.age": _spec(
        "backup", "Age of last good backup", "最近成功备份时长", "backup_age", None, "Hours since the last success."
    ),
    "backup.size": _spec(
        "backup",
        "Size of the last backup",
        "最近一次备份大小",
        None,
        None,
        "GiB the latest successful run wrote (INFO).",
    ),
    "backup.duration": _spec(
        "backup",
        "Duration of the last backup",
        "最近一次备份耗时",
        None,
        None,
        "Minutes the latest successful run took (INFO).",
    ),
}

# Pseudo and read-only image file systems never inspected. tmpfs is handled by fs_tmpfs_mounts.
DEFAULT_FS_TYPES_EXCLUDE = [
    "autofs",
    "binfmt_misc",
    "bpf",
    "cgroup",
    "cgroup2",
    "configfs",
    "debugfs",
    "devpts",
    "devtmpfs",
    "efivarfs",
    "fuse.gvfsd-fuse",
    "fuse.lxcfs",
    "fuse.portal",
    "fusectl",
    "hugetlbfs",
    "iso9660",
    "mqueue",
    "nsfs",
    "overlay",
    "proc",
    "pstore",
    "ramfs",
    "rpc_pipefs",
    "securityfs",
    "selinuxfs",
    "squashfs",
    "sysfs",
    "tracefs",
]
DEFAULT_TMPFS_MOUNTS = ["/tmp", "/dev/shm", "/run"]  # noqa: S108 - mount points inspected, not files written
DEFAULT_INTERFACES_EXCLUDE = ["lo", "veth*"]
NETWORK_FS_TYPES = ("nfs", "nfs4", "cifs", "smbfs", "smb3", "glusterfs", "ceph", "fuse.sshfs", "fuse.glusterfs", "9p")

DEFAULT_LOG_PATTERNS = [r"ORA-\d{5}", r"TNS-\d{5}", r"OutOfMemoryError", r"SEVERE", r"FATAL", r"PANIC"]
DEFAULT_LOG_MAX_LINES = 20
DEFAULT_LOG_MAX_BYTES = 16 * 1024 * 1024

DEFAULT_KERNEL_PATTERNS = [
    r"I/O error",
    r"EXT4-fs error",
    r"XFS \(\S+\): .*(?:[Ee]rror|[Cc]orrupt)",
    r"BTRFS (?:error|critical)",
    r"Hardware Error",
    r"Machine check events logged",
    r"\bMCE\b.*\b(?:[Ee]rror|exception)",
    r"EDAC .*(?:\bCE\b|\bUE\b|error)",
    r"blk_update_request",
    r"Out of memory",
    r"Medium Error",
    r"critical (?:medium|target) error",
    r"task \S+ blocked for more than \d+ seconds",
    r"soft lockup",
    r"hard LOCKUP",
]

DEFAULT_BACKUP_STATUS_FILE = "/var/lib/healthops/backup/status.json"

# Every option of the module with its default; the filter-side validator also refuses unknown keys.
OPTION_DEFAULTS = {
    "thresholds": {},
    "expected_services": [],
    "expected_processes": [],
    "expected_ports": [],
    "allowed_ports": [],
    "log_files": [],
    "kernel_log": True,
    "kernel_log_patterns": None,
    "backup_status_file": None,
    "backup_expected": False,
    "firewall_required": False,
    "skip_checks": [],
    "fs_types_exclude": DEFAULT_FS_TYPES_EXCLUDE,
    "fs_tmpfs_mounts": DEFAULT_TMPFS_MOUNTS,
    "fs_mounts_exclude": [],
    "interfaces_exclude": DEFAULT_INTERFACES_EXCLUDE,
    "expected_timezone": None,
    "previous_state": {},
    "iowait_interval": 0.2,
    "command_timeout": 10,
}

LOG_FILE_KEYS = ("path", "patterns", "max_lines", "max_bytes", "warn", "fail")

_PORT_RE = re.compile(r"^(?:(tcp|udp)/)?(\d{1,5})(?:-(\d{1,5}))?$")


def parse_port_spec(spec: Any, allow_range: bool = False) -> Tuple[str, int, int]:
    """``22``, ``"22"``, ``"tcp/22"``, ``"udp/123"`` (and ``"tcp/30000-32767"`` when ranges are allowed)
    -> (proto, first, last). Raises ValueError with a readable reason."""
    if isinstance(spec, bool):
        raise ValueError("%r is not a port" % (spec,))
    if isinstance(spec, int):
        text = str(spec)
    elif isinstance(spec, str):
        text = spec.strip().lower()
    else:
        raise ValueError("%r is not a port (use 22 or 'tcp/22' or 'udp/123')" % (spec,))
    match = _PORT_RE.match(text)
    if not match:
        raise ValueError("%r is not a port (use 22 or 'tcp/22' or 'udp/123')" % (spec,))
    proto = match.group(1) or "tcp"
    first = int(match.group(2))
    last = int(match.group(3)) if match.group(3) else first
    if match.group(3) and not allow_range:
        raise ValueError("%r: a range is only allowed in allowed_ports" % (spec,))
    for port in (first, last):
        if not 1 <= port <= 65535:
            raise ValueError("%r: port must be 1..65535" % (spec,))
    if last < first:
        raise ValueError("%r: range end is below its start" % (spec,))
    return proto, first, last


def check_base(check_id: str) -> str:
    return check_id.split(":", 1)[0]


def _skip_entry_known(entry: str) -> bool:
    """A category, a base id, ``<base id>:<item>``, or a glob whose part before ':' matches a base id or category."""
    base = check_base(entry)
    if entry in CATEGORIES or base in CHECKS:
        return True
    if any(ch in base for ch in "*?["):
        return any(fnmatch.fnmatchcase(name, base) for name in list(CHECKS) + list(CATEGORIES))
    return False


def is_skipped(check_id: str, skip: List[str]) -> bool:
    """True when skip_checks names the check's category, base id, full id, or a glob matching its id."""
    if not skip:
        return False
    base = check_base(check_id)
    category = CHECKS[base]["category"] if base in CHECKS else None
    for entry in skip:
        if entry in (category, base, check_id):
            return True
        if any(ch in entry for ch in "*?[") and (
            fnmatch.fnmatchcase(check_id, entry) or fnmatch.fnmatchcase(base, entry)
        ):
            return True
    return False


def wants(base_ids: List[str], skip: List[str]) -> bool:
    """Whether any of these base checks survives skip_checks (so its data is worth gathering)."""
    return any(not is_skipped(base, skip) for base in base_ids)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _string_list(value: Any, where: str, errors: List[str], non_empty: bool = True) -> List[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append("%s must be a list of strings, got %s" % (where, type(value).__name__))
        return []
    good = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or (non_empty and not item.strip()):
            errors.append("%s[%d] must be a non-empty string, got %r" % (where, index, item))
        else:
            good.append(item)
    return good


def _regex_list(value: Any, where: str, errors: List[str]) -> None:
    for index, pattern in enumerate(_string_list(value, where, errors)):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append("%s[%d]: invalid regular expression %r: %s" % (where, index, pattern, exc))


def _validate_log_files(value: Any, where: str, errors: List[str]) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        errors.append("%s must be a list of {path, patterns, max_lines}" % where)
        return
    for index, entry in enumerate(value):
        here = "%s[%d]" % (where, index)
        if not isinstance(entry, dict):
            errors.append("%s must be a mapping with at least path, got %r" % (here, entry))
            continue
        unknown = sorted(set(entry) - set(LOG_FILE_KEYS))
        if unknown:
            errors.append("%s: unknown key(s) %s (known: %s)" % (here, ", ".join(unknown), ", ".join(LOG_FILE_KEYS)))
        path = entry.get("path")
        if not isinstance(path, str) or not path.startswith("/"):
            errors.append("%s.path must be an absolute path, got %r" % (here, path))
        if entry.get("patterns") is not None:
            _regex_list(entry.get("patterns"), here + ".patterns", errors)
        for key, minimum in (("max_lines", 0), ("max_bytes", 1)):
            limit = entry.get(key)
            if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < minimum):
                errors.append("%s.%s must be an integer >= %d, got %r" % (here, key, minimum, limit))
        for key in ("warn", "fail"):
            limit = entry.get(key)
            if limit is not None and (not _is_number(limit) or limit < 0):
                errors.append("%s.%s must be a non-negative number, got %r" % (here, key, limit))
        if _is_number(entry.get("warn")) and _is_number(entry.get("fail")) and entry["warn"] > entry["fail"]:
            errors.append("%s: warn (%r) must not be above fail (%r)" % (here, entry["warn"], entry["fail"]))


def _validate_ports(params: Dict[str, Any], name: Callable[[str], str], errors: List[str]) -> None:
    for option, allow_range in (("expected_ports", False), ("allowed_ports", True)):
        ports = params.get(option)
        if ports is None:
            continue
        if not isinstance(ports, list):
            errors.append("%s must be a list of ports (22, 'tcp/22', 'udp/123')" % name(option))
            continue
        for index, port in enumerate(ports):
            try:
                parse_port_spec(port, allow_range=allow_range)
            except ValueError as exc:
                errors.append("%s[%d]: %s" % (name(option), index, exc))


def _validate_scalars(params: Dict[str, Any], name: Callable[[str], str], errors: List[str]) -> None:
    for option in ("kernel_log", "backup_expected", "firewall_required"):
        if params.get(option) is not None and not isinstance(params.get(option), bool):
            errors.append("%s must be a boolean, got %r" % (name(option), params.get(option)))
    backup_file = params.get("backup_status_file")
    if backup_file is not None and (not isinstance(backup_file, str) or not backup_file.startswith("/")):
        errors.append("%s must be an absolute path, got %r" % (name("backup_status_file"), backup_file))
    timezone = params.get("expected_timezone")
    if timezone is not None and (not isinstance(timezone, str) or not timezone.strip()):
        errors.append(
            "%s must be a time zone name such as Asia/Shanghai, got %r" % (name("expected_timezone"), timezone)
        )
    state = params.get("previous_state")
    if state is not None and not isinstance(state, dict):
        errors.append("%s must be the mapping a previous run returned as state" % name("previous_state"))
    interval = params.get("iowait_interval")
    if interval is not None and (not _is_number(interval) or not 0 <= interval <= 5):
        errors.append("%s must be a number of seconds from 0 to 5, got %r" % (name("iowait_interval"), interval))
    timeout = params.get("command_timeout")
    if timeout is not None and (not _is_number(timeout) or not 1 <= timeout <= 300):
        errors.append("%s must be 1..300 seconds, got %r" % (name("command_timeout"), timeout))


def validate_inspection_options(params: Dict[str, Any], prefix: str = "") -> List[str]:
    """Return messages for every bad value in host_inspect's options (empty list when valid).

    ``params`` uses the module's option names; keys absent are taken as their default. ``prefix`` is
    put before each option name in messages, so a role can report its own variable names
    (``prefix="host_inspect_"`` gives ``host_inspect_thresholds.fs_space.warn ...``).
    """
    errors = []  # type: List[str]
    if not isinstance(params, dict):
        return ["%soptions must be a mapping, got %s" % (prefix, type(params).__name__)]

    def name(option: str) -> str:
        return prefix + option

    for key in sorted(params):
        if key not in OPTION_DEFAULTS:
            errors.append("%s: unknown option (known: %s)" % (name(key), ", ".join(sorted(OPTION_DEFAULTS))))
    errors.extend(validate_thresholds(params.get("thresholds"), INSPECTION_THRESHOLDS, name=name("thresholds")))

    for option in ("expected_services", "expected_processes"):
        for index, item in enumerate(_string_list(params.get(option), name(option), errors)):
            if option == "expected_services" and (item.startswith("-") or any(c.isspace() for c in item)):
                errors.append("%s[%d]: %r is not a unit name" % (name(option), index, item))
            if option == "expected_processes" and item.startswith("cmdline:") and not item[8:].strip():
                errors.append("%s[%d]: 'cmdline:' needs text after it" % (name(option), index))

    _validate_ports(params, name, errors)

    for index, entry in enumerate(_string_list(params.get("skip_checks"), name("skip_checks"), errors)):
        if not _skip_entry_known(entry):
            errors.append(
                "%s[%d]: %r is neither a category (%s) nor a check id"
                % (name("skip_checks"), index, entry, ", ".join(CATEGORIES))
            )

    for option in ("fs_types_exclude", "fs_tmpfs_mounts", "fs_mounts_exclude", "interfaces_exclude"):
        _string_list(params.get(option), name(option), errors)
    for index, mount in enumerate(_string_list(params.get("fs_tmpfs_mounts"), name("fs_tmpfs_mounts"), [])):
        if not mount.startswith("/"):
            errors.append("%s[%d] must be an absolute mount point, got %r" % (name("fs_tmpfs_mounts"), index, mount))
    _regex_list(params.get("kernel_log_patterns"), name("kernel_log_patterns"), errors)
    _validate_log_files(params.get("log_files"), name("log_files"), errors)

    _validate_scalars(params, name, errors)
    return errors


def resolve_thresholds(overrides: Optional[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return merge_thresholds(INSPECTION_THRESHOLDS, overrides or {})


def new_check(
    check_id: str,
    status: str,
    value: Any = None,
    threshold: Any = None,
    unit: str = "",
    detail: str = "",
) -> Dict[str, Any]:
    """A check of the catalogue: category and titles come from CHECKS (the item is appended to titles)."""
    base = check_base(check_id)
    spec = CHECKS[base]
    item = check_id[len(base) + 1 :] if ":" in check_id else ""
    suffix = (" " + item) if item else ""
    return make_check(
        check_id=check_id,
        category=spec["category"],
        title=spec["title"] + suffix,
        title_zh=spec["title_zh"] + suffix,
        status=status,
        value=value,
        threshold=threshold,
        unit=unit,
        detail=detail,
    )


def graded_check(
    check_id: str,
    value: Optional[float],
    thresholds: Dict[str, Dict[str, Any]],
    detail: str = "",
    limits: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """Grade ``value`` against the catalogue threshold of the check (or ``limits`` when given)."""
    spec = thresholds[CHECKS[check_base(check_id)]["threshold"]]
    if limits:
        spec = dict(spec, **{k: v for k, v in limits.items() if v is not None})
    warn, fail, higher = spec.get("warn"), spec.get("fail"), spec.get("higher_is_worse", True)
    unit = spec.get("unit", "")
    status = grade(value, warn, fail, higher_is_worse=higher)
    if value is None and not detail:
        detail = "no value could be obtained"
    return new_check(check_id, status, value, threshold_text(warn, fail, higher, unit), unit, detail)


def error_check(check_id: str, detail: str) -> Dict[str, Any]:
    return new_check(check_id, ERROR, None, None, "", detail)


def round_value(value: Optional[float], digits: int = 1) -> Optional[float]:
    if value is None:
        return None
    return round(float(value), digits)


def human_bytes(count: Optional[float]) -> str:
    if count is None:
        return "?"
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return ("%d %s" % (value, unit)) if unit == "B" else ("%.1f %s" % (value, unit))
        value /= 1024
    return "%.1f PiB" % value  # pragma: no cover
