"""Cost per service (chargeback): direct items as they are, fleet hours by requested vCPU and
memory at OpenCost's CPU:RAM price ratio, idle and overhead in proportion; cents add up."""

from __future__ import annotations

import pytest

from advisor.decision.allocation import CPU_TO_RAM_PRICE_RATIO, allocate
from advisor.decision.recommend import compare
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Platform, Purchase, Service, UsageBand
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import allocation_dicts, estimate_payload

A = Service("a", 1.0, 2.0)  # 1 task × 730 h
B = Service("b", 0.5, 4.0, bands=(UsageBand(2),))  # 2 tasks × 730 h
OPTION = CostBreakdown(
    Platform.EKS_EC2,
    Purchase.ON_DEMAND,
    True,
    line_items=(
        LineItem("m5.large instance-hours, allocated to tasks", 100.0, "instance-hour", 1.0),
        LineItem("m5.large instance-hours, unallocated (packing waste)", 20.0, "instance-hour", 1.0),
        LineItem("EKS control plane (standard support)", 730.0, "cluster-hour", 0.1),
        LineItem("storage of a", 10.0, "GB-month", 1.0, service="a"),
    ),
)


def test_the_ratio_is_opencosts_default_cpu_and_ram_prices() -> None:
    assert pytest.approx(0.031611 / 0.004237) == CPU_TO_RAM_PRICE_RATIO  # 7.4607


def test_allocation_by_hand() -> None:
    a, b = allocate(OPTION, [A, B])
    # requests: a 730 h × (1 vCPU × 7.4607 + 2 GiB) = 6,906.31; b 1,460 h × (0.5 × 7.4607 + 4) = 11,286.31
    # fleet hours allocated to tasks, $100: a 6,906.31 / 18,192.63 = 37.96 %, b 62.04 %
    assert (a.direct_usd, b.direct_usd) == (10.0, 0.0)
    assert a.shared_usd == pytest.approx(37.962156, abs=1e-6)
    assert b.shared_usd == pytest.approx(62.037844, abs=1e-6)
    # idle $20 + control plane $73 = $93 in proportion to 47.96 and 62.04 (of 110)
    assert a.idle_usd == pytest.approx(93 * 47.962156 / 110, abs=1e-6)
    assert b.idle_usd == pytest.approx(52.450177, abs=1e-6)
    assert a.cost_usd + b.cost_usd == pytest.approx(OPTION.monthly_usd)


def test_allocation_in_cents_adds_up_to_the_option_and_to_each_service() -> None:
    rows = allocation_dicts(OPTION, [A, B])
    # 88.5120 and 114.4880: 88.51 + 114.49 = 203.00
    assert rows == [
        {"service": "a", "cost": 88.51, "direct": 10.0, "shared": 37.96, "idle": 40.55},
        {"service": "b", "cost": 114.49, "direct": 0.0, "shared": 62.04, "idle": 52.45},
    ]


def test_an_infeasible_option_allocates_nothing() -> None:
    assert allocation_dicts(CostBreakdown(Platform.ECS_FARGATE, Purchase.SPOT, False), [A, B]) == []


def test_every_option_of_a_real_workload_allocates_its_total_to_the_cent(us_east_1: PriceCatalog) -> None:
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "addons": {"alb_count": 1},
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4},
                {"name": "worker", "vcpu": 0.5, "memory_gb": 4, "tasks": 6, "storage_gb": 30},
                {
                    "name": "cron",
                    "vcpu": 2,
                    "memory_gb": 4,
                    "runs": {"runs_per_month": 30, "avg_duration_seconds": 900},
                },
            ],
        }
    )
    payload = estimate_payload(workload, us_east_1.source, compare(workload, us_east_1, analyses=False))
    for option in payload["options"]:
        if not option["feasible"]:
            continue
        rows = option["allocation"]
        assert [r["service"] for r in rows] == ["web", "worker", "cron"]
        assert sum(round(r["cost"] * 100) for r in rows) == round(option["monthly_cost"] * 100)
        for r in rows:
            assert round(r["cost"] * 100) == sum(round(r[k] * 100) for k in ("direct", "shared", "idle"))
        fargate = option["platform"].endswith("fargate")
        assert all((r["shared"] == 0) == fargate for r in rows), option["platform"]
