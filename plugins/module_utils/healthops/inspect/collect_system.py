# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: the system probes (CPU, memory, services, processes, kernel, packages, time) through a HostIO."""

from __future__ import absolute_import, division, print_function

from ansible.module_utils.healthops.inspect import collect_logs
from ansible.module_utils.healthops.inspect.base import (
    is_skipped,
    new_check,
    wants,
)
from ansible.module_utils.healthops.inspect.hostio import first_line
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
    parse_chronyc_tracking,
    parse_failed_units,
    parse_key_values,
    parse_loadavg,
    parse_meminfo,
    parse_ntpq_peers,
    parse_proc_stat,
    parse_systemctl_show,
    release_files,
    release_version,
)

__metaclass__ = type

CRASH_DIRS = ("/var/crash", "/var/lib/systemd/coredump")
CRASH_IGNORE = ("kexec_cmd", "kdump_lock", "README", "lost+found")


def cpu(run):
    first = parse_proc_stat(run.io.read("/proc/stat"))
    run.ncpu = first["ncpu"]
    checks = [eval_cpu_count(run.ncpu)]
    checks.append(eval_load(parse_loadavg(run.io.read("/proc/loadavg")), run.ncpu, run.th))
    if not is_skipped("cpu.iowait", run.skip):
        interval = float(run.p.get("iowait_interval") or 0)
        if interval > 0:
            run.io.sleep(interval)
            second = parse_proc_stat(run.io.read("/proc/stat"))
            checks.append(eval_iowait(iowait_percent(first["cpu"], second["cpu"]), interval, run.th))
        else:
            check = eval_iowait(iowait_percent([0] * len(first["cpu"]), first["cpu"]), 0, run.th)
            check["detail"] = "average since boot"
            checks.append(check)
    return checks


def memory(run):
    return eval_memory(parse_meminfo(run.io.read("/proc/meminfo")), run.th)


def services(run):
    expected = run.p.get("expected_services") or []
    checks = []
    if not run.io.isdir("/run/systemd/system"):
        pid1 = run.io.comm(1)
        why = "systemd is not running (PID 1 is %s)" % pid1
        checks.extend(eval_services(expected, None, "cannot check: " + why))
        checks.append(new_check("service.failed_units", "INFO", None, None, "", why + ": no units"))
    else:
        if expected and wants(["service.active"], run.skip):
            argv = ["systemctl", "show", "--property=Id,LoadState,ActiveState,SubState", "--", *expected]
            res = run.io.run(argv, run.timeout)
            if res.rc == 0:
                checks.extend(eval_services(expected, parse_systemctl_show(res.out)))
            else:
                checks.extend(eval_services(expected, None, res.error or first_line(res.err or res.out)))
        if not is_skipped("service.failed_units", run.skip):
            argv = ["systemctl", "list-units", "--state=failed", "--no-legend", "--plain", "--no-pager"]
            res = run.io.run(argv, run.timeout)
            if res.rc == 0:
                checks.append(eval_failed_units(parse_failed_units(res.out), run.th))
            else:
                checks.append(eval_failed_units(None, run.th, res.error or first_line(res.err or res.out)))
    if not is_skipped("service.cron", run.skip):
        checks.append(eval_cron(run.processes()))
    return checks


def process_checks(run):
    procs = run.processes()
    own = run.io.own_pid()
    others = [p for p in procs if p["pid"] != own]
    checks = eval_expected_processes(others, run.p.get("expected_processes") or [])
    checks.append(eval_zombies(procs, run.th))
    load = parse_loadavg(run.io.read("/proc/loadavg"))
    pid_max = int(run.io.read("/proc/sys/kernel/pid_max").split()[0])
    checks.append(eval_pid_use(load["tasks"], pid_max, run.th))
    return checks


def kernel(run):
    checks = [eval_open_files(run.io.read("/proc/sys/fs/file-nr"), run.th)]
    uname = run.uname
    checks.append(eval_kernel(uname.release, uname.version, uname.machine))
    if run.p.get("kernel_log", True) and not is_skipped("kernel.log_errors", run.skip):
        checks.append(collect_logs.kernel_log(run))
    return checks


