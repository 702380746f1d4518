"""healthops.passwords.policy: the policy is validated before anything runs, naming the key."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.passwords.policy import DEFAULT_POLICY, validate_accounts, validate_policy


def test_the_default_policy_is_valid() -> None:
    assert validate_policy({}) == []
    assert validate_policy(dict(DEFAULT_POLICY)) == []


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ({"max_age_days": 29}, "max_age_days must be an integer from 30 to 90"),
        ({"max_age_days": 91}, "max_age_days"),
        ({"max_age_days": "60"}, "max_age_days"),
        ({"max_age_days": True}, "max_age_days"),
        ({"length": 11}, "length must be an integer from 12 to 128"),
        ({"length": 129}, "length"),
        ({"classes": ["lower", "digit"]}, "at least 3 classes"),
        ({"classes": ["lower", "upper", "emoji"]}, "classes must be a list of"),
        ({"min_per_class": 0}, "min_per_class must be an integer of at least 1"),
        ({"length": 12, "min_per_class": 4}, "exceeds length"),
        ({"maximum_age": 60}, "maximum_age is not a policy key"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_key(policy: dict, words: str) -> None:
    problems = validate_policy(policy)
    assert any(words in p for p in problems), problems
    assert all(p.startswith("password_rotation_policy.") for p in problems)


@pytest.mark.parametrize("days", [30, 60, 90])
def test_one_to_three_months_is_accepted(days: int) -> None:
    assert validate_policy({"max_age_days": days}) == []


def test_not_a_mapping() -> None:
    assert validate_policy(["x"]) == ["password_rotation_policy must be a mapping, not 'list'"]


def test_accounts() -> None:
    assert validate_accounts(["root", "opsadmin"]) == []
    assert validate_accounts("root") == ["password_rotation_accounts must be a list of account names"]
    assert validate_accounts(["a:b"]) == ["password_rotation_accounts has an invalid account name 'a:b'"]
    assert validate_accounts(["x", "x"]) == ["password_rotation_accounts lists x more than once"]
