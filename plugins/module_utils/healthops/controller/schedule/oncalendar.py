# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""systemd calendar events (``OnCalendar=``, systemd.time(7)): parse and list the next elapses.

The grammar is the documented one, ``[weekdays] [[year-]month-day] [hour:minute[:second]]``, with
``*``, lists (``,``), ranges (``..``) and repetitions (``/``) in each field, and the shorthands
(``daily``, ``weekly`` …). Not supported, and refused by name rather than misread: ``~`` (days
from the end of the month), fractional seconds and time zones. Pure: the caller gives the time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHORTHANDS = {
    "minutely": "*-*-* *:*:00",
    "hourly": "*-*-* *:00:00",
    "daily": "*-*-* 00:00:00",
    "monthly": "*-*-01 00:00:00",
    "weekly": "Mon *-*-* 00:00:00",
    "yearly": "*-01-01 00:00:00",
    "annually": "*-01-01 00:00:00",
    "quarterly": "*-01,04,07,10-01 00:00:00",
    "semiannually": "*-01,07-01 00:00:00",
}
# Field bounds: (low, high) as systemd accepts them.
BOUNDS = {"year": (1970, 2199), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


class CalendarError(ValueError):
    """A calendar expression this grammar does not accept; the message says which part."""


@dataclass(frozen=True)
class CalendarSpec:
    """The sets each field matches; ``years`` None is every year."""

    weekdays: frozenset[int]
    years: frozenset[int] | None
    months: frozenset[int]
    days: frozenset[int]
    hours: tuple[int, ...]
    minutes: tuple[int, ...]
    seconds: tuple[int, ...]

    def matches_day(self, day: dt.date) -> bool:
        return (
            (self.years is None or day.year in self.years)
            and day.month in self.months
            and day.day in self.days
            and day.weekday() in self.weekdays
        )


def _number(text: str, field: str) -> int:
    if not text.isdigit():
        raise CalendarError(f"{field} {text!r} is not a number")
    value = int(text)
    low, high = BOUNDS[field]
    if not low <= value <= high:
        raise CalendarError(f"{field} {value} is outside {low}..{high}")
    return value


def _item(item: str, field: str) -> set[int]:
    """One list item of a field: ``*``, ``N``, ``A..B``, each optionally ``/STEP``."""
    low, high = BOUNDS[field]
    base, _, step_text = item.partition("/")
    step = _number(step_text, field) if step_text else 0
    if step_text and step == 0:
        raise CalendarError(f"{field} repetition /0")
    if base == "*":
        start, end = low, high
    elif ".." in base:
        first, _, last = base.partition("..")
        start, end = _number(first, field), _number(last, field)
        if start > end:
            raise CalendarError(f"{field} range {base} runs backwards")
    else:
        start = _number(base, field)
        end = high if step else start
    return set(range(start, end + 1, step or 1))


def _field(text: str, field: str) -> frozenset[int]:
    if "~" in text:
        raise CalendarError(f"{field} {text!r}: '~' (from the end of the month) is not supported")
    if "." in text.replace("..", ""):
        raise CalendarError(f"{field} {text!r}: fractional values are not supported")
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise CalendarError(f"{field} {text!r} has an empty list item")
        values |= _item(item, field)
    return frozenset(values)


def _weekdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for item in text.lower().split(","):
        first, _, last = item.partition("..")
        try:
            start = WEEKDAYS.index(first[:3]) if len(first) >= 3 else -1
            end = WEEKDAYS.index(last[:3]) if last else start
        except ValueError:
            raise CalendarError(f"weekday {item!r} is not one of {', '.join(WEEKDAYS)}") from None
        if start < 0 or not re.fullmatch(r"[a-z]+(\.\.[a-z]+)?", item):
            raise CalendarError(f"weekday {item!r} is not one of {', '.join(WEEKDAYS)}")
        days |= set(range(start, end + 1)) if start <= end else set(range(start, 7)) | set(range(0, end + 1))
    return frozenset(days)


def parse(expression: str) -> CalendarSpec:
    """The fields of a calendar expression; raises CalendarError naming the part it refuses."""
    text = " ".join(str(expression).split())
    text = SHORTHANDS.get(text.lower(), text)
    tokens = text.split(" ")
    weekdays = frozenset(range(7))
    if tokens and tokens[0][:1].isalpha():
        weekdays = _weekdays(tokens.pop(0))
    if not text:
        raise CalendarError("empty expression")
    parts: dict[str, str] = {}
    for token in tokens:
        kind = "time" if ":" in token else "date" if "-" in token else ""
        if not kind or kind in parts or (kind == "date" and "time" in parts):
            raise CalendarError(f"{token!r} is not a date (Y-M-D) then a time (H:M[:S]), each at most once")
        parts[kind] = token
    date_text, time_text = parts.get("date", "*-*-*"), parts.get("time", "00:00:00")
    date = date_text.split("-")
    if len(date) == 2:
        date.insert(0, "*")
    if len(date) != 3:
        raise CalendarError(f"date {date_text!r} is not [year-]month-day")
    clock = time_text.split(":")
    if len(clock) == 2:
        clock.append("00")
    if len(clock) != 3:
        raise CalendarError(f"time {time_text!r} is not hour:minute[:second]")
    return CalendarSpec(
        weekdays=weekdays,
        years=None if date[0] == "*" else _field(date[0], "year"),
        months=_field(date[1], "month"),
        days=_field(date[2], "day"),
        hours=tuple(sorted(_field(clock[0], "hour"))),
        minutes=tuple(sorted(_field(clock[1], "minute"))),
        seconds=tuple(sorted(_field(clock[2], "second"))),
    )


def elapses(spec: CalendarSpec, after: dt.datetime, horizon_days: int = 800) -> Iterator[dt.datetime]:
    """The times the event elapses strictly after ``after`` (naive local time), within ``horizon_days``."""
    day = after.date()
    for _ in range(horizon_days + 1):
        if spec.matches_day(day):
            for hour in spec.hours:
                for minute in spec.minutes:
                    for second in spec.seconds:
                        moment = dt.datetime(day.year, day.month, day.day, hour, minute, second)
                        if moment > after:
                            yield moment
        day += dt.timedelta(days=1)


def next_elapse(expression: str, after: dt.datetime) -> dt.datetime | None:
    """The next time ``expression`` elapses after ``after``, None when not within the horizon."""
    return next(elapses(parse(expression), after), None)


def previous_elapse(spec: CalendarSpec, before: dt.datetime, horizon_days: int = 800) -> dt.datetime | None:
    """The last time the event elapsed at or before ``before``, None when not within the horizon."""
    day = before.date()
    for _ in range(horizon_days + 1):
        if spec.matches_day(day):
            for hour in reversed(spec.hours):
                for minute in reversed(spec.minutes):
                    for second in reversed(spec.seconds):
                        moment = dt.datetime(day.year, day.month, day.day, hour, minute, second)
                        if moment <= before:
                            return moment
        day -= dt.timedelta(days=1)
    return None
