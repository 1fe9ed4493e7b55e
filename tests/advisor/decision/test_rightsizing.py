"""Right-sizing from measured utilization, on real us-east-1 rates."""

from __future__ import annotations

from advisor.cli.estimate_cmd import render_estimate_table
from advisor.costing.fargate_sizes import valid_sizes
from advisor.decision.recommend import compare
from advisor.decision.rightsizing import rightsize
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Platform, Service, UsageBand, Workload
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import estimate_payload


def test_rightsizing_never_goes_below_measured_use(web: Workload, us_east_1: PriceCatalog) -> None:
    sizing = rightsize(web, us_east_1, target=0.7)
    assert sizing is not None
    (service,) = sizing.services
    assert service.new_vcpu >= 1 * 0.3
    assert service.new_memory_gib >= 2 * 0.4
    assert service.new_vcpu == 0.5  # 0.3 / 0.7 = 0.43 -> 0.5 vCPU
    assert service.new_memory_gib == 1.25  # 0.8 / 0.7 = 1.14 -> 1.25 GiB
    assert all(option.savings_usd >= 0 for option in sizing.options)


def test_no_utilization_no_resize(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    workload = Workload((Service("web", 1, 2),), "us-east-1", assumptions, platforms=(Platform.ECS_FARGATE,))
    sizing = rightsize(workload, us_east_1)
    assert sizing is not None
    assert sizing.options == ()
    assert sizing.services[0].note.startswith("no utilization data")


def test_fargate_gets_a_size_from_its_table(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    """Issue 13: 0.375 vCPU / 1.5 GB was proposed for Fargate, which cannot run it."""
    workload = Workload(
        (Service("web", 1, 2, bands=(UsageBand(4),), cpu_util=0.25, mem_util=0.5),), "us-east-1", assumptions
    )
    sizing = rightsize(workload, us_east_1)
    assert sizing is not None
    (web,) = sizing.services
    # 1 × 0.25 / 0.7 = 0.357 → 0.375 vCPU; 2 × 0.5 / 0.7 = 1.43 → 1.5 GB (1/8 steps, EC2 and EKS)
    assert (web.new_vcpu, web.new_memory_gib) == (0.375, 1.5)
    # Fargate: the smallest valid size holding it, 0.5 vCPU / 2 GB
    assert (web.fargate_vcpu, web.fargate_memory_gib) == (0.5, 2.0)
    assert (web.fargate_vcpu, web.fargate_memory_gib) in valid_sizes()


def test_savings_per_service_add_up_to_the_recommended_option(us_east_1: PriceCatalog) -> None:
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4, "cpu_util": 0.2, "mem_util": 0.3},
                {"name": "api", "vcpu": 2, "memory_gb": 4, "tasks": 2, "cpu_util": 0.3, "mem_util": 0.3},
            ],
        }
    )
    comparison = compare(workload, us_east_1)
    payload = estimate_payload(workload, us_east_1.source, comparison)
    sizing = payload["rightsizing"]
    rec = payload["recommendation"]
    assert sizing["recommended"]["option"] == f"{rec['platform']}/{rec['purchase']}"
    assert sizing["recommended"]["savings"] > 0
    total = sum(round(s["savings"] * 100) for s in sizing["services"])
    assert total == round(sizing["recommended"]["savings"] * 100)
    table = render_estimate_table(payload)
    assert f"on the recommended {sizing['recommended']['option']}" in table
    assert "saves up to" not in table


def test_nothing_shown_when_nothing_to_save(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    tight = Workload((Service("web", 0.25, 0.5, cpu_util=0.9, mem_util=0.9),), "us-east-1", assumptions)
    comparison = compare(tight, us_east_1)
    assert comparison.rightsizing is not None
    assert comparison.rightsizing.options == ()
    assert comparison.rightsizing.recommended is None
    table = render_estimate_table(estimate_payload(tight, us_east_1.source, comparison))
    assert "Right-sizing" not in table
