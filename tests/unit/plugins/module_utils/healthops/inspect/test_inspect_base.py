"""healthops.inspect.base: the check catalogue, the threshold catalogue and option validation."""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import CATEGORY_ZH, CHECK_FIELDS, STATUSES, validate_check
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.inspect import base as hi


def test_catalogue_has_at_least_thirty_checks_each_well_described() -> None:
    assert len(hi.CHECKS) >= 30
    for base, spec in hi.CHECKS.items():
        category, _, name = base.partition(".")
        assert category == spec["category"], base
        assert category in hi.CATEGORIES, base
        assert name, base
        assert all(spec[key] for key in ("title", "title_zh", "doc")), base
        assert spec["threshold"] is None or spec["threshold"] in hi.INSPECTION_THRESHOLDS, base
    assert set(hi.CATEGORIES) <= set(CATEGORY_ZH)


def test_threshold_catalogue_extends_the_shared_defaults_without_changing_them() -> None:
    for key, spec in DEFAULT_THRESHOLDS.items():
        assert hi.INSPECTION_THRESHOLDS[key] == spec
    for key in ("cpu_iowait", "open_files", "days_since_update", "uptime_days", "interface_errors", "log_errors"):
        assert key in hi.INSPECTION_THRESHOLDS
        assert key not in DEFAULT_THRESHOLDS
    # every inspection-only default is itself valid
    defaults = {k: {"warn": v["warn"], "fail": v["fail"]} for k, v in hi.INSPECTION_ONLY_THRESHOLDS.items()}
    assert hi.validate_inspection_options({"thresholds": defaults}) == []


def test_new_check_appends_the_item_to_both_titles() -> None:
    check = hi.new_check("fs.space:/var", "PASS", 12.5, ">=80/90%", "%", "ok")
    assert tuple(check) == CHECK_FIELDS
    assert validate_check(check) == []
    assert check["category"] == "fs"
    assert check["title"] == "File system space /var"
    assert check["title_zh"] == "文件系统空间使用率 /var"


def test_graded_check_uses_overrides_and_direction() -> None:
    th = hi.resolve_thresholds({"fs_space": {"warn": 70}})
    assert hi.graded_check("fs.space:/", 75.0, th)["status"] == "WARN"
    assert hi.graded_check("fs.space:/", 69.9, th)["threshold"] == ">=70/90%"
    days = hi.graded_check("fs.days_to_full:/", 5.0, th)
    assert days["status"] == "FAIL"
    assert days["threshold"] == "<=30/7 d"
    assert hi.graded_check("fs.space:/", None, th)["status"] == "ERROR"
    # per-call limits (a log's own warn/fail) win over the catalogue, None keeps the catalogue's
    assert hi.graded_check("log.errors:/x", 3, th, limits={"warn": 5, "fail": None})["status"] == "PASS"
    assert hi.graded_check("log.errors:/x", 1, th, limits={"warn": None, "fail": None})["status"] == "WARN"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (22, ("tcp", 22, 22)),
        ("22", ("tcp", 22, 22)),
        ("tcp/443", ("tcp", 443, 443)),
        ("UDP/123", ("udp", 123, 123)),
        (" udp/53 ", ("udp", 53, 53)),
    ],
)
def test_parse_port_spec(spec: Any, expected: tuple[str, int, int]) -> None:
    assert hi.parse_port_spec(spec) == expected


@pytest.mark.parametrize("spec", [0, 65536, True, "sctp/22", "tcp/", "22/tcp", 22.0, None, "tcp/100-90"])
def test_parse_port_spec_refuses(spec: Any) -> None:
    with pytest.raises(ValueError, match=r"port|range"):
        hi.parse_port_spec(spec, allow_range=True)


def test_ranges_only_where_allowed() -> None:
    assert hi.parse_port_spec("tcp/30000-32767", allow_range=True) == ("tcp", 30000, 32767)
    with pytest.raises(ValueError, match="only allowed in allowed_ports"):
        hi.parse_port_spec("tcp/30000-32767")


@pytest.mark.parametrize(
    ("check_id", "skip", "skipped"),
    [
        ("fs.space:/var", ["fs"], True),
        ("fs.space:/var", ["fs.space"], True),
        ("fs.space:/var", ["fs.space:/var"], True),
        ("fs.space:/var", ["fs.space:/"], False),
        ("fs.space:/mnt/cdrom", ["fs.*:/mnt/*"], True),
        ("fs.inodes:/", ["fs.*:/mnt/*"], False),
        ("time.ntp_sync", ["time"], True),
        ("time.ntp_sync", ["net"], False),
        ("net.listen:tcp/22", ["net.listen"], True),
        ("cpu.iowait", [], False),
    ],
)
def test_is_skipped(check_id: str, skip: list[str], skipped: bool) -> None:
    assert hi.is_skipped(check_id, skip) is skipped


