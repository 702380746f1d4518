"""healthops.tomcat.plan and .connectors on real server.xml files (issue 15): what the operator set stays.

Fixtures (tests/unit/fixtures/tomcat/SOURCES.md): the stock conf/server.xml of Tomcat 7.0 to 11.0 and jwala's
two-Service file with ``${jvm.httpPort}`` ports. Where a test needs a variant an operator would write (a
placeholder, an Executor of their own, an NIO2 connector), it makes that one substitution on a stock file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.tomcat import connectors as tconn
from ansible.module_utils.healthops.tomcat import plan as tp
from ansible.module_utils.healthops.tomcat import server_xml as tx
from ansible.module_utils.healthops.tomcat.checks import eval_threads
from healthops_testlib import FIXTURES_DIR

FIXTURES = FIXTURES_DIR / "tomcat"
STOCK = {v: FIXTURES / f"server-{v}.xml" for v in ("7.0.109", "8.5.100", "10.1.59", "11.0.25")}
STOCK["9.0.74"] = FIXTURES / "server-9.0.xml"
JWALA = FIXTURES / "server-jwala-two-services.xml"
PLAIN_8080 = '<Connector port="8080" protocol="HTTP/1.1"'
THRESHOLDS = {"resource_limit": {"warn": 80, "fail": 95, "unit": "%"}}


def load(path: Path) -> str:
    return tx.decode(path.read_bytes())[0]


def swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def http(port: int = 8080, **attributes: Any) -> dict[str, Any]:
    return {"protocol": "http", "port": port, "attributes": dict({"port": port}, **attributes)}


def role_spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "service": "Catalina",
        "executor": {
            "name": "tomcatThreadPool",
            "namePrefix": "tomcat-exec-",
            "maxThreads": 300,
            "minSpareThreads": 25,
        },
        "connectors": [http(executor="tomcatThreadPool", maxThreads=None, minSpareThreads=None, acceptCount=200)],
        "access_log": None,
    }
    spec.update(overrides)
    return spec


def elements(text: str, tag: str) -> list[dict[str, str]]:
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314
    return [e.attrib for e in root.iter(tag)]


# ------------------------------------------------------------------ class 2: placeholders


def test_property_ports_stay_and_are_reported() -> None:
    text = load(JWALA)
    spec = role_spec(connectors=[http(acceptCount=200), {"protocol": "ajp", "port": 8009, "create": True}])
    new, edits, kept = tp.update_plan(text, spec)
    (service,) = [s for s in ET.fromstring(new.encode()).iter("Service") if s.get("name") == "Catalina"]  # noqa: S314
    catalina = [c.attrib for c in service.iter("Connector")]
    assert [c["port"] for c in catalina] == ["${jvm.httpPort}", "${jvm.ajpPort}"]
    assert catalina[0]["redirectPort"] == "${jvm.httpsPort}"
    assert catalina[0]["acceptCount"] == "200"
    assert "Connector(HTTP, port 8080): port ${jvm.httpPort} left as it is (a placeholder; inventory: 8080)" in kept
    assert not any("port" in e.note and "->" in e.note for e in edits)


@pytest.mark.parametrize("version", sorted(STOCK))
def test_template_tokens_and_property_thread_counts_stay(version: str) -> None:
    text = swap(
        load(STOCK[version]),
        '<Connector port="8080" protocol="HTTP/1.1"\n               connectionTimeout="20000"',
        '<Connector port="START_PORT_PLACEHOLDER" protocol="HTTP/1.1"\n               maxThreads="${maxThreads}"',
    )
    new, _edits, kept = tp.update_plan(text, role_spec())
    (plain,) = [c for c in elements(new, "Connector") if c.get("executor") == "tomcatThreadPool"]
    assert plain["port"] == "START_PORT_PLACEHOLDER"
    assert plain["maxThreads"] == "${maxThreads}"
    assert any("maxThreads ${maxThreads} left as it is" in k for k in kept), kept
    assert tp.update_plan(new, role_spec())[1] == []


# ------------------------------------------------------------------ class 7: the probe reads what is there


def test_probe_does_not_guess_a_property_thread_count() -> None:
    text = swap(load(STOCK["10.1.59"]), PLAIN_8080, PLAIN_8080 + ' maxThreads="${maxThreads}"')
    (conn,) = tconn.connectors_summary(text)
    assert conn["maxThreads"] is None
    assert conn["placeholders"] == {"maxThreads": "${maxThreads}"}
    (check,) = eval_threads([conn], None, ["http-nio-8080-exec-1"], THRESHOLDS)
    assert check["status"] == "INFO"
    assert "${maxThreads}" in check["detail"]


def test_probe_reads_every_service() -> None:
    summary = tconn.connectors_summary(load(JWALA))
    assert [(c["service"], c["family"], c["port"], c["tls"]) for c in summary] == [
        ("stp", "http", "${jvm.httpsPort}", True),
        ("Catalina", "http", "${jvm.httpPort}", False),
        ("Catalina", "ajp", "${jvm.ajpPort}", False),
    ]


def test_probe_refuses_a_file_that_is_not_well_formed() -> None:
    broken = swap(load(STOCK["11.0.25"]), "</Service>", "</Servce>")
    with pytest.raises(tx.ServerXmlError):
        tconn.connectors_summary(broken)
    # The editor's tokenizer reads this; Tomcat's parser (and ours) refuses the bare "&".
    ampersand = swap(load(STOCK["11.0.25"]), PLAIN_8080, PLAIN_8080 + ' server="A & B"')
    with pytest.raises(tx.ServerXmlError, match="well-formed"):
        tconn.connectors_summary(ampersand)


# ------------------------------------------------------------------ class 1: existing access log valves

NEW_VALVE = {
    "directory": "logs",
    "prefix": "localhost_access_log",
    "suffix": ".txt",
    "pattern": '%h %l %u %t "%r" %s %b %D',
    "rotatable": True,
    "maxDays": 90,
}


def log_spec(**attributes: Any) -> dict[str, Any]:
    return {"host": "localhost", "attributes": attributes, "create_attributes": NEW_VALVE, "create": True}


def valves(text: str) -> list[dict[str, str]]:
    return [v for v in elements(text, "Valve") if v["className"].endswith("AccessLogValve")]


@pytest.mark.parametrize("version", sorted(STOCK))
def test_an_existing_valve_keeps_what_the_site_set(version: str) -> None:
    text = load(STOCK[version])
    new, edits, _kept = tp.update_plan(text, role_spec(access_log=log_spec()))
    assert valves(new) == valves(text)
    assert not [e for e in edits if "AccessLogValve" in e.note]
    asked, _edits, _kept = tp.update_plan(text, role_spec(access_log=log_spec(maxDays=30)))
    (valve,) = valves(asked)
    assert valve == dict(valves(text)[0], maxDays="30")


def test_a_valve_in_a_context_is_not_doubled_on_the_host() -> None:
    stock = load(STOCK["10.1.59"])
    host_valve = stock[stock.index('        <Valve className="org.apache.catalina.valves.AccessLogValve"') :]
    block = host_valve[: host_valve.index("/>") + 2]
    text = swap(
        stock, block, '<Context path="/app" docBase="app">\n          ' + block.strip() + "\n        </Context>"
    )
    new, _edits, _kept = tp.update_plan(text, role_spec(access_log=log_spec(maxDays=30)))
    (valve,) = valves(new)
    assert valve["maxDays"] == "30"
    assert valve["directory"] == "logs"


def test_a_second_service_never_writes_the_first_services_files() -> None:
    text = load(JWALA)
    start = text.rindex("<Valve", 0, text.index('prefix="jwala_access_log."'))
    end = text.index("/>", start) + 2
    text = text[:start] + text[end:]
    create = dict(NEW_VALVE, prefix="localhost_access_log.")
    spec = role_spec(service="stp", connectors=[], executor=None)
    spec["access_log"] = {"host": "localhost", "attributes": {}, "create_attributes": create, "create": True}
    new, _edits, _kept = tp.update_plan(text, spec)
    files = [(v["directory"], v["prefix"]) for v in valves(new)]
    assert len(files) == len(set(files)) == 2
    assert ("logs", "stp_localhost_access_log.") in files


# ------------------------------------------------------------------ class 5: a DOCTYPE with external entities

# The prolog the Chef tomcat cookbook writes (its README) and Tomcat loads: the connectors of a site kept in an
# included file. Nothing is fetched: the reference is skipped, so a secret file or URL is never read.
ENTITY_PROLOG = (
    '<!DOCTYPE server-xml [\n  <!ENTITY connector-http-9080 SYSTEM "connector-http-9080.xml">\n'
    '  <!ENTITY remote SYSTEM "http://127.0.0.1:9/never-fetched.xml">\n]>\n'
)


def with_entities(text: str) -> str:
    text = swap(
        text, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n' + ENTITY_PROLOG
    )
    return swap(
        text,
        '    <Engine name="Catalina" defaultHost="localhost">',
        '    &connector-http-9080;\n    &remote;\n    <Engine name="Catalina" defaultHost="localhost">',
    )


@pytest.mark.parametrize("version", ["10.1.59", "11.0.25"])
def test_a_doctype_with_external_entities_is_tuned_not_refused(version: str) -> None:
    text = with_entities(load(STOCK[version]))
    new, edits, _kept = tp.update_plan(text, role_spec())
    assert new.startswith('<?xml version="1.0" encoding="UTF-8"?>\n' + ENTITY_PROLOG)
    assert "&connector-http-9080;" in new
    assert any("acceptCount" in e.note for e in edits)
    assert [c["port"] for c in tconn.connectors_summary(new)] == [8080]
    assert tx.external_entities(new) == ["connector-http-9080.xml", "http://127.0.0.1:9/never-fetched.xml"]


def test_an_internal_entity_is_refused_before_it_can_expand() -> None:
    laughs = '<!DOCTYPE server-xml [\n  <!ENTITY lol "lol">\n  <!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n'
    text = swap(load(STOCK["11.0.25"]), "<Server ", laughs + "<Server ")
    with pytest.raises(tx.ServerXmlError, match="internal entity"):
        tp.update_plan(text, role_spec())


# ------------------------------------------------------------------ class 11: line endings, backups


def test_new_lines_follow_the_files_dominant_line_ending() -> None:
    """Tomcat 11.0.25's LF file whose first line an editor saved with CRLF: created lines stay LF."""
    text = load(STOCK["11.0.25"])
    text = text.replace("\n", "\r\n", 1)
    new, _edits, _kept = tp.update_plan(text, role_spec())
    assert new.count("\r\n") == 1
    crlf = load(JWALA)  # jwala's file is CRLF throughout
    new, _edits, _kept = tp.update_plan(crlf, role_spec())
    assert "\n" not in new.replace("\r\n", "")


def test_old_backups_beyond_the_kept_number() -> None:
    names = [
        "server.xml",
        "server.xml.311.2026-01-02@08:30:00~",
        "server.xml.77.2025-12-30@23:59:59~",
        "server.xml.4242.2026-03-01@00:00:01~",
        "server.xml.bak",
        "context.xml.12.2020-01-01@00:00:00~",
    ]
    assert tp.old_backups(names, "server.xml", 1) == [
        "server.xml.77.2025-12-30@23:59:59~",
        "server.xml.311.2026-01-02@08:30:00~",
    ]
    assert tp.old_backups(names, "server.xml", 5) == []
