# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight before every duty (library/healthops_preflight.py documents it).

One shell command over the host's connection (no Python needed there), judged here on the
controller: the host's OS, its interpreters, and the one modules will use. It is one task per
host instead of a raw task and four controller tasks: the preflight runs before every duty, so
its cost is paid on every run of every host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils

# plugins/module_utils is bundled into modules by Ansible but not importable on
# the controller: add it, as the other action plugins do.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.errors import AnsibleActionFail  # noqa: E402
from ansible.module_utils.healthops.controller.inprocess import load_library_module  # noqa: E402
from ansible.module_utils.healthops.controller.preflight import PROBE_COMMAND, preflight, summary  # noqa: E402
from ansible.plugins.action import ActionBase  # noqa: E402

# Sent to every host as is: the interpreter it discovers is what the duty's modules then use.
DISCOVERED = "discovered_interpreter_python"


class ActionModule(ActionBase):
    """healthops_preflight: read the host through a shell, judge on the controller."""

    MODULE_NAME = "healthops_preflight"
    TRANSFERS_FILES = False
    _supports_check_mode = True  # it only reads

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        del tmp  # unused since Ansible 2.10
        task_vars = task_vars or {}
        result = super().run(task_vars=task_vars)
        found = self._shared_loader_obj.module_loader.find_plugin_with_context(self.MODULE_NAME)
        module = load_library_module(found.plugin_resolved_path, self.MODULE_NAME)
        try:
            _validation, args = self.validate_argument_spec(argument_spec=module.ARGUMENT_SPEC)
        except AnsibleActionFail as exc:
            result.update(failed=True, msg=str(exc))
            return result
        # Through /bin/sh on every connection (the podman connection execs without a shell), never
        # with become: reading os-release and asking interpreters their version needs no privilege.
        # A connection failure raises here, and Ansible reports the host unreachable.
        raw = self._low_level_execute_command(PROBE_COMMAND, sudoable=False, executable="/bin/sh")
        host = str(task_vars.get("inventory_hostname", self._play_context.remote_addr))
        record = preflight(raw.get("stdout", ""), host, args["declared"], args["minimum"])
        result.update(record, changed=False, summary=summary(record))
        if record["failed"]:
            return result
        result["msg"] = result["summary"]
        if not record["declared"]:
            # As Ansible's own interpreter discovery does: a fact the following tasks read.
            result["ansible_facts"] = {DISCOVERED: record["interpreter"]}
        return result
