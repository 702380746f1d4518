# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SSH host key pins of one switch, read from and recorded in files on the controller.

The decisions themselves are pure and live in :mod:`healthops.switch.hostkeys`; this module is
their file edge: the operator's ``host_key`` / ``known_hosts_file`` and the keys trusted on first
use under ``state_dir``.
"""

from __future__ import absolute_import, division, print_function

import fcntl
import os
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir
from ansible.module_utils.healthops.common.result import INFO, make_check
from ansible.module_utils.healthops.switch.hostkeys import (
    STATE_KNOWN_HOSTS,
    add_known_host,
    choose_pins,
    keys_for,
    known_hosts_name,
    parse_host_key_option,
    parse_known_hosts,
)

__metaclass__ = type


def _read_known_hosts(path: str, option: str) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """The entries of a known_hosts file, or a message: an unreadable or malformed pin file is never ignored."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        return [], "%s %s unreadable (%s): the switch's SSH host key cannot be checked" % (option, path, exc)
    entries, problems = parse_known_hosts(text, path)
    if problems:
        return [], "%s %s has lines that are not known_hosts entries (%s): fix them, the host key was not checked" % (
            option,
            path,
            "; ".join(problems[:3]),
        )
    return entries, None


def load_trust(params: Dict[str, Any]) -> Tuple[Dict[str, Any], Optional[str]]:
    """The host key pins of this switch (see healthops.switch.hostkeys), or a message why they cannot be read."""
    name = known_hosts_name(params["host"], params["port"])
    record_in = os.path.join(params["state_dir"], STATE_KNOWN_HOSTS) if params.get("state_dir") else None
    operator: List[Dict[str, Any]] = []
    revoked: List[Dict[str, Any]] = []
    if params.get("host_key"):
        entries = parse_host_key_option(params["host_key"], name)[0]
        pinned, gone = keys_for(entries, name)
        operator.extend(pinned)
        revoked.extend(gone)
    if params.get("known_hosts_file"):
        entries, problem = _read_known_hosts(params["known_hosts_file"], "known_hosts_file")
        if problem:
            return {}, problem
        pinned, gone = keys_for(entries, name)
        operator.extend(pinned)
        revoked.extend(gone)
    recorded: List[Dict[str, Any]] = []
    if record_in and os.path.lexists(record_in):
        entries, problem = _read_known_hosts(record_in, "state file")
        if problem:
            return {}, problem
        recorded, gone = keys_for(entries, name)
        revoked.extend(gone)
    trust = {
        "name": name,
        "pinned": choose_pins(operator, recorded),
        "revoked": revoked,
        "policy": params.get("host_key_policy") or "reject",
        "record_in": record_in,
    }
    return trust, None


def record_host_key(path: str, name: str, keytype: str, key_b64: str) -> bool:
    """Add a key trusted on first use to ``path`` (0640, atomic); False when the switch got a key meanwhile.

    Switches of one play are probed in parallel, so the read-modify-write holds a lock file.
    """
    directory = os.path.dirname(path) or "."
    ensure_dir(directory, mode=0o750)
    lock = os.open(
        os.path.join(directory, ".%s.lock" % os.path.basename(path)),
        os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
        0o640,
    )
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = ""
        if os.path.lexists(path):
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        entries, _problems = parse_known_hosts(text, path)
        if keys_for(entries, name)[0]:
            return False
        atomic_write(path, add_known_host(text, name, keytype, key_b64), mode=0o640)
        return True
    finally:
        os.close(lock)  # releases the lock


def host_key_check(decision: Dict[str, Any], check_mode: bool) -> Tuple[Dict[str, Any], Dict[str, Any], List[str]]:
    """Record a key trusted on first use: ``(switch.host_key check, host_key result, notes)``."""
    message = decision["message"]
    status = "recorded"
    notes: List[str] = []
    # What became of the key, after the decision's message (one note at most).
    outcome = ""
    if check_mode:
        status = "would_record"
        message = message.replace(
            "trusted on first use and recorded in", "would be trusted on first use and recorded in"
        )
        outcome = "check mode: not recorded"
    else:
        try:
            if not record_host_key(decision["record_in"], decision["name"], decision["keytype"], decision["key"]):
                status = "not_recorded"
                outcome = "another run recorded a key for this switch meanwhile: that one is kept"
        except OSError as exc:
            status = "not_recorded"
            outcome = "not recorded: %s" % exc
            notes.append("%s not written (%s): the next run trusts on first use again" % (decision["record_in"], exc))
    detail = "%s (%s)" % (message, outcome) if outcome else message
    check = make_check(
        check_id="switch.host_key",
        category="switch",
        title="SSH host key",
        title_zh="SSH 主机密钥",
        status=INFO,
        value=decision["fingerprint"],
        detail=detail,
    )
    result = {k: decision[k] for k in ("name", "keytype", "fingerprint")}
    result.update(status=status, message=detail)
    return check, result, notes
