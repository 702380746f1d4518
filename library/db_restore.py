#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible module db_restore: check a backup set on both copies and restore it into scratch databases."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: db_restore
short_description: Check a backup set's manifests on both copies and restore it into scratch databases
description:
  - The host side of the restore test (C(playbooks/backup_verify.yml)) on a database host where the
    C(db_backup) role installed the backup job. Reads the job's configuration file, so it knows the backup
    directory, the engine, the database's OS user and the storage host.
  - C(state=verified) checks the manifest (sha256 of every file) of the newest complete backup set (or
    O(backup_set)) on this host, and on the backup storage host by C(sha256sum --check) there, over the job's
    own restricted SSH key. Every bad file is named, and an unreachable storage host is named.
  - C(state=restored) does the same, then restores each database of the set into a scratch database
    C(<scratch_prefix><database>) on the same server (C(pg_restore --exit-on-error)), replacing a scratch
    database left by an earlier run, and returns each scratch database's name and the time its dump
    started (for C(db_compare)'s C(changed_since)). Oracle sets are checked with RMAN
    C(RESTORE DATABASE VALIDATE) from the set (no scratch instance).
  - The restore runs on the production server, so it must not fill its disk. Before each database is
    restored, the free space of the server's data directory is checked against what the restore needs (the
    larger of the dump's size and the production database's size); when it would leave less than
    O(min_free_percent) of the file system free, that database is not restored (a FAIL).
  - Every scratch database is created with the comment C(healthops restore test <set> <time>); only
    databases that carry it are ever replaced or dropped, so a production database whose name happens to
    start with O(scratch_prefix) is never touched.
  - C(state=absent) drops every database whose name starts with O(scratch_prefix) and that carries the
    restore test's comment, and nothing else (an untagged match is reported as a WARN and left alone).
  - Returns checks of the healthops result model; a failed check does not fail the task.
  - Never deletes or changes a backup.
version_added: "1.0.0"
author: healthops contributors
options:
  config:
    description: The backup job's configuration file written by the db_backup role.
    type: path
    default: /etc/healthops/backup/backup.json
  state:
    description: C(verified) (manifests only), C(restored) (manifests, then restore) or C(absent) (drop scratch).
    type: str
    default: restored
    choices: [verified, restored, absent]
  backup_set:
    description: Name of the set (C(YYYYmmddTHHMMSSZ)); default the newest complete set.
    type: str
  offline:
    description: Also check the copy on the backup storage host.
    type: bool
    default: true
  databases:
    description: Databases of the set to restore; default every database in it.
    type: list
    elements: str
  scratch_prefix:
    description:
      - Prefix of the scratch databases' names. Lower-case letters, digits and C(_), ending in C(_), at least 8
        characters, and it must contain C(restore), so it cannot be a production database's prefix. Only databases
        with this prefix that the restore test created (tagged by its comment) are replaced or dropped.
    type: str
    default: healthops_restore_
  min_free_percent:
    description:
      - Share of the database server's file system (its data directory) that must stay free after a database is
        restored; a restore that would leave less is not started. 0 to 99.
    type: int
    default: 10
  timeout:
    description: Seconds one restore (or RMAN validation) may take.
    type: int
    default: 28800
