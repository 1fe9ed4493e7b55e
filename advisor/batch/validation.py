"""Validating batch rows with the workload file's own parser, once per distinct cell value.

Validation is `service_from_dict`, the function workload files use, so a batch row and a
file reject the same values with the same message. It runs once per distinct cell value per
column ("probes", memoized across chunks) rather than once per row; a row any probe rejects is
validated again whole, so its error is exactly the one a file would report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.batch.columns import SERVICE_COLUMNS
from advisor.model.checks import InvalidWorkload
from advisor.model.workload_file import service_from_dict

_PROBE_BASE: Mapping[str, str] = {"vcpu": "1", "memory_gb": "1"}
SERVICE_FIELDS = tuple(c for c in SERVICE_COLUMNS if c not in ("name", "region"))
_FLOAT_FIELDS = ("vcpu", "memory_gb", "hours_per_month", "storage_gb", "cpu_util", "mem_util")
_INT_FIELDS = ("tasks", "gpu_count")
_BOOL_FIELDS = ("spot_ok", "privileged", "daemon")
_TEXT_FIELDS = ("arch", "os", "network_mode")


def _parsed(column: str, value: str) -> Any:
    """The value `service_from_dict` makes of one cell (raises InvalidWorkload).

    An empty utilization cell is NaN (unknown), every other empty cell its documented default.
    """
    service = service_from_dict({**_PROBE_BASE, column: value}, "row")
    if column == "vcpu":
        return service.vcpu
    if column == "memory_gb":
        return service.memory_gib
    if column == "tasks":
        return service.bands[0].tasks
    if column == "hours_per_month":
        return service.bands[0].hours_per_month
    if column in ("cpu_util", "mem_util"):
        parsed = getattr(service, column)
        return np.nan if parsed is None else parsed
    if column in _TEXT_FIELDS:
        return getattr(service, column).value
    return getattr(service, column)


_DTYPES: Mapping[str, Any] = {
    **dict.fromkeys(_FLOAT_FIELDS, np.float64),
    **dict.fromkeys(_INT_FIELDS, np.int64),
    **dict.fromkeys(_BOOL_FIELDS, np.bool_),
    **dict.fromkeys(_TEXT_FIELDS, object),
}


def row_error(err: InvalidWorkload, row: int) -> str:
    """The row number, then the file's message: "row 7: vcpu: 'x' is invalid; must be a number"."""
    return f"row {row}: {InvalidWorkload(err.field.removeprefix('row.'), err.value, err.allowed)}"


@dataclass(slots=True)
class Validator:
    """Validates chunks of rows with `service_from_dict`, once per distinct cell value.

    `parsed[column]` maps a cell's text to its parsed value and `valid[column]` to whether
    `service_from_dict` accepts it; both are kept across chunks, so a million rows with a few
    hundred distinct values per column cost a few hundred calls. The one rule that spans two
    columns (Windows runs on x86_64 only) is probed per distinct (arch, os) pair.
    """

    parsed: dict[str, dict[str, Any]] = field(default_factory=dict)
    valid: dict[str, dict[str, bool]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], bool] = field(default_factory=dict)

    def _probe(self, column: str, value: str) -> None:
        try:
            self.parsed[column][value] = _parsed(column, value.strip())
            self.valid[column][value] = True
        except InvalidWorkload:
            self.parsed[column][value] = _parsed(column, _PROBE_BASE.get(column, ""))
            self.valid[column][value] = False

    def _column(self, column: str, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Parsed values and validity of a column of raw cells (probed per distinct text)."""
        parsed = self.parsed.setdefault(column, {})
        valid = self.valid.setdefault(column, {})
        codes, uniques = pd.factorize(cells)
        for value in uniques:
            if value not in parsed:
                self._probe(column, value)
        values = np.array([parsed[v] for v in uniques], dtype=_DTYPES[column])
        ok = np.array([valid[v] for v in uniques], dtype=bool)
        return values[codes], ok[codes]

    def _pair_ok(self, arch: str, os: str) -> bool:
        if (arch, os) not in self.pairs:
            try:
                service_from_dict({**_PROBE_BASE, "arch": arch, "os": os}, "row")
                self.pairs[arch, os] = True
            except InvalidWorkload:
                self.pairs[arch, os] = False
        return self.pairs[arch, os]

    def validate(self, chunk: pd.DataFrame, rows: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Parsed service fields of every row, and each row's error ('' when valid).

        `chunk` has canonical column names and text cells as read ('' = empty; surrounding
        spaces are ignored, as `service_from_dict` ignores them). Invalid rows hold defaults in
        the parsed arrays; only their error counts.
        """
        n = len(chunk)
        ok = np.ones(n, dtype=bool)
        values: dict[str, np.ndarray] = {}
        for column in SERVICE_FIELDS:
            if column in chunk.columns:
                values[column], column_ok = self._column(column, chunk[column])
                ok &= column_ok
            else:
                default, _ = self._column(column, pd.Series([""], dtype=object))
                values[column] = np.repeat(default, n)
        if "arch" in chunk.columns and "os" in chunk.columns:
            arch_codes, archs = pd.factorize(values["arch"])
            os_codes, oses = pd.factorize(values["os"])
            table = np.array([[self._pair_ok(a, o) for o in oses] for a in archs], dtype=bool)
            ok &= table[arch_codes, os_codes]
        errors = np.full(n, "", dtype=object)
        rejected = np.flatnonzero(~ok)
        fields = [c for c in chunk.columns if c in SERVICE_FIELDS]
        cells = {c: chunk[c].take(rejected).tolist() for c in fields}  # the rejected rows only
        for k, i in enumerate(rejected.tolist()):
            record = {c: str(cells[c][k]).strip() for c in fields}
            try:
                service_from_dict(record, "row")
            except InvalidWorkload as err:
                errors[i] = row_error(err, int(rows[i]))
            else:  # pragma: no cover - the probes and the whole row disagree: a bug here
                raise AssertionError(f"row {rows[i]}: probes rejected a row service_from_dict accepts")
        return values, errors
