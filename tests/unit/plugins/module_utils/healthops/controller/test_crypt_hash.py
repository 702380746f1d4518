"""healthops.controller.crypt_hash: yescrypt hashes from the controller's libxcrypt, checked by the
same library the way PAM checks a login (crypt of the password with the stored hash as setting)."""

from __future__ import annotations

import healthops_testlib  # noqa: F401 - puts plugins/module_utils on ansible.module_utils' path
import pytest
from ansible.module_utils.healthops.controller.crypt_hash import CryptError, crypt_with, yescrypt_hash
from ansible.module_utils.healthops.passwords.generate import sha512_crypt


def test_yescrypt_hashes_verify_and_are_salted() -> None:
    first, second = yescrypt_hash("Pw-Yes-1"), yescrypt_hash("Pw-Yes-1")
    assert first.startswith("$y$")
    assert first != second  # a new salt each time
    assert crypt_with("Pw-Yes-1", first) == first
    assert crypt_with("Pw-Yes-2", first) != first
    assert "Pw-Yes-1" not in first


def test_the_pure_python_sha512_agrees_with_libcrypt() -> None:
    # The same library checks both: the hash this project sets by default is one PAM accepts.
    expected = sha512_crypt("Pw-Sha-1", "saltsaltsalt1234")
    assert crypt_with("Pw-Sha-1", "$6$saltsaltsalt1234$") == expected


def test_a_setting_the_library_cannot_use_is_an_error() -> None:
    with pytest.raises(CryptError, match="cannot hash"):
        crypt_with("x", "$unknown$salt")
