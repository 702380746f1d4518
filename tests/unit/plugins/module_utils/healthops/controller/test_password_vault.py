"""healthops.controller.password_vault and ssh_login: the encrypted store's I/O and the login check."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import healthops_testlib  # noqa: F401 - puts plugins/module_utils on ansible.module_utils' path
import pytest
from ansible.module_utils.healthops.controller import password_vault
from ansible.module_utils.healthops.controller.ssh_login import password_login
from ansible.module_utils.healthops.passwords.store import current, empty_store, promote, stage
from ansible.parsing.vault import VaultSecret

SECRETS = [("healthops", VaultSecret(b"unit-test-vault-password"))]


def rotate(doc: dict) -> dict:
    doc, number = stage(doc, "h/u", "Pw-unit-1", "t")
    return promote(doc, "h/u", number, 2, "t")


def test_round_trip_encrypted_private_and_atomic(tmp_path: Path) -> None:
    path = str(tmp_path / "inv" / "password_store.vault")
    assert password_vault.load(path, SECRETS) == empty_store()
    doc = password_vault.change(path, SECRETS, rotate)
    raw = Path(path).read_bytes()
    assert raw.startswith(b"$ANSIBLE_VAULT;1.2;AES256;healthops")
    assert b"Pw-unit-1" not in raw
    assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600
    assert password_vault.load(path, SECRETS) == doc
    assert current(doc, "h/u")["password"] == "Pw-unit-1"
    # no temporary file left behind
    assert sorted(p.name for p in Path(path).parent.iterdir()) == ["password_store.vault", "password_store.vault.lock"]


def test_a_wrong_secret_stops_and_names_the_file(tmp_path: Path) -> None:
    path = str(tmp_path / "s.vault")
    password_vault.change(path, SECRETS, rotate)
    wrong = [("healthops", VaultSecret(b"another"))]
    with pytest.raises(password_vault.StoreError, match="cannot read the password store"):
        password_vault.load(path, wrong)


def test_no_secret_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(password_vault.StoreError, match="no vault secret"):
        password_vault.save(str(tmp_path / "s.vault"), empty_store(), [])


def test_a_symlinked_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("x")
    (tmp_path / "s.vault").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(password_vault.StoreError):
        password_vault.save(str(tmp_path / "s.vault"), empty_store(), SECRETS)
    assert (tmp_path / "elsewhere").read_text() == "x"


def test_login_needs_the_reviewed_known_hosts(tmp_path: Path) -> None:
    ok, reason = password_login("127.0.0.1", 22, "u", "Pw-unit-1", str(tmp_path / "absent"), 2)
    assert not ok
    assert "never accepted unchecked" in reason


def test_login_to_a_closed_port_fails_with_a_reason_and_no_password(tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("")
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ok, reason = password_login("127.0.0.1", port, "u", "Pw-unit-1", str(known), 2)
    assert not ok
    assert "cannot reach 127.0.0.1" in reason
    assert "Pw-unit-1" not in reason
