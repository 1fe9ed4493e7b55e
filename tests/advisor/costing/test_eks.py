"""EKS on EC2: kube-reserved, allocatable, max pods, DaemonSets, control plane; real us-east-1 prices."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.costing.eks import (
    allocatable,
    control_plane_items,
    kube_reserved_cpu,
    kube_reserved_memory_mib,
    price_eks_ec2,
)
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Purchase, Service, SupportTier, UsageBand, Workload


def workload(*services: Service, assumptions: Assumptions, **kw) -> Workload:
    return Workload(services=services, region="us-east-1", assumptions=assumptions, **kw)


@pytest.mark.parametrize(
    ("vcpu", "millicores"),
    [(1, 60), (2, 70), (4, 80), (8, 90), (16, 110), (96, 310)],
    ids=["1", "2", "4", "8", "16", "96"],
)
def test_kube_reserved_cpu_follows_the_eks_ami_tiers(vcpu: int, millicores: int) -> None:
    # 6 % of core 1, 1 % of core 2, 0.5 % of cores 3-4, 0.25 % above: e.g. 8 vCPU = 60+10+10+4×2.5 = 90m.
    assert kube_reserved_cpu(vcpu) * 1000 == pytest.approx(millicores)


def test_kube_reserved_memory_is_11_mib_per_pod_plus_255() -> None:
    assert kube_reserved_memory_mib(29) == 574  # m5.large, max pods 29
    assert kube_reserved_memory_mib(110) == 1465


@pytest.mark.parametrize(
    ("instance_type", "cpu_m", "memory_mib"),
    [
        ("m5.large", 1930, 6903),
        ("t3.large", 1930, 6837),
        ("t3.xlarge", 3920, 14162),
        ("c6a.2xlarge", 7910, 14162),
    ],
    ids=["m5.large", "t3.large", "t3.xlarge", "c6a.2xlarge"],
)
def test_regression_issue_12_allocatable_is_karpenters_measured_value(
    us_east_1: PriceCatalog, assumptions: Assumptions, instance_type: str, cpu_m: int, memory_mib: int
) -> None:
    """Karpenter's published allocatable (instance-types.md, AL2023), as the snapshot holds it;
    the formula with the 7.5 % VM overhead gives the same where a type lacks it."""
    spec = us_east_1.instance(instance_type)
    for source in (spec, replace(spec, eks_allocatable_vcpu=None, eks_allocatable_memory_mib=None)):
        cpu, memory, _ = allocatable(source, assumptions)
        assert round(cpu * 1000) == cpu_m
        assert int(memory) == memory_mib


def test_prefix_delegation_moves_kube_reserved_by_11_mib_per_pod(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # c6a.2xlarge: 14,162 MiB at 58 pods; 110 pods reserve 52 × 11 = 572 MiB more -> 13,590.
    _, memory, pods = allocatable(
        us_east_1.instance("c6a.2xlarge"), replace(assumptions, prefix_delegation=True)
    )
    assert (pods, memory) == (110, 13590)


def test_prefix_delegation_raises_max_pods(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    spec = us_east_1.instance("m5.large")
    assert allocatable(spec, assumptions)[2] == 29
    assert allocatable(spec, replace(assumptions, prefix_delegation=True))[2] == 110


def test_control_plane_standard_extended_and_shared(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    web = Service("web", 1, 2)
    standard = control_plane_items(workload(web, assumptions=assumptions), us_east_1)
    assert [round(i.monthly_usd, 2) for i in standard] == [73.00]  # 730 h × $0.10
    extended = control_plane_items(
        workload(web, assumptions=replace(assumptions, eks_support=SupportTier.EXTENDED)), us_east_1
    )
    assert [round(i.monthly_usd, 2) for i in extended] == [73.00, 365.00]  # + 730 h × $0.50
    shared = control_plane_items(
        workload(web, assumptions=replace(assumptions, eks_cluster_share=0.25)), us_east_1
    )
    assert round(sum(i.monthly_usd for i in shared), 2) == 18.25


def test_price_includes_nodes_control_plane_and_ebs(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price_eks_ec2(
        workload(Service("web", 1, 2, bands=(UsageBand(4),)), assumptions=assumptions),
        us_east_1,
        Purchase.ON_DEMAND,
    )
    assert result.feasible
    nodes = sum(e.count for e in result.capacity.fleet)
    instances = sum(e.count * 730 * us_east_1.ondemand(e.instance_type).usd for e in result.capacity.fleet)
    assert result.monthly_usd == pytest.approx(instances + 73.0 + nodes * 30 * 0.08, abs=0.005)
    assert sum(e.tasks_per_instance * e.count for e in result.capacity.fleet) == 4
    assert result.capacity.max_pods is not None
    assert result.capacity.pod_utilization is not None


def test_daemonsets_take_room_on_every_node(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    web = Service("web", 0.5, 1, bands=(UsageBand(12),))
    agent = Service("agent", 2, 4, daemon=True)  # too big to hide in the spare room
    alone = price_eks_ec2(workload(web, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    both = price_eks_ec2(workload(web, agent, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert both.monthly_usd > alone.monthly_usd


def test_pod_too_big_for_any_type_is_infeasible(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    huge = Service("huge", 1000, 2, bands=(UsageBand(1),))
    result = price_eks_ec2(workload(huge, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert not result.feasible
    assert "huge" in result.reasons[0]


def test_region_without_eks_rate_is_infeasible(assumptions: Assumptions) -> None:
    from pricing import load_catalog

    # GovCloud is its own partition: the commercial control plane rate is not written there.
    catalog = load_catalog("snapshot", "us-gov-west-1")
    result = price_eks_ec2(
        Workload((Service("web", 1, 2),), "us-gov-west-1", assumptions), catalog, Purchase.ON_DEMAND
    )
    assert not result.feasible
    assert "EKS control plane" in result.reasons[0]


def test_regression_issue_12_coredns_runs_on_every_eks_fargate_cluster(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # 2 CoreDNS pods of 100m / 70Mi + 256 MB pod overhead round up to 0.25 vCPU / 0.5 GB:
    # 2 × 730 h × (0.25 × $0.04048 + 0.5 × $0.004445) = $18.02 a month, shared like the control plane.
    from advisor.engine import price_option
    from advisor.model.workload import Platform

    service = Service("web", 0.5, 1, bands=(UsageBand(1),))
    for share, expected in ((1.0, 18.02), (0.25, 18.02 / 4)):
        shared = replace(assumptions, eks_cluster_share=share)
        result = price_option(
            workload(service, assumptions=shared), us_east_1, Platform.EKS_FARGATE, Purchase.ON_DEMAND
        )
        dns = sum(i.monthly_usd for i in result.line_items if i.service == "kube-system/coredns")
        assert dns == pytest.approx(expected, abs=0.005)
        assert set(result.capacity.task_sizes) == {"web"}
