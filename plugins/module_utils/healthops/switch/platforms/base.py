# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of one switch platform's entry in the registry (see ``registry.py``).

A :class:`Platform` says everything the SSH transport and the parsers need to know about one
switch operating system; the transport and ``parse_platform`` only read these entries, so
nothing outside a platform's own module names a platform.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Callable, Dict, FrozenSet, Optional, Tuple

__metaclass__ = type

# A CLI prompt at the end of the output: ``<HW>``, ``[H3C]``, ``SW#``, ``SW>``, ``FC-SW:FID128:admin>``.
PROMPT_RE = re.compile(r"(?:^|\n)([<\[]?[A-Za-z0-9][\w\-.:/@()~]*[>#\]])\s*$")
# What the platforms answer to a command they do not know (looked for at the start of the output).
REFUSED_RE = re.compile(
    r"(Unrecognized command|Invalid input detected|Incomplete command|Unknown command|command not found|"
    r"Too many parameters|Wrong parameter)",
    re.I,
)

EXEC = "exec"  # one SSH exec channel per command
SHELL = "shell"  # one interactive shell: learn the prompt, turn paging off, send commands one by one

# parse(outputs, now) -> {"switch": {...}, "ports": [...], "counters": {...}, "logs": [...]}
Parser = Callable[[Dict[str, str], Any], Dict[str, Any]]


class Platform(object):
    """One switch platform: how it is read over SSH and how its output is parsed.

    ``name``            the module's ``platform`` choice;
    ``commands``        what is run, in order; ``parse`` gets ``{command: output}`` of those the
                        device accepted (a refused one is missing, its part not graded);
    ``parse``           see :data:`Parser`;
    ``session``         :data:`EXEC` or :data:`SHELL`;
    ``paging_off``      the command that turns paging off for this session only (SHELL), or None;
    ``fallbacks``       ``{command: older spelling}`` tried when the device refuses the command;
    ``exit_command``    what ends a SHELL session;
    ``prompt``          pattern whose group 1 is the prompt, learned at login (SHELL);
    ``refused``         pattern of the device's answer to a command it does not know;
    ``error_counters``  counter names the parsers give that are faults (graded when they rise);
    ``discard_counters`` counter names that are drops / rejects (graded on a looser limit);
    ``log_rules``       ``((pattern, verdict), ...)``: log messages whose verdict is not their severity's
                        (see :mod:`healthops.switch.logs`); inventory ``switch_log_rules`` come first.
    """

    def __init__(
        self,
        name: str,
        commands: Tuple[str, ...],
        parse: Parser,
        session: str = SHELL,
        paging_off: Optional[str] = None,
        fallbacks: Optional[Dict[str, str]] = None,
        exit_command: str = "quit",
        prompt: Any = PROMPT_RE,
        refused: Any = REFUSED_RE,
        error_counters: FrozenSet[str] = frozenset(),
        discard_counters: FrozenSet[str] = frozenset(),
        log_rules: Tuple[Tuple[str, str], ...] = (),
    ) -> None:
        if session not in (EXEC, SHELL):
            raise ValueError("platform %s: session must be %r or %r, not %r" % (name, EXEC, SHELL, session))
        self.name = name
        self.commands = tuple(commands)
        self.parse = parse
        self.session = session
        self.paging_off = paging_off
        self.fallbacks = dict(fallbacks or {})
        self.exit_command = exit_command
        self.prompt = prompt
        self.refused = refused
        self.error_counters = frozenset(error_counters)
        self.discard_counters = frozenset(discard_counters)
        self.log_rules = tuple(log_rules)

    def __repr__(self) -> str:
        return "Platform(%r)" % self.name
