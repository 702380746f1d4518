# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Python 3.6 (EL7, EL8's platform-python) lacks and the db package needs.

``fromisoformat``: ``datetime.fromisoformat`` (3.7+), parsed by hand on 3.6.
``Record``/``FrozenRecord``: value objects without dataclasses (3.7+). A subclass names its
fields in ``_fields`` and sets them in a typed ``__init__`` through ``_set``; equality and
``repr`` go by those fields, as a dataclass's do. ``FrozenRecord`` refuses assignment after
``__init__`` and hashes by its fields, as ``@dataclass(frozen=True)``.
"""

import datetime as dt
import re
from typing import Any, Optional, Tuple

# What datetime.fromisoformat accepts on 3.7-3.10: YYYY-MM-DD, then any one separator and
# HH[:MM[:SS[.fff[fff]]]], then an offset +HH:MM[:SS[.ffffff]].
_ISO = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:.(\d\d)(?::(\d\d)(?::(\d\d)(?:\.(\d{3}|\d{6}))?)?)?"
    r"(?:([+-])(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{6}))?)?)?)?",
    re.ASCII | re.DOTALL,
)


def fromisoformat(text: str) -> dt.datetime:
    """``datetime.datetime.fromisoformat(text)`` where the interpreter has it (3.7+), else ``parse_isoformat``."""
    native = getattr(dt.datetime, "fromisoformat", None)
    return native(text) if native is not None else parse_isoformat(text)


def parse_isoformat(text: str) -> dt.datetime:
    """What 3.7's ``datetime.fromisoformat`` gives for ``text``; ValueError on what it refuses."""
    match = _ISO.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError("Invalid isoformat string: %r" % (text,))
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m, off_s, off_us = match.groups()
    tzinfo: Optional[dt.tzinfo] = None
    if sign:
        offset = dt.timedelta(
            hours=int(off_h), minutes=int(off_m), seconds=int(off_s or 0), microseconds=int(off_us or 0)
        )
        tzinfo = dt.timezone(-offset if sign == "-" else offset)
    return dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
        tzinfo=tzinfo,
    )


class Record:
    """A mutable value object (``@dataclass``): compared by its fields, unhashable."""

    _fields: Tuple[str, ...] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable: as a dataclass with eq and without frozen

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"


class FrozenRecord(Record):
    """An immutable value object (``@dataclass(frozen=True)``): hashable by its fields."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of {type(self).__name__}")

    def __hash__(self) -> int:
        return hash(self._values())
