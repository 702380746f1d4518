# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers of dnf, yum and rpm output for patch rounds (pure; standard library; Python >= 3.6).

Containers here run Debian only, so this path is tested on recorded outputs
(tests/unit/fixtures/patching/SOURCES.md names them).
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Tuple

__metaclass__ = type

ARCHES = ("noarch", "x86_64", "aarch64", "i686", "i386", "ppc64le", "s390x", "loongarch64", "mips64el", "src")
# The first field of a check-update entry: name.arch.
_NAME_ARCH = re.compile(r"^(\S+)\.(%s)$" % "|".join(ARCHES))
# A "Packages Altered" row: "    Upgrade  name-ver-rel.arch  @repo"; " ** " instead of the indent marks an
# item the transaction did not finish.
_HISTORY_PKG = re.compile(
    r"^(?: {4}| \*\* |\s+)(?P<action>[A-Z][A-Za-z-]+(?: [a-z]+)?)\s+(?P<nevra>\S+)(?:\s+(?P<repo>@\S+))?\s*$"
)
# The old side of a pair and the actions that install something, in dnf 4 ("Upgraded") and yum 3 ("Updated") words.
_REPLACED = ("Upgraded", "Updated", "Downgraded", "Obsoleted", "Removed", "Erase", "Dep-Erase")
_INSTALLED = ("Upgrade", "Update", "Downgrade", "Install", "Dep-Install", "True-Install", "Reinstall", "Obsoleting")
# dnf 4 writes the second row of an Upgraded/Upgrade (Downgrade/Downgraded) pair without its name.
_PAIR_FIRST = ("Upgraded", "Downgrade")


def split_nevra(nevra: str) -> Tuple[str, str, str]:
    """``bash-0:5.1.8-6.el9_1.x86_64`` -> (name, [epoch:]version-release, arch)."""
    arch = ""
    head = nevra
    for candidate in ARCHES:
        if nevra.endswith("." + candidate):
            arch, head = candidate, nevra[: -len(candidate) - 1]
            break
    parts = head.rsplit("-", 2)
    if len(parts) < 3:
        return head, "", arch
    name, version, release = parts
    return name, "%s-%s" % (version, release), arch


def parse_check_update(text: str) -> List[Dict[str, Any]]:
    """``dnf check-update`` / ``yum check-update`` (exit 100 when updates exist) -> [{name, arch, new, repo}].

    An entry starts at the line's first column with ``name.arch``; yum wraps a long name or version
    onto indented lines after it, which are joined. Banner lines (plugins, mirrors, "Security:")
    are skipped, and everything from "Obsoleting Packages" on is another report.
    """
    found = []
    tokens = []  # type: List[str]
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("obsoleting packages"):
            break
        fields = line.split()
        if not fields:
            tokens = []
            continue
        if not raw[0].isspace():
            tokens = fields if _NAME_ARCH.match(fields[0]) else []
        elif tokens:
            tokens = tokens + fields
        if len(tokens) >= 3:
            match = _NAME_ARCH.match(tokens[0])
            if len(tokens) == 3 and match and re.match(r"^(\d+:)?\w", tokens[1]):
                found.append({"name": match.group(1), "arch": match.group(2), "new": tokens[1], "repo": tokens[2]})
            tokens = []
    return found


def parse_updateinfo_security(text: str) -> List[str]:
    """``dnf updateinfo list --security`` / ``yum updateinfo list security`` -> NEVRAs of the security updates."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and ("/Sec" in fields[1] or fields[1].lower() == "security"):
            found.append(fields[2])
    return found


def parse_history_info(text: str) -> List[Dict[str, Any]]:
    """``dnf history info <id>`` / ``yum history info <id>`` -> the "Packages Altered" rows:
    [{action, name, version, arch, repo, done}].

    The section ends at the next line that starts in the first column ("Scriptlet output:", yum 3's
    closing "history info"); "Transaction performed with:" before it lists yum's own packages and is
    not read. dnf 4 (dnf/cli/output.py, historyInfoCmdPkgsAltered) blanks the name on the second row
    of an Upgraded/Upgrade pair, so a row with a version only takes the name of the row before it.
    """
    rows = []  # type: List[Dict[str, Any]]
    inside = False
    for line in text.splitlines():
        if line.startswith("Packages Altered"):
            inside = True
            continue
        if not inside:
            continue
        if line and not line[0].isspace():
            break
        match = _HISTORY_PKG.match(line)
        if not match:
            continue
        action = match.group("action")
        name, version, arch = split_nevra(match.group("nevra"))
        if not version and rows and rows[-1]["action"] in _PAIR_FIRST:
            name, version, arch = split_nevra("%s-%s" % (rows[-1]["name"], match.group("nevra")))
        rows.append(
            {
                "action": action,
                "name": name,
                "version": version,
                "arch": arch,
                "repo": (match.group("repo") or "")[1:],  # @@System: installed from the system
                "done": not line.startswith(" ** "),
            }
        )
    return rows


def history_changes(rows: List[Dict[str, Any]]) -> List[Dict[str, Optional[str]]]:
    """The history rows paired: Upgrade (new) with Upgraded (old) -> [{name, old, new}]; an unfinished
    row (``done`` false) changed nothing and is left out."""
    done = [r for r in rows if r.get("done", True)]
    olds = {r["name"]: r["version"] for r in done if r["action"] in _REPLACED}
    changes = []
    for row in done:
        if row["action"] in _INSTALLED:
            changes.append({"name": row["name"], "old": olds.get(row["name"]), "new": row["version"]})
    return changes


def parse_needs_restarting(text: str, rc: int) -> Optional[bool]:
    """``needs-restarting -r``: True when a reboot is required (exit 1), False (exit 0), None when unknown."""
    if rc == 1 or "Reboot is required" in text:
        return True
    if rc == 0:
        return False
    return None


def parse_versionlock_list(text: str) -> List[str]:
    """``versionlock list`` -> the sorted names locked at a version, in the three plugins' formats:

    - dnf 4: ``wget-0:1.19.5-5.fc29.*`` (``!`` in front: an exclude, not a lock);
    - yum 3: ``0:bash-4.2.46-34.el7.*`` (the epoch first);
    - dnf5: ``Package name: wget`` followed by ``evr = 1.19.5-5.fc29`` (``evr !=``: an exclude).

    A raw glob without a version (``flac-1.3.*``) names no package for sure and is left out.
    """
    names = set()
    package = ""
    for line in text.splitlines():
        entry = line.strip()
        if entry.startswith("Package name:"):
            package = entry.split(":", 1)[1].strip()
            continue
        if package and re.match(r"^evr\s*=", entry):
            names.add(package)
            continue
        if not entry.endswith(".*") or entry.startswith("!"):
            continue
        entry = re.sub(r"^\d+:", "", entry[:-2])  # yum 3 puts the epoch first
        parts = entry.rsplit("-", 2)
        if len(parts) == 3 and parts[0] and re.match(r"^(\d+:)?\d", parts[1]):
            names.add(parts[0])
    return sorted(names)


def parse_rpm_query(text: str) -> Dict[str, str]:
    """``rpm -qa --qf '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n'`` -> {name: version}; epoch 0 dropped."""
    versions = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) == 2 and fields[0] and fields[1]:
            version = fields[1][2:] if fields[1].startswith("0:") else fields[1]
            versions[fields[0]] = version
    return versions
