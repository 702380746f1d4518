"""healthops.inspect.net: listeners from /proc/net (IPv4 and IPv6), interface counters, resolvers, routes."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import net
from healthops_testlib import FIXTURES_DIR

FIX = FIXTURES_DIR / "inspect"
# /proc/net of the Debian fixture was recorded on a Debian 12 machine with sockets bound on purpose.
DEBIAN = FIX / "hosts" / "debian12" / "root" / "proc" / "net"
ROCKY = FIX / "hosts" / "rocky9" / "root" / "proc" / "net"
TH = hi.resolve_thresholds(None)
EPHEMERAL = (32768, 60999)


def sockets(directory: Path) -> list[dict]:
    result = []
    for name in ("tcp", "tcp6", "udp", "udp6"):
        result.extend(net.parse_proc_net((directory / name).read_text(), name))
    return result


@pytest.mark.parametrize(
    ("hex_ip", "ip"),
    [
        ("0100007F", "127.0.0.1"),
        ("00000000", "0.0.0.0"),  # noqa: S104 - an address parsed, nothing bound
        ("020200C0", "192.0.2.2"),
        ("00000000000000000000000001000000", "::1"),
        ("00000000000000000000000000000000", "::"),
        ("0000000000000000FFFF00000100007F", "::ffff:127.0.0.1"),
        ("B80D0120000000000000000001000000", "2001:db8::1"),
    ],
)
def test_hex_to_ip(hex_ip: str, ip: str) -> None:
    assert net.hex_to_ip(hex_ip) == ip


def test_listeners_from_recorded_proc_net() -> None:
    found = net.listeners(sockets(DEBIAN))
    pairs = {(s["proto"], s["ip"], s["port"]) for s in found}
    assert ("tcp", "0.0.0.0", 22) in pairs  # noqa: S104 - an address parsed, nothing bound
    assert ("tcp", "::", 22) in pairs
    assert ("tcp", "127.0.0.1", 25) in pairs
    assert ("tcp", "::1", 25) in pairs
    assert ("tcp", "::", 5432) in pairs  # dual-stack socket, IPv6 table only
    assert ("tcp", "192.0.2.2", 8080) in pairs
    assert ("udp", "127.0.0.1", 323) in pairs
    assert ("udp", "::1", 323) in pairs
    assert ("udp", "::", 111) in pairs
    # established connections (st 01) and TIME_WAIT (06) are not listeners
    all_socks = sockets(DEBIAN)
    assert any(s["state"] == "01" and s["port"] == 22 for s in all_socks)
    assert not any(s["port"] == 43986 for s in found)  # the client end of the loopback ssh session


def test_expected_ports_pass_on_any_family_and_fail_when_missing() -> None:
    found = net.listeners(sockets(ROCKY))
    checks = net.eval_expected_ports(found, [22, "tcp/1521", "udp/323", "tcp/443"])
    assert [(c["id"], c["status"]) for c in checks] == [
        ("net.listen:tcp/22", "PASS"),
        ("net.listen:tcp/1521", "PASS"),  # IPv6-only listener
        ("net.listen:udp/323", "PASS"),  # loopback is enough for an expected port
        ("net.listen:tcp/443", "FAIL"),
    ]
    assert checks[0]["detail"] == "listening on 0.0.0.0, ::"
    assert checks[1]["detail"] == "listening on ::"


def test_unexpected_listeners_warn_with_owners() -> None:
    found = net.listeners(sockets(ROCKY))
    owners = {19876: "2300/rpcbind", 19870: "2300/rpcbind"}
    check = net.eval_unexpected_listeners(found, [22, "tcp/1521"], ["udp/323"], EPHEMERAL, owners)
    assert check["status"] == "WARN"
    assert check["value"] == 2
    assert check["detail"] == "not expected or allowed: tcp/111 (2300/rpcbind), udp/111 (2300/rpcbind)"
    # loopback-only tcp/25 and the ephemeral UDP client socket are never unexpected
    assert net.unexpected_inodes(found, [22, "tcp/1521"], ["udp/323"], EPHEMERAL) == {19876, 19870}


def test_unexpected_listeners_ranges_and_pass() -> None:
    found = net.listeners(sockets(ROCKY))
    check = net.eval_unexpected_listeners(found, [22, "tcp/1521"], ["tcp/100-200", "udp/111"], EPHEMERAL)
    assert check["status"] == "PASS"
    assert check["value"] == 0


def test_unexpected_listeners_info_without_lists() -> None:
    check = net.eval_unexpected_listeners(net.listeners(sockets(ROCKY)), [], [], EPHEMERAL)
    assert check["status"] == "INFO"
    assert check["value"] == 4
    assert check["detail"].startswith("listening: tcp/22, tcp/111, tcp/1521, udp/111;")


def test_unexpected_udp_in_ephemeral_range_counts_without_a_range() -> None:
    found = net.listeners(sockets(ROCKY))
    check = net.eval_unexpected_listeners(found, [22, "tcp/1521", "tcp/111", "udp/111"], [], None)
    assert check["status"] == "WARN"
    assert check["detail"] == "not expected or allowed: udp/46426"


def test_parse_net_dev() -> None:
    counters = net.parse_net_dev((ROCKY / "dev").read_text())
    assert set(counters) == {"lo", "ens192", "ens224"}
    assert counters["ens192"]["rx_errs"] == 12
    assert counters["ens192"]["rx_drop"] == 310
    assert counters["ens192"]["tx_bytes"] == 55123987123


def test_interfaces_first_run_is_since_boot() -> None:
    counters = net.parse_net_dev((ROCKY / "dev").read_text())
    checks, state = net.eval_interfaces(counters, None, False, ["lo"], TH)
    errors, drops = checks
    assert errors["status"] == "INFO"
    assert errors["value"] == 12
    assert errors["detail"] == "since boot (first sample): ens192 +12"
    assert drops["status"] == "INFO"
    assert drops["value"] == 310
    assert set(state) == {"ens192", "ens224"}
    assert state["ens192"] == {"rx_errs": 12, "tx_errs": 0, "rx_drop": 310, "tx_drop": 0}


def test_interfaces_clean_first_run_passes() -> None:
    counters = net.parse_net_dev((DEBIAN / "dev").read_text())
    checks, _ = net.eval_interfaces(counters, None, False, hi.DEFAULT_INTERFACES_EXCLUDE, TH)
    assert [c["status"] for c in checks] == ["PASS", "PASS"]


def test_interfaces_rise_since_last_run_warns() -> None:
    counters = net.parse_net_dev((ROCKY / "dev").read_text())
    prev = {"ens192": {"rx_errs": 10, "tx_errs": 0, "rx_drop": 300, "tx_drop": 0}, "ens224": {"rx_errs": 0}}
    errors, drops = net.eval_interfaces(counters, prev, True, ["lo"], TH)[0]
    assert errors["status"] == "WARN"
    assert errors["value"] == 2
    assert errors["detail"] == "since last run: ens192 +2"
    assert drops["status"] == "PASS"
    assert drops["value"] == 10


def test_interfaces_no_rise_and_counter_reset() -> None:
    counters = net.parse_net_dev((ROCKY / "dev").read_text())
    same = {"ens192": {"rx_errs": 12, "tx_errs": 0, "rx_drop": 310, "tx_drop": 0}}
    errors, _ = net.eval_interfaces(counters, same, True, ["lo"], TH)[0]
    assert errors["status"] == "PASS"
    assert errors["value"] == 0
    reset = {"ens192": {"rx_errs": 500, "tx_errs": 0, "rx_drop": 9999, "tx_drop": 0}}  # driver reloaded
    errors, drops = net.eval_interfaces(counters, reset, True, ["lo"], TH)[0]
    assert errors["value"] == 12
    assert drops["value"] == 310
    assert drops["status"] == "WARN"


def test_interfaces_after_reboot_compare_with_boot() -> None:
    counters = net.parse_net_dev((ROCKY / "dev").read_text())
    prev = {"ens192": {"rx_errs": 12, "tx_errs": 0, "rx_drop": 310, "tx_drop": 0}}
    errors, _ = net.eval_interfaces(counters, prev, False, ["lo"], TH)[0]
    assert errors["status"] == "INFO"
    assert "since boot" in errors["detail"]


def test_resolv_conf() -> None:
    resolv = net.parse_resolv_conf((FIX / "hosts/debian12/root/etc/resolv.conf").read_text())
    assert resolv == {"nameservers": ["10.20.0.53", "10.20.0.54"], "search": ["app.example.org"]}
    check = net.eval_dns(resolv)
    assert check["status"] == "PASS"
    assert check["value"] == 2
    assert net.eval_dns({"nameservers": [], "search": []})["status"] == "WARN"
    assert net.eval_dns(None)["status"] == "WARN"
    stub = net.eval_dns(net.parse_resolv_conf("nameserver 127.0.0.53\noptions edns0 trust-ad\n"))
    assert "local stub resolver" in stub["detail"]


def test_default_routes() -> None:
    routes = net.parse_route((DEBIAN / "route").read_text())
    assert routes == [{"iface": "eth0", "gateway": "192.0.2.1"}]
    v6 = net.parse_ipv6_route((DEBIAN / "ipv6_route").read_text())
    assert v6 == ["eth0"]  # the lo 'unreachable' default has no next hop
    check = net.eval_default_route(routes, v6)
    assert check["status"] == "INFO"
    assert check["detail"] == "via 192.0.2.1 dev eth0; IPv6 dev eth0"
    assert net.eval_default_route([], [])["value"] is None


def test_hostname_resolution() -> None:
    assert net.eval_hostname("db01", ["10.30.20.11"])["status"] == "PASS"
    loop = net.eval_hostname("vm", ["127.0.1.1"])
    assert loop["status"] == "PASS"
    assert "loopback only" in loop["detail"]
    failed = net.eval_hostname("db01", [], "[Errno -2] Name or service not known")
    assert failed["status"] == "FAIL"
    assert failed["detail"] == "db01 does not resolve: [Errno -2] Name or service not known"


def test_port_range() -> None:
    assert net.parse_port_range("32768\t60999\n") == (32768, 60999)
    assert net.parse_port_range("") is None
