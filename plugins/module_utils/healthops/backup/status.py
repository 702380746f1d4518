# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The job's status file (what the inspection reads) and the one-line message of a run. Pure.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, Optional, Sequence

from .layout import STATUS_SCHEMA, human_bytes, iso_time

__metaclass__ = type


def build_status(previous: Optional[Dict[str, Any]], run: Dict[str, Any]) -> Dict[str, Any]:
    """The status file's content after (or during) a run.

    ``run`` has at least ``status`` (success, failed, running) and ``started`` (epoch);
    ``finished`` (epoch) when done, ``message``, and any of ``job``, ``host``, ``engine``,
    ``set``, ``target``, ``size_bytes``, ``exit_status``, ``databases``, ``manifest``,
    ``offline_copy``, ``retention``, ``rman``, ``local_ok`` (the local set is good even if
    the offline copy failed), ``deadline`` (epoch: when a running run is overdue).

    The fields the inspection reads (healthops.inspect.sec.parse_backup_status): ``status``,
    ``finished``, ``last_success``, ``started``, ``job``, ``target``, ``size_bytes``,
    ``message``. ``last_success`` is carried over from ``previous`` until a run succeeds;
    ``last_local_success`` likewise for runs whose local set was good.
    """
    previous = previous if isinstance(previous, dict) else {}
    status = run["status"]
    started = run.get("started")
    finished = run.get("finished")
    last_success = previous.get("last_success")
    last_success_set = previous.get("last_success_set")
    last_local = previous.get("last_local_success")
    if status == "success" and finished is not None:
        last_success, last_success_set = iso_time(finished), run.get("set")
    if (status == "success" or run.get("local_ok")) and finished is not None:
        last_local = iso_time(finished)
    data = {
        "schema": STATUS_SCHEMA,
        "status": status,
        "started": iso_time(started),
        "finished": iso_time(finished) if status != "running" else previous.get("finished"),
        "last_success": last_success,
        "last_success_set": last_success_set,
        "last_local_success": last_local,
        "duration_seconds": round(finished - started, 1) if (finished is not None and started is not None) else None,
        "message": run.get("message", ""),
    }  # type: Dict[str, Any]
    if status == "running" and run.get("deadline") is not None:
        # The inspection reads a run still "running" past this time as one that died.
        data["deadline"] = iso_time(run["deadline"])
    for key in (
        "job",
        "host",
        "engine",
        "set",
        "target",
        "size_bytes",
        "exit_status",
        "databases",
        "manifest",
        "offline_copy",
        "retention",
        "rman",
        "problems",
    ):
        if key in run:
            data[key] = run[key]
    return data


def run_message(databases: Sequence[Dict[str, Any]], offline: Optional[Dict[str, Any]], extra: str = "") -> str:
    """The status file's ``message``: what failed (naming the database, file or host), else a summary."""
    failed = [d for d in databases if d.get("status") != "success"]
    parts = []
    for item in failed:
        parts.append("%s %s failed: %s" % (item.get("kind", "database"), item.get("name"), item.get("message", "")))
    if offline and offline.get("status") == "failed":
        parts.append("offline copy failed: %s" % offline.get("message", ""))
    if extra:
        parts.append(extra)
    if parts:
        return "; ".join(p.strip() for p in parts)[:1000]
    size = sum(int(d.get("size_bytes") or 0) for d in databases)
    copy = ""
    if offline and offline.get("status") == "success":
        copy = ", offline copy verified on %s" % offline.get("host")
    return "%d item(s), %s%s" % (len(databases), human_bytes(size), copy)
