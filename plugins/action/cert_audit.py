# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run library/cert_audit.py in-process on the controller (see healthops.controller.inprocess).

The handshakes start from the controller, as a client of the service would, and the certificates are
parsed there with cryptography: no module process, no payload, nothing needed on the host.
"""

from __future__ import annotations

from pathlib import Path

import ansible.module_utils

# plugins/module_utils is bundled into modules by Ansible but not importable on
# the controller: add it, as the other action plugins do.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.controller.inprocess import InProcessAction  # noqa: E402


class ActionModule(InProcessAction):
    """cert_audit, on the controller, without a module process."""

    MODULE_NAME = "cert_audit"
