"""healthops.certs.discover: TLS endpoints and certificate files read from nginx and Tomcat configuration.

Fixtures: Debian 12's nginx configuration and Tomcat's server.xml, as shipped (tests/unit/fixtures/certs/SOURCES.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils.healthops.certs import discover
from healthops_testlib import REPO

FIXTURES = REPO / "tests" / "unit" / "fixtures"
NGINX = (FIXTURES / "certs" / "nginx-1.22-debian.conf").read_text()
SITE = (FIXTURES / "certs" / "nginx-1.22-debian-site-default").read_text()
SNAKEOIL = (FIXTURES / "certs" / "nginx-1.22-debian-snakeoil.conf").read_text()
TOMCAT = (FIXTURES / "tomcat" / "server-10.1-debian.xml").read_text()
SNAKEOIL_PEM = "/etc/ssl/certs/ssl-cert-snakeoil.pem"


def reader(files: dict[str, str]) -> Any:
    """An include reader over a dict of path -> text, with nginx's prefix /etc/nginx."""
    asked: list[str] = []

    def include(pattern: str) -> list[tuple[str, str]]:
        asked.append(pattern)
        full = pattern if pattern.startswith("/") else "/etc/nginx/" + pattern
        prefix = full.rstrip("*")
        return [(p, t) for p, t in sorted(files.items()) if p == full or (full.endswith("*") and p.startswith(prefix))]

    include.asked = asked  # type: ignore[attr-defined]
    return include


def ssl_site() -> str:
    """The Debian default site with TLS enabled as its comments say."""
    text = SITE.replace("\t# listen 443 ssl default_server;", "\tlisten 443 ssl default_server;")
    text = text.replace("\t# listen [::]:443 ssl default_server;", "\tlisten [::]:443 ssl default_server;")
    text = text.replace("\t# include snippets/snakeoil.conf;", "\tinclude snippets/snakeoil.conf;")
    assert text.count("listen 443 ssl") == 1  # the fixture has the lines this test relies on
    return text


def test_debian_defaults_serve_no_tls_and_every_include_is_read() -> None:
    include = reader({"/etc/nginx/sites-enabled/default": SITE})
    assert discover.nginx_servers(NGINX, include) == []
    assert include.asked == [  # type: ignore[attr-defined]
        "/etc/nginx/modules-enabled/*.conf",
        "/etc/nginx/mime.types",
        "/etc/nginx/conf.d/*.conf",
        "/etc/nginx/sites-enabled/*",
    ]


def test_the_debian_site_with_tls_enabled_takes_its_certificate_from_the_snippet() -> None:
    include = reader({"/etc/nginx/sites-enabled/default": ssl_site(), "/etc/nginx/snippets/snakeoil.conf": SNAKEOIL})
    servers = discover.nginx_servers(NGINX, include)
    assert [(s["port"], s["listen"]) for s in servers] == [(443, ""), (443, "::")]
    assert all(s["certificates"] == [SNAKEOIL_PEM] for s in servers)
    assert all(s["server_name"] is None for s in servers)  # "server_name _" names nothing


def test_certificates_are_inherited_overridden_and_variables_left_out() -> None:
    text = """
    http {
        ssl_certificate /etc/tls/default.pem;   # for every server below
        server { listen 443 ssl; server_name a.example "b.example"; }
        server { listen 10.0.0.5:8443 ssl http2; server_name *.wild.example; ssl_certificate /etc/tls/c.pem;
                 ssl_certificate /etc/tls/c-ecdsa.pem; }
        server { listen 443; ssl on; server_name old.example; }
        server { listen 80; server_name plain.example; }
        server { listen unix:/run/app.sock ssl; listen 443 quic; server_name sock.example; }
        server { listen 9443 ssl; ssl_certificate /etc/tls/$ssl_server_name.pem; server_name "x#y.example"; }
    }
    stream { server { listen 6514 ssl; ssl_certificate /etc/tls/syslog.pem; } }
    """
    servers = discover.nginx_servers(text)
    found = [(s["port"], s["listen"], s["server_names"], s["server_name"], s["certificates"]) for s in servers]
    assert found == [
        (443, "", ["a.example", "b.example"], "a.example", ["/etc/tls/default.pem"]),
        (8443, "10.0.0.5", ["*.wild.example"], None, ["/etc/tls/c.pem", "/etc/tls/c-ecdsa.pem"]),
        (443, "", ["old.example"], "old.example", ["/etc/tls/default.pem"]),
        (9443, "", ["x#y.example"], "x#y.example", []),
        (6514, "", [], None, ["/etc/tls/syslog.pem"]),
    ]


