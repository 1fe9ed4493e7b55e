"""Error helpers shared by the importers: every message names where, what and what was expected."""

from __future__ import annotations

from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import InvalidDocument


def problem(path: str, message: str) -> InvalidWorkload:
    """`path: message`, as an InvalidWorkload so the CLI reports it like any bad input (for
    problems that have no offending value to quote: unreadable files, syntax, missing keys)."""
    return InvalidDocument(path, message)


def missing(path: str, expected: str) -> InvalidWorkload:
    """`path: missing; expected`."""
    return problem(path, f"missing; {expected}")
