# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Release and patch levels as number tuples, compared the same way for Oracle and the PostgreSQL family.

A level is the numbers of its text in order: ``19.21.0.0.0`` -> (19, 21, 0, 0, 0), ``15.4`` -> (15, 4),
KingbaseES ``V008R006C009B0014`` -> (8, 6, 9, 14). Trailing zeros do not matter: ``19.21`` equals
``19.21.0.0.0``.
"""

import re
from typing import Any, Tuple


def level_tuple(text: Any) -> Tuple[int, ...]:
    """The numbers of ``text`` in order; empty for a text without digits."""
    return tuple(int(p) for p in re.findall(r"\d+", str(text or "")))


def at_least(level: Tuple[int, ...], required: Tuple[int, ...]) -> bool:
    """``level`` >= ``required``, number by number, the shorter padded with zeros."""
    width = max(len(level), len(required))
    return level + (0,) * (width - len(level)) >= required + (0,) * (width - len(required))
