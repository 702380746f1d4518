# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a controller-only module of library/ inside the action plugin's process.

healthops_report and healthops_state only ever act on the controller. Running
them as modules costs a Python process, an AnsiballZ payload and a JSON round trip
of every host's checks: about a second of a fleet run. Their action plugins load
the module file and call its ``execute(params, check_mode)`` directly, after
validating the arguments against the module's own ``ARGUMENT_SPEC``, so the
module stays the single place of logic and documentation.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


def load_library_module(path: str, name: str) -> ModuleType:
    """Import a module file of library/ once per process."""
    key = "healthops_inprocess_" + name
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, path)
        if spec is None or spec.loader is None:
            raise ImportError("cannot load %s from %s" % (name, path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[key] = module
    return sys.modules[key]


def library_args(action: Any, name: str) -> dict[str, Any]:
    """The task's arguments validated against library/<name>.py's ARGUMENT_SPEC (AnsibleActionFail when bad),
    for the action plugins whose library file holds only documentation and the argument spec."""
    found = action._shared_loader_obj.module_loader.find_plugin_with_context(name)
    module = load_library_module(found.plugin_resolved_path, name)
    _validation, args = action.validate_argument_spec(argument_spec=module.ARGUMENT_SPEC)
    return args


def run_in_process(action: Any, name: str, task_vars: dict[str, Any] | None) -> dict[str, Any]:
    """The body of an ActionModule.run for the controller-only module ``name``."""
    result = ActionBase.run(action, task_vars=task_vars)
    found = action._shared_loader_obj.module_loader.find_plugin_with_context(name)
    module = load_library_module(found.plugin_resolved_path, name)
    try:
        _validation, args = action.validate_argument_spec(argument_spec=module.ARGUMENT_SPEC)
    except AnsibleActionFail as exc:  # a bad argument is the task's failure, as with a module
        result.update(failed=True, msg=str(exc))
        return result
    try:
        result.update(module.execute(args, bool(action._task.check_mode)))
    except module.ModuleError as exc:
        result.update(exc.extra)
        result.update(failed=True, msg=str(exc))
    return result


class InProcessAction(ActionBase):
    """Base of the action plugins of controller-only modules: set MODULE_NAME."""

    MODULE_NAME = ""
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        del tmp  # unused since Ansible 2.10
        return run_in_process(self, self.MODULE_NAME, task_vars)
