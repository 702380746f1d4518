"""roles/inspection: meta/argument_specs.yml is the one list of the role's variables and defaults.

A variable left unset is not passed to host_inspect, so the module's default must be the one the
spec documents; the probe task may pass only variables the spec names.
"""

from __future__ import annotations

import re

import yaml
from healthops_testlib import REPO, load_library_module

host_inspect = load_library_module("host_inspect")
ROLE = REPO / "roles" / "inspection"
SPEC = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
OPTIONS = SPEC["argument_specs"]["main"]["options"]
# Role variables that are not host_inspect options.
ROLE_ONLY = {"inspection_state_dir", "inspection_validate_options"}


def test_every_role_variable_is_a_module_option_with_the_same_default() -> None:
    module = host_inspect.argument_spec()
    for name, entry in OPTIONS.items():
        if name in ROLE_ONLY:
            continue
        option = name.removeprefix("inspection_")
        assert option in module, name
        # "" in the role means "not set": the variable is omitted and the module's option has no default.
        expected = module[option].get("default")
        assert entry.get("default") == ("" if expected is None else expected), name


def test_the_probe_task_passes_only_variables_the_spec_names() -> None:
    probe = (ROLE / "tasks" / "probe.yml").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(inspection_[a-z_]+)\b", probe)) - {"inspection_result"}
    assert named <= set(OPTIONS)
    assert set(OPTIONS) - ROLE_ONLY <= named


def test_the_role_has_no_second_list_of_defaults() -> None:
    # defaults/main.yml holds only the role's own switches, never a host_inspect option's default.
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text(encoding="utf-8")) or {}
    assert set(defaults) <= ROLE_ONLY
    for name, value in defaults.items():
        assert OPTIONS[name].get("default") == value, name
