# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Post-checks after a patch round: services, listening ports, HTTP health URLs (pure; Python >= 3.6)."""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Optional, Set

from ansible.module_utils.healthops.common.result import FAIL, PASS, make_check

__metaclass__ = type

LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp's st column


def listening_ports(*tables: str) -> Set[int]:
    """/proc/net/tcp and tcp6 texts -> the local ports in LISTEN state."""
    ports = set()
    for text in tables:
        for line in text.splitlines()[1:]:
            fields = line.split()
            if len(fields) > 3 and fields[3] == LISTEN and ":" in fields[1]:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def port_number(spec: Any) -> int:
    """``22``, ``"22"`` or ``"tcp/22"`` -> 22."""
    return int(str(spec).split("/")[-1])


def service_check(name: str, state: str) -> Dict[str, Any]:
    status = PASS if state == "active" else FAIL
    return make_check(
        "patch.service:%s" % name, "service", "Service %s" % name, "服务 %s" % name, status, state, "active"
    )


def port_check(spec: Any, listening: Set[int]) -> Dict[str, Any]:
    port = port_number(spec)
    ok = port in listening
    return make_check(
        "patch.port:%d" % port,
        "port",
        "Port %d" % port,
        "端口 %d" % port,
        PASS if ok else FAIL,
        "listening" if ok else "not listening",
        "listening",
    )


def url_check(url: str, code: Optional[int], error: str) -> Dict[str, Any]:
    ok = code is not None and 200 <= code < 400
    detail = error or ("HTTP %s" % code)
    return make_check(
        "patch.url:%s" % url,
        "web",
        "Health URL %s" % url,
        "健康检查地址 %s" % url,
        PASS if ok else FAIL,
        code,
        "2xx/3xx",
        "",
        detail,
    )


def failed(checks: List[Dict[str, Any]]) -> List[str]:
    return ["%s: %s" % (c["id"], c["detail"] or c["value"]) for c in checks if c["status"] == FAIL]
