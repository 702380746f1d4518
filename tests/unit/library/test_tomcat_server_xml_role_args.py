"""The tomcat role's server.xml task, rendered from its defaults and an inventory, run through tomcat_server_xml
on real server.xml files (issue 15): what the operator set deliberately stays unless inventory asks for it.

The task's arguments are templated as Ansible would (role defaults, then vars/main.yml, inventory on top);
fixtures: tests/unit/fixtures/tomcat/SOURCES.md.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.template import trust_as_template
from healthops_testlib import load_library_module
from module_args import run_module
from tomcat_role_templar import role_templar, trusted

module = load_library_module("tomcat_server_xml")
ROOT = Path(__file__).resolve().parents[3]
ROLE = ROOT / "roles" / "tomcat"
FIXTURES = ROOT / "tests" / "unit" / "fixtures" / "tomcat"
STOCK = ["server-7.0.109.xml", "server-8.5.100.xml", "server-9.0.xml", "server-10.1.59.xml", "server-11.0.25.xml"]
OMIT = "__omit_place_holder__"


def role_args(path: Path, **inventory: Any) -> dict[str, Any]:
    """The arguments tasks/server_xml.yml gives the module for ``inventory`` on top of the role's defaults."""
    task = yaml.safe_load((ROLE / "tasks" / "server_xml.yml").read_text())[0]
    raw = task["ansible.legacy.tomcat_server_xml"]
    args = role_templar(**inventory, omit=OMIT).template(trusted(raw))
    args = {k: v for k, v in args.items() if v != OMIT}
    args["path"] = str(path)
    return args


def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str, **inventory: Any) -> tuple[str, str, dict]:
    target = tmp_path / "server.xml"
    shutil.copy(FIXTURES / fixture, target)
    result, failed = run_module(monkeypatch, module.main, role_args(target, **inventory))
    assert not failed, result
    return (FIXTURES / fixture).read_bytes().decode("utf-8"), target.read_bytes().decode("utf-8"), result


def tags(text: str, tag: str, service: str | None = None) -> list[dict[str, str]]:
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314
    scopes = [s for s in root.iter("Service") if service is None or s.get("name") == service]
    return [dict(e.attrib) for s in scopes for e in s.iter(tag)]


def access_logs(text: str, service: str | None = None) -> list[dict[str, str]]:
    return [v for v in tags(text, "Valve", service) if v["className"].endswith("AccessLogValve")]


# ------------------------------------------------------------------ class 1: existing access log valves


@pytest.mark.parametrize("fixture", STOCK)
def test_role_defaults_leave_the_stock_valve_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str
) -> None:
    before, after, _result = run(monkeypatch, tmp_path, fixture)
    assert access_logs(after) == access_logs(before)


def test_inventory_asks_and_only_that_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before, after, _result = run(monkeypatch, tmp_path, "server-10.1.59.xml", tomcat_access_log_max_days=30)
    (valve,) = access_logs(after)
    assert valve == dict(access_logs(before)[0], maxDays="30")


def test_a_second_service_gets_its_own_log_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """jwala's stp Service: its own valve removed (as a site without one would have it), then tuned."""
    text = (FIXTURES / "server-jwala-two-services.xml").read_text()
    start = text.rindex("<Valve", 0, text.index('prefix="jwala_access_log."'))
    fixture = tmp_path / "stp-without-valve.xml"
    fixture.write_text(text[:start] + text[text.index("/>", start) + 2 :])
    target = tmp_path / "server.xml"
    shutil.copy(fixture, target)
    args = role_args(
        target, tomcat_service="stp", tomcat_http_port=8443, tomcat_access_log_prefix="localhost_access_log."
    )
    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    after = target.read_text()
    files = [(v.get("directory"), v.get("prefix")) for v in access_logs(after)]
    assert len(files) == len(set(files)) == 2, files


# ------------------------------------------------------------------ classes 4 and 3: executors, NIO2

POOL = {"tomcat_max_threads": 300, "tomcat_min_spare_threads": 20}
POOL_STOCK = ["server-7.0.109.xml", "server-8.5.100.xml", "server-10.1.59.xml", "server-11.0.25.xml"]


def operator_pool(text: str, name: str = "tomcatThreadPool") -> str:
    """The stock file as its comments suggest: the Executor and "A Connector using the shared thread pool"
    uncommented in place of the plain 8080 connector."""
    for pattern in (
        r"<!--\s*\n\s*(<Executor .*?/>)\s*\n\s*-->",
        r'<!--\s*\n\s*(<Connector executor="tomcatThreadPool".*?/>)\s*\n\s*-->',
    ):
        found = re.search(pattern, text, re.S)
        assert found, pattern
        text = text.replace(found.group(0), found.group(1))
    plain = re.search(r'<Connector port="8080" protocol="HTTP/1.1".*?/>', text, re.S)
    assert plain
    return text.replace(plain.group(0), "").replace('"tomcatThreadPool"', f'"{name}"')


