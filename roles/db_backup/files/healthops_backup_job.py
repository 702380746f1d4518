#!/usr/bin/python3
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""healthops daily database backup job (installed by the db_backup role; runs without Ansible).

    healthops_backup_job.py [--config FILE] backup        # one run: what the systemd timer starts
    healthops_backup_job.py [--config FILE] verify [--set NAME] [--local-only]

``backup`` writes a set ``<backup_dir>/<YYYYmmddTHHMMSSZ>/`` (PostgreSQL family: ``pg_dump -Fc``
per database, the globals, ``pg_basebackup`` when asked; Oracle: the RMAN script with level 0 on
the configured weekday and level 1 otherwise), its ``backup.json`` and ``MANIFEST.sha256``, then
copies it to the backup storage host with rsync over SSH, checks it there with ``sha256sum
--check``, and applies retention on both sides only when everything succeeded. The status file
(read by the inspection's backup.last_run and backup.age) is written at the start (running, with
the time by which the run must have ended) and at the end, whatever ends the run (an error, or
SIGTERM when systemd stops the unit). Exit status: 0 success, 1 failure, 75 another run holds the
lock, 2 bad configuration.

The job runs as root and the database OS user writes the dumps into the set directory, so root
never writes where that user can plant a symlink: the set directory is root's again before
``backup.json`` and the manifest go into it, every write is ``healthops.common.fileio.atomic_write``
(random ``O_EXCL|O_NOFOLLOW`` temporary name), and only regular files are hashed or read.

``verify`` checks the manifest of the newest complete set (or ``--set``) on this host and on the
storage host and prints the result as JSON; exit status 0 when both copies match.

