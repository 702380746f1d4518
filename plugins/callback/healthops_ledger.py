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
  - The line is written when the playbook ends, also when it fails. Its C(outcome) is C(ok),
    C(failed) (a task failed or a host was unreachable), C(interrupted) (Ctrl-C, SIGINT),
    C(terminated) (SIGTERM) or C(error) (the run stopped on an error before its end, such as a
    play that could not be templated); the last three are written when the process exits.
  - The file is created with mode 0640 (a stricter umask wins) and never written through a symlink.
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

import atexit
import getpass
import json
import os
import signal
import socket
import time
from pathlib import Path
from typing import Any

import ansible.module_utils
from ansible import context
from ansible.plugins.callback import CallbackBase

# plugins/module_utils is bundled into modules by Ansible but not importable on the controller: add it.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.common.fileio import append_text, ensure_dir

OUTCOMES = ("ok", "failed", "interrupted", "terminated", "error")
STAT_KEYS = (
    ("ok", "ok"),
    ("changed", "changed"),
    ("failures", "failures"),
    ("unreachable", "dark"),
    ("skipped", "skipped"),
    ("rescued", "rescued"),
    ("ignored", "ignored"),
)


def ledger_entry(
    playbook: str,
    started: float,
    finished: float,
    stats: dict[str, dict[str, int]],
    check_mode: bool,
    outcome: str | None = None,
) -> dict[str, Any]:
    """The ledger line of one run (pure, for tests). ``outcome`` None: ok or failed, from the stats."""
    failed = sorted(h for h, s in stats.items() if s.get("failures") or s.get("unreachable"))
    if outcome is None:
        outcome = "failed" if failed else "ok"
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    return {
        "playbook": playbook,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(finished)),
        "duration_s": round(finished - started, 2),
        "operator": os.environ.get("SUDO_USER") or getpass.getuser(),
        "controller": socket.gethostname(),
        "check_mode": check_mode,
        "outcome": outcome,
        "result": "ok" if outcome == "ok" else "failed",
        "hosts_failed": failed,
        "hosts": stats,
    }


class CallbackModule(CallbackBase):
    """Append one JSON line per playbook run to the ledger, also for a run that never reaches its end."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "healthops_ledger"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._playbook = ""
        self._started = time.time()
        # A run is "open" from v2_playbook_on_start until its line is written. Ansible sends
        # v2_playbook_on_stats only when the playbook ends normally; Ctrl-C or an error raised out
        # of the executor skips it, so the exit hook writes the open run's line instead.
        self._open = False
        self._signal = ""
        self._pid = os.getpid()
        self._seen: dict[str, dict[str, int]] = {}
        self._hooked = False

    # ------------------------------------------------------------------ hooks

    def _hook(self) -> None:
        if self._hooked:
            return
        self._hooked = True
        atexit.register(self._at_exit)
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            signal.signal(signum, self._signal_handler(signum, previous))

    def _signal_handler(self, signum: int, previous: Any) -> Any:
        def handler(num: int, frame: Any) -> None:
            if os.getpid() == self._pid:
                self._signal = "interrupted" if num == signal.SIGINT else "terminated"
                if num == signal.SIGTERM:
                    # Ansible answers SIGTERM by killing its own process with the default action:
                    # no exit hook runs after that, so the line is written now.
                    self._write_open_run("terminated")
            signal.signal(signum, previous)  # the next one goes straight to Ansible (or the default)
            if callable(previous):
                previous(num, frame)
            elif previous == signal.SIG_DFL:
                if num == signal.SIGINT:
                    raise KeyboardInterrupt
                os.kill(os.getpid(), num)

        return handler

    def _at_exit(self) -> None:
        if os.getpid() == self._pid:  # a forked worker inherits the hook; only the run itself writes
            self._write_open_run(self._signal or "error")

    # ------------------------------------------------------------------ events

    def v2_playbook_on_start(self, playbook: Any) -> None:
        self._playbook = os.path.relpath(playbook._file_name)
        self._started = time.time()
        self._seen = {}
        self._open = True
        self._hook()

    def _count(self, result: Any, key: str) -> None:
        """Per-host counts as the run goes, for a line written before Ansible's own stats exist."""
        counts = self._seen.setdefault(result._host.get_name(), {k: 0 for k, _attr in STAT_KEYS})
        counts[key] += 1

    def v2_runner_on_ok(self, result: Any) -> None:
        self._count(result, "ok")
        if result._result.get("changed"):
            self._count(result, "changed")

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._count(result, "ignored" if ignore_errors else "failures")

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._count(result, "unreachable")

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._count(result, "skipped")

    def v2_playbook_on_stats(self, stats: Any) -> None:
        per_host = {
            host: {key: int(getattr(stats, attr).get(host, 0)) for key, attr in STAT_KEYS}
            for host in sorted(stats.processed)
        }
        self._write(ledger_entry(self._playbook, self._started, time.time(), per_host, self._check_mode()))

    # ------------------------------------------------------------------ writing

    @staticmethod
    def _check_mode() -> bool:
        return bool(context.CLIARGS.get("check", False)) if context.CLIARGS else False

    def _write_open_run(self, outcome: str) -> None:
        if self._open:
            stats = {host: dict(counts) for host, counts in sorted(self._seen.items())}
            self._write(ledger_entry(self._playbook, self._started, time.time(), stats, self._check_mode(), outcome))

    def _write(self, entry: dict[str, Any]) -> None:
        self._open = False
        path = os.path.expanduser(self.get_option("path"))
        try:
            ensure_dir(os.path.dirname(os.path.abspath(path)))
            append_text(path, json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as exc:
            self._display.warning(f"healthops_ledger: cannot write {path}: {exc}")
