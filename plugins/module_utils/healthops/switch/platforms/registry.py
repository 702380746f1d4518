# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switch platforms healthops reads over SSH, by name, and the one dispatch on them.

Everything about a platform - the commands and their order, exec channels or an interactive
shell, the paging-off command, older spellings tried when a command is refused, the prompt and
refusal patterns, the parsers and which counters are faults - is the ``PLATFORM`` entry
(:class:`~healthops.switch.platforms.base.Platform`) of that platform's own module. The SSH
transport, ``parse_platform`` and the module's ``platform`` choices read only this table.

Adding a platform (e.g. ``juniper_junos``):

1. write ``platforms/juniper_junos.py``: its parsers (pure functions of the command text,
   built from the helpers in ``healthops.switch.parsers``: ``new_port``, ``parse_count``,
   ``log_entry`` ...), a ``parse(outputs, now)`` returning ``{"switch", "ports", "counters",
   "logs"}`` and ``PLATFORM = Platform(name="juniper_junos", commands=(...), parse=parse, ...)``;
2. import it below and add it to the tuple (keep it sorted);
3. record each command's output under ``tests/unit/fixtures/switch/juniper_junos/`` and name the
   files in ``tests/unit/fixtures/switch/fixture_sets.json``: the parser, module and SSH lab tests
   then run on it (the lab, ``tests/integration/switchlab.py``, also needs the device's prompt,
   paging and refusal text to emulate it);
4. add the name to ``platform``'s choices in ``library/switch_ports.py``'s DOCUMENTATION
   (tests/unit/test_module_docs.py checks they match).
"""

from __future__ import absolute_import, division, print_function

import datetime
from typing import Any, Dict, Optional

from ansible.module_utils.healthops.switch.parsers import IF_DISCARD_COUNTERS, IF_ERROR_COUNTERS
from ansible.module_utils.healthops.switch.platforms import (
    brocade_fos,
    cisco_ios,
    cisco_nxos,
    h3c_comware,
    huawei_vrp,
)
from ansible.module_utils.healthops.switch.platforms.base import Platform

__metaclass__ = type

PLATFORMS: Dict[str, Platform] = {
    module.PLATFORM.name: module.PLATFORM for module in (brocade_fos, cisco_ios, cisco_nxos, h3c_comware, huawei_vrp)
}

# The commands each platform is read with over SSH, in order.
PLATFORM_COMMANDS = {name: platform.commands for name, platform in PLATFORMS.items()}

# Counters graded as faults when they rise, and drops / rejects graded on their own limit
# (traffic counters are not graded): the IF-MIB ones and every platform's own.
ERROR_COUNTERS = IF_ERROR_COUNTERS.union(*(p.error_counters for p in PLATFORMS.values()))
DISCARD_COUNTERS = IF_DISCARD_COUNTERS.union(*(p.discard_counters for p in PLATFORMS.values()))


def platform_named(name: str) -> Platform:
    """The registry entry of ``name``; ValueError naming the known ones otherwise."""
    try:
        return PLATFORMS[name]
    except KeyError:
        raise ValueError("unknown platform %r (known: %s)" % (name, ", ".join(PLATFORMS))) from None


def parse_platform(platform: str, outputs: Dict[str, str], now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """Turn one platform's command outputs into ``{"switch", "ports", "counters", "logs"}``.

    ``outputs`` maps each command of PLATFORM_COMMANDS[platform] to its text; a
    missing command (the device refused it) gives no data for that part.
    """
    return platform_named(platform).parse(outputs, now)
