"""healthops.tomcat.ports: the ports a server.xml listens on, the listening sockets ss shows (recorded in
the Molecule image), and which of them another process holds (issue 15, class 11: configtest passes
when a port is taken)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.module_utils.healthops.tomcat.ports import listen_ports, parse_ss, port_conflicts
from ansible.module_utils.healthops.tomcat.server_xml import ServerXmlError, decode

FIXTURES = Path(__file__).resolve().parents[4] / "fixtures" / "tomcat"


def server_xml(name: str) -> str:
    return decode((FIXTURES / name).read_bytes())[0]


def test_listen_ports_of_the_stock_file_are_the_shutdown_port_and_every_connector() -> None:
    ports = listen_ports(server_xml("server-10.1.59.xml"))
    assert [(p["port"], p["what"]) for p in ports] == [
        (8005, "shutdown port"),
        (8080, "HTTP connector of Service Catalina"),
    ]


def test_listen_ports_cover_every_service_and_skip_placeholders() -> None:
    # jwala: two Services, HTTPS-only stp and ${jvm.httpPort} ports Tomcat resolves.
    ports = listen_ports(server_xml("server-jwala-two-services.xml"))
    assert all(isinstance(p["port"], int) for p in ports)
    assert {p["what"].rsplit(" ", 1)[-1] for p in ports if p["what"] != "shutdown port"} <= {"stp", "Catalina"}
    text = server_xml("server-10.1.59.xml").replace('port="8080"', 'port="${http.port}"')
    assert [p["port"] for p in listen_ports(text)] == [8005]


def test_a_disabled_shutdown_port_is_not_checked() -> None:
    # Debian's tomcat10 ships <Server port="-1">.
    assert [p["port"] for p in listen_ports(server_xml("server-10.1-debian.xml"))] == [8080]


def test_a_file_that_is_not_well_formed_is_refused() -> None:
    with pytest.raises(ServerXmlError):
        listen_ports(server_xml("server-10.1-debian.xml").replace("</Server>", ""))


def test_recorded_ss_output_without_and_with_owner() -> None:
    plain = parse_ss((FIXTURES / "ss-Hltnp-10.1-port-taken.txt").read_text())
    assert plain == [
        {"port": 8005, "local": "127.0.0.1:8005", "processes": [{"name": "python3", "pid": 9}], "uid": None},
        {"port": 8080, "local": "*:8080", "processes": [], "uid": None},
    ]
    extended = parse_ss((FIXTURES / "ss-Hltnpe-10.1-ajp-port-taken.txt").read_text())
    assert [(s["port"], s["uid"], [p["pid"] for p in s["processes"]]) for s in extended] == [
        (8009, None, [8]),
        (8080, 997, []),
    ]


def test_ss_with_its_header_and_ipv6_addresses() -> None:
    output = (
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
        'LISTEN 0      100    [::ffff:127.0.0.1]:8009 *:* users:(("java",pid=41,fd=50),("java",pid=42,fd=50))\n'
    )
    assert parse_ss(output) == [
        {
            "port": 8009,
            "local": "[::ffff:127.0.0.1]:8009",
            "processes": [{"name": "java", "pid": 41}, {"name": "java", "pid": 42}],
            "uid": None,
        }
    ]


def test_a_port_held_by_another_process_is_a_conflict_naming_it() -> None:
    # Recorded: Tomcat (uid 997, pid 7, its process hidden from ss) on 8080, python3 on the AJP port.
    sockets = parse_ss((FIXTURES / "ss-Hltnpe-10.1-ajp-port-taken.txt").read_text())
    wanted = listen_ports(server_xml("server-10.1-debian.xml")) + [
        {"port": 8009, "address": "127.0.0.1", "what": "AJP connector of Service Catalina"}
    ]
    assert port_conflicts(wanted, sockets, {7}, "tomcat10", {997}) == [
        "port 8009 (AJP connector of Service Catalina) is already held by python3 (pid 8) on 0.0.0.0:8009, not by"
        " tomcat10: Tomcat could not listen on it after the restart"
    ]


def test_ports_this_tomcat_holds_are_no_conflict() -> None:
    sockets = parse_ss('LISTEN 0 100 *:8080 *:* users:(("java",pid=7,fd=45)) uid:997 ino:1 sk:1 <->\n')
    wanted = [{"port": 8080, "address": None, "what": "HTTP connector of Service Catalina"}]
    assert port_conflicts(wanted, sockets, {7}, "tomcat10") == []
    # Another java of the same user is not this Tomcat.
    assert port_conflicts(wanted, sockets, {8}, "tomcat10", {997})


def test_a_socket_ss_cannot_attribute_is_a_conflict_unless_it_is_the_tomcat_users() -> None:
    sockets = parse_ss((FIXTURES / "ss-Hltnp-10.1-port-taken.txt").read_text())
    wanted = [{"port": 8080, "address": None, "what": "HTTP connector of Service Catalina"}]
    # No owner known (ss without -e), or Tomcat not running: nothing proves the socket is Tomcat's.
    assert "a process ss cannot name" in port_conflicts(wanted, sockets, {7}, "tomcat10", {997})[0]
    owned = parse_ss((FIXTURES / "ss-Hltnpe-10.1-ajp-port-taken.txt").read_text())
    assert port_conflicts(wanted, owned, {7}, "tomcat10", {997}) == []
    assert port_conflicts(wanted, owned, set(), "tomcat10", set())
    assert port_conflicts(wanted, owned, {7}, "tomcat10", {0})
