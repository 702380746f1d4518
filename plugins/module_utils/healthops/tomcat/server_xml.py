# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edit Tomcat's server.xml in place, keeping everything inventory does not manage.

Why text spans instead of a parser's tree: ElementTree drops comments by default,
rewrites quoting, attribute order, empty-element style and indentation, so a
reviewer's ``--diff`` would show the whole file. Here the file is tokenised once
(comments, CDATA, processing instructions and the DOCTYPE are skipped as opaque
spans), every element gets the byte span of its start tag and of each attribute
value, and an edit replaces only those spans: a changed attribute changes only its
value, an added attribute is appended after the last one with the separator the tag
already uses (one per line in Tomcat's multi-line style), a new element is inserted
with the indentation of its siblings. The result is then checked three ways: it
parses as XML, it has exactly the elements the original had plus the created ones,
and planning the same edits on it changes nothing (idempotence).

Secrets: an attribute named like a secret (``is_secret_name``: the AJP ``secret``, ``password``,
``keystorePass``, ``certificateKeyPassword``, ...) never leaves this file in clear. Change notes say
only *that* it changed, and ``masked_texts`` gives the before/after text for a diff with every
such value replaced by ``MASK`` (the raw, possibly XML-escaped span, so ``&amp;`` hides too).

Standard library only, Python >= 3.6: this runs on the Tomcat host.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Tuple
from xml.parsers import expat

from ansible.module_utils.healthops.tomcat.catalogue import NUMERIC_ATTRIBUTES

__metaclass__ = type

_TOKEN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<cdata><!\[CDATA\[.*?\]\]>)"
    r"|(?P<pi><\?.*?\?>)"
    r"|(?P<doctype><!DOCTYPE(?:[^\[>]|\[.*?\])*>)"
    r"|</(?P<end>[^\s>]+)\s*>"
    r"|<(?P<start>[A-Za-z_][\w.:-]*)"
    r"(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/?)>",
    re.S,
)
_ATTR = re.compile(r"(?P<ws>\s+)(?P<name>[^\s=/>]+)\s*=\s*(?P<q>[\"'])(?P<value>.*?)(?P=q)", re.S)
_CHAR_REF = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ENCODING = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")

HTTP = "http"
AJP = "ajp"
ACCESS_LOG_CLASS = "org.apache.catalina.valves.AccessLogValve"

# The one rule for "named like a secret", case-insensitive, on the end of the name so that
# secretRequired (a boolean) stays readable while requiredSecret, keystorePass, truststorePassword,
# certificateKeyPassword, connectionPassword and the like are masked.
_SECRET_NAME = re.compile(r"(pass(wd|word|phrase)?|secret|token|credentials?|(private|secret|api)[_-]?key)$", re.I)
MASK = "********"
MASK_CHANGED = MASK + " (changed)"


_PLACEHOLDER_TOKEN = re.compile(r"^(@[\w.-]+@|#[\w.-]+#|%[\w.-]+%|[A-Z][A-Z0-9_]*PLACEHOLDER[A-Z0-9_]*)$")
_INTEGER = re.compile(r"^\s*-?\d+\s*$")
_PROPERTY_REFERENCE = re.compile(r"^\$\{([\w.-]+)\}$")


def is_placeholder(name: str, value: str) -> bool:
    """A value someone else resolves: a ``${property}`` reference (Tomcat, from catalina.properties or -D),
    a template token (``@port@``, ``#port#``, ``START_PORT_PLACEHOLDER``), or any non-number where Tomcat
    wants a number (``NUMERIC_ATTRIBUTES``) - a value of a site's own substitution step."""
    if "${" in value or _PLACEHOLDER_TOKEN.match(value.strip()):
        return True
    return name in NUMERIC_ATTRIBUTES and not _INTEGER.match(value)


def is_secret_name(name: Any) -> bool:
    """True when an attribute (or property) called ``name`` holds a secret and must never be shown."""
    return bool(_SECRET_NAME.search(str(name)))


def shown_value(name: str, value: str) -> str:
    """``value`` as it may appear in notes and diffs: masked when ``name`` is a secret's."""
    return MASK if is_secret_name(name) else value


