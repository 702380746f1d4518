# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the patch round: the round's batches, worked out as Ansible will run them
(healthops.patching.plan.batches), so the proposal names each host's batch and their order; and a host's
packages in an approved proposal (healthops.patching.plan.approved_versions), which the round keeps to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.patching.plan import approved_versions, batches  # noqa: E402


def patch_batches(hosts: list[str], serial: int | str | list[int | str]) -> list[list[str]]:
    """The play's hosts (``ansible_play_hosts_all``, in play order) in batches of ``patching_serial``."""
    steps = list(serial) if isinstance(serial, (list, tuple)) else [serial]
    for step in steps:
        text = str(step).strip().rstrip("%")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"patching_serial: {step!r} is not a host count or a percentage such as '30%'")
    return batches([str(h) for h in hosts], steps)


def patch_approved(document: dict[str, Any] | None, host: str) -> dict[str, str] | None:
    """A proposal's report.json -> this host's approved {name: version}; None when the host is not in it
    (or there is no document). A report of another duty is refused: it approves nothing."""
    if not document:
        return None
    duty = (document.get("run") or {}).get("duty")
    if duty != "patch":
        raise ValueError(f"patching_approved_proposal: the report is a {duty!r} record, not a patch proposal")
    for entry in document.get("hosts") or []:
        if entry.get("host") == host:
            return approved_versions(entry.get("checks") or [])
    return None


class FilterModule:
    """patching filters."""

    def filters(self) -> dict[str, Any]:
        return {"healthops_patch_batches": patch_batches, "healthops_patch_approved": patch_approved}
