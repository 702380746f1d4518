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
# Updates after which the host needs a reboot: the kernel, and what needs-restarting -r (dnf-plugins-core)
# counts besides it, with the Debian names of the same parts. The proposal expects a reboot from these.
REBOOT_PATTERNS = KERNEL_PATTERNS + (
    "glibc",
    "libc6",
    "linux-firmware",
    "firmware-linux*",
    "systemd",
    "udev",
    "openssl-libs",
    "libssl*",
    "gnutls",
    "libgnutls*",
    "dbus",
    "dbus-broker",
    "dbus-daemon",
    "microcode_ctl",
    "intel-microcode",
    "amd64-microcode",
    "zlib",
)


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


def approved_versions(checks: List[Dict[str, Any]]) -> Dict[str, str]:
    """One host's rows of an approved proposal (its report.json) -> {name: version} the client approved:
    the package rows the proposal would install (``package_checks``: value ``old -> new``)."""
    found = {}
    for check in checks:
        check_id = str(check.get("id") or "")
        if check_id.startswith("package.") and str(check.get("detail") or "").startswith("would be installed"):
            new = str(check.get("value") or "").rpartition(" -> ")[2].strip()
            if new and new != "-":
                found[check_id[len("package.") :]] = new
    return found


def keep_approved(
    planned: List[Dict[str, Any]], skipped: List[Dict[str, Any]], approved: Dict[str, str]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The round installs what the client approved and nothing else: a planned update not in the proposal,
    or whose candidate is no longer the approved version, is left out with why (for the next proposal)."""
    keep, left = [], list(skipped)
    for package in planned:
        want = approved.get(package["name"])
        if want is None:
            left.append(dict(package, reason="not in the approved proposal"))
        elif want != package.get("new"):
            left.append(dict(package, reason="approved %s, candidate now %s" % (want, package.get("new"))))
        else:
            keep.append(package)
    return keep, left


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


def reboot_expectation(
    planned: List[Dict[str, Any]], pending: Optional[bool], extra: Iterable[str]
) -> Tuple[bool, str]:
    """Whether the round will leave a reboot required, and why: one already pending, or a planned update of
    the kernel, the C library, systemd... (REBOOT_PATTERNS) or of a package the inventory names (``extra``)."""
    if pending:
        return True, "a reboot is already pending"
    patterns = REBOOT_PATTERNS + tuple(extra)
    names = [p["name"] for p in planned if any(fnmatch.fnmatchcase(p["name"], pat) for pat in patterns)]
    if names:
        more = " and %d more" % (len(names) - 5) if len(names) > 5 else ""
        return True, "updates %s%s" % (", ".join(names[:5]), more)
    return False, "no planned update needs one"


def _batch_size(step: Any, total: int) -> int:
    """One entry of ``serial`` as a host count, as Ansible reads it: ``"30%"`` of all the play's hosts
    (at least 1), else a number; 0 or less is all the rest."""
    text = str(step).strip()
    if text.endswith("%"):
        return int(int(text[:-1]) / 100.0 * total) or 1
    return int(text)


def batches(hosts: List[str], serial: Any) -> List[List[str]]:
    """The play's hosts in the batches Ansible will run them in (``serial`` a number, a percentage or a
    list of them; the last entry repeats), so the proposal can name each host's batch and their order."""
    steps = [s for s in (serial if isinstance(serial, (list, tuple)) else [serial]) if s not in (None, "")] or [0]
    remaining = list(hosts)
    found = []
    index = 0
    while remaining:
        size = _batch_size(steps[index], len(hosts))
        size = size if size > 0 else len(remaining)
        found.append(remaining[:size])
        remaining = remaining[size:]
        index = min(index + 1, len(steps) - 1)
    return found


def proposal_checks(
    host: str, groups: List[List[str]], holds: List[str], skipped: List[Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """What the client approves besides the packages: the host's batch in the order of the round
    (patch.batch; none when the round is not batched by playbooks/patch.yml) and the hold list (patch.holds)."""
    checks = []
    for index, group in enumerate(groups):
        if host in group:
            detail = "batch %d of %d: %s; " % (index + 1, len(groups), ", ".join(group))
            detail += "after batch %d passed its post-checks" % index if index else "the first batch"
            value = "%d/%d" % (index + 1, len(groups))
            checks.append(make_check("patch.batch", "patch", "Batch", "批次", INFO, value, None, "", detail))
            break
    held = ["%s %s" % (r["name"], r.get("old") or "-") for r in skipped if r.get("reason") == "held"]
    detail = "held on every run, never updated" + ("; updates held back: %s" % ", ".join(held) if held else "")
    value = ", ".join(holds) if holds else "none"
    checks.append(
        make_check("patch.holds", "patch", "Held packages", "保持不更新的软件包", INFO, value, None, "", detail)
    )
    return checks
