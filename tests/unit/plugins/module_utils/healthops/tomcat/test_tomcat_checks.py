"""healthops_tomcat: validation of the tuning values and the checks of tomcat_probe, on recorded pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import validate_check
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS
from ansible.module_utils.healthops.tomcat import catalogue as tc
from ansible.module_utils.healthops.tomcat import checks as ht
from ansible.module_utils.healthops.tomcat import settings as ts
from healthops_testlib import FIXTURES_DIR

FIXTURES = FIXTURES_DIR / "tomcat"
THRESHOLDS = ht.TOMCAT_THRESHOLDS

# The role's defaults as tasks/validate.yml hands them over.
DEFAULTS: dict[str, Any] = {
    "tomcat_version": 10,
    "tomcat_http_port": 8080,
    "tomcat_ajp_enabled": False,
    "tomcat_ajp_port": 8009,
    "tomcat_ajp_address": "127.0.0.1",
    "tomcat_ajp_secret_set": False,
    "tomcat_use_executor": True,
    "tomcat_executor_name": "tomcatThreadPool",
    "tomcat_executor_name_prefix": "tomcat-exec-",
    "tomcat_max_threads": 200,
    "tomcat_min_spare_threads": 25,
    "tomcat_max_idle_time": 60000,
    "tomcat_accept_count": 100,
    "tomcat_max_connections": 8192,
    "tomcat_connection_timeout": 20000,
    "tomcat_keep_alive_timeout": 20000,
    "tomcat_max_keep_alive_requests": 100,
    "tomcat_compression": "on",
    "tomcat_compression_min_size": 2048,
    "tomcat_compressible_mime_types": ["text/html", "application/json"],
    "tomcat_uri_encoding": "UTF-8",
    "tomcat_file_encoding": "UTF-8",
    "tomcat_http_extra_attributes": {},
    "tomcat_ajp_extra_attributes": {},
    "tomcat_executor_extra_attributes": {},
    "tomcat_access_log_extra_attributes": {},
    "tomcat_heap_size": "50%",
    "tomcat_heap_initial": "",
    "tomcat_metaspace_max": "",
    "tomcat_timezone": "Asia/Shanghai",
    "tomcat_gc_log_files": 10,
    "tomcat_gc_log_file_size": "20M",
    "tomcat_java_opts_extra": [],
    "tomcat_nofile_limit": 0,
    "tomcat_nofile_headroom": 4096,
    "tomcat_access_log_max_days": 90,
    "tomcat_log_retention_days": 90,
    "tomcat_catalina_out_keep": 30,
    "tomcat_catalina_out_rotate": "daily",
    "tomcat_catalina_out_max_size": "100M",
    "tomcat_restart_timeout": 120,
}


def errors(memtotal_mb: int | None = 16000, **changes: Any) -> list[str]:
    return ts.validate_settings(dict(DEFAULTS, **changes), memtotal_mb, ["Asia/Shanghai", "UTC"])


# ------------------------------------------------------------------ validation


def test_the_role_defaults_are_valid() -> None:
    assert errors() == []


def test_max_threads_below_min_spare_threads_names_both_variables() -> None:
    assert errors(tomcat_max_threads=10) == ["tomcat_max_threads (10) must be >= tomcat_min_spare_threads (25)"]


def test_heap_larger_than_memory() -> None:
    assert errors(memtotal_mb=4096, tomcat_heap_size="8g") == [
        "tomcat_heap_size (8g = 8192 MB) is larger than the host's memory (ansible_memtotal_mb 4096 MB)"
    ]
    assert errors(memtotal_mb=4096, tomcat_heap_size="3g") == []
    # Without the host's memory (inventory-only pass) the absolute size cannot be judged yet.
    assert errors(memtotal_mb=None, tomcat_heap_size="8g") == []


@pytest.mark.parametrize(
    ("heap", "message"),
    [
        ("95%", "tomcat_heap_size: a share of the host's memory must be between 1% and 90%, got 95%"),
        ("lots", "tomcat_heap_size must be a share of memory (50%) or a JVM size (2048m, 4g), got 'lots'"),
        ("32m", "tomcat_heap_size must be at least 64m, got 32m"),
    ],
)
def test_heap_forms(heap: str, message: str) -> None:
    assert errors(tomcat_heap_size=heap) == [message]


def test_initial_heap_above_maximum() -> None:
    assert errors(memtotal_mb=8000, tomcat_heap_size="2g", tomcat_heap_initial="3g") == [
        "tomcat_heap_initial (3g = 3072 MB) must not exceed tomcat_heap_size (2g = 2048 MB)"
    ]


def test_unknown_connector_attribute_suggests_the_right_name() -> None:
    assert errors(tomcat_http_extra_attributes={"maxThread": 300}) == [
        "tomcat_http_extra_attributes.maxThread: unknown attribute of the HTTP connector (Tomcat 10); "
        "did you mean maxThreads?"
    ]
    assert errors(tomcat_http_extra_attributes={"uriencoding": "GBK"})[0].endswith("did you mean URIEncoding?")


def test_extra_attributes_may_not_set_what_the_role_manages() -> None:
    assert errors(tomcat_http_extra_attributes={"maxThreads": 300}) == [
        "tomcat_http_extra_attributes.maxThreads: set by the role from tomcat_max_threads, "
        "not by tomcat_http_extra_attributes"
    ]


def test_attributes_depend_on_the_version() -> None:
    assert errors(tomcat_http_extra_attributes={"pollerThreadCount": 2}) != []
    assert errors(tomcat_version=9, tomcat_http_extra_attributes={"pollerThreadCount": 2}) == []
    assert errors(tomcat_http_extra_attributes={"socket.rxBufSize": 65536, "server": "app"}) == []


def test_ajp_attributes_checked_only_when_ajp_is_tuned() -> None:
    assert errors(tomcat_ajp_enabled=True, tomcat_ajp_extra_attributes={"packetSize": 65536}) == []
    assert errors(tomcat_ajp_enabled=True, tomcat_ajp_extra_attributes={"compression": "on"}) == [
        "tomcat_ajp_extra_attributes.compression: unknown attribute of the AJP connector (Tomcat 10)"
    ]
    assert errors(tomcat_ajp_enabled=True, tomcat_ajp_port=8080) == [
        "tomcat_ajp_port must differ from tomcat_http_port (8080)"
    ]


def test_ajp_without_secret_only_on_loopback() -> None:
    assert errors(tomcat_ajp_enabled=True, tomcat_ajp_address="::1") == []
    (message,) = errors(tomcat_ajp_enabled=True, tomcat_ajp_address="10.10.2.21")
    assert message.startswith("tomcat_ajp_address ('10.10.2.21') must be a loopback address while tomcat_ajp_secret")
    assert errors(tomcat_ajp_enabled=True, tomcat_ajp_address="10.10.2.21", tomcat_ajp_secret_set=True) == []


def test_max_connections_below_max_threads() -> None:
    assert errors(tomcat_max_connections=100) == ["tomcat_max_connections must be >= tomcat_max_threads (200), got 100"]


def test_nofile_limit_too_small_for_max_connections() -> None:
    (message,) = errors(tomcat_nofile_limit=4096)
    assert message.startswith("tomcat_nofile_limit (4096) is below what tomcat_max_connections needs (13312")
    assert errors(tomcat_nofile_limit=65536) == []


def test_jvm_options_are_single_safe_options() -> None:
    assert errors(tomcat_java_opts_extra=["-XX:+UseG1GC", "-Dapp.env=prod"]) == []
    (message,) = errors(tomcat_java_opts_extra=['-Dx="$(reboot)"'])
    assert message.startswith("tomcat_java_opts_extra[0] must be one JVM option")
    (message,) = errors(tomcat_java_opts_extra=["-Xmx4g"])
    assert "set the heap with tomcat_heap_size" in message


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"tomcat_compression": "sometimes"}, "tomcat_compression must be off, on, force"),
        ({"tomcat_uri_encoding": "UTF-99"}, "tomcat_uri_encoding: unknown character encoding"),
        ({"tomcat_timezone": "Asia/Beijing"}, "tomcat_timezone: unknown time zone 'Asia/Beijing'"),
        ({"tomcat_http_port": 70000}, "tomcat_http_port must be <= 65535, got 70000"),
        ({"tomcat_keep_alive_timeout": 0}, "tomcat_keep_alive_timeout must be -1"),
        ({"tomcat_catalina_out_rotate": "hourly"}, "tomcat_catalina_out_rotate must be daily, weekly or monthly"),
        ({"tomcat_gc_log_file_size": "20 MB"}, "tomcat_gc_log_file_size must be a size such as 20M"),
        ({"tomcat_executor_name": "my pool"}, "tomcat_executor_name must be letters, digits"),
        ({"tomcat_compressible_mime_types": "text/html"}, "tomcat_compressible_mime_types must be a list"),
    ],
)
def test_each_bad_value_is_named(changes: dict[str, Any], fragment: str) -> None:
    found = errors(**changes)
    assert len(found) == 1, found
    assert found[0].startswith(fragment), found


# Every numeric variable of the role's argument specs, with a value out of its range: the run stops
# naming the variable (the check entry point's own settings included).
@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"tomcat_http_port": 0}, "tomcat_http_port must be >= 1, got 0"),
        ({"tomcat_ajp_enabled": True, "tomcat_ajp_port": 70000}, "tomcat_ajp_port must be <= 65535, got 70000"),
        ({"tomcat_max_threads": 0}, "tomcat_max_threads must be >= 1, got 0"),
        ({"tomcat_min_spare_threads": -1}, "tomcat_min_spare_threads must be >= 0, got -1"),
        ({"tomcat_max_idle_time": 0}, "tomcat_max_idle_time must be >= 1000, got 0"),
        ({"tomcat_accept_count": 0}, "tomcat_accept_count must be >= 1, got 0"),
        ({"tomcat_max_connections": -1}, "tomcat_max_connections must be >= 1, got -1"),
        ({"tomcat_connection_timeout": -1}, "tomcat_connection_timeout must be >= 1, got -1"),
        ({"tomcat_keep_alive_timeout": -2}, "tomcat_keep_alive_timeout must be >= -1, got -2"),
        ({"tomcat_max_keep_alive_requests": 0}, "tomcat_max_keep_alive_requests must be -1 (no limit)"),
        ({"tomcat_compression_min_size": -1}, "tomcat_compression_min_size must be >= 0, got -1"),
        ({"tomcat_nofile_limit": -1}, "tomcat_nofile_limit must be >= 0, got -1"),
        ({"tomcat_nofile_headroom": -1}, "tomcat_nofile_headroom must be >= 0, got -1"),
        ({"tomcat_access_log_max_days": 0}, "tomcat_access_log_max_days must be >= 1, got 0"),
        ({"tomcat_log_retention_days": 0}, "tomcat_log_retention_days must be >= 1, got 0"),
        ({"tomcat_catalina_out_keep": 0}, "tomcat_catalina_out_keep must be >= 1, got 0"),
        ({"tomcat_gc_log_files": 0}, "tomcat_gc_log_files must be >= 1, got 0"),
        ({"tomcat_restart_timeout": 1}, "tomcat_restart_timeout must be >= 5, got 1"),
        ({"tomcat_check_timeout": -1}, "tomcat_check_timeout must be >= 1, got -1"),
        ({"tomcat_check_timeout": 7200}, "tomcat_check_timeout must be <= 3600, got 7200"),
        ({"tomcat_check_status_codes": [200, 99]}, "tomcat_check_status_codes[1] must be an HTTP status from 100"),
        ({"tomcat_check_status_codes": []}, "tomcat_check_status_codes must be a non-empty list"),
        ({"tomcat_heap_size": "0%"}, "tomcat_heap_size: a share of the host's memory must be between 1% and 90%"),
        (
            {"tomcat_http_extra_attributes": {"redirectPort": 0}},
            "tomcat_http_extra_attributes.redirectPort must be >= 1",
        ),
        (
            {"tomcat_executor_extra_attributes": {"threadPriority": 11}},
            "tomcat_executor_extra_attributes.threadPriority",
        ),
        (
            {"tomcat_ajp_enabled": True, "tomcat_ajp_extra_attributes": {"packetSize": 100}},
            "tomcat_ajp_extra_attributes.packetSize must be >= 8192, got 100",
        ),
    ],
)
def test_every_number_out_of_range_is_named(changes: dict[str, Any], fragment: str) -> None:
    found = errors(**changes)
    assert [e for e in found if e.startswith(fragment)], found


def test_numbers_at_the_edges_of_their_ranges_are_accepted() -> None:
    assert (
        errors(
            tomcat_http_port=65535,
            tomcat_keep_alive_timeout=-1,
            tomcat_max_keep_alive_requests=-1,
            tomcat_check_timeout=1,
            tomcat_check_status_codes=[100, 599],
            tomcat_heap_size="1%",
            tomcat_http_extra_attributes={"redirectPort": 1, "maxHttpHeaderSize": "8192"},
        )
        == []
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("maxThreads", 0, "x.maxThreads must be >= 1, got 0"),
        ("maxThreads", "0", "x.maxThreads must be >= 1, got 0"),
        ("maxThreads", 2.5, "x.maxThreads must be an integer, got 2.5"),
        ("maxThreads", True, "x.maxThreads must be an integer, got True"),
        ("port", 65536, "x.port must be <= 65535, got 65536"),
        ("maxConnections", -2, "x.maxConnections must be >= 1, got -2 (or -1 for no limit)"),
        ("maxConnections", -1, None),
        ("maxDays", -1, None),
        ("port", "${http.port}", None),
        ("maxThreads", None, None),
        ("pattern", "-1", None),
    ],
)
def test_attribute_numbers(name: str, value: Any, message: str | None) -> None:
    assert tc.attribute_number_error("x", name, value) == message


def test_probe_options() -> None:
    assert ht.probe_option_errors({"timeout": 10, "max_log_bytes": 1}) == []
    assert ht.probe_option_errors({"timeout": -1, "max_log_bytes": 0}) == [
        "timeout must be >= 1, got -1",
        "max_log_bytes must be >= 1, got 0",
    ]


def test_secret_jvm_options_are_recognised_and_masked_in_messages() -> None:
    assert ts.jvm_option_is_secret("-Djavax.net.ssl.trustStorePassword=s3cret")
    assert ts.jvm_option_is_secret("--db.secret=s3cret")
    assert not ts.jvm_option_is_secret("-Dapp.passwordPolicy=strict")
    assert not ts.jvm_option_is_secret("-XX:+UseG1GC")
    (message,) = errors(tomcat_java_opts_extra=["-Djavax.net.ssl.keyStorePassword=it's$ecret"])
    assert "-Djavax.net.ssl.keyStorePassword=********" in message
    assert "ecret" not in message.split("got", 1)[1]


def test_sizes_and_heap() -> None:
    assert ts.size_mb("2g") == 2048
    assert ts.size_mb("512M") == 512
    assert ts.size_mb("1048576k") == 1024
    assert ts.size_mb("50%") is None
    assert ts.heap_mb("50%", 16000) == 8000
    assert ts.heap_mb("50%", None) is None
    assert ts.heap_mb("4g", None) == 4096
    assert ts.required_nofile(8192, 100, 4096) == 13312
    assert ts.required_nofile(4096, 150, 4096, ajp_max_connections=4096) == 13312


# ------------------------------------------------------------------ checks


def test_catalogue_extends_the_shared_thresholds_without_changing_them() -> None:
    for key, spec in DEFAULT_THRESHOLDS.items():
        assert THRESHOLDS[key] == spec
    merged, problems = ht.effective_thresholds({"tomcat_response_ms": {"warn": 200}, "cpu_iowait": {"warn": 5}})
    assert problems == []
    assert merged["tomcat_response_ms"]["warn"] == 200
    _merged, problems = ht.effective_thresholds({"tomcat_heap_used": {"warn": 99, "fail": 90}})
    assert problems == ["thresholds.tomcat_heap_used: warn (99) must not be above fail (90)"]


def test_status_page_of_a_connector_with_its_own_pool() -> None:
    status = ht.parse_status_xml((FIXTURES / "status-10.1.xml").read_text())
    http = status["connectors"]["http-nio-8080"]
    assert (http["port"], http["maxThreads"], http["currentThreadsBusy"]) == (8080, 200, 1)
    heap = ht.eval_heap(status["jvm"], THRESHOLDS)
    assert heap["status"] == "PASS"
    assert 0 < heap["value"] < 10
    connectors = [{"family": "http", "port": 8080, "name": "http-nio-8080", "executor": None, "maxThreads": 200,
                   "thread_prefix": "http-nio-8080-exec-"}]  # fmt: skip
    (check,) = ht.eval_threads(connectors, status, None, THRESHOLDS)
    assert (check["id"], check["status"], check["value"]) == ("tomcat.threads:http-nio-8080", "PASS", 0.5)
    assert validate_check(check) == []


def test_status_page_of_a_shared_executor_uses_the_executors_maximum() -> None:
    # A connector on an executor reports maxThreads="-1"; 120 busy of the executor's 150 is 80 %: WARN.
    status = ht.parse_status_xml((FIXTURES / "status-10.1-executor.xml").read_text())
    connectors = [
        {"family": "http", "port": 8080, "name": "http-nio-8080", "executor": "pool", "maxThreads": 150,
         "thread_prefix": "tomcat-exec-"},
        {"family": "ajp", "port": 8009, "name": "ajp-nio-8009", "executor": "pool", "maxThreads": 150,
         "thread_prefix": "tomcat-exec-"},
    ]  # fmt: skip
    checks = ht.eval_threads(connectors, status, None, THRESHOLDS)
    assert [(c["id"], c["status"], c["value"]) for c in checks] == [("tomcat.threads:pool", "WARN", 80.0)]
    assert "120 busy of maxThreads 150" in checks[0]["detail"]


def test_threads_from_proc_when_there_is_no_manager() -> None:
    comms = (FIXTURES / "proc-comms-10.1.txt").read_text().splitlines()
    assert ht.count_threads(comms, "http-nio-8080-exec-") == 10
    assert ht.count_threads(["tomcat-exec-1", "tomcat-exec-123", "tomcat-exec-12"], "tomcat-exec-") == 3
    connectors = [{"family": "http", "port": 8080, "name": "http-nio-8080", "executor": None, "maxThreads": 12,
                   "thread_prefix": "http-nio-8080-exec-"}]  # fmt: skip
    (check,) = ht.eval_threads(connectors, None, comms, THRESHOLDS)
    assert (check["status"], check["value"]) == ("WARN", 83.3)
    assert "10 worker threads started" in check["detail"]


def test_open_files_from_recorded_limits() -> None:
    limit = ht.parse_nofile_limit((FIXTURES / "proc-limits-10.1.txt").read_text())
    assert limit == 16384
    assert ht.eval_open_files(15000, limit, THRESHOLDS)["status"] == "FAIL"
    assert ht.eval_open_files(120, limit, THRESHOLDS)["status"] == "PASS"
    assert ht.eval_open_files(None, None, THRESHOLDS, "permission denied")["status"] == "ERROR"


def test_applications_from_the_manager_list() -> None:
    apps = ht.parse_manager_list((FIXTURES / "manager-list-10.1.txt").read_text())
    assert [a["path"] for a in apps] == ["/", "/host-manager", "/manager"]
    apps[1]["state"] = "stopped"
    checks = {c["id"]: c for c in ht.eval_apps(apps, ["/", "/billing"], {})}
    assert checks["tomcat.app:/"]["status"] == "PASS"
    assert checks["tomcat.app:/host-manager"]["status"] == "FAIL"
    assert checks["tomcat.app:/billing"]["detail"] == "not deployed"
    with pytest.raises(ValueError, match="FAIL - Unknown command"):
        ht.parse_manager_list("FAIL - Unknown command [/lst]\n")


def test_applications_without_the_manager() -> None:
    (info,) = ht.eval_apps(None, [], {})
    assert (info["id"], info["status"]) == ("tomcat.apps", "INFO")
    checks = ht.eval_apps(None, ["/", "/app", "/gone"], {"/": (200, None), "/app": (503, None), "/gone": (None, "x")})
    assert [c["status"] for c in checks] == ["PASS", "FAIL", "FAIL"]


def test_http_answer() -> None:
    assert ht.eval_http("u", 200, 42.0, None, THRESHOLDS)["status"] == "PASS"
    assert ht.eval_http("u", 404, 42.0, None, THRESHOLDS)["status"] == "PASS"
    assert ht.eval_http("u", 200, 1500.0, None, THRESHOLDS)["status"] == "WARN"
    assert ht.eval_http("u", 502, 10.0, None, THRESHOLDS)["status"] == "FAIL"
    down = ht.eval_http("u", None, None, "Connection refused", THRESHOLDS)
    assert (down["status"], down["detail"]) == ("FAIL", "u: no HTTP answer (Connection refused)")


def test_process_recognised_by_its_catalina_base() -> None:
    argv = ["java", "-Dcatalina.base=/var/lib/tomcat10", "org.apache.catalina.startup.Bootstrap", "start"]
    assert ht.is_tomcat_cmdline(argv, "/var/lib/tomcat10/")
    assert not ht.is_tomcat_cmdline(argv, "/opt/tomcat")
    assert not ht.is_tomcat_cmdline([*argv[:-1], "stop"], None)
    assert ht.eval_process([], "/opt/tomcat", None, None)["status"] == "FAIL"
    assert ht.eval_process([41], "/opt/tomcat", 90061, "tomcat")["detail"] == "pid 41, user tomcat, up 1d 1h"
    assert ht.eval_process([41, 42], None, None, None)["status"] == "WARN"


def test_heap_dumps_new_since_the_last_run_fail() -> None:
    dumps = [("java_pid41.hprof", 1000.0, 300 << 20)]
    assert ht.eval_heap_dumps("/d", None, None)["status"] == "PASS"
    assert ht.eval_heap_dumps("/d", dumps, 2000.0)["status"] == "WARN"
    assert ht.eval_heap_dumps("/d", dumps, 500.0)["status"] == "FAIL"


def test_log_since_the_last_run(tmp_path: Path) -> None:
    log = tmp_path / "catalina.out"
    log.write_text("01-Jan-2026 INFO [main] start\n01-Jan-2026 SEVERE [main] old fault\n")
    checks, state = ht.log_checks([str(log)], {}, THRESHOLDS, 1 << 20)
    by_id = {c["id"].split(":")[0]: c for c in checks}
    assert (by_id["tomcat.log_severe"]["status"], by_id["tomcat.log_severe"]["value"]) == ("WARN", 1)
    assert "first run" in by_id["tomcat.log_severe"]["detail"]

    with log.open("a") as handle:
        handle.write("02-Jan-2026 SEVERE [exec-1] new fault\njava.lang.OutOfMemoryError: Java heap space\npartial")
    checks, state = ht.log_checks([str(log)], state, THRESHOLDS, 1 << 20)
    by_id = {c["id"].split(":")[0]: c for c in checks}
    assert by_id["tomcat.log_severe"]["value"] == 1
    assert "new fault" in by_id["tomcat.log_severe"]["detail"]
    assert "old fault" not in by_id["tomcat.log_severe"]["detail"]
    assert (by_id["tomcat.oom"]["status"], by_id["tomcat.oom"]["value"]) == ("FAIL", 1)
    # The unfinished last line is left for the next run.
    assert state[str(log)]["offset"] == log.stat().st_size - len("partial")

    checks, state = ht.log_checks([str(log)], state, THRESHOLDS, 1 << 20)
    assert {c["status"] for c in checks} == {"PASS"}

    log.write_text("short\n")  # truncated (copytruncate)
    checks, _ = ht.log_checks([str(log)], state, THRESHOLDS, 1 << 20)
    assert "truncated" in checks[0]["detail"]


def test_rotated_log_is_read_from_its_start(tmp_path: Path) -> None:
    log = tmp_path / "catalina.out"
    log.write_text("x\n" * 100)
    _checks, state = ht.log_checks([str(log)], {}, THRESHOLDS, 1 << 20)
    log.rename(tmp_path / "catalina.out.1")
    log.write_text("SEVERE after rotation\n")
    checks, _ = ht.log_checks([str(log)], state, THRESHOLDS, 1 << 20)
    assert checks[0]["value"] == 1
    assert "rotated" in checks[0]["detail"]


def test_missing_log_is_an_error_that_keeps_the_old_position(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.out")
    checks, state = ht.log_checks([path], {path: {"inode": 1, "offset": 5}}, THRESHOLDS, 1 << 20)
    assert (checks[0]["status"], checks[0]["detail"]) == ("ERROR", f"{path}: not found")
    assert state == {path: {"inode": 1, "offset": 5}}


# A Tomcat under systemd (Debian's and RHEL's packages) logs its console to the journal: no catalina.out,
# Tomcat's own catalina.<date>.log beside where it would be (tomcat.checks.find_tomcat_log).
JOURNAL = {"pid": 4242, "stdout": "socket:[31337]", "catalina_out": None, "base": "/nonexistent/base"}


def test_a_missing_catalina_out_is_read_from_tomcats_own_daily_log(tmp_path: Path) -> None:
    path = str(tmp_path / "catalina.out")
    older, newest = tmp_path / "catalina.2026-12-06.log", tmp_path / "catalina.2026-12-07.log"
    older.write_text("06-Dec-2026 10:00:00.000 SEVERE [main] yesterday\n")
    newest.write_text("07-Dec-2026 00:00:01.000 SEVERE [main] today\n")
    (tmp_path / "localhost.2026-12-07.log").write_text("07-Dec-2026 SEVERE [main] another logger\n")
    os.utime(older, (1, 1))
    checks, state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, JOURNAL)
    severe = checks[0]
    assert severe["id"] == f"tomcat.log_severe:{path}"  # the configured name: one id however the file is named
    assert (severe["status"], severe["value"]) == ("WARN", 1)
    assert "today" in severe["detail"]
    assert "yesterday" not in severe["detail"]
    why = "Tomcat's stdout is socket:[31337] (the journal under systemd)"
    assert f"{path} not found, read {newest} instead: {why}" in severe["detail"]
    assert state[path]["inode"] == newest.stat().st_ino
    # The next day's file is a new one: read from its start, as after a rotation.
    tomorrow = tmp_path / "catalina.2026-12-08.log"
    tomorrow.write_text("08-Dec-2026 00:00:01.000 INFO [main] quiet\n")
    checks, state = ht.log_checks([path], state, THRESHOLDS, 1 << 20, JOURNAL)
    assert checks[0]["status"] == "PASS"
    assert "rotated since the last run: new file read from the start" in checks[0]["detail"]
    assert state[path]["inode"] == tomorrow.stat().st_ino


def test_a_missing_log_is_read_where_the_console_goes(tmp_path: Path) -> None:
    path = str(tmp_path / "logs" / "catalina.out")
    console_file = tmp_path / "app" / "console.log"
    console_file.parent.mkdir()
    console_file.write_text("SEVERE [main] in the console\n")
    # its stdout (/proc/PID/fd/1) is the file, whatever CATALINA_OUT says
    console = dict(JOURNAL, stdout=str(console_file), catalina_out="/elsewhere.out")
    checks, _state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, console)
    assert checks[0]["value"] == 1
    assert f"read {console_file} instead: Tomcat's stdout is {console_file}" in checks[0]["detail"]
    # stdout unreadable (no become): CATALINA_OUT of setenv.sh
    console = dict(JOURNAL, stdout=None, catalina_out=str(console_file), source="/opt/tomcat/bin/setenv.sh")
    checks, _state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, console)
    assert f"instead: CATALINA_OUT is {console_file} in /opt/tomcat/bin/setenv.sh" in checks[0]["detail"]


def test_no_log_where_tomcat_writes_is_info_with_the_reason(tmp_path: Path) -> None:
    path = str(tmp_path / "catalina.out")
    checks, state = ht.log_checks([path], {path: {"inode": 1, "offset": 5}}, THRESHOLDS, 1 << 20, JOURNAL)
    assert [(c["status"], c["detail"]) for c in checks] == [
        (
            "INFO",
            f"{path} not found: Tomcat's stdout is socket:[31337] (the journal under systemd); "
            f"no catalina.<date>.log in {tmp_path}, /nonexistent/base/logs",
        )
    ]
    assert state == {path: {"inode": 1, "offset": 5}}
    stopped = dict(JOURNAL, pid=None, stdout=None)
    checks, _state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, stopped)
    assert checks[0]["status"] == "INFO"
    assert "no Tomcat process to tell where its console goes" in checks[0]["detail"]
    # A running Tomcat whose console the probe cannot see (no become), nothing found: the log is missing.
    unseen = dict(JOURNAL, stdout=None)
    checks, _state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, unseen)
    assert (checks[0]["status"], checks[0]["detail"]) == ("ERROR", f"{path}: not found")


def test_a_log_the_probe_may_not_see_is_not_looked_for_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a log that does not exist is looked for where Tomcat writes; one in a directory the probe may
    not read (no become) is reported as it is, not taken for absent."""
    path = str(tmp_path / "private" / "catalina.out")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "catalina.2026-12-07.log").write_text("SEVERE elsewhere\n")  # CATALINA_BASE/logs
    real_lstat = os.lstat

    def lstat(name: str) -> os.stat_result:
        if name == path:
            raise PermissionError(13, "Permission denied", name)
        return real_lstat(name)

    monkeypatch.setattr(ht.os, "lstat", lstat)
    monkeypatch.setattr(ht.os, "stat", lstat)
    checks, _state = ht.log_checks([path], {}, THRESHOLDS, 1 << 20, dict(JOURNAL, base=str(tmp_path)))
    assert [(c["status"], c["detail"]) for c in checks] == [("ERROR", f"{path}: Permission denied")]


def test_every_check_is_well_formed() -> None:
    samples = [
        ht.eval_process([1], None, 5, "tomcat"),
        ht.eval_http("u", 200, 1.0, None, THRESHOLDS),
        ht.eval_heap({"total": 10, "free": 5, "max": 100}, THRESHOLDS),
        ht.eval_heap({}, THRESHOLDS),
        ht.eval_open_files(1, 10, THRESHOLDS),
        ht.eval_heap_dumps("/d", [], None),
        *ht.eval_apps(None, [], {}),
    ]
    for check in samples:
        assert validate_check(check) == [], check
        assert check["category"] == "tomcat"
        assert check["title_zh"]
