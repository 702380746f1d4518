# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The duty table: what a ``healthops_calendar`` key runs, and how.

A key whose playbook differs from its name, or which runs with extra variables, in preview, on the
hosts or inside another duty, is listed here. Any other key is a duty when ``playbooks/<key>.yml``
exists: a new duty's playbook is schedulable by name without touching this table. A listed duty
whose playbook is not in the checkout yet is *planned*: kept in the calendar, given no timer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# How a duty runs: a timer on the control node; on the hosts, by a job its playbook installs
# (the database backup); or inside another duty's run (no timer of its own).
TIMER, ON_HOSTS = "timer", "on_hosts"
# Calendar values that give no timer of their own.
NO_TIMER_VALUES = {"with_inspection": "runs inside each inspection", "on_change": "runs on change, by hand"}
# Calendar keys that are a system's targets in those units, not duties (checked as numbers).
TARGET_SUFFIXES = ("_days", "_hours", "_minutes")


@dataclass(frozen=True)
class Duty:
    """One calendar key's run: the playbook (under playbooks/), its extra variables, when by default."""

    playbook: str
    extra_vars: dict[str, str] = field(default_factory=dict)
    runs: str = TIMER
    # A change duty's timer runs the playbook's preview (--check --diff); the change itself is
    # approved through the plan (bin/healthops plan) and run by hand in its window.
    preview: bool = False
    at: str = "02:00"
    day: str = "Mon"  # weekly: a weekday; monthly and longer: a day of the month (1..28)
    window_minutes: int = 180


DUTIES: dict[str, Duty] = {
    "inspection": Duty("inspect.yml", at="02:00", window_minutes=120),
    "db_health": Duty("db_health.yml", at="03:00", day="1", window_minutes=120),
    "db_tuning": Duty("db_health.yml", {"db_health_profile": "tuning"}, at="03:00", day="15", window_minutes=120),
    "switch_check": Duty("switch_check.yml", at="02:30", window_minutes=60),
    "backup": Duty("backup.yml", runs=ON_HOSTS),
    "backup_offline_copy": Duty("backup.yml", runs=ON_HOSTS),
    "restore_test": Duty("backup_verify.yml", at="04:00", day="10", window_minutes=240),
    "backup_audit": Duty("backup_audit.yml", at="05:00", day="20"),
    "patch_round": Duty("patch.yml", preview=True, at="05:00", day="5"),
    "password_rotation": Duty("rotate_passwords.yml", at="05:30", day="25"),
    "certificate_audit": Duty("cert_audit.yml", at="02:45", window_minutes=60),
    "certificate_deployment": Duty("certificates.yml", preview=True, at="05:00", day="12"),
    "asset_register": Duty("assets.yml", at="06:00", day="2"),
    "config_register": Duty("assets.yml", at="06:00", day="2"),
    "exchange_check": Duty("exchange_check.yml", at="07:00", window_minutes=60),
    "drill": Duty("drill.yml", at="09:00", day="18", window_minutes=480),
    "holiday_check": Duty("holiday_check.yml", at="09:00", day="1"),
}


def is_target(key: str) -> bool:
    return key.endswith(TARGET_SUFFIXES)


def resolve(key: str, playbooks: Iterable[str]) -> tuple[Duty | None, str]:
    """The duty of a calendar key and its state: ``scheduled``, ``planned`` (no playbook yet) or ``unknown``.

    ``playbooks``: the file names found under playbooks/ (read at run time by the caller).
    """
    present = set(playbooks)
    duty = DUTIES.get(key)
    if duty is None:
        if f"{key}.yml" in present:
            return Duty(f"{key}.yml"), "scheduled"
        return None, "unknown"
    return duty, "scheduled" if duty.playbook in present else "planned"


def change_playbooks(playbooks: Iterable[str]) -> list[str]:
    """The change playbooks ``plan`` previews: tomcat.yml and every preview duty's playbook present."""
    present = set(playbooks)
    wanted = ["tomcat.yml", *sorted({d.playbook for d in DUTIES.values() if d.preview})]
    wanted += ["rotate_passwords.yml"]
    return [p for p in dict.fromkeys(wanted) if p in present]
