# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to change in server.xml for a tuning spec, leaving what the operator set deliberately.

Rules (issue 15), each because a real file broke without it:
- a placeholder value (``${http.port}``, ``START_PORT_PLACEHOLDER``) stays and is reported in ``kept``;
- an existing access log valve (on the Host or in one of its Contexts) gets only the attributes asked for;
  a valve is created only where none exists, never with a file name another valve already writes;
- an existing Executor keeps its ``namePrefix`` (monitoring matches thread names); the Executor a connector
  already uses is the one tuned, instead of creating another;
- an NIO2 connector gets its own pool (Tomcat: "The NIO2 connector requires an exclusive executor");
- ``executor_unused``: that Executor is removed when no connector uses it any more.

Standard library only, Python >= 3.6: this runs on the Tomcat host.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional, Tuple

from ansible.module_utils.healthops.tomcat.server_xml import (
    ACCESS_LOG_CLASS,
    AJP,
    HTTP,
    Edit,
    Element,
    ServerXmlError,
    _bodies,
    _indent_of,
    _insert_after,
    _insert_before_line,
    _newline,
    apply_edits,
    attr_text,
    attribute_edits,
    count_elements,
    find_access_log,
    find_connector,
    find_executor,
    find_host,
    find_service,
    is_access_log,
    parse,
    removal,
)

__metaclass__ = type

# Attributes of an Executor applied only when it is created (thread names are part of monitoring).
_CREATE_ONLY_EXECUTOR = ("namePrefix",)
_POOL = ("maxThreads", "minSpareThreads")


class Plan:
    """Edits for a spec, the number of elements they create and remove, and the notes on values left alone."""

    def __init__(self, properties: bool = False) -> None:
        self.edits = []  # type: List[Edit]
        self.created = 0
        self.removed = 0
        self.kept = []  # type: List[str]
        # With placeholder_properties: property -> value for catalina.properties (``${prop}`` attributes).
        self.properties = {} if properties else None  # type: Optional[Dict[str, str]]


def _pairs(attributes: Optional[Dict[str, Any]]) -> List[Tuple[str, Optional[str]]]:
    return [(str(k), attr_text(v)) for k, v in (attributes or {}).items()]


def _created(text: str, pos: int, indent: str, tag: str, attrs: List[Tuple[str, Optional[str]]], label: str) -> Edit:
    """A new element on its own line before the line holding ``pos``."""
    bodies = _bodies(tag, [(k, v) for k, v in attrs if v is not None], indent, _newline(text))  # type: ignore[misc]
    return _insert_before_line(text, pos, indent, bodies, "%s: create" % label)


def is_nio2(connector: Element) -> bool:
    return "Nio2" in (connector.get("protocol") or "")


def _used_executor(service: Element, spec: Dict[str, Any]) -> Optional[str]:
    """The Executor a connector of the spec already uses (it is tuned instead of creating another)."""
    for conn in spec.get("connectors") or []:
        connector = find_connector(service, conn.get("protocol", HTTP), conn.get("port"))
        name = connector.get("executor") if connector is not None and not is_nio2(connector) else None
        if name and find_executor(service, name) is not None:
            return name
    return None


def _plan_executor(text: str, service: Element, executor_spec: Dict[str, Any], plan: Plan) -> None:
    name = attr_text(executor_spec.get("name"))
    if not name:
        raise ServerXmlError("executor: the attribute name is required")
    wanted = [("name", name)] + [p for p in _pairs(executor_spec) if p[0] != "name"]
    label = "Executor(name=%s)" % name
    executor = find_executor(service, name)
    if executor is not None:
        for key, value in wanted:
            if key in _CREATE_ONLY_EXECUTOR and value is not None and executor.get(key) not in (None, value):
                plan.kept.append("%s: %s %s left as it is (set when created only)" % (label, key, executor.get(key)))
        wanted = [p for p in wanted if p[0] not in _CREATE_ONLY_EXECUTOR or executor.get(p[0]) is None]
        plan.edits.extend(attribute_edits(text, executor, wanted, label, plan.kept, plan.properties))
        return
    anchor = next((c for c in service.children if c.tag in ("Connector", "Engine")), None)
    if anchor is not None:
        plan.edits.append(_created(text, anchor.start, _indent_of(text, anchor.start), "Executor", wanted, label))
    else:
        indent = _indent_of(text, service.start) + "  "
        plan.edits.append(_created(text, service.close_start, indent, "Executor", wanted, label))
    plan.created += 1


