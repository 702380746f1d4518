# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""yescrypt hashes made on the controller by its libxcrypt (``crypt_gensalt_rn`` and ``crypt``).

SHA-512 crypt is computed in pure Python (healthops.passwords.generate); yescrypt is not, so it
is asked of the C library that PAM itself uses on Debian 11+, RHEL 9, Kylin V10 and UOS 20. The
salt comes from libxcrypt's own CSPRNG; the cost is its default. Only the hash goes to a host,
where the login check proves that its PAM accepts it (CentOS 7's glibc does not: keep sha512 there).
"""

from __future__ import annotations

import ctypes
import ctypes.util

PREFIX = b"$y$"


class CryptError(Exception):
    """The controller's C library cannot make the hash."""


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("crypt")
    try:
        lib = ctypes.CDLL(name or "libcrypt.so.1")
        gensalt, crypt = lib.crypt_gensalt_rn, lib.crypt
    except (OSError, AttributeError) as exc:
        raise CryptError("the controller has no libxcrypt with crypt_gensalt_rn: %s" % exc) from None
    gensalt.restype, crypt.restype = ctypes.c_char_p, ctypes.c_char_p
    gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    return lib


def crypt_with(password: str, setting: str) -> str:
    """crypt(3) of ``password`` with ``setting`` (a salt or a whole hash), or CryptError."""
    out = _library().crypt(password.encode("utf-8"), setting.encode("ascii"))
    # libxcrypt answers a setting it cannot use with a string starting with '*', never NULL.
    if not out or out.startswith(b"*"):
        scheme = "$%s$" % setting.split("$")[1] if setting.count("$") > 1 else setting[:3]
        raise CryptError("the controller's libcrypt cannot hash with %s" % scheme)
    return out.decode("ascii")


def yescrypt_hash(password: str) -> str:
    """``$y$<params>$<salt>$<hash>`` of ``password``."""
    buffer = ctypes.create_string_buffer(128)
    # No random bytes given: libxcrypt draws them from the operating system itself.
    setting = _library().crypt_gensalt_rn(PREFIX, 0, None, 0, buffer, len(buffer))
    if not setting or not setting.startswith(PREFIX):
        raise CryptError("the controller's libcrypt does not make yescrypt salts")
    return crypt_with(password, setting.decode("ascii"))
