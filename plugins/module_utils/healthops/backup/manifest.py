# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A set's manifest (``MANIFEST.sha256``, in ``sha256sum`` format): writing, reading, comparing. Pure.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .layout import MANIFEST, Problem

__metaclass__ = type


def _escape_name(path: str) -> Tuple[str, str]:
    """sha256sum's escaping: a name with a backslash or newline gets a leading backslash."""
    if "\\" in path or "\n" in path:
        return "\\", path.replace("\\", "\\\\").replace("\n", "\\n")
    return "", path


def _unescape_name(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def format_manifest(entries: Iterable[Tuple[str, str]]) -> str:
    """``(relative path, sha256 hex)`` pairs -> the manifest text (sorted by path)."""
    lines = []
    for path, digest in sorted(entries):
        if not re.match(r"^[0-9a-f]{64}$", digest):
            raise ValueError("not a sha256 hex digest for %s: %r" % (path, digest))
        if path.startswith("/") or ".." in path.split("/") or not path:
            raise ValueError("manifest paths must be relative and inside the set: %r" % path)
        prefix, name = _escape_name(path)
        lines.append("%s%s  %s\n" % (prefix, digest, name))
    return "".join(lines)


def parse_manifest(text: str) -> List[Tuple[str, str]]:
    """The manifest text -> ``(relative path, sha256)`` pairs; ValueError names the bad line."""
    entries = []
    seen = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        body = line[1:] if escaped else line
        match = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", body)
        if not match:
            raise ValueError("%s line %d is not '<sha256>  <file>': %r" % (MANIFEST, number, line[:120]))
        path = _unescape_name(match.group(2)) if escaped else match.group(2)
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError("%s line %d names a file outside the set: %r" % (MANIFEST, number, path))
        if path in seen:
            raise ValueError("%s line %d lists %s twice" % (MANIFEST, number, path))
        seen.add(path)
        entries.append((path, match.group(1).lower()))
    if not entries:
        raise ValueError("%s lists no file" % MANIFEST)
    return entries


def compare_manifest(expected: Sequence[Tuple[str, str]], actual: Dict[str, Optional[str]]) -> List[Problem]:
    """Manifest entries against the digests found (None: file missing or unreadable).

    Returns one problem per bad file: ``{"file", "problem", "detail"}`` with problem
    ``missing`` or ``checksum mismatch``.
    """
    problems = []  # type: List[Problem]
    for path, digest in expected:
        found = actual.get(path)
        if found is None:
            problems.append({"file": path, "problem": "missing", "detail": "listed in %s, not found" % MANIFEST})
        elif found != digest:
            problems.append(
                {
                    "file": path,
                    "problem": "checksum mismatch",
                    "detail": "sha256 %s..., manifest says %s..." % (found[:12], digest[:12]),
                }
            )
    return problems


def parse_sha256sum_check(stdout: str, stderr: str = "") -> List[Problem]:
    """Output of ``sha256sum --check`` (GNU coreutils) -> the files that failed.

    stdout has ``<file>: OK``, ``<file>: FAILED`` or ``<file>: FAILED open or read``;
    stderr has ``sha256sum: <file>: No such file or directory`` and summary warnings.
    """
    problems = []  # type: List[Problem]
    named = set()
    missing_in_stderr = {}
    for line in (stderr or "").splitlines():
        match = re.match(r"^sha256sum: (.+): (No such file or directory|Permission denied|Is a directory)$", line)
        if match:
            missing_in_stderr[match.group(1)] = match.group(2)
    for line in (stdout or "").splitlines():
        if line.endswith(": FAILED open or read"):
            path = line[: -len(": FAILED open or read")]
            path = _unescape_name(path[1:]) if path.startswith("\\") else path
            why = missing_in_stderr.get(path, "cannot be read")
            problem = "missing" if why == "No such file or directory" else "unreadable"
            problems.append({"file": path, "problem": problem, "detail": why})
            named.add(path)
        elif line.endswith(": FAILED"):
            path = line[: -len(": FAILED")]
            path = _unescape_name(path[1:]) if path.startswith("\\") else path
            problems.append({"file": path, "problem": "checksum mismatch", "detail": "sha256 differs from manifest"})
            named.add(path)
    for line in (stderr or "").splitlines():
        match = re.match(r"^sha256sum: (.+): no properly formatted (?:SHA256 )?checksum lines found$", line)
        if match:
            problems.append({"file": MANIFEST, "problem": "unreadable", "detail": "no checksum lines"})
        match = re.match(r"^sha256sum: .*: (\d+): improperly formatted", line)
        if match:
            problems.append({"file": MANIFEST, "problem": "malformed", "detail": "line %s malformed" % match.group(1)})
    return problems


def describe_problems(problems: Sequence[Problem], limit: int = 5) -> str:
    """``db1.dump: checksum mismatch; globals.sql: missing`` (first ``limit``, then a count)."""
    parts = ["%s: %s" % (p.get("file", "?"), p.get("problem", "?")) for p in problems[:limit]]
    if len(problems) > limit:
        parts.append("and %d more" % (len(problems) - limit))
    return "; ".join(parts)
