#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tomcat_probe
short_description: Check a running Tomcat and return every check in one call
description:
  - Runs on the Tomcat host and returns the checks of the healthops result model (C(id), C(category), C(title),
    C(title_zh), C(status), C(value), C(threshold), C(unit), C(detail)); C(status) is one of C(PASS), C(WARN),
    C(FAIL), C(INFO), C(ERROR). Never changes anything.
  - "Check ids: C(tomcat.process) (a C(Bootstrap start) JVM of O(base) runs), C(tomcat.http) (answer time of
    O(url); FAIL without an answer or on 5xx), C(tomcat.threads:<pool>) (busy threads of C(maxThreads), per
    connector or shared executor), C(tomcat.open_files) (open files of the process's C(LimitNOFILE)),
    C(tomcat.heap_used) (with the manager), C(tomcat.log_severe:<path>) and C(tomcat.oom:<path>) (C(SEVERE) lines and
    C(OutOfMemoryError) since the previous run), C(tomcat.heap_dumps) (C(*.hprof) in O(heap_dump_dir)),
    C(tomcat.app:<context>) (deployed applications running) or C(tomcat.apps) (INFO when nothing can list them)."
  - "With O(status_user) the manager application is asked for C(/status?XML=true) (busy threads, heap) and
    C(/text/list) (applications); the user needs the C(manager-status) and C(manager-script) roles. Without it, the
    worker threads the pool has started are counted from C(/proc) (Linux keeps 15 characters of a thread name,
    enough for C(http-nio-8080-e) and C(tomcat-exec-)) against C(maxThreads) read from O(server_xml): an upper
    bound of the busy threads, since the pool only grows under load."
  - Log positions are kept by the controller, which passes the C(state) the previous run returned as
    O(previous_state). A rotated or truncated log is read from its start; the first run reads the last
    O(max_log_bytes).
  - HTTP requests go only to the URLs given (normally the host's own loopback) and never through a proxy. A
    redirect is followed only within the same origin (scheme, host and port); a redirect elsewhere is not followed,
    so the manager credentials are never sent to another host, port or scheme, and its 3xx status is the answer.
  - Numeric options out of range (O(timeout) below 1, O(max_log_bytes) below 1) are argument errors naming the
    option, before anything is checked.
version_added: "1.0.0"
author: healthops contributors
extends_documentation_fragment:
  - healthops
  - healthops.thresholds
options:
  base:
    description: C(CATALINA_BASE) of the Tomcat to check; the process is recognised by C(-Dcatalina.base).
    type: path
    required: true
  server_xml:
    description: The C(server.xml) with the connector and executor settings; default C(<base>/conf/server.xml).
    type: path
  service:
    description:
      - C(name) of the C(Service) whose connectors are checked; empty checks the connectors of every C(Service).
      - A C(server.xml) that is not well-formed XML is reported as an C(ERROR) check (Tomcat would not start on it);
        a C(${property}) thread count is reported as such, not replaced by Tomcat's default.
    type: str
    default: ""
  url:
    description: URL whose answer time is measured (any HTTP status below 500 is an answer).
    type: str
    default: http://127.0.0.1:8080/
  manager_url:
    description: Base URL of the manager application.
    type: str
    default: http://127.0.0.1:8080/manager
  status_user:
    description: Manager user (roles C(manager-status), C(manager-script)); empty to do without the manager.
    type: str
    default: ""
  status_password:
    description: Password of O(status_user), from ansible-vault.
    type: str
    default: ""
  expected_apps:
    description:
      - Context paths that must be deployed and running (C(/), C(/app)). With the manager every application is
        listed and these must be among them; without it each is asked over HTTP (404 or 5xx is FAIL).
    type: list
    elements: str
    default: []
  log_files:
    description:
      - Logs scanned for C(SEVERE) and C(OutOfMemoryError) lines since the previous run (C(catalina.out)).
      - One that does not exist is looked for where this Tomcat writes its log - the file its stdout is
        (C(/proc/PID/fd/1)), C(CATALINA_OUT) of its environment or C(bin/setenv.sh), else Tomcat's own
        C(catalina.<date>.log) beside it or in C(CATALINA_BASE/logs) (a Tomcat under systemd logs its console
        to the journal) - and read under the configured name; none found there is INFO, not ERROR.
    type: list
    elements: path
    default: []
  heap_dump_dir:
    description: Directory of C(-XX:HeapDumpPath); empty to skip the check.
    type: path
  previous_state:
    description: The C(state) returned by the previous run (log positions, time of the run).
    type: dict
    default: {}
  timeout:
    description: Timeout in seconds of each HTTP request, 1 to 3600.
    type: int
    default: 10
  max_log_bytes:
    description: At most this many bytes of each log are read per run (the newest ones); at least 1.
    type: int
    default: 4194304
notes:
  - 'O(thresholds) ids: C(tomcat_response_ms) (ms, 1000/5000), C(tomcat_heap_used) (%, 85/95),
    C(tomcat_severe_lines) (lines, 1/20) and the shared C(resource_limit) (%, 80/90) for threads and open
    files. Ids of other probes are ignored.'
  - Supports check mode; the module only reads, so check mode runs it unchanged.
  - Reading other users' C(/proc/PID/fd) needs root (C(become)).
seealso:
  - module: ansible.legacy.tomcat_server_xml
  - module: ansible.legacy.healthops_state
"""

EXAMPLES = r"""
- name: Check | Probe Tomcat
  ansible.legacy.tomcat_probe:
    base: /var/lib/tomcat10
    url: http://127.0.0.1:8080/
    log_files: [/var/log/tomcat10/catalina.out]
    heap_dump_dir: /var/log/tomcat10/heapdump
    status_user: "{{ tomcat_status_user }}"
    status_password: "{{ tomcat_status_password }}"
    previous_state: "{{ lookup('ansible.builtin.file', state_file, errors='ignore') | default('{}', true)
                        | from_json }}"
  register: tomcat_result
