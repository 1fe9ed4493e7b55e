"""Batch rows are validated exactly as workload files are, once per distinct cell."""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.batch.validation import Validator
from advisor.model.checks import InvalidWorkload
from advisor.model.workload_file import service_from_dict

ROWS = [
    {"vcpu": "1", "memory_gb": "2"},
    {"vcpu": "two", "memory_gb": "2"},
    {"vcpu": "1", "memory_gb": ""},
    {"vcpu": "1", "memory_gb": "2", "tasks": "1.5"},
    {"vcpu": "1", "memory_gb": "2", "hours_per_month": "800"},
    {"vcpu": "1", "memory_gb": "2", "os": "windows", "arch": "arm64"},
    {"vcpu": "1", "memory_gb": "2", "spot_ok": "maybe"},
    {"vcpu": "0", "memory_gb": "-1"},
    {"vcpu": " 4 ", "memory_gb": "8", "arch": " ARM64 ", "spot_ok": "Yes", "cpu_util": "0.4"},
    {"vcpu": "1", "memory_gb": "2", "cpu_util": "1.5", "storage_gb": "500"},
]


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    columns = sorted({k for row in rows for k in row})
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows], dtype=str)


def test_row_errors_are_exactly_what_a_workload_file_reports() -> None:
    frame = _frame(ROWS)
    _values, errors = Validator().validate(frame, np.arange(1, len(ROWS) + 1))
    for i, row in enumerate(ROWS):
        cells = {k: v.strip() for k, v in row.items()}
        try:
            service_from_dict(cells, "row")
        except InvalidWorkload as err:
            expected = f"row {i + 1}: {err}".replace("row.", "", 1)
            assert errors[i] == expected
        else:
            assert errors[i] == ""
    assert errors[1] == "row 2: vcpu: 'two' is invalid; must be a number"
    assert errors[5] == "row 6: arch: 'arm64' is invalid; Windows containers run on x86_64 only"
    assert errors[7] == "row 8: vcpu: 0.0 is invalid; must be greater than 0"  # the first error wins


def test_valid_rows_parse_to_the_values_service_from_dict_gives() -> None:
    frame = _frame(ROWS)
    values, _ = Validator().validate(frame, np.arange(1, len(ROWS) + 1))
    service = service_from_dict(
        {"vcpu": "4", "memory_gb": "8", "arch": "ARM64", "spot_ok": "Yes", "cpu_util": "0.4"}
    )
    assert values["vcpu"][8] == service.vcpu == 4.0
    assert values["arch"][8] == service.arch.value == "arm64"
    assert values["spot_ok"][8] == service.spot_ok is True
    assert values["cpu_util"][8] == 0.4
    assert np.isnan(values["cpu_util"][0])  # empty: unknown, not 0
    assert (values["tasks"][0], values["hours_per_month"][0], values["storage_gb"][0]) == (1, 730.0, 20.0)


def test_probes_run_once_per_distinct_cell_across_chunks() -> None:
    validator = Validator()
    frame = pd.DataFrame({"vcpu": ["1", "2"] * 5000, "memory_gb": ["2"] * 10000}, dtype=str)
    validator.validate(frame, np.arange(1, 10001))
    validator.validate(frame, np.arange(10001, 20001))
    assert set(validator.parsed["vcpu"]) == {"1", "2"}
    assert set(validator.parsed["memory_gb"]) == {"2"}
