# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The offline copy: SSH and rsync to the storage host, the receiver's protocol, the checks of the copies.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import shlex
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .files import check_set, local_sets
from .layout import (
    MANIFEST,
    META,
    RECEIVER_COMMANDS,
    RECEIVER_WORD,
    SPACE_MARGIN_BYTES,
    human_bytes,
    run_command,
    valid_set_name,
)
from .manifest import describe_problems

__metaclass__ = type


def classify_remote_error(host: str, returncode: int, stderr: str, what: str = "ssh") -> str:
    """A failed ssh/rsync call -> a message naming the storage host and the cause."""
    text = " ".join((stderr or "").split())
    lowered = text.lower()
    if "no space left on device" in lowered or "disk quota exceeded" in lowered:
        return "storage host %s: destination full (No space left on device) during %s" % (host, what)
    if "host key verification failed" in lowered:
        return "storage host %s: host key verification failed (known_hosts)" % host
    if "permission denied" in lowered:
        return "storage host %s: permission denied (%s)" % (host, text[-200:])
    if returncode == 255 or "connection refused" in lowered or "could not resolve" in lowered:
        detail = text[-300:] if text else "exit status 255"
        return "storage host %s unreachable: %s" % (host, detail)
    return "storage host %s: %s failed with exit status %s: %s" % (host, what, returncode, text[-300:])


def space_problem(host: str, path: str, free_bytes: int, need_bytes: int) -> Optional[str]:
    """None when ``need_bytes`` (plus a margin) fit in ``free_bytes``, else the message."""
    if free_bytes >= need_bytes + SPACE_MARGIN_BYTES:
        return None
    return "storage host %s: destination %s full: %s free, the set needs %s (+%s margin)" % (
        host,
        path,
        human_bytes(free_bytes),
        human_bytes(need_bytes),
        human_bytes(SPACE_MARGIN_BYTES),
    )


def parse_receiver_command(original: str) -> Tuple[str, List[str]]:
    """SSH_ORIGINAL_COMMAND -> (command, arguments); ValueError when not one of the receiver's."""
    words = shlex.split(original or "")
    if words[:2] == ["rsync", "--server"]:
        return "rsync", words
    if len(words) < 2 or words[0] != RECEIVER_WORD or words[1] not in RECEIVER_COMMANDS:
        raise ValueError("refused: %r is not a healthops-backup command" % (original or "")[:80])
    command, args = words[1], words[2:]
    if command in ("verify", "commit"):
        if len(args) != 1 or not valid_set_name(args[0]):
            raise ValueError("%s takes one set name" % command)
    elif command == "prune" and args:
        raise ValueError("prune takes no argument: retention is configured on the storage host")
    elif args:
        raise ValueError("%s takes no argument" % command)
    return command, args


# --------------------------------------------------------------------------- SSH to the storage host


def ssh_command(offline: Dict[str, Any]) -> List[str]:
    """``ssh`` with the job's key and known_hosts, batch mode, strict host key checking."""
    return [
        offline.get("ssh", "ssh"),
        "-i",
        offline["identity"],
        "-p",
        str(offline.get("port", 22)),
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=%s" % offline["known_hosts"],
        "-o",
        "ConnectTimeout=%d" % int(offline.get("connect_timeout", 10)),
        "-o",
        "ServerAliveInterval=15",
        "-o",
        "LogLevel=ERROR",
    ]


def remote_call(
    offline: Dict[str, Any], words: Sequence[str], timeout: float = 3600
) -> Tuple[int, Optional[Dict[str, Any]], str]:
    """Run one receiver command on the storage host; ``(exit status, JSON reply or None, stderr)``."""
    target = "%s@%s" % (offline["user"], offline["host"])
    command = ssh_command(offline) + [target, " ".join([RECEIVER_WORD] + [shlex.quote(w) for w in words])]
    rc, stdout, stderr = run_command(command, timeout)
    reply = None
    try:
        parsed = json.loads(stdout) if stdout.strip() else None
        reply = parsed if isinstance(parsed, dict) else None
    except ValueError:
        reply = None
    return rc, reply, stderr