"""

RETURN = r"""
checks:
  description: The checks, in the result model of healthops.common.result.
  returned: always
  type: list
  elements: dict
  sample:
    - {id: tomcat.threads:tomcatThreadPool, category: tomcat, title: Busy threads of maxThreads tomcatThreadPool,
       title_zh: 线程池繁忙线程占比 tomcatThreadPool, status: PASS, value: 2.5, threshold: ">=80/90%", unit: "%",
       detail: "5 busy of maxThreads 200 (25 threads in the pool), from the manager status"}
state:
  description: What the next run needs (log positions, time of this run); keep it on the controller.
  returned: always
  type: dict
  sample: {time: 1736123400.0, logs: {/var/log/tomcat10/catalina.out: {inode: 1234, offset: 56789}}}
connectors:
  description: The connectors of O(server_xml) with the thread settings that apply to them.
  returned: when server_xml could be read
  type: list
  elements: dict
  sample: [{family: http, port: 8080, name: http-nio-8080, executor: tomcatThreadPool, maxThreads: 200}]
pid:
  description: PID of the Tomcat process, or null.
  returned: always
  type: int
  sample: 4242
"""

import os
import pwd
import re
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.healthops.common.result import ERROR
from ansible.module_utils.healthops.tomcat.checks import (
    effective_thresholds,
    eval_apps,
    eval_heap_dumps,
    eval_http,
    eval_open_files,
    eval_process,
    eval_threads,
    is_tomcat_cmdline,
    log_checks,
    parse_nofile_limit,
    probe_option_errors,
    tomcat_check,
)
from ansible.module_utils.healthops.tomcat.connectors import connectors_summary
from ansible.module_utils.healthops.tomcat.fetch import Http, app_url, manager_checks
from ansible.module_utils.healthops.tomcat.server_xml import ServerXmlError, decode, external_entities

PROC = "/proc"


def read_text(path):
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", "replace")


def find_pids(base):
    pids = []
    for name in os.listdir(PROC):
        if not name.isdigit():
            continue
        try:
            argv = read_text(os.path.join(PROC, name, "cmdline")).split("\0")
        except (IOError, OSError):
            continue
        if is_tomcat_cmdline([a for a in argv if a], base):
            pids.append(int(name))
    return sorted(pids)


def process_facts(pid):
    """(uptime seconds, user, thread names, open files, nofile limit, error) of one process."""
    root = os.path.join(PROC, str(pid))
    uptime = user = comms = fds = limit = None
    error = ""
    try:
        fields = read_text(os.path.join(root, "stat")).rsplit(")", 1)[1].split()
        started = int(fields[19]) / float(os.sysconf("SC_CLK_TCK"))
        uptime = float(read_text(os.path.join(PROC, "uptime")).split()[0]) - started
        user = pwd.getpwuid(os.stat(root).st_uid).pw_name
    except (IOError, OSError, IndexError, KeyError, ValueError):
        pass
    try:
        comms = []
        for tid in os.listdir(os.path.join(root, "task")):
            try:
                comms.append(read_text(os.path.join(root, "task", tid, "comm")).strip())
            except (IOError, OSError):
                continue
    except (IOError, OSError):
        comms = None
    try:
        fds = len(os.listdir(os.path.join(root, "fd")))
        limit = parse_nofile_limit(read_text(os.path.join(root, "limits")))
    except (IOError, OSError) as exc:
        error = "cannot read %s/fd: %s (run with become)" % (root, to_native(exc))
    return uptime, user, comms, fds, limit, error


SETENV_CATALINA_OUT = re.compile(r"^\s*(?:export\s+)?CATALINA_OUT=(['\"]?)([^'\"\s;]+)\1\s*(?:#.*)?$")


def setenv_catalina_out(base):
    """CATALINA_OUT as bin/setenv.sh of CATALINA_BASE sets it (a plain assignment; $CATALINA_BASE expanded)."""
    found = None
    try:
        text = read_text(os.path.join(base, "bin", "setenv.sh"))
    except (IOError, OSError):
        return None
    for line in text.splitlines():
        match = SETENV_CATALINA_OUT.match(line)
        if match:
            value = match.group(2).replace("${CATALINA_BASE}", base).replace("$CATALINA_BASE", base)
            found = None if "$" in value else value
    return found


def console_facts(pid, base):
    """Where the Tomcat's console goes (tomcat.checks.find_tomcat_log): its stdout, CATALINA_OUT."""
    console = {"pid": pid, "base": base, "stdout": None, "catalina_out": None, "source": None}
    if pid is not None:
        root = os.path.join(PROC, str(pid))
        try:  # the process's own files: readable as its user or with become
            console["stdout"] = os.readlink(os.path.join(root, "fd", "1"))
            environ = read_text(os.path.join(root, "environ")).split("\0")
        except (IOError, OSError):
            environ = []
        for item in environ:
            if item.startswith("CATALINA_OUT="):
                console["catalina_out"] = item[len("CATALINA_OUT=") :]
                console["source"] = "the environment of pid %d" % pid
    if not console["catalina_out"]:
        console["catalina_out"] = setenv_catalina_out(base)
        console["source"] = os.path.join(base, "bin", "setenv.sh")
    return console


