# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Are the ports a server.xml listens on free, or held by this Tomcat? (issue 15, class 11)

``catalina.sh configtest`` passes when another process already holds a connector's port: Tomcat
then starts without that connector. So before a restart the ports of the new configuration are
compared with the listening sockets ``ss -Hltnp`` shows; a port held by a process that is not this
Tomcat stops the change before the restart. Pure functions; the module does the I/O.

Standard library only, Python >= 3.6: this runs on the Tomcat host.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, Iterable, List, Optional, Set

from ansible.module_utils.healthops.tomcat.server_xml import connector_family, count_elements, parse

__metaclass__ = type

# ss -p: users:(("java",pid=1234,fd=45),("nginx",pid=77,fd=6))
_PROCESS = re.compile(r'\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=\d+\)')
_UID = re.compile(r"(?:^|\s)uid:(\d+)")


def listen_ports(text: str) -> List[Dict[str, Any]]:
    """The ports ``text`` (server.xml) makes Tomcat listen on: every Connector of every Service and the
    Server's shutdown port (not -1). A placeholder (``${http.port}``) is Tomcat's to resolve and is skipped.

    Each item: port, address (None: all), what (a label for messages).
    """
    count_elements(text)
    found = []  # type: List[Dict[str, Any]]
    for element in parse(text):
        port = (element.get("port") or "").strip()
        if not port.isdigit():
            continue
        if element.tag == "Server" and element.parent is None:
            found.append({"port": int(port), "address": element.get("address") or "localhost", "what": "shutdown port"})
        elif element.tag == "Connector" and element.parent is not None and element.parent.tag == "Service":
            what = "%s connector of Service %s" % (connector_family(element).upper(), element.parent.get("name"))
            found.append({"port": int(port), "address": element.get("address"), "what": what})
    return found


def _local_port(local: str) -> Optional[int]:
    """Port of an ss "Local Address:Port" column: 0.0.0.0:8080, [::]:8080, *:8080, 127.0.0.1%lo:53."""
    head, _sep, port = local.rpartition(":")
    return int(port) if head and port.isdigit() else None


def parse_ss(output: str) -> List[Dict[str, Any]]:
    """Listening TCP sockets from ``ss -Hltnpe`` (or ``ss -ltnp``, header skipped).

    Each item: port, local (the address column), processes ([{name, pid}], empty when ss could not
    see them: a process of another user in a container without CAP_SYS_PTRACE), uid (the socket's
    owner, with ``-e``; None without).
    """
    sockets = []  # type: List[Dict[str, Any]]
    for line in output.splitlines():
        fields = line.split()
        if len(fields) < 4 or fields[0] == "State":
            continue
        # Columns: State Recv-Q Send-Q Local Peer [Process]; -H drops the header only.
        local = fields[3]
        port = _local_port(local)
        if port is None:
            continue
        rest = " ".join(fields[5:])
        processes = [{"name": m.group(1), "pid": int(m.group(2))} for m in _PROCESS.finditer(rest)]
        uid = _UID.search(rest)
        sockets.append(
            {"port": port, "local": local, "processes": processes, "uid": int(uid.group(1)) if uid else None}
        )
    return sockets


def _is_own(sock: Dict[str, Any], own_pids: Set[int], own_uids: Set[int]) -> bool:
    """The socket is this Tomcat's: its processes are the unit's, or (ss could not name them) it belongs to
    the user the unit's processes run as."""
    pids = {p["pid"] for p in sock["processes"]}
    if pids:
        return pids <= own_pids
    return bool(own_pids) and sock.get("uid") is not None and sock["uid"] in own_uids


def port_conflicts(
    wanted: Iterable[Dict[str, Any]],
    sockets: Iterable[Dict[str, Any]],
    own_pids: Set[int],
    service: str,
    own_uids: Optional[Set[int]] = None,
) -> List[str]:
    """Messages for each wanted port a listening socket holds that is not this Tomcat's.

    This Tomcat: the processes ``own_pids`` of the unit ``service``; a socket whose process ss cannot name
    is Tomcat's only when it belongs to one of ``own_uids`` (the users those processes run as), else it is
    reported too: nothing proves it is Tomcat's.
    """
    messages = []  # type: List[str]
    sockets = list(sockets)
    for item in wanted:
        for sock in (s for s in sockets if s["port"] == item["port"]):
            if _is_own(sock, own_pids, own_uids or set()):
                continue
            holders = ", ".join(
                "%s (pid %d)" % (p["name"], p["pid"]) for p in sock["processes"] if p["pid"] not in own_pids
            )
            messages.append(
                "port %d (%s) is already held by %s on %s, not by %s: Tomcat could not listen on it after the restart"
                % (item["port"], item["what"], holders or "a process ss cannot name", sock["local"], service)
            )
            break
    return messages
