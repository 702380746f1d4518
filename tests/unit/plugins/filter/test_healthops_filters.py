"""Controller-side validation filters: each host judged with the values it will run with."""

from __future__ import annotations

from healthops_testlib import load_plugin

f = load_plugin("filter", "healthops")

SPEC = {
    "inspection_thresholds": {"type": "dict", "default": {}},
    "inspection_expected_services": {"type": "list", "default": []},
    "inspection_expected_timezone": {"type": "str", "default": ""},
    "inspection_state_dir": {"type": "path"},
}


def test_each_host_is_judged_by_its_own_hostvars() -> None:
    hostvars = {"good": {"inspection_expected_services": ["ssh"]}, "bad": {"inspection_expected_services": ["a b"]}}
    errors = f.inspection_host_errors(["good", "bad"], hostvars, SPEC)
    assert errors == ["bad: inspection_expected_services[0]: 'a b' is not a unit name"]


def test_only_module_options_set_to_other_than_the_default_are_checked() -> None:
    values = {
        "inspection_expected_services": ["ssh"],
        "inspection_expected_timezone": "",  # the default: no time zone check
        "inspection_state_dir": "/srv/state",  # a role variable, not a module option
        "inspection_thresholds": {"fs_space": {"warn": 1}},  # validated as a layer
        "unrelated": 1,
    }
    assert f.role_options(values, SPEC) == {"expected_services": ["ssh"]}


def test_errors_name_the_host_and_the_variable() -> None:
    hostvars = {"good": {}, "bad": {"inspection_thresholds": {"fs_space": {"warn": -1}}}}
    errors = f.inspection_host_errors(["good", "bad"], hostvars, SPEC)
    assert errors == ["bad: inspection_thresholds.fs_space.warn must not be negative, got -1"]


def test_layers_are_merged_before_the_order_check() -> None:
    layers = [
        ["healthops_thresholds", {"fs_space": {"fail": 70}}],
        ["inspection_thresholds", {"fs_space": {"warn": 60}}],
    ]
    assert f.threshold_layer_errors(layers) == []
    assert f.merge_threshold_layers([mapping for _name, mapping in layers])["fs_space"] == {"warn": 60, "fail": 70}


def test_merging_leaves_every_layer_as_it_was() -> None:
    system, host = {"fs_space": {"fail": 70}}, {"fs_space": {"warn": 60}}
    f.merge_threshold_layers([system, host])
    assert system == {"fs_space": {"fail": 70}}
    assert host == {"fs_space": {"warn": 60}}


def test_probe_states_keep_hosts_without_a_new_state() -> None:
    hostvars = {
        "ok": {"inspection_result": {"checks": [], "state": {"v": 1}}},
        "down": {"inspection_result": {"unreachable": True, "msg": "timeout"}},
        "never": {},
    }
    states = f.probe_states(["ok", "down", "never"], hostvars, "inspection_result")
    assert states == {"ok": {"v": 1}, "down": None, "never": None}
