"""Every documented bound (issue 15): at the bound a value is accepted, beyond it the error
names the field; and any finite input either parses or fails with one InvalidWorkload line."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.model import limits
from advisor.model.checks import InvalidWorkload
from advisor.model.workload_file import workload_from_dict

FIELD_PREFIXES = ("services", "addons", "assumptions", "region", "instance_types")


def workload(service: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    return {"region": "us-east-1", "services": [{"vcpu": 1, "memory_gb": 2, **(service or {})}], **top}


@pytest.mark.parametrize(
    ("service", "top", "field", "message"),
    [
        ({"tasks": limits.MAX_TASKS + 1}, {}, "services[0].tasks", "must be at most 5,000"),
        ({"tasks": 100_000_000}, {}, "services[0].tasks", "must be at most 5,000"),
        ({"tasks": "99999999999999999999"}, {}, "services[0].tasks", "is far too large"),
        ({"bands": [{"tasks": 5001}]}, {}, "services[0].bands[0].tasks", "must be at most 5,000"),
        ({"bands": [{"tasks": 1}] * 25}, {}, "services[0].bands", "give at most 24 bands"),
        ({"bands": 5}, {}, "services[0].bands", "must be a list"),
        ({"hours_per_month": 745}, {}, "services[0].hours_per_month", "must be in (0, 744]"),
        ({"vcpu": 1e-320}, {}, "services[0].vcpu", "must be at least 0.000976562"),
        ({"vcpu": 4097}, {}, "services[0].vcpu", "must be at most 4,096"),
        ({"memory_gb": 262_145}, {}, "services[0].memory_gb", "must be at most 262,144"),
        ({"gpu_count": 65}, {}, "services[0].gpu_count", "must be at most 64"),
        ({"name": ["a", "b"]}, {}, "services[0].name", "must be text"),
        ({"name": "x" * 256}, {}, "services[0].name", "must be at most 255 characters"),
        (
            {"runs": {"runs_per_month": 3e6, "avg_duration_seconds": 1}},
            {},
            "services[0].runs.runs_per_month",
            "must be at most 2,678,400",
        ),
        (
            {"runs": {"runs_per_month": 1, "avg_duration_seconds": "1e308"}},
            {},
            "services[0].runs.avg_duration_seconds",
            "must be at most 2,678,400 s",
        ),
        ({}, {"addons": {"alb_count": 1001}}, "addons.alb_count", "must be at most 1,000"),
        ({}, {"addons": {"nat_gb_per_month": 1e308}}, "addons.nat_gb_per_month", "at most 100,000,000"),
        ({}, {"addons": {"alb_lcu_per_hour": "inf"}}, "addons.alb_lcu_per_hour", "must be a finite number"),
        ({}, {"assumptions": {"ops_hourly_usd": 1e300}}, "assumptions.ops_hourly_usd", "at most 10,000 USD"),
        ({}, {"region": ["us-east-1"]}, "region", "must be a region name"),
        ({}, {"instance_types": [["m5"]]}, "instance_types[0]", "must be text"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith(FIELD_PREFIXES) else "",
)
def test_issue_15_beyond_a_bound_is_one_line_naming_the_field(
    service: dict[str, Any], top: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidWorkload) as caught:
        workload_from_dict(workload(service, **top))
    text = str(caught.value)
    assert text.startswith(f"{field}: ")
    assert message in text
    assert "\n" not in text


def test_issue_15_services_per_workload_and_tasks_summed_are_bounded() -> None:
    many = [{"name": f"s{i}", "vcpu": 1, "memory_gb": 2} for i in range(limits.MAX_SERVICES + 1)]
    with pytest.raises(InvalidWorkload, match="give at most 20 per workload"):
        workload_from_dict({"region": "us-east-1", "services": many})
    heavy = [{"name": f"s{i}", "vcpu": 1, "memory_gb": 2, "tasks": 2_501} for i in range(2)]
    with pytest.raises(
        InvalidWorkload, match="give at most 5,000 tasks summed over every band of every service"
    ):
        workload_from_dict({"region": "us-east-1", "services": heavy})


def test_values_at_the_bounds_are_accepted() -> None:
    services = [
        {"name": "a", "vcpu": limits.MIN_VCPU, "memory_gb": limits.MIN_MEMORY_GB, "tasks": 4_000},
        {"name": "b", "vcpu": 4096, "memory_gb": 262_144, "gpu_count": 64, "hours_per_month": 744},
        {
            "name": "c",
            "vcpu": 1,
            "memory_gb": 2,
            "runs": {"runs_per_month": 2_678_400, "avg_duration_seconds": 2_678_400, "peak_concurrency": 999},
        },
    ]
    parsed = workload_from_dict(
        {
            "region": "us-east-1",
            "services": services,
            "addons": {"alb_count": 1000, "nat_gb_per_month": 1e8, "alb_lcu_per_hour": 1e5},
        }
    )
    assert sum(s.peak_tasks for s in parsed.services) == limits.MAX_WORKLOAD_TASKS


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "1e999", "10000000000000000000", "", "x", "0x10"]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        dict.fromkeys(("vcpu", "memory_gb", "tasks", "hours_per_month", "gpu_count", "storage_gb"), NUMBERS)
    ),
    NUMBERS,
)
def test_issue_15_any_number_parses_within_bounds_or_is_one_line(service: dict[str, Any], nat: Any) -> None:
    try:
        parsed = workload_from_dict(workload(service, addons={"nat_gb_per_month": nat}))
    except InvalidWorkload as err:
        message = str(err)
    else:
        message = ""
    assert "\n" not in message
    assert len(message) < 300
    if message:
        return
    (priced,) = parsed.services
    assert limits.MIN_VCPU <= priced.vcpu <= limits.MAX_VCPU
    assert 0 <= priced.bands[0].tasks <= limits.MAX_TASKS
    assert math.isfinite(priced.task_hours_per_month)
