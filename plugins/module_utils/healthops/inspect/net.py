# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: listening ports, interface counters, resolvers, routes, host name.

Pure parsing and evaluation on recorded /proc text. Standard library only, Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import fnmatch
import socket
import struct
from typing import Any, Dict, List, Optional, Set, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.inspect.base import graded_check, new_check, parse_port_spec

__metaclass__ = type

TCP_LISTEN = "0A"
UDP_UNCONNECTED = "07"


def hex_to_ip(text: str) -> str:
    """/proc/net address in host byte order per 32-bit word: ``0100007F`` -> 127.0.0.1, 32 hex digits -> IPv6."""
    raw = bytes.fromhex(text)
    words = [struct.pack("<I", struct.unpack(">I", raw[i : i + 4])[0]) for i in range(0, len(raw), 4)]
    packed = b"".join(words)
    if len(packed) == 4:
        return socket.inet_ntop(socket.AF_INET, packed)
    return socket.inet_ntop(socket.AF_INET6, packed)


def parse_proc_net(text: str, proto: str) -> List[Dict[str, Any]]:
    """/proc/net/{tcp,tcp6,udp,udp6} -> [{proto, ip, port, remote_port, state, inode}]."""
    sockets = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or ":" not in fields[1]:
            continue
        local_ip, local_port = fields[1].split(":")
        remote_port = fields[2].split(":")[1]
        try:
            ip = hex_to_ip(local_ip)
        except (ValueError, OSError):
            continue
        sockets.append(
            {
                "proto": proto,
                "ip": ip,
                "port": int(local_port, 16),
                "remote_port": int(remote_port, 16),
                "state": fields[3].upper(),
                "inode": int(fields[9]) if fields[9].isdigit() else 0,
            }
        )
    return sockets


