"""plugins/module_utils/healthops/patching/verify.py: the post-checks of a round."""

from __future__ import annotations

from ansible.module_utils.healthops.patching.verify import failed, listening_ports, port_check, service_check, url_check

# /proc/net/tcp: sshd on 0.0.0.0:22 listening, one established connection from 22, a listener on 127.0.0.1:5432.
TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 2 1 0 100 0 0 10 0
   2: 0A000002:0016 0A000001:D2F0 01 00000000:00000000 02:0004F1A3 00000000     0        0 3 4 0 20 4 28 10 -1
"""
TCP6 = """  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 06 00000000:00000000
"""


def test_listening_ports_of_both_tables() -> None:
    assert listening_ports(TCP, TCP6) == {22, 5432, 8080}


def test_a_port_not_listening_fails() -> None:
    listening = listening_ports(TCP, TCP6)
    assert port_check("tcp/8080", listening)["status"] == "PASS"
    assert port_check(80, listening)["status"] == "FAIL"


def test_services_urls_and_the_failed_list() -> None:
    checks = [
        service_check("ssh", "active"),
        service_check("tomcat9", "failed"),
        url_check("http://127.0.0.1:8080/health", 503, ""),
        url_check("http://127.0.0.1:8081/", None, "Connection refused"),
        url_check("https://app/", 302, ""),
    ]
    assert [c["status"] for c in checks] == ["PASS", "FAIL", "FAIL", "FAIL", "PASS"]
    assert failed(checks) == [
        "patch.service:tomcat9: failed",
        "patch.url:http://127.0.0.1:8080/health: HTTP 503",
        "patch.url:http://127.0.0.1:8081/: Connection refused",
    ]
