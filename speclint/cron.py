"""Five-field cron expressions: parse one, or say which field is wrong and why.

The grammar is the classic one (minute hour day-of-month month day-of-week): ``*``,
numbers, ranges ``a-b``, lists ``a,b``, steps ``*/n``, ``a-b/n`` and ``a/n`` (from ``a``
to the field's end), month names JAN-DEC and day names SUN-SAT in any case. Day of
week 7 is Sunday, like 0. Shorthands (``@daily``) and the Quartz extras (``?``, ``L``,
``W``, ``#``, a seconds or a year field) are not part of it.
"""

from __future__ import annotations

import re

__all__ = ["FIELDS", "CronError", "Field", "Schedule", "parse", "problem"]

_NUMBER = re.compile(r"[0-9]+")
_FIELD_NAMES = "minute hour day-of-month month day-of-week"
_SHORTHANDS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


class Field:
    __slots__ = ("high", "low", "name", "name_span", "names")

    def __init__(
        self,
        name: str,
        low: int,
        high: int,
        names: dict[str, int] | None = None,
        name_span: str = "",
    ) -> None:
        self.name = name
        self.low = low
        self.high = high
        #: upper-case name -> number (months and days of the week)
        self.names: dict[str, int] = names if names is not None else {}
        #: how the names are spelled in messages, e.g. "JAN-DEC"
        self.name_span = name_span


_MONTHS = [
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "OCT",
    "NOV",
    "DEC",
]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

FIELDS: tuple[Field, ...] = (
    Field("minute", 0, 59),
    Field("hour", 0, 23),
    Field("day-of-month", 1, 31),
    Field("month", 1, 12, {n: i + 1 for i, n in enumerate(_MONTHS)}, "JAN-DEC"),
    Field("day-of-week", 0, 7, {n: i for i, n in enumerate(_DAYS)}, "SUN-SAT"),
)

#: the values each field matches, in field order (day of week 7 folded into 0)
Schedule = tuple[frozenset[int], ...]


class CronError(ValueError):
    """A cron expression that is not valid; ``str()`` is the one-line reason."""


def problem(expression: str) -> str | None:
    """Why ``expression`` is not a valid 5-field cron expression, or None."""
    try:
        parse(expression)
    except CronError as error:
        return str(error)
    return None


def parse(expression: str) -> Schedule:
    """The values each of the five fields matches; CronError when it is not valid."""
    parts = expression.split()
    shown = _quote(expression)
    if not parts:
        raise CronError(
            f"cron {shown} is empty; expected 5 fields ({_FIELD_NAMES})",
        )
    if len(parts) == 1 and parts[0].startswith("@"):
        meant = _SHORTHANDS.get(parts[0].lower())
        hint = f' such as "{meant}"' if meant else ""
        raise CronError(
            f"cron {shown} is a shorthand; expected a 5-field expression{hint} "
            f"({_FIELD_NAMES})"
        )
    if len(parts) != 5:
        plural = "field" if len(parts) == 1 else "fields"
        raise CronError(
            f"cron {shown} has {len(parts)} {plural}; expected 5 ({_FIELD_NAMES})"
        )
    try:
        return tuple(
            _field(spec, text) for spec, text in zip(FIELDS, parts, strict=True)
        )
    except CronError as error:
        raise CronError(f"cron {shown}: {error}") from None


def _field(spec: Field, text: str) -> frozenset[int]:
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise CronError(f"{spec.name} {_quote(text)} has an empty list item")
        values.update(_item(spec, item))
    if spec.name == "day-of-week" and 7 in values:
        values.discard(7)
        values.add(0)
    return frozenset(values)


def _item(spec: Field, item: str) -> range:
    base, slash, step_text = item.partition("/")
    step = 1
    if slash:
        if not _NUMBER.fullmatch(step_text):
            raise CronError(
                f"{spec.name} {_quote(item)} has a step that is not a whole number"
            )
        step = int(step_text) if len(step_text) <= 9 else 10**9
        if step == 0:
            raise CronError(
                f"{spec.name} {_quote(item)} has a step of 0; expected 1 or more"
            )
    if base == "*":
        return range(spec.low, spec.high + 1, step)
    start_text, dash, end_text = base.partition("-")
    if not start_text:
        raise _not_a_value(spec, item)
    start = _value(spec, start_text)
    if not dash:
        # "a/n" runs from a to the end of the field; a lone "a" is just a
        end = spec.high if slash else start
        return range(start, end + 1, step)
    if "-" in end_text:
        raise _not_a_value(spec, base)
    end = _value(spec, end_text)
    if end < start:
        raise CronError(
            f"{spec.name} {_quote(base)} is a range that ends before it starts; a "
            f"range cannot wrap around: write {_quote(_unwrapped(spec, start, end))}"
        )
    return range(start, end + 1, step)


def _unwrapped(spec: Field, start: int, end: int) -> str:
    """A backwards range written as a list: hours 22-2 as "22-23,0-2"."""

    def span(a: int, b: int) -> str:
        return str(a) if a == b else f"{a}-{b}"

    if spec.name == "day-of-week":  # 7 is Sunday too
        return span(start, 7) if end == 0 else f"{span(start, 7)},{span(1, end)}"
    return f"{span(start, spec.high)},{span(spec.low, end)}"


def _value(spec: Field, text: str) -> int:
    if _NUMBER.fullmatch(text):
        number = int(text) if len(text) <= 9 else 10**9  # never int() a huge text
        if not spec.low <= number <= spec.high:
            raise CronError(
                f"{spec.name} {_quote(text)} is out of range {spec.low}-{spec.high}"
            )
        return number
    named = spec.names.get(text.upper())
    if named is not None:
        return named
    raise _not_a_value(spec, text)


def _not_a_value(spec: Field, text: str) -> CronError:
    span = f"{spec.low}-{spec.high}"
    if spec.names:
        what = f"is not a number or a name; expected {span} or {spec.name_span}"
    else:
        what = f"is not a number; expected {span}"
    if text == "?":
        what += '; use "*" for any day'
    return CronError(f"{spec.name} {_quote(text)} {what}")


def _quote(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
