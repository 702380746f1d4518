# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: one run, which asks each probe family's collector in turn and gathers checks and state."""

from __future__ import absolute_import, division, print_function

import os
from datetime import datetime

from ansible.module_utils.healthops.inspect import collect_fs, collect_logs, collect_net, collect_sec, collect_system
from ansible.module_utils.healthops.inspect.base import CHECKS, error_check, is_skipped, resolve_thresholds, wants
from ansible.module_utils.healthops.inspect.system import os_family, parse_os_release, parse_pid_stat

__metaclass__ = type

STATE_VERSION = 1


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
        """Run ``func(self)``, one probe family's collector, unless all its checks are skipped; an unexpected
        error becomes an ERROR check instead of a traceback."""
        if not wants(bases, self.skip):
            return
        try:
            self.add(func(self) or [])
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

    def facts(self):
        text = self.read("/etc/os-release") or self.read("/usr/lib/os-release") or ""
        self.os_release = parse_os_release(text)
        self.family = os_family(self.os_release)
        try:
            self.state["boot_id"] = self.io.read("/proc/sys/kernel/random/boot_id").strip()
        except OSError:
            self.state["boot_id"] = ""

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
        self.step(["cpu.count", "cpu.load_per_core", "cpu.iowait"], collect_system.cpu)
        self.step(["memory.used", "memory.swap_used"], collect_system.memory)
        self.step(
            ["fs.space", "fs.inodes", "fs.days_to_full", "fs.readonly", "fs.fstab_mounted"], collect_fs.filesystems
        )
        self.step(["service.active", "service.failed_units", "service.cron"], collect_system.services)
        self.step(["process.present", "process.zombies", "process.pid_use"], collect_system.process_checks)
        self.step(["kernel.open_files", "kernel.version", "kernel.log_errors"], collect_system.kernel)
        self.step(
            ["system.os", "system.uptime", "system.reboot_required", "system.days_since_update", "system.core_dumps"],
            collect_system.system,
        )
        self.step(["time.ntp_sync", "time.clock_offset", "time.timezone"], collect_system.time_checks)
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
            collect_net.network,
        )
        if self.p.get("log_files"):
            self.step(["log.errors"], collect_logs.logs)
        self.step(
            ["security.uid0_accounts", "security.empty_passwords", "security.password_age", "security.mac"],
            collect_sec.security,
        )
        self.step(["security.firewall"], lambda run: [collect_sec.firewall(run)])
        self.step(["backup.last_run", "backup.age", "backup.size", "backup.duration"], collect_sec.backup)
        if is_skipped("fs.days_to_full", self.skip):
            self.state["fs"] = self.prev_part("fs")
        if not self.p.get("log_files") or is_skipped("log.errors", self.skip):
            self.state["logs"] = self.prev_part("logs")
        return {"checks": self.checks, "state": self.state, "host": self.host_facts()}
