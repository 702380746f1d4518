"""Controller-side validation filters: each host judged with the values it will run with."""

from __future__ import annotations

from healthops_testlib import load_plugin

f = load_plugin("filter", "healthops")

DEFAULTS = {"inspection_thresholds": {}, "inspection_expected_services": []}


def test_inventory_value_wins_over_default_per_host() -> None:
    hostvars = {"a": {"inspection_expected_services": ["ssh"]}, "b": {}}
    current = {"inspection_thresholds": {}, "inspection_expected_services": ["ssh"]}  # context of host a
    values = f.resolve_host_values(["a", "b"], hostvars, current, DEFAULTS)
    assert values["a"]["inspection_expected_services"] == ["ssh"]
    assert values["b"]["inspection_expected_services"] == []


def test_play_level_value_applies_to_every_host() -> None:
    hostvars = {"a": {"inspection_expected_services": ["ssh"]}, "b": {}}
    current = {"inspection_thresholds": {}, "inspection_expected_services": ["cron"]}  # a play var
    values = f.resolve_host_values(["a", "b"], hostvars, current, DEFAULTS)
    assert values["a"]["inspection_expected_services"] == ["cron"]
    assert values["b"]["inspection_expected_services"] == ["cron"]


def test_errors_name_the_host_and_the_variable() -> None:
    hostvars = {"good": {}, "bad": {"inspection_thresholds": {"fs_space": {"warn": -1}}}}
    current = {"inspection_thresholds": {}, "inspection_expected_services": []}
    errors = f.inspection_host_errors(["good", "bad"], hostvars, current, DEFAULTS)
    assert errors == ["bad: inspection_thresholds.fs_space.warn must not be negative, got -1"]


def test_layers_are_merged_before_the_order_check() -> None:
    layers = [
        ["healthops_thresholds", {"fs_space": {"fail": 70}}],
        ["inspection_thresholds", {"fs_space": {"warn": 60}}],
    ]
    assert f.threshold_layer_errors(layers) == []
    assert f.merge_threshold_layers(layers)["fs_space"] == {"warn": 60, "fail": 70}


def test_probe_states_keep_hosts_without_a_new_state() -> None:
    hostvars = {
        "ok": {"inspection_result": {"checks": [], "state": {"v": 1}}},
        "down": {"inspection_result": {"unreachable": True, "msg": "timeout"}},
        "never": {},
    }
    states = f.probe_states(["ok", "down", "never"], hostvars, "inspection_result")
    assert states == {"ok": {"v": 1}, "down": None, "never": None}
