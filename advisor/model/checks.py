"""Checks that turn a raw input value into a valid field value, or say what is wrong.

Every workload field is checked on construction with these, so the message for a bad value is
the same wherever it comes from (flags, a workload file, a batch row, the dashboard):
`InvalidWorkload` names the field, the value (cut to one line) and what is allowed.
"""

from __future__ import annotations

import math
from enum import StrEnum


class InvalidWorkload(ValueError):
    """A workload field is out of range; the message names the field and what is allowed."""

    def __init__(self, field_name: str, value: object, allowed: str) -> None:
        self.field = field_name
        self.value = value
        self.allowed = allowed
        shown = repr(value)
        if len(shown) > 200:  # one line, however large the offending value
            shown = shown[:199] + "…"
        super().__init__(f"{field_name}: {shown} is invalid; {allowed}")


def enum_value(enum_type: type[StrEnum], field_name: str, value: object) -> StrEnum:
    try:
        return enum_type(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise InvalidWorkload(field_name, value, f"allowed: {allowed}") from None


def finite(field_name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidWorkload(field_name, value, "must be a finite number")
    return float(value)


def positive(field_name: str, value: float) -> float:
    number = finite(field_name, value)
    if number <= 0:
        raise InvalidWorkload(field_name, value, "must be greater than 0")
    return number


def fraction(field_name: str, value: float | None, *, allow_zero: bool = False) -> float | None:
    if value is None:
        return None
    number = finite(field_name, value)
    low_ok = number >= 0 if allow_zero else number > 0
    if not (low_ok and number <= 1):
        bound = "[0, 1]" if allow_zero else "(0, 1]"
        raise InvalidWorkload(field_name, value, f"must be a fraction in {bound}")
    return number


def count(field_name: str, value: float, *, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidWorkload(field_name, value, "must be a whole number")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise InvalidWorkload(field_name, value, "must be a whole number")
    if value < minimum:
        raise InvalidWorkload(field_name, value, f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise InvalidWorkload(field_name, value, f"must be at most {maximum:,} (see the README's Limits)")
    return int(value)


def at_most(field_name: str, value: float, maximum: float, unit: str = "") -> float:
    """A finite number no larger than `maximum` (the README's Limits table)."""
    number = finite(field_name, value)
    if number > maximum:
        shown = f"{int(maximum):,}" if maximum.is_integer() else f"{maximum:g}"
        raise InvalidWorkload(field_name, value, f"must be at most {shown}{unit} (see the README's Limits)")
    return number


def sized(field_name: str, value: float, minimum: float, maximum: float, what: str) -> float:
    """A size greater than 0, within [minimum, maximum]."""
    number = positive(field_name, value)
    if number < minimum:
        raise InvalidWorkload(field_name, value, f"must be at least {minimum:.6g} ({what})")
    return at_most(field_name, number, maximum)
