# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""New passwords and their crypt(3) hashes, made on the controller.

The password is drawn with the operating system's CSPRNG (``secrets``); tests pass a seeded
``random.Random`` instead. The hash is SHA-512 crypt (``$6$``), computed here in pure Python:
only the hash travels to the host, and the controller needs neither passlib nor ``crypt`` (gone
from Python 3.13). Standard library only, Python 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import secrets

from .policy import CLASSES, resolve_policy

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ROUNDS_DEFAULT = 5000
# The byte order of SHA-512 crypt's final encoding (Drepper's specification).
_SHA512_ORDER = [
    (0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
    (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
    (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41),
]  # fmt: skip


def generate_password(policy, rng=None):
    """A password of the policy's length with at least min_per_class characters of each class."""
    policy = resolve_policy(policy)
    rng = rng or secrets.SystemRandom()
    classes = sorted(set(policy["classes"]))
    chars = [rng.choice(CLASSES[c]) for c in classes for _ in range(policy["min_per_class"])]
    alphabet = "".join(CLASSES[c] for c in classes)
    chars.extend(rng.choice(alphabet) for _ in range(policy["length"] - len(chars)))
    rng.shuffle(chars)
    return "".join(chars)


def make_salt(rng=None, size=16):
    """A crypt salt of ``size`` characters of ./0-9A-Za-z."""
    rng = rng or secrets.SystemRandom()
    return "".join(rng.choice(_ITOA64) for _ in range(size))


def _b64_24(b2, b1, b0, count):
    word = (b2 << 16) | (b1 << 8) | b0
    out = []
    for _ in range(count):
        out.append(_ITOA64[word & 0x3F])
        word >>= 6
    return "".join(out)


def _repeat(digest, length):
    return (digest * (length // len(digest) + 1))[:length]


def sha512_crypt(password, salt, rounds=_ROUNDS_DEFAULT):
    """crypt(3)'s SHA-512 hash ``$6$[rounds=N$]salt$...`` of ``password``."""
    key = password.encode("utf-8")
    salt_b = salt.encode("ascii")[:16]
    alt = hashlib.sha512(key + salt_b + key).digest()
    ctx = hashlib.sha512(key + salt_b)
    ctx.update(_repeat(alt, len(key)))
    n = len(key)
    while n > 0:
        ctx.update(alt if n & 1 else key)
        n >>= 1
    digest = ctx.digest()
    p_bytes = _repeat(hashlib.sha512(key * len(key)).digest(), len(key))
    s_bytes = _repeat(hashlib.sha512(salt_b * (16 + digest[0])).digest(), len(salt_b))
    for i in range(rounds):
        ctx = hashlib.sha512(p_bytes if i & 1 else digest)
        if i % 3:
            ctx.update(s_bytes)
        if i % 7:
            ctx.update(p_bytes)
        ctx.update(digest if i & 1 else p_bytes)
        digest = ctx.digest()
    encoded = "".join(_b64_24(digest[a], digest[b], digest[c], 4) for a, b, c in _SHA512_ORDER)
    encoded += _b64_24(0, 0, digest[63], 2)
    prefix = "$6$" if rounds == _ROUNDS_DEFAULT else "$6$rounds=%d$" % rounds
    return "%s%s$%s" % (prefix, salt_b.decode("ascii"), encoded)


def hash_password(password, scheme="sha512", rng=None):
    """The hash to set on the host for ``password`` (only sha512 for now)."""
    if scheme != "sha512":
        raise ValueError("hash scheme %r is not supported (sha512)" % scheme)
    return sha512_crypt(password, make_salt(rng))