def _connector_wanted(connector: Optional[Element], conn: Dict[str, Any], pool: Dict[str, Any], label: str, plan: Plan):
    """The attributes to give a connector: an NIO2 one gets its own pool instead of the shared executor."""
    wanted = _pairs(conn.get("attributes"))
    executor = dict(wanted).get("executor")
    if connector is None or not is_nio2(connector) or not executor:
        return wanted
    plan.kept.append("%s: NIO2 keeps its own pool (Tomcat: it requires an exclusive executor)" % label)
    own = [(k, attr_text(pool.get(k))) for k in _POOL if pool.get(k) is not None]
    return [(k, None if k == "executor" else v) for k, v in wanted if k not in _POOL] + own


def _plan_connector(text: str, service: Element, index: int, conn: Dict[str, Any], plan: Plan, pool: Dict[str, Any]):
    family = conn.get("protocol", HTTP)
    port = conn.get("port")
    label = "Connector(%s, port %s)" % (family.upper(), port if port is not None else "any")
    connector = find_connector(service, family, port)
    wanted = _connector_wanted(connector, conn, pool, label, plan)
    if connector is not None:
        plan.edits.extend(attribute_edits(text, connector, wanted, label, plan.kept, plan.properties))
        return
    if not conn.get("create"):
        raise ServerXmlError(
            "connectors[%d]: no %s connector%s in %s and create is false"
            % (index, family.upper(), " on port %s" % port if port is not None else "", service.describe())
        )
    new = [("port", str(port))] if port is not None else []
    new += [("protocol", "AJP/1.3" if family == AJP else "HTTP/1.1")]
    new += [(k, v) for k, v in wanted if v is not None and k not in ("port", "protocol")]
    connectors = [c for c in service.children if c.tag == "Connector"]
    plan.created += 1
    if connectors:
        last = connectors[-1]
        bodies = _bodies("Connector", new, _indent_of(text, last.start), _newline(text))  # type: ignore[arg-type]
        plan.edits.append(_insert_after(text, last, bodies, "%s: create" % label))
        return
    engine = next((c for c in service.children if c.tag == "Engine"), None)
    if engine is None:
        raise ServerXmlError("%s has no Connector or Engine to place a new Connector by" % service.describe())
    plan.edits.append(_created(text, engine.start, _indent_of(text, engine.start), "Connector", new, label))


def _log_file(valve: Element) -> Tuple[str, str]:
    """(directory, prefix) of the files an access log valve writes (Tomcat's defaults when absent)."""
    return valve.get("directory") or "logs", valve.get("prefix") or "access_log"


def _free_prefix(
    elements: List[Element], service: Element, attrs: List[Tuple[str, Optional[str]]], valve: Optional[Element] = None
):
    """``attrs`` with a prefix no other valve writes: a second Service must not share the first's files."""
    values = dict(attrs)
    taken = {_log_file(e) for e in elements if is_access_log(e) and e is not valve}
    current = _log_file(valve) if valve is not None else ("logs", "access_log")
    directory = values.get("directory") or current[0]
    prefix = values.get("prefix") or current[1]
    if (directory, prefix) not in taken:
        return attrs
    prefix = "%s_%s" % (service.get("name") or "service", prefix)
    return [(k, v) for k, v in attrs if k != "prefix"] + [("prefix", prefix)]


def _plan_access_log(text: str, elements: List[Element], service: Element, log_spec: Dict[str, Any], plan: Plan):
    host = find_host(service, log_spec.get("host") or "localhost")
    wanted = [p for p in _pairs(log_spec.get("attributes")) if p[0] != "className"]
    label = "AccessLogValve(host %s)" % host.get("name")
    valve = find_access_log(host)
    if valve is not None:
        if "prefix" in dict(wanted) or "directory" in dict(wanted):
            wanted = _free_prefix(elements, service, wanted, valve)
        plan.edits.extend(attribute_edits(text, valve, wanted, label, plan.kept, plan.properties))
        return
    if not log_spec.get("create", True):
        raise ServerXmlError("access_log: no AccessLogValve in %s and create is false" % host.describe())
    if host.empty:
        raise ServerXmlError("%s is an empty element; cannot add an access log valve inside it" % host.describe())
    extra = [p for p in _pairs(log_spec.get("create_attributes")) if p[0] not in dict(wanted) and p[0] != "className"]
    attrs = _free_prefix(elements, service, extra + wanted)
    indent = _indent_of(text, host.children[0].start) if host.children else _indent_of(text, host.start) + "  "
    new = [("className", ACCESS_LOG_CLASS)] + attrs  # type: List[Tuple[str, Optional[str]]]
    plan.edits.append(_created(text, host.close_start, indent, "Valve", new, label))
    plan.created += 1


