# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run library/healthops_state.py in-process on the controller (see healthops_controller)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils
from ansible.plugins.action import ActionBase

# plugins/module_utils is bundled into modules by Ansible but not importable on
# the controller: add it, as the filter plugins do.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops_controller import run_in_process  # noqa: E402


class ActionModule(ActionBase):
    """healthops_state, on the controller, without a module process."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        del tmp  # unused since Ansible 2.10
        return run_in_process(self, "healthops_state", task_vars)
