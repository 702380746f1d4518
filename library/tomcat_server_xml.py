#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tomcat_server_xml
short_description: Set attributes of Tomcat's connectors, shared executor and access log valve in server.xml
description:
  - Edits C(server.xml) in place and only where asked, so everything the site configured that inventory does not
    manage stays as it is, comments, quoting, attribute order and indentation included. A reviewer's C(--diff)
    shows only the attributes that change.
  - The file is tokenised (comments, CDATA and the DOCTYPE are skipped) and only the spans of the matched start
    tags' attribute values are replaced; an added attribute goes after the last one with the separator the tag
    already uses; a created element gets its siblings' indentation.
  - Before writing, the result must parse as XML, hold exactly the original elements plus the created ones, and
    need no further edit. Otherwise the module fails and the file is left untouched.
  - Connectors are matched within the C(Service) by protocol family (C(HTTP/1.1) or an C(Http11*) class is HTTP,
    C(AJP/1.3) or an C(Ajp*) class is AJP) and port; when no connector of the family has the port, the first
    plain (non-TLS) connector of the family is taken, so a port change in inventory moves the connector.
  - Secrets never leave the module in clear. The value of every attribute named like a secret (the AJP
    C(secret) and C(requiredSecret), C(password), C(keystorePass), C(truststorePass), C(certificateKeyPassword) and
    any other name ending in C(pass), C(password), C(secret), C(token), C(credentials); case-insensitive) is masked as
    C(********) in RV(changes), in the C(--diff) before and after text and in messages, whether it is set from
    inventory or already in the file, raw or XML-escaped. A changed secret shows as C(******** (changed)), so a
    reviewer sees that it changes but not what it is.
  - Standard library only (no lxml needed on the host).
