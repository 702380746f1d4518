# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the tomcat role: validate tuning values on the controller and derive the numbers the
templates need (heap in MB, open-file limit), with the same code the modules run on the hosts."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules but does not put it on the controller's import
# path; filters import the same files through this path (as plugins/filter/healthops.py does).
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.common.thresholds import validate_thresholds  # noqa: E402
from ansible.module_utils.healthops.tomcat.checks import TOMCAT_THRESHOLDS  # noqa: E402
from ansible.module_utils.healthops.tomcat.settings import (  # noqa: E402
    heap_mb,
    jvm_option_is_secret,
    required_nofile,
    validate_settings,
)


def tomcat_setting_errors(settings: dict[str, Any], memtotal_mb: int | None = None) -> list[str]:
    """Messages for bad tuning values, each naming the role variable (empty when all are usable).

    Without ``memtotal_mb`` the heap is not compared with the host's memory (inventory-only pass).
    """
    return validate_settings(settings, memtotal_mb, zoneinfo.available_timezones())


def tomcat_threshold_errors(layers: list[list[Any]]) -> list[str]:
    """Validate threshold layers ``[[variable name, mapping], ...]``: the role's own layer strictly
    (unknown ids are errors), the system-wide layer only for the ids Tomcat grades."""
    errors: list[str] = []
    for name, mapping in layers:
        if name != "tomcat_thresholds":
            mapping = {k: v for k, v in (mapping or {}).items() if k in TOMCAT_THRESHOLDS}  # noqa: PLW2901
        errors.extend(validate_thresholds(mapping, TOMCAT_THRESHOLDS, name=name))
    return errors


def tomcat_heap_mb(spec: str | int, memtotal_mb: int | None) -> int:
    """``tomcat_heap_size`` ("50%" or "2g") -> whole MB for -Xmx/-Xms."""
    value = heap_mb(spec, memtotal_mb)
    if value is None:
        msg = f"cannot size the heap from {spec!r} (memory {memtotal_mb} MB)"
        raise ValueError(msg)
    return value


def tomcat_nofile(max_connections: int, accept_count: int, headroom: int, ajp: bool = False) -> int:
    """LimitNOFILE that fits maxConnections (of HTTP, and of AJP when enabled) and the accept queue."""
    return required_nofile(max_connections, accept_count, headroom, max_connections if ajp else 0)


def tomcat_jvm_options_carry_secret(options: list[Any]) -> bool:
    """True when a JVM option carries a secret (-Djavax.net.ssl.trustStorePassword=...): the setenv.sh task
    then runs with no_log and without a diff. The same name rule as the module's masking."""
    return any(jvm_option_is_secret(option) for option in options or [])


# What makes a file "the same" for the rollback: cp -p restores all of it.
_SAME = ("exists", "checksum", "uid", "gid", "mode")


def tomcat_changed_files(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files that differ after a failed step from how the run found them.

    ``before`` and ``after`` are the results of the same ``stat`` loop (``item`` the path) before the
    changes and after the failure. Each differing file -> ``{path, index, existed}``: ``index`` names its
    copy in the snapshot directory, ``existed`` says whether to restore it (true) or remove it (false).
    """
    changed = []
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        old_stat, new_stat = old.get("stat") or {}, new.get("stat") or {}
        if any(old_stat.get(key) != new_stat.get(key) for key in _SAME):
            changed.append({"path": old["item"], "index": index, "existed": bool(old_stat.get("exists"))})
    return changed


class FilterModule:
    """tomcat role filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_tomcat_setting_errors": tomcat_setting_errors,
            "healthops_tomcat_threshold_errors": tomcat_threshold_errors,
            "healthops_tomcat_heap_mb": tomcat_heap_mb,
            "healthops_tomcat_nofile": tomcat_nofile,
            "healthops_tomcat_jvm_options_carry_secret": tomcat_jvm_options_carry_secret,
            "healthops_tomcat_changed_files": tomcat_changed_files,
        }
