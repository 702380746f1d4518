#!/usr/bin/python3
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""healthops backup receiver: the forced command of a database host's key on the storage host.

authorized_keys of the storage user (written by the db_backup role)::

    restrict,command="/usr/bin/python3 .../healthops_backup_receiver.py /srv/backup/healthops/<db host>" ssh-ed25519 ...

The key can do nothing but this, inside its own directory (``SSH_ORIGINAL_COMMAND`` says what):

    rsync --server ...                  upload through rrsync -wo -no-del (write only, no deletion)
    healthops-backup space              {"path", "free_bytes", "total_bytes"}
    healthops-backup list               {"sets": [{"name", "good"}]}
    healthops-backup verify <set>       sha256sum --check of the set's manifest; marks it verified or not
    healthops-backup prune <days> <n>   retention (healthops_backup.select_retention) over verified sets

Replies are one JSON object on stdout. Standard library only (Python >= 3.8).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import healthops_backup as hb

RRSYNC_CANDIDATES = ("/usr/bin/rrsync", "/usr/share/doc/rsync/support/rrsync", "/usr/share/rsync/scripts/rrsync")


def reply(data: dict[str, Any], status: int = 0) -> int:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return status


def space(root: str) -> int:
    stats = os.statvfs(root)
    return reply(
        {"path": root, "free_bytes": stats.f_bavail * stats.f_frsize, "total_bytes": stats.f_blocks * stats.f_frsize}
    )


def verify(root: str, name: str) -> int:
    path = Path(root) / name
    mark = path / hb.VERIFIED_MARK
    if not path.is_dir():
        problem = {"file": name, "problem": "missing", "detail": "no such set on the storage host"}
        return reply({"ok": False, "path": str(path), "files": 0, "problems": [problem]}, 1)
    if not (path / hb.MANIFEST).is_file():
        mark.unlink(missing_ok=True)
        problem = {"file": hb.MANIFEST, "problem": "missing", "detail": "set has no manifest"}
        return reply({"ok": False, "path": str(path), "files": 0, "problems": [problem]}, 1)
    proc = subprocess.run(
        ["sha256sum", "--check", "--strict", hb.MANIFEST],
        cwd=str(path),
        capture_output=True,
        text=True,
        check=False,
    )
    problems = hb.parse_sha256sum_check(proc.stdout, proc.stderr)
    if proc.returncode != 0 and not problems:
        problems = [{"file": hb.MANIFEST, "problem": "unreadable", "detail": hb.tail(proc.stderr, 200)}]
    files = sum(1 for line in proc.stdout.splitlines() if line.strip())
    ok = proc.returncode == 0 and not problems
    if ok:
        mark.write_text(f"{hb.iso_time(hb.now())}\n", encoding="utf-8")
    else:
        mark.unlink(missing_ok=True)
    return reply({"ok": ok, "path": str(path), "files": files, "problems": problems}, 0 if ok else 1)


def list_sets(root: str) -> int:
    sets = [{"name": s["name"], "good": s["good"]} for s in hb.storage_sets(root)]
    return reply({"path": root, "sets": sets})


def prune(root: str, keep_days: str, keep_count: str) -> int:
    plan = hb.select_retention(hb.storage_sets(root), float(keep_days), int(keep_count), hb.now())
    deleted: list[str] = []
    errors: list[str] = []
    for name in plan["delete"]:
        if hb.set_time(name) is None:
            continue
        try:
            shutil.rmtree(Path(root) / name)
            deleted.append(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
    return reply({"deleted": deleted, "kept": len(plan["keep"]), "reason": plan["reason"], "errors": errors})


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[1].startswith("/"):
        return reply({"error": "receiver needs the absolute directory of this key"}, 2)
    root = argv[1]
    if not Path(root).is_dir():
        return reply({"error": f"storage directory {root} does not exist"}, 2)
    try:
        command, args = hb.parse_receiver_command(os.environ.get("SSH_ORIGINAL_COMMAND", ""))
    except ValueError as exc:
        return reply({"error": str(exc)}, 2)
    if command == "rsync":
        rrsync = next((p for p in RRSYNC_CANDIDATES if os.access(p, os.X_OK)), None)
        if rrsync is None:
            sys.stderr.write("healthops-backup receiver: rrsync not found\n")
            return 2
        os.execv(rrsync, [rrsync, "-wo", "-no-del", root])  # noqa: S606 - fixed program, no shell
    if command == "space":
        return space(root)
    if command == "list":
        return list_sets(root)
    if command == "verify":
        return verify(root, args[0])
    return prune(root, args[0], args[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
