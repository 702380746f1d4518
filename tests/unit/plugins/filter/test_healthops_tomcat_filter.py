"""plugins/filter/healthops_tomcat.py: what the tomcat role's validation and templates call."""

from __future__ import annotations

import pytest
from healthops_testlib import load_plugin

flt = load_plugin("filter", "healthops_tomcat")


def test_filters_are_registered() -> None:
    names = set(flt.FilterModule().filters())
    assert names == {
        "healthops_tomcat_setting_errors",
        "healthops_tomcat_threshold_errors",
        "healthops_tomcat_heap_mb",
        "healthops_tomcat_nofile",
        "healthops_tomcat_jvm_options_carry_secret",
        "healthops_tomcat_changed_files",
    }


def stat(path: str, **facts: object) -> dict[str, object]:
    """One result of the role's stat loop."""
    return {"item": path, "stat": facts}


def test_changed_files_are_those_that_differ_from_the_snapshot() -> None:
    same = {"exists": True, "checksum": "aa", "uid": 0, "gid": 998, "mode": "0640"}
    before = [
        stat("/etc/tomcat10/server.xml", **same),
        stat("/var/lib/tomcat10/bin/setenv.sh", **same),
        stat("/etc/logrotate.d/tomcat10", **same),
        stat("/etc/sysctl.d/60-healthops-tomcat.conf", exists=False),
        stat("/etc/systemd/system/tomcat10.service.d/50-healthops.conf", exists=False),
    ]
    after = [
        stat("/etc/tomcat10/server.xml", **dict(same, checksum="bb")),
        stat("/var/lib/tomcat10/bin/setenv.sh", **dict(same, gid=0)),
        stat("/etc/logrotate.d/tomcat10", **same),
        stat("/etc/sysctl.d/60-healthops-tomcat.conf", exists=True, checksum="cc", uid=0, gid=0, mode="0644"),
        stat("/etc/systemd/system/tomcat10.service.d/50-healthops.conf", exists=False),
    ]
    assert flt.tomcat_changed_files(before, after) == [
        {"path": "/etc/tomcat10/server.xml", "index": 0, "existed": True},
        {"path": "/var/lib/tomcat10/bin/setenv.sh", "index": 1, "existed": True},
        {"path": "/etc/sysctl.d/60-healthops-tomcat.conf", "index": 3, "existed": False},
    ]
    assert flt.tomcat_changed_files(before, before) == []


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
