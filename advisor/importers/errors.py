"""Error helpers shared by the importers: every message names where, what and what was expected."""

from __future__ import annotations

import yaml

from advisor.model.workload import InvalidWorkload


def problem(path: str, message: str) -> InvalidWorkload:
    """`path: message`, as an InvalidWorkload so the CLI reports it like any bad input (for
    problems that have no offending value to quote: unreadable files, syntax, missing keys)."""
    err = InvalidWorkload(path, None, message)
    err.args = (f"{path}: {message}",)
    return err


def missing(path: str, expected: str) -> InvalidWorkload:
    """`path: missing; expected`."""
    return problem(path, f"missing; {expected}")


def yaml_problem(err: yaml.YAMLError) -> str:
    """A YAML syntax error in one line: the problem and its line/column (1-based)."""
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        mark = err.problem_mark
        context = f" ({err.context})" if err.context else ""
        return f"{err.problem}{context} at line {mark.line + 1} column {mark.column + 1}"
    return " ".join(str(err).split())
