# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a patch round installs, and what it changed (pure; standard library; Python >= 3.6).

The plan is the simulation's list less what the round must not touch: held packages (the
inventory's ``patching_hold_packages``), kernels when they are not allowed, and non-security
updates in a security-only round. The same plan is what ``--check --diff`` shows and what the
real run installs, at the simulated versions, so the preview is what then changes.
"""

from __future__ import absolute_import, division, print_function

import fnmatch
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN, make_check

__metaclass__ = type

KERNEL_PATTERNS = ("linux-image-*", "linux-headers-*", "linux-modules-*", "linux-kbuild-*", "kernel", "kernel-*")


def is_kernel(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in KERNEL_PATTERNS)


def held(name: str, holds: Iterable[str]) -> bool:
    """A hold entry is a package name or a glob (``tomcat*``)."""
    return any(fnmatch.fnmatchcase(name, h) for h in holds)


def select(
    packages: List[Dict[str, Any]], holds: List[str], security_only: bool, allow_kernel: bool
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Split the simulation into (planned, skipped); each skipped package carries its ``reason``."""
    planned, skipped = [], []
    for package in packages:
        reason = ""
        if held(package["name"], holds):
            reason = "held"
        elif not allow_kernel and is_kernel(package["name"]):
            reason = "kernel not allowed"
        elif security_only and package.get("security") is False and package.get("action") != "install":
            reason = "not a security update"
        elif package.get("action") == "remove":
            reason = "removal is never planned"
        if reason:
            skipped.append(dict(package, reason=reason))
        else:
            planned.append(package)
    return planned, skipped


def changes(before: Dict[str, str], after: Dict[str, str]) -> List[Dict[str, Optional[str]]]:
    """Installed versions before and after -> [{name, old, new}] for every package that changed (sorted)."""
    found = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            found.append({"name": name, "old": before.get(name), "new": after.get(name)})
    return found


def diff_text(rows: List[Dict[str, Any]]) -> Dict[str, str]:
    """The --diff of a round: one line per package, installed version before, planned/new version after."""
    before = "".join("%s %s\n" % (r["name"], r.get("old") or "(not installed)") for r in rows)
    after = "".join("%s %s\n" % (r["name"], r.get("new") or "(removed)") for r in rows)
    return {"before": before, "after": after, "before_header": "installed", "after_header": "after the round"}


def package_checks(rows: List[Dict[str, Any]], done: bool) -> List[Dict[str, Any]]:
    """One report row per package: INFO when planned (the proposal), PASS when installed (the round)."""
    checks = []
    for row in rows:
        value = "%s -> %s" % (row.get("old") or "-", row.get("new") or "-")
        detail = "installed" if done else "would be installed"
        if row.get("origin"):
            detail += " from %s" % row["origin"]
        checks.append(
            make_check(
                "package.%s" % row["name"],
                "package",
                "Package %s" % row["name"],
                "软件包 %s" % row["name"],
                PASS if done else INFO,
                value,
                None,
                "",
                detail,
            )
        )
    return checks


def skipped_checks(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One INFO row per update the round leaves out, with why (held, kernel, not security)."""
    return [
        make_check(
            "package.%s" % r["name"],
            "package",
            "Package %s" % r["name"],
            "软件包 %s" % r["name"],
            INFO,
            "%s (%s)" % (r.get("old") or "-", r.get("new") or "-"),
            None,
            "",
            "not updated: %s" % r["reason"],
        )
        for r in rows
    ]


def _package_row(name: str, status: str, value: str, detail: str) -> Dict[str, Any]:
    return make_check(
        "package.%s" % name, "package", "Package %s" % name, "软件包 %s" % name, status, value, None, "", detail
    )


def outcome_checks(planned: List[Dict[str, Any]], changed: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The round's rows, what was planned beside what was done: PASS installed as planned, WARN another
    version, FAIL planned but not installed; a change nobody planned (a new dependency) is INFO."""
    done = {c["name"]: c for c in changed}
    rows = []
    for package in planned:
        change = done.pop(package["name"], None)
        want = package.get("new")
        if change is None:
            value = "%s -> %s" % (package.get("old") or "-", want or "-")
            rows.append(_package_row(package["name"], FAIL, value, "planned %s, not installed" % want))
        elif change.get("new") == want:
            value = "%s -> %s" % (change.get("old") or "-", want)
            rows.append(_package_row(package["name"], PASS, value, "installed as planned"))
        else:
            value = "%s -> %s" % (change.get("old") or "-", change.get("new") or "-")
            rows.append(
                _package_row(package["name"], WARN, value, "planned %s, installed %s" % (want, change.get("new")))
            )
    for name in sorted(done):
        change = done[name]
        value = "%s -> %s" % (change.get("old") or "-", change.get("new") or "-")
        rows.append(_package_row(name, INFO, value, "changed with the planned packages (a dependency)"))
    return rows
