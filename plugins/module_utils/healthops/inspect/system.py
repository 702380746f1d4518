# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: CPU, memory, processes, services, kernel limits, system facts, packages, time.

Pure parsing and evaluation on recorded text. Standard library only, Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.inspect.base import error_check, graded_check, new_check, round_value

__metaclass__ = type

# ---------------------------------------------------------------- CPU and memory


def parse_proc_stat(text: str) -> Dict[str, Any]:
    """/proc/stat -> {"cpu": [jiffies of the aggregate line as ints], "ncpu": online CPUs, "btime": boot epoch}."""
    result = {"cpu": [], "ncpu": 0, "btime": None}  # type: Dict[str, Any]
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        if fields[0] == "cpu":
            result["cpu"] = [int(x) for x in fields[1:]]
        elif fields[0].startswith("cpu") and fields[0][3:].isdigit():
            result["ncpu"] += 1
        elif fields[0] == "btime" and len(fields) > 1:
            result["btime"] = int(fields[1])
    return result


def iowait_percent(first: List[int], second: List[int]) -> Optional[float]:
    """Share of CPU time spent in iowait between two /proc/stat samples (None without elapsed time).

    Fields: user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is already
    part of user time, so only the first eight are summed.
    """
    if len(first) < 5 or len(second) < 5:
        return None
    total = sum(second[:8]) - sum(first[:8])
    if total <= 0:
        return None
    return max(0.0, (second[4] - first[4]) * 100.0 / total)


def eval_cpu_count(ncpu: int) -> Dict[str, Any]:
    if ncpu <= 0:
        return error_check("cpu.count", "no cpuN line in /proc/stat")
    return new_check("cpu.count", INFO, ncpu, None, "", "%d logical CPU(s) online" % ncpu)


def parse_loadavg(text: str) -> Dict[str, Any]:
    """/proc/loadavg -> {load1, load5, load15, running, tasks}."""
    fields = text.split()
    running, tasks = fields[3].split("/")
    return {
        "load1": float(fields[0]),
        "load5": float(fields[1]),
        "load15": float(fields[2]),
        "running": int(running),
        "tasks": int(tasks),
    }


def eval_load(load: Dict[str, Any], ncpu: int, thresholds: Dict[str, Any]) -> Dict[str, Any]:
    if ncpu <= 0:
        return error_check("cpu.load_per_core", "CPU count unknown")
    per_core = load["load15"] / ncpu
    detail = "load average %.2f %.2f %.2f on %d CPU(s)" % (load["load1"], load["load5"], load["load15"], ncpu)
    return graded_check("cpu.load_per_core", round(per_core, 2), thresholds, detail)


def eval_iowait(percent: Optional[float], interval: float, thresholds: Dict[str, Any]) -> Dict[str, Any]:
    if percent is None:
        return error_check("cpu.iowait", "no CPU time elapsed between the two /proc/stat samples")
    return graded_check("cpu.iowait", round_value(percent), thresholds, "sampled over %.2f s" % interval)


def parse_meminfo(text: str) -> Dict[str, int]:
    """/proc/meminfo -> {key: bytes} (values in kB converted; unit-less counters kept as they are)."""
    result = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        fields = rest.split()
        if not fields or not fields[0].isdigit():
            continue
        value = int(fields[0])
        if len(fields) > 1 and fields[1].lower() == "kb":
            value *= 1024
        result[key.strip()] = value
    return result


def _gib(value: float) -> str:
    return "%.1f GiB" % (value / 1073741824.0)


