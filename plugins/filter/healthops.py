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
    OPTION_DEFAULTS,
    validate_inspection_options,
)

# A role variable inspection_<option> is host_inspect's <option>; the role's argument spec names them.
ROLE_PREFIX = "inspection_"
THRESHOLD_VARS = ("healthops_thresholds", "inspection_thresholds")


def inspection_option_errors(options: dict[str, Any], prefix: str = ROLE_PREFIX) -> list[str]:
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
    merged = merge_threshold_layers([mapping for _name, mapping in layers])
    names = " + ".join(name for name, _mapping in layers)
    return validate_thresholds(merged, known, name=f"({names})")


def role_options(values: Mapping[str, Any], spec: Mapping[str, Any]) -> dict[str, Any]:
    """host_inspect options from a host's role variables, for the variables set to other than their default.

    ``spec`` is the role's argument spec (``argument_specs.main.options``), the one list of the role's
    variables and defaults; a default needs no check, and an empty string there means "not set".
    """
    options = {}
    for name, entry in spec.items():
        option = name[len(ROLE_PREFIX) :]
        if name in THRESHOLD_VARS or option not in OPTION_DEFAULTS or name not in values:
            continue
        if values[name] != (entry or {}).get("default"):
            options[option] = values[name]
    return options


def inspection_host_errors(hosts: list[str], hostvars: Mapping[str, Any], spec: Mapping[str, Any]) -> list[str]:
    """Validate the inspection variables of every host at once: ``<host>: <message>`` per problem.

    Each host's values are its hostvars, as Ansible resolved them (inventory, host and group vars,
    extra vars); an unset variable is the role's default. One run-once task instead of one per
    host keeps validation of a large fleet to a fraction of a second. Values set at play level
    (play vars, role parameters) are not in hostvars: host_inspect checks them again on the host.
    """
    errors: list[str] = []
    for host in hosts:
        values = hostvars[host]
        layers = [[name, values.get(name) or {}] for name in THRESHOLD_VARS]
        problems = inspection_option_errors(role_options(values, spec)) + threshold_layer_errors(layers)
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


def merge_threshold_layers(layers: list[Any]) -> dict[str, Any]:
    """Merge threshold mappings key by key, later layers winning (the one merge: healthops.common.thresholds)."""
    merged: dict[str, Any] = {}
    for mapping in layers:
        # One layer per call: merge_thresholds copies its first argument, so no layer is modified.
        merged = merge_thresholds(merged, mapping or {})
    return merged


class FilterModule:
    """healthops filters."""

    def filters(self) -> dict[str, Any]:
        return {
            "healthops_inspection_host_errors": inspection_host_errors,
            "healthops_probe_states": probe_states,
            "healthops_merge_thresholds": merge_threshold_layers,
        }
