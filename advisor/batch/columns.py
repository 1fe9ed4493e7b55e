"""The columns of a batch input: which known column each header stands for, and why a header
cannot be used at all (`BatchInputError`, exit code 2).

A row is one service with the workload file's service keys as columns
(`advisor.model.workload_file.SERVICE_KEYS`, scalar ones only) plus `region` and an optional
`group`; names are case- and space-tolerant ('Memory GB' is `memory_gb`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from advisor.model.workload_file import SCALAR_SERVICE_KEYS

SERVICE_COLUMNS = ("name", "region", *(k for k in SCALAR_SERVICE_KEYS[1:] if k != "accelerator"))
"""The input columns a batch row may have: the workload file's scalar service keys, plus
`region`. `bands` and `runs` (lists and mappings) and `accelerator` (devices other than NVIDIA
GPUs) need a workload file."""

GROUP_COLUMN = "group"
KNOWN_COLUMNS = (*SERVICE_COLUMNS, GROUP_COLUMN)
REQUIRED_COLUMNS = ("vcpu", "memory_gb")
NESTED_COLUMNS = ("bands", "runs")

COLUMN_DEFAULTS: Mapping[str, str] = {
    "name": "row-<n> (the row number)",
    "region": "--region",
    "tasks": "1",
    "hours_per_month": "730",
    "storage_gb": "20",
    "arch": "x86_64",
    "os": "linux",
    "cpu_util": "unknown",
    "mem_util": "unknown",
    "spot_ok": "false",
    "gpu_count": "0",
    "privileged": "false",
    "daemon": "false",
    "network_mode": "awsvpc",
    "group": "none (the row is its own workload)",
}
"""What an empty or missing cell means (the README lists the same table)."""

_SEPARATORS = re.compile(r"[\s\-./]+")
_MANGLED = re.compile(r"(?P<base>.+)\.\d+")


class BatchInputError(ValueError):
    """The input cannot be used at all (no header, no vcpu column, …): exit code 2."""


def normalize_column(name: str) -> str:
    """'Memory GB' → 'memory_gb', ' CPU-Util ' → 'cpu_util': case- and space-tolerant names."""
    text = str(name).replace("\ufeff", "").strip().lower()
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True, slots=True)
class Columns:
    """The input header and what each column means.

    `canonical[i]` is the known column input column `i` stands for, or None for a column the
    advisor does not read (it is still echoed in the wide layout and listed in the report
    header as ignored).
    """

    source: tuple[str, ...]
    canonical: tuple[str | None, ...]

    @property
    def ignored(self) -> tuple[str, ...]:
        return tuple(s for s, c in zip(self.source, self.canonical, strict=True) if c is None)

    @property
    def present(self) -> tuple[str, ...]:
        return tuple(c for c in self.canonical if c is not None)

    @property
    def has_group(self) -> bool:
        return GROUP_COLUMN in self.canonical

    def renamed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The known columns of a chunk under their canonical names (ignored ones dropped)."""
        keep = {s: c for s, c in zip(self.source, self.canonical, strict=True) if c is not None}
        return frame.loc[:, list(keep)].set_axis(list(keep.values()), axis=1)


def resolve_columns(header: Sequence[str]) -> Columns:
    """Map an input header to the known columns; BatchInputError when it cannot be used.

    Unusable: no header at all, no `vcpu` or `memory_gb` column, two columns that mean the
    same, a nested `bands`/`runs` column, or an unknown column that is a near miss of a known
    one (a typo such as 'cpu_utl' would otherwise be silently ignored). Other unknown columns
    (team, cost centre, notes) are carried through untouched.
    """
    source = tuple(str(h) for h in header)
    if not source or all(not normalize_column(h) for h in source):
        raise BatchInputError("the input has no header row; the first line must name the columns")
    canonical: list[str | None] = []
    seen: dict[str, str] = {}
    for original in source:
        mangled = _MANGLED.fullmatch(original)
        if mangled and mangled["base"] in source:
            # pandas renames a repeated header 'vcpu' to 'vcpu.1'
            raise BatchInputError(f"column {mangled['base']!r} appears twice")
        name = normalize_column(original)
        if name in NESTED_COLUMNS:
            raise BatchInputError(
                f"column {original!r}: {name} cannot be given in a table; use a workload file "
                "(estimate --workload) for multi-band or run-based services"
            )
        if name in KNOWN_COLUMNS:
            if name in seen:
                raise BatchInputError(f"columns {seen[name]!r} and {original!r} both mean {name!r}")
            seen[name] = original
            canonical.append(name)
            continue
        close = difflib.get_close_matches(name, KNOWN_COLUMNS, n=1, cutoff=0.85)
        if close and close[0] not in {normalize_column(h) for h in source}:
            raise BatchInputError(
                f"column {original!r} is not a known column; did you mean {close[0]!r}? "
                f"known: {', '.join(KNOWN_COLUMNS)}"
            )
        canonical.append(None)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            names = [normalize_column(h) for h in source]
            close = difflib.get_close_matches(required, names, n=1, cutoff=0.6)
            hint = f"; did you mean {source[names.index(close[0])]!r}?" if close else ""
            raise BatchInputError(f"no {required!r} column (it is required){hint}")
    return Columns(source, tuple(canonical))
