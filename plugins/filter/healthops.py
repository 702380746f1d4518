# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that let roles validate inventory on the controller before any host is touched.

They reuse the validators the modules run on the hosts (plugins/module_utils), so
a value is judged by one piece of code wherever it is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules, but does not put it on the
# controller's import path; filters import the same files through this path.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops.common.thresholds import merge_thresholds, validate_thresholds  # noqa: E402
from ansible.module_utils.healthops.inspect.base import (  # noqa: E402
    INSPECTION_THRESHOLDS,
    validate_inspection_options,
)


def inspection_option_errors(options: dict[str, Any], prefix: str = "inspection_") -> list[str]:
    """Messages for bad host_inspect options, each naming the role variable (``inspection_<option>``)."""
    return validate_inspection_options(options, prefix=prefix)


def threshold_layer_errors(layers: list[list[Any]], catalogue: str = "inspection") -> list[str]:
    """Validate threshold layers ``[[name, mapping], ...]`` one by one, then merged.

    Each layer's messages name its own variable; the merged check catches a WARN
    set in one layer above a FAIL set in another.
    """
    known = {"inspection": INSPECTION_THRESHOLDS}[catalogue]
    errors: list[str] = []
    for name, mapping in layers:
        errors.extend(validate_thresholds(mapping, known, name=name, check_order=False))
    if errors:
        return errors
    merged: dict[str, Any] = {}
    for _name, mapping in layers:
        merged = merge_thresholds(merged, mapping or {})
    names = " + ".join(name for name, _mapping in layers)
    return validate_thresholds(merged, known, name=f"({names})")


# Role variable -> host_inspect option, for the variables validated before a run.
INSPECTION_OPTION_VARS = {
    "expected_services": "inspection_expected_services",
    "expected_processes": "inspection_expected_processes",
    "expected_ports": "inspection_expected_ports",
    "allowed_ports": "inspection_allowed_ports",
    "log_files": "inspection_log_files",
    "kernel_log": "inspection_kernel_log",
    "backup_expected": "inspection_backup_expected",
    "skip_checks": "inspection_skip_checks",
    "fs_mounts_exclude": "inspection_fs_mounts_exclude",
    "fs_tmpfs_mounts": "inspection_fs_tmpfs_mounts",
    "iowait_interval": "inspection_iowait_interval",
    "command_timeout": "inspection_command_timeout",
}
THRESHOLD_VARS = ("healthops_thresholds", "inspection_thresholds")


def resolve_host_values(
    hosts: list[str], hostvars: Mapping[str, Any], current: dict[str, Any], defaults: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Each host's value of every role variable, without a task per host.

    ``current`` holds the values in the run-once task's context (its host's), ``defaults``
    the role's defaults. A value in ``current`` that is neither the default nor the first
    host's inventory value was set for the whole play (play vars, role params) and, as in
    Ansible's precedence, wins over inventory; otherwise a host's inventory and extra vars
    win over the role default.
    """
    first = hostvars[hosts[0]] if hosts else {}
    play_level = {
        name: value
        for name, value in current.items()
        if value != defaults.get(name) and (name not in first or first[name] != value)
    }
    resolved = {}
    for host in hosts:
        hv = hostvars[host]
        resolved[host] = {
            name: play_level[name] if name in play_level else (hv[name] if name in hv else defaults.get(name))
            for name in current
        }
    return resolved


def inspection_host_errors(
    hosts: list[str], hostvars: Mapping[str, Any], current: dict[str, Any], defaults: dict[str, Any]
) -> list[str]:
    """Validate the inspection variables of every host at once: ``<host>: <message>`` per problem.

    One run-once task instead of one per host keeps validation of a large fleet to a
    fraction of a second.
    """
    errors: list[str] = []
    for host, values in resolve_host_values(hosts, hostvars, current, defaults).items():
        options = {option: values[var] for option, var in INSPECTION_OPTION_VARS.items() if var in values}
        layers = [[name, values.get(name) or {}] for name in THRESHOLD_VARS]
        problems = inspection_option_errors(options) + threshold_layer_errors(layers)
        errors.extend(f"{host}: {problem}" for problem in problems)
    return errors


def probe_states(hosts: list[str], hostvars: Mapping[str, Any], result_var: str) -> dict[str, Any]:
    """Each host's ``state`` from its registered probe result (None where there is none).

    An unreachable or failed host's result has no state: None keeps its previous state file.
    """
    states: dict[str, Any] = {}
    for host in hosts:
        hv = hostvars[host]
        result = hv.get(result_var)
        states[host] = result.get("state") if isinstance(result, Mapping) else None
    return states


def merge_threshold_layers(layers: list[list[Any]]) -> dict[str, Any]:
    """Merge threshold mappings key by key, later layers winning."""
    merged: dict[str, Any] = {}
    for _name, mapping in layers:
        merged = merge_thresholds(merged, mapping or {})
    return merged


class FilterModule:
    """healthops filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_inspection_host_errors": inspection_host_errors,
            "healthops_probe_states": probe_states,
        }
