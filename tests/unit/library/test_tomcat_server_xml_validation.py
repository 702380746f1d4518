"""library/tomcat_server_xml.py validates its own values (issue 15, class 9): called directly, as the role calls
it or not, it refuses what Tomcat would refuse or misread, with the same rules the role's assert uses.

Fixture: Tomcat 11.0.25's stock conf/server.xml (tests/unit/fixtures/tomcat/SOURCES.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.tomcat.catalogue import NUMERIC_ATTRIBUTES, known_attributes
from ansible.module_utils.healthops.tomcat.settings import validate_settings
from healthops_testlib import load_library_module
from module_args import run_module

module = load_library_module("tomcat_server_xml")
STOCK_11 = Path(__file__).resolve().parents[1] / "fixtures" / "tomcat" / "server-11.0.25.xml"


@pytest.fixture
def server_xml(tmp_path: Path) -> Path:
    target = tmp_path / "server.xml"
    shutil.copy(STOCK_11, target)
    return target


def call(monkeypatch: pytest.MonkeyPatch, path: Path, **params: Any) -> tuple[dict[str, Any], bool]:
    return run_module(monkeypatch, module.main, dict({"path": str(path), "version": 11}, **params))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"executor": {"name": "pool", "maxThreads": 10, "minSpareThreads": 50}},
            "executor.maxThreads (10) must be >= executor.minSpareThreads (50)",
        ),
        (
            {
                "connectors": [
                    {"protocol": "http", "port": 8080, "attributes": {"maxThreads": 10, "minSpareThreads": 50}}
                ]
            },
            "connectors[0].attributes.maxThreads (10) must be >= connectors[0].attributes.minSpareThreads (50)",
        ),
        (
            {"connectors": [{"protocol": "http", "port": 8080, "attributes": {"maxThreads": -1}}]},
            "connectors[0].attributes.maxThreads must be >= 1, got -1",
        ),
        (
            {"executor": {"name": "pool", "maxThreads": "lots"}},
            "executor.maxThreads must be an integer, got 'lots'",
        ),
        (
            {"connectors": [{"protocol": "http", "port": 8080, "attributes": {"maxHttpRequestHeaderSize": -8192}}]},
            "connectors[0].attributes.maxHttpRequestHeaderSize must be >= 1, got -8192",
        ),
        (
            {"connectors": [{"protocol": "http", "port": 8080, "attributes": {"maxPostSize": "lots"}}]},
            "connectors[0].attributes.maxPostSize must be an integer, got 'lots'",
        ),
    ],
    ids=["executor-cross", "connector-cross", "negative", "lots", "header-size", "post-size"],
)
@pytest.mark.parametrize("strict", [True, False])
def test_the_module_refuses_bad_values_and_leaves_the_file(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch, params: dict[str, Any], message: str, strict: bool
) -> None:
    original = server_xml.read_bytes()
    result, failed = call(monkeypatch, server_xml, strict=strict, **params)
    assert failed, result
    assert message in result["msg"]
    assert server_xml.read_bytes() == original


def test_unlimited_and_properties_stay_allowed(server_xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attributes = {"maxPostSize": -1, "maxSwallowSize": -1, "maxThreads": "${http.threads}", "minSpareThreads": 5}
    result, failed = call(
        monkeypatch, server_xml, connectors=[{"protocol": "http", "port": 8080, "attributes": attributes}]
    )
    assert not failed, result


def _bad_value(name: str) -> int:
    low = NUMERIC_ATTRIBUTES[name][0]
    return low - 2 if low - 1 == -1 else low - 1


@pytest.mark.parametrize("name", sorted(n for n in NUMERIC_ATTRIBUTES if n in known_attributes("http", 11)))
def test_role_and_module_judge_extra_attributes_alike(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Every numeric attribute of the table: the module and the role's validation both refuse a value below it."""
    value = _bad_value(name)
    result, failed = call(monkeypatch, server_xml, connectors=[{"protocol": "http", "attributes": {name: value}}])
    assert failed, (name, result)
    assert f"connectors[0].attributes.{name}" in result["msg"]
    role = validate_settings({"tomcat_version": 11, "tomcat_http_extra_attributes": {name: value}})
    managed = any("set by the role" in e for e in role)
    assert managed or any(f"tomcat_http_extra_attributes.{name}" in e for e in role), role


def test_role_cross_field_check_uses_the_same_rule() -> None:
    errors = validate_settings({"tomcat_max_threads": 10, "tomcat_min_spare_threads": 50})
    assert errors == ["tomcat_max_threads (10) must be >= tomcat_min_spare_threads (50)"]


@pytest.mark.parametrize(
    ("version", "attributes", "unknown"),
    [
        ("7", {"acceptorThreadCount": 2, "compressableMimeType": "text/html"}, None),
        ("8.5", {"compressableMimeType": "text/html", "acceptorThreadCount": 1}, None),
        ("9", {"pollerThreadCount": 2, "portOffset": 0}, None),
        ("10.1", {"useVirtualThreads": True}, None),
        ("11", {"acceptorThreadCount": 2}, "acceptorThreadCount"),
        ("10", {"pollerThreadCount": 2}, "pollerThreadCount"),
        ("7", {"portOffset": 0}, "portOffset"),
        ("9", {"useVirtualThreads": True}, "useVirtualThreads"),
    ],
)
def test_every_supported_version_has_its_own_attributes(
    server_xml: Path, monkeypatch: pytest.MonkeyPatch, version: str, attributes: dict[str, Any], unknown: str | None
) -> None:
    result, failed = call(
        monkeypatch, server_xml, version=version, connectors=[{"protocol": "http", "attributes": attributes}]
    )
    assert failed is (unknown is not None), result
    if unknown:
        assert f"attributes.{unknown}: unknown attribute of the HTTP connector (Tomcat {version})" in result["msg"]
    role = validate_settings({"tomcat_version": version, "tomcat_http_extra_attributes": attributes})
    assert bool(role) is (unknown is not None), role


@pytest.mark.parametrize("version", ["7", "8.5", "9", "10", "10.1", "11"])
def test_the_role_accepts_every_supported_version(version: str) -> None:
    assert validate_settings({"tomcat_version": version}) == []


def test_the_role_refuses_an_unknown_version() -> None:
    assert validate_settings({"tomcat_version": "6"}) == [
        "tomcat_version must be one of 7, 8.5, 9, 10, 10.1, 11, got '6'"
    ]


def test_unset_tuning_values_are_not_judged_and_text_numbers_are() -> None:
    assert validate_settings({"tomcat_max_threads": None, "tomcat_min_spare_threads": 50}) == []
    assert validate_settings({"tomcat_max_threads": "10", "tomcat_min_spare_threads": "50"}) == [
        "tomcat_max_threads (10) must be >= tomcat_min_spare_threads (50)"
    ]
