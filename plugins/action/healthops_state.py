# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run library/healthops_state.py in-process on the controller (see healthops.controller.inprocess)."""

from __future__ import annotations

from pathlib import Path

import ansible.module_utils

# plugins/module_utils is bundled into modules by Ansible but not importable on
# the controller: add it, as the filter plugins do.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.controller.inprocess import InProcessAction  # noqa: E402


class ActionModule(InProcessAction):
    """healthops_state, on the controller, without a module process."""

    MODULE_NAME = "healthops_state"
