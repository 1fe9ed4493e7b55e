"""Which instance types a pool may use: NVIDIA GPUs, named accelerators, current generation.

Real us-east-1 specs and prices from the embedded snapshot (Karpenter 2026-07-20).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.costing.ecs_ec2 import price_ecs_ec2
from advisor.costing.eks import price_eks_ec2
from advisor.costing.node_types import Pool, allowed, burstable_vcpu
from advisor.model.assumptions import default_assumptions
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Purchase, Service, UsageBand, Workload


def workload(*services: Service, assumptions: Assumptions, **kw: object) -> Workload:
    return Workload(services=services, region="us-east-1", assumptions=assumptions, **kw)  # type: ignore[arg-type]


GPU_SERVICE = Service("train", 4, 16, bands=(UsageBand(2),), gpu_count=1)


@pytest.mark.parametrize("price", [price_ecs_ec2, price_eks_ec2], ids=["ecs-ec2", "eks-ec2"])
def test_regression_issue_12_gpu_services_go_on_nvidia_types_only(
    us_east_1: PriceCatalog, assumptions: Assumptions, price: object
) -> None:
    result = price(workload(GPU_SERVICE, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)  # type: ignore[operator]
    assert result.feasible
    for entry in result.capacity.fleet:
        spec = us_east_1.instance(entry.instance_type)
        assert spec.gpu_manufacturer == "nvidia", entry.instance_type
        assert spec.accelerator == ""


def test_two_gpu_tasks_take_two_g4dn_2xlarge(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # 4 vCPU / 16 GiB / 1 GPU: g4dn.xlarge registers 16 GiB × 0.975 = 15,974 MiB < 16,384, so the
    # cheapest NVIDIA type that holds a task is g4dn.2xlarge (8 vCPU, 32 GiB, 1 T4, $0.752/h);
    # one GPU each, so two of them: 2 × 730 × 0.752 = $1,097.92 + 2 × 30 GB × $0.08 = $1,102.72.
    # (The AMD g4ad.2xlarge at $0.54117/h made it $794.91 before.)
    result = price_ecs_ec2(workload(GPU_SERVICE, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert [(e.instance_type, e.count) for e in result.capacity.fleet] == [("g4dn.2xlarge", 2)]
    assert round(result.monthly_usd, 2) == 1102.72


def test_an_accelerator_key_selects_that_device(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    inferentia = replace(GPU_SERVICE, accelerator="inferentia2")
    result = price_ecs_ec2(workload(inferentia, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert {us_east_1.instance(e.instance_type).accelerator for e in result.capacity.fleet} == {"inferentia2"}
    amd = replace(GPU_SERVICE, accelerator="amd")
    result = price_ecs_ec2(workload(amd, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert {us_east_1.instance(e.instance_type).gpu_manufacturer for e in result.capacity.fleet} == {"amd"}


def test_an_unknown_accelerator_is_infeasible_with_the_reason(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    service = replace(GPU_SERVICE, accelerator="tpu")
    result = price_ecs_ec2(workload(service, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert not result.feasible
    assert "with tpu devices" in result.reasons[0]


def test_plain_services_never_land_on_accelerated_types(us_east_1: PriceCatalog) -> None:
    plain = Pool("linux", "x86_64", False, ())
    assert not allowed(us_east_1.instance("inf2.xlarge"), plain, (), previous_generation=False)
    assert not allowed(us_east_1.instance("g4dn.xlarge"), plain, (), previous_generation=False)
    assert allowed(us_east_1.instance("m5.large"), plain, (), previous_generation=False)


def test_previous_generation_only_when_allow_listed_or_opted_in(us_east_1: PriceCatalog) -> None:
    plain = Pool("linux", "x86_64", False, ())
    m1 = us_east_1.instance("m1.small")
    assert not m1.current_generation
    assert not allowed(m1, plain, (), previous_generation=False)
    assert allowed(m1, plain, ("m1",), previous_generation=False)
    assert allowed(m1, plain, ("m1.small",), previous_generation=False)
    assert allowed(m1, plain, (), previous_generation=True)


def test_default_fleets_are_current_generation(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # Tiny bridge-mode tasks: the cheapest holder used to be a previous-generation type.
    service = Service("tiny", 0.25, 0.5, bands=(UsageBand(3),), network_mode="bridge")
    result = price_ecs_ec2(workload(service, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert all(us_east_1.instance(e.instance_type).current_generation for e in result.capacity.fleet)
    opted = replace(assumptions, previous_generation=True)
    cheaper = price_ecs_ec2(workload(service, assumptions=opted), us_east_1, Purchase.ON_DEMAND)
    assert cheaper.monthly_usd <= result.monthly_usd


def test_burstable_types_keep_headroom_below_their_baseline(us_east_1: PriceCatalog) -> None:
    # t3a.medium: 2 vCPU, 20 % baseline = 0.4 vCPU sustained; 20 % below it is 0.32 vCPU, so
    # tasks averaging 40 % of their request may request 0.8 vCPU (1.0 at the baseline itself).
    pool = Pool("linux", "x86_64", False, (Service("web", 0.25, 0.5, cpu_util=0.4),))
    spec = us_east_1.instance("t3a.medium")
    assert burstable_vcpu(spec, pool, default_assumptions()) == pytest.approx(0.8)
    assert burstable_vcpu(spec, pool, replace(default_assumptions(), burstable_headroom=0)) == pytest.approx(
        1.0
    )


def test_regression_issue_12_a_burstable_fleet_warns_where_it_would_throttle(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # 8 × (0.25 vCPU, 0.5 GB, bridge) at 40 % CPU, one zone. t3a.small ($0.0188/h): 0.32 vCPU
    # sustained below its baseline -> 0.8 vCPU of requests; 2,048 × 0.975 − 256 = 1,741 MiB
    # registered: 3 tasks each, so 3 nodes (3, 3, 2): 3 × 0.0188 × 730 = $41.172 + 3 × $2.40.
    # The fullest node requests 0.75 vCPU: 0.4 vCPU of baseline / 0.75 = 53 %.
    service = Service("web", 0.25, 0.5, bands=(UsageBand(8),), cpu_util=0.4, network_mode="bridge")
    one_zone = replace(assumptions, availability_zones=1)
    result = price_ecs_ec2(workload(service, assumptions=one_zone), us_east_1, Purchase.ON_DEMAND)
    assert [(e.instance_type, e.count) for e in result.capacity.fleet] == [("t3a.small", 3)]
    assert result.monthly_usd == pytest.approx(41.172 + 7.2)
    assert result.warnings == (
        "t3a.small is burstable (baseline 20% of its 2 vCPUs): its tasks use 40% of their CPU "
        "request on average and would be throttled above 53% (unlimited mode bills the surplus "
        "CPU credits instead)",
    )