def test_validate_accepts_a_full_valid_set() -> None:
    params = dict(hi.OPTION_DEFAULTS)
    params.update(
        thresholds={"fs_space": {"warn": 70}, "cpu_iowait": {"fail": 60}, "oracle_fra": {"warn": 70}},
        expected_services=["sshd", "crond.service"],
        expected_processes=["ora_pmon_ORCL", "cmdline:org.apache.catalina.startup.Bootstrap"],
        expected_ports=[22, "tcp/1521", "udp/123"],
        allowed_ports=["tcp/30000-32767", 8080],
        log_files=[{"path": "/var/log/app/*.log", "patterns": ["ORA-\\d{5}"], "max_lines": 5, "warn": 1, "fail": 10}],
        skip_checks=["fs.*:/mnt/*", "backup", "net.listen:tcp/22", "kernel.log_errors"],
        backup_status_file="/var/lib/healthops/backup/status.json",
        expected_timezone="Asia/Shanghai",
        iowait_interval=0.5,
        command_timeout=5,
    )
    assert hi.validate_inspection_options(params) == []
    assert hi.validate_inspection_options({}) == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"thresholds": {"fs_space": {"warn": 95}}}, "thresholds.fs_space: warn (95) must not be above fail (90)"),
        ({"thresholds": {"cpu_iowait": {"warn": 120, "fail": 130}}}, "thresholds.cpu_iowait.warn is a percentage"),
        ({"thresholds": {"nope": {"warn": 1}}}, "thresholds.nope: unknown threshold id"),
        ({"expected_services": "sshd"}, "expected_services must be a list"),
        ({"expected_services": ["sshd", ""]}, "expected_services[1] must be a non-empty string"),
        ({"expected_services": ["--all"]}, "expected_services[0]: '--all' is not a unit name"),
        ({"expected_processes": [None]}, "expected_processes[0] must be a non-empty string"),
        ({"expected_processes": ["cmdline:"]}, "expected_processes[0]: 'cmdline:' needs text"),
        ({"expected_ports": [70000]}, "expected_ports[0]: 70000: port must be 1..65535"),
        ({"expected_ports": ["ssh"]}, "expected_ports[0]: 'ssh' is not a port"),
        ({"expected_ports": ["tcp/1-10"]}, "expected_ports[0]: 'tcp/1-10': a range is only allowed"),
        ({"allowed_ports": "22"}, "allowed_ports must be a list"),
        ({"skip_checks": ["fs.spcae"]}, "skip_checks[0]: 'fs.spcae' is neither a category"),
        ({"skip_checks": ["disk"]}, "skip_checks[0]: 'disk' is neither"),
        ({"log_files": [{"patterns": ["x"]}]}, "log_files[0].path must be an absolute path"),
        ({"log_files": [{"path": "/x", "patterns": ["(unclosed"]}]}, "log_files[0].patterns[0]: invalid regular"),
        ({"log_files": [{"path": "/x", "max_lines": -1}]}, "log_files[0].max_lines must be an integer >= 0"),
        ({"log_files": [{"path": "/x", "warn": 10, "fail": 2}]}, "log_files[0]: warn (10) must not be above"),
        ({"log_files": [{"path": "/x", "level": 2}]}, "log_files[0]: unknown key(s) level"),
        ({"log_files": ["/var/log/x"]}, "log_files[0] must be a mapping"),
        ({"kernel_log_patterns": ["[a-"]}, "kernel_log_patterns[0]: invalid regular expression"),
        ({"backup_status_file": "status.json"}, "backup_status_file must be an absolute path"),
        ({"iowait_interval": 10}, "iowait_interval must be a number of seconds from 0 to 5"),
        ({"command_timeout": 0}, "command_timeout must be 1..300 seconds"),
        ({"fs_tmpfs_mounts": ["tmp"]}, "fs_tmpfs_mounts[0] must be an absolute mount point"),
        ({"previous_state": []}, "previous_state must be the mapping"),
        ({"kernel_log": "yes"}, "kernel_log must be a boolean"),
        ({"expected_timezone": ""}, "expected_timezone must be a time zone name"),
        ({"exepcted_ports": [22]}, "exepcted_ports: unknown option"),
    ],
)
def test_validate_names_the_offending_option(params: dict[str, Any], fragment: str) -> None:
    errors = hi.validate_inspection_options(params)
    assert any(fragment in e for e in errors), errors


def test_validate_prefix_names_role_variables() -> None:
    errors = hi.validate_inspection_options({"thresholds": {"fs_space": {"warn": -1}}}, prefix="host_inspect_")
    assert errors == ["host_inspect_thresholds.fs_space.warn must not be negative, got -1"]


def test_validate_refuses_a_non_mapping() -> None:
    assert hi.validate_inspection_options(["x"]) == ["options must be a mapping, got list"]  # type: ignore[arg-type]


def test_error_check_is_an_error_with_detail() -> None:
    check = hi.error_check("time.ntp_sync", "chronyc not installed")
    assert check["status"] == "ERROR"
    assert check["detail"] == "chronyc not installed"
    assert check["status"] in STATUSES


def test_human_bytes() -> None:
    assert hi.human_bytes(512) == "512 B"
    assert hi.human_bytes(1536) == "1.5 KiB"
    assert hi.human_bytes(5 * 1024**4) == "5.0 TiB"
    assert hi.human_bytes(None) == "?"
