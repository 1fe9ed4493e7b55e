"""The field checks: each bad value is named with what is allowed, each good one normalized."""

from __future__ import annotations

import math

import pytest

from advisor.model import checks
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Arch


@pytest.mark.parametrize("value", [math.nan, math.inf, "2", True, None])
def test_a_number_must_be_finite(value: object) -> None:
    with pytest.raises(InvalidWorkload, match=r"vcpu: .* is invalid; must be a finite number"):
        checks.finite("vcpu", value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "allowed"), [(2.5, "whole number"), (False, "whole number"), (-1, "at least 0")]
)
def test_a_count_is_a_whole_number_in_range(value: float, allowed: str) -> None:
    with pytest.raises(InvalidWorkload, match=allowed):
        checks.count("tasks", value)


def test_a_count_names_its_limit_and_a_whole_float_becomes_an_int() -> None:
    with pytest.raises(InvalidWorkload, match=r"must be at most 5,000 \(see the README's Limits\)"):
        checks.count("tasks", 5001, maximum=5000)
    assert checks.count("tasks", 3.0) == 3
    assert isinstance(checks.count("tasks", 3.0), int)


def test_fractions_sizes_and_limits() -> None:
    assert checks.fraction("cpu_util", None) is None
    assert checks.fraction("discount", 0, allow_zero=True) == 0
    with pytest.raises(InvalidWorkload, match=r"must be a fraction in \(0, 1\]"):
        checks.fraction("cpu_util", 0)
    with pytest.raises(InvalidWorkload, match=r"must be at least 0.25 \(Fargate's smallest task\)"):
        checks.sized("vcpu", 0.1, 0.25, 192, "Fargate's smallest task")
    with pytest.raises(InvalidWorkload, match=r"must be at most 1,024 GB"):
        checks.at_most("storage_gb", 2000, 1024.0, " GB")
    with pytest.raises(InvalidWorkload, match="must be greater than 0"):
        checks.positive("memory_gb", 0)


def test_a_closed_set_value_is_read_loosely_and_the_choices_are_listed() -> None:
    assert checks.enum_value(Arch, "arch", " ARM64 ") is Arch.ARM64
    with pytest.raises(InvalidWorkload, match="arch: 'sparc' is invalid; allowed: x86_64, arm64, any"):
        checks.enum_value(Arch, "arch", "sparc")


def test_a_huge_value_is_cut_to_one_line() -> None:
    error = InvalidWorkload("name", "x" * 10_000, "at most 64 characters")
    assert len(str(error)) < 300
    assert str(error).endswith("… is invalid; at most 64 characters")
