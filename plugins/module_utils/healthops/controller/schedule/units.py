# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The systemd timer and service of each scheduled run, as text (pure).

The service starts the duty's playbook through ansible-runner, in a private data directory of
its own (``<runs_dir>/<system>/<duty>``) whose artifacts ansible-runner rotates, under a
``flock`` on ``<runs_dir>/locks/<system>-<playbook>.lock`` so that two runs of one playbook for
one system never overlap (the second exits 75 at once:
a failed start, seen as a missed slot). The same command is what ``bin/healthops run`` starts.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from ansible.module_utils.healthops.controller.schedule.calendar import Run

# flock's exit when the lock is held: the run did not start (EX_TEMPFAIL).
LOCKED_EXIT = 75
# Alert settings and secrets (HEALTHOPS_ALERT_*) of the timers' runs, root-only, optional.
ALERTS_ENV = "/etc/healthops/alerts.env"
MISSED_UNIT = "healthops-missed"
# Characters an ExecStart= word may hold unquoted; others are refused rather than escaped.
SAFE_WORD = re.compile(r"[A-Za-z0-9_@%+=:,./-]+\Z")


@dataclass(frozen=True)
class Settings:
    """Where the project, its inventory, the runs and the ledger are on the control node."""

    project_dir: str
    inventory: str
    runs_dir: str
    ledger: str
    runner: str
    path: str = "/usr/local/bin:/usr/bin:/bin"
    flock: str = "/usr/bin/flock"
    rotate_artifacts: int = 30
    user: str = ""

    def errors(self) -> list[str]:
        problems = []
        for name in ("project_dir", "inventory", "runs_dir", "ledger", "runner", "flock"):
            value = getattr(self, name)
            if not value.startswith("/") or not SAFE_WORD.match(value) or "%" in value:
                problems.append(f"healthops_schedule_{name}: {value!r} must be an absolute path of A-Za-z0-9_@+=:,./-")
        if not 1 <= self.rotate_artifacts <= 10000:
            problems.append(f"healthops_schedule_rotate_artifacts: {self.rotate_artifacts} is not 1..10000")
        return problems


def private_dir(run: Run, settings: Settings) -> str:
    return f"{settings.runs_dir}/{run.system}/{run.duty}"


def command(run: Run, settings: Settings) -> list[str]:
    """The command of one run: the lock, then ansible-runner on the duty's playbook for the system."""
    cmdline = [f"-e {key}={value}" for key, value in sorted(run.extra_vars.items())]
    cmdline += ["--check --diff"] if run.preview else []
    words = [
        settings.flock,
        "--nonblock",
        "--conflict-exit-code",
        str(LOCKED_EXIT),
        f"{settings.runs_dir}/locks/{run.lock}.lock",
        settings.runner,
        "run",
        private_dir(run, settings),
        "--project-dir",
        settings.project_dir,
        "--playbook",
        f"playbooks/{run.playbook}",
        "--inventory",
        settings.inventory,
        # The system's hosts, and the controller, where every duty writes its report.
        "--limit",
        f"{run.system}:localhost",
        "--rotate-artifacts",
        str(settings.rotate_artifacts),
    ]
    return words + (["--cmdline", " ".join(cmdline)] if cmdline else [])


def environment(run: Run, settings: Settings) -> dict[str, str]:
    """What the run's process needs: the project's ansible.cfg and callbacks, and the ledger's context."""
    return {
        "ANSIBLE_CONFIG": f"{settings.project_dir}/ansible.cfg",
        # ansible-runner sets ANSIBLE_CALLBACK_PLUGINS (its own event callback), which would hide
        # ansible.cfg's callback_plugins: name the project's here, runner appends its own.
        "ANSIBLE_CALLBACK_PLUGINS": f"{settings.project_dir}/plugins/callback",
        # ansible-runner turns host key checking off unless the environment says otherwise.
        "ANSIBLE_HOST_KEY_CHECKING": "True",
        "ANSIBLE_NOCOLOR": "1",
        "HEALTHOPS_LEDGER": settings.ledger,
        "HEALTHOPS_DUTY": run.duty,
        "HEALTHOPS_SYSTEM": run.system,
        "HEALTHOPS_RUN_DIR": private_dir(run, settings),
        "PATH": settings.path,
    }


