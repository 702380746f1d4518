# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers of apt and dpkg output for patch rounds (pure; standard library; Python >= 3.6).

``apt-get -s dist-upgrade`` (the simulation the plan is made from) prints one line per action::

    Inst libc6 [2.36-9+deb12u4] (2.36-9+deb12u7 Debian-Security:12/stable-security [amd64]) []
    Inst linux-image-6.1.0-23-amd64 (6.1.99-1 Debian-Security:12/stable-security [amd64])
    Remv oldpkg [1.0]

A package without ``[old]`` on an ``Inst`` line is newly installed (a dependency, e.g. a new kernel).
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List

__metaclass__ = type

_INST = re.compile(r"^Inst (?P<name>\S+)(?: \[(?P<old>[^\]]*)\])? \((?P<new>\S+)(?P<rest>[^)]*)\)")
_REMV = re.compile(r"^Remv (?P<name>\S+)(?: \[(?P<old>[^\]]*)\])?")
_ARCH = re.compile(r"\[(?P<arch>[^\]]+)\]\s*$")
_UPGRADABLE = re.compile(
    r"^(?P<name>[^/\s]+)/(?P<suite>\S+) (?P<new>\S+) (?P<arch>\S+) \[upgradable from: (?P<old>[^\]]+)\]"
)


def parse_simulate(text: str) -> List[Dict[str, Any]]:
    """``apt-get -s upgrade|dist-upgrade`` -> [{name, old, new, arch, origin, security, action}].

    ``action`` is upgrade (an installed package gets a new version), install (new) or remove
    (``new`` is None). ``security`` is true when the candidate's origin is a security archive.
    """
    packages = []  # type: List[Dict[str, Any]]
    for line in text.splitlines():
        match = _INST.match(line)
        if match:
            rest = match.group("rest").strip()
            arch = _ARCH.search(rest)
            origin = _ARCH.sub("", rest).strip()
            packages.append(
                {
                    "name": match.group("name"),
                    "old": match.group("old"),
                    "new": match.group("new"),
                    "arch": arch.group("arch") if arch else "",
                    "origin": origin,
                    "security": "security" in origin.lower(),
                    "action": "upgrade" if match.group("old") else "install",
                }
            )
            continue
        match = _REMV.match(line)
        if match:
            packages.append(
                {
                    "name": match.group("name"),
                    "old": match.group("old"),
                    "new": None,
                    "arch": "",
                    "origin": "",
                    "security": False,
                    "action": "remove",
                }
            )
    return packages


def parse_upgradable(text: str) -> List[Dict[str, Any]]:
    """``apt list --upgradable`` -> [{name, suite, new, arch, old, security}] (the Listing... line is skipped)."""
    found = []
    for line in text.splitlines():
        match = _UPGRADABLE.match(line.strip())
        if match:
            item = match.groupdict()
            item["security"] = "security" in item["suite"].lower()
            found.append(item)
    return found


def parse_dpkg_query(text: str) -> Dict[str, str]:
    """``dpkg-query -W -f='${Package}\\t${Version}\\t${db:Status-Abbrev}\\n'`` -> {name: version}, installed only.

    The status column (``ii``, ``hi`` for held, ``rc`` for removed with its configuration) keeps
    removed packages out; a line without it counts as installed.
    """
    versions = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0] or not fields[1]:
            continue
        status = fields[2].strip() if len(fields) > 2 else "ii"
        if len(status) >= 2 and status[1] == "i":
            versions[fields[0].split(":")[0]] = fields[1]
    return versions


def parse_holds(text: str) -> List[str]:
    """``apt-mark showhold`` -> sorted package names (architecture qualifiers dropped)."""
    return sorted({line.strip().split(":")[0] for line in text.splitlines() if line.strip()})