Standard library only (Python >= 3.6: EL7 database hosts); the shared logic is the ``healthops``
package's ``backup/sets.py`` and ``common/fileio.py``, installed beside this file.
"""

import argparse
import datetime
import fcntl
import json
import os
import pwd
import shutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from healthops.backup import sets as hb
from healthops.common import fileio as fio

DEFAULT_CONFIG = "/etc/healthops/backup/backup.json"
EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 75


class Terminated(BaseException):
    """SIGTERM (systemd stopping the unit) or SIGHUP: unwinds the run so its status is written."""


def on_signal(signum: int, _frame: object) -> None:
    # Once: a second signal while the final status is written must not interrupt that write.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    raise Terminated(signal.Signals(signum).name)


def log(message: str) -> None:
    """One line to stderr (the journal of the systemd unit)."""
    sys.stderr.write(f"healthops-backup: {message}\n")
    sys.stderr.flush()


def load_config(path: str) -> Dict[str, Any]:
    with Path(path).open(encoding="utf-8") as handle:
        config = json.load(handle)
    for key in ("engine", "backup_dir", "status_file", "db_os_user"):
        if not config.get(key):
            raise ValueError(f"{path}: {key} is required")
    if config["engine"] not in ("postgres", "oracle"):
        raise ValueError(f"{path}: engine must be postgres or oracle")
    return config


# --------------------------------------------------------------------------- PostgreSQL family


def pg_tool(pg: Dict[str, Any], name: str) -> str:
    return str(Path(pg["bindir"]) / name) if pg.get("bindir") else name


def pg_conn_args(pg: Dict[str, Any]) -> List[str]:
    args = ["-p", str(pg.get("port", 5432))]
    if pg.get("socket_dir"):
        args += ["-h", pg["socket_dir"]]
    return args


def pg_databases(config: Dict[str, Any]) -> Tuple[List[str], str]:
    """Databases to dump: the configured list, else every one that accepts connections (templates excluded)."""
    pg = config.get("postgres") or {}
    if pg.get("databases"):
        return list(pg["databases"]), ""
    sql = "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname"
    command = hb.as_user(
        config["db_os_user"],
        [
            pg_tool(pg, "psql"),
            "-X",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            *pg_conn_args(pg),
            "-d",
            "postgres",
            "-c",
            sql,
        ],
    )
    rc, out, err = hb.run_command(command, 120, cwd="/", label=command[0])
    if rc != 0:
        return [], f"cannot list databases: {hb.tail(err)}"
    excluded = set(pg.get("exclude") or [])
    return [d for d in out.splitlines() if d.strip() and d not in excluded], ""


def dump_item(kind: str, name: str, file: str, command: List[str], set_dir: str, timeout: Optional[float]) -> dict:
    started = hb.now()
    rc, _out, err = hb.run_command(command, timeout, cwd=set_dir, label=command[0])
    finished = hb.now()
    path = Path(set_dir) / file
    try:
        st = os.lstat(path)  # the database user wrote it: never follow a symlink
    except OSError:
        st = None
    size = 0 if st is None else (hb.dir_size(str(path)) if path.is_dir() else st.st_size)
    ok = rc == 0 and st is not None
    item = {
        "kind": kind,
        "name": name,
        "file": file,
        "status": "success" if ok else "failed",
        "exit_status": rc,
        "size_bytes": size,
        "started": hb.iso_time(started),
        "finished": hb.iso_time(finished),
        "started_epoch": started,
        "duration_seconds": round(finished - started, 2),
        "message": "" if ok else (hb.tail(err) or f"exit status {rc}, no output file"),
    }
    log("{} {}: {} in {:.1f}s, {}".format(kind, name, item["status"], item["duration_seconds"], hb.human_bytes(size)))
    return item


def backup_postgres(config: Dict[str, Any], set_dir: str) -> List[Dict[str, Any]]:
    pg = config.get("postgres") or {}
    user = config["db_os_user"]
    timeout = config.get("dump_timeout_seconds") or None
    databases, error = pg_databases(config)
    if error:
        return [{"kind": "job", "name": "database list", "status": "failed", "message": error, "exit_status": 1}]
    if not databases:
        return [{"kind": "job", "name": "database list", "status": "failed", "message": "no database to back up"}]
    items = []
    if pg.get("globals", True):
        command = [pg_tool(pg, "pg_dumpall"), "--globals-only", *pg_conn_args(pg), "-f", "globals.sql"]
        items.append(
            dump_item("globals", "roles and tablespaces", "globals.sql", hb.as_user(user, command), set_dir, timeout)
        )
    files = hb.dump_file_names(databases)
    for database in databases:
        command = [
            pg_tool(pg, "pg_dump"),
            "-Fc",
            "-Z",
            str(pg.get("compress", 6)),
            *pg_conn_args(pg),
            "-f",
            files[database],
            "-d",
            hb.libpq_dbname(database),
        ]
        items.append(dump_item("database", database, files[database], hb.as_user(user, command), set_dir, timeout))
    if pg.get("basebackup"):
        command = [
            pg_tool(pg, "pg_basebackup"),
            *pg_conn_args(pg),
            "-D",
            "basebackup",
            "-Ft",
            "-z",
            "-X",
            "fetch",
            "-c",
            "fast",
            "--no-sync",
        ]
        items.append(dump_item("basebackup", "cluster", "basebackup", hb.as_user(user, command), set_dir, timeout))
    return items


# --------------------------------------------------------------------------- Oracle


def backup_oracle(config: Dict[str, Any], set_dir: str, started: float) -> Tuple[List[Dict[str, Any]], dict]:
    ora = config.get("oracle") or {}
    weekday = datetime.datetime.fromtimestamp(started).isoweekday()
    level = hb.rman_level(weekday, int(ora.get("level0_weekday", 7)))
    rman = str(Path(ora["oracle_home"]) / "bin" / "rman") if ora.get("oracle_home") else "rman"
    env = ["env", "ORACLE_SID={}".format(ora.get("oracle_sid", "")), "NLS_DATE_FORMAT=YYYY-MM-DD HH24:MI:SS"]
    if ora.get("oracle_home"):
        env.append("ORACLE_HOME={}".format(ora["oracle_home"]))
    log_file = Path(set_dir) / "rman.log"
    command = env + [rman, "target", "/", "cmdfile={}".format(ora["rman_script"]), f"log={log_file}"]
    command += ["using", str(level), set_dir]
    t0 = hb.now()
    command = hb.as_user(config["db_os_user"], command)
    timeout = config.get("dump_timeout_seconds") or None
    rc, _out, err = hb.run_command(command, timeout, cwd=set_dir, label=command[0])
    t1 = hb.now()
    try:
        # Written by the oracle user: read only if it is a regular file (a symlink or FIFO is refused).
        with os.fdopen(hb.open_regular(str(log_file)), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as exc:
        text = ""
        err = f"{hb.tail(err)}; no RMAN log: {exc}"
    parsed = hb.parse_rman_log(text, rc)
    message = "" if parsed["ok"] else (hb.describe_rman(parsed, rc) or hb.tail(err))
    item = {
        "kind": "rman",
        "name": f"level {level}",
        "file": "rman.log",
        "status": "success" if parsed["ok"] else "failed",
        "exit_status": rc,
        "size_bytes": hb.dir_size(set_dir),
        "started": hb.iso_time(t0),
        "finished": hb.iso_time(t1),
        "started_epoch": t0,
        "duration_seconds": round(t1 - t0, 2),
        "message": message,
    }
    summary = {
        "level": level,
        "errors": parsed["errors"][:20],
        "warnings": parsed["warnings"][:20],
        "validate": parsed["validate"][:20],
        "pieces": len(parsed["pieces"]),
        "completed": parsed["completed"],
    }
    log(f"rman level {level}: {item['status']} in {item['duration_seconds']:.1f}s {message}")
    return [item], summary


# --------------------------------------------------------------------------- offline copy and retention


def copy_offline(config: Dict[str, Any], set_dir: str, name: str, size: int) -> Dict[str, Any]:
    off = config["offline"]
    host = off["host"]
    t0 = hb.now()
    result: Dict[str, Any] = {"status": "failed", "host": host, "verified": False}

    def done(**fields: object) -> Dict[str, Any]:
        result.update(fields)
        result["duration_seconds"] = round(hb.now() - t0, 2)
        log("offline copy to {}: {} {}".format(host, result["status"], result.get("message", "")))
        return result

    rc, reply, err = hb.remote_call(off, ["space"], timeout=int(off.get("connect_timeout", 10)) + 60)
    if reply is None or "free_bytes" not in reply:
        return done(message=hb.classify_remote_error(host, rc, err or (reply or {}).get("error", ""), "space check"))
    result["path"] = "{}/{}".format(reply.get("path", "").rstrip("/"), name)
    problem = hb.space_problem(host, reply.get("path", "?"), int(reply["free_bytes"]), size)
    if problem:
        return done(message=problem)
    rc, err = hb.rsync_set(off, set_dir, name, float(off.get("timeout_seconds") or 6 * 3600))
    if rc != 0:
        return done(message=hb.classify_remote_error(host, rc, err, "rsync"))
    # The receiver checks the upload against its manifest, places it, then applies the storage
    # host's own retention (this host has no say in it).
    verified = hb.verify_offline(off, name, command="commit")
    if not verified["ok"]:
        return done(message=verified["message"], problems=verified.get("problems", [])[:20])
    retention = verified.get("retention") or {"deleted": [], "reason": "not reported by the storage host"}
    return done(status="success", verified=True, message=verified["message"], retention=retention)


def local_retention(config: Dict[str, Any]) -> Dict[str, Any]:
    keep = config.get("retention", {}).get("local", {})
    backup_dir = config["backup_dir"]
    plan = hb.select_retention(
        hb.local_sets(backup_dir), float(keep.get("keep_days", 7)), int(keep.get("keep_count", 7)), hb.now()
    )
    deleted, errors = [], []
    for name in plan["delete"]:
        path = Path(backup_dir) / name
        if hb.set_time(name) is None or path.resolve().parent != Path(backup_dir).resolve():
            continue
        try:
            shutil.rmtree(path)
            deleted.append(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
    if deleted:
        log("retention: deleted local set(s) {}".format(", ".join(deleted)))
    return {"deleted": deleted, "kept": len(plan["keep"]), "reason": plan["reason"], "errors": errors}


# --------------------------------------------------------------------------- the run


def write_status(config: Dict[str, Any], previous: Optional[dict], run_fields: Dict[str, Any]) -> None:
    status = hb.build_status(previous, run_fields)
    fio.ensure_dir(str(Path(config["status_file"]).parent), 0o750)
    fio.atomic_write(config["status_file"], json.dumps(status, indent=2, ensure_ascii=False) + "\n", 0o640)


def final_status(config: Dict[str, Any], previous: Optional[dict], run_fields: Dict[str, Any]) -> bool:
    """Write the run's last status; on failure (disk full...) try a minimal one. False when neither worked.

    If both fail the file still says ``running`` with its ``deadline``, which the inspection
    reads as a failed run once the deadline has passed.
    """
    try:
        write_status(config, previous, run_fields)
        return True
    except OSError as exc:
        log(f"cannot write the status file {config['status_file']}: {exc}")
    keep = ("job", "host", "engine", "set", "started", "finished", "status", "exit_status", "message")
    minimal = {k: v for k, v in run_fields.items() if k in keep}
    minimal["message"] = str(minimal.get("message", ""))[:200]
    try:
        write_status(config, previous, minimal)
        return True
    except OSError as exc:
        log(f"cannot write even a short status file: {exc}")
        return False


def prepare_set_dir(config: Dict[str, Any], name: str) -> str:
    """``<backup_dir>/<name>.partial``, owned by the database's OS user, who writes the dumps into it.

    ``backup_dir`` itself (root, group of that user, 0750) is made by the role; made here if missing.
    """
    backup_dir = Path(config["backup_dir"])
    entry = pwd.getpwnam(config["db_os_user"]) if os.geteuid() == 0 else None
    if not backup_dir.is_dir():
        fio.ensure_dir(str(backup_dir), 0o750)
        hb.own_dir(str(backup_dir), 0, entry.pw_gid if entry else -1, 0o750)
    path = backup_dir / (name + hb.PARTIAL_SUFFIX)
    fio.check_path(str(path))
    path.mkdir(mode=0o750)  # fails on anything already there, a symlink included
    if entry is not None:
        hb.own_dir(str(path), entry.pw_uid, entry.pw_gid, 0o750)
    return str(path)


def seal_set_dir(config: Dict[str, Any], path: str) -> None:
    """Take the set directory back from the database's OS user (root, its group may read)."""
    gid = pwd.getpwnam(config["db_os_user"]).pw_gid if os.geteuid() == 0 else -1
    hb.own_dir(path, 0, gid, 0o750)


