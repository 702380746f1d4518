# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An application account's password in the files that feed it, rewritten in place: only the
password changes, every other byte of the file (comments, layout, other entries) stays.

Formats:
  ``tomcat``  a JNDI data source of context.xml or server.xml: the ``password`` attribute of each
              ``<Resource>`` whose ``username`` is the account (and whose ``name`` is ``resource``,
              when given); the value XML-escaped.
  ``pgpass``  libpq's password file (the backup job's credential): the password field of each line
              ``host:port:database:user:password`` whose user is the account; ``:`` and ``\\`` escaped.
  ``env``     ``KEY=value`` lines (an environment or properties file): the value of ``key``.

``replace_password(text, spec, account, password)`` gives ``(new_text, count)``; nothing found
(count 0) is an error of the caller's declaration. A diff is made by replacing the password with
a marker in both texts (``PREVIOUS_MARK``, ``NEW_MARK``), so it shows the lines that change and no
secret. Standard library only, Python 3.6.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

FORMATS = ("tomcat", "pgpass", "env")
PREVIOUS_MARK = "******** (previous password)"
NEW_MARK = "******** (new password)"

_RESOURCE_RE = re.compile(r"<Resource\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""(\b[\w.:-]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')""")
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;"))


def xml_escape(value):
    for raw, escaped in _XML_ESCAPES:
        value = value.replace(raw, escaped)
    return value


def xml_unescape(value):
    for raw, escaped in reversed(_XML_ESCAPES):
        value = value.replace(escaped, raw)
    return value


def _attributes(tag):
    return {
        m.group(1): xml_unescape(m.group(3) if m.group(3) is not None else m.group(4)) for m in _ATTR_RE.finditer(tag)
    }


def _tomcat(text, spec, account, password):
    count = [0]

    def one(match):
        tag = match.group(0)
        attrs = _attributes(tag)
        if attrs.get("username") != account or (spec.get("resource") and attrs.get("name") != spec["resource"]):
            return tag
        if "password" not in attrs:
            return tag
        count[0] += 1
        return _ATTR_RE.sub(
            lambda a: (
                a.group(1) + a.group(2) + '"' + xml_escape(password) + '"' if a.group(1) == "password" else a.group(0)
            ),
            tag,
        )

    return _RESOURCE_RE.sub(one, text), count[0]


def _pgpass_fields(line):
    """The five fields of a .pgpass line (escapes kept; the password is all after the fourth
    unescaped colon), or None for a comment or a short line."""
    if line.lstrip().startswith("#"):
        return None
    fields, current, i = [], "", 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            current += line[i : i + 2]
            i += 2
            continue
        if line[i] == ":" and len(fields) < 4:
            fields.append(current)
            current = ""
        else:
            current += line[i]
        i += 1
    fields.append(current)
    return fields if len(fields) == 5 else None


def pgpass_unescape(value):
    return re.sub(r"\\(.)", r"\1", value)


def pgpass_escape(value):
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _pgpass(text, spec, account, password):
    out, count = [], 0
    for line in text.splitlines(True):
        body = line.rstrip("\r\n")
        fields = _pgpass_fields(body)
        if fields and pgpass_unescape(fields[3]) == account:
            out.append(":".join(fields[:4]) + ":" + pgpass_escape(password) + line[len(body) :])
            count += 1
        else:
            out.append(line)
    return "".join(out), count


def _env(text, spec, account, password):
    key = spec.get("key") or ""
    pattern = re.compile(r"^(\s*(?:export\s+)?" + re.escape(key) + r"\s*=\s*)(.*?)(\r?\n?)$")
    out, count = [], 0
    for line in text.splitlines(True):
        match = pattern.match(line) if key else None
        if match:
            value = password
            if match.group(2).startswith(("'", '"')):
                value = "'" + password.replace("'", "'\"'\"'") + "'"
            out.append(match.group(1) + value + match.group(3))
            count += 1
        else:
            out.append(line)
    return "".join(out), count


_WRITERS = {"tomcat": _tomcat, "pgpass": _pgpass, "env": _env}


def spec_problem(spec):
    """Why a file declaration cannot be used (None when it can)."""
    if not isinstance(spec, dict) or not spec.get("path"):
        return "each file needs path"
    if spec.get("format") not in FORMATS:
        return "file %s: format must be one of %s" % (spec.get("path"), ", ".join(FORMATS))
    if spec["format"] == "env" and not spec.get("key"):
        return "file %s: format env needs key" % spec["path"]
    return None


def replace_password(text, spec, account, password):
    """``(new_text, count)``: the text with the account's password replaced in ``count`` places."""
    if spec["format"] == "env" and "\n" in password:
        raise ValueError("a password of an env file cannot hold a line break")
    return _WRITERS[spec["format"]](text, spec, account, password)
