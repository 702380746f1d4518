"""healthops.passwords.scram: PostgreSQL's SCRAM-SHA-256 verifier, checked against RFC 7677's exchange."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from ansible.module_utils.healthops.passwords.scram import scram_sha256_verifier

# RFC 7677, section 3: user "user", password "pencil".
SALT = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
AUTH_MESSAGE = (
    b"n=user,r=rOprNGfwEbeRWgbNEkqO,"
    b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
    b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
)
SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
CLIENT_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="


def test_the_verifier_reproduces_rfc_7677() -> None:
    verifier = scram_sha256_verifier("pencil", SALT)
    scheme, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    assert (scheme, iterations_salt) == ("SCRAM-SHA-256", "4096:W22ZaJ0SNY7soEsUEjb6gQ==")
    stored_key, server_key = (base64.b64decode(k) for k in keys.split(":"))
    signature = hmac.new(server_key, AUTH_MESSAGE, hashlib.sha256).digest()
    assert base64.b64encode(signature).decode() == SERVER_SIGNATURE
    # The client's proof XOR its signature is the ClientKey, whose SHA-256 is the StoredKey.
    client_signature = hmac.new(stored_key, AUTH_MESSAGE, hashlib.sha256).digest()
    client_key = bytes(a ^ b for a, b in zip(base64.b64decode(CLIENT_PROOF), client_signature, strict=True))
    assert hashlib.sha256(client_key).digest() == stored_key


def test_a_random_salt_each_time() -> None:
    assert scram_sha256_verifier("x") != scram_sha256_verifier("x")


def test_non_ascii_is_refused() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        scram_sha256_verifier("pässword")