def heap_dumps(directory):
    if not directory or not os.path.isdir(directory):
        return None
    dumps = []
    for name in os.listdir(directory):
        if name.endswith(".hprof"):
            try:
                st = os.stat(os.path.join(directory, name))
            except OSError:
                continue
            dumps.append((name, st.st_mtime, st.st_size))
    return dumps


ARGUMENT_SPEC = dict(
    base=dict(type="path", required=True),
    server_xml=dict(type="path"),
    service=dict(type="str", default=""),
    url=dict(type="str", default="http://127.0.0.1:8080/"),
    manager_url=dict(type="str", default="http://127.0.0.1:8080/manager"),
    status_user=dict(type="str", default=""),
    status_password=dict(type="str", default="", no_log=True),
    expected_apps=dict(type="list", elements="str", default=[]),
    log_files=dict(type="list", elements="path", default=[]),
    heap_dump_dir=dict(type="path"),
    thresholds=dict(type="dict", default={}),
    previous_state=dict(type="dict", default={}),
    timeout=dict(type="int", default=10),
    max_log_bytes=dict(type="int", default=4194304),
)


def read_connectors(p, checks):
    """The connectors server.xml declares, or None with an ERROR check saying why they cannot be read."""
    server_xml = p["server_xml"] or os.path.join(p["base"], "conf", "server.xml")
    try:
        with open(server_xml, "rb") as handle:
            text = decode(handle.read())[0]
        connectors = connectors_summary(text, p["service"] or None)
    except (IOError, OSError, ServerXmlError) as exc:
        checks.append(tomcat_check("tomcat.threads", ERROR, None, None, "%", "%s: %s" % (server_xml, to_native(exc))))
        return None
    if not connectors:
        # Connectors declared in an external entity are not read (nothing outside server.xml is fetched).
        entities = external_entities(text)
        detail = "%s declares no Connector%s" % (
            server_xml,
            "; its external entities (%s) are not read" % ", ".join(entities) if entities else "",
        )
        checks.append(tomcat_check("tomcat.threads", ERROR, None, None, "%", detail))
        return None
    return connectors


