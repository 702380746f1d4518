"""A switch lab on this machine for the switch_ports tests and benchmark: snmpd, veth ports, a fake switch SSH server.

API (import it from a test module in tests/integration, which pytest puts on sys.path; the benchmark
adds tests/integration to sys.path itself)::

    from switchlab import FakeSwitch, Snmpd, VethPorts, fixture_outputs, lab_unavailable

    with VethPorts(pairs=1) as veth:          # veth pairs, root ends named hops<rand><nn>a, peers in a netns
        with Snmpd() as agent:                # net-snmp snmpd on udp:127.0.0.1:<free port>, v2c + v3 user
            agent.port, agent.community, agent.v3_user, agent.v3_auth_key, agent.v3_priv_key
            agent.v3_options("authNoPriv")    # also "noAuthNoPriv": users without privacy
            veth.set_root(0, up=False)        # flips ifAdminStatus/ifOperStatus of root end 0

    with FakeSwitch("brocade_fos", fixture_outputs("brocade_fos")) as sw:   # paramiko server on 127.0.0.1
        sw.port, sw.username, sw.password
        sw.options()                          # switch_ports options, the host key pinned (host_key)
        sw.host_key_line()                    # "<type> <base64>" of its (first) host key
        sw.responses["porterrshow"] = "..."   # what the next session gets
    FakeSwitch(..., host_keys=[new_host_key()], port=old_port)  # the same switch, re-keyed

Everything listens on 127.0.0.1 only and is removed on exit, also when a test fails.
``lab_unavailable()`` says why the snmpd + netns part cannot run here (None when it can).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import paramiko

FIXTURES = Path(__file__).resolve().parent.parent / "unit" / "fixtures" / "switch"
# The fake server's transports log a client's abrupt close ("Connection reset by peer"): not news here.
logging.getLogger("paramiko").addHandler(logging.NullHandler())
LOOPBACK = "127.0.0.1"


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A port nobody listens on at 127.0.0.1 right now (TCP or UDP)."""
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), check=check, capture_output=True, text=True, timeout=30)


def lab_unavailable() -> str | None:
    """Why snmpd + veth/netns tests cannot run on this machine, or None when they can."""
    if not shutil.which("snmpd"):
        return "snmpd (Debian package snmpd) is not installed"
    if not shutil.which("ip"):
        return "ip (iproute2) is not installed"
    if os.geteuid() != 0:
        return "creating veth pairs and network namespaces needs root"
    name = "hopsprobe" + secrets.token_hex(2)
    result = _run("ip", "netns", "add", name, check=False)
    if result.returncode != 0:
        return f"ip netns add is not permitted here: {result.stderr.strip()}"
    _run("ip", "netns", "del", name, check=False)
    return None


# --------------------------------------------------------------------------- veth ports


class VethPorts:
    """``pairs`` veth pairs; root ends (seen by snmpd) are ``names``, peers live in a namespace of our own.

    With ``peers_in_netns=False`` both ends stay in the root namespace (2 * pairs ports for snmpd).
    """

    def __init__(self, pairs: int = 1, peers_in_netns: bool = True) -> None:
        tag = secrets.token_hex(2)
        self.netns = "hopsns" + tag
        self.pairs = [(f"hops{tag}{i:02d}a", f"hops{tag}{i:02d}b") for i in range(pairs)]
        self.peers_in_netns = peers_in_netns
        self.names = [a for a, _b in self.pairs] + ([] if peers_in_netns else [b for _a, b in self.pairs])

    def __enter__(self) -> VethPorts:
        try:
            if self.peers_in_netns:
                _run("ip", "netns", "add", self.netns)
            for root, peer in self.pairs:
                _run("ip", "link", "add", root, "type", "veth", "peer", "name", peer)
                if self.peers_in_netns:
                    _run("ip", "link", "set", peer, "netns", self.netns)
                    _run("ip", "-n", self.netns, "link", "set", peer, "up")
                else:
                    _run("ip", "link", "set", peer, "up")
                _run("ip", "link", "set", root, "up")
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        for root, _peer in self.pairs:
            _run("ip", "link", "del", root, check=False)  # deletes the peer too
        if self.peers_in_netns:
            _run("ip", "netns", "del", self.netns, check=False)

    def set_root(self, index: int, up: bool) -> None:
        """Set the root end of pair ``index`` administratively up or down."""
        _run("ip", "link", "set", self.pairs[index][0], "up" if up else "down")

    def set_peer(self, index: int, up: bool) -> None:
        """Set the peer end (in the namespace) up or down: the root end goes lowerLayerDown."""
        peer = self.pairs[index][1]
        if self.peers_in_netns:
            _run("ip", "-n", self.netns, "link", "set", peer, "up" if up else "down")
        else:
            _run("ip", "link", "set", peer, "up" if up else "down")


