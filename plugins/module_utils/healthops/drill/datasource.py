# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The application's data source in the drill: its database URL pointed at the temporary database. Pure.

``drill_app_datasource`` declares where the application (the Tomcat application of the system) reads
its database: ``{path, format, key, database}`` with ``format``

  ``env``     ``KEY=value`` lines (``/etc/default/tomcat10``, a systemd EnvironmentFile, a properties
              file): the value of ``key``; the line is added when the file does not hold it;
  ``tomcat``  a JNDI data source of context.xml: the ``url`` attribute of each ``<Resource>`` whose
              ``name`` is ``key`` (``jdbc/petition``); none there is an error of the declaration.

``point(text, spec, host, port)`` gives ``{"text", "url", "before", "count"}``: the file with only that
value changed to ``jdbc:postgresql://host:port/<database>`` (every other byte kept, the old URL's query
string kept), the URL it holds now and held before (a password in them masked, for the report), how
many places changed. The text may hold credentials: the playbook handles it with no_log. Python >= 3.6.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Callable, Dict, Optional

__metaclass__ = type

FORMATS = ("env", "tomcat")
_RESOURCE_RE = re.compile(r"<Resource\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""(\b[\w.:-]+)(\s*=\s*)(?:"([^"]*)"|'([^']*)')""")


def jdbc_url(host: str, port: Any, database: str, before: Optional[str] = None) -> str:
    """``jdbc:postgresql://host:port/database``, keeping the query string (``?ssl=true``) the old URL had."""
    query = ""
    if before and "?" in before:
        query = "?" + before.split("?", 1)[1]
    return "jdbc:postgresql://%s:%s/%s%s" % (host, port, database, query)


def shown(url: Optional[str]) -> Optional[str]:
    """A URL for the report: a password in its query string (``password=...``) masked."""
    if url is None:
        return None
    return re.sub(r"(?i)(password=)[^&;]*", r"\1********", url)


def validate(spec: Any) -> str:
    """What is wrong with a ``drill_app_datasource`` declaration ('' when it is good)."""
    if not isinstance(spec, dict):
        return "drill_app_datasource must be a mapping {path, format, key, database}"
    for key in ("path", "key", "database"):
        if not spec.get(key) or not isinstance(spec[key], str):
            return "drill_app_datasource.%s is required (a string)" % key
    if spec.get("format", "env") not in FORMATS:
        return "drill_app_datasource.format must be one of %s, got %r" % (", ".join(FORMATS), spec.get("format"))
    if not spec["path"].startswith("/"):
        return "drill_app_datasource.path must be absolute, got %r" % spec["path"]
    return ""


def _point_env(text: str, key: str, url_for: Callable[[Optional[str]], str]) -> Dict[str, Any]:
    line_re = re.compile(r"^(\s*(?:export\s+)?%s\s*=\s*)(.*)$" % re.escape(key), re.MULTILINE)
    found = line_re.findall(text)
    if not found:
        url = url_for(None)
        new = text + ("" if not text or text.endswith("\n") else "\n") + "%s=%s\n" % (key, url)
        return {"text": new, "url": url, "before": None, "count": 1}
    before = found[-1][1].strip().strip("\"'")
    url = url_for(before)
    new = line_re.sub(lambda m: m.group(1) + url, text)
    return {"text": new, "url": url, "before": before, "count": len(found)}


def _point_tomcat(text: str, key: str, url_for: Callable[[Optional[str]], str]) -> Dict[str, Any]:
    state = {"before": None, "url": None, "count": 0}  # type: Dict[str, Any]

    def resource(match: Any) -> str:
        tag = match.group(0)
        attrs = {m.group(1): m.group(3) if m.group(3) is not None else m.group(4) for m in _ATTR_RE.finditer(tag)}
        if attrs.get("name") != key or "url" not in attrs:
            return tag
        state["before"] = attrs["url"].replace("&amp;", "&")
        url = state["url"] = url_for(state["before"])
        state["count"] += 1
        return _ATTR_RE.sub(
            lambda a: (
                (a.group(1) + a.group(2) + '"' + url.replace("&", "&amp;") + '"') if a.group(1) == "url" else a.group(0)
            ),
            tag,
        )

    new = _RESOURCE_RE.sub(resource, text)
    if not state["count"]:
        raise ValueError('no <Resource name="%s"> with a url attribute' % key)
    return {"text": new, "url": state["url"], "before": state["before"], "count": state["count"]}


def point(text: Optional[str], spec: Dict[str, Any], host: str, port: Any = 5432) -> Dict[str, Any]:
    """The file with the data source's URL pointed at ``host:port`` (see the module's docstring)."""
    error = validate(spec)
    if error:
        raise ValueError(error)

    def url_for(before: Optional[str]) -> str:
        return jdbc_url(host, port, spec["database"], before)

    if spec.get("format", "env") == "tomcat":
        if text is None:
            raise ValueError("%s is not on the application host" % spec["path"])
        found = _point_tomcat(text, spec["key"], url_for)
    else:
        found = _point_env(text or "", spec["key"], url_for)
    return dict(found, url=shown(found["url"]), before=shown(found["before"]))
