# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ledger: one JSON line per playbook run, for the duty record (运维记录)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: healthops_ledger
type: notification
short_description: Append one JSON line per playbook run to the healthops run ledger
description:
  - Records when each duty ran, who ran it, against which hosts, in check mode or not,
    and how each host ended (ok, changed, failed, unreachable). Auditors and the monthly
    duty report read it to show every inspection, backup test and patch round was done.
  - The line is written when the playbook ends, also when it fails.
requirements:
  - enable it in ansible.cfg (callbacks_enabled = healthops_ledger)
options:
  path:
    description: Ledger file (JSON Lines); its directory is created when missing.
    default: ~/.cache/healthops/ledger.jsonl
    type: path
    ini:
      - section: callback_healthops_ledger
        key: path
    env:
      - name: HEALTHOPS_LEDGER
"""

import getpass
import json
import os
import socket
import time
from typing import Any

from ansible import context
from ansible.plugins.callback import CallbackBase


def ledger_entry(
    playbook: str, started: float, finished: float, stats: dict[str, dict[str, int]], check_mode: bool
) -> dict[str, Any]:
    """The ledger line of one run (pure, for tests)."""
    failed = sorted(h for h, s in stats.items() if s.get("failures") or s.get("unreachable"))
    return {
        "playbook": playbook,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(finished)),
        "duration_s": round(finished - started, 2),
        "operator": os.environ.get("SUDO_USER") or getpass.getuser(),
        "controller": socket.gethostname(),
        "check_mode": check_mode,
        "result": "failed" if failed else "ok",
        "hosts_failed": failed,
        "hosts": stats,
    }


class CallbackModule(CallbackBase):
    """Append one JSON line per playbook run to the ledger."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "healthops_ledger"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._playbook = ""
        self._started = time.time()

    def v2_playbook_on_start(self, playbook: Any) -> None:
        self._playbook = os.path.relpath(playbook._file_name)
        self._started = time.time()

    def v2_playbook_on_stats(self, stats: Any) -> None:
        per_host = {
            host: {
                key: int(getattr(stats, attr).get(host, 0))
                for key, attr in (
                    ("ok", "ok"),
                    ("changed", "changed"),
                    ("failures", "failures"),
                    ("unreachable", "dark"),
                    ("skipped", "skipped"),
                    ("rescued", "rescued"),
                    ("ignored", "ignored"),
                )
            }
            for host in sorted(stats.processed)
        }
        check_mode = bool(context.CLIARGS.get("check", False)) if context.CLIARGS else False
        entry = ledger_entry(self._playbook, self._started, time.time(), per_host, check_mode)
        path = os.path.expanduser(self.get_option("path"))
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "a", encoding="utf-8") as ledger:
                ledger.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as exc:
            self._display.warning(f"healthops_ledger: cannot write {path}: {exc}")
