# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch SSH host keys: OpenSSH known_hosts parsing, SHA256 fingerprints and the pin decision.

Pure functions only (no I/O, no paramiko), so the trust decision is tested on its own; the
transport calls :func:`decide` with the key the switch presented and ``switch_ports`` records a
key trusted on first use. The rules:

* a key pinned by the operator (``host_key`` or ``known_hosts_file``) or recorded earlier in
  ``<state_dir>/switch_known_hosts`` must match the presented one, or the switch is refused with
  both fingerprints named (a changed key is never accepted, whatever the policy);
* operator pins, when there are any for the switch, replace the recorded ones;
* an unpinned key is refused (policy ``reject``, the default) or recorded on first use
  (policy ``trust_first_use``);
* a key marked ``@revoked`` in any file is always refused.

Python 3.6 compatible: it is imported by a module.
"""

from __future__ import absolute_import, division, print_function

import base64
import binascii
import hashlib
import hmac
import re
import struct
from typing import Any, Dict, List, Optional, Tuple

__metaclass__ = type

HOST_KEY_POLICIES = ("reject", "trust_first_use")
# The switches' own known_hosts file in state_dir (trust-on-first-use records and earlier pins).
STATE_KNOWN_HOSTS = "switch_known_hosts"
# How a public key's type starts; a first token like this is a bare key, not a host pattern.
_KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-", "sk-", "rsa-")
_MARKERS = ("@revoked", "@cert-authority")

ACCEPT = "accept"
RECORD = "record"
REJECT = "reject"


def known_hosts_name(host: str, port: int) -> str:
    """The name OpenSSH and paramiko file a key under: ``host``, or ``[host]:port`` off port 22."""
    return host if int(port) == 22 else "[%s]:%d" % (host, int(port))


def fingerprint(key_b64: str) -> str:
    """``SHA256:<base64 without padding>`` of a public key blob, as ``ssh-keygen -l`` prints it."""
    digest = hashlib.sha256(base64.b64decode(key_b64)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def describe(keytype: str, key_b64: str) -> str:
    return "%s %s" % (keytype, fingerprint(key_b64))


def _check_blob(keytype: str, key_b64: str) -> Optional[str]:
    """Why ``key_b64`` is not a public key of ``keytype``, or None when it is."""
    try:
        blob = base64.b64decode(key_b64.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return "the key is not base64"
    if len(blob) < 4:
        return "the key is too short"
    (length,) = struct.unpack(">I", blob[:4])
    embedded = blob[4 : 4 + length]
    if embedded != keytype.encode("ascii", "replace"):
        return "the key says it is %r, not %s" % (embedded.decode("ascii", "replace")[:40], keytype)
    return None


def _entry(patterns: List[str], keytype: str, key_b64: str, marker: Optional[str], source: str) -> Dict[str, Any]:
    return {"patterns": patterns, "keytype": keytype, "key": key_b64, "marker": marker, "source": source}


def parse_known_hosts(text: str, source: str) -> Tuple[List[Dict[str, Any]], List[str]]:
    """Entries of an OpenSSH known_hosts text, and one message per line that is not a valid entry.

    ``source`` names the file in the entries and messages (``path:line``). Hashed host names
    (``|1|salt|hash``), comma lists, ``*``/``?`` wildcards, ``!`` negation and the ``@revoked``
    marker are understood; ``@cert-authority`` lines are kept but never match (switches present
    plain keys).
    """
    entries: List[Dict[str, Any]] = []
    errors: List[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = "%s:%d" % (source, number)
        fields = line.split()
        marker = None
        if fields[0].startswith("@"):
            if fields[0] not in _MARKERS:
                errors.append("%s: unknown marker %s" % (where, fields[0]))
                continue
            marker = fields.pop(0)
        if len(fields) < 3:
            errors.append("%s: expected '<hosts> <key type> <base64 key>'" % where)
            continue
        problem = _check_blob(fields[1], fields[2])
        if problem:
            errors.append("%s: %s" % (where, problem))
            continue
        entries.append(_entry(fields[0].split(","), fields[1], fields[2], marker, where))
    return entries, errors


def parse_host_key_option(text: str, name: str, source: str = "host_key") -> Tuple[List[Dict[str, Any]], List[str]]:
    """Keys given inline (option ``host_key``): one per line, ``<type> <base64> [comment]`` (a
    ``.pub`` file's content, pinned for this switch) or a whole known_hosts line."""
    entries: List[Dict[str, Any]] = []
    errors: List[str] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = "%s line %d" % (source, number)
        fields = line.split()
        if fields[0].startswith(_KEY_TYPE_PREFIXES):
            if len(fields) < 2:
                errors.append("%s: expected '<key type> <base64 key>'" % where)
                continue
            problem = _check_blob(fields[0], fields[1])
            if problem:
                errors.append("%s: %s" % (where, problem))
                continue
            entries.append(_entry([name], fields[0], fields[1], None, where))
            continue
        found, problems = parse_known_hosts(line, source)
        entries.extend(dict(entry, source=where) for entry in found)
        errors.extend("%s: %s" % (where, p.split(": ", 1)[-1]) for p in problems)
    if not entries and not errors:
        errors.append("%s: no key given" % source)
    return entries, errors


def _hashed_match(pattern: str, name: str) -> bool:
    parts = pattern.split("|")
    if len(parts) != 4 or parts[1] != "1":
        return False
    try:
        salt = base64.b64decode(parts[2])
        expected = base64.b64decode(parts[3])
    except (binascii.Error, ValueError):
        return False
    actual = hmac.new(salt, name.encode("utf-8"), hashlib.sha1).digest()
    return hmac.compare_digest(actual, expected)


def _wildcard(pattern: str) -> "re.Pattern[str]":
    """OpenSSH wildcards: only ``*`` and ``?`` are special (``[`` of ``[host]:port`` is literal)."""
    body = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.lower())
    return re.compile("\\A%s\\Z" % body)