def listeners(sockets: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """TCP sockets in LISTEN and unconnected UDP sockets; proto is tcp or udp whatever the IP version."""
    result = []
    for sock in sockets:
        proto = "udp" if sock["proto"].startswith("udp") else "tcp"
        if proto == "tcp" and sock["state"] == TCP_LISTEN:
            result.append(dict(sock, proto="tcp"))
        elif proto == "udp" and sock["state"] == UDP_UNCONNECTED and sock["remote_port"] == 0:
            result.append(dict(sock, proto="udp"))
    return result


def is_loopback(ip: str) -> bool:
    return ip.startswith("127.") or ip in ("::1",) or ip.startswith("::ffff:127.")


def _expected(specs: List[Any], allow_range: bool) -> List[Tuple[str, int, int]]:
    return [parse_port_spec(s, allow_range=allow_range) for s in specs]


def eval_expected_ports(found: List[Dict[str, Any]], expected: List[Any]) -> List[Dict[str, Any]]:
    """One ``net.listen:<proto>/<port>`` per expected port; FAIL when nothing listens on it (any address)."""
    checks = []
    for proto, port, _ in _expected(expected, False):
        addrs = sorted({s["ip"] for s in found if s["proto"] == proto and s["port"] == port})
        # The id written out in each call: the report's source tests read a call's id and its detail together.
        if addrs:
            detail = "listening on " + ", ".join(addrs)
            checks.append(new_check("net.listen:%s/%d" % (proto, port), PASS, True, True, "", detail))
        else:
            detail = "nothing listens on %s port %d" % (proto, port)
            checks.append(new_check("net.listen:%s/%d" % (proto, port), FAIL, False, True, "", detail))
    return checks


def eval_unexpected_listeners(
    found: List[Dict[str, Any]],
    expected: List[Any],
    allowed: List[Any],
    ephemeral: Optional[Tuple[int, int]],
    owners: Optional[Dict[int, str]] = None,
) -> Dict[str, Any]:
    """WARN for listeners not on expected_ports or allowed_ports, when either list is set (else INFO).

    Loopback-only listeners are not reachable from the network and are left out; so are unconnected UDP
    sockets in the ephemeral port range (client sockets, e.g. of a resolver). ``owners`` maps a socket
    inode to "pid/name" for the detail.
    """
    ranges = _expected(expected, False) + _expected(allowed, True)
    outside = {}  # type: Dict[Tuple[str, int], Set[str]]
    inodes = {}  # type: Dict[Tuple[str, int], Set[int]]
    for sock in found:
        if is_loopback(sock["ip"]):
            continue
        if sock["proto"] == "udp" and ephemeral and ephemeral[0] <= sock["port"] <= ephemeral[1]:
            continue
        if any(sock["proto"] == p and lo <= sock["port"] <= hi for p, lo, hi in ranges):
            continue
        key = (sock["proto"], sock["port"])
        outside.setdefault(key, set()).add(sock["ip"])
        inodes.setdefault(key, set()).add(sock["inode"])
    items = []
    for key in sorted(outside):
        who = sorted({owners[i] for i in inodes[key] if owners and i in owners})
        items.append("%s/%d%s" % (key[0], key[1], (" (%s)" % ", ".join(who)) if who else ""))
    if not ranges:
        detail = ("listening: " + ", ".join(items)) if items else "no listener outside loopback"
        detail += "; set expected_ports or allowed_ports to grade"
        return new_check("net.unexpected_listeners", INFO, len(items), None, "", detail)
    if items:
        return new_check(
            "net.unexpected_listeners", WARN, len(items), "0", "", "not expected or allowed: " + ", ".join(items)
        )
    return new_check("net.unexpected_listeners", PASS, 0, "0", "", "every listener is expected or allowed")


def unexpected_inodes(
    found: List[Dict[str, Any]], expected: List[Any], allowed: List[Any], ephemeral: Optional[Tuple[int, int]]
) -> Set[int]:
    """Inodes of the sockets eval_unexpected_listeners would name (to look up their owners only when needed)."""
    ranges = _expected(expected, False) + _expected(allowed, True)
    result = set()
    for sock in found:
        if is_loopback(sock["ip"]) or any(sock["proto"] == p and lo <= sock["port"] <= hi for p, lo, hi in ranges):
            continue
        if sock["proto"] == "udp" and ephemeral and ephemeral[0] <= sock["port"] <= ephemeral[1]:
            continue
        result.add(sock["inode"])
    return result


def parse_port_range(text: str) -> Optional[Tuple[int, int]]:
    """/proc/sys/net/ipv4/ip_local_port_range -> (first, last)."""
    fields = text.split()
    if len(fields) != 2:
        return None
    return int(fields[0]), int(fields[1])


NET_DEV_FIELDS = (
    "rx_bytes",
    "rx_packets",
    "rx_errs",
    "rx_drop",
    "rx_fifo",
    "rx_frame",
    "rx_compressed",
    "rx_multicast",
    "tx_bytes",
    "tx_packets",
    "tx_errs",
    "tx_drop",
    "tx_fifo",
    "tx_colls",
    "tx_carrier",
    "tx_compressed",
)


def parse_net_dev(text: str) -> Dict[str, Dict[str, int]]:
    """/proc/net/dev -> {iface: {rx_bytes, ..., rx_errs, rx_drop, ..., tx_errs, tx_drop, ...}}."""
    result = {}
    for line in text.splitlines()[2:]:
        name, sep, rest = line.partition(":")
        if not sep:
            continue
        values = rest.split()
        if len(values) < 16:
            continue
        result[name.strip()] = dict(zip(NET_DEV_FIELDS, (int(v) for v in values)))
    return result


def eval_interfaces(
    counters: Dict[str, Dict[str, int]],
    previous: Optional[Dict[str, Any]],
    same_boot: bool,
    exclude: List[str],
    thresholds: Dict[str, Any],
) -> Tuple[List[Dict[str, Any]], Dict[str, Dict[str, int]]]:
    """Rise of rx/tx errs (net.interface_errors) and drop (net.interface_drops) since the previous run.

    Without a previous sample from this boot the figures are since boot: PASS when zero, else INFO.
    A counter below its previous value (driver reload) counts from zero. Returns (checks, state).
    """
    state = {}
    rises = {"errs": {}, "drop": {}}  # type: Dict[str, Dict[str, int]]
    baseline = not (isinstance(previous, dict) and previous and same_boot)
    for name, values in sorted(counters.items()):
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in exclude):
            continue
        keep = {k: values[k] for k in ("rx_errs", "tx_errs", "rx_drop", "tx_drop")}
        state[name] = keep
        prev = None if baseline else (previous or {}).get(name)
        for kind in ("errs", "drop"):
            total = 0
            for direction in ("rx", "tx"):
                key = "%s_%s" % (direction, kind)
                now_value = keep[key]
                before = prev.get(key) if isinstance(prev, dict) else None
                if not isinstance(before, int) or before > now_value:
                    before = 0
                total += now_value - before
            if total:
                rises[kind][name] = total
    checks = []
    for kind, check_id in (("errs", "net.interface_errors"), ("drop", "net.interface_drops")):
        total = sum(rises[kind].values())
        per_iface = ", ".join("%s +%d" % (n, v) for n, v in sorted(rises[kind].items()))
        label = "errors" if kind == "errs" else "drops"
        if baseline:
            if total == 0:
                checks.append(
                    new_check(check_id, PASS, 0, None, "", "no %s since boot on %d interface(s)" % (label, len(state)))
                )
            else:
                checks.append(new_check(check_id, INFO, total, None, "", "since boot (first sample): " + per_iface))
            continue
        detail = ("since last run: " + per_iface) if total else "no new %s on %d interface(s)" % (label, len(state))
        checks.append(graded_check(check_id, total, thresholds, detail))
    return checks, state