def test_pem_certificates_never_returns_a_key() -> None:
    text = (
        "-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBg==\n-----END PRIVATE KEY-----\n"
        "-----BEGIN CERTIFICATE-----\nMIIBAAAA\nBBBB==\n-----END CERTIFICATE-----\n"
        "junk\n-----BEGIN CERTIFICATE-----\r\nCCCC\r\n-----END CERTIFICATE-----"
    )
    found = discover.pem_certificates(text)
    assert len(found) == 2
    assert not [c for c in found if "PRIVATE" in c or "MIIBVgIBADANBg" in c]
    assert found[0].startswith("-----BEGIN CERTIFICATE-----")
    assert found[0].endswith("-----END CERTIFICATE-----\n")


def test_tomcats_shipped_server_xml_has_no_tls_connector() -> None:
    # its TLS connector is in a comment, as Debian and Apache ship it
    assert discover.tomcat_connectors(TOMCAT, "/var/lib/tomcat10") == []


def test_the_shipped_connector_uncommented_names_its_keystore_under_catalina_base() -> None:
    start = TOMCAT.index('<Connector port="8443"')
    opening = TOMCAT.rindex("<!--", 0, start)
    closing = TOMCAT.index("-->", start)
    text = TOMCAT[:opening] + TOMCAT[opening + 4 : closing] + TOMCAT[closing + 3 :]
    found = discover.tomcat_connectors(text, "/var/lib/tomcat10")
    assert found == [
        {
            "port": 8443,
            "listen": "",
            "hosts": [
                {
                    "host_name": None,
                    "certificate": None,
                    "chain": None,
                    "keystore": "/var/lib/tomcat10/conf/localhost-rsa.jks",
                }
            ],
        }
    ]


# Written from Tomcat 10.1's SSL/TLS documentation: PEM files, two host names by SNI, and the 8.5 style.
PEM_SERVER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1" redirectPort="8443"/>
    <Connector port="8443" address="10.0.0.21" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true"
               defaultSSLHostConfigName="yw.example">
      <SSLHostConfig hostName="yw.example">
        <Certificate certificateFile="conf/yw.crt" certificateKeyFile="conf/yw.key"
                     certificateChainFile="${catalina.base}/conf/chain.pem" type="RSA"/>
      </SSLHostConfig>
      <SSLHostConfig hostName="api.example">
        <Certificate certificateFile="/etc/pki/tls/api.pem" type="EC"/>
      </SSLHostConfig>
    </Connector>
    <Connector port="9443" SSLEnabled="true" SSLCertificateFile="${catalina.base}/conf/old.pem"
               SSLCertificateChainFile="conf/old-chain.pem"/>
    <Connector port="${https.port}" SSLEnabled="true"/>
  </Service>
</Server>
"""


def test_pem_connectors_each_host_name_and_the_legacy_attributes() -> None:
    found = discover.tomcat_connectors(PEM_SERVER_XML, "/opt/tomcat")
    assert [(c["port"], c["listen"]) for c in found] == [(8443, "10.0.0.21"), (9443, "")]
    assert found[0]["hosts"] == [
        {
            "host_name": "yw.example",
            "certificate": "/opt/tomcat/conf/yw.crt",
            "chain": "/opt/tomcat/conf/chain.pem",
            "keystore": None,
        },
        {"host_name": "api.example", "certificate": "/etc/pki/tls/api.pem", "chain": None, "keystore": None},
    ]
    assert found[1]["hosts"] == [
        {
            "host_name": None,
            "certificate": "/opt/tomcat/conf/old.pem",
            "chain": "/opt/tomcat/conf/old-chain.pem",
            "keystore": None,
        }
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<!DOCTYPE s [<!ENTITY a "aaaa">]><Server>&a;</Server>', "entity declarations"),
        ("<Server><Service></Server>", "not well-formed"),
    ],
)
def test_a_server_xml_that_cannot_be_read_safely_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        discover.tomcat_connectors(text, "/opt/tomcat")