def _exec_words(words: list[str]) -> str:
    """ExecStart= words: safe ones bare, others double-quoted (they hold spaces only, checked)."""
    out = []
    for word in words:
        if SAFE_WORD.match(word) and "%" not in word:
            out.append(word)
        elif re.fullmatch(r"[A-Za-z0-9_@+=:,./ -]+", word):
            out.append(f'"{word}"')
        else:
            raise ValueError(f"{word!r} cannot be written into a unit")
    return " ".join(out)


def service(run: Run, settings: Settings) -> str:
    env = "".join(f"Environment={key}={value}\n" for key, value in environment(run, settings).items())
    what = f"{run.duty} of {run.system} (playbooks/{run.playbook}{', preview' if run.preview else ''})"
    return (
        "# Written by playbooks/schedule.yml from the inventory's healthops_calendar; do not edit.\n"
        "[Unit]\n"
        f"Description=healthops {what}\n"
        "Wants=network-online.target\n"
        "After=network-online.target\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        + (f"User={settings.user}\n" if settings.user else "")
        + f"WorkingDirectory={settings.project_dir}\n"
        + env
        + f"EnvironmentFile=-{ALERTS_ENV}\n"
        + "UMask=0027\n"
        # The window the calendar's overlap check assumed: a run past it is stopped (the ledger
        # records it as terminated) rather than left to meet the next one.
        + f"TimeoutStartSec={run.window_minutes}min\n"
        + f"ExecStart={_exec_words(command(run, settings))}\n"
    )


def timer(run: Run) -> str:
    return (
        "# Written by playbooks/schedule.yml from the inventory's healthops_calendar; do not edit.\n"
        "[Unit]\n"
        f"Description=healthops {run.duty} of {run.system}: {run.on_calendar}\n\n"
        "[Timer]\n"
        f"OnCalendar={run.on_calendar}\n"
        # A run missed while the control node was off happens when it boots.
        "Persistent=true\n"
        f"Unit={run.unit}.service\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def missed_units(settings: Settings) -> dict[str, str]:
    """The hourly check for calendar slots that passed without a run (``bin/healthops missed --alert``)."""
    words = [f"{settings.project_dir}/bin/healthops", "missed", "--alert", "-i", settings.inventory]
    head = "# Written by playbooks/schedule.yml from the inventory's healthops_calendar; do not edit.\n"
    return {
        f"{MISSED_UNIT}.service": head
        + "[Unit]\nDescription=healthops: alert on duties that missed their calendar slot\n\n"
        + "[Service]\nType=oneshot\n"
        + (f"User={settings.user}\n" if settings.user else "")
        + f"WorkingDirectory={settings.project_dir}\n"
        + f"Environment=ANSIBLE_CONFIG={settings.project_dir}/ansible.cfg\n"
        + f"Environment=HEALTHOPS_LEDGER={settings.ledger}\n"
        + f"Environment=PATH={settings.path}\n"
        + f"EnvironmentFile=-{ALERTS_ENV}\n"
        # 3: slots were missed and alerted on; the check itself did its job.
        + "SuccessExitStatus=3\n"
        + f"ExecStart={_exec_words(words)}\n",
        f"{MISSED_UNIT}.timer": head
        + "[Unit]\nDescription=healthops: hourly check for missed calendar slots\n\n"
        + f"[Timer]\nOnCalendar=hourly\nPersistent=true\nUnit={MISSED_UNIT}.service\n\n"
        + "[Install]\nWantedBy=timers.target\n",
    }


def units(runs: list[Run], settings: Settings) -> dict[str, str]:
    """File name -> content of every timer and service, the missed-slot check's among them."""
    files: dict[str, str] = missed_units(settings) if runs else {}
    for run in runs:
        files[f"{run.unit}.service"] = service(run, settings)
        files[f"{run.unit}.timer"] = timer(run)
    return files


def shell_command(run: Run, settings: Settings, env: Mapping[str, str] | None = None) -> str:
    """The run as one shell line (for documentation and ``bin/healthops run --dry-run``)."""
    pairs = {**environment(run, settings), **(env or {})}
    return " ".join([*(f"{k}={shlex.quote(v)}" for k, v in pairs.items()), *map(shlex.quote, command(run, settings))])