class ServerXmlError(Exception):
    """server.xml cannot be read or edited as asked; the message says why."""


class Attr:
    """One attribute of a start tag, with the spans an edit needs."""

    __slots__ = ("name", "name_start", "quote", "raw", "value_end", "value_start", "ws_start")

    def __init__(self, name: str, raw: str, quote: str, spans: Tuple[int, int, int, int]) -> None:
        self.name = name
        self.raw = raw
        self.quote = quote
        self.ws_start, self.name_start, self.value_start, self.value_end = spans

    @property
    def value(self) -> str:
        return unescape(self.raw)


class Element:
    """One element: its start tag's span and attributes, where it ends, its parent and children."""

    def __init__(self, tag: str, start: int, tag_end: int, attrs: List[Attr], empty: bool, parent: Optional["Element"]):
        self.tag = tag
        self.start = start
        self.tag_end = tag_end
        self.attrs = attrs
        self.empty = empty
        self.parent = parent
        self.children = []  # type: List[Element]
        self.end = tag_end
        self.close_start = tag_end  # where the end tag begins (= tag_end for an empty element)

    def get(self, name: str, default: Optional[str] = None) -> Optional[str]:
        for attr in self.attrs:
            if attr.name == name:
                return attr.value
        return default

    def attr(self, name: str) -> Optional[Attr]:
        for attr in self.attrs:
            if attr.name == name:
                return attr
        return None

    def describe(self) -> str:
        keys = [k for k in ("name", "port", "protocol", "className") if self.get(k) is not None]
        return "%s(%s)" % (self.tag, ", ".join("%s=%s" % (k, self.get(k)) for k in keys))


# --------------------------------------------------------------------- values


def unescape(raw: str) -> str:
    """An attribute value as the XML parser sees it (character and predefined entity references resolved)."""

    def repl(match: "re.Match[str]") -> str:
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _NAMED[ref]

    return _CHAR_REF.sub(repl, raw)


def escape(value: str, quote: str = '"') -> str:
    """Escape a value for an attribute quoted with ``quote``."""
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if quote == '"' else text.replace("'", "&apos;")


def attr_text(value: Any) -> Optional[str]:
    """Inventory value -> attribute text (True -> "true"); None means "remove the attribute"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------- parsing


def decode(data: bytes) -> Tuple[str, str]:
    """File bytes -> (text, encoding) by the XML declaration's encoding (UTF-8 when none).

    A UTF-8 byte order mark stays in the text (as U+FEFF), so writing the text back keeps it.
    """
    match = _ENCODING.match(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(encoding), encoding
    except (LookupError, UnicodeDecodeError) as exc:
        raise ServerXmlError("cannot decode as %s: %s" % (encoding, exc)) from exc


def _parser_input(text: str) -> bytes:
    """UTF-8 bytes for the XML parser, the declaration saying UTF-8 whatever the file's own encoding is."""
    text = text.lstrip("\ufeff")
    return re.sub(r"^(<\?xml[^>]*encoding=)([\"'])[^\"']*\2", r"\1\2UTF-8\2", text, count=1).encode("utf-8")


def _refuse_internal_entity(name, _is_param, value, *_rest) -> None:
    # An internal entity can expand to gigabytes ("billion laughs"); Tomcat sites use external ones.
    if value is not None:
        raise ServerXmlError("internal entity declaration <!ENTITY %s ...> is not supported" % name)


