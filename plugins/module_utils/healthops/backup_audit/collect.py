# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the backup audit reads on a database host, a storage host and the controller. Read-only.

The I/O of the audit (library/backup_audit_read.py calls it); parsing of what it reads is in the
small pure functions here (``parse_job_log``, ``parse_forced_commands``, ``restore_from_report``),
the judging in audit.py. Nothing here writes, and only regular files are opened (O_NOFOLLOW), so a
set holding a FIFO or a planted symlink cannot hang or mislead the audit. Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import hashlib
import json
import os
import re
import stat
import subprocess
import time
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ansible.module_utils.healthops.backup_audit.trends import parse_iso

__metaclass__ = type

SET_RE = re.compile(r"^(\d{8}T\d{6}Z)(\.partial)?$")
JOB_LINE_RE = re.compile(r"healthops-backup: backup set (\d{8}T\d{6}Z): (success|failed|running): ?(.*)$")
FORCED_RE = re.compile(r'command="[^"]*--keep-days\s+([0-9.]+)\s+--keep-count\s+(\d+)\s+(\S+?)/?"')
MANIFEST = "MANIFEST.sha256"
META = "backup.json"
VERIFIED_DIR = ".verified-sets"
VERIFIED_MARK = ".verified"
CHUNK = 1024 * 1024


def set_time(name: str) -> Optional[float]:
    match = SET_RE.match(name or "")
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()


def parse_job_log(text: str) -> List[Dict[str, Any]]:
    """The runs the job logged (``healthops-backup: backup set <name>: <status>: <message>``), oldest first."""
    runs = {}  # type: Dict[str, Dict[str, Any]]
    for line in (text or "").splitlines():
        match = JOB_LINE_RE.search(line)
        if match and match.group(2) != "running":
            runs[match.group(1)] = {
                "set": match.group(1),
                "time": set_time(match.group(1)),
                "status": match.group(2),
                "message": match.group(3).strip()[:300],
            }
    return [runs[k] for k in sorted(runs)]


def parse_forced_commands(text: str) -> Dict[str, Dict[str, Any]]:
    """Retention per database host from the storage account's authorized_keys forced commands."""
    found = {}  # type: Dict[str, Dict[str, Any]]
    for line in (text or "").splitlines():
        match = FORCED_RE.search(line)
        if match:
            found[os.path.basename(match.group(3))] = {
                "keep_days": float(match.group(1)),
                "keep_count": int(match.group(2)),
            }
    return found