def run_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, **inventory: Any) -> tuple[str, dict]:
    target = tmp_path / "server.xml"
    target.write_text(text)
    result, failed = run_module(monkeypatch, module.main, role_args(target, **inventory))
    assert not failed, result
    return target.read_text(), result


@pytest.mark.parametrize("fixture", POOL_STOCK)
def test_an_existing_executor_keeps_its_name_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str
) -> None:
    text = operator_pool((FIXTURES / fixture).read_text())
    after, result = run_text(monkeypatch, tmp_path, text, tomcat_max_threads=300)
    (pool,) = tags(after, "Executor")
    assert pool["namePrefix"] == "catalina-exec-"
    assert pool["maxThreads"] == "300"
    assert any("namePrefix catalina-exec- left as it is" in k for k in result["left_alone"])


@pytest.mark.parametrize("fixture", POOL_STOCK)
def test_the_executor_the_connector_uses_is_tuned_not_a_new_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str
) -> None:
    text = operator_pool((FIXTURES / fixture).read_text(), name="sitePool")
    after, _result = run_text(monkeypatch, tmp_path, text, tomcat_max_threads=300)
    assert [(p["name"], p["maxThreads"]) for p in tags(after, "Executor")] == [("sitePool", "300")]
    assert {c.get("executor") for c in tags(after, "Connector") if not c.get("SSLEnabled")} == {"sitePool"}


@pytest.mark.parametrize("fixture", STOCK)
def test_use_executor_false_removes_the_reference_and_our_executor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str
) -> None:
    shared, _result = run_text(monkeypatch, tmp_path, (FIXTURES / fixture).read_text())
    assert [p["name"] for p in tags(shared, "Executor")] == ["tomcatThreadPool"]
    own, _result = run_text(monkeypatch, tmp_path, shared, tomcat_use_executor=False, **POOL)
    assert tags(own, "Executor") == []
    (http,) = [c for c in tags(own, "Connector") if c["port"] == "8080"]
    assert "executor" not in http
    assert (http["maxThreads"], http["minSpareThreads"]) == ("300", "20")


@pytest.mark.parametrize("fixture", STOCK)
def test_an_nio2_connector_gets_its_own_pool(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str) -> None:
    text = (
        (FIXTURES / fixture)
        .read_text()
        .replace(
            '<Connector port="8080" protocol="HTTP/1.1"',
            '<Connector port="8080" protocol="org.apache.coyote.http11.Http11Nio2Protocol"',
            1,
        )
    )
    after, result = run_text(monkeypatch, tmp_path, text, **POOL)
    (http,) = [c for c in tags(after, "Connector") if c["port"] == "8080"]
    assert "executor" not in http
    assert (http["maxThreads"], http["minSpareThreads"]) == ("300", "20")
    assert any("NIO2" in k for k in result["left_alone"])


# ------------------------------------------------------------------ class 10: managed values only

CONNECTOR_TUNING = ("acceptCount", "maxConnections", "connectionTimeout", "keepAliveTimeout", "maxKeepAliveRequests",
                    "compression", "compressionMinSize", "compressibleMimeType", "URIEncoding")  # fmt: skip


@pytest.mark.parametrize("fixture", STOCK)
def test_role_defaults_set_no_tuning_value(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str) -> None:
    before, after, _result = run(monkeypatch, tmp_path, fixture)
    for old, new in zip(tags(before, "Connector"), tags(after, "Connector"), strict=True):
        assert {k: new.get(k) for k in CONNECTOR_TUNING} == {k: old.get(k) for k in CONNECTOR_TUNING}


def test_only_what_inventory_sets_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = (FIXTURES / "server-11.0.25.xml").read_text()
    text = text.replace(
        'connectionTimeout="20000"', 'connectionTimeout="20000" keepAliveTimeout="-1" maxConnections="3000"', 1
    )
    after, _result = run_text(monkeypatch, tmp_path, text, tomcat_accept_count=250, tomcat_keep_alive_timeout=None)
    http = next(c for c in tags(after, "Connector") if c["port"] == "8080")
    assert (http["acceptCount"], http["keepAliveTimeout"], http["maxConnections"]) == ("250", "-1", "3000")


# ------------------------------------------------------------------ class 8: HTTPS-only and AJP-only servers


def check_url(**variables: Any) -> str:
    return role_templar(**variables).template(trust_as_template("{{ tomcat_check_url }}"))


