# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password store's document: versions per host and account, as pure functions.

The document (kept encrypted by the controller, healthops.controller.password_vault) is
``{"format": 1, "entries": {"<host>/<account>": {"versions": [...]}}}``; each version is
``{version, state, password, created[, promoted]}`` with state ``staged`` (written before the
host is changed: after an interrupted run it may be the live password, so it is never lost),
``current`` (set and verified by a login) or ``previous`` (kept for ``keep`` rotations).
Every function returns a new document; none mutates its input.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import datetime

FORMAT = 1
STATES = ("staged", "current", "previous")


def empty_store():
    return {"format": FORMAT, "entries": {}}


def entry_key(host, account):
    return "%s/%s" % (host, account)


def validate_store(doc):
    """Problems with a decrypted store document (empty when well formed)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("entries"), dict):
        return ["not a password store of format %d" % FORMAT]
    problems = []
    for key, entry in sorted(doc["entries"].items()):
        versions = entry.get("versions") if isinstance(entry, dict) else None
        if not isinstance(versions, list):
            problems.append("%s has no version list" % key)
            continue
        for version in versions:
            if (
                not isinstance(version, dict)
                or version.get("state") not in STATES
                or not isinstance(version.get("version"), int)
            ):
                problems.append("%s has a malformed version" % key)
    return problems


def _versions(doc, key):
    return doc["entries"].get(key, {}).get("versions", [])


def stage(doc, key, password, now):
    """Add ``password`` as a new staged version of ``key``: (new document, its version number)."""
    new = copy.deepcopy(doc)
    versions = new["entries"].setdefault(key, {"versions": []})["versions"]
    number = max([v["version"] for v in versions] + [0]) + 1
    versions.append({"version": number, "state": "staged", "password": password, "created": now})
    return new, number


def promote(doc, key, number, keep, now):
    """Make staged version ``number`` current; the current one becomes previous, ``keep`` previous kept.

    Older staged versions go: the promoted one was verified by a login, so they are not live.
    """
    versions = _versions(doc, key)
    if not any(v["version"] == number and v["state"] == "staged" for v in versions):
        raise KeyError("%s has no staged version %d" % (key, number))
    kept = []
    for original in versions:
        version = dict(original)
        if version["version"] == number:
            version.update(state="current", promoted=now)
        elif version["state"] == "current":
            version["state"] = "previous"
        elif version["state"] == "staged" and version["version"] < number:
            continue
        kept.append(version)
    previous = sorted((v for v in kept if v["state"] == "previous"), key=lambda v: v["version"], reverse=True)
    dropped = {v["version"] for v in previous[keep:]}
    new = copy.deepcopy(doc)
    new["entries"][key]["versions"] = [v for v in kept if v["version"] not in dropped]
    return new


def discard(doc, key, number):
    """Remove staged version ``number`` (the host was put back to its previous password).

    An entry left without versions goes too: the store lists only accounts it holds a password of.
    """
    new = copy.deepcopy(doc)
    if key in new["entries"]:
        versions = new["entries"][key]["versions"]
        kept = [v for v in versions if not (v["version"] == number and v["state"] == "staged")]
        if kept:
            new["entries"][key]["versions"] = kept
        else:
            del new["entries"][key]
    return new


def current(doc, key):
    """The current version of ``key`` (a dict with its password), or None."""
    found = [v for v in _versions(doc, key) if v["state"] == "current"]
    return found[-1] if found else None


def ages(doc, today):
    """Days since each entry's current version was promoted (None when it has none): the age of a
    password the store alone knows, such as a database role's (``today`` a ``datetime.date``)."""
    result = {}
    for key in doc["entries"]:
        found = current(doc, key)
        promoted = (found or {}).get("promoted") or ""
        try:
            day = datetime.date(int(promoted[0:4]), int(promoted[5:7]), int(promoted[8:10]))
        except ValueError:
            result[key] = None
            continue
        result[key] = max((today - day).days, 0)
    return result


def summary(doc):
    """The store without a single password: key -> [(version, state)], for output and reports."""
    return {
        key: [[v["version"], v["state"]] for v in entry["versions"]] for key, entry in sorted(doc["entries"].items())
    }
