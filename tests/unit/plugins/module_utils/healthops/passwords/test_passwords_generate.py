"""healthops.passwords.generate: passwords that follow the policy and crypt(3)'s SHA-512 hash."""

from __future__ import annotations

import random
import string

import pytest
from ansible.module_utils.healthops.passwords.generate import generate_password, hash_password, sha512_crypt
from ansible.module_utils.healthops.passwords.policy import SYMBOLS

# Published test vectors of SHA-512 crypt (Drepper, "Unix crypt using SHA-256 and SHA-512").
VECTORS = [
    ("Hello world!", "saltstring", 5000,
     "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"),
    ("Hello world!", "saltstringsaltstring", 10000,
     "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v."),
    ("This is just a test", "toolongsaltstring", 5000,
     "$6$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0"),
]  # fmt: skip


@pytest.mark.parametrize(("password", "salt", "rounds", "expected"), VECTORS)
def test_sha512_crypt_matches_the_published_vectors(password: str, salt: str, rounds: int, expected: str) -> None:
    assert sha512_crypt(password, salt, rounds) == expected


def test_hash_password_has_a_random_16_character_salt() -> None:
    one, two = hash_password("x"), hash_password("x")
    assert one.startswith("$6$")
    assert len(one.split("$")[2]) == 16
    assert one != two
    salt = one.split("$")[2]
    assert sha512_crypt("x", salt) == one


def test_only_sha512_is_offered() -> None:
    with pytest.raises(ValueError, match="yescrypt"):
        hash_password("x", "yescrypt")


@pytest.mark.parametrize("seed", range(20))
def test_generated_passwords_follow_the_policy(seed: int) -> None:
    policy = {"length": 16, "classes": ["lower", "upper", "digit", "symbol"], "min_per_class": 3}
    password = generate_password(policy, random.Random(seed))  # noqa: S311 - deterministic for the test
    assert len(password) == 16
    for chars in (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS):
        assert sum(c in chars for c in password) >= 3
    assert set(password) <= set(string.ascii_letters + string.digits + SYMBOLS)


def test_classes_left_out_are_not_used() -> None:
    password = generate_password({"length": 40, "classes": ["lower", "upper", "digit"]})
    assert not set(password) & set(SYMBOLS)


def test_no_separator_or_quote_is_ever_generated() -> None:
    # chpasswd's "user:hash", shell words and YAML scalars must survive any password.
    assert not set(":'\"\\$` \n") & set(SYMBOLS)


def test_default_generation_is_random() -> None:
    assert len({generate_password({}) for _ in range(50)}) == 50