def failed_run(base: Dict[str, Any], message: str) -> Dict[str, Any]:
    """Status fields of a run that ended before its normal end (an error, a signal)."""
    return dict(
        base,
        status="failed",
        finished=hb.now(),
        local_ok=False,
        exit_status=EXIT_FAILED,
        message=message,
        retention=nothing_deleted(),
    )


def backup(config: Dict[str, Any]) -> int:
    """One run; the final status is written whatever ends it (see final_status for when it cannot be)."""
    started = hb.now()
    previous = hb.read_json(config["status_file"])
    name = hb.set_name(started)
    while any((Path(config["backup_dir"]) / n).exists() for n in (name, name + hb.PARTIAL_SUFFIX)):
        started += 1  # two runs in one second: the set names must differ
        name = hb.set_name(started)
    base = {
        "job": config.get("job", "healthops-db-backup"),
        "host": config.get("host", os.uname()[1]),
        "engine": config["engine"],
        "set": name,
        "started": started,
    }
    timeout = float(config.get("timeout_seconds") or 0)
    running = dict(base, status="running", message=f"backup set {name} running")
    if timeout > 0:
        running["deadline"] = started + timeout
    try:
        write_status(config, previous, running)
    except OSError as exc:  # the backup matters more than its status: go on
        log(f"cannot write the status file {config['status_file']}: {exc}")
    run_fields = None
    try:
        run_fields = run_set(config, base, name, started)
    except Terminated as exc:
        run_fields = failed_run(base, f"backup set {name}: stopped by {exc} before the end; nothing deleted")
    except Exception as exc:  # whatever broke, the status must not stay "running"
        log(traceback.format_exc().strip())
        run_fields = failed_run(base, f"backup set {name}: job error {type(exc).__name__}: {exc}")
    finally:
        if run_fields is None:  # KeyboardInterrupt, SystemExit
            run_fields = failed_run(base, f"backup set {name}: interrupted; nothing deleted")
        written = final_status(config, previous, run_fields)
    log("backup set {}: {}: {}".format(name, run_fields["status"], run_fields["message"]))
    return run_fields["exit_status"] if written else EXIT_FAILED