def _run(command: Sequence[str], timeout: float = 60) -> Tuple[int, str]:
    try:
        proc = subprocess.run(
            list(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return proc.returncode, proc.stdout


def _read_text(path: str, limit: int = 4 * CHUNK) -> Optional[str]:
    """A regular file's text (never through a symlink, never a FIFO); None when it is not there."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit).decode("utf-8", "replace")


def read_json(path: str) -> Optional[Dict[str, Any]]:
    text = _read_text(path)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def space(path: str) -> Dict[str, Any]:
    try:
        st = os.statvfs(path)
    except OSError as exc:
        return {"path": path, "error": str(exc)}
    return {"path": path, "free_bytes": st.f_bavail * st.f_frsize, "total_bytes": st.f_blocks * st.f_frsize}


def tree(path: str) -> List[Dict[str, Any]]:
    """Every entry of a set with its kind, mode and size (lstat: links are not followed)."""
    found = []
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            full = os.path.join(root, name)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            kind = "file" if stat.S_ISREG(st.st_mode) else ("dir" if stat.S_ISDIR(st.st_mode) else "other")
            found.append(
                {
                    "path": os.path.relpath(full, path),
                    "kind": kind,
                    "mode": stat.S_IMODE(st.st_mode),
                    "size": st.st_size,
                }
            )
    return found


def list_sets(root: str, storage: bool = False) -> List[Dict[str, Any]]:
    """The sets under ``root``, newest first, with size, duration and whether each is good."""
    try:
        names = os.listdir(root)
    except OSError:
        return []
    found = []
    for name in names:
        when, path = set_time(name), os.path.join(root, name)
        if when is None or not os.path.isdir(path) or os.path.islink(path):
            continue
        partial = name.endswith(".partial")
        meta = None if partial else read_json(os.path.join(path, META))
        has_manifest = os.path.isfile(os.path.join(path, MANIFEST))
        if storage:
            good = has_manifest and (
                os.path.isfile(os.path.join(root, VERIFIED_DIR, name))
                or os.path.isfile(os.path.join(path, VERIFIED_MARK))
            )
        else:
            good = has_manifest and bool(meta) and meta.get("status") == "success"
        items = (meta or {}).get("items") or []
        duration = sum(float(i.get("duration_seconds") or 0) for i in items) if items else None
        size = sum(e["size"] for e in tree(path) if e["kind"] == "file")
        found.append(
            {
                "name": name,
                "time": when,
                "good": bool(good) and not partial,
                "partial": partial,
                "size_bytes": size,
                "duration_seconds": round(duration, 1) if duration is not None else None,
            }
        )
    return sorted(found, key=lambda s: s["time"], reverse=True)


def check_manifest(path: str) -> Dict[str, Any]:
    """``sha256sum --check`` of a set, read-only: ``{"checked", "bad": [{"file", "problem"}]}``."""
    text = _read_text(os.path.join(path, MANIFEST))
    if text is None:
        return {"checked": 0, "bad": [{"file": MANIFEST, "problem": "missing"}]}
    bad, checked = [], 0
    for line in text.splitlines():
        parts = line.strip().split(None, 1)
        if len(parts) != 2:
            continue
        digest, name = parts[0].lower(), parts[1].lstrip("*")
        checked += 1
        actual = _sha256(os.path.join(path, name)) if ".." not in name.split("/") else None
        if actual is None:
            bad.append({"file": name, "problem": "missing or not a regular file"})
        elif actual != digest:
            bad.append({"file": name, "problem": "checksum mismatch"})
    return {"checked": checked, "bad": bad}


def _sha256(path: str) -> Optional[str]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def read_schedule(unit: str, cron_word: str = "healthops_backup_job.py") -> Dict[str, Any]:
    """The job's schedule: the systemd timer (enabled, active, next run), else a cron entry."""
    timer = unit + ".timer"
    if os.path.isdir("/run/systemd/system"):
        rc, enabled = _run(["systemctl", "is-enabled", timer])
        _rc, active = _run(["systemctl", "is-active", timer])
        _rc, shown = _run(["systemctl", "show", timer, "--property=NextElapseUSecRealtime,TimersCalendar"])
        if rc == 0 or enabled.strip() in ("disabled", "masked", "static", "enabled-runtime"):
            return {
                "kind": "systemd",
                "enabled": enabled.strip() in ("enabled", "enabled-runtime"),
                "active": active.strip() == "active",
                "detail": " ".join(shown.split())[:300],
            }
    for path in ("/etc/crontab", "/var/spool/cron/crontabs/root", "/var/spool/cron/root"):
        text = _read_text(path) or ""
        lines = [line for line in text.splitlines() if cron_word in line and not line.lstrip().startswith("#")]
        if lines:
            return {"kind": "cron", "enabled": True, "active": True, "detail": "%s: %s" % (path, lines[0][:200])}
    return {"kind": "none", "enabled": False, "active": False, "detail": ""}


def read_job_log(
    unit: str, period_days: float, log_file: str = "/var/log/healthops-db-backup.log"
) -> List[Dict[str, Any]]:
    """The runs of the period from the unit's journal (or the cron job's log file)."""
    rc, text = _run(
        [
            "journalctl",
            "--no-pager",
            "-q",
            "-o",
            "cat",
            "-u",
            unit + ".service",
            "--since",
            "-%dd" % int(period_days + 1),
        ],
        timeout=120,
    )
    if rc != 0 or "healthops-backup:" not in text:
        text = _read_text(log_file, limit=32 * CHUNK) or ""
    return parse_job_log(text)


def read_rman_show_all(oracle_home: str, oracle_sid: str, os_user: str) -> Tuple[Optional[str], str]:
    """RMAN ``SHOW ALL;`` (reads the control file's configuration, changes nothing); (output, error)."""
    rman = os.path.join(oracle_home, "bin", "rman")
    command = [
        "runuser",
        "-u",
        os_user,
        "--",
        "env",
        "ORACLE_HOME=" + oracle_home,
        "ORACLE_SID=" + oracle_sid,
        rman,
        "target",
        "/",
    ]
    try:
        proc = subprocess.run(
            command,
            input="show all;\nexit;\n",
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    if proc.returncode != 0:
        return None, " ".join(proc.stdout.split())[-300:]
    return proc.stdout, ""


# WAL archiving and streaming of a PostgreSQL server, as one JSON row (PostgreSQL 10+; read-only).
WAL_SQL = """SELECT json_build_object(
 'archive_mode', current_setting('archive_mode'),
 'archive_command', current_setting('archive_command', true),
 'archive_library', current_setting('archive_library', true),
 'wal_segment_bytes', (SELECT setting::bigint * CASE unit WHEN '8kB' THEN 8192 WHEN 'MB' THEN 1048576 ELSE 1 END
                       FROM pg_settings WHERE name = 'wal_segment_size'),
 'current_wal_bytes', CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() - '0/0'::pg_lsn END,
 'last_archived_wal', a.last_archived_wal,
 'last_archived_time', extract(epoch FROM a.last_archived_time),
 'last_failed_wal', a.last_failed_wal,
 'last_failed_time', extract(epoch FROM a.last_failed_time),
 'archived_count', a.archived_count,
 'failed_count', a.failed_count,
 'now', extract(epoch FROM now()),
 'receivers', (SELECT coalesce(json_agg(json_build_object(
     'application_name', r.application_name, 'client', coalesce(host(r.client_addr), 'local'),
     'state', r.state, 'flush_lag_seconds', extract(epoch FROM r.flush_lag))), '[]'::json)
   FROM pg_stat_replication r WHERE r.application_name IN ('pg_receivewal', 'pg_receivexlog')))
FROM pg_stat_archiver a"""


def read_wal_archiving(config: Dict[str, Any]) -> Dict[str, Any]:
    """The server's WAL archiving (pg_stat_archiver, archive_mode/command) and pg_receivewal streams, as the
    backup job connects (its OS user, bindir, port, socket directory); ``{"error"}`` when it cannot be read."""
    pg = config.get("postgres") or {}
    psql = os.path.join(pg["bindir"], "psql") if pg.get("bindir") else "psql"
    command = [psql, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-p", str(pg.get("port") or 5432)]
    if pg.get("socket_dir"):
        command += ["-h", str(pg["socket_dir"])]
    command += ["-d", "postgres", "-c", WAL_SQL]
    user = str(config.get("db_os_user") or "")
    if user and os.geteuid() == 0:
        command = ["runuser", "-u", user, "--"] + command
    rc, out = _run(command, timeout=60)
    try:
        found = json.loads(out.strip()) if rc == 0 else None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        return {"error": " ".join(out.split())[-300:] or "psql exited %d" % rc}
    found["error"] = ""
    return found


def read_database(
    config_file: str, status_file: str, unit: str, period_days: float, rman: Optional[Dict[str, str]] = None
) -> Dict[str, Any]:
    """Everything the audit needs from a database host (``rman``: oracle_home, oracle_sid, os_user)."""
    config = read_json(config_file)
    read = {
        "now": time.time(),
        "config": config,
        "status": read_json(status_file),
        "schedule": read_schedule(unit),
        "runs": read_job_log(unit, period_days),
        "sets": [],
        "files": [],
        "space": None,
        "rman_show_all": None,
        "error": "",
    }  # type: Dict[str, Any]
    if config is None:
        read["error"] = "no backup job configuration at %s: run playbooks/backup.yml" % config_file
        return read
    read["engine"] = config.get("engine")
    backup_dir = str(config.get("backup_dir") or "")
    read["sets"] = list_sets(backup_dir)
    read["space"] = space(backup_dir)
    good = [s for s in read["sets"] if s["good"]]
    if good:
        read["files"] = tree(os.path.join(backup_dir, good[0]["name"]))
    if config.get("engine") == "postgres":
        read["wal"] = read_wal_archiving(config)
    if rman and config.get("engine") == "oracle":
        read["rman_show_all"], read["rman_error"] = read_rman_show_all(
            rman["oracle_home"], rman["oracle_sid"], rman["os_user"]
        )
    return read


def read_storage(root: str, hosts: Sequence[str], authorized_keys: str, verify: bool = True) -> Dict[str, Any]:
    """The copies of each database host on this storage host, its newest good set checked."""
    retention = parse_forced_commands(_read_text(authorized_keys) or "")
    result = {"now": time.time(), "root": root, "space": space(root), "hosts": {}}  # type: Dict[str, Any]
    for host in hosts:
        host_dir = os.path.join(root, host)
        sets = list_sets(host_dir, storage=True)
        good = [s for s in sets if s["good"]]
        sums = None
        if verify and good:
            sums = dict(check_manifest(os.path.join(host_dir, good[0]["name"])), set=good[0]["name"])
        result["hosts"][host] = {
            "root": host_dir,
            "sets": sets,
            # The newest verified copy's files with their modes, for the permissions there.
            "files": tree(os.path.join(host_dir, good[0]["name"])) if good else [],
            "checksums": sums,
            "space": result["space"],
            "retention": retention.get(host),
        }
    return result


def restore_from_report(report: Dict[str, Any], path: str) -> Dict[str, Dict[str, Any]]:
    """Per host, the outcome of one restore test report (report.json of playbooks/backup_verify.yml)."""
    run = report.get("run") or {}
    if run.get("duty") != "restore_test":
        return {}
    date = run.get("started") or run.get("generated")
    when = parse_iso(date)
    found = {}
    for entry in report.get("hosts") or []:
        if isinstance(entry, dict) and entry.get("host"):
            found[str(entry["host"])] = {
                "date": date,
                "time": when,
                "status": entry.get("status"),
                "run_id": run.get("run_id"),
                "source": path,
            }
    return found


def read_restore_tests(report_dir: str) -> Dict[str, Dict[str, Any]]:
    """The newest restore test per host among the run directories of ``report_dir``."""
    newest = {}  # type: Dict[str, Dict[str, Any]]
    try:
        runs = sorted(os.listdir(report_dir))
    except OSError:
        return newest
    for run in runs:
        path = os.path.join(report_dir, run, "report.json")
        report = read_json(path)
        for host, found in (restore_from_report(report, path) if report else {}).items():
            if found["time"] is not None and (host not in newest or found["time"] > newest[host]["time"]):
                newest[host] = found
    return newest