def parse_resolv_conf(text: str) -> Dict[str, List[str]]:
    result = {"nameservers": [], "search": []}  # type: Dict[str, List[str]]
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";", 1)[0].split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            result["nameservers"].append(fields[1])
        elif fields and fields[0] in ("search", "domain"):
            result["search"] = fields[1:]
    return result


def eval_dns(resolv: Optional[Dict[str, List[str]]]) -> Dict[str, Any]:
    if resolv is None:
        return new_check("net.dns_resolvers", WARN, 0, ">=1", "", "/etc/resolv.conf not found")
    servers = resolv["nameservers"]
    if not servers:
        return new_check("net.dns_resolvers", WARN, 0, ">=1", "", "no nameserver in /etc/resolv.conf")
    detail = "nameserver " + ", ".join(servers)
    if any(s.startswith("127.") for s in servers):
        detail += " (local stub resolver)"
    if resolv["search"]:
        detail += "; search " + " ".join(resolv["search"])
    return new_check("net.dns_resolvers", PASS, len(servers), ">=1", "", detail)


def parse_route(text: str) -> List[Dict[str, str]]:
    """/proc/net/route -> default routes [{iface, gateway}]."""
    routes = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[1] == "00000000" and fields[7] == "00000000":
            routes.append({"iface": fields[0], "gateway": hex_to_ip(fields[2])})
    return routes


def parse_ipv6_route(text: str) -> List[str]:
    """/proc/net/ipv6_route -> interfaces holding an IPv6 default route (::/0 with a gateway)."""
    ifaces = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 10 and fields[0] == "0" * 32 and fields[1] == "00" and fields[4] != "0" * 32:
            ifaces.append(fields[9])
    return ifaces


def eval_default_route(routes: List[Dict[str, str]], v6_ifaces: List[str]) -> Dict[str, Any]:
    parts = ["via %s dev %s" % (r["gateway"], r["iface"]) for r in routes]
    parts += ["IPv6 dev %s" % i for i in sorted(set(v6_ifaces))]
    if not parts:
        return new_check(
            "net.default_route", INFO, None, None, "", "no default route (only directly reachable networks)"
        )
    return new_check("net.default_route", INFO, routes[0]["gateway"] if routes else "IPv6", None, "", "; ".join(parts))


def eval_hostname(hostname: str, addresses: Optional[List[str]], error: str = "") -> Dict[str, Any]:
    if addresses:
        detail = "%s -> %s" % (hostname, ", ".join(addresses[:6]))
        if all(is_loopback(a) for a in addresses):
            detail += " (loopback only, from /etc/hosts)"
        return new_check("net.hostname", PASS, True, True, "", detail)
    return new_check(
        "net.hostname", FAIL, False, True, "", "%s does not resolve: %s" % (hostname, error or "no address")
    )
