# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password policy of the rotation duty and its validation.

cadre_health's notice asks for server passwords changed every one to three months, so the
maximum age must lie between 30 and 90 days. A policy is checked here before anything runs, on
the controller (role validation) and again on the host (module), with the same function.
Standard library only, Python 3.6 (runs on managed hosts).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import string

# Symbols safe in a shell word, a YAML scalar, a JDBC URL and chpasswd's "user:password" line.
SYMBOLS = "!#%+-.=?@^_~"
CLASSES = {
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
    "digit": string.digits,
    "symbol": SYMBOLS,
}
MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_CLASSES = 3
MIN_AGE_LIMIT = 30
MAX_AGE_LIMIT = 90

DEFAULT_POLICY = {
    "length": 24,
    "classes": ["lower", "upper", "digit", "symbol"],
    "min_per_class": 2,
    "max_age_days": 90,
}


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def resolve_policy(policy):
    """The policy given, over the defaults (None or {} is the default policy)."""
    merged = dict(DEFAULT_POLICY)
    merged.update(policy or {})
    return merged


def validate_policy(policy, name="password_rotation_policy"):
    """Problems with a policy (empty when valid), each naming the key and the allowed range."""
    if not isinstance(policy, dict):
        return ["%s must be a mapping, not %r" % (name, type(policy).__name__)]
    problems = [
        "%s.%s is not a policy key (%s)" % (name, k, ", ".join(sorted(DEFAULT_POLICY)))
        for k in sorted(policy)
        if k not in DEFAULT_POLICY
    ]
    merged = resolve_policy(policy)
    length, classes, per_class, max_age = (merged[k] for k in ("length", "classes", "min_per_class", "max_age_days"))
    if not _is_int(length) or not MIN_LENGTH <= length <= MAX_LENGTH:
        problems.append("%s.length must be an integer from %d to %d, not %r" % (name, MIN_LENGTH, MAX_LENGTH, length))
    if not isinstance(classes, list) or any(c not in CLASSES for c in classes):
        problems.append("%s.classes must be a list of %s, not %r" % (name, ", ".join(sorted(CLASSES)), classes))
    elif len(set(classes)) < MIN_CLASSES:
        problems.append("%s.classes must name at least %d classes, not %r" % (name, MIN_CLASSES, classes))
    if not _is_int(per_class) or per_class < 1:
        problems.append("%s.min_per_class must be an integer of at least 1, not %r" % (name, per_class))
    elif _is_int(length) and isinstance(classes, list) and per_class * len(set(classes)) > length:
        problems.append(
            "%s.min_per_class %d times %d classes exceeds length %r" % (name, per_class, len(set(classes)), length)
        )
    if not _is_int(max_age) or not MIN_AGE_LIMIT <= max_age <= MAX_AGE_LIMIT:
        problems.append(
            "%s.max_age_days must be an integer from %d to %d (every one to three months), not %r"
            % (name, MIN_AGE_LIMIT, MAX_AGE_LIMIT, max_age)
        )
    return problems


def validate_accounts(accounts, name="password_rotation_accounts"):
    """Problems with the list of account names to rotate (empty when valid)."""
    if not isinstance(accounts, list):
        return ["%s must be a list of account names" % name]
    problems = []
    for account in accounts:
        if not isinstance(account, str) or not account or ":" in account or account.strip() != account:
            problems.append("%s has an invalid account name %r" % (name, account))
    duplicates = sorted({a for a in accounts if isinstance(a, str) and accounts.count(a) > 1})
    if duplicates:
        problems.append("%s lists %s more than once" % (name, ", ".join(duplicates)))
    return problems