def eval_memory(mem: Dict[str, int], thresholds: Dict[str, Any]) -> List[Dict[str, Any]]:
    checks = []
    total = mem.get("MemTotal", 0)
    if total <= 0:
        checks.append(error_check("memory.used", "MemTotal missing from /proc/meminfo"))
    else:
        if "MemAvailable" in mem:
            available, how = mem["MemAvailable"], "MemAvailable"
        else:  # kernels before 3.14
            available = mem.get("MemFree", 0) + mem.get("Buffers", 0) + mem.get("Cached", 0)
            how = "MemFree+Buffers+Cached (no MemAvailable in this kernel)"
        used = total - available
        detail = "%s used of %s, %s available (%s)" % (_gib(used), _gib(total), _gib(available), how)
        checks.append(graded_check("memory.used", round_value(used * 100.0 / total), thresholds, detail))
    swap_total = mem.get("SwapTotal", 0)
    if swap_total <= 0:
        checks.append(new_check("memory.swap_used", INFO, None, None, "%", "no swap configured"))
    else:
        swap_used = swap_total - mem.get("SwapFree", 0)
        swap_detail = "%s used of %s swap" % (_gib(swap_used), _gib(swap_total))
        swap_pct = round_value(swap_used * 100.0 / swap_total)
        checks.append(graded_check("memory.swap_used", swap_pct, thresholds, swap_detail))
    return checks


# ---------------------------------------------------------------- processes


def parse_pid_stat(text: str) -> Dict[str, Any]:
    """/proc/PID/stat -> {pid, comm, state, ppid}; comm may hold spaces and parentheses."""
    left = text.index("(")
    right = text.rindex(")")
    rest = text[right + 2 :].split()
    return {"pid": int(text[:left]), "comm": text[left + 1 : right], "state": rest[0], "ppid": int(rest[1])}


def _basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def process_matches(entry: str, proc: Dict[str, Any]) -> bool:
    """``cmdline:TEXT`` matches when TEXT is in the command line; otherwise the entry must equal the
    process name (/proc/PID/comm, which the kernel cuts at 15 characters) or argv[0]'s base name."""
    cmdline = proc.get("cmdline") or ""
    if entry.startswith("cmdline:"):
        return entry[8:] in cmdline
    argv0 = cmdline.split(" ", 1)[0] if cmdline else ""
    return entry in (proc.get("comm"), _basename(argv0)) or (len(entry) > 15 and proc.get("comm") == entry[:15])


def eval_expected_processes(procs: List[Dict[str, Any]], expected: List[str]) -> List[Dict[str, Any]]:
    checks = []
    for entry in expected:
        found = [p for p in procs if process_matches(entry, p)]
        if found:
            pids = ", ".join(str(p["pid"]) for p in found[:5]) + (" ..." if len(found) > 5 else "")
            checks.append(
                new_check(
                    "process.present:" + entry, PASS, len(found), ">=1", "", "%d running (pid %s)" % (len(found), pids)
                )
            )
        else:
            checks.append(new_check("process.present:" + entry, FAIL, 0, ">=1", "", "no matching process"))
    return checks


def eval_zombies(procs: List[Dict[str, Any]], thresholds: Dict[str, Any]) -> Dict[str, Any]:
    zombies = [p for p in procs if p.get("state") == "Z"]
    parents = {}  # type: Dict[int, int]
    for proc in zombies:
        parents[proc["ppid"]] = parents.get(proc["ppid"], 0) + 1
    names = {p["pid"]: p["comm"] for p in procs}
    if zombies:
        detail = "; ".join(
            "%d left by pid %d (%s)" % (n, ppid, names.get(ppid, "?"))
            for ppid, n in sorted(parents.items(), key=lambda kv: -kv[1])[:5]
        )
    else:
        detail = "no zombie among %d processes" % len(procs)
    return graded_check("process.zombies", len(zombies), thresholds, detail)


CRON_NAMES = ("cron", "crond", "cronie", "fcron", "anacron")


def eval_cron(procs: List[Dict[str, Any]]) -> Dict[str, Any]:
    found = sorted({p["comm"] for p in procs if p.get("comm") in CRON_NAMES})
    if found:
        return new_check("service.cron", PASS, ", ".join(found), None, "", "cron daemon running")
    return new_check(
        "service.cron", WARN, None, None, "", "no cron daemon (cron, crond) running: scheduled jobs will not run"
    )


