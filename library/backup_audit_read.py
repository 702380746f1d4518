#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module backup_audit_read: read what the backup-policy audit judges, changing nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: backup_audit_read
short_description: Read a database host's backups, a storage host's copies or the restore test records
description:
  - The reading side of the backup-policy audit (C(playbooks/backup_audit.yml), role C(backup_audit)).
    It only reads; the judging against the policy is done on the controller by the filter
    C(healthops_backup_audit) (C(plugins/module_utils/healthops/backup_audit/audit.py)).
  - C(what=database), on a database host where the C(db_backup) role installed the backup job - the job's
    configuration and status file, the timer (C(systemctl is-enabled), C(is-active)) or cron entry, the
    runs of the period from the unit's journal, each backup set's size, duration and whether it is
    complete, the newest good set's file modes, the backup file system's free space, for the PostgreSQL family
    the server's WAL archiving (C(archive_mode), C(archive_command), C(pg_stat_archiver), C(pg_receivewal) streams
    in C(pg_stat_replication); psql as the job's OS user, as the job connects) and, for Oracle with
    O(rman_show_all), RMAN C(SHOW ALL).
  - C(what=storage), on a backup storage host - per database host of O(hosts), the placed sets and whether
    the storage host verified each, the newest verified set checked against its C(MANIFEST.sha256)
    (O(verify_checksums)), the free space, and the retention written into each host key's forced command.
  - C(what=restore_tests), on the controller (C(delegate_to=localhost)) - the newest restore test per host
    among the C(report.json) files of O(report_dir) (runs of C(playbooks/backup_verify.yml)).
  - Files are opened without following symlinks and only when regular, so a planted link or FIFO in a set
    cannot mislead or hang the audit.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
options:
  what:
    description: What to read.
    type: str
    required: true
    choices: [database, storage, restore_tests]
  config_file:
    description: The backup job's configuration file (C(what=database)).
    type: path
    default: /etc/healthops/backup/backup.json
  status_file:
    description: The backup job's status file (C(what=database)).
    type: path
    default: /var/lib/healthops/backup/status.json
  unit:
    description: Name of the job's systemd service and timer, without the suffix.
    type: str
    default: healthops-db-backup
  period_days:
    description: How many days of runs to read from the journal.
    type: float
    default: 30
  rman_show_all:
    description: On an Oracle host, run RMAN C(SHOW ALL) (reads the configuration; changes nothing).
    type: bool
    default: false
  oracle_home:
    description: ORACLE_HOME for RMAN.
    type: str
    default: ""
  oracle_sid:
    description: ORACLE_SID for RMAN.
    type: str
    default: ""
  os_user:
    description: The OS user RMAN runs as.
    type: str
    default: oracle
  storage_root:
    description: The storage host's directory holding one directory per database host (C(what=storage)).
    type: path
    default: /srv/backup/healthops
  hosts:
    description: The database hosts whose copies to read (C(what=storage)).
    type: list
    elements: str
    default: []
  authorized_keys:
    description: The storage account's authorized_keys, whose forced commands hold each host's retention.
    type: path
    default: /var/lib/healthops-backup/.ssh/authorized_keys
  verify_checksums:
    description: Check the newest verified set of each host against its manifest (reads every file of it).
    type: bool
    default: true
  report_dir:
    description: The controller's report directory (C(what=restore_tests)).
    type: path
notes:
  - Runs as root on the hosts (the sets are readable by root and the database's group only).
  - Reads only; check mode returns the same result.
seealso:
  - module: ansible.legacy.db_restore
"""

EXAMPLES = r"""
- name: Read | The database host's backups
  ansible.legacy.backup_audit_read:
    what: database
    period_days: 30
  register: database_read

- name: Read | The copies on the storage host
  ansible.legacy.backup_audit_read:
    what: storage
    hosts: [xf-db-01]

- name: Read | The restore tests on record
  ansible.legacy.backup_audit_read:
    what: restore_tests
    report_dir: /var/lib/healthops/reports
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
read:
  description:
    - What was read. C(what=database) - C(now) (epoch), C(engine), C(config), C(status), C(schedule)
      (C(kind) systemd/cron/none, C(enabled), C(active), C(detail)), C(runs), C(sets) (newest first -
      C(name), C(time), C(good), C(partial), C(size_bytes), C(duration_seconds)), C(files), C(space),
      C(wal) (PostgreSQL - C(archive_mode), C(archive_command), C(archive_library), C(last_archived_wal),
      C(last_archived_time), C(failed_count), C(last_failed_time), C(current_wal_bytes), C(wal_segment_bytes),
      C(receivers), C(now), C(error)), C(rman_show_all), C(error). C(what=storage) - C(now), C(root),
      C(space), C(hosts) (per database host C(sets), C(files) of the newest verified set, C(checksums),
      C(retention), C(space)).
      C(what=restore_tests) - per host C(date), C(time), C(status), C(run_id), C(source).
  returned: always
  type: dict
  sample: {schedule: {kind: systemd, enabled: true, active: true}, sets: [], error: ""}
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.backup_audit.collect import read_database, read_restore_tests, read_storage


def main():
    module = AnsibleModule(
        argument_spec=dict(
            what=dict(type="str", required=True, choices=["database", "storage", "restore_tests"]),
            config_file=dict(type="path", default="/etc/healthops/backup/backup.json"),
            status_file=dict(type="path", default="/var/lib/healthops/backup/status.json"),
            unit=dict(type="str", default="healthops-db-backup"),
            period_days=dict(type="float", default=30),
            rman_show_all=dict(type="bool", default=False),
            oracle_home=dict(type="str", default=""),
            oracle_sid=dict(type="str", default=""),
            os_user=dict(type="str", default="oracle"),
            storage_root=dict(type="path", default="/srv/backup/healthops"),
            hosts=dict(type="list", elements="str", default=[]),
            authorized_keys=dict(type="path", default="/var/lib/healthops-backup/.ssh/authorized_keys"),
            verify_checksums=dict(type="bool", default=True),
            report_dir=dict(type="path"),
        ),
        required_if=[("what", "restore_tests", ["report_dir"])],
        supports_check_mode=True,
    )
    params = module.params
    if params["what"] == "database":
        rman = None
        if params["rman_show_all"]:
            rman = {k: params[k] for k in ("oracle_home", "oracle_sid", "os_user")}
        read = read_database(params["config_file"], params["status_file"], params["unit"], params["period_days"], rman)
    elif params["what"] == "storage":
        read = read_storage(
            params["storage_root"], params["hosts"], params["authorized_keys"], params["verify_checksums"]
        )
    else:
        read = read_restore_tests(params["report_dir"])
    module.exit_json(changed=False, read=read)


if __name__ == "__main__":
    main()