def rsync_set(offline: Dict[str, Any], set_dir: str, name: str, timeout: float) -> Tuple[int, str]:
    """Upload the set to ``<name>/`` of the receiver's staging directory (rrsync's restricted directory)."""
    ssh = " ".join(shlex.quote(w) for w in ssh_command(offline))
    command = [
        offline.get("rsync", "rsync"),
        "-a",
        "--partial",
        "--no-owner",
        "--no-group",
        "--chmod=D750,F640",
        "-e",
        ssh,
    ]
    if int(offline.get("bwlimit_kbps") or 0) > 0:
        command.append("--bwlimit=%d" % int(offline["bwlimit_kbps"]))
    command += [set_dir.rstrip("/") + "/", "%s@%s:%s/" % (offline["user"], offline["host"], name)]
    rc, _stdout, stderr = run_command(command, timeout, label="rsync")
    return rc, stderr


def verify_offline(
    offline: Dict[str, Any], name: str, timeout: float = 3600, command: str = "verify"
) -> Dict[str, Any]:
    """``sha256sum --check`` of the set on the storage host: ``{"ok", "problems", "message", "host"}``.

    ``command`` ``verify`` checks a placed set again; ``commit`` asks the receiver to check the
    uploaded (staged) set and place it, after which it applies the storage host's retention
    (then the result has ``retention`` too).
    """
    host = offline["host"]
    rc, reply, stderr = remote_call(offline, [command, name], timeout)
    if reply is None:
        return {"ok": False, "problems": [], "host": host, "message": classify_remote_error(host, rc, stderr, command)}
    problems = reply.get("problems") or []
    where = "%s:%s" % (host, reply.get("path", name))
    result = {"ok": False, "problems": problems, "host": host}  # type: Dict[str, Any]
    if "retention" in reply:
        result["retention"] = reply["retention"]
    if reply.get("ok") and not problems:
        result["ok"] = True
        result["message"] = "%d file(s) match %s in %s" % (reply.get("files", 0), MANIFEST, where)
        return result
    result["message"] = "offline copy %s failed verification: %s" % (
        where,
        describe_problems(problems) or reply.get("error") or "exit status %s" % rc,
    )
    return result


def choose_set(sets: Sequence[Dict[str, Any]], name: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The set to verify: ``name`` if given, else the newest complete set (manifest written).

    A complete set whose ``backup.json`` is missing or says failed is still chosen when it is
    the newest complete one: its verification then says why, instead of silently checking an
    older set.
    """
    for item in sets:
        if name:
            if item["name"] == name:
                return item
            continue
        if not item.get("partial") and os.path.isfile(os.path.join(item["path"], MANIFEST)):
            return item
    return None


def verify_copies(config: Dict[str, Any], name: Optional[str] = None, offline: bool = True) -> Dict[str, Any]:
    """Check the manifests of a set (default: the newest complete one) on both copies.

    Returns ``{"ok", "set", "path", "meta", "newer_failed", "local": {...}, "offline": {...}}``
    where each copy is ``{"ok", "problems", "message"}`` (offline also ``host``; ``skipped``
    when there is no offline copy or ``offline`` is false).
    """
    sets = local_sets(config["backup_dir"])
    chosen = choose_set(sets, name)
    result = {"ok": False, "set": None, "path": None, "meta": None, "newer_failed": []}  # type: Dict[str, Any]
    if chosen is None:
        what = ("backup set %s" % name) if name else "complete backup set"
        message = "no %s in %s on this host" % (what, config["backup_dir"])
        result["local"] = {"ok": False, "problems": [], "message": message}
        result["offline"] = {"ok": False, "skipped": True, "problems": [], "message": "no set to check"}
        return result
    result.update(set=chosen["name"], path=chosen["path"], meta=chosen.get("meta"))
    result["newer_failed"] = [s["name"] for s in sets if s["time"] > chosen["time"]]
    local = check_set(chosen["path"])
    meta = chosen.get("meta") or {}
    if local["ok"] and meta.get("status") != "success":
        detail = "backup.json says %s" % meta.get("status") if meta else "backup.json missing or unreadable"
        local["problems"].append({"file": META, "problem": "backup failed", "detail": detail})
        local["ok"] = False
    if local["ok"]:
        local["message"] = "%d file(s) match %s in %s" % (local["files"], MANIFEST, chosen["path"])
    else:
        local["message"] = "local copy %s: %s" % (chosen["path"], describe_problems(local["problems"]))
    result["local"] = local
    off_cfg = config.get("offline") or {}
    if not (offline and off_cfg.get("enabled")):
        result["offline"] = {"ok": True, "skipped": True, "problems": [], "message": "no offline copy configured"}
    else:
        result["offline"] = verify_offline(off_cfg, chosen["name"])
    result["ok"] = bool(local["ok"] and result["offline"]["ok"])
    return result