def eval_pid_use(tasks: Optional[int], pid_max: Optional[int], thresholds: Dict[str, Any]) -> Dict[str, Any]:
    if tasks is None or not pid_max:
        return error_check("process.pid_use", "could not read /proc/loadavg or kernel.pid_max")
    detail = "%d tasks (threads included) of pid_max %d" % (tasks, pid_max)
    return graded_check("process.pid_use", round_value(tasks * 100.0 / pid_max, 2), thresholds, detail)


def eval_open_files(file_nr: str, thresholds: Dict[str, Any]) -> Dict[str, Any]:
    """/proc/sys/fs/file-nr: allocated, free (always 0 since 2.6), maximum."""
    fields = file_nr.split()
    allocated, maximum = int(fields[0]), int(fields[2])
    if maximum <= 0:
        return error_check("kernel.open_files", "fs.file-max is 0")
    detail = "%d file handles allocated of fs.file-max %d" % (allocated, maximum)
    return graded_check("kernel.open_files", round_value(allocated * 100.0 / maximum, 2), thresholds, detail)


# ---------------------------------------------------------------- systemd


def parse_systemctl_show(text: str) -> List[Dict[str, str]]:
    """``systemctl show -p Id,LoadState,ActiveState,SubState -- a b`` -> one mapping per unit, in order."""
    units, current = [], {}  # type: Tuple[List[Dict[str, str]], Dict[str, str]]
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current:
                units.append(current)
                current = {}
            continue
        key, _, value = line.partition("=")
        current[key.strip()] = value.strip()
    return units


def eval_services(
    expected: List[str],
    units: Optional[List[Dict[str, str]]],
    error: str = "",
) -> List[Dict[str, Any]]:
    """One ``service.active:<name>`` per expected unit; ``units`` as parse_systemctl_show in the same order."""
    checks = []
    for index, name in enumerate(expected):
        # The id written out in each call: the report's source tests read a call's id and its detail together.
        if units is None or index >= len(units):
            checks.append(error_check("service.active:" + name, error or "systemctl gave no state for this unit"))
            continue
        unit = units[index]
        load, active, sub = unit.get("LoadState", "?"), unit.get("ActiveState", "?"), unit.get("SubState", "?")
        unit_id = unit.get("Id") or name
        if load == "not-found":
            detail = "unit %s does not exist" % unit_id
            checks.append(new_check("service.active:" + name, FAIL, "not-found", "active", "", detail))
        else:
            detail = "%s is %s (%s)" % (unit_id, active, sub)
            status = PASS if active == "active" else FAIL
            checks.append(new_check("service.active:" + name, status, active, "active", "", detail))
    return checks


def parse_failed_units(text: str) -> List[str]:
    """``systemctl list-units --state=failed --no-legend --plain`` -> unit names."""
    units = []
    for line in text.splitlines():
        fields = line.replace("\u25cf", " ").split()
        if fields and fields[0] not in ("*",):
            units.append(fields[0])
        elif len(fields) > 1:
            units.append(fields[1])
    return units


def eval_failed_units(units: Optional[List[str]], thresholds: Dict[str, Any], error: str = "") -> Dict[str, Any]:
    if units is None:
        return error_check("service.failed_units", error or "systemctl did not answer")
    detail = ("failed: " + ", ".join(units[:20]) + (" ..." if len(units) > 20 else "")) if units else "no failed unit"
    return graded_check("service.failed_units", len(units), thresholds, detail)


# ---------------------------------------------------------------- system facts


def parse_os_release(text: str) -> Dict[str, str]:
    result = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep or key.strip().startswith("#"):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        result[key.strip()] = value
    return result


DEBIAN_IDS = ("debian", "ubuntu", "uos", "deepin", "kali", "linuxmint", "raspbian")
REDHAT_IDS = (
    "rhel",
    "centos",
    "fedora",
    "rocky",
    "almalinux",
    "ol",
    "kylin",
    "openeuler",
    "anolis",
    "euleros",
    "tencentos",
    "opencloudos",
    "amzn",
    "circle",
)


