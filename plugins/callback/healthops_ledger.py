# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ledger: one record per playbook run and per host, in SQLite, for the duty record (运维记录)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: healthops_ledger
type: notification
short_description: Record every playbook run and its hosts in the healthops run ledger (SQLite)
description:
  - Records when each duty ran, who ran it (the user, or C(SUDO_USER)), on which controller,
    against which inventory, in check mode or not, at which git commit of the repository and
    whether its tree had uncommitted changes, the report the run wrote, and how each host ended
    (ok, changed, failed, unreachable) with its report path. Auditors, C(bin/healthops runs) and
    the summaries read it to show every inspection, backup test and patch round was done.
  - A run started by a C(healthops-*) timer also records its duty, system and ansible-runner
    directory (C(HEALTHOPS_DUTY), C(HEALTHOPS_SYSTEM), C(HEALTHOPS_RUN_DIR) in its environment).
  - Never a secret. Only names, counts, paths and times are kept; no task argument or result, no
    extra variable of the command line; the report path is read from the C(healthops_report)
    task's result and nothing else of it.
  - Stored in SQLite in WAL mode (tables C(runs) and C(run_hosts)), so concurrent runs and readers
    do not block each other.
  - The run is written when the playbook ends, also when it fails. Its C(outcome) is C(ok),
    C(failed) (a task failed or a host was unreachable), C(interrupted) (Ctrl-C, SIGINT),
    C(terminated) (SIGTERM) or C(error) (the run stopped on an error before its end, such as a
    play that could not be templated); the last three are written when the process exits.
  - The database and its WAL files are created with mode 0640 (a stricter umask wins) and never
    written through a symlink.
requirements:
  - enable it in ansible.cfg (callbacks_enabled = healthops_ledger)
