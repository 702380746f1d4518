#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: healthops_state
short_description: Keep probe state between runs on the controller
description:
  - Writes one JSON file per host into a state directory, for all hosts of a run at once,
    so probes can report what happened "since the last run" (log positions, counters,
    growth of file systems).
  - One call for the whole fleet instead of a copy task per host keeps a fleet run fast.
  - Files are written atomically (temporary file and rename), mode 0600 (a stricter umask
    wins), never through a symlink, and only when their content changes.
  - A state file that cannot be written (disk full, read-only, a symlink in its place) is a
    warning naming the hosts, listed in RV(not_written); the task does not fail, so the run
    goes on to its report. Only that comparison is lost in the next run.
  - "Run it on the controller: C(delegate_to: localhost) and C(run_once: true)."

version_added: "1.0.0"
author: healthops contributors
options:
  path:
    description: Directory for the state files; created with mode 0700 (a stricter umask wins) when missing.
    type: path
    required: true
  states:
    description:
      - Mapping of host name to the state to keep for it (any JSON-serialisable value).
      - A host whose state is null is left as it is.
    type: dict
    required: true
notes:
  - Supports check mode, in which nothing is written and C(changed) says what would be.
seealso:
  - module: ansible.legacy.host_inspect
"""

EXAMPLES = r"""
- name: State | Save the state of every host of the run
  ansible.legacy.healthops_state:
    path: /var/lib/healthops-controller/state/inspection
    states: "{{ dict(ansible_play_hosts | zip(__states)) }}"
  vars:
    __states: "{{ ansible_play_hosts | map('extract', hostvars, ['inspection_result', 'state']) }}"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
written:
  description: Host names whose state file was (or in check mode would be) written.
  returned: always
  type: list
  elements: str
  sample: [db01, app01]
not_written:
  description: Host names whose state file could not be written, with the error.
  returned: always
  type: dict
  sample: {db01: "[Errno 28] No space left on device"}
path:
  description: The state directory.
  returned: always
  type: str
  sample: /var/lib/healthops-controller/state/inspection
"""

import json
import os
import re

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir

_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
# State holds log offsets, counters and host details: for the controller user alone.
STATE_FILE_MODE = 0o600
STATE_DIR_MODE = 0o700


def serialise(state):
    """Stable text for a state, so an unchanged state compares equal."""
    return json.dumps(state, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def plan_writes(path, states):
    """Return {host: text} for the hosts whose file content would change."""
    writes = {}
    for host, state in sorted(states.items()):
        if state is None:
            continue
        if not _SAFE_NAME.match(host) or host in (".", ".."):
            raise ValueError("host name %r is not usable as a file name" % host)
        text = serialise(state)
        target = os.path.join(path, host + ".json")
        try:
            with open(target, encoding="utf-8") as handle:
                if handle.read() == text:
                    continue
        except (IOError, OSError):
            pass
        writes[host] = text
    return writes


def write_states(path, writes):
    """Write each {host: text} with the shared atomic writer; return (written hosts, {host: error})."""
    try:
        ensure_dir(path, mode=STATE_DIR_MODE)
    except (IOError, OSError) as exc:
        return [], {host: str(exc) for host in writes}
    written, errors = [], {}
    for host, text in sorted(writes.items()):
        try:
            atomic_write(os.path.join(path, host + ".json"), text, mode=STATE_FILE_MODE)
        except (IOError, OSError) as exc:
            errors[host] = str(exc)
        else:
            written.append(host)
    return written, errors


def error_warnings(path, errors):
    """One warning per distinct error, naming the hosts whose state was not kept."""
    by_error = {}
    for host, error in sorted(errors.items()):
        by_error.setdefault(error, []).append(host)
    return [
        "state of %s not kept in %s (%s): the next run cannot compare with this one" % (", ".join(hosts), path, error)
        for error, hosts in sorted(by_error.items())
    ]


class ModuleError(Exception):
    """A failure to report with fail_json."""

    def __init__(self, msg, **extra):
        super(ModuleError, self).__init__(msg)
        self.extra = extra


ARGUMENT_SPEC = dict(
    path=dict(type="path", required=True),
    states=dict(type="dict", required=True),
)


def execute(params, check_mode):
    """Write the changed state files; the module and its in-process action plugin both call this."""
    path = params["path"]
    try:
        writes = plan_writes(path, params["states"])
    except (TypeError, ValueError) as exc:
        raise ModuleError("states: %s" % exc) from exc
    if check_mode or not writes:
        return dict(changed=bool(writes), written=sorted(writes), not_written={}, path=path, warnings=[])
    # A full or read-only state directory costs the next run its comparison, not this run's checks:
    # it is a warning, and the play goes on to the report.
    written, errors = write_states(path, writes)
    return dict(
        changed=bool(written), written=written, not_written=errors, path=path, warnings=error_warnings(path, errors)
    )


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        result = execute(module.params, module.check_mode)
        for warning in result.pop("warnings"):
            module.warn(warning)
        module.exit_json(**result)
    except ModuleError as exc:
        module.fail_json(msg=str(exc), **exc.extra)


if __name__ == "__main__":
    main()