def count_elements(text: str) -> int:
    """Elements as an XML parser counts them (raises ServerXmlError when not well-formed).

    A DOCTYPE with external entities (``<!ENTITY connectors SYSTEM "connectors.xml">``, which Tomcat loads) is
    accepted, but nothing is fetched: a reference to one is skipped, so no file or URL is ever read.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.ExternalEntityRefHandler = lambda *_args: 1
    parser.EntityDeclHandler = _refuse_internal_entity
    count = [0]

    def start(_name, _attrs) -> None:
        count[0] += 1

    parser.StartElementHandler = start
    try:
        parser.Parse(_parser_input(text), True)
    except expat.ExpatError as exc:
        raise ServerXmlError("not well-formed XML: %s" % exc) from exc
    return count[0]


def external_entities(text: str) -> List[str]:
    """The SYSTEM ids of the external entities the DOCTYPE declares (their content is never read)."""
    doctype = re.search(r"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", text, re.S)
    return re.findall(r"<!ENTITY\s+[^\s%]\S*\s+SYSTEM\s+[\"']([^\"']*)", doctype.group(0)) if doctype else []


def parse(text: str) -> List[Element]:
    """Every element of ``text`` in document order (comments and the like skipped)."""
    elements = []  # type: List[Element]
    stack = []  # type: List[Element]
    for match in _TOKEN.finditer(text):
        if match.group("start"):
            attrs = []
            offset = match.start("attrs")
            for am in _ATTR.finditer(match.group("attrs")):
                spans = (am.start("ws"), am.start("name"), am.start("value"), am.end("value"))
                attrs.append(
                    Attr(am.group("name"), am.group("value"), am.group("q"), tuple(offset + x for x in spans))  # type: ignore[arg-type]
                )
            parent = stack[-1] if stack else None
            element = Element(
                match.group("start"), match.start(), match.end(), attrs, bool(match.group("empty")), parent
            )
            if parent is not None:
                parent.children.append(element)
            elements.append(element)
            if not element.empty:
                stack.append(element)
        elif match.group("end"):
            if not stack or stack[-1].tag != match.group("end"):
                raise ServerXmlError("unexpected end tag </%s> at offset %d" % (match.group("end"), match.start()))
            element = stack.pop()
            element.close_start = match.start()
            element.end = match.end()
    if stack:
        raise ServerXmlError("element <%s> is not closed" % stack[-1].tag)
    return elements


# --------------------------------------------------------------------- selection


def connector_family(element: Element) -> str:
    """ "http", "ajp" or "other" from the protocol attribute (HTTP/1.1 when absent)."""
    protocol = element.get("protocol", "HTTP/1.1") or "HTTP/1.1"
    if protocol == "HTTP/1.1" or "Http11" in protocol:
        return HTTP
    if protocol == "AJP/1.3" or "Ajp" in protocol:
        return AJP
    return "other"


def is_tls(element: Element) -> bool:
    return (element.get("SSLEnabled") or "").lower() == "true" or any(
        c.tag == "SSLHostConfig" for c in element.children
    )


def find_service(elements: List[Element], name: str) -> Element:
    services = [e for e in elements if e.tag == "Service" and e.parent is not None and e.parent.tag == "Server"]
    for service in services:
        if service.get("name") == name:
            return service
    if len(services) == 1:
        return services[0]
    raise ServerXmlError(
        "no <Service name=%r> (services: %s)" % (name, ", ".join(str(s.get("name")) for s in services) or "none")
    )


def find_connector(service: Element, family: str, port: Optional[int]) -> Optional[Element]:
    """The connector of ``family`` on ``port``; else the first plain (non-TLS) connector of that family, else the
    family's only connector."""
    connectors = [c for c in service.children if c.tag == "Connector" and connector_family(c) == family]
    if port is not None:
        for connector in connectors:
            if connector.get("port") == str(port):
                return connector
    for connector in connectors:
        if not is_tls(connector):
            return connector
    # An HTTPS-only (or AJP-only) Service: its one connector of the family is the one to tune.
    return connectors[0] if len(connectors) == 1 else None


def find_executor(service: Element, name: str) -> Optional[Element]:
    for child in service.children:
        if child.tag == "Executor" and child.get("name") == name:
            return child
    return None


def find_host(service: Element, name: str) -> Element:
    for engine in (c for c in service.children if c.tag == "Engine"):
        hosts = [h for h in engine.children if h.tag == "Host"]
        for host in hosts:
            if host.get("name") == name:
                return host
        if len(hosts) == 1 and not name:
            return hosts[0]
    raise ServerXmlError("no <Host name=%r> in the Engine of %s" % (name, service.describe()))


def is_access_log(element: Element) -> bool:
    return element.tag == "Valve" and (element.get("className") or "").endswith("AccessLogValve")