def host_matches(patterns: List[str], name: str) -> bool:
    """OpenSSH matching: some positive pattern matches and no ``!`` pattern does."""
    matched = False
    lowered = name.lower()
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        hit = _hashed_match(body, name) if body.startswith("|") else _wildcard(body).match(lowered) is not None
        if hit and negated:
            return False
        matched = matched or hit
    return matched


def keys_for(entries: List[Dict[str, Any]], name: str) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """``(pinned, revoked)`` entries of ``name``; revoked keys apply whatever host they name."""
    pinned = [e for e in entries if e["marker"] is None and host_matches(e["patterns"], name)]
    revoked = [e for e in entries if e["marker"] == "@revoked"]
    return pinned, revoked


def choose_pins(operator: List[Dict[str, Any]], recorded: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Operator pins (reviewed out of band) replace the keys recorded in the state directory."""
    return list(operator) if operator else list(recorded)


def preferred_key_types(pinned: List[Dict[str, Any]], offered: List[str]) -> List[str]:
    """The host key algorithms to offer, pinned types first, so a switch holding several keys
    presents the pinned one (RSA keys are signed with rsa-sha2-512/256)."""
    wanted: List[str] = []
    for entry in pinned:
        names = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] if entry["keytype"] == "ssh-rsa" else [entry["keytype"]]
        wanted.extend(n for n in names if n in offered and n not in wanted)
    return wanted + [n for n in offered if n not in wanted]


def decide(
    name: str,
    keytype: str,
    key_b64: str,
    pinned: List[Dict[str, Any]],
    revoked: List[Dict[str, Any]],
    policy: str,
    record_in: Optional[str] = None,
) -> Dict[str, Any]:
    """What to do with the key a switch presented: ``{action, reason, message, fingerprint}``.

    ``action`` is ``accept`` (matches a pin), ``record`` (trust on first use) or ``reject``;
    ``reason`` is ``pinned``, ``first_use``, ``unknown``, ``changed`` or ``revoked``.
    """
    presented = describe(keytype, key_b64)
    result = {
        "name": name,
        "keytype": keytype,
        "key": key_b64,
        "fingerprint": fingerprint(key_b64),
        "record_in": record_in,
    }
    for entry in revoked:
        if entry["key"] == key_b64:
            message = "SSH host key of %s (%s) is revoked (%s): refused" % (name, presented, entry["source"])
            return dict(result, action=REJECT, reason="revoked", message=message)
    if pinned:
        for entry in pinned:
            if entry["keytype"] == keytype and entry["key"] == key_b64:
                message = "SSH host key of %s (%s) matches the key pinned in %s" % (name, presented, entry["source"])
                return dict(result, action=ACCEPT, reason="pinned", message=message)
        expected = "; ".join("%s (%s)" % (describe(e["keytype"], e["key"]), e["source"]) for e in pinned)
        message = (
            "SSH host key of %s CHANGED: the switch presented %s, expected %s. Refused: this is a "
            "man-in-the-middle or a switch that was replaced or re-keyed; verify the new fingerprint "
            "out of band, then replace the pinned key" % (name, presented, expected)
        )
        return dict(result, action=REJECT, reason="changed", message=message)
    if policy == "trust_first_use":
        message = (
            "SSH host key of %s (%s) trusted on first use and recorded in %s; verify this fingerprint "
            "out of band: a different key will be refused from now on" % (name, presented, record_in or "state_dir")
        )
        return dict(result, action=RECORD, reason="first_use", message=message)
    message = (
        "SSH host key of %s is not pinned: the switch presented %s. Refused (host_key_policy=reject): "
        "verify the fingerprint out of band and pin it (host_key, known_hosts_file or %s), or set "
        "host_key_policy=trust_first_use" % (name, presented, record_in or "<state_dir>/" + STATE_KNOWN_HOSTS)
    )
    return dict(result, action=REJECT, reason="unknown", message=message)


def known_hosts_line(name: str, keytype: str, key_b64: str) -> str:
    return "%s %s %s\n" % (name, keytype, key_b64)


def add_known_host(text: str, name: str, keytype: str, key_b64: str) -> str:
    """``text`` with a line for the key appended (the existing lines kept as they are)."""
    if text and not text.endswith("\n"):
        text += "\n"
    return (text or "") + known_hosts_line(name, keytype, key_b64)
