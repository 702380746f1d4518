# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the backup_audit role: validate the policy and judge what the audit read, on the
controller, where the database host's and the storage host's reads meet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.backup_audit.audit import audit_host  # noqa: E402
from ansible.module_utils.healthops.backup_audit.policy import validate_policy  # noqa: E402
from ansible.module_utils.healthops.backup_audit.storage import audit_storage  # noqa: E402


def backup_audit_policy_errors(policy: dict[str, Any] | None, name: str = "backup_audit_policy") -> list[str]:
    """Messages for a bad policy, each naming the variable and key (empty when it is good)."""
    return validate_policy(policy, name)


def backup_audit(
    read: dict[str, Any],
    policy: dict[str, Any] | None,
    stored: dict[str, Any] | None = None,
    restore: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The audit's checks of one database host (healthops.backup_audit.audit.audit_host)."""
    return audit_host(policy, read, stored or None, restore or None, context or {})


def backup_audit_storage(
    read: dict[str, Any], policy: dict[str, Any] | None, policies: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """A backup storage host's own rows (healthops.backup_audit.storage.audit_storage): ``policies`` are the
    database hosts' (their retention and file modes), ``policy`` the storage host's (its space)."""
    return audit_storage(policy, read or {"error": "the storage host was not read"}, policies or {})


class FilterModule:
    """backup_audit role filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_backup_audit_policy_errors": backup_audit_policy_errors,
            "healthops_backup_audit": backup_audit,
            "healthops_backup_audit_storage": backup_audit_storage,
        }