def take_set(
    config: Dict[str, Any], base: Dict[str, Any], name: str, started: float
) -> Tuple[List[Dict[str, Any]], Optional[dict], bool, Optional[dict], str, List[str]]:
    """The dumps into ``<name>.partial``, its backup.json and manifest, then renamed to ``<name>``.

    Returns (items, RMAN summary, dumps ok, manifest, error text, problems); an error keeps the
    items already made and leaves the set partial.
    """
    items: List[Dict[str, Any]] = []
    rman = None
    try:
        partial = prepare_set_dir(config, name)
        if config["engine"] == "postgres":
            items = backup_postgres(config, partial)
        else:
            items, rman = backup_oracle(config, partial, started)
        seal_set_dir(config, partial)
        dumps_ok = bool(items) and all(i["status"] == "success" for i in items)
        meta = dict(base, status="success" if dumps_ok else "failed", started=hb.iso_time(started))
        meta.update(started_epoch=started, items=items, format=1)
        if rman is not None:
            meta["rman"] = rman
        meta_text = json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
        fio.atomic_write(str(Path(partial) / hb.META), meta_text, 0o640)
        manifest = hb.write_manifest(partial)
        Path(partial).rename(Path(config["backup_dir"]) / name)
    except (OSError, ValueError, KeyError) as exc:
        extra = f"backup set {name}: {exc}"
        log(extra)
        return items, rman, False, None, extra, getattr(exc, "problems", [])  # hb.SetProblems: not regular files
    return items, rman, dumps_ok, manifest, "", []


