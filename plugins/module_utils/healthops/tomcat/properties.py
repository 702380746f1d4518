# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Set properties in Tomcat's conf/catalina.properties, keeping every other line as it is.

Where a server.xml attribute is a ``${name}`` reference, Tomcat resolves it from catalina.properties
(issue 15, class 2): the value inventory asks for goes there as ``name=value``. The file is a Java
properties file read as ISO-8859-1 (``Properties.load(InputStream)``): comments (``#``, ``!``),
continuation lines, ``=``, ``:`` or blanks between key and value; the last definition of a key wins,
so that is the one changed. Values are written in ASCII with ``\\uXXXX`` escapes, so the file's
encoding never matters. Pure functions; Python >= 3.6 (runs on the Tomcat host).
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Dict, List, Tuple

__metaclass__ = type

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_KEY_END = re.compile(r"(?<!\\)((?:\\\\)*)([=:\s])")


def _unescape(raw: str) -> str:
    out = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char != "\\" or i + 1 >= len(raw):
            out.append(char)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt == "u" and re.match(r"[0-9a-fA-F]{4}$", raw[i + 2 : i + 6]):
            out.append(chr(int(raw[i + 2 : i + 6], 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def escape_value(value: str) -> str:
    """``value`` as a properties file holds it, ASCII only."""
    out = []
    for index, char in enumerate(value):
        if char == "\\":
            out.append("\\\\")
        elif char == " " and index == 0:
            out.append("\\ ")
        elif char in "\t\n\r\f":
            out.append("\\" + {"\t": "t", "\n": "n", "\r": "r", "\f": "f"}[char])
        elif ord(char) < 0x20 or ord(char) > 0x7E:
            out.append("".join("\\u%04x" % unit for unit in _utf16(char)))
        else:
            out.append(char)
    return "".join(out)


def _utf16(char: str) -> List[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _continues(line: str) -> bool:
    body = line.rstrip("\r\n")
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


def entries(text: str) -> List[Tuple[int, int, str, str, str]]:
    """Each definition: (first line index, last line index, key, value, the text before the value)."""
    lines = text.splitlines(True)
    found = []
    i = 0
    while i < len(lines):
        first = i
        stripped = lines[i].lstrip(" \t\f")
        if not stripped.strip() or stripped[0] in "#!":
            i += 1
            continue
        while _continues(lines[i]) and i + 1 < len(lines):
            i += 1
        logical = _join(lines[first : i + 1])
        lead = len(lines[first]) - len(stripped)
        key, value, key_text = _split(logical[lead:])
        found.append((first, i, key, value, lines[first][:lead] + key_text))
        i += 1
    return found


def _join(lines: List[str]) -> str:
    """One logical line from its natural lines (continuations joined, their leading blanks dropped)."""
    parts = []
    for n, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if n < len(lines) - 1:
            body = body[:-1]
        parts.append(body if n == 0 else body.lstrip(" \t\f"))
    return "".join(parts)


def _split(logical: str) -> Tuple[str, str, str]:
    """(key, value, key with its separator as written) of a logical line."""
    match = _KEY_END.search(logical)
    if match is None:
        return _unescape(logical), "", logical + "="
    key_end = match.end(1)
    rest = logical[key_end:]
    sep = re.match(r"[ \t\f]*[=:]?[ \t\f]*", rest)
    sep_len = sep.end() if sep else 0
    return _unescape(logical[:key_end]), _unescape(rest[sep_len:]), logical[: key_end + sep_len]


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf * 2 > text.count("\n") else "\n"


def set_properties(text: str, values: Dict[str, str], label: str = "catalina.properties") -> Tuple[str, List[str]]:
    """``text`` with each ``values`` key set (its last definition changed, or a line appended) -> (text, notes)."""
    lines = text.splitlines(True)
    notes = []  # type: List[str]
    appended = []  # type: List[str]
    newline = _newline(text)
    for key in sorted(values):
        value = values[key]
        last = None  # type: Optional[Tuple[int, int, str, str, str]]
        for entry in entries("".join(lines)):
            if entry[2] == key:
                last = entry
        if last is None:
            appended.append("%s=%s%s" % (key, escape_value(value), newline))
            notes.append("%s: add %s=%s" % (label, key, value))
            continue
        first, end, _key, old, key_text = last
        if old == value:
            continue
        ending = lines[end][len(lines[end].rstrip("\r\n")) :] or ""
        lines[first : end + 1] = [key_text + escape_value(value) + ending]
        notes.append("%s: %s %s -> %s" % (label, key, old, value))
    if appended and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    return "".join(lines + appended), notes