def _plan_unused_executor(text: str, service: Element, name: str, plan: Plan) -> None:
    """Remove Executor ``name`` when no connector uses it once the planned edits are made."""
    executor = find_executor(service, name)
    if executor is None:
        return
    after = parse(apply_edits(text, plan.edits)) if plan.edits else parse(text)
    new_service = find_service(after, service.get("name") or "")
    if any(c.tag == "Connector" and c.get("executor") == name for c in new_service.children):
        return
    plan.edits.append(removal(text, executor, "Executor(name=%s)" % name))
    plan.removed += 1


def plan(text: str, spec: Dict[str, Any]) -> Plan:
    """The edits that bring ``text`` to ``spec``.

    ``spec``: ``service`` (name), ``executor`` (attributes incl. ``name``, or None), ``executor_unused``
    (name of an Executor to remove once unused), ``connectors`` ([{protocol: http|ajp, port, attributes,
    create}]), ``access_log`` ({host, attributes, create_attributes, create} or None),
    ``placeholder_properties`` (bool: the values of ``${prop}`` attributes go to ``properties``).
    """
    elements = parse(text)
    service = find_service(elements, spec.get("service") or "Catalina")
    result = Plan(bool(spec.get("placeholder_properties")))
    pool = dict(spec.get("executor") or {})
    connectors = [dict(c) for c in spec.get("connectors") or []]
    used = _used_executor(service, spec) if pool else None
    if used and used != pool.get("name"):
        result.kept.append(
            "Executor(name=%s): used by the connectors already, tuned instead of %s" % (used, pool["name"])
        )
        pool["name"] = used
        for conn in connectors:
            attributes = conn.get("attributes") or {}
            if attributes.get("executor"):
                conn["attributes"] = dict(attributes, executor=used)
    if pool:
        _plan_executor(text, service, pool, result)
    for index, conn in enumerate(connectors):
        _plan_connector(text, service, index, conn, result, pool)
    if spec.get("access_log"):
        _plan_access_log(text, elements, service, spec["access_log"], result)
    if spec.get("executor_unused"):
        _plan_unused_executor(text, service, spec["executor_unused"], result)
    return result


def update(text: str, spec: Dict[str, Any]) -> Tuple[str, List[str]]:
    """Apply ``spec`` to server.xml ``text`` -> (new text, what changed). Raises ServerXmlError."""
    new_text, edits, _kept = update_plan(text, spec)
    return new_text, [e.note for e in edits]


def update_edits(text: str, spec: Dict[str, Any]) -> Tuple[str, List[Edit]]:
    """As ``update``, returning the edits themselves (for ``masked_texts``), in file order."""
    new_text, edits, _kept = update_plan(text, spec)
    return new_text, edits


def update_plan(text: str, spec: Dict[str, Any]) -> Tuple[str, List[Edit], List[str]]:
    """-> (new text, edits in file order, notes on the values left as they are). Raises ServerXmlError.

    The original must be well-formed; the result is checked to be well-formed, to hold exactly the
    original's elements plus the created ones less the removed ones, and to need no further edit.
    """
    before_count = count_elements(text)
    located = len(parse(text))
    if before_count != located:
        raise ServerXmlError("could not locate every element (XML parser: %d, editor: %d)" % (before_count, located))
    planned = plan(text, spec)
    if not planned.edits:
        return text, [], planned.kept
    new_text = apply_edits(text, planned.edits)
    try:
        after_count = count_elements(new_text)
    except ServerXmlError as exc:
        raise ServerXmlError("internal error: the edited file would not be well-formed (%s)" % exc) from exc
    if after_count != before_count + planned.created - planned.removed:
        raise ServerXmlError("internal error: the edit changed the number of elements unexpectedly")
    again = plan(new_text, spec).edits
    if again:
        raise ServerXmlError("internal error: the edit is not idempotent (%s)" % "; ".join(e.note for e in again))
    return new_text, sorted(planned.edits, key=lambda e: e.start), planned.kept


def placeholder_properties(text: str, spec: Dict[str, Any]) -> Dict[str, str]:
    """With ``spec["placeholder_properties"]``: property -> value for catalina.properties, for every managed
    attribute ``text`` holds as a plain ``${prop}`` reference (the reference itself stays)."""
    return plan(text, spec).properties or {}


def old_backups(names: List[str], basename: str, keep: int) -> List[str]:
    """The backups of ``basename`` (Ansible's ``<name>.<pid>.<YYYY-MM-DD@HH:MM:SS>~``) beyond the ``keep``
    newest, oldest first: the ones to delete."""
    pattern = re.compile(r"^%s\.\d+\.(\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d)~$" % re.escape(basename))
    found = sorted((m.group(1), name) for name in names for m in [pattern.match(name)] if m)
    return [name for _stamp, name in found[: max(len(found) - keep, 0)]]
