# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL's SCRAM-SHA-256 password verifier, computed on the controller.

``ALTER ROLE ... PASSWORD 'SCRAM-SHA-256$...'`` stores a verifier as given, so the password itself
never reaches the server, nor its statement log (RFC 5802, RFC 7677; PostgreSQL's
``pg_be_scram_build_secret``). Generated passwords are ASCII, for which SASLprep changes nothing.
Standard library only, Python 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib
import hmac
import os

ITERATIONS = 4096  # PostgreSQL's scram_iterations default
SALT_BYTES = 16


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def scram_keys(password, salt, iterations=ITERATIONS):
    """(StoredKey, ServerKey) of ``password`` with ``salt`` (bytes)."""
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest(), server_key


def scram_sha256_verifier(password, salt=None, iterations=ITERATIONS):
    """``SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>``, as pg_authid.rolpassword holds it."""
    if any(ord(c) > 127 for c in password):  # str.isascii is Python 3.7+
        raise ValueError("only ASCII passwords are hashed here (SASLprep is not implemented)")
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    stored_key, server_key = scram_keys(password, salt, iterations)
    return "SCRAM-SHA-256$%d:%s$%s:%s" % (iterations, _b64(salt), _b64(stored_key), _b64(server_key))
