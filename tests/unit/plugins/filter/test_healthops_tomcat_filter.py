"""plugins/filter/healthops_tomcat.py: what the tomcat role's validation and templates call."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from healthops_testlib import REPO


def load_filter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "healthops_filter_tomcat", REPO / "plugins/filter/healthops_tomcat.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


flt = load_filter()


def test_filters_are_registered() -> None:
    names = set(flt.FilterModule().filters())
    assert names == {
        "healthops_tomcat_setting_errors",
        "healthops_tomcat_threshold_errors",
        "healthops_tomcat_heap_mb",
        "healthops_tomcat_nofile",
        "healthops_tomcat_jvm_options_carry_secret",
    }


def test_jvm_options_carry_secret() -> None:
    assert flt.tomcat_jvm_options_carry_secret(["-XX:+UseG1GC", "-Djavax.net.ssl.trustStorePassword=x"]) is True
    assert flt.tomcat_jvm_options_carry_secret(["-XX:+UseG1GC", "-Dapp.env=prod"]) is False
    assert flt.tomcat_jvm_options_carry_secret([]) is False


def test_setting_errors_use_the_real_time_zone_database() -> None:
    assert flt.tomcat_setting_errors({"tomcat_timezone": "Asia/Shanghai"}) == []
    assert flt.tomcat_setting_errors({"tomcat_timezone": "Asia/Peking"}) == [
        "tomcat_timezone: unknown time zone 'Asia/Peking' (an IANA name such as Asia/Shanghai)"
    ]
    assert flt.tomcat_setting_errors({"tomcat_heap_size": "64g"}, 32000) == [
        "tomcat_heap_size (64g = 65536 MB) is larger than the host's memory (ansible_memtotal_mb 32000 MB)"
    ]


def test_threshold_layers() -> None:
    layers = [
        ["healthops_thresholds", {"oracle_tablespace": {"warn": 80}, "resource_limit": {"warn": 95, "fail": 90}}],
        ["tomcat_thresholds", {"tomcat_heap_used": {"warn": 70}, "typo_id": {"warn": 1}}],
    ]
    found = flt.tomcat_threshold_errors(layers)
    assert len(found) == 2
    assert found[0] == "healthops_thresholds.resource_limit: warn (95) must not be above fail (90)"
    assert found[1].startswith("tomcat_thresholds.typo_id: unknown threshold id")


def test_heap_and_nofile() -> None:
    assert flt.tomcat_heap_mb("50%", 24105) == 12052
    assert flt.tomcat_heap_mb("2g", 24105) == 2048
    with pytest.raises(ValueError, match="cannot size the heap"):
        flt.tomcat_heap_mb("50%", None)
    assert flt.tomcat_nofile(4096, 150, 4096, True) == 13312
    assert flt.tomcat_nofile(8192, 100, 4096) == 13312