notes:
  - Runs as root on the database host (it switches to the database's OS user for C(pg_restore) and C(rman)).
  - In check mode nothing is restored or dropped; the manifests are still checked.
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
"""

EXAMPLES = r"""
- name: Restore test | Check the latest set on both copies and restore it
  ansible.legacy.db_restore:
    state: restored
  register: restore

- name: Restore test | Drop the scratch databases
  ansible.legacy.db_restore:
    state: absent
"""

RETURN = r"""
checks:
  description:
    - Checks of the result model, C(backup.set), C(backup.manifest.local), C(backup.manifest.offline),
      C(backup.restore:<db>) and C(backup.scratch).
  returned: always
  type: list
  elements: dict
set:
  description: Name of the checked set, or null when there is none.
  returned: always
  type: str
set_started:
  description: When the set's run started (ISO 8601).
  returned: always
  type: str
engine:
  description: postgres or oracle.
  returned: always
  type: str
databases:
  description:
    - Restored databases with C(name), C(scratch), C(snapshot_started) (ISO 8601, when its dump started),
      C(restored) and C(seconds). Empty for C(state=verified) and Oracle.
  returned: always
  type: list
  elements: dict
dropped:
  description: Scratch databases dropped (C(state=absent)).
  returned: always
  type: list
  elements: str
verify:
  description:
    - Manifest results per copy (C(local), C(offline)), each with C(ok), C(message) and C(problems)
      (C(file), C(problem), C(detail)).
  returned: always
  type: dict
"""

import os
import pwd
import shutil
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.backup import restore as hr
from ansible.module_utils.healthops.backup.layout import run_command
from ansible.module_utils.healthops.backup.restore import MARKER, room_problem, scratch_name
from ansible.module_utils.healthops.backup.sets import as_user as _as_user
from ansible.module_utils.healthops.backup.sets import libpq_dbname, parse_rman_log, read_json, tail, verify_copies
from ansible.module_utils.healthops.common.result import make_check
from ansible.module_utils.healthops.db.scrub import scrub_secrets


def check(**fields):
    """make_check (keyword arguments only) with this module's category."""
    return make_check(category="backup", **fields)


def run(command, timeout):
    rc, out, err = run_command(command, timeout, cwd="/")
    # psql, pg_restore and rman errors become check details: nothing password-like goes with them.
    return rc, out, scrub_secrets(err)


class Postgres:
    def __init__(self, config):
        self.user = config["db_os_user"]
        self.pg = config.get("postgres") or {}

    def tool(self, name):
        return os.path.join(self.pg["bindir"], name) if self.pg.get("bindir") else name

    def conn(self):
        args = ["-p", str(self.pg.get("port", 5432))]
        if self.pg.get("socket_dir"):
            args += ["-h", self.pg["socket_dir"]]
        return args

    def psql(self, sql, timeout=300):
        command = [self.tool("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"] + self.conn() + ["-d", "postgres"]
        return run(_as_user(self.user, command + ["-c", sql]), timeout)

    def scratch_databases(self, prefix):
        """``{name: tagged}`` of the databases whose name starts with ``prefix``."""
        # The prefix matched PREFIX_RE (letters, digits, _): safe inside the literal. The flag comes
        # first on each line, so a name with any character in it stays whole.
        sql = (
            "SELECT (COALESCE(shobj_description(oid, 'pg_database'), '') LIKE '%s%%')::int || ' ' || datname"
            " FROM pg_database WHERE left(datname, %d) = '%s' ORDER BY datname"
        )
        rc, out, err = self.psql(sql % (MARKER, len(prefix), prefix))
        if rc != 0:
            raise RuntimeError("cannot list databases: %s" % tail(err))
        found = {}
        for line in out.splitlines():
            flag, _sep, name = line.partition(" ")
            if name:
                found[name] = flag == "1"
        return found

    def sizes(self, names):
        """``(data directory, {database: size in bytes})`` of the server (databases that exist)."""
        literals = ", ".join("'%s'" % n.replace("'", "''") for n in names) or "NULL"
        sql = (
            "SELECT 'D ' || current_setting('data_directory') UNION ALL "
            "SELECT 'S ' || pg_database_size(oid) || ' ' || datname FROM pg_database WHERE datname IN (%s)"
        )
        rc, out, err = self.psql(sql % literals)
        if rc != 0:
            raise RuntimeError("cannot read the data directory and database sizes: %s" % tail(err))
        data_dir, sizes = None, {}
        for line in out.splitlines():
            if line.startswith("D "):
                data_dir = line[2:]
            elif line.startswith("S "):
                size, _sep, name = line[2:].partition(" ")
                sizes[name] = int(size)
        return data_dir, sizes

    def drop(self, name, timeout=600):
        quoted = '"%s"' % name.replace('"', '""')
        rc, _out, err = self.psql("DROP DATABASE IF EXISTS %s" % quoted, timeout)
        return rc, err

    def restore(self, name, scratch, dump_file, timeout, tag):
        existing = self.scratch_databases(scratch)
        if scratch in existing and not existing[scratch]:
            return 1, "%s exists and was not created by the restore test (no '%s' comment): left alone" % (
                scratch,
                MARKER,
            )
        if scratch in existing:
            rc, err = self.drop(scratch)
            if rc != 0:
                return rc, "cannot drop the old scratch database %s: %s" % (scratch, tail(err))
        # createdb's second argument is the database's comment: the tag that lets it be dropped later.
        command = [self.tool("createdb"), "-T", "template0"] + self.conn() + [scratch, tag]
        rc, _out, err = run(_as_user(self.user, command), 600)
        if rc != 0:
            return rc, "createdb %s: %s" % (scratch, tail(err))
        command = [self.tool("pg_restore"), "--exit-on-error", "--no-password"] + self.conn()
        command += ["-d", libpq_dbname(scratch), dump_file]
        rc, _out, err = run(_as_user(self.user, command), timeout)
        return rc, tail(err)


def arguments():
    """The module and its checked parameters, and the backup job's configuration."""
    module = AnsibleModule(
        argument_spec=dict(
            config=dict(type="path", default="/etc/healthops/backup/backup.json"),
            state=dict(type="str", default="restored", choices=["verified", "restored", "absent"]),
            backup_set=dict(type="str"),
            offline=dict(type="bool", default=True),
            databases=dict(type="list", elements="str"),
            scratch_prefix=dict(type="str", default="healthops_restore_"),
            min_free_percent=dict(type="int", default=10),
            timeout=dict(type="int", default=28800),
        ),
        supports_check_mode=True,
    )
    p = module.params
    why = hr.prefix_problem(p["scratch_prefix"])
    if why:
        module.fail_json(msg=why)
    if not 0 <= p["min_free_percent"] <= 99:
        module.fail_json(msg="min_free_percent must be 0 to 99, not %d" % p["min_free_percent"])
    config = read_json(p["config"])
    if config is None:
        module.fail_json(
            msg="backup job configuration %s is missing or not JSON: run playbooks/backup.yml first" % p["config"]
        )
    return module, p, config


def main():
    module, p, config = arguments()
    engine = config.get("engine")
    out = dict(changed=False, checks=[], set=None, set_started=None, engine=engine, databases=[], dropped=[], verify={})
    if p["state"] == "absent":
        if engine == "postgres":
            drop_scratch(module, Postgres(config), p["scratch_prefix"], out)
        module.exit_json(**out)
    result = check_copies(config, p, out)
    if p["state"] == "verified" or not result.get("set"):
        module.exit_json(**out)
    if not result["local"]["ok"]:
        out["checks"].append(check(**hr.local_copy_refused(result["local"])))
        module.exit_json(**out)
    set_dir = result["path"]
    if engine == "oracle":
        out["checks"].append(oracle_validate(module, config, set_dir, p["timeout"]))
        module.exit_json(**out)
    items, unknown = hr.restorable_items(result.get("meta") or {}, p["databases"])
    if unknown:
        module.fail_json(msg="database(s) %s not in backup set %s" % (", ".join(unknown), result["set"]), **out)
    restore_databases(module, Postgres(config), items, result, p, out)
    module.exit_json(**out)


def check_copies(config, p, out):
    """Check the set's manifests on both copies into ``out``; the copies' result."""
    result = verify_copies(config, p["backup_set"], p["offline"])
    out["set"], out["set_started"] = result.get("set"), (result.get("meta") or {}).get("started")
    out["verify"] = hr.verify_summary(result)
    out["checks"] = [check(**fields) for fields in hr.verify_checks(result)]
    return result


def drop_scratch(module, pg, prefix, out):
    """state=absent: drop the tagged scratch databases (none in check mode), leave untagged ones alone."""
    try:
        found = pg.scratch_databases(prefix)
    except RuntimeError as exc:
        module.fail_json(msg=str(exc), **out)
    scratch = [name for name, tagged in found.items() if tagged]
    untagged = [name for name, tagged in found.items() if not tagged]
    failures = []
    for name in scratch:
        if module.check_mode:
            continue
        rc, err = pg.drop(name)
        if rc == 0:
            out["dropped"].append(name)
        else:
            failures.append("%s: %s" % (name, tail(err, 200)))
    out["changed"] = bool(scratch)
    out["checks"].append(check(**hr.scratch_cleanup_check(scratch, untagged, failures)))


def restore_databases(module, pg, items, result, p, out):
    """Restore each database into its scratch database while the file system keeps its free share."""
    set_dir = result["path"]
    room = free_space(pg, items, set_dir)
    tag = hr.restore_tag(result["set"], time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    attempted = 0
    for item in items:
        scratch = scratch_name(p["scratch_prefix"], item["name"])
        entry = dict(
            name=item["name"], scratch=scratch, snapshot_started=item.get("started"), restored=False, seconds=None
        )
        out["databases"].append(entry)
        check_id = "backup.restore:%s" % item["name"]
        short = room_problem(room, item, p["min_free_percent"])
        if short:
            out["checks"].append(check(**hr.restore_check(check_id, hr.FAIL, "not restored: %s" % short)))
            continue
        attempted += 1
        if module.check_mode:
            out["checks"].append(check(**hr.restore_check(check_id, hr.INFO, "check mode: not restored")))
            continue
        t0 = time.time()
        rc, err = pg.restore(item["name"], scratch, os.path.join(set_dir, item["file"]), p["timeout"], tag)
        entry["seconds"] = round(time.time() - t0, 1)
        entry["restored"] = rc == 0
        out["checks"].append(check(**hr.restored_check(check_id, item, scratch, rc, err, entry["seconds"])))
    out["changed"] = attempted > 0


def free_space(pg, items, set_dir):
    """What the restores need and have: ``{"error"}`` or ``{"data_dir", "free", "total", "need": {db: bytes}}``."""
    try:
        data_dir, sizes = pg.sizes([i["name"] for i in items])
        stats = os.statvfs(data_dir)
    except (RuntimeError, OSError, TypeError) as exc:
        return {"error": "cannot check free space for the restore: %s" % exc}
    dumps = {}
    for item in items:
        try:
            dumps[item["name"]] = os.lstat(os.path.join(set_dir, item["file"])).st_size
        except OSError:
            dumps[item["name"]] = int(item.get("size_bytes") or 0)
    return {
        "data_dir": data_dir,
        "free": stats.f_bavail * stats.f_frsize,
        "total": stats.f_blocks * stats.f_frsize,
        "need": hr.restore_needs(items, dumps, sizes),
    }


def oracle_validate(module, config, set_dir, timeout):
    """The RMAN RESTORE DATABASE VALIDATE check of an Oracle set (not run in check mode)."""
    ora = config.get("oracle") or {}
    script = ora.get("validate_script")
    if module.check_mode or not script:
        why = "check mode: not validated" if module.check_mode else "no validate_script in the job configuration"
        return check(**hr.rman_check(hr.INFO, why, unit=""))
    t0 = time.time()
    rc, text, err = run_rman(config, ora, script, set_dir, timeout)
    parsed = parse_rman_log(scrub_secrets(text), rc)
    return check(**hr.rman_outcome(parsed, rc, tail(err), set_dir, round(time.time() - t0, 1)))


def run_rman(config, ora, script, set_dir, timeout):
    """Run RMAN's validate script as the database's OS user: its exit status, its log and its stderr."""
    rman = os.path.join(ora["oracle_home"], "bin", "rman") if ora.get("oracle_home") else "rman"
    workdir = tempfile.mkdtemp(prefix="healthops-rman-")
    if os.geteuid() == 0:
        entry = pwd.getpwnam(config["db_os_user"])
        os.chown(workdir, entry.pw_uid, entry.pw_gid)
    log = os.path.join(workdir, "restore_validate.log")
    env = ["env", "ORACLE_SID=%s" % ora.get("oracle_sid", ""), "NLS_DATE_FORMAT=YYYY-MM-DD HH24:MI:SS"]
    if ora.get("oracle_home"):
        env.append("ORACLE_HOME=%s" % ora["oracle_home"])
    command = env + [rman, "target", "/", "cmdfile=%s" % script, "log=%s" % log, "using", set_dir]
    rc, _out, err = run(_as_user(config["db_os_user"], command), timeout)
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        text = ""
    shutil.rmtree(workdir, ignore_errors=True)
    return rc, text, err


if __name__ == "__main__":
    main()