def test_an_https_only_service_is_tuned_and_checked_over_https(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """jwala's stp Service has one connector, HTTPS on ${jvm.httpsPort}."""
    target = tmp_path / "server.xml"
    shutil.copy(FIXTURES / "server-jwala-two-services.xml", target)
    args = role_args(target, tomcat_service="stp", tomcat_http_port=8443, tomcat_accept_count=300)
    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    (https,) = tags(target.read_text(), "Connector", "stp")
    assert (https["port"], https["acceptCount"], https["executor"]) == ("${jvm.httpsPort}", "300", "tomcatThreadPool")
    assert result["schemes"] == ["https"]
    url = check_url(tomcat_http_port=8443, __tomcat_server_xml_result=result)
    assert url.strip() == "https://127.0.0.1:8443/"
    assert check_url().strip() == "http://127.0.0.1:8080/"


def test_the_https_check_verifies_the_certificate_unless_opted_out() -> None:
    tasks = yaml.safe_load((ROLE / "tasks" / "restart.yml").read_text())
    (wait,) = [t for t in tasks if "ansible.builtin.uri" in t]
    assert wait["ansible.builtin.uri"]["validate_certs"] == "{{ tomcat_check_validate_certs | bool }}"
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    assert defaults["tomcat_check_validate_certs"] is True


def test_an_ajp_only_service_is_tuned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tomcat 8.5.100's stock file with its HTTP connector removed, as behind an Apache httpd with mod_jk."""
    text = (FIXTURES / "server-8.5.100.xml").read_text()
    plain = re.search(r'<Connector port="8080" protocol="HTTP/1.1".*?/>', text, re.S)
    assert plain
    text = text.replace(plain.group(0), "").replace(
        '    <!--\n    <Connector protocol="AJP/1.3"', '    <Connector protocol="AJP/1.3"', 1
    )
    ajp = re.search(r'(<Connector protocol="AJP/1.3".*?/>)\s*\n\s*-->', text, re.S)
    if ajp:
        text = text.replace(ajp.group(0), ajp.group(1))
    inventory = {"tomcat_http_enabled": False, "tomcat_ajp_enabled": True, "tomcat_accept_count": 300}
    after, _result = run_text(monkeypatch, tmp_path, text, tomcat_version="8.5", **inventory)
    assert [c["acceptCount"] for c in tags(after, "Connector") if "AJP" in c.get("protocol", "")] == ["300"]


# ------------------------------------------------------------------ class 2: placeholders to catalina.properties

PROPERTIES = FIXTURES / "catalina-10.1-debian.properties"


def jwala_with_properties(tmp_path: Path) -> tuple[Path, Path]:
    target, props = tmp_path / "server.xml", tmp_path / "catalina.properties"
    shutil.copy(FIXTURES / "server-jwala-two-services.xml", target)
    shutil.copy(PROPERTIES, props)
    return target, props


def test_placeholder_values_go_to_catalina_properties_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """jwala's Catalina Service: port="${jvm.httpPort}" and "${jvm.ajpPort}" stay; Tomcat gets the values from
    catalina.properties (its other lines byte for byte), shown in --check --diff first, then written once."""
    target, props = jwala_with_properties(tmp_path)
    inventory = {"tomcat_placeholder_properties": True, "tomcat_ajp_enabled": True, "tomcat_ajp_port": 8019}
    args = role_args(target, **inventory)
    assert args["properties_path"].endswith("/catalina.properties")
    args["properties_path"] = str(props)
    server_before = target.read_bytes()

    checked, failed = run_module(monkeypatch, module.main, dict(args, _ansible_check_mode=True, _ansible_diff=True))
    assert not failed, checked
    assert checked["changed"] is True
    assert props.read_bytes() == PROPERTIES.read_bytes()
    assert checked["properties_changes"] == [
        "catalina.properties: add jvm.ajpPort=8019",
        "catalina.properties: add jvm.httpPort=8080",
    ]
    diffs = checked["diff"] if isinstance(checked["diff"], list) else [checked["diff"]]
    assert diffs[-1]["after"] == PROPERTIES.read_text() + "jvm.ajpPort=8019\njvm.httpPort=8080\n"

    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    assert props.read_bytes() == PROPERTIES.read_bytes() + b"jvm.ajpPort=8019\njvm.httpPort=8080\n"
    after = target.read_bytes()
    assert b'port="${jvm.httpPort}"' in after
    assert b'port="${jvm.ajpPort}"' in after
    assert len(after.splitlines()) >= len(server_before.splitlines())
    assert any("jvm.httpPort=8080 goes to catalina.properties" in line for line in result["left_alone"])

    again, failed = run_module(monkeypatch, module.main, args)
    assert not failed, again
    assert again["changed"] is False
    assert again["properties_changes"] == []


def test_without_the_option_placeholders_are_only_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target, props = jwala_with_properties(tmp_path)
    args = role_args(target)
    assert "properties_path" not in args
    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    assert props.read_bytes() == PROPERTIES.read_bytes()
    assert "properties_changes" not in result
    assert any("port ${jvm.httpPort} left as it is (a placeholder" in line for line in result["left_alone"])


def test_a_secret_placeholder_is_never_written_to_catalina_properties(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target, props = jwala_with_properties(tmp_path)
    target.write_text(target.read_text().replace('protocol="AJP/1.3"', 'protocol="AJP/1.3" secret="${ajp.secret}"'))
    args = dict(role_args(target, tomcat_ajp_enabled=True, tomcat_ajp_port=8019), properties_path=str(props))
    args["ajp_secret"] = "rotated-not-shown"
    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    assert b"rotated-not-shown" not in props.read_bytes()
    assert 'secret="${ajp.secret}"' in target.read_text()


# ------------------------------------------------------------------ sweep: every recorded file, a full inventory

# Every tuning value set, AJP on: across all the real files, no existing valve, placeholder or Executor
# name (or namePrefix) may change, since this inventory asks for none of them; a second run changes nothing.
FULL_INVENTORY = {
    "tomcat_max_threads": 300,
    "tomcat_min_spare_threads": 20,
    "tomcat_max_idle_time": 60000,
    "tomcat_accept_count": 150,
    "tomcat_max_connections": 4096,
    "tomcat_connection_timeout": 15000,
    "tomcat_keep_alive_timeout": 10000,
    "tomcat_max_keep_alive_requests": 200,
    "tomcat_compression": "on",
    "tomcat_uri_encoding": "UTF-8",
    "tomcat_ajp_enabled": True,
}
SWEEP = [
    ("server-7.0.109.xml", {"tomcat_version": "7"}),
    ("server-8.5.100.xml", {"tomcat_version": "8.5"}),
    ("server-9.0.xml", {"tomcat_version": "9"}),
    ("server-10.1.59.xml", {"tomcat_version": "10.1"}),
    ("server-11.0.25.xml", {"tomcat_version": "11"}),
    ("server-10.1-debian.xml", {"tomcat_version": "10.1"}),
    (
        "server-9-site-latin1.xml",
        {"tomcat_version": "9", "tomcat_http_port": 8081, "tomcat_host_name": "app.example.internal"},
    ),
    ("server-jwala-two-services.xml", {"tomcat_version": "9"}),
    ("server-jwala-two-services.xml", {"tomcat_version": "9", "tomcat_service": "stp", "tomcat_http_port": 8443}),
]


def deliberate(data: bytes) -> dict[str, Any]:
    """What the site chose: every valve, every placeholder value (by element and attribute), every Executor's
    name and namePrefix."""
    from ansible.module_utils.healthops.tomcat.server_xml import is_placeholder

    root = ET.fromstring(data)  # noqa: S314
    placeholders = sorted(
        (e.tag, k, v)
        for e in root.iter()
        for k, v in e.attrib.items()
        if isinstance(e.tag, str) and is_placeholder(k, v)
    )
    return {
        "valves": [dict(e.attrib) for e in root.iter("Valve")],
        "placeholders": placeholders,
        "executors": [(e.get("name"), e.get("namePrefix")) for e in root.iter("Executor")],
    }


@pytest.mark.parametrize(
    ("fixture", "inventory"), SWEEP, ids=[f"{f}-{i.get('tomcat_service', 'Catalina')}" for f, i in SWEEP]
)
def test_sweep_no_valve_placeholder_or_executor_name_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str, inventory: dict[str, Any]
) -> None:
    target = tmp_path / "server.xml"
    shutil.copy(FIXTURES / fixture, target)
    args = role_args(target, **FULL_INVENTORY, **inventory)
    result, failed = run_module(monkeypatch, module.main, args)
    assert not failed, result
    assert result["changed"], "the full inventory must change something"
    before, after = deliberate((FIXTURES / fixture).read_bytes()), deliberate(target.read_bytes())
    assert [v for v in after["valves"] if v in before["valves"]] == before["valves"]
    added = [v for v in after["valves"] if v not in before["valves"]]
    # A valve is created only where the file has no access log at all (the site file here).
    if added:
        assert not [v for v in before["valves"] if v["className"].endswith("AccessLogValve")]
        assert [v["className"] for v in added] == ["org.apache.catalina.valves.AccessLogValve"]
    assert after["placeholders"] == before["placeholders"]
    assert after["executors"][: len(before["executors"])] == before["executors"]
    again, failed = run_module(monkeypatch, module.main, args)
    assert not failed, again
    assert again["changed"] is False, again["changes"]
