# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that let roles validate inventory on the controller before any host is touched.

They reuse the validators the modules run on the hosts (plugins/module_utils), so
a value is judged by one piece of code wherever it is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ansible.module_utils

# Ansible bundles plugins/module_utils into modules, but does not put it on the
# controller's import path; filters import the same files through this path.
_MODULE_UTILS = str(Path(__file__).resolve().parent.parent / "module_utils")
if _MODULE_UTILS not in ansible.module_utils.__path__:
    ansible.module_utils.__path__.append(_MODULE_UTILS)

from ansible.module_utils.healthops_inspect import (  # noqa: E402
    INSPECTION_THRESHOLDS,
    validate_inspection_options,
)
from ansible.module_utils.healthops_thresholds import merge_thresholds, validate_thresholds  # noqa: E402


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
            "healthops_inspection_option_errors": inspection_option_errors,
            "healthops_threshold_layer_errors": threshold_layer_errors,
            "healthops_merge_threshold_layers": merge_threshold_layers,
        }
