"""Batch input: tolerant column names, unusable headers."""

from __future__ import annotations

import pytest

from advisor.batch.columns import BatchInputError, normalize_column, resolve_columns


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Memory GB", "memory_gb"),
        (" vCPU ", "vcpu"),
        ("Hours-per-month", "hours_per_month"),
        ("CPU Util", "cpu_util"),
        ("SPOT_OK", "spot_ok"),
        ("\ufeffName", "name"),
        ("storage.gb", "storage_gb"),
    ],
    ids=["spaces", "padded", "hyphens", "two-words", "upper", "byte-order-mark", "dots"],
)
def test_column_names_are_case_and_space_tolerant(header: str, canonical: str) -> None:
    assert normalize_column(header) == canonical


def test_unknown_columns_are_carried_and_listed_as_ignored() -> None:
    columns = resolve_columns(["Team", "vCPU", "Memory GB", "Cost centre"])
    assert columns.canonical == (None, "vcpu", "memory_gb", None)
    assert columns.ignored == ("Team", "Cost centre")
    assert not columns.has_group


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["name", "memory_gb"], "no 'vcpu' column (it is required)"),
        (["vcpu", "memory"], "no 'memory_gb' column (it is required); did you mean 'memory'?"),
        (["vcpu", "memory_gb", "cpu_utl"], "did you mean 'cpu_util'?"),
        (["vcpu", "Memory GB", "memory_gb"], "columns 'Memory GB' and 'memory_gb' both mean 'memory_gb'"),
        (["vcpu", "memory_gb", "vcpu.1"], "column 'vcpu' appears twice"),
        (["vcpu", "memory_gb", "bands"], "use a workload file"),
        ([], "no header row"),
    ],
    ids=["no-vcpu", "no-memory", "typo", "same-meaning", "duplicate", "nested", "empty"],
)
def test_unusable_headers_are_refused_with_the_reason(header: list[str], message: str) -> None:
    with pytest.raises(
        BatchInputError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")
    ):
        resolve_columns(header)
