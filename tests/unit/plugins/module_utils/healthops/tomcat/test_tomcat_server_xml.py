"""healthops.tomcat.server_xml: structural edits of server.xml on recorded Tomcat 9 and 10 files.

What a reviewer relies on: comments, attribute order, quoting and unmanaged attributes stay;
the diff holds only the managed attributes; a second run changes nothing.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.tomcat import connectors as tconn
from ansible.module_utils.healthops.tomcat import plan as tp
from ansible.module_utils.healthops.tomcat import server_xml as tx
from healthops_testlib import FIXTURES_DIR

FIXTURES = FIXTURES_DIR / "tomcat"
DEBIAN_10 = FIXTURES / "server-10.1-debian.xml"
UPSTREAM_9 = FIXTURES / "server-9.0.xml"
SITE_9 = FIXTURES / "server-9-site-latin1.xml"


def load(path: Path) -> str:
    return tx.decode(path.read_bytes())[0]


def role_spec(**overrides: Any) -> dict[str, Any]:
    """The spec the tomcat role builds from its defaults (shared executor, AJP off)."""
    spec: dict[str, Any] = {
        "service": "Catalina",
        "executor": {
            "name": "tomcatThreadPool",
            "namePrefix": "tomcat-exec-",
            "maxThreads": 200,
            "minSpareThreads": 25,
            "maxIdleTime": 60000,
        },
        "connectors": [
            {
                "protocol": "http",
                "port": 8080,
                "attributes": {
                    "port": 8080,
                    "executor": "tomcatThreadPool",
                    "maxThreads": None,
                    "minSpareThreads": None,
                    "acceptCount": 100,
                    "maxConnections": 8192,
                    "connectionTimeout": 20000,
                    "keepAliveTimeout": 20000,
                    "compression": "on",
                    "URIEncoding": "UTF-8",
                },
            }
        ],
        "access_log": {"host": "localhost", "attributes": {"pattern": '%h %l %u %t "%r" %s %b %D', "maxDays": 90}},
    }
    spec.update(overrides)
    return spec


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [d[1:].strip() for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d[1:].strip() for d in diff if d.startswith("+") and not d.startswith("+++")]
    return removed, added


def comments(text: str) -> list[str]:
    return re.findall(r"<!--.*?-->", text, re.S)


def connector(text: str, port: str) -> dict[str, str]:
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314
    (found,) = [c.attrib for c in root.iter("Connector") if c.get("port") == port]
    return found


@pytest.mark.parametrize("fixture", [DEBIAN_10, UPSTREAM_9], ids=["tomcat10-debian", "tomcat9-upstream"])
def test_first_tuning_keeps_everything_else(fixture: Path) -> None:
    text = load(fixture)
    new, changes = tp.update(text, role_spec())
    assert comments(new) == comments(text)
    removed, added = changed_lines(text, new)
    # Only the access log pattern is an existing line that changes; the rest is added.
    assert removed == ['pattern="%h %l %u %t &quot;%r&quot; %s %b" />']
    assert 'pattern="%h %l %u %t &quot;%r&quot; %s %b %D"' in added
    assert '<Executor name="tomcatThreadPool"' in added
    assert 'executor="tomcatThreadPool"' in added
    assert 'acceptCount="100"' in added
    http = connector(new, "8080")
    assert http["maxParameterCount"] == "1000"
    assert http["redirectPort"] == "8443"
    assert http["executor"] == "tomcatThreadPool"
    assert "maxThreads" not in http
    assert any(c.startswith("Executor(name=tomcatThreadPool): create") for c in changes)


@pytest.mark.parametrize("fixture", [DEBIAN_10, UPSTREAM_9, SITE_9], ids=["tomcat10", "tomcat9", "site9"])
def test_second_run_changes_nothing(fixture: Path) -> None:
    spec = role_spec()
    if fixture == SITE_9:
        spec["executor"]["name"] = "appPool"
        spec["connectors"][0]["attributes"]["executor"] = "appPool"
        spec["access_log"]["host"] = "app.example.internal"
    once, changes = tp.update(load(fixture), spec)
    assert changes
    twice, again = tp.update(once, spec)
    assert again == []
    assert twice == once


def test_one_changed_value_is_one_changed_line() -> None:
    tuned, _ = tp.update(load(DEBIAN_10), role_spec())
    spec = role_spec()
    spec["executor"]["maxThreads"] = 400
    new, changes = tp.update(tuned, spec)
    assert changes == ["Executor(name=tomcatThreadPool): maxThreads 200 -> 400"]
    assert changed_lines(tuned, new) == (['maxThreads="200"'], ['maxThreads="400"'])


def test_added_attributes_follow_the_tag_layout() -> None:
    text = load(DEBIAN_10)
    new, _ = tp.update(text, role_spec())
    block = new[new.index('<Connector port="8080"') : new.index("/>", new.index('<Connector port="8080"')) + 2]
    lines = block.splitlines()
    # Debian writes one attribute per line aligned under the first, "/>" on its own line: so do the additions.
    assert all(line.startswith(" " * 15) for line in lines[1:])
    assert lines[-1].strip() == "/>"
    assert lines[-2].strip() == 'URIEncoding="UTF-8"'


def test_site_file_latin1_crlf_single_quotes() -> None:
    raw = SITE_9.read_bytes()
    text, encoding = tx.decode(raw)
    assert encoding == "ISO-8859-1"
    spec = {
        "executor": {"name": "appPool", "maxThreads": 400, "minSpareThreads": 20},
        "connectors": [
            {"protocol": "http", "port": 8081, "attributes": {"acceptCount": 200, "URIEncoding": "UTF-8"}},
            {"protocol": "ajp", "port": 8009, "attributes": {"executor": "appPool", "secret": "new-secret"}},
        ],
        "access_log": {"host": "app.example.internal", "attributes": {"pattern": "common", "maxDays": 30}},
    }
    new, changes = tp.update(text, spec)
    assert "\r\n" in new
    assert "\n" not in new.replace("\r\n", "")
    assert "naïve" in new
    assert new.encode(encoding).count(b"\r\n") == raw.count(b"\r\n") + 1  # the new access log valve line
    # Single-quoted values stay single-quoted; unmanaged attributes stay.
    assert "maxThreads='400'" in new
    assert "URIEncoding='UTF-8'" in new
    http = connector(new, "8081")
    assert (http["server"], http["proxyName"], http["maxThreads"]) == ("app", "app.example.internal", "500")
    assert http["acceptCount"] == "200"
    # The TLS connector and the commented-out one are untouched.
    assert connector(new, "8443") == connector(text, "8443")
    assert '<!-- <Connector port="9090" protocol="HTTP/1.1" maxThreads="1"/> old test connector' in new
    ajp = connector(new, "8009")
    assert (ajp["secret"], ajp["packetSize"], ajp["executor"]) == ("new-secret", "65536", "appPool")
    assert "AccessLogValve(host app.example.internal): create" in changes
    assert comments(new) == comments(text)


def test_port_change_moves_the_plain_connector_not_the_tls_one() -> None:
    text = load(SITE_9)
    spec = {"connectors": [{"protocol": "http", "port": 8082, "attributes": {"port": 8082}}]}
    new, changes = tp.update(text, spec)
    assert changes == ["Connector(HTTP, port 8082): port 8081 -> 8082"]
    assert connector(new, "8443")["SSLEnabled"] == "true"
    assert tconn.matched_ports(text, spec) == [8081]


def test_commented_connectors_do_not_count_and_create_adds_one() -> None:
    text = load(DEBIAN_10)
    spec = {"connectors": [{"protocol": "ajp", "port": 8009, "attributes": {"address": "127.0.0.1"}}]}
    with pytest.raises(tx.ServerXmlError, match=r"connectors\[0\]: no AJP connector on port 8009"):
        tp.update(text, spec)
    spec["connectors"][0]["create"] = True
    assert tconn.matched_ports(text, spec) == [None]
    new, changes = tp.update(text, spec)
    assert changes == ["Connector(AJP, port 8009): create"]
    ajp = connector(new, "8009")
    assert ajp == {"port": "8009", "protocol": "AJP/1.3", "address": "127.0.0.1"}
    # Placed right after the HTTP connector, with its indentation.
    assert re.search(r'\n {15}/>\n {4}<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1" />\n', new)


def test_values_are_escaped_and_compared_unescaped() -> None:
    text = load(DEBIAN_10)
    spec = {"access_log": {"attributes": {"pattern": '%h %l %u %t "%r" %s %b'}}}
    new, changes = tp.update(text, spec)
    assert changes == []
    assert new == text
    spec["access_log"]["attributes"]["pattern"] = "%{X-Forwarded-For}i & <%r>"
    new, _ = tp.update(text, spec)
    assert 'pattern="%{X-Forwarded-For}i &amp; &lt;%r>"' in new


def test_null_removes_an_attribute_with_its_separator() -> None:
    text = load(SITE_9)
    spec = {"connectors": [{"protocol": "http", "port": 8081, "attributes": {"maxThreads": None, "server": None}}]}
    new, changes = tp.update(text, spec)
    assert changes == ["Connector(HTTP, port 8081): remove maxThreads", "Connector(HTTP, port 8081): remove server"]
    assert "server" not in connector(new, "8081")
    assert "connectionTimeout='60000' proxyName=" in new


def test_booleans_and_numbers_become_attribute_text() -> None:
    assert tx.attr_text(True) == "true"
    assert tx.attr_text(False) == "false"
    assert tx.attr_text(8080) == "8080"
    assert tx.attr_text(2.0) == "2"
    assert tx.attr_text(None) is None


def test_refuses_files_that_are_not_well_formed() -> None:
    broken = load(DEBIAN_10).replace("</Engine>", "", 1)
    with pytest.raises(tx.ServerXmlError, match=r"well-formed|not closed|unexpected end tag"):
        tp.update(broken, role_spec())


def test_unknown_service_is_named() -> None:
    two = load(DEBIAN_10).replace(
        "</Server>", '<Service name="Other"><Engine name="o" defaultHost="x"/></Service></Server>'
    )
    with pytest.raises(tx.ServerXmlError, match=r"no <Service name='Nope'> \(services: Catalina, Other\)"):
        tp.update(two, role_spec(service="Nope"))


def test_executor_is_created_before_the_first_connector() -> None:
    new, _ = tp.update(load(UPSTREAM_9), role_spec())
    assert new.index("<Executor name=") < new.index('<Connector port="8080"')
    assert new.index("<Executor name=") > new.index('<Service name="Catalina">')


def test_connectors_summary_reads_the_pool_that_applies() -> None:
    summary = {c["port"]: c for c in tconn.connectors_summary(load(SITE_9))}
    assert summary[8081]["executor"] == "appPool"
    assert (summary[8081]["maxThreads"], summary[8081]["thread_prefix"]) == (300, "app-exec-")
    assert summary[8081]["name"] == "http-nio-8081"
    assert summary[8443]["tls"] is True
    assert summary[8009]["name"] == "ajp-nio-127.0.0.1-8009"
    assert (summary[8009]["maxThreads"], summary[8009]["thread_prefix"]) == (200, "ajp-nio-127.0.0.1-8009-exec-")
    debian = tconn.connectors_summary(load(DEBIAN_10))
    assert [(c["name"], c["maxThreads"], c["executor"]) for c in debian] == [("http-nio-8080", 200, None)]


def test_render_element_one_line_or_aligned() -> None:
    assert tx.render_element("Valve", [("a", "1"), ("b", "2")], "  ", "\n") == '<Valve a="1" b="2" />'
    rendered = tx.render_element("Executor", [(k, "1") for k in "abcd"], "    ", "\n")
    assert rendered.splitlines() == [
        '<Executor a="1"',
        '              b="1"',
        '              c="1"',
        '              d="1"',
        "              />",
    ]


# ------------------------------------------------------------------ secrets

# The site file's secrets (AJP secret, keystore password) and the new secret inventory sets: one
# with the characters XML escapes, so the escaped form must be hidden as well.
SITE_SECRETS = ("site-ajp-secret", "changeit")
NEW_SECRET = 'n3w&"vault<secret'


def forms(secret: str) -> list[str]:
    """A secret as it may appear: raw, and XML-escaped for either quote."""
    return [secret, tx.escape(secret), tx.escape(secret, "'")]


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("secret", True),
        ("requiredSecret", True),
        ("SECRET", True),
        ("password", True),
        ("keystorePass", True),
        ("truststorePass", True),
        ("keyPass", True),
        ("certificateKeyPassword", True),
        ("certificateKeystorePassword", True),
        ("connectionPassword", True),
        ("PassPhrase", True),
        ("secretRequired", False),
        ("port", False),
        ("maxThreads", False),
        ("certificateKeystoreFile", False),
    ],
)
def test_one_rule_says_which_attributes_are_secrets(name: str, secret: bool) -> None:
    assert tx.is_secret_name(name) is secret


def test_secrets_are_masked_in_changes_and_diff_old_and_new() -> None:
    text = load(SITE_9)
    spec = {"connectors": [{"protocol": "ajp", "port": 8009, "attributes": {"secret": NEW_SECRET, "packetSize": 8192}}]}
    new, edits = tp.update_edits(text, spec)
    assert tx.escape(NEW_SECRET) in new, "the file itself must hold the new secret"
    before, after = tx.masked_texts(text, edits)
    notes = [e.note for e in edits]
    shown = "\n".join([before, after, *notes])
    for secret in (*SITE_SECRETS, NEW_SECRET):
        for form in forms(secret):
            assert form not in shown, form
    # A reviewer still sees that the secret changes, and everything else as it is.
    assert "Connector(AJP, port 8009): secret ******** -> ******** (changed)" in notes
    assert "Connector(AJP, port 8009): packetSize 65536 -> 8192" in notes
    removed, added = changed_lines(before, after)
    assert removed == ['<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1" secret="********" '
                       'redirectPort="8443" packetSize="65536"/>']  # fmt: skip
    assert added == ['<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1" secret="******** (changed)" '
                     'redirectPort="8443" packetSize="8192"/>']  # fmt: skip
    assert 'certificateKeystorePassword="********"' in before
    assert 'certificateKeystorePassword="********"' in after


def test_unchanged_secret_is_masked_and_shows_no_change() -> None:
    text = load(SITE_9)
    spec = {"connectors": [{"protocol": "ajp", "port": 8009, "attributes": {"secret": "site-ajp-secret"}}]}
    new, edits = tp.update_edits(text, spec)
    assert (new, edits) == (text, [])
    assert "site-ajp-secret" not in tx.mask_text(text)
    assert "changeit" not in tx.mask_text(text)


def test_secrets_of_created_and_extended_elements_are_masked() -> None:
    text = load(DEBIAN_10)
    spec = {
        "connectors": [
            {"protocol": "http", "port": 8080, "attributes": {"keystorePass": NEW_SECRET}},
            {"protocol": "ajp", "port": 8009, "create": True, "attributes": {"address": "127.0.0.1", "secret": "s1"}},
        ]
    }
    new, edits = tp.update_edits(text, spec)
    assert connector(new, "8009")["secret"] == "s1"
    assert connector(new, "8080")["keystorePass"] == NEW_SECRET
    _before, after = tx.masked_texts(text, edits)
    notes = [e.note for e in edits]
    assert notes == ["Connector(HTTP, port 8080): add keystorePass=********", "Connector(AJP, port 8009): create"]
    for form in [*forms(NEW_SECRET), 'secret="s1"']:
        assert form not in after
    assert 'keystorePass="********"' in after
    assert 'secret="********"' in after


def test_a_removed_secret_is_named_not_shown() -> None:
    text = load(SITE_9)
    spec = {"connectors": [{"protocol": "ajp", "port": 8009, "attributes": {"secret": None}}]}
    new, edits = tp.update_edits(text, spec)
    assert "secret=" not in new[new.index('port="8009"') :].split("/>")[0]
    before, after = tx.masked_texts(text, edits)
    assert [e.note for e in edits] == ["Connector(AJP, port 8009): remove secret"]
    assert "site-ajp-secret" not in before + after


def test_connectors_summary_masks_secrets() -> None:
    summary = {c["port"]: c for c in tconn.connectors_summary(load(SITE_9))}
    assert summary[8009]["attributes"]["secret"] == tx.MASK