def find_access_log(host: Element) -> Optional[Element]:
    """The Host's access log valve, else the first one of its Contexts (a site may log per application)."""
    for child in host.children:
        if is_access_log(child):
            return child
    for context in (c for c in host.children if c.tag == "Context"):
        for child in context.children:
            if is_access_log(child):
                return child
    return None


# --------------------------------------------------------------------- editing


class Edit:
    """Replace text[start:end] with ``text``; ``note`` says what it does for the change list (secrets
    masked); ``shown`` is ``text`` as a diff may show it (secret values masked)."""

    __slots__ = ("end", "note", "shown", "start", "text")

    def __init__(self, start: int, end: int, text: str, note: str, shown: Optional[str] = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.note = note
        self.shown = text if shown is None else shown


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _indent_of(text: str, pos: int) -> str:
    start = _line_start(text, pos)
    prefix = text[start:pos]
    return prefix if not prefix.strip() else re.match(r"\s*", prefix).group(0)


def _newline(text: str) -> str:
    """The file's dominant line ending (a CRLF first line in an LF file must not make new lines CRLF)."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf * 2 > text.count("\n") else "\n"


def property_reference(value: str) -> Optional[str]:
    """The property name when ``value`` is exactly one ``${name}`` reference (Tomcat resolves it from
    catalina.properties or a -D option), else None."""
    match = _PROPERTY_REFERENCE.match(value)
    return match.group(1) if match else None


def _to_properties(
    name: str, current: str, value: Optional[str], label: str, kept: Optional[List[str]], properties: Dict[str, str]
) -> bool:
    """With ``properties`` asked for: the wanted value of a ``${prop}`` attribute goes to ``properties[prop]``
    (for catalina.properties) and the reference stays. False when it cannot (a secret, a removal, not a plain
    reference). Raises ServerXmlError when one property is asked two values."""
    prop = property_reference(current)
    if prop is None or value is None or is_secret_name(name) or is_secret_name(prop):
        return False
    if properties.get(prop, value) != value:
        raise ServerXmlError("property %s is asked for %s and %s (%s)" % (prop, properties[prop], value, label))
    properties[prop] = value
    if kept is not None:
        kept.append("%s: %s %s left as it is; %s=%s goes to catalina.properties" % (label, name, current, prop, value))
    return True


def attribute_edits(
    text: str,
    element: Element,
    wanted: List[Tuple[str, Optional[str]]],
    label: str,
    kept: Optional[List[str]] = None,
    properties: Optional[Dict[str, str]] = None,
) -> List[Edit]:
    """Edits that give ``element`` the wanted attribute values (None: remove), keeping all others.

    A value the file holds as a placeholder (``${http.port}``, ``START_PORT_PLACEHOLDER``: see
    ``is_placeholder``) is resolved by Tomcat or by the site's own templating, not by us: it stays as it
    is and a note saying so goes to ``kept`` (when given). With ``properties`` (a dict to fill), the
    wanted value of a plain ``${prop}`` reference is put there instead, for catalina.properties.
    """
    edits = []
    additions = []
    for name, value in wanted:
        current = element.attr(name)
        if current is not None and current.value != value and is_placeholder(name, current.value):
            if properties is not None and _to_properties(name, current.value, value, label, kept, properties):
                continue
            if kept is not None:
                kept.append(
                    "%s: %s %s left as it is (a placeholder; inventory: %s)"
                    % (
                        label,
                        name,
                        shown_value(name, current.value),
                        "remove" if value is None else shown_value(name, value),
                    )
                )
            continue
        if value is None:
            if current is not None:
                edits.append(Edit(current.ws_start, current.value_end + 1, "", "%s: remove %s" % (label, name)))
            continue
        if current is None:
            additions.append((name, value))
        elif current.value != value:
            edits.append(_value_edit(current, name, value, label))
    if additions:
        edits.append(_addition(text, element, additions, label))
    return edits


def _value_edit(current: Attr, name: str, value: str, label: str) -> Edit:
    secret = is_secret_name(name)
    return Edit(
        current.value_start,
        current.value_end,
        escape(value, current.quote),
        "%s: %s %s -> %s" % (label, name, MASK if secret else current.value, MASK_CHANGED if secret else value),
        MASK_CHANGED if secret else None,
    )


def _addition(text: str, element: Element, additions: List[Tuple[str, str]], label: str) -> Edit:
    if element.attrs:
        last = element.attrs[-1]
        sep = text[last.ws_start : last.name_start] if len(element.attrs) > 1 else " "
        anchor = last.value_end + 1
    else:
        sep, anchor = " ", element.start + 1 + len(element.tag)
    added = "".join('%s%s="%s"' % (sep, name, escape(value)) for name, value in additions)
    shown = "".join('%s%s="%s"' % (sep, name, escape(shown_value(name, value))) for name, value in additions)
    notes = ", ".join("%s=%s" % (name, shown_value(name, value)) for name, value in additions)
    return Edit(anchor, anchor, added, "%s: add %s" % (label, notes), shown)


def removal(text: str, element: Element, label: str) -> Edit:
    """An edit that removes ``element`` with its line (when it stands alone on its lines)."""
    start, end = element.start, element.end
    line_start = _line_start(text, start)
    line_end = text.find("\n", end)
    if not text[line_start:start].strip() and (line_end == -1 or not text[end:line_end].strip()):
        start, end = line_start, (len(text) if line_end == -1 else line_end + 1)
    return Edit(start, end, "", "%s: remove" % label)


def render_element(tag: str, attrs: List[Tuple[str, str]], indent: str, newline: str, masked: bool = False) -> str:
    """A new empty element; more than three attributes go one per line, aligned as Tomcat's own file does.

    ``masked``: secret values replaced by MASK (the element as a diff shows it).
    """
    parts = [
        '%s="%s"' % (name, escape(shown_value(name, value) if masked else value))
        for name, value in attrs
        if value is not None
    ]
    if len(parts) <= 3:
        return "<%s %s />" % (tag, " ".join(parts))
    align = newline + indent + " " * (len(tag) + 2)
    return "<%s %s%s/>" % (tag, align.join(parts), align)


def _insert_before_line(text: str, pos: int, indent: str, bodies: Tuple[str, str], note: str) -> Edit:
    """Insert a new line holding an element (``bodies``: its text and its shown text) before ``pos``'s line."""
    start = _line_start(text, pos)
    newline = _newline(text)
    return Edit(start, start, indent + bodies[0] + newline, note, indent + bodies[1] + newline)


def _insert_after(text: str, element: Element, bodies: Tuple[str, str], note: str) -> Edit:
    lead = _newline(text) + _indent_of(text, element.start)
    return Edit(element.end, element.end, lead + bodies[0], note, lead + bodies[1])


def _bodies(tag: str, attrs: List[Tuple[str, str]], indent: str, newline: str) -> Tuple[str, str]:
    """A new element's text and the same text as a diff shows it (secrets masked)."""
    return render_element(tag, attrs, indent, newline), render_element(tag, attrs, indent, newline, masked=True)


def apply_edits(text: str, edits: List[Edit]) -> str:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ServerXmlError("internal error: overlapping edits (%s; %s)" % (before.note, after.note))
    for edit in reversed(ordered):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _secret_masks(text: str) -> List[Edit]:
    """One edit per secret-named attribute of ``text`` that replaces its raw value with MASK."""
    return [
        Edit(attr.value_start, attr.value_end, MASK, "mask %s" % attr.name)
        for element in parse(text)
        for attr in element.attrs
        if is_secret_name(attr.name)
    ]


def masked_texts(text: str, edits: List[Edit]) -> Tuple[str, str]:
    """(before, after) of ``edits`` on ``text`` as a diff may show them: every secret-named attribute's
    value masked in both, a changed secret shown as MASK_CHANGED so a reviewer sees that it changed."""
    masks = _secret_masks(text)
    untouched = [m for m in masks if not any(e.start < m.end and m.start < e.end for e in edits)]
    shown = [Edit(e.start, e.end, e.shown, e.note) for e in edits]
    return apply_edits(text, masks), apply_edits(text, shown + untouched)


def mask_text(text: str) -> str:
    """``text`` with every secret-named attribute's value masked (for anything shown of a whole file)."""
    return apply_edits(text, _secret_masks(text))
