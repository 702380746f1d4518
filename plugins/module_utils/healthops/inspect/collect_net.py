# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: the network probe (listeners, interfaces, DNS, routes, host name) through a HostIO."""

from __future__ import absolute_import, division, print_function

from ansible.module_utils.healthops.inspect.base import (
    DEFAULT_INTERFACES_EXCLUDE,
    is_skipped,
    wants,
)
from ansible.module_utils.healthops.inspect.net import (
    eval_default_route,
    eval_dns,
    eval_expected_ports,
    eval_hostname,
    eval_interfaces,
    eval_unexpected_listeners,
    listeners,
    parse_ipv6_route,
    parse_net_dev,
    parse_port_range,
    parse_proc_net,
    parse_resolv_conf,
    parse_route,
    unexpected_inodes,
)

__metaclass__ = type


def network(run):
    checks = []
    socks = []
    for name in ("tcp", "tcp6", "udp", "udp6"):
        text = run.read("/proc/net/" + name)
        if text is not None:
            socks.extend(parse_proc_net(text, name))
    found = listeners(socks)
    expected = run.p.get("expected_ports") or []
    allowed = run.p.get("allowed_ports") or []
    checks.extend(eval_expected_ports(found, expected))
    if not is_skipped("net.unexpected_listeners", run.skip):
        ephemeral = parse_port_range(run.read("/proc/sys/net/ipv4/ip_local_port_range") or "")
        owners = None
        if expected or allowed:
            inodes = unexpected_inodes(found, expected, allowed, ephemeral)
            owners = run.io.socket_owners(inodes) if inodes else {}
        checks.append(eval_unexpected_listeners(found, expected, allowed, ephemeral, owners))
    if wants(["net.interface_errors", "net.interface_drops"], run.skip):
        prev_boot = run.prev.get("boot_id")
        same_boot = bool(prev_boot) and prev_boot == run.state["boot_id"]
        excluded = run.p.get("interfaces_exclude")
        iface_checks, run.state["interfaces"] = eval_interfaces(
            parse_net_dev(run.io.read("/proc/net/dev")),
            run.prev_part("interfaces"),
            same_boot,
            excluded if excluded is not None else DEFAULT_INTERFACES_EXCLUDE,
            run.th,
        )
        checks.extend(iface_checks)
    resolv = run.read("/etc/resolv.conf")
    checks.append(eval_dns(parse_resolv_conf(resolv) if resolv is not None else None))
    routes = parse_route(run.read("/proc/net/route") or "")
    v6 = parse_ipv6_route(run.read("/proc/net/ipv6_route") or "")
    run.default_ifaces = [r["iface"] for r in routes]
    checks.append(eval_default_route(routes, v6))
    if not is_skipped("net.hostname", run.skip):
        name = run.io.hostname()
        addrs, canon, error = run.io.resolve(name, run.timeout)
        run.canonical_name = canon
        checks.append(eval_hostname(name, addrs, error))
    return checks
