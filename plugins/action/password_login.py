# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""password_login: an SSH password login from the controller (library/password_login.py documents it)."""

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
from ansible.module_utils.healthops.controller.inprocess import library_args  # noqa: E402
from ansible.module_utils.healthops.controller.ssh_login import password_login  # noqa: E402
from ansible.plugins.action import ActionBase  # noqa: E402


class ActionModule(ActionBase):
    """Log in from the controller; the result says whether it worked, never the password."""

    MODULE_NAME = "password_login"
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True  # it only logs in and out

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        del tmp  # unused since Ansible 2.10
        result = super().run(task_vars=task_vars)
        try:
            args = library_args(self, self.MODULE_NAME)
        except AnsibleActionFail as exc:
            result.update(failed=True, msg=str(exc))
            return result
        ok, reason = password_login(
            args["host"], args["port"], args["user"], args["password"], args["known_hosts_file"], args["timeout"]
        )
        result.update(changed=False, login_ok=ok, reason=reason)
        return result