def app_checks(http, p, apps):
    probes = {}
    if apps is None:
        for path in p["expected_apps"]:
            app_code, _ms, _b, app_error = http.get(app_url(p["url"], path))
            probes[path] = (app_code, app_error)
    if apps is not None or not p["status_user"] or p["expected_apps"]:
        return eval_apps(apps, p["expected_apps"], probes)
    return []


def process_checks(p, checks):
    """Process and HTTP checks -> (pid, thread names, open files, nofile limit, fd error)."""
    pids = find_pids(p["base"])
    pid = pids[0] if pids else None
    uptime = user = comms = fds = limit = None
    fd_error = "no Tomcat process"
    if pid is not None:
        uptime, user, comms, fds, limit, fd_error = process_facts(pid)
    checks.append(eval_process(pids, p["base"], uptime, user))
    return pid, comms, fds, limit, fd_error


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    thresholds, errors = effective_thresholds(p["thresholds"])
    errors = probe_option_errors(p) + errors
    if errors:
        module.fail_json(msg="; ".join(errors))
    previous = p["previous_state"] or {}
    checks = []
    pid, comms, fds, limit, fd_error = process_checks(p, checks)
    http = Http(p["timeout"], p["status_user"], p["status_password"])
    code, elapsed, _body, error = http.get(p["url"])
    checks.append(eval_http(p["url"], code, elapsed, error, thresholds))
    connectors = read_connectors(p, checks)
    status = apps = None
    if p["status_user"]:
        status, apps, manager_failures = manager_checks(http, p, thresholds)
        checks.extend(manager_failures)
    if connectors is not None:
        checks.extend(eval_threads(connectors, status, comms if pid is not None else None, thresholds))
    checks.append(eval_open_files(fds, limit, thresholds, fd_error))
    checks.extend(app_checks(http, p, apps))
    console = console_facts(pid, p["base"])
    logs, log_state = log_checks(p["log_files"], previous.get("logs") or {}, thresholds, p["max_log_bytes"], console)
    checks.extend(logs)
    if p["heap_dump_dir"]:
        checks.append(eval_heap_dumps(p["heap_dump_dir"], heap_dumps(p["heap_dump_dir"]), previous.get("time")))
    result = dict(changed=False, checks=checks, state={"time": time.time(), "logs": log_state, "pid": pid}, pid=pid)
    if connectors is not None:
        result["connectors"] = [{k: v for k, v in c.items() if k != "attributes"} for c in connectors]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
