# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Password ages from /etc/shadow, due-ness against the policy, and the duty's checks.

/etc/shadow's third field is the day of the last change, in days since 1970-01-01; an empty
field means aging is off and 0 means "change at next login". Both count as due: nobody knows
how old such a password is. A hash starting with ``!`` or ``*`` is a locked account or one
without a password: rotating it would unlock it, so it is reported and left alone.
Standard library only, Python 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ..common.result import ERROR, FAIL, INFO, PASS, WARN, grade, make_check

SHADOW_FIELDS = ("name", "hash", "last_change", "min_days", "max_days", "warn_days", "inactive", "expire")
# Of the policy's maximum age (the design's password_age threshold).
AGE_WARN_PCT = 80
AGE_FAIL_PCT = 100


def _int_or_none(text):
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None


def parse_shadow(text, wanted=None):
    """name -> {hash, last_change, max_days, ...} for the lines of a shadow file (``wanted`` only)."""
    entries = {}
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 8 or not fields[0] or (wanted is not None and fields[0] not in wanted):
            continue
        entry = dict(zip(SHADOW_FIELDS, fields))
        for key in SHADOW_FIELDS[2:]:
            entry[key] = _int_or_none(entry[key])
        entries[fields[0]] = entry
    return entries


def is_locked(entry):
    """A locked account or one without a usable password (rotating would unlock it)."""
    return entry["hash"][:1] in ("!", "*") or entry["hash"] == ""


def account_age(entry, today):
    """Days since the last change, or None when unknown (aging off, or forced change at next login)."""
    last = entry.get("last_change")
    if last is None or last <= 0:
        return None
    return max(today - last, 0)


def assess(name, entry, policy, today, force=False):
    """One account's state against the policy: what the role decides on and reports."""
    if entry is None:
        return {
            "account": name,
            "present": False,
            "locked": False,
            "age_days": None,
            "due": False,
            "reason": "no such account",
        }
    age = account_age(entry, today)
    locked = is_locked(entry)
    if locked:
        due, reason = False, "locked or without a password: not rotated"
    elif force:
        due, reason = True, "forced"
    elif age is None:
        due, reason = True, "age unknown (last change %r)" % entry.get("last_change")
    else:
        due = age >= policy["max_age_days"]
        reason = "%d of %d days" % (age, policy["max_age_days"])
    return {
        "account": name,
        "present": True,
        "locked": locked,
        "age_days": age,
        "last_change": entry.get("last_change"),
        "max_days": entry.get("max_days"),
        "due": due,
        "reason": reason,
    }


def age_check(state, policy):
    """password.age:<account>: the age against the policy (WARN at 80 %, FAIL at 100 % of max)."""
    name, max_age = state["account"], policy["max_age_days"]
    warn = max_age * AGE_WARN_PCT // 100
    threshold = ">=%d/%d d" % (warn, max_age)
    common = {
        "category": "password",
        "title": "Password age %s" % name,
        "title_zh": "密码使用天数 %s" % name,
        "unit": "d",
    }
    if not state["present"]:
        return make_check(
            "password.age:" + name, status=WARN, threshold=threshold, detail="account not found on the host", **common
        )
    if state["locked"]:
        return make_check("password.age:" + name, status=INFO, threshold=threshold, detail=state["reason"], **common)
    age = state["age_days"]
    status = FAIL if age is None else grade(age, warn, max_age)
    changed = "unknown" if age is None else "%d days ago" % age
    if state.get("max_days") is None:  # a database role: the store is the only record of its age
        detail = "last changed %s (password store); policy %d days" % (changed, max_age)
    else:
        detail = "last changed %s; host maximum %s days, policy %d" % (changed, state["max_days"], max_age)
    return make_check("password.age:" + name, status=status, value=age, threshold=threshold, detail=detail, **common)


def stored_state(name, age_days):
    """The state of an account whose age only the password store knows (a database role)."""
    return {"account": name, "present": True, "locked": False, "age_days": age_days, "max_days": None}


def rotation_check(outcome):
    """password.rotation:<account>: what the run did, with ages and the store (never the password)."""
    name = outcome["account"]
    status = {"rotated": PASS, "failed": FAIL, "restore_failed": FAIL}.get(outcome["result"], ERROR)
    detail = "%s; age %s -> %s days; %s" % (
        outcome.get("reason") or outcome["result"],
        outcome.get("age_before"),
        outcome.get("age_after"),
        outcome.get("stored") or "not stored",
    )
    return make_check(
        "password.rotation:" + name,
        category="password",
        title="Password rotation %s" % name,
        title_zh="密码轮换 %s" % name,
        status=status,
        value=outcome["result"],
        detail=detail,
    )


def excluded_check(item):
    """password.excluded:<account>: an account left out on purpose, with the reason."""
    return make_check(
        "password.excluded:" + item["name"],
        category="password",
        title="Password rotation excluded %s" % item["name"],
        title_zh="密码轮换排除 %s" % item["name"],
        status=INFO,
        detail=item.get("reason") or "excluded",
    )


def discover(entries, known):
    """The accounts of the whole shadow file not in ``known``: (those holding a password, the locked ones).

    Both in the file's order. An account with a password that no rotation covers is how a
    forgotten operator or vendor account keeps the password it was installed with.
    """
    unlocked, locked = [], []
    for name, entry in entries.items():
        if name not in known:
            (locked if is_locked(entry) else unlocked).append(name)
    return unlocked, locked


def unmanaged_check(state, policy):
    """password.unmanaged:<account>: a password on the host that neither rotation nor exclusion covers."""
    age = state["age_days"]
    changed = "unknown" if age is None else "%d days ago" % age
    return make_check(
        "password.unmanaged:" + state["account"],
        category="password",
        title="Password not under rotation %s" % state["account"],
        title_zh="未纳入轮换的密码 %s" % state["account"],
        status=WARN,
        value=age,
        threshold="rotated or excluded",
        unit="d",
        detail="holds a password last changed %s (policy %d days) that no rotation covers: list it in "
        "password_rotation_accounts, or in password_rotation_excluded with the reason"
        % (changed, policy["max_age_days"]),
    )


def locked_check(names):
    """password.locked: the accounts that hold no usable password (never rotated), all in one line."""
    return make_check(
        "password.locked",
        category="password",
        title="Accounts without a usable password",
        title_zh="已锁定或无密码的账号",
        status=INFO,
        value=len(names),
        detail="locked or without a password, never rotated: %s" % (", ".join(names) or "none"),
    )