def os_family(os_release: Dict[str, str]) -> str:
    """Family "debian", "redhat" or "unknown" from ID and ID_LIKE.

    Kylin, openEuler and Anolis count as redhat; UOS and Deepin as debian, except that a PLATFORM_ID (the
    dnf module platform, e.g. ``platform:uel20``) marks an rpm-based build: UOS Server 20's "e" editions keep
    ID=uos but are built on openEuler (uel20) or Anolis/CentOS (uelc20).
    """
    if os_release.get("PLATFORM_ID", "").startswith("platform:"):
        return "redhat"
    ids = [os_release.get("ID", "").lower(), *os_release.get("ID_LIKE", "").lower().split()]
    if any(i in DEBIAN_IDS for i in ids):
        return "debian"
    if any(i in REDHAT_IDS for i in ids):
        return "redhat"
    return "unknown"


# The distribution's own release file, which holds the full version os-release's VERSION_ID leaves out
# (CentOS 7 says VERSION_ID="7" but "CentOS Linux release 7.9.2009 (Core)"; Debian says "12" but 12.5).
RELEASE_FILES = {
    "centos": "/etc/centos-release",
    "rocky": "/etc/rocky-release",
    "almalinux": "/etc/almalinux-release",
    "anolis": "/etc/anolis-release",
    "kylin": "/etc/kylin-release",
    "openeuler": "/etc/openEuler-release",
    "rhel": "/etc/redhat-release",
    "debian": "/etc/debian_version",
}
# Read after the ID's own file on the RHEL family (on most of them links to it).
REDHAT_RELEASE_FILES = ("/etc/redhat-release", "/etc/system-release")
_RELEASE_VERSION = re.compile(r"\brelease\s+(\S*\d\S*)")
_DEBIAN_VERSION = re.compile(r"^\d+(?:\.\d+)*$")


def release_files(os_release: Dict[str, str]) -> List[str]:
    """The release files that may hold this distribution's full version, in the order to try them.

    Ubuntu and other Debian derivatives are left out: their /etc/debian_version names the Debian base
    (``buster/sid``), not their own version.
    """
    os_id = os_release.get("ID", "").lower()
    paths = [RELEASE_FILES[os_id]] if os_id in RELEASE_FILES else []
    if os_family(os_release) == "redhat":
        paths.extend(p for p in REDHAT_RELEASE_FILES if p not in paths)
    return paths


def release_version(path: str, text: str) -> str:
    """Full version from a release file: ``CentOS Linux release 7.9.2009 (Core)`` -> 7.9.2009, Debian's
    ``12.5`` -> 12.5; "" when the file does not say (``trixie/sid`` on Debian testing)."""
    text = text.strip()
    if path.endswith("/debian_version"):
        return text if _DEBIAN_VERSION.match(text) else ""
    match = _RELEASE_VERSION.search(text)
    return match.group(1) if match else ""


def eval_os(os_release: Optional[Dict[str, str]], version: str = "") -> Dict[str, Any]:
    """``version``: the full version from the release file (release_version), added to the detail when known."""
    if not os_release:
        return error_check("system.os", "/etc/os-release not found")
    name = (
        os_release.get("PRETTY_NAME")
        or ("%s %s" % (os_release.get("NAME", "?"), os_release.get("VERSION", ""))).strip()
    )
    detail = "ID=%s VERSION_ID=%s family=%s" % (
        os_release.get("ID", "?"),
        os_release.get("VERSION_ID", "?"),
        os_family(os_release),
    )
    if version:
        detail += " version=%s" % version
    return new_check("system.os", INFO, name, None, "", detail)


def eval_kernel(release: str, version: str, machine: str) -> Dict[str, Any]:
    return new_check("kernel.version", INFO, release, None, "", "%s %s" % (machine, version))