def system(run):
    checks = [eval_os(run.os_release, full_version(run)), eval_uptime(run.io.read("/proc/uptime"), run.th)]
    if not is_skipped("system.reboot_required", run.skip):
        checks.append(reboot_required(run))
    if not is_skipped("system.days_since_update", run.skip):
        checks.append(days_since_update(run))
    if not is_skipped("system.core_dumps", run.skip):
        entries = []
        for directory in CRASH_DIRS:
            try:
                names = run.io.listdir(directory)
            except OSError:
                continue
            for name in names:
                if name.startswith(".") or name in CRASH_IGNORE:
                    continue
                path = "%s/%s" % (directory, name)
                try:
                    entries.append((path, run.io.mtime(path)))
                except OSError:
                    continue
        checks.append(eval_core_dumps(entries, run.th, run.now))
    return checks


def full_version(run):
    """The full version from the first release file that gives one ("" when none does)."""
    for path in release_files(run.os_release):
        try:
            text = run.read(path)
        except OSError:
            continue
        version = release_version(path, text or "")
        if version:
            return version
    return ""


def reboot_required(run):
    flag = run.io.exists("/var/run/reboot-required") or run.io.exists("/run/reboot-required")
    if flag:
        pkgs = run.read("/var/run/reboot-required.pkgs") or ""
        return eval_reboot_required(run.family, True, pkgs)
    needs = None
    if run.family != "debian" and run.io.which("needs-restarting"):
        res = run.io.run(["needs-restarting", "-r"], run.timeout)
        if res.rc in (0, 1):
            needs = (res.rc, res.out)
    kernels = []
    if needs is None:
        for directory in ("/lib/modules", "/usr/lib/modules"):
            try:
                kernels = [k for k in run.io.listdir(directory) if k[:1].isdigit()]
            except OSError:
                continue
            if kernels:
                break
    return eval_reboot_required(run.family, False, "", needs, run.uname.release, kernels)


def days_since_update(run):
    logs = []
    dbs = []
    if run.family in ("debian", "unknown"):
        logs += [("/var/log/dpkg.log", "dpkg"), ("/var/log/dpkg.log.1", "dpkg")]
        dbs += ["/var/lib/dpkg/status"]
    if run.family in ("redhat", "unknown"):
        logs += [("/var/log/dnf.rpm.log", "dnf"), ("/var/log/dnf.rpm.log.1", "dnf")]
        dbs += ["/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/var/lib/dnf/history.sqlite"]
    for path, kind in logs:
        try:
            text = run.io.read_tail(path, 4 * 1024 * 1024)
        except OSError:
            continue
        last = last_package_change(text, kind)
        if last is not None:
            return eval_days_since_update(last.timestamp(), path, run.now, run.th)
    for path in dbs:
        try:
            return eval_days_since_update(run.io.mtime(path), path + " modified", run.now, run.th)
        except OSError:
            continue
    return eval_days_since_update(None, "", run.now, run.th, "no package log or database found")


def time_checks(run):
    checks = []
    if wants(["time.ntp_sync", "time.clock_offset"], run.skip):
        checks.extend(eval_time(clock(run), run.th))
    name, offset = run.io.timezone()
    checks.append(eval_timezone(name, offset, run.p.get("expected_timezone")))
    return checks


def clock(run):
    errors = []
    res = run.io.run(["chronyc", "-n", "tracking"], run.timeout)
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
    errors.append("chronyc: " + (res.error or first_line(res.err or res.out) or "rc %s" % res.rc))
    res = run.io.run(["ntpq", "-pn"], run.timeout)
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
    errors.append("ntpq: " + (res.error or first_line(res.err or res.out) or "rc %s" % res.rc))
    res = run.io.run(["timedatectl", "show"], run.timeout)
    if res.rc == 0 and "NTPSynchronized=" in res.out:
        values = parse_key_values(res.out)
        synced = values.get("NTPSynchronized") == "yes"
        detail = "NTP=%s NTPSynchronized=%s" % (values.get("NTP", "?"), values.get("NTPSynchronized"))
        return {"source": "timedatectl", "synchronised": synced, "offset": None, "detail": detail, "errors": errors}
    errors.append("timedatectl: " + (res.error or first_line(res.err or res.out) or "rc %s" % res.rc))
    return {"source": "", "errors": errors}
