# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter for playbooks/schedule.yml: the inventory's duty calendar, validated, as systemd units.

The calendar is read from the hosts' variables (``healthops_system``, ``healthops_calendar``,
``healthops_schedule_times``) and the duties from the playbooks present beside the playbook:
one source, read at run time (healthops.controller.schedule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ansible.module_utils

_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.controller.schedule.awx import Options, objects  # noqa: E402
from ansible.module_utils.healthops.controller.schedule.calendar import build, systems_of  # noqa: E402
from ansible.module_utils.healthops.controller.schedule.units import Settings, private_dir, units  # noqa: E402

HOST_KEYS = ("inventory_hostname", "healthops_system", "healthops_calendar", "healthops_schedule_times")


def schedule(hostvars: list[Mapping[str, Any]], playbook_dir: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """{errors, units (file name -> text), runs, others, dirs} of the inventory's calendar."""
    # Only the calendar's keys are read: a host's other variables (secrets among them) are never templated.
    plain = [{k: hv[k] for k in HOST_KEYS if k in hv} for hv in hostvars]
    systems, errors = systems_of(plain)
    calendar = build(systems, [p.name for p in Path(playbook_dir).iterdir()], dt.datetime.now())
    config = Settings(**{k: (int(v) if k == "rotate_artifacts" else str(v)) for k, v in settings.items()})
    errors += calendar.errors + config.errors()
    if errors:
        return {"errors": errors, "units": {}, "runs": [], "others": calendar.others, "dirs": []}
    return {
        "errors": [],
        "units": units(calendar.runs, config),
        "runs": [
            {"unit": r.unit, "system": r.system, "duty": r.duty, "playbook": r.playbook, "on_calendar": r.on_calendar}
            for r in calendar.runs
        ],
        "others": [list(o) for o in calendar.others],
        "dirs": sorted({private_dir(r, config) for r in calendar.runs}),
    }


def awx(hostvars: list[Mapping[str, Any]], playbook_dir: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """{errors, job_templates, schedules} for playbooks/awx_configure.yml: the same calendar as AWX objects.

    ``settings``: ``anchor`` (YYYY-MM-DD, the schedules start on or after it), ``timezone``, ``prefix``.
    """
    plain = [{k: hv[k] for k in HOST_KEYS if k in hv} for hv in hostvars]
    systems, errors = systems_of(plain)
    playbooks = [p.name for p in Path(playbook_dir).iterdir()]
    calendar = build(systems, playbooks, dt.datetime.now())
    try:
        anchor = dt.date.fromisoformat(str(settings.get("anchor", "")))
    except ValueError:
        return {"errors": [f"healthops_awx_schedule_start: {settings.get('anchor')!r} is not a date YYYY-MM-DD"]}
    options = Options(anchor, **{k: str(settings[k]) for k in ("timezone", "prefix") if k in settings})
    found = objects(calendar, options, playbooks)
    found["errors"] = errors + calendar.errors + found["errors"]
    return found


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"healthops_schedule": schedule, "healthops_awx": awx}