version_added: "1.0.0"
author: healthops contributors
options:
  path:
    description: Path of C(server.xml); a symbolic link (Debian's C(conf) directory) is followed.
    type: path
    required: true
  service:
    description: C(name) of the C(Service) element; when no service has it and there is only one, that one.
    type: str
    default: Catalina
  executor:
    description:
      - Attributes of the shared thread pool (C(Executor)), C(name) required. The executor is created before the
        first connector of the service when missing. A value of null removes that attribute.
      - When a connector of O(connectors) already uses another C(Executor) of the service, that one is tuned
        (and kept as the connector's executor) instead of creating a second pool.
      - C(namePrefix) is given to a created C(Executor) only; an existing one keeps its own (thread names are what
        monitoring matches).
      - An NIO2 connector (C(Http11Nio2Protocol), C(AjpNio2Protocol)) never gets the shared executor; it is given
        C(maxThreads) and C(minSpareThreads) of its own (Tomcat requires an exclusive executor for NIO2).
    type: dict
  executor_unused:
    description:
      - C(name) of an C(Executor) to remove when, after the edit, no connector of the service uses it (the pool
        left behind when connectors stop sharing one).
    type: str
  connectors:
    description: The connectors to tune.
    type: list
    elements: dict
    default: []
    suboptions:
      protocol:
        description: Protocol family of the connector.
        type: str
        required: true
        choices: [http, ajp]
      port:
        description: Port of the connector to match (and to give a created one), 1 to 65535.
        type: int
      attributes:
        description:
          - Attributes to set (C(maxThreads), C(acceptCount), C(executor) and so on); a value of null removes the
            attribute. Values are written as text (C(true)/C(false) for booleans).
          - Numeric attributes Tomcat bounds are checked whatever O(strict) says (C(port) and C(redirectPort) 1 to
            65535, C(maxThreads) and C(acceptCount) at least 1, timeouts positive or -1, and so on); a value with a
            C(${property}) reference is left to Tomcat.
        type: dict
        default: {}
      create:
        description: Add the connector after the service's last connector when none matches, instead of failing.
        type: bool
        default: false
  access_log:
    description: The access log valve (C(org.apache.catalina.valves.AccessLogValve)) of a C(Host).
    type: dict
    suboptions:
      host:
        description: C(name) of the C(Host).
        type: str
        default: localhost
      attributes:
        description:
          - Attributes to set (C(pattern), C(maxDays), C(rotatable)); null removes one. They are set on the valve
            the C(Host) has, or else on the first valve of its C(Context)s; the valve's other attributes stay.
        type: dict
        default: {}
      create_attributes:
        description:
          - Further attributes of a valve this module creates (C(directory), C(prefix), C(pattern) ...); they are
            not applied to a valve that exists.
          - A created valve never writes the files of another valve (same C(directory) and C(prefix)); its prefix
            is then led by the C(Service) name.
        type: dict
        default: {}
      create:
        description: Add the valve at the end of the host when neither it nor any of its C(Context)s has one.
        type: bool
        default: true
  ajp_secret:
    description:
      - Shared secret of the AJP connectors (attribute C(secret)), kept out of logs and masked in the diff.
      - Empty leaves any existing C(secret) attribute alone.
    type: str
    default: ""
  version:
    description:
      - Tomcat version, for the catalogue of known attributes (the differences between the versions' connector
        documentation, e.g. C(acceptorThreadCount) up to 9, C(useVirtualThreads) from 10.1). C(10) means 10.1.
    type: str
    default: "10"
    choices: ["7", "8.5", "9", "10", "10.1", "11"]
  strict:
    description:
      - Refuse attribute names that Tomcat O(version) does not know (a typo such as C(maxThread) would otherwise
        be ignored by Tomcat with a warning in its log), naming the option and suggesting the right name.
    type: bool
    default: true
  properties_path:
    description:
      - Path of C(catalina.properties). When set, a managed attribute whose value in C(server.xml) is a plain
        C(${name}) reference keeps it, and the value the options ask for is written to this file as C(name=value)
        (where Tomcat resolves it); without it such a value is left alone and reported in RV(left_alone).
      - The last definition of the property is changed, or a line is added at the end; every other line, comment,
        continuation and byte stays as it is (values are written in ASCII, other characters as Java escapes).
        Written atomically, owner, group and mode kept; shown in C(--diff) after the C(server.xml) diff.
      - Secret attributes (C(secret), C(keystorePass) ...) are never written there; they stay placeholders.
    type: path
  backup:
    description: Keep a timestamped copy of the previous file beside it when it changes (C(backup_file)).
    type: bool
    default: false
  backup_keep:
    description:
      - With O(backup), how many of these copies to keep beside the file (the newest); older ones are removed when a
        new one is made. C(0) keeps them all.
    type: int
    default: 0
notes:
  - Supports check mode and diff mode; in check mode nothing is written and C(changed) says what would change.
seealso:
  - module: community.general.xml
"""

EXAMPLES = r"""
- name: Server xml | Tune the connectors and the shared executor
  ansible.legacy.tomcat_server_xml:
    path: /var/lib/tomcat10/conf/server.xml
    executor:
      name: tomcatThreadPool
      namePrefix: tomcat-exec-
      maxThreads: 400
      minSpareThreads: 25
    connectors:
      - protocol: http
        port: 8080
        attributes:
          executor: tomcatThreadPool
          acceptCount: 200
          maxConnections: 8192
          connectionTimeout: 20000
          compression: "on"
          URIEncoding: UTF-8
      - protocol: ajp
        port: 8009
        create: true
        attributes: {address: 127.0.0.1, executor: tomcatThreadPool}
    ajp_secret: "{{ vault_tomcat_ajp_secret }}"
    access_log:
      attributes: {pattern: '%h %l %u %t "%r" %s %b %D', maxDays: 90}
    backup: true
  register: tomcat_server_xml_result
"""

RETURN = r"""
changes:
  description: What changed (or would change), one line per edit; secret values are masked.
  returned: always
  type: list
  elements: str
  sample:
    - "Executor(name=tomcatThreadPool): maxThreads 200 -> 400"
    - "Connector(HTTP, port 8080): add executor=tomcatThreadPool"
    - "Connector(AJP, port 8009): secret ******** -> ******** (changed)"
schemes:
  description:
    - For each item of O(connectors), C(https) when the connector it matches (after the edit) has TLS, else C(http),
      the scheme a health check on its port must use.
  returned: when the file could be read
  type: list
  elements: str
  sample: [http, https]
left_alone:
  description:
    - Values the file keeps although the options ask otherwise, one line each, secrets masked - a placeholder
      (C(${http.port}), C(START_PORT_PLACEHOLDER)) that Tomcat or the site's templating resolves, the
      C(namePrefix) of an existing C(Executor), the C(Executor) a connector already uses, an NIO2 connector's
      own pool.
  returned: always
  type: list
  elements: str
  sample:
    - "Connector(HTTP, port 8080): port ${http.port} left as it is (a placeholder; inventory: 8080)"
path:
  description: The file edited (symbolic links resolved).
  returned: always
  type: str
  sample: /etc/tomcat10/server.xml
ports_before:
  description:
    - For each item of O(connectors), the port of the connector it matched before the change (null when the
      connector is created), which is where the previous configuration listens after a rollback.
  returned: when the file could be read
  type: list
  elements: int
  sample: [8080, null]
backups_removed:
  description: Old copies removed to keep O(backup_keep) of them.
  returned: changed, backup and backup_keep requested
  type: list
  elements: str
  sample: [/etc/tomcat10/server.xml.2211.2025-01-02@08:30:00~]
properties_changes:
  description: What changed (or would change) in O(properties_path), one line per property.
  returned: when O(properties_path) is set
  type: list
  elements: str
  sample: ["catalina.properties: http.port 8080 -> 8081", "catalina.properties: add maxThreads=300"]
backup_file:
  description: The copy of the previous file, when O(backup) is set and the file changed.
  returned: changed and backup requested
  type: str
  sample: /etc/tomcat10/server.xml.12345.2025-01-06@08:30:00~
"""

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.healthops.common.fileio import atomic_write
from ansible.module_utils.healthops.tomcat.catalogue import (
    VERSIONS,
    attribute_errors,
    attribute_number_errors,
    int_option_error,
)
from ansible.module_utils.healthops.tomcat.connectors import matched_ports, matched_schemes
from ansible.module_utils.healthops.tomcat.plan import old_backups, placeholder_properties, update_plan
from ansible.module_utils.healthops.tomcat.properties import set_properties
from ansible.module_utils.healthops.tomcat.server_xml import (
    AJP,
    ServerXmlError,
    decode,
    escape,
    is_secret_name,
    masked_texts,
)


def build_spec(params):
    """Module parameters -> the editor's spec (the AJP secret added to every AJP connector)."""
    connectors = []
    for conn in params["connectors"] or []:
        attributes = dict(conn.get("attributes") or {})
        if conn["protocol"] == AJP and params["ajp_secret"]:
            attributes["secret"] = params["ajp_secret"]
        connectors.append(
            {"protocol": conn["protocol"], "port": conn.get("port"), "attributes": attributes, "create": conn["create"]}
        )
    return {
        "service": params["service"],
        "executor": params["executor"],
        "connectors": connectors,
        "access_log": params["access_log"],
        "executor_unused": params["executor_unused"],
        "placeholder_properties": bool(params["properties_path"]),
    }


def secret_values(params):
    """Every secret this run carries (the AJP secret and any secret-named attribute of the options), raw and
    XML-escaped: Ansible scrubs these from everything the module returns, the invocation included."""
    found = [params["ajp_secret"]]
    groups = [params["executor"] or {}, (params["access_log"] or {}).get("attributes") or {}]
    groups += [conn.get("attributes") or {} for conn in params["connectors"] or []]
    for attributes in groups:
        found.extend(str(v) for k, v in attributes.items() if is_secret_name(k) and v is not None)
    values = set()
    for value in found:
        if value:
            values.update((value, escape(value), escape(value, "'")))
    return values


def number_errors(params):
    """Out-of-range numbers of the options (checked with or without O(strict))."""
    errors = []
    if params["executor"] is not None:
        errors.extend(attribute_number_errors(params["executor"], "executor"))
    for index, conn in enumerate(params["connectors"] or []):
        if conn.get("port") is not None:
            errors.append(int_option_error("connectors[%d].port" % index, conn["port"], 1, 65535))
        errors.extend(attribute_number_errors(conn.get("attributes") or {}, "connectors[%d].attributes" % index))
    for key in ("attributes", "create_attributes"):
        attributes = (params["access_log"] or {}).get(key) or {}
        errors.extend(attribute_number_errors(attributes, "access_log." + key))
    return [e for e in errors if e]


def strict_errors(params):
    version = params["version"]
    errors = []
    if params["executor"] is not None:
        errors.extend(attribute_errors("executor", params["executor"], version, "executor"))
    for index, conn in enumerate(params["connectors"] or []):
        where = "connectors[%d].attributes" % index
        errors.extend(attribute_errors(conn["protocol"], conn.get("attributes") or {}, version, where))
    for key in ("attributes", "create_attributes"):
        attributes = (params["access_log"] or {}).get(key) or {}
        errors.extend(attribute_errors("access_log", attributes, version, "access_log." + key))
    return errors


ARGUMENT_SPEC = dict(
    path=dict(type="path", required=True),
    service=dict(type="str", default="Catalina"),
    executor=dict(type="dict"),
    connectors=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(
            protocol=dict(type="str", required=True, choices=["http", "ajp"]),
            port=dict(type="int"),
            attributes=dict(type="dict", default={}),
            create=dict(type="bool", default=False),
        ),
    ),
    access_log=dict(
        type="dict",
        options=dict(
            host=dict(type="str", default="localhost"),
            attributes=dict(type="dict", default={}),
            create_attributes=dict(type="dict", default={}),
            create=dict(type="bool", default=True),
        ),
    ),
    executor_unused=dict(type="str"),
    ajp_secret=dict(type="str", default="", no_log=True),
    version=dict(type="str", default="10", choices=list(VERSIONS)),
    strict=dict(type="bool", default=True),
    properties_path=dict(type="path"),
    backup=dict(type="bool", default=False),
    backup_keep=dict(type="int", default=0),
)


def option_errors(params):
    """Everything wrong with the options, each message once (the same rules the role's assert applies)."""
    errors = strict_errors(params) if params["strict"] else []
    errors.append(int_option_error("backup_keep", params["backup_keep"], 0))
    return [e for e in errors if e] + [e for e in number_errors(params) if e not in errors]


def read_bytes(module, path, result):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot read %s: %s" % (path, to_native(exc)), **result)


def plan_change(data, params, result):
    """(text, encoding, new text, diff before, diff after); fills ``result`` with changes and ports_before."""
    text, encoding = decode(data)
    spec = build_spec(params)
    new_text, edits, kept = update_plan(text, spec)
    result["ports_before"] = matched_ports(text, spec)
    result["changes"] = [e.note for e in edits]
    result["left_alone"] = kept
    result["schemes"] = matched_schemes(new_text, spec)
    # Secrets masked: a reviewer's --diff shows that a secret changes, never the secret.
    shown_before, shown_after = masked_texts(text, edits)
    return text, encoding, new_text, shown_before, shown_after


def plan_properties(module, text, result):
    """(path, text, new text) of catalina.properties for the ``${name}`` attributes, or None when not asked."""
    params = module.params
    if not params["properties_path"]:
        return None
    path = os.path.realpath(params["properties_path"])
    values = placeholder_properties(text, build_spec(params))
    # ISO-8859-1, as Tomcat reads it: every byte decodes and is written back unchanged.
    old = read_bytes(module, path, result).decode("latin-1")
    new, notes = set_properties(old, values, os.path.basename(path))
    result["properties_changes"] = notes
    return path, old, new


def prune_backups(module, path, result):
    """Keep the O(backup_keep) newest backups beside the file; report what was removed."""
    directory, basename = os.path.split(path)
    removed = []
    for name in old_backups(os.listdir(directory), basename, module.params["backup_keep"]):
        try:
            os.unlink(os.path.join(directory, name))
            removed.append(os.path.join(directory, name))
        except OSError as exc:
            module.warn("cannot remove the old backup %s: %s" % (name, to_native(exc)))
    result["backups_removed"] = removed


def write(module, path, data, result):
    if module.params["backup"]:
        result["backup_file"] = module.backup_local(path)
        if module.params["backup_keep"]:
            prune_backups(module, path, result)
    try:
        # server.xml keeps its owner, group and mode (Tomcat's user must still read it).
        atomic_write(path, data, preserve_owner=True, keep_mode=True)
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot write %s: %s" % (path, to_native(exc)), **result)


def write_properties(module, path, data, result):
    try:
        atomic_write(path, data, preserve_owner=True, keep_mode=True)
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot write %s: %s" % (path, to_native(exc)), **result)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    module.no_log_values.update(secret_values(params))
    path = os.path.realpath(params["path"])
    result = dict(changed=False, changes=[], left_alone=[], path=path)
    errors = option_errors(params)
    if errors:
        module.fail_json(msg="; ".join(errors), **result)
    data = read_bytes(module, path, result)
    try:
        text, encoding, new_text, shown_before, shown_after = plan_change(data, params, result)
        properties = plan_properties(module, text, result)
    except ServerXmlError as exc:
        module.fail_json(msg="%s: %s" % (path, exc), **result)
    props_path, props_old, props_new = properties or (None, "", "")
    diffs = []
    if new_text != text:
        diffs.append(dict(before=shown_before, after=shown_after, before_header=path, after_header=path))
    if props_new != props_old:
        diffs.append(dict(before=props_old, after=props_new, before_header=props_path, after_header=props_path))
    result["changed"] = bool(diffs)
    if module._diff and diffs:
        result["diff"] = diffs if len(diffs) > 1 else diffs[0]
    if not module.check_mode and new_text != text:
        write(module, path, new_text.encode(encoding), result)
    if not module.check_mode and props_new != props_old:
        write_properties(module, props_path, props_new.encode("latin-1"), result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
