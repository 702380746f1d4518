# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password store in pass (passwordstore.org) on the controller: one entry per host and account.

The other backend beside controller.password_vault, holding the same versions
(healthops.passwords.store). Entry ``<prefix>/<host>/<account>``: its first line is the current
(verified) password, so ``lookup('community.general.passwordstore', '<prefix>/<host>/<account>')``
gives the live one, as ``pass show`` does; the lines after it are YAML, ``healthops_versions``
(the lookup reads them as its subkeys). Each entry is encrypted by pass with the store's GPG
recipients (``pass init``). A change is made under the lock ``<store>/.healthops.lock``; it is
written as a new entry beside the old one and moved over it (a rename), so an interrupted run leaves
the old entry or the complete new one, never a partial file.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from ansible.module_utils.healthops.controller.password_vault import StoreError, locked
from ansible.module_utils.healthops.passwords.store import FORMAT, empty_store, validate_store

VERSIONS_KEY = "healthops_versions"
NEW_SUFFIX = ".healthops-new"


def entry_name(prefix: str, key: str) -> str:
    """The pass name of a store key ``<host>/<account>``; refuses what would leave the prefix."""
    name = "%s/%s" % (prefix.strip("/"), key)
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts) or any(c in name for c in "\n\x00"):
        raise StoreError("cannot name a pass entry %r" % name)
    return name


def render(entry: dict[str, Any]) -> str:
    """An entry's text: the current password first (empty while none is verified), then the versions."""
    current = [v for v in entry["versions"] if v["state"] == "current"]
    first = current[-1]["password"] if current else ""
    return first + "\n" + yaml.safe_dump({VERSIONS_KEY: entry["versions"]}, default_flow_style=False, sort_keys=True)


def parse(text: str) -> dict[str, Any]:
    """The entry of an entry's text (render's inverse)."""
    _first, _sep, rest = text.partition("\n")
    try:
        data = yaml.safe_load(rest) or {}
    except yaml.YAMLError:
        data = {}
    versions = data.get(VERSIONS_KEY) if isinstance(data, dict) else None
    if not isinstance(versions, list):
        raise StoreError("a pass entry without %s: not written by the password rotation" % VERSIONS_KEY)
    return {"versions": versions}


def _run(directory: str, argv: list[str], data: str | None = None) -> str:
    env = dict(os.environ, PASSWORD_STORE_DIR=directory, LANGUAGE="C", LC_ALL="C")
    try:
        proc = subprocess.run(["pass", *argv], input=data, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise StoreError("cannot run pass: %s" % exc) from None
    if proc.returncode != 0:
        # pass and gpg say what failed on stderr; neither echoes an entry's content.
        raise StoreError("pass %s failed: %s" % (argv[0], proc.stderr.strip()))
    return proc.stdout


def check_store(directory: str) -> None:
    """The store exists and has recipients (pass init), so entries can be written."""
    if not (Path(directory) / ".gpg-id").is_file():
        raise StoreError("pass store %s is not initialised: run pass init <gpg-id> with PASSWORD_STORE_DIR" % directory)


def _keys(directory: str, prefix: str) -> list[str]:
    """The store keys (``<host>/<account>``) that have an entry under ``prefix``."""
    base = Path(directory) / prefix.strip("/")
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*.gpg")):
        rel = path.relative_to(base).as_posix()[: -len(".gpg")]
        if not rel.endswith(NEW_SUFFIX) and rel.count("/") == 1:
            found.append(rel)
    return found


def _read(directory: str, prefix: str, key: str) -> dict[str, Any] | None:
    name = entry_name(prefix, key)
    if not (Path(directory) / (name + ".gpg")).is_file():
        return None
    return parse(_run(directory, ["show", name]))


def load(directory: str, prefix: str) -> dict[str, Any]:
    """Every entry under ``prefix`` as one store document (for the ages and the summary)."""
    check_store(directory)
    doc = empty_store()
    for key in _keys(directory, prefix):
        doc["entries"][key] = _read(directory, prefix, key)
    problems = validate_store(doc)
    if problems:
        raise StoreError("pass store %s: %s" % (directory, "; ".join(problems)))
    return doc


def _write(directory: str, prefix: str, key: str, entry: dict[str, Any] | None) -> None:
    name = entry_name(prefix, key)
    if entry is None:
        if (Path(directory) / (name + ".gpg")).is_file():
            _run(directory, ["rm", "--force", name])
        return
    _run(directory, ["insert", "--multiline", "--force", name + NEW_SUFFIX], render(entry))
    _run(directory, ["mv", "--force", name + NEW_SUFFIX, name])


def change(directory: str, prefix: str, key: str, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Apply ``edit`` to the document of ``key``'s entry under the lock, write it back; return it."""
    check_store(directory)
    with locked(str(Path(directory) / ".healthops")):
        doc = {"format": FORMAT, "entries": {}}
        entry = _read(directory, prefix, key)
        if entry is not None:
            doc["entries"][key] = entry
        new = edit(doc)
        _write(directory, prefix, key, new["entries"].get(key))
    return new