# --------------------------------------------------------------------------- snmpd


class Snmpd:
    """net-snmp's snmpd in the foreground with its own config and persistent dir, on udp:127.0.0.1:<port>."""

    community = "hops-ro-" + secrets.token_hex(4)
    v3_user = "hopsv3"
    v3_auth_key = "hops-auth-" + secrets.token_hex(4)
    v3_priv_key = "hops-priv-" + secrets.token_hex(4)
    # Users of the weaker levels, which switch_ports refuses unless snmp_allow_no_priv is set.
    v3_users: ClassVar[dict[str, str]] = {"authPriv": v3_user, "authNoPriv": "hopsv3auth", "noAuthNoPriv": "hopsv3none"}

    def __init__(self) -> None:
        self.port = free_port(socket.SOCK_DGRAM)
        self.tmp = Path(tempfile.mkdtemp(prefix="healthops-snmpd-"))
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Snmpd:
        conf = self.tmp / "snmpd.conf"
        conf.write_text(
            "\n".join(
                [
                    f"rocommunity {self.community} {LOOPBACK}",
                    f'createUser {self.v3_user} SHA "{self.v3_auth_key}" AES "{self.v3_priv_key}"',
                    f"rouser {self.v3_user} priv",
                    f'createUser {self.v3_users["authNoPriv"]} SHA "{self.v3_auth_key}"',
                    f"rouser {self.v3_users['authNoPriv']} auth",
                    f"createUser {self.v3_users['noAuthNoPriv']}",
                    f"rouser {self.v3_users['noAuthNoPriv']} noauth",
                    "sysName healthops-test-switch",
                    "sysDescr healthops test agent (net-snmp)",
                    "",
                ]
            )
        )
        env = dict(os.environ, SNMP_PERSISTENT_DIR=str(self.tmp / "persist"), MIBS="", MIBDIRS=str(self.tmp))
        self.proc = subprocess.Popen(
            [
                "snmpd",
                "-f",
                "-C",
                "-c",
                str(conf),
                "-Lf",
                str(self.tmp / "snmpd.log"),
                "-p",
                str(self.tmp / "snmpd.pid"),
                f"udp:{LOOPBACK}:{self.port}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, seconds: float = 10) -> None:
        from ansible.module_utils.healthops.switch.transport import SwitchUnreachable, snmp_read

        deadline = time.monotonic() + seconds
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"snmpd exited with {self.proc.returncode}: {self.log()[-2000:]}")
            try:
                snmp_read(LOOPBACK, self.port, community=self.community, timeout=0.5, retries=0)
            except SwitchUnreachable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
            else:
                return

    def log(self) -> str:
        path = self.tmp / "snmpd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def v2c_options(self) -> dict[str, Any]:
        return {"host": LOOPBACK, "port": self.port, "transport": "snmp", "community": self.community}

    def v3_options(self, level: str = "authPriv") -> dict[str, Any]:
        """switch_ports' options for the v3 user of ``level`` (authPriv, authNoPriv or noAuthNoPriv)."""
        options: dict[str, Any] = {
            "host": LOOPBACK,
            "port": self.port,
            "transport": "snmp",
            "snmp_version": "3",
            "snmp_user": self.v3_users[level],
        }
        if level != "noAuthNoPriv":
            options.update(auth_protocol="sha", auth_key=self.v3_auth_key)
        if level == "authPriv":
            options.update(priv_protocol="aes", priv_key=self.v3_priv_key)
        return options


# --------------------------------------------------------------------------- fake switch over SSH

PROMPTS = {
    "brocade_fos": "FC-SW-01:FID128:admin> ",
    "huawei_vrp": "<HW-ACC-01>",
    "h3c_comware": "<H3C-ACC-02>",
    "cisco_ios": "SW-ACC-01#",
    "cisco_nxos": "N9K-LEAF-01# ",
}
BANNERS = {
    "huawei_vrp": "\r\nInfo: The max number of VTY users is 10, and the number\r\n"
    "      of current VTY users on line is 1.\r\n"
    "      The current login time is 2024-04-18 09:00:00+08:00.\r\n",
    "h3c_comware": "\r\n******************************************************************************\r\n"
    "* Copyright (c) 2004-2024 New H3C Technologies Co., Ltd. All rights reserved.*\r\n"
    "******************************************************************************\r\n\r\n",
    "cisco_ios": "\r\n",
    "cisco_nxos": "\r\nCisco Nexus Operating System (NX-OS) Software\r\nTAC support: http://www.cisco.com/tac\r\n",
}
PAGING = {
    "huawei_vrp": (
        "screen-length 0 temporary",
        "Info: The configuration takes effect on the current user terminal interface only.",
    ),
    "h3c_comware": ("screen-length disable", ""),
    "cisco_ios": ("terminal length 0", ""),
    "cisco_nxos": ("terminal length 0", ""),
}
REFUSED = {
    "brocade_fos": "rbash: {cmd}: command not found",
    "huawei_vrp": "                  ^\r\nError: Unrecognized command found at '^' position.",
    "h3c_comware": "                  ^\r\n % Unrecognized command found at '^' position.",
    "cisco_ios": "                  ^\r\n% Invalid input detected at '^' marker.",
    "cisco_nxos": "                  ^\r\n% Invalid command at '^' marker.",
}
MORE = {
    "huawei_vrp": "  ---- More ----",
    "h3c_comware": "---- More ----",
    "cisco_ios": " --More-- ",
    "cisco_nxos": " --More-- ",
}
PAGE_LINES = 24

# Which recorded outputs each platform answers with (command -> fixture file), shared
# with the parser unit tests.
FIXTURE_SETS: dict[str, dict[str, str]] = json.loads((FIXTURES / "fixture_sets.json").read_text())


def fixture_text(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text()


def fixture_outputs(platform: str, **override: str) -> dict[str, str]:
    """The recorded outputs of a platform (command -> text); keyword overrides name other fixture files."""
    files = dict(FIXTURE_SETS[platform])
    for command_key, filename in override.items():
        files[command_key.replace("_", " ")] = filename
    return {command: fixture_text(platform, filename) for command, filename in files.items()}


_HOST_KEY: paramiko.PKey | None = None


def _host_key() -> paramiko.PKey:
    global _HOST_KEY  # noqa: PLW0603 - one key per test process is enough
    if _HOST_KEY is None:
        _HOST_KEY = paramiko.ECDSAKey.generate()
    return _HOST_KEY


def new_host_key(kind: str = "ecdsa") -> paramiko.PKey:
    """A fresh host key (``ecdsa`` or ``rsa``), for a switch that was re-keyed or holds several keys."""
    return paramiko.RSAKey.generate(2048) if kind == "rsa" else paramiko.ECDSAKey.generate()


def key_line(key: paramiko.PKey) -> str:
    """The public key as a known_hosts entry without host: ``<type> <base64>``."""
    return f"{key.get_name()} {key.get_base64()}"


class _Interface(paramiko.ServerInterface):
    def __init__(self, switch: FakeSwitch) -> None:
        self.switch = switch

    def check_auth_password(self, username: str, password: str) -> int:
        self.switch.logins += 1
        ok = username == self.switch.username and password == self.switch.password
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args: Any) -> bool:
        return True

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        threading.Thread(target=self.switch.answer_exec, args=(channel, command.decode()), daemon=True).start()
        return True

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        threading.Thread(target=self.switch.answer_shell, args=(channel,), daemon=True).start()
        return True


class FakeSwitch:
    """A switch CLI on 127.0.0.1 over SSH that answers the platform's commands with recorded output.

    Brocade FOS answers exec requests (``ssh admin@sw switchshow``); Huawei, H3C and Cisco answer
    in an interactive shell with their prompt, echo, paging (``---- More ----`` every 24 lines until
    paging is turned off) and their error text for commands they do not know.
    """

    username = "netops"
    password = "hops-ssh-" + secrets.token_hex(4)
    # False: the paging command is accepted but output stays paged (a device that ignores it).
    honour_paging_off = True

    def __init__(
        self,
        platform: str,
        responses: dict[str, str],
        delay: float = 0.0,
        host_keys: list[paramiko.PKey] | None = None,
        port: int = 0,
    ) -> None:
        self.platform = platform
        self.responses = dict(responses)
        self.delay = delay
        self.host_keys = list(host_keys or [_host_key()])
        self.commands: list[str] = []
        self.pages_sent = 0
        self.sessions = 0
        self.logins = 0  # password attempts: none may reach a switch whose host key was refused
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((LOOPBACK, port))
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._transports: list[paramiko.Transport] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeSwitch:
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for transport in self._transports:
            transport.close()
        self._sock.close()

    def host_key_line(self) -> str:
        return key_line(self.host_keys[0])

    def options(self, pinned: bool = True) -> dict[str, Any]:
        """switch_ports' options for this switch; ``pinned``: its host key given as ``host_key``."""
        options: dict[str, Any] = {
            "host": LOOPBACK,
            "port": self.port,
            "transport": "ssh",
            "platform": self.platform,
            "username": self.username,
            "password": self.password,
        }
        if pinned:
            options["host_key"] = self.host_key_line()
        return options

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            transport = paramiko.Transport(conn)
            for key in self.host_keys:
                transport.add_server_key(key)
            self._transports.append(transport)
            self.sessions += 1
            try:
                transport.start_server(server=_Interface(self))
            except (paramiko.SSHException, EOFError, OSError):
                transport.close()
                continue
            threading.Thread(target=self._accept_channels, args=(transport,), daemon=True).start()

    def _accept_channels(self, transport: paramiko.Transport) -> None:
        # Keep a reference to every channel: a collected Channel closes itself.
        channels = []
        while transport.is_active() and not self._stop.is_set():
            channel = transport.accept(timeout=0.2)
            if channel is not None:
                channels.append(channel)

    def _output(self, command: str) -> str | None:
        self.commands.append(command)
        text = self.responses.get(command.strip())
        if text is None:
            return None
        if self.delay:
            time.sleep(self.delay)
        return text

    def answer_exec(self, channel: paramiko.Channel, command: str) -> None:
        text = self._output(command)
        try:
            if text is None:
                channel.sendall_stderr(REFUSED[self.platform].format(cmd=command).encode() + b"\n")
                channel.send_exit_status(127)
            else:
                channel.sendall(text.replace("\n", "\r\n").encode())
                channel.send_exit_status(0)
            # EOF, not close: closing could overtake paramiko's reply to the exec request.
            channel.shutdown_write()
            deadline = time.monotonic() + 10
            while not channel.closed and time.monotonic() < deadline and not self._stop.is_set():
                time.sleep(0.005)
        finally:
            channel.close()

    def _readline(self, channel: paramiko.Channel) -> str | None:
        line = b""
        while not self._stop.is_set():
            if channel.recv_ready():
                char = channel.recv(1)
                if not char:
                    return None
                if char in (b"\r", b"\n"):
                    if line or char == b"\n":
                        return line.decode()
                    continue
                line += char
            elif channel.closed or channel.eof_received:
                return None
            else:
                time.sleep(0.001)
        return None

    def _send_paged(self, channel: paramiko.Channel, lines: list[str], paging: bool) -> bool:
        if not paging or len(lines) <= PAGE_LINES:
            channel.sendall(("\r\n".join(lines) + "\r\n").encode())
            return True
        for start in range(0, len(lines), PAGE_LINES):
            chunk = lines[start : start + PAGE_LINES]
            channel.sendall(("\r\n".join(chunk) + "\r\n").encode())
            if start + PAGE_LINES < len(lines):
                self.pages_sent += 1
                channel.sendall(MORE[self.platform].encode())
                while not channel.recv_ready():
                    if channel.closed or self._stop.is_set():
                        return False
                    time.sleep(0.001)
                channel.recv(1)
                channel.sendall(b"\x1b[42D" + b" " * 42 + b"\x1b[42D")
        return True

    def answer_shell(self, channel: paramiko.Channel) -> None:
        prompt = PROMPTS[self.platform]
        paging = True
        paging_command, paging_reply = PAGING.get(self.platform, ("", ""))
        try:
            channel.sendall((BANNERS.get(self.platform, "") + prompt).encode())
            while True:
                line = self._readline(channel)
                if line is None:
                    return
                channel.sendall((line + "\r\n").encode())
                command = line.strip()
                if command in ("quit", "exit", "logout"):
                    return
                if command == "":
                    pass
                elif command == paging_command:
                    paging = not self.honour_paging_off
                    self.commands.append(command)
                    if paging_reply:
                        channel.sendall((paging_reply + "\r\n").encode())
                else:
                    text = self._output(command)
                    if text is None:
                        channel.sendall((REFUSED[self.platform].format(cmd=command) + "\r\n").encode())
                    elif not self._send_paged(channel, text.rstrip("\n").split("\n"), paging):
                        return
                channel.sendall(("\r\n" + prompt if self.platform == "huawei_vrp" else prompt).encode())
        except (OSError, EOFError):
            return
        finally:
            with contextlib.suppress(OSError, EOFError):
                channel.close()


# --------------------------------------------------------------------------- big switches for the benchmark


def brocade_outputs(ports: int, crc: int = 0) -> dict[str, str]:
    """switchshow / porterrshow / errdump of a ``ports``-port FOS 8 switch (port 3 at ``crc`` CRC errors)."""
    show = [fixture_text("brocade_fos", "switchshow_fos8.txt").split("Index Port")[0].rstrip("\n"), ""]
    show += ["Index Port Address  Media Speed   State       Proto", "=" * 50]
    errs = fixture_text("brocade_fos", "porterrshow_fos8.txt").splitlines()[:2]
    for i in range(ports):
        wwn = f"10:00:00:90:fa:{i // 256:02x}:{i % 256:02x}:56"
        if i % 12 == 11:
            show.append(f"{i:3d} {i:3d}   01{i:02x}00   id    N16\t  No_Light    FC  ")
        else:
            show.append(f"{i:3d} {i:3d}   01{i:02x}00   id    N16\t  Online      FC  F-Port  {wwn} ")
        crc_i = crc if i == 3 else 0
        counts = "      0      0      0      0      0      0      0      1      0      0      0      0      0      0"
        errs.append(f"{i:3d}:  {'1.2g':>6} {'980.1m':>6}   0 {crc_i:6d} {crc_i:6d}{counts}")
    return {
        "switchshow": "\n".join(show) + "\n",
        "porterrshow": "\n".join(errs) + "\n",
        "errdump": fixture_text("brocade_fos", "errdump_fos8.txt"),
    }


def huawei_outputs(ports: int) -> dict[str, str]:
    """display interface brief / display logbuffer of a ``ports``-port VRP switch."""
    head = fixture_text("huawei_vrp", "display_interface_brief_s5700.txt").split("Eth-Trunk1")[0]
    rows = []
    for i in range(1, ports + 1):
        phy = "down" if i % 12 == 0 else "up"
        rows.append(f"{'GigabitEthernet0/0/' + str(i):<27} {phy:<5} {phy:<8} 0.01%  0.02%          0          0")
    return {
        "display interface brief": head + "\n".join(rows) + "\n",
        "display logbuffer": fixture_text("huawei_vrp", "display_logbuffer_s5700.txt"),
    }


def module_params(**overrides: Any) -> dict[str, Any]:
    """switch_ports' parameters as AnsibleModule would fill them: the spec's defaults, then overrides."""
    from healthops_testlib import load_library_module

    spec = load_library_module("switch_ports").ARGUMENT_SPEC
    params = {name: option.get("default") for name, option in spec.items() if name != "host"}
    params.update(overrides)
    return params