options:
  path:
    description: Ledger database (SQLite); its directory is created when missing.
    default: ~/.cache/healthops/ledger.sqlite
    type: path
    ini:
      - section: callback_healthops_ledger
        key: path
    env:
      - name: HEALTHOPS_LEDGER
  alert_webhook_url:
    description:
      - Webhook (DingTalk or WeCom group robot) that receives one message per run ending FAIL or
        ERROR, failed or stopped; https, or http to this machine only. Empty, no webhook.
    type: str
    default: ""
    ini:
      - section: callback_healthops_ledger
        key: alert_webhook_url
    env:
      - name: HEALTHOPS_ALERT_WEBHOOK_URL
  alert_webhook_kind:
    description: C(dingtalk) or C(wecom), the JSON the robot expects.
    type: str
    default: "dingtalk"
    ini:
      - section: callback_healthops_ledger
        key: alert_webhook_kind
    env:
      - name: HEALTHOPS_ALERT_WEBHOOK_KIND
  alert_webhook_secret:
    description:
      - DingTalk signing secret (加签); the URL gets C(timestamp) and C(sign).
      - Give it in the environment, not in ansible.cfg.
    type: str
    default: ""
    env:
      - name: HEALTHOPS_ALERT_WEBHOOK_SECRET
  alert_smtp_host:
    description:
      - SMTP server for the same alerts by e-mail, always over STARTTLS with its certificate
        verified. Empty, no e-mail.
    type: str
    default: ""
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_host
    env:
      - name: HEALTHOPS_ALERT_SMTP_HOST
  alert_smtp_port:
    description: SMTP port.
    type: int
    default: 587
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_port
    env:
      - name: HEALTHOPS_ALERT_SMTP_PORT
  alert_smtp_from:
    description: Sender address.
    type: str
    default: ""
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_from
    env:
      - name: HEALTHOPS_ALERT_SMTP_FROM
  alert_smtp_to:
    description: Recipients.
    type: list
    default: []
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_to
    env:
      - name: HEALTHOPS_ALERT_SMTP_TO
  alert_smtp_user:
    description: SMTP login (empty, none).
    type: str
    default: ""
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_user
    env:
      - name: HEALTHOPS_ALERT_SMTP_USER
  alert_smtp_password:
    description: SMTP password; give it in the environment.
    type: str
    default: ""
    env:
      - name: HEALTHOPS_ALERT_SMTP_PASSWORD
  alert_smtp_cafile:
    description: CA file that verifies the SMTP server (empty, the system's CAs).
    type: path
    default: ""
    ini:
      - section: callback_healthops_ledger
        key: alert_smtp_cafile
    env:
      - name: HEALTHOPS_ALERT_SMTP_CAFILE
  alert_min_interval:
    description:
      - Seconds one subject (system and duty, else playbook) stays quiet after an alert; later
        ones are counted and named in the next.
    type: int
    default: 3600
    ini:
      - section: callback_healthops_ledger
        key: alert_min_interval
    env:
      - name: HEALTHOPS_ALERT_MIN_INTERVAL
"""

import atexit
import getpass
import os
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import ansible.module_utils
from ansible import constants as C
from ansible import context
from ansible.plugins.callback import CallbackBase

# plugins/module_utils is bundled into modules by Ansible but not importable on the controller: add it.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.controller.alerts import AlertConfig, notify
from ansible.module_utils.healthops.controller.ledger import connect, record

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
REPORT_ACTIONS = ("healthops_report", "ansible.legacy.healthops_report")


def ledger_entry(
    playbook: str,
    started: float,
    finished: float,
    stats: dict[str, dict[str, int]],
    check_mode: bool,
    outcome: str | None = None,
    context_facts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ledger record of one run (pure, for tests). ``outcome`` None: ok or failed, from the stats.

    ``context_facts``: inventory, git_commit, git_dirty, duty, system, run_dir, report_path, status (the
    report's worst) and host_reports (host -> report path, status, outcome), as the callback gathered them.
    """
    failed = sorted(h for h, s in stats.items() if s.get("failures") or s.get("unreachable"))
    if outcome is None:
        outcome = "failed" if failed else "ok"
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    facts = context_facts or {}
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
        "inventory": list(facts.get("inventory") or []),
        "git_commit": facts.get("git_commit"),
        "git_dirty": facts.get("git_dirty"),
        "duty": facts.get("duty"),
        "system": facts.get("system"),
        "run_dir": facts.get("run_dir"),
        "report_path": facts.get("report_path"),
        "status": facts.get("status"),
        "host_reports": dict(facts.get("host_reports") or {}),
    }


