# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a switch: SNMP (pysnmp, IF-MIB) and SSH (paramiko). The I/O edge of ``switch_ports``.

Controller side only: the module runs with ``delegate_to: localhost`` because
network devices have no Python. pysnmp and paramiko come from the control
node's venv and are imported only by the transport that needs them.

Both readers return raw material for :mod:`healthops.switch.parsers`; every
failure to reach or read a switch is raised as :class:`SwitchUnreachable` with
a message an operator can act on. The SSH reader checks the switch's host key
with :func:`healthops.switch.hostkeys.decide` before it sends the password; a
refused key raises :class:`HostKeyRejected`.
"""

from __future__ import absolute_import, division, print_function

import contextlib
import re
import select
import time
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.switch.hostkeys import REJECT, decide, known_hosts_name, preferred_key_types
from ansible.module_utils.healthops.switch.parsers import IF_COLUMNS, SYSTEM_OIDS
from ansible.module_utils.healthops.switch.platforms.base import EXEC, PROMPT_RE, Platform
from ansible.module_utils.healthops.switch.platforms.registry import PLATFORMS

__metaclass__ = type

AUTH_PROTOCOLS = ("md5", "sha", "sha224", "sha256", "sha384", "sha512")
PRIV_PROTOCOLS = ("des", "3des", "aes", "aes192", "aes256", "aes192c", "aes256c")
# How many variable bindings one GETBULK asks for (columns x rows); halved when the agent says tooBig.
BULK_VARBINDS = 120

# How each platform is read (session kind, paging-off, fallbacks, prompt) is its registry entry:
# see healthops.switch.platforms.registry. What follows is the same for every terminal.
_MORE_RE = re.compile(r"\s*-{2,}\s*More\s*-{2,}\s*|\s*--More--\s*")
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class SwitchUnreachable(Exception):
    """The switch did not answer, refused the credentials, or broke off the session."""


class HostKeyRejected(SwitchUnreachable):
    """The switch's SSH host key is not the pinned one, or is unknown and may not be trusted on first use."""

    def __init__(self, message: str, decision: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.decision = dict(decision or {})


# --------------------------------------------------------------------------- SNMP


def _snmp_auth(
    version: str,
    community: Optional[str],
    user: Optional[str],
    auth_protocol: Optional[str],
    auth_key: Optional[str],
    priv_protocol: Optional[str],
    priv_key: Optional[str],
) -> Any:
    from pysnmp.hlapi.v3arch.asyncio import CommunityData, UsmUserData
    from pysnmp.hlapi.v3arch.asyncio import auth as hauth

    if version == "2c":
        return CommunityData(community, mpModel=1)  # noqa: S508 - many switches offer only v2c; v3 is an option
    auth_map = {
        "md5": hauth.USM_AUTH_HMAC96_MD5,
        "sha": hauth.USM_AUTH_HMAC96_SHA,
        "sha224": hauth.USM_AUTH_HMAC128_SHA224,
        "sha256": hauth.USM_AUTH_HMAC192_SHA256,
        "sha384": hauth.USM_AUTH_HMAC256_SHA384,
        "sha512": hauth.USM_AUTH_HMAC384_SHA512,
    }
    priv_map = {
        "des": hauth.USM_PRIV_CBC56_DES,
        "3des": hauth.USM_PRIV_CBC168_3DES,
        "aes": hauth.USM_PRIV_CFB128_AES,
        "aes192": hauth.USM_PRIV_CFB192_AES_BLUMENTHAL,
        "aes256": hauth.USM_PRIV_CFB256_AES_BLUMENTHAL,
        "aes192c": hauth.USM_PRIV_CFB192_AES,
        "aes256c": hauth.USM_PRIV_CFB256_AES,
    }
    kwargs: Dict[str, Any] = {}
    if auth_key:
        kwargs["authKey"] = auth_key
        kwargs["authProtocol"] = auth_map[auth_protocol or "sha"]
    if priv_key:
        kwargs["privKey"] = priv_key
        kwargs["privProtocol"] = priv_map[priv_protocol or "aes"]
    return UsmUserData(user, **kwargs)  # noqa: S509 - authPriv whenever priv_key is set


def _plain(value: Any) -> Any:
    """A pysnmp value as int, bytes or None (for end-of-MIB and no-such markers)."""
    from pysnmp.proto import rfc1905

    if isinstance(value, (rfc1905.EndOfMibView, rfc1905.NoSuchObject, rfc1905.NoSuchInstance)):
        return None
    if hasattr(value, "asOctets"):
        return value.asOctets()
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def _snmp_error(error_indication: Any) -> str:
    text = str(error_indication)
    lowered = text.lower()
    if any(word in lowered for word in ("digest", "unknown usm user", "unknownusername", "decrypt", "unsupported sec")):
        return "SNMPv3 authentication failed (%s): check snmp_user, auth_key and priv_key" % text
    if "timeout" in lowered or "no snmp response" in lowered:
        return "no SNMP response (%s): wrong address or port, agent down, or community / v3 credentials refused" % text
    return "SNMP error: %s" % text


async def _snmp_system(engine: Any, auth: Any, target: Any, context: Any) -> Dict[str, Any]:
    """The system group (SYSTEM_OIDS) in one GET."""
    from pysnmp.hlapi.v3arch.asyncio import ObjectIdentity, ObjectType, get_cmd

    error_indication, error_status, _error_index, var_binds = await get_cmd(
        engine,
        auth,
        target,
        context,
        *[ObjectType(ObjectIdentity(oid)) for oid in SYSTEM_OIDS.values()],
        lookupMib=False,
    )
    if error_indication:
        raise SwitchUnreachable(_snmp_error(error_indication))
    if error_status:
        raise SwitchUnreachable("SNMP error reading the system group: %s" % error_status.prettyPrint())
    system = {}
    for name, (_oid, value) in zip(SYSTEM_OIDS, var_binds):
        plain = _plain(value)
        if isinstance(plain, bytes):
            plain = plain.decode("utf-8", "replace")
        system[name] = plain
    return system


def _take_column_values(
    names: List[str],
    var_binds: Any,
    bases: Dict[str, Tuple[int, ...]],
    cursor: Dict[str, Tuple[int, ...]],
    columns: Dict[str, Dict[Tuple[int, ...], Any]],
) -> bool:
    """File one GETBULK answer under its columns; drop finished columns from ``cursor``. True if any advanced."""
    finished = set()
    progressed = False
    for position, (oid, value) in enumerate(var_binds):
        name = names[position % len(names)]
        if name in finished:
            continue
        oid_tuple = tuple(oid)
        base = bases[name]
        plain = _plain(value)
        if oid_tuple[: len(base)] != base or plain is None or oid_tuple <= cursor[name]:
            finished.add(name)
            continue
        columns[name][oid_tuple[len(base) :]] = plain
        cursor[name] = oid_tuple
        progressed = True
    for name in finished:
        cursor.pop(name, None)
    return progressed


async def _snmp_walk(
    engine: Any, auth: Any, target: Any, context: Any, varbinds: int
) -> Dict[str, Dict[Tuple[int, ...], Any]]:
    """Every IF_COLUMNS column, keyed by the index under the column's OID, walked together with GETBULK."""
    from pysnmp.hlapi.v3arch.asyncio import ObjectIdentity, ObjectType, bulk_cmd

    bases = {name: tuple(int(x) for x in oid.split(".")) for name, oid in IF_COLUMNS.items()}
    columns: Dict[str, Dict[Tuple[int, ...], Any]] = {name: {} for name in IF_COLUMNS}
    cursor = dict(bases)
    per_request = varbinds
    while cursor:
        names = list(cursor)
        repetitions = max(1, per_request // len(names))
        error_indication, error_status, _error_index, var_binds = await bulk_cmd(
            engine,
            auth,
            target,
            context,
            0,
            repetitions,
            *[ObjectType(ObjectIdentity(cursor[name])) for name in names],
            lookupMib=False,
        )
        if error_indication:
            raise SwitchUnreachable(_snmp_error(error_indication))
        if error_status:
            if str(error_status.prettyPrint()) == "tooBig" and per_request > len(names):
                per_request = max(len(names), per_request // 2)
                continue
            raise SwitchUnreachable("SNMP error walking IF-MIB: %s" % error_status.prettyPrint())
        if not var_binds:
            break
        if not _take_column_values(names, var_binds, bases, cursor, columns):
            break
    return columns


async def _snmp_read_async(
    host: str, port: int, auth: Any, timeout: float, retries: int, varbinds: int
) -> Tuple[Dict[str, Any], Dict[str, Dict[Tuple[int, ...], Any]]]:
    from pysnmp.hlapi.v3arch.asyncio import ContextData, SnmpEngine, UdpTransportTarget

    engine = SnmpEngine()
    try:
        target = await UdpTransportTarget.create((host, port), timeout=timeout, retries=retries)
        context = ContextData()
        system = await _snmp_system(engine, auth, target, context)
        columns = await _snmp_walk(engine, auth, target, context, varbinds)
        return system, columns
    finally:
        engine.close_dispatcher()


def snmp_read(
    host: str,
    port: int = 161,
    version: str = "2c",
    community: Optional[str] = None,
    user: Optional[str] = None,
    auth_protocol: Optional[str] = None,
    auth_key: Optional[str] = None,
    priv_protocol: Optional[str] = None,
    priv_key: Optional[str] = None,
    timeout: float = 5,
    retries: int = 1,
    varbinds: int = BULK_VARBINDS,
) -> Tuple[Dict[str, Any], Dict[str, Dict[Any, Any]]]:
    """The system group and the IF-MIB columns of IF_COLUMNS, keyed by ifIndex.

    GETBULK walks every column at once (ifTable and ifXTable), so a 48-port
    switch takes a handful of round trips.
    """
    try:
        auth = _snmp_auth(version, community, user, auth_protocol, auth_key, priv_protocol, priv_key)
    except ImportError as exc:
        raise SwitchUnreachable("pysnmp is not installed on the controller: %s" % exc) from exc
    try:
        system, columns = _run_async(_snmp_read_async(host, port, auth, timeout, retries, varbinds))
    except SwitchUnreachable:
        raise
    except Exception as exc:
        raise SwitchUnreachable("SNMP read of %s:%s failed: %s: %s" % (host, port, type(exc).__name__, exc)) from exc
    by_index: Dict[str, Dict[Any, Any]] = {}
    for name, values in columns.items():
        by_index[name] = {".".join(str(x) for x in index): value for index, value in values.items()}
    return system, by_index


def _run_async(coroutine: Any) -> Any:
    """asyncio.run where the interpreter has it (3.7+); on 3.6 a fresh event loop, closed after."""
    import asyncio

    run = getattr(asyncio, "run", None)
    if run is not None:
        return run(coroutine)
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(coroutine)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


# --------------------------------------------------------------------------- SSH


def clean_output(text: str, command: str, prompt: Optional[str]) -> str:
    """Shell output without the echoed command, the trailing prompt, paging marks and terminal escapes."""
    text = _ANSI_RE.sub("", text.replace("\r\n", "\n"))
    text = _MORE_RE.sub("\n", text).replace("\r", "").replace("\x08", "")
    lines = text.split("\n")
    if lines and lines[0].strip().endswith(command):
        lines = lines[1:]
    if prompt and lines and lines[-1].strip() == prompt:
        lines = lines[:-1]
    return "\n".join(lines).strip("\n") + "\n"


class _Shell:
    """An interactive CLI session: learn the prompt, turn paging off, run commands one by one."""

    def __init__(self, channel: Any, timeout: float, prompt_re: Any = PROMPT_RE) -> None:
        self.channel = channel
        self.timeout = timeout
        self.prompt_re = prompt_re  # the platform's prompt pattern, group 1 the prompt
        self.prompt: Optional[str] = None

    def _read_until_prompt(self) -> str:
        deadline = time.monotonic() + self.timeout
        buffer = ""
        answered = 0  # buffer position up to which paging prompts were answered
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SwitchUnreachable("timed out after %.0f s waiting for the switch prompt" % self.timeout)
            ready, _w, _x = select.select([self.channel], [], [], min(remaining, 0.5))
            if not ready:
                continue
            chunk = self.channel.recv(65536)
            if not chunk:
                raise SwitchUnreachable("the switch closed the session")
            buffer += chunk.decode("utf-8", "replace")
            tail = buffer[-200:]
            more = _MORE_RE.search(buffer, max(answered, len(buffer) - len(chunk) - 40))
            if more and more.end() > answered:
                # Paging could not be turned off: one space per "---- More ----", never more.
                answered = more.end()
                self.channel.send(" ")
                continue
            if re.search(r"\[Y/N\]:?\s*$", tail):
                # e.g. VRP asking to change an expiring password: never change anything.
                self.channel.send("N\n")
                continue
            cleaned = _ANSI_RE.sub("", tail.replace("\r", ""))
            if self.prompt is None:
                match = self.prompt_re.search(cleaned)
                if match:
                    self.prompt = match.group(1)
                    return buffer
            elif cleaned.rstrip().endswith(self.prompt) and (
                cleaned.rstrip() == self.prompt or cleaned.rstrip()[: -len(self.prompt)].endswith("\n")
            ):
                return buffer

    def start(self, paging_command: Optional[str]) -> None:
        self._read_until_prompt()
        if paging_command:
            self.run(paging_command)

    def run(self, command: str) -> str:
        self.channel.send(command + "\n")
        return clean_output(self._read_until_prompt(), command, self.prompt)


def _trusting(paramiko: Any, trust: Dict[str, Any], outcome: Dict[str, Any]) -> Any:
    """A paramiko policy that hands every presented key to :func:`decide` (paramiko's own host-key
    store stays empty, so this runs on every connection) and raises HostKeyRejected on refusal."""

    class _PinnedHostKeys(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            decision = decide(
                trust["name"],
                key.get_name(),
                key.get_base64(),
                trust.get("pinned") or [],
                trust.get("revoked") or [],
                trust.get("policy") or "reject",
                trust.get("record_in"),
            )
            outcome.update(decision)
            if decision["action"] == REJECT:
                raise HostKeyRejected(decision["message"], decision)

    return _PinnedHostKeys()


def _connect(
    host: str,
    port: int,
    username: str,
    password: Optional[str],
    timeout: float,
    trust: Dict[str, Any],
    outcome: Dict[str, Any],
) -> Any:
    try:
        import paramiko
    except ImportError as exc:
        raise SwitchUnreachable("paramiko is not installed on the controller: %s" % exc) from exc
    pinned = trust.get("pinned") or []

    def transport_factory(sock: Any, **kwargs: Any) -> Any:
        transport = paramiko.Transport(sock, **kwargs)
        options = transport.get_security_options()
        # A switch with several host keys must present the pinned type, or a good switch reads as changed.
        options.key_types = preferred_key_types(pinned, list(options.key_types))
        return transport

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(_trusting(paramiko, trust, outcome))
    try:
        client.connect(
            host,
            port=port,
            username=username,
            password=password,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
            look_for_keys=False,
            allow_agent=False,
            transport_factory=transport_factory,
        )
    except HostKeyRejected:
        client.close()
        raise
    except paramiko.AuthenticationException as exc:
        client.close()
        raise SwitchUnreachable("SSH login to %s:%s refused for user %s: %s" % (host, port, username, exc)) from exc
    except Exception as exc:
        client.close()
        raise SwitchUnreachable(
            "SSH connection to %s:%s failed: %s: %s" % (host, port, type(exc).__name__, exc)
        ) from exc
    return client


def _exec(client: Any, command: str, timeout: float) -> str:
    _stdin, stdout, stderr = client.exec_command(command, timeout=timeout)
    out = stdout.read().decode("utf-8", "replace")
    err = stderr.read().decode("utf-8", "replace")
    return out.replace("\r\n", "\n") + (err.replace("\r\n", "\n") if not out.strip() else "")


def _run_commands(client: Any, spec: Platform, timeout: float) -> Tuple[Dict[str, str], List[str]]:
    """Run the platform's commands in its kind of session: ``({command: output}, notes)``."""
    outputs: Dict[str, str] = {}
    notes: List[str] = []
    channel = None
    if spec.session == EXEC:

        def run(command: str) -> str:
            return _exec(client, command, timeout)

    else:
        channel = client.invoke_shell(term="vt100", width=511, height=2000)
        channel.settimeout(timeout)
        shell = _Shell(channel, timeout, spec.prompt)
        shell.start(spec.paging_off)
        run = shell.run
    for command in spec.commands:
        text = run(command)
        fallback = spec.fallbacks.get(command)
        if fallback and spec.refused.search(text[:300]):
            text = run(fallback)
        if spec.refused.search(text[:300]):
            notes.append("%s: refused by the switch (%s)" % (command, text.strip().splitlines()[-1][:120]))
            continue
        outputs[command] = text
    if channel is not None:
        with contextlib.suppress(Exception):  # leaving the session; the client is closed by the caller anyway
            channel.send(spec.exit_command + "\n")
    return outputs, notes


def ssh_read(
    host: str,
    platform: str,
    username: str,
    password: Optional[str],
    port: int = 22,
    timeout: float = 10,
    trust: Optional[Dict[str, Any]] = None,
) -> Tuple[Dict[str, str], List[str], Dict[str, Any]]:
    """Run the platform's commands; returns ``({command: output}, notes, host key decision)``.

    ``platform`` names an entry of healthops.switch.platforms.registry.PLATFORMS, which says
    which commands are run and how. ``trust`` holds the host key pins (``name``, ``pinned``,
    ``revoked``, ``policy``, ``record_in``, see healthops.switch.hostkeys); without it every key
    is unknown and refused. A key that is refused raises HostKeyRejected before the password is
    sent. A command the device refuses is left out of the outputs (its part is not graded) and
    named in the notes; losing the session is SwitchUnreachable.
    """
    spec = PLATFORMS[platform]
    trust = dict(trust or {})
    trust.setdefault("name", known_hosts_name(host, port))
    outcome: Dict[str, Any] = {}
    client = _connect(host, port, username, password, timeout, trust, outcome)
    try:
        outputs, notes = _run_commands(client, spec, timeout)
    except SwitchUnreachable:
        raise
    except Exception as exc:
        raise SwitchUnreachable("SSH session to %s:%s failed: %s: %s" % (host, port, type(exc).__name__, exc)) from exc
    finally:
        client.close()
    return outputs, notes, outcome