def eval_uptime(uptime_text: str, thresholds: Dict[str, Any]) -> Dict[str, Any]:
    seconds = float(uptime_text.split(maxsplit=1)[0])
    days = seconds / 86400.0
    detail = "up %d d %d h" % (int(days), int(seconds % 86400 // 3600))
    return graded_check("system.uptime", round_value(days), thresholds, detail)


_VERSION_TOKEN = re.compile(r"\d+|[A-Za-z]+")


def version_key(version: str) -> List[Tuple[int, Any]]:
    """Sort key for kernel release strings: numbers numerically, words alphabetically."""
    return [(0, int(tok)) if tok.isdigit() else (1, tok) for tok in _VERSION_TOKEN.findall(version)]


def eval_reboot_required(
    family: str,
    debian_flag: Optional[bool],
    debian_pkgs: str = "",
    needs_restarting: Optional[Tuple[int, str]] = None,
    running_kernel: str = "",
    installed_kernels: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """WARN when updates wait for a reboot.

    In order: /var/run/reboot-required (Debian family; not every Debian host has the package that writes it),
    ``needs-restarting -r`` (RHEL family; rc 1 = reboot needed), then whether a newer kernel is installed
    (/lib/modules) than the one running.
    """
    check_id = "system.reboot_required"
    if debian_flag:
        pkgs = sorted(set(debian_pkgs.split()))
        detail = "/var/run/reboot-required present" + (" (packages: %s)" % ", ".join(pkgs[:10]) if pkgs else "")
        return new_check(check_id, WARN, True, False, "", detail)
    if needs_restarting is not None and needs_restarting[0] in (0, 1):
        rc, out = needs_restarting
        text = " ".join(out.split())[:300]
        return new_check(check_id, WARN if rc == 1 else PASS, rc == 1, False, "", "needs-restarting -r: " + text)
    flag_note = "; /var/run/reboot-required absent" if family == "debian" else ""
    if installed_kernels and running_kernel:
        newest = max(installed_kernels, key=version_key)
        if version_key(newest) > version_key(running_kernel):
            detail = "running kernel %s, newer kernel %s installed" % (running_kernel, newest)
            return new_check(check_id, WARN, True, False, "", detail)
        return new_check(
            check_id, PASS, False, False, "", "running the newest installed kernel %s%s" % (running_kernel, flag_note)
        )
    if family == "debian":
        return new_check(check_id, PASS, False, False, "", "/var/run/reboot-required absent")
    return new_check(
        check_id, INFO, None, False, "", "cannot tell: no reboot-required flag, needs-restarting or kernel list"
    )


_DPKG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (?:install|upgrade) ", re.M)
_DNF_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:Z|[+-]\d\d:?\d\d)? \w+ (?:Upgrade|Upgraded|Install|Installed|Reinstall)d?:",
    re.M,
)


def last_package_change(text: str, kind: str) -> Optional[datetime]:
    """Latest install/upgrade in dpkg.log (``kind="dpkg"``) or dnf.rpm.log (``kind="dnf"``), as a naive
    local-time datetime (both logs write local time; dnf's zone suffix is dropped)."""
    pattern = _DPKG_LINE if kind == "dpkg" else _DNF_LINE
    stamps = pattern.findall(text)
    if not stamps:
        return None
    fmt = "%Y-%m-%d %H:%M:%S" if kind == "dpkg" else "%Y-%m-%dT%H:%M:%S"
    return max(datetime.strptime(s, fmt) for s in stamps)


def eval_days_since_update(
    last: Optional[float], source: str, now: float, thresholds: Dict[str, Any], error: str = ""
) -> Dict[str, Any]:
    if last is None:
        return error_check("system.days_since_update", error or "no package log or package database found")
    days = max(0.0, (now - last) / 86400.0)
    stamp = datetime.fromtimestamp(last).strftime("%Y-%m-%d %H:%M")
    return graded_check(
        "system.days_since_update", round_value(days), thresholds, "last change %s (%s)" % (stamp, source)
    )


def eval_core_dumps(entries: List[Tuple[str, float]], thresholds: Dict[str, Any], now: float) -> Dict[str, Any]:
    """entries: (path, mtime) of crash dumps found (files or kdump directories)."""
    if not entries:
        return graded_check("system.core_dumps", 0, thresholds, "no crash dump in /var/crash or systemd-coredump")
    newest = sorted(entries, key=lambda e: -e[1])
    shown = ", ".join("%s (%d d ago)" % (path, max(0, (now - mtime) // 86400)) for path, mtime in newest[:5])
    return graded_check("system.core_dumps", len(entries), thresholds, shown + (" ..." if len(entries) > 5 else ""))


# ---------------------------------------------------------------- time


def parse_chronyc_tracking(text: str) -> Dict[str, Any]:
    """``chronyc -n tracking`` -> {ref_id, ref_name, stratum, offset (s, + = system clock ahead),
    leap_status, synchronised}."""
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    result = {"synchronised": False, "offset": None}  # type: Dict[str, Any]
    ref = fields.get("Reference ID", "")
    result["ref_id"] = ref.split()[0] if ref else ""
    result["ref_name"] = ref[ref.find("(") + 1 : ref.rfind(")")] if "(" in ref else ""
    stratum = fields.get("Stratum", "")
    result["stratum"] = int(stratum) if stratum.isdigit() else None
    system_time = fields.get("System time", "")
    match = re.match(r"([0-9.]+) seconds (slow|fast)", system_time)
    if match:
        value = float(match.group(1))
        result["offset"] = value if match.group(2) == "fast" else -value
    result["leap_status"] = fields.get("Leap status", "")
    result["synchronised"] = (
        bool(fields)
        and result["leap_status"] != "Not synchronised"
        and result["ref_id"] not in ("", "00000000", "0.0.0.0")  # noqa: S104 - chrony's "no reference"
        and result["stratum"] not in (None, 0)
    )
    return result


def parse_ntpq_peers(text: str) -> Dict[str, Any]:
    """``ntpq -pn``: the system peer is marked '*' (or 'o' for PPS); offset is in milliseconds."""
    for line in text.splitlines():
        if line[:1] in ("*", "o"):
            fields = line[1:].split()
            try:
                return {"synchronised": True, "offset": float(fields[8]) / 1000.0, "peer": fields[0]}
            except (IndexError, ValueError):
                return {"synchronised": True, "offset": None, "peer": fields[0] if fields else ""}
    return {"synchronised": False, "offset": None, "peer": ""}


def parse_key_values(text: str) -> Dict[str, str]:
    """KEY=value lines (``timedatectl show``, ``systemctl show``)."""
    result = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            result[key.strip()] = value.strip()
    return result


def eval_time(info: Dict[str, Any], thresholds: Dict[str, Any]) -> List[Dict[str, Any]]:
    """info: {"source": tool or "", "synchronised": bool|None, "offset": float|None, "detail": str,
    "errors": [why each tool could not answer]}."""
    source = info.get("source") or ""
    errors = "; ".join(info.get("errors") or [])
    if not source:
        why = "no NTP client tool answered: " + (errors or "none found")
        return [error_check("time.ntp_sync", why), error_check("time.clock_offset", why)]
    detail = "%s: %s" % (source, info.get("detail") or "")
    if errors:
        detail += " [%s]" % errors
    synced = info.get("synchronised")
    if synced:
        sync = new_check("time.ntp_sync", PASS, True, True, "", detail)
    else:
        sync = new_check("time.ntp_sync", FAIL, False, True, "", "not synchronised; " + detail)
    offset = info.get("offset")
    if offset is None:
        why = "%s does not report an offset" % source if synced is not None else errors
        off = new_check("time.clock_offset", INFO, None, None, "s", why)
    else:
        off = graded_check("time.clock_offset", round(abs(offset), 6), thresholds, "%s: %+.6f s" % (source, offset))
    return [sync, off]


def eval_timezone(name: str, utc_offset: str, expected: Optional[str]) -> Dict[str, Any]:
    value = name or utc_offset
    detail = "UTC%s" % utc_offset if utc_offset else ""
    if expected:
        if name == expected:
            return new_check("time.timezone", PASS, value, expected, "", detail)
        return new_check("time.timezone", WARN, value, expected, "", ("expected %s; " % expected) + detail)
    return new_check("time.timezone", INFO, value, None, "", detail)
