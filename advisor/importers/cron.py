"""Runs per month of a Kubernetes CronJob schedule.

Supported (the syntax the Kubernetes CronJob docs describe,
https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax, read
2026-11): five fields `minute hour day-of-month month day-of-week`, each `*`, `?` (same as
`*`), a number, a range `a-b`, a step `*/n` or `a-b/n` or `a/n`, or a comma list of those;
month and weekday names (`JAN`, `MON`); 7 as Sunday; the macros `@yearly`, `@annually`,
`@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly`. As in cron, when both day-of-month
and day-of-week are restricted a day matches either.

Not supported (a clear `InvalidWorkload`): `L`, `W`, `#`, `@every`, `@reboot`, `TZ=`
prefixes.

The count is exact: matching days are counted over a whole 4-year leap cycle (2024–2027) and
divided by its 48 months.
"""

from __future__ import annotations

import datetime as dt
import re

from advisor.model.checks import InvalidWorkload

_MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}
_DAYS = {day: number for number, day in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
# (name, lowest, highest, names)
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 0, 7, _DAYS),
)
_CYCLE_START = dt.date(2024, 1, 1)
_CYCLE_DAYS = 1461  # 2024-01-01 .. 2027-12-31: one leap year, three common years
_CYCLE_MONTHS = 48
_ITEM = re.compile(r"^(?P<range>\*|\?|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:/(?P<step>\d+))?$")

SUPPORTED = (
    "5 cron fields (numbers, names, *, ?, ranges, steps, lists) or @hourly/@daily/@weekly/@monthly/@yearly"
)


def _value(text: str, names: dict[str, int], path: str, schedule: str) -> int:
    if text in names:
        return names[text]
    if not text.isdigit():
        raise InvalidWorkload(path, schedule, f"{text!r} is not a number or name; supported: {SUPPORTED}")
    return int(text)


def _field(text: str, index: int, path: str, schedule: str) -> tuple[set[int], bool]:
    """(values, restricted) of one field; `restricted` is False for `*` / `?`."""
    label, low, high, names = _FIELDS[index]
    values: set[int] = set()
    restricted = False
    for item in text.upper().split(","):
        match = _ITEM.match(item)
        if not match:
            raise InvalidWorkload(
                path, schedule, f"{label} {item!r} is not supported; supported: {SUPPORTED}"
            )
        part, step = match["range"], int(match["step"] or 1)
        if step < 1:
            raise InvalidWorkload(path, schedule, f"{label} step must be at least 1")
        if part in ("*", "?"):
            start, end = low, high
            restricted = restricted or step != 1
        else:
            restricted = True
            first, _, last = part.partition("-")
            start = _value(first, names, path, schedule)
            end = _value(last, names, path, schedule) if last else (high if match["step"] else start)
        if not (low <= start <= high and low <= end <= high and start <= end):
            raise InvalidWorkload(path, schedule, f"{label} {item!r} is out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    if index == 4 and 7 in values:  # 7 is Sunday too
        values = (values - {7}) | {0}
    return values, restricted


def runs_per_month(schedule: str, path: str = "schedule") -> float:
    """Average runs per month of a cron schedule (exact over a 4-year leap cycle)."""
    text = " ".join(str(schedule).split())
    expanded = _MACROS.get(text.lower(), text)
    parts = expanded.split(" ")
    if len(parts) != 5:
        raise InvalidWorkload(path, schedule, f"expected {SUPPORTED}")
    fields = [_field(part, i, path, str(schedule)) for i, part in enumerate(parts)]
    (minutes, _), (hours, _), (dom, dom_restricted), (months, _), (dow, dow_restricted) = fields
    matching_days = 0
    for offset in range(_CYCLE_DAYS):
        day = _CYCLE_START + dt.timedelta(days=offset)
        if day.month not in months:
            continue
        in_dom = day.day in dom
        in_dow = (day.isoweekday() % 7) in dow
        # cron: with both day fields restricted a day matches either; otherwise both must match.
        matches = (in_dom or in_dow) if dom_restricted and dow_restricted else (in_dom and in_dow)
        matching_days += matches
    return matching_days * len(minutes) * len(hours) / _CYCLE_MONTHS
