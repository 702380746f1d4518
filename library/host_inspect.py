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
    C(journalctl), C(needs-restarting), C(firewall-cmd), C(nft), C(iptables-save)) run with a timeout, at most
    one per concern (the firewall reads the units, then both rule sets when firewalld is not running); a missing
    command gives an C(INFO) or C(ERROR) check that says so.
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
    C(security.firewall), C(backup.last_run), C(backup.age), C(backup.size), C(backup.duration)."
  - The catalogue (titles, categories, threshold ids) is in C(plugins/module_utils/healthops/inspect/base.py), which a
    controller-side filter can import to validate the same options before a run.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
options:
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
      - JSON file the backup job writes on this host, giving C(backup.last_run) and C(backup.age), and after a
        successful run its size and duration (C(backup.size), C(backup.duration)).
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
  firewall_required:
    description:
      - This host must run a firewall. C(security.firewall) is then C(WARN) when no packet-filter manager is active,
        or when the only rules loaded drop or reject nothing; otherwise such a host is C(INFO).
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
  - 'O(thresholds): inspection-only ids and their defaults: C(cpu_iowait) (%, 20/50), C(open_files) (%, 80/90),
    C(days_since_update) (d, 180/365), C(uptime_days) (d, warn 365), C(interface_errors) (new errors, warn 1),
    C(interface_drops) (new drops, warn 100), C(zombie_processes) (5/50), C(failed_units) (warn 1),
    C(kernel_errors) (matching kernel messages, 1/20), C(log_errors) (matching log lines, warn 1),
    C(core_dumps) (warn 1). C(process.pid_use) is graded with the shared C(resource_limit) id.'
  - O(thresholds) ids of other probes (C(oracle_tablespace) and so on) are accepted and ignored, so one mapping
    serves all; a bad value stops the module with a message naming C(thresholds.<id>).
  - Supports check mode, in which it behaves identically; it never changes anything and returns C(changed=false).
  - Its code needs Python 3.6 or later and only the standard library (ansible-core 2.19 itself needs 3.8 on the
    host). Run it with C(become) so that
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
  - C(security.firewall) names the packet-filter manager in charge. C(firewalld) when its unit is active (or,
    without systemd, C(firewall-cmd --state) says running), with the default zone and backend from
    C(/etc/firewalld/firewalld.conf); else C(nftables) for rules in C(nft list ruleset) outside firewalld's and
    iptables-nft's tables, and C(iptables) (legacy or nf_tables backend) for rules in C(iptables-save) beyond the
    empty default ACCEPT chains; else C(none). One C(systemctl show) call reads the units C(firewalld),
    C(nftables), C(iptables), C(ip6tables) and C(netfilter-persistent); when units of two managers are active or
    enabled at once the check is C(WARN) (they overwrite each other's rules). Reading the rule sets needs root; when
    they cannot be read and no manager's unit is on, the check is C(ERROR).
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

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.common.result import count_statuses
from ansible.module_utils.healthops.inspect.base import (
    DEFAULT_FS_TYPES_EXCLUDE,
    DEFAULT_INTERFACES_EXCLUDE,
    DEFAULT_LOG_MAX_BYTES,
    DEFAULT_LOG_MAX_LINES,
    DEFAULT_TMPFS_MOUNTS,
    validate_inspection_options,
)
from ansible.module_utils.healthops.inspect.hostio import HostIO
from ansible.module_utils.healthops.inspect.inspection import Inspection


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
        "firewall_required": {"type": "bool", "default": False},
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
