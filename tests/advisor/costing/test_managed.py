"""ECS Managed Instances and EKS Auto Mode, hand-worked on real us-east-1 prices.

m5.large: $0.096/h on-demand (Karpenter snapshot, 2026-07-20), Spot $0.03264/h (Spot Instance
Advisor feed, 66 % off, band 15-20 %). The management fee offline is `management_fee_fraction`
(default 0.12) of the on-demand price: 0.12 × $0.096 = $0.01152/h, 730 h → $8.4096 ≈ $8.41.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from advisor.costing.ecs_ec2 import ecs_ec2_model
from advisor.costing.eks import eks_ec2_model
from advisor.costing.managed import category, managed_model, price_managed
from advisor.costing.node_types import Pool
from advisor.model.money import cents
from advisor.model.prices import Confidence, PriceCatalog, Rate
from advisor.model.workload import (
    OS,
    Assumptions,
    NetworkMode,
    Platform,
    Purchase,
    Service,
    UsageBand,
    Workload,
)

MI, AUTO = Platform.ECS_MANAGED_INSTANCES, Platform.EKS_AUTO_MODE


def one_m5_large(assumptions: Assumptions, **service: object) -> Workload:
    """One 1 vCPU / 4 GB task on an m5.large allow-list, in one zone, no root volume: the fleet
    is exactly one m5.large all month."""
    flat = replace(
        assumptions,
        availability_zones=1,
        ebs_root_gb=0,
        savings_plan_1y_discount=0.3,
        ec2_spot_discount=0.65,
    )
    task = Service("web", 1, 4, bands=(UsageBand(1),), spot_ok=True, **service)  # type: ignore[arg-type]
    return Workload(services=(task,), region="us-east-1", assumptions=flat, instance_types=("m5.large",))


def fee_line(result):  # type: ignore[no-untyped-def]
    (fee,) = [i for i in result.line_items if "management fee" in i.item]
    return fee


def instance_usd(result) -> float:  # type: ignore[no-untyped-def]
    return sum(i.monthly_usd for i in result.line_items if "instance-hours" in i.item)


def test_an_m5_large_on_ecs_managed_instances_bills_730_hours_plus_a_12_percent_fee(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price_managed(one_m5_large(assumptions), us_east_1, MI, Purchase.ON_DEMAND)
    assert [(e.instance_type, e.count) for e in result.capacity.fleet] == [("m5.large", 1)]
    assert instance_usd(result) == pytest.approx(730 * 0.096)  # $70.08
    fee = fee_line(result)
    assert fee.item == "m5.large management fee (assumption 12% of on-demand $0.096)"
    assert (fee.quantity, fee.unit) == (730, "instance-hour")
    assert fee.rate_usd == pytest.approx(0.01152)
    assert cents(fee.monthly_usd) == 8.41
    assert fee.confidence is Confidence.ASSUMPTION
    assert cents(result.monthly_usd) == 78.49  # 70.08 + 8.4096
    assert any("management_fee_fraction=0.12" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("purchase", "instance_rate"),
    [(Purchase.SPOT, 0.03264), (Purchase.SAVINGS_PLAN_1Y, 0.096 * 0.7)],
    ids=["spot", "savings-plan"],
)
def test_spot_and_savings_plans_discount_the_instance_hours_never_the_fee(
    us_east_1: PriceCatalog, assumptions: Assumptions, purchase: Purchase, instance_rate: float
) -> None:
    for platform in (MI, AUTO):
        result = price_managed(one_m5_large(assumptions), us_east_1, platform, purchase)
        assert instance_usd(result) == pytest.approx(730 * instance_rate)
        assert fee_line(result).rate_usd == pytest.approx(0.01152)
        assert cents(fee_line(result).monthly_usd) == 8.41


def test_eks_auto_mode_adds_the_control_plane(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price_managed(one_m5_large(assumptions), us_east_1, AUTO, Purchase.ON_DEMAND)
    lines = {i.item: i for i in result.line_items}
    assert lines["EKS control plane (standard support)"].monthly_usd == pytest.approx(73.0)
    assert cents(result.monthly_usd) == 151.49  # 70.08 + 8.4096 + 73
    assert result.capacity.max_pods == 29  # m5.large, ENI formula


def test_a_live_fee_is_a_price_not_an_assumption(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # The shape a live refresh gives (pricing.normalize): one rate per type, keyed by platform.
    live = Rate(
        "eks_auto_mode_fee:m5.large",
        "us-east-1",
        0.01152,
        "instance-hour",
        "USE1-AutoMode:m5.large",
        "AWS Price List API GetProducts AmazonEKS, SKU TEST",
        "2026-11-30",
        Confidence.HIGH,
    )
    catalog = replace(us_east_1, rates=MappingProxyType({**us_east_1.rates, live.key: live}), memo={})
    result = price_managed(one_m5_large(assumptions), catalog, AUTO, Purchase.SPOT)
    fee = fee_line(result)
    assert fee.item == "m5.large management fee (Price List rate)"
    assert (fee.rate_usd, fee.confidence, fee.source) == (0.01152, Confidence.HIGH, live.source)
    assert not any("management_fee_fraction" in w for w in result.warnings)


def test_the_fee_fraction_is_an_editable_assumption(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    workload = one_m5_large(replace(assumptions, management_fee_fraction=0.1))
    fee = fee_line(price_managed(workload, us_east_1, MI, Purchase.ON_DEMAND))
    assert fee.rate_usd == pytest.approx(0.0096)
    assert fee.item == "m5.large management fee (assumption 10% of on-demand $0.096)"


def test_g_types_carry_the_documented_35_percent_lower_fee(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    workload = replace(one_m5_large(assumptions, gpu_count=1), instance_types=("g5.xlarge",))
    result = price_managed(workload, us_east_1, MI, Purchase.ON_DEMAND)
    ondemand = us_east_1.ondemand("g5.xlarge").usd
    fee = fee_line(result)
    assert fee.rate_usd == pytest.approx(ondemand * 0.12 * 0.65)
    assert "7.8% of on-demand" in fee.item
    assert "35% accelerated-type reduction" in fee.item


def test_without_an_allow_list_each_service_packs_on_its_default_families(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    workload = Workload(
        services=(Service("web", 2, 8, bands=(UsageBand(10),)),), region="us-east-1", assumptions=assumptions
    )
    mi = price_managed(workload, us_east_1, MI, Purchase.ON_DEMAND)
    auto = price_managed(workload, us_east_1, AUTO, Purchase.ON_DEMAND)
    mi_types = [us_east_1.instance(e.instance_type) for e in mi.capacity.fleet]
    auto_types = [us_east_1.instance(e.instance_type) for e in auto.capacity.fleet]
    assert mi_types
    assert auto_types
    assert all(category(t.family) == "m" and not t.burstable for t in mi_types)
    assert all(category(t.family) in {"c", "m", "r"} and t.generation >= 5 for t in auto_types)


def test_auto_mode_nodes_run_no_system_daemonsets(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # aws-node (25m) and kube-proxy (100m) are pods on EKS on EC2, node processes on Auto Mode.
    workload = Workload(services=(Service("web", 1, 2),), region="us-east-1", assumptions=assumptions)
    spec, pool = us_east_1.instance("m5.large"), Pool("linux", "x86_64", False, workload.services)
    ec2 = eks_ec2_model(workload, us_east_1).capacity(spec, pool)
    auto = managed_model(workload, us_east_1, AUTO).capacity(spec, pool)
    assert ec2 is not None
    assert auto is not None
    assert auto[0] - ec2[0] == pytest.approx(0.125)
    assert auto[2] - ec2[2] == 2


@pytest.mark.parametrize(
    ("platform", "service", "reason"),
    [
        (MI, {"os": OS.WINDOWS}, "ECS Managed Instances run Linux containers only"),
        (AUTO, {"os": OS.WINDOWS}, "Windows nodes must be self-managed"),
        (MI, {"network_mode": NetworkMode.BRIDGE}, "awsvpc or host network mode, not bridge"),
    ],
    ids=["mi-windows", "auto-windows", "mi-bridge"],
)
def test_what_a_managed_platform_cannot_run_is_infeasible_with_the_reason(
    us_east_1: PriceCatalog, assumptions: Assumptions, platform: Platform, service: dict, reason: str
) -> None:
    workload = replace(one_m5_large(assumptions, **service), instance_types=())
    result = price_managed(workload, us_east_1, platform, Purchase.ON_DEMAND)
    assert not result.feasible
    assert any(reason in r for r in result.reasons)


def test_host_networking_runs_on_ecs_managed_instances(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    workload = one_m5_large(assumptions, network_mode=NetworkMode.HOST)
    assert price_managed(workload, us_east_1, MI, Purchase.ON_DEMAND).feasible


def test_a_bridge_mode_daemon_runs_on_ecs_managed_instances_as_a_managed_daemon(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # Managed Daemons take no network mode of their own: only application tasks are held to
    # awsvpc or host.
    workload = one_m5_large(assumptions)
    agent = Service("agent", 0.25, 0.5, daemon=True, network_mode=NetworkMode.BRIDGE)
    with_agent = replace(workload, services=(*workload.services, agent))
    assert price_managed(with_agent, us_east_1, MI, Purchase.ON_DEMAND).feasible


def test_a_daemon_takes_no_eni_on_ecs_managed_instances(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # m5.large with ENI trunking (the default): 10 awsvpc tasks (the ECS guide's trunking
    # table); an awsvpc daemon takes one of them on ECS on EC2, none as a Managed Daemon.
    daemon = Service("agent", 0.25, 0.5, daemon=True)
    workload = Workload(
        services=(Service("web", 0.25, 0.5), daemon), region="us-east-1", assumptions=assumptions
    )
    spec, pool = us_east_1.instance("m5.large"), Pool("linux", "x86_64", False, workload.services[:1])
    ec2 = ecs_ec2_model(workload).capacity(spec, pool)
    mi = managed_model(workload, us_east_1, MI).capacity(spec, pool)
    assert ec2 is not None
    assert mi is not None
    assert (ec2[2], mi[2]) == (9, 10)


@pytest.mark.parametrize("platform", [MI, AUTO], ids=["mi", "auto"])
def test_privileged_containers_run_on_both_managed_platforms(
    us_east_1: PriceCatalog, assumptions: Assumptions, platform: Platform
) -> None:
    workload = one_m5_large(assumptions, privileged=True)
    assert price_managed(workload, us_east_1, platform, Purchase.ON_DEMAND).feasible


def test_the_snapshot_bills_the_published_auto_mode_fee_where_it_has_one(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # AmazonEKS us-east-1 offer of 2026-09-28: EKS-Auto:m7i.large-management-hours $0.0121/h.
    workload = replace(one_m5_large(assumptions), instance_types=("m7i.large",))
    auto = fee_line(price_managed(workload, us_east_1, AUTO, Purchase.ON_DEMAND))
    assert (auto.item, auto.rate_usd, auto.confidence, auto.as_of) == (
        "m7i.large management fee (Price List rate)",
        0.0121,
        Confidence.HIGH,
        "2026-09-28",
    )
    assert cents(auto.monthly_usd) == 8.83  # 730 h × $0.0121
    ecs = fee_line(price_managed(workload, us_east_1, MI, Purchase.ON_DEMAND))
    assert (ecs.rate_usd, ecs.confidence) == (0.012096, Confidence.ASSUMPTION)  # 0.12 × $0.1008
