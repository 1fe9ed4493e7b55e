"""Workload validation: every bad field is named with what is allowed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.model.assumptions import default_assumptions
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import OS, Arch, Platform, Purchase, RunSchedule, Service, UsageBand, Workload


def test_defaults() -> None:
    service = Service("web", vcpu=1, memory_gib=2)
    assert service.arch is Arch.X86_64
    assert service.os is OS.LINUX
    assert service.storage_gb == 20
    assert service.task_hours_per_month == 730
    assert service.peak_tasks == 1


def test_bands_add_up_task_hours() -> None:
    service = Service("api", 1, 2, bands=(UsageBand(4, 14 * 30.4), UsageBand(10, 10 * 30.4)))
    assert service.task_hours_per_month == pytest.approx(4 * 425.6 + 10 * 304)
    assert service.peak_tasks == 10


def test_runs_bill_real_duration_and_need_peak_capacity() -> None:
    job = Service(
        "cron", 0.5, 1, runs=RunSchedule(runs_per_month=3000, avg_duration_seconds=90, peak_concurrency=5)
    )
    assert job.task_hours_per_month == pytest.approx(75.0)
    assert job.peak_tasks == 5


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"vcpu": 0}, "vcpu"),
        ({"vcpu": -1}, "vcpu"),
        ({"memory_gib": float("nan")}, "memory_gib"),
        ({"storage_gb": 201}, "storage_gb"),
        ({"cpu_util": 1.5}, "cpu_util"),
        ({"mem_util": 0}, "mem_util"),
        ({"arch": "sparc"}, "arch"),
        ({"os": "macos"}, "os"),
        ({"gpu_count": 1.5}, "gpu_count"),
        ({"network_mode": "overlay"}, "network_mode"),
        ({"name": " "}, "name"),
        ({"os": "windows", "arch": "arm64"}, "arch"),
    ],
    ids=[
        "zero-vcpu",
        "negative-vcpu",
        "nan-memory",
        "storage-over-200",
        "util-over-1",
        "util-zero",
        "bad-arch",
        "bad-os",
        "fractional-gpu",
        "bad-network-mode",
        "blank-name",
        "windows-arm",
    ],
)
def test_invalid_service_fields_are_named(kwargs: dict, field: str) -> None:
    base = {"name": "svc", "vcpu": 1, "memory_gib": 2} | kwargs
    with pytest.raises(InvalidWorkload) as info:
        Service(**base)
    assert info.value.field == field
    assert field in str(info.value)


def test_band_hours_cannot_exceed_a_month() -> None:
    with pytest.raises(InvalidWorkload, match="hours_per_month"):
        UsageBand(1, 800)


def test_workload_rejects_duplicate_names_and_unknown_ids() -> None:
    web = Service("web", 1, 2)
    with pytest.raises(InvalidWorkload, match="unique"):
        Workload((web, web), "us-east-1", default_assumptions())
    with pytest.raises(InvalidWorkload, match="platforms"):
        Workload((web,), "us-east-1", default_assumptions(), platforms=("ecs-lambda",))  # type: ignore[arg-type]
    workload = Workload((web,), "us-east-1", default_assumptions(), purchases=("spot",))  # type: ignore[arg-type]
    assert workload.purchases == (Purchase.SPOT,)
    assert workload.platforms == tuple(Platform)


def test_assumption_discounts_must_be_below_one() -> None:
    from dataclasses import replace

    with pytest.raises(InvalidWorkload, match="fargate_spot_discount"):
        replace(default_assumptions(), fargate_spot_discount=1.0)


def test_platform_ids_are_a_stable_contract() -> None:
    """CLI flags, JSON, CSV columns and workload files use these ids: appended to, never renamed."""
    assert [p.value for p in Platform] == [
        "ecs-fargate",
        "ecs-ec2",
        "eks-ec2",
        "eks-fargate",
        "ecs-managed-instances",
        "eks-auto-mode",
    ]


def test_the_management_fee_fraction_is_bounded() -> None:
    assert default_assumptions().management_fee_fraction == 0.12
    with pytest.raises(InvalidWorkload, match="management_fee_fraction"):
        replace(default_assumptions(), management_fee_fraction=1.0)