def git_state(directory: str) -> tuple[str | None, bool | None]:
    """The commit checked out in ``directory``'s repository and whether its tree has uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "-C", directory, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=20, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", directory, "status", "--porcelain"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    return commit or None, bool(status.strip())


def report_of(result: dict[str, Any]) -> tuple[str | None, str | None, dict[str, dict[str, Any]]]:
    """A healthops_report result's report path (report.json, else the run directory), worst status,
    and per host its report path, worst status and outcome (reachable or not)."""
    files = result.get("files") or {}
    path = files.get("json") if isinstance(files, dict) else None
    path = str(path) if path else result.get("report_dir")
    summary = result.get("summary") if isinstance(result.get("summary"), dict) else {}
    hosts = summary.get("hosts") if isinstance(summary.get("hosts"), dict) else {}
    per_host = {
        str(host): {"report_path": path, "status": info.get("worst"), "outcome": info.get("outcome")}
        for host, info in hosts.items()
        if isinstance(info, dict)
    }
    return path, result.get("worst") or summary.get("worst"), per_host


class CallbackModule(CallbackBase):
    """Record every playbook run in the ledger, also a run that never reaches its end."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "healthops_ledger"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._playbook = ""
        self._started = time.time()
        # A run is "open" from v2_playbook_on_start until it is written. Ansible sends
        # v2_playbook_on_stats only when the playbook ends normally; Ctrl-C or an error raised out
        # of the executor skips it, so the exit hook writes the open run instead.
        self._open = False
        self._signal = ""
        self._pid = os.getpid()
        self._seen: dict[str, dict[str, int]] = {}
        self._facts: dict[str, Any] = {}
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
        # The playbook's repository; a playbook outside one runs from the project of ansible.cfg.
        commit, dirty = git_state(os.path.dirname(os.path.abspath(playbook._file_name)))
        if commit is None and C.CONFIG_FILE:
            commit, dirty = git_state(os.path.dirname(C.CONFIG_FILE))
        sources = (context.CLIARGS.get("inventory") or ()) if context.CLIARGS else ()
        self._facts = {
            "inventory": [os.path.abspath(s) if os.path.exists(s) else s for s in sources],
            "git_commit": commit,
            "git_dirty": dirty,
            "duty": os.environ.get("HEALTHOPS_DUTY") or None,
            "system": os.environ.get("HEALTHOPS_SYSTEM") or None,
            "run_dir": os.environ.get("HEALTHOPS_RUN_DIR") or None,
            "host_reports": {},
        }
        self._open = True
        self._hook()

    def _count(self, result: Any, key: str) -> None:
        """Per-host counts as the run goes, for a line written before Ansible's own stats exist."""
        counts = self._seen.setdefault(result._host.get_name(), {k: 0 for k, _attr in STAT_KEYS})
        counts[key] += 1

    def v2_runner_on_ok(self, result: Any) -> None:
        self._count(result, "ok")
        if result._task.action in REPORT_ACTIONS and not result._result.get("skipped"):
            path, status, hosts = report_of(result._result)
            if path:
                self._facts["report_path"] = path
                self._facts["status"] = status
                self._facts["host_reports"].update(hosts)
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
        self._write(
            ledger_entry(self._playbook, self._started, time.time(), per_host, self._check_mode(), None, self._facts)
        )

    # ------------------------------------------------------------------ writing

    @staticmethod
    def _check_mode() -> bool:
        return bool(context.CLIARGS.get("check", False)) if context.CLIARGS else False

    def _write_open_run(self, outcome: str) -> None:
        if self._open:
            stats = {host: dict(counts) for host, counts in sorted(self._seen.items())}
            now = time.time()
            self._write(
                ledger_entry(self._playbook, self._started, now, stats, self._check_mode(), outcome, self._facts)
            )

    def _write(self, entry: dict[str, Any]) -> None:
        self._open = False
        path = os.path.expanduser(self.get_option("path"))
        try:
            conn = connect(path)
            try:
                record(conn, entry)
                self._alert(conn, entry)
            finally:
                conn.close()
        except (OSError, sqlite3.Error) as exc:
            self._display.warning(f"healthops_ledger: cannot write {path}: {exc}")

    def _alert(self, conn: sqlite3.Connection, entry: dict[str, Any]) -> None:
        """One message for the run when it needs one; a failed alert is a warning, never a failed run."""
        config = AlertConfig(
            webhook_url=self.get_option("alert_webhook_url") or "",
            webhook_kind=self.get_option("alert_webhook_kind") or "dingtalk",
            webhook_secret=self.get_option("alert_webhook_secret") or "",
            smtp_host=self.get_option("alert_smtp_host") or "",
            smtp_port=int(self.get_option("alert_smtp_port")),
            smtp_from=self.get_option("alert_smtp_from") or "",
            smtp_to=tuple(self.get_option("alert_smtp_to") or ()),
            smtp_user=self.get_option("alert_smtp_user") or "",
            smtp_password=self.get_option("alert_smtp_password") or "",
            smtp_cafile=self.get_option("alert_smtp_cafile") or "",
            min_interval=int(self.get_option("alert_min_interval")),
        )
        try:
            notify(conn, config, entry)
        except (OSError, ValueError, sqlite3.Error) as exc:
            self._display.warning(f"healthops_ledger: alert not sent: {exc}")