def offline_copy(config: Dict[str, Any], final: str, name: str, dumps_ok: bool, manifest: Optional[dict]) -> dict:
    """The copy to the storage host when one is configured and the set is complete; skipped otherwise."""
    if not (config.get("offline") or {}).get("enabled"):
        return {"status": "skipped", "message": "no offline copy configured"}
    if dumps_ok and manifest:
        return copy_offline(config, final, name, manifest["size_bytes"])
    return {"status": "skipped", "host": config["offline"]["host"], "message": "backup failed: not copied"}


def nothing_deleted() -> Dict[str, Any]:
    """The retention of a run that failed: no set is deleted on either side."""
    why = "this run failed: no backup is deleted"
    return {"local": {"deleted": [], "reason": why}, "offline": {"deleted": [], "reason": why}}


def apply_retention(config: Dict[str, Any], all_ok: bool, offline: Dict[str, Any]) -> Dict[str, Any]:
    """Local retention after a run that fully succeeded, and what the storage host reported deleting."""
    if not all_ok:
        return nothing_deleted()
    retention = {"local": local_retention(config)}
    if (config.get("offline") or {}).get("enabled"):
        retention["offline"] = offline.pop("retention", {"deleted": []})
        if retention["offline"].get("deleted"):
            log("retention: the storage host deleted set(s) {}".format(", ".join(retention["offline"]["deleted"])))
    return retention


def run_set(config: Dict[str, Any], base: Dict[str, Any], name: str, started: float) -> Dict[str, Any]:
    """The set, its manifest, the offline copy and retention; returns the final status fields."""
    final = str(Path(config["backup_dir"]) / name)
    items, rman, dumps_ok, manifest, extra, problems = take_set(config, base, name, started)
    offline = offline_copy(config, final, name, dumps_ok, manifest)
    offline_ok = offline["status"] == "success" or not (config.get("offline") or {}).get("enabled")
    all_ok = dumps_ok and offline_ok
    retention = apply_retention(config, all_ok, offline)
    run_fields = dict(
        base,
        status="success" if all_ok else "failed",
        finished=hb.now(),
        local_ok=dumps_ok,
        target=final,
        size_bytes=(manifest or {}).get("size_bytes", 0),
        exit_status=EXIT_OK if all_ok else EXIT_FAILED,
        databases=[{k: v for k, v in i.items() if k != "started_epoch"} for i in items],
        manifest=manifest,
        offline_copy=offline,
        retention=retention,
        message=hb.run_message(items, offline, extra),
    )
    if rman is not None:
        run_fields["rman"] = rman
    if problems:
        run_fields["problems"] = problems[:20]
    return run_fields


def verify(config: Dict[str, Any], name: Optional[str], offline: bool) -> int:
    result = hb.verify_copies(config, name, offline)
    result.pop("meta", None)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return EXIT_OK if result["ok"] else EXIT_FAILED


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="healthops database backup job")
    parser.add_argument("--config", default=DEFAULT_CONFIG)
    sub = parser.add_subparsers(dest="command")
    sub.required = True  # add_subparsers(required=) is 3.7+
    sub.add_parser("backup", help="take a backup set, copy it offline, apply retention")
    check = sub.add_parser("verify", help="check the manifest of a set on both copies")
    check.add_argument("--set", dest="set_name")
    check.add_argument("--local-only", action="store_true")
    args = parser.parse_args(argv)
    os.umask(0o027)  # dumps hold patient data: no access for others
    try:
        config = load_config(args.config)
    except (OSError, ValueError) as exc:
        log(f"configuration: {exc}")
        return EXIT_CONFIG
    if args.command == "verify":
        return verify(config, args.set_name, not args.local_only)
    lock_path = config.get("lock_file") or str(Path(config["status_file"]).parent / "backup.lock")
    try:
        fio.ensure_dir(str(Path(lock_path).parent), 0o750)
        fio.check_path(lock_path)
        lock = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o640)
    except OSError as exc:
        log(f"lock file {lock_path}: {exc}")
        return EXIT_CONFIG
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            log(f"another backup run holds {lock_path}")
            return EXIT_LOCKED
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGHUP, on_signal)
        return backup(config)
    finally:
        os.close(lock)


if __name__ == "__main__":
    sys.exit(main())
