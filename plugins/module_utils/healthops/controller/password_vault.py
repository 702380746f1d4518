# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password store on the controller: one ansible-vault encrypted file per inventory.

The document is healthops.passwords.store's; this file adds the I/O. It is encrypted with the
vault secrets of the run (``--vault-id``, ``ANSIBLE_VAULT_IDENTITY_LIST``,
``vault_password_file``: Ansible's normal mechanism), with the encrypt identity Ansible is
configured with, else the first secret. Each change is a read-modify-write under an exclusive
lock of ``<store>.lock`` (every host of a run works in its own fork) and an atomic 0600 write
(healthops.common.fileio), so an interrupted run leaves the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.healthops.common.fileio import atomic_write, check_path, ensure_dir
from ansible.module_utils.healthops.passwords.store import empty_store, validate_store
from ansible.parsing.vault import VaultLib, match_encrypt_secret

Secrets = list[tuple[str, Any]]


class StoreError(Exception):
    """The store cannot be read or written; the message never holds a password."""


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold the store's lock file (created 0600, never through a symlink) for one change."""
    lock_path = path + ".lock"
    check_path(lock_path)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def load(path: str, secrets: Secrets) -> dict[str, Any]:
    """The decrypted document, or an empty store when the file does not exist yet."""
    if not os.path.exists(path):
        return empty_store()
    try:
        with open(path, "rb") as handle:
            plain = VaultLib(secrets).decrypt(handle.read())
        doc = json.loads(plain.decode("utf-8"))
    except (AnsibleError, OSError, ValueError) as exc:
        raise StoreError("cannot read the password store %s: %s" % (path, exc)) from None
    problems = validate_store(doc)
    if problems:
        raise StoreError("password store %s: %s" % (path, "; ".join(problems)))
    return doc


def save(path: str, doc: dict[str, Any], secrets: Secrets, vault_id: str | None = None) -> None:
    """Encrypt and write the document atomically, mode 0600."""
    if not secrets:
        raise StoreError("no vault secret to encrypt the password store with: give --vault-id or a vault password file")
    try:
        encrypt_id, secret = match_encrypt_secret(secrets, vault_id or C.DEFAULT_VAULT_ENCRYPT_IDENTITY)
        data = VaultLib(secrets).encrypt(json.dumps(doc, indent=1, sort_keys=True), secret=secret, vault_id=encrypt_id)
        ensure_dir(os.path.dirname(os.path.abspath(path)), 0o700)
        atomic_write(path, data, mode=0o600)
    except (AnsibleError, OSError) as exc:
        raise StoreError("cannot write the password store %s: %s" % (path, exc)) from None


def change(
    path: str, secrets: Secrets, edit: Callable[[dict[str, Any]], dict[str, Any]], vault_id: str | None = None
) -> dict[str, Any]:
    """Apply ``edit`` to the stored document under the lock and write the result; return it."""
    ensure_dir(os.path.dirname(os.path.abspath(path)), 0o700)
    with locked(path):
        doc = edit(load(path, secrets))
        save(path, doc, secrets, vault_id)
    return doc
