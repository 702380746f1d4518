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
  - Files are written atomically (temporary file and rename) and only when their content
    changes.
  - "Run it on the controller: C(delegate_to: localhost) and C(run_once: true)."

version_added: "1.0.0"
author: healthops contributors
options:
  path:
    description: Directory for the state files; created with mode 0700 when missing.
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
path:
  description: The state directory.
  returned: always
  type: str
  sample: /var/lib/healthops-controller/state/inspection
"""

import json
import os
import re
import tempfile

from ansible.module_utils.basic import AnsibleModule

_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


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


def write_atomic(path, name, text):
    fd, tmp = tempfile.mkstemp(prefix=".%s." % name, dir=path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, os.path.join(path, name))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
    if writes and not check_mode:
        try:
            if not os.path.isdir(path):
                os.makedirs(path, 0o700)
            for host, text in writes.items():
                write_atomic(path, host + ".json", text)
        except (IOError, OSError) as exc:
            raise ModuleError("cannot write state to %s: %s" % (path, exc)) from exc
    return dict(changed=bool(writes), written=sorted(writes), path=path)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        module.exit_json(**execute(module.params, module.check_mode))
    except ModuleError as exc:
        module.fail_json(msg=str(exc), **exc.extra)


if __name__ == "__main__":
    main()
