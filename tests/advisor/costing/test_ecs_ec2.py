"""ECS on EC2, hand-worked on real us-east-1 prices (Karpenter/libcloud snapshot, 2026-07-20)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.costing.ecs_ec2 import awsvpc_task_limit, price_ecs_ec2, registered_memory_mib
from advisor.model.prices import Confidence, PriceCatalog
from advisor.model.workload import AddOns, Assumptions, Purchase, Service, UsageBand, Workload


def workload(*services: Service, assumptions: Assumptions, **kw) -> Workload:
    """The hand calculations here put every task in one zone with instant scaling; the zone
    spread and scaling time have their own tests (test_fleet_time_and_zones.py)."""
    one_zone = replace(assumptions, availability_zones=1, ec2_scale_out_seconds=0, ec2_scale_in_seconds=0)
    return Workload(services=services, region="us-east-1", assumptions=one_zone, **kw)


def test_awsvpc_tasks_are_limited_by_enis(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # ENI limits without trunking (eni_trunking off), as the hand calculation assumes.
    # 4 tasks of 1 vCPU / 2 GB in awsvpc mode. m5a.large (2 vCPU, 8 GiB, $0.086/h) has 3 ENIs:
    # one stays with the instance, so 2 tasks each -> 2 instances, the cheapest per task.
    result = price_ecs_ec2(
        workload(
            Service("web", 1, 2, bands=(UsageBand(4),)), assumptions=replace(assumptions, eni_trunking=False)
        ),
        us_east_1,
        Purchase.ON_DEMAND,
    )
    assert result.feasible
    assert [(e.instance_type, e.count, e.tasks_per_instance) for e in result.capacity.fleet] == [
        ("m5a.large", 2, 2.0)
    ]
    instances = 2 * 730 * 0.086  # $125.56
    ebs = 2 * 30 * 0.08  # 30 GB gp3 per instance at $0.08/GB-month = $4.80
    assert round(result.monthly_usd, 2) == round(instances + ebs, 2) == 130.36
    assert result.capacity.eni_utilization == pytest.approx(1.0)


def test_waste_is_its_own_line_and_lines_add_up(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # ENI limits without trunking (eni_trunking off), as the hand calculation assumes.
    # 0.5 vCPU / 2 GB tasks: still 2 per m5a.large (ENIs), using half its CPU and 52.98 % of
    # its registered memory (2 × 2048 of 8192 × 0.975 − 256 MiB); the rest is paid for and idle.
    result = price_ecs_ec2(
        workload(
            Service("web", 0.5, 2, bands=(UsageBand(4),)),
            assumptions=replace(assumptions, eni_trunking=False),
        ),
        us_east_1,
        Purchase.ON_DEMAND,
    )
    assert [(e.instance_type, e.count) for e in result.capacity.fleet] == [("m5a.large", 2)]
    lines = {item.item: item for item in result.line_items}
    allocated = lines["m5a.large instance-hours, allocated to tasks"]
    waste = lines["m5a.large instance-hours, unallocated (packing waste)"]
    used = 4096 / (8192 * 0.975 - 256)  # registered memory less ECS_RESERVED_MEMORY
    assert allocated.quantity == pytest.approx(2 * 730 * used)
    assert waste.quantity == pytest.approx(2 * 730 * (1 - used))
    assert allocated.quantity + waste.quantity == pytest.approx(2 * 730)
    assert sum(i.monthly_usd for i in result.line_items) == pytest.approx(result.monthly_usd)


def test_bridge_mode_is_not_eni_limited(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    service = Service("web", 1, 2, bands=(UsageBand(4),), network_mode="bridge")
    result = price_ecs_ec2(workload(service, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    # 4 vCPU and 8 GiB of requests: one m5a.xlarge ($0.172/h, 4 vCPU, 16 GiB) costs the same as
    # two m5a.large; nothing cheaper holds them.
    assert round(result.monthly_usd - 30 * 0.08 * sum(e.count for e in result.capacity.fleet), 2) == round(
        730 * 0.172, 2
    )


def test_eni_trunking_raises_the_task_limit(us_east_1: PriceCatalog) -> None:
    m5 = us_east_1.instance("m5.large")
    assert awsvpc_task_limit(m5, trunking=False) == 2
    assert awsvpc_task_limit(m5, trunking=True) == 10
    assert awsvpc_task_limit(us_east_1.instance("m6i.8xlarge"), trunking=True) == 90
    assert (
        awsvpc_task_limit(us_east_1.instance("r5.8xlarge"), trunking=True)
        == us_east_1.instance("r5.8xlarge").max_enis - 1
    )
    assert awsvpc_task_limit(us_east_1.instance("t3.large"), trunking=True) == 2


def test_trunking_packs_small_awsvpc_tasks_tighter(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    service = Service("api", 0.25, 0.5, bands=(UsageBand(20),))
    untrunked = replace(assumptions, eni_trunking=False)
    plain = price_ecs_ec2(workload(service, assumptions=untrunked), us_east_1, Purchase.ON_DEMAND)
    trunked = price_ecs_ec2(
        workload(service, assumptions=replace(assumptions, eni_trunking=True)), us_east_1, Purchase.ON_DEMAND
    )
    assert trunked.monthly_usd < plain.monthly_usd


def test_registered_memory_follows_the_ecs_m4_large_example(us_east_1: PriceCatalog) -> None:
    # ECS docs: an m4.large (8192 MiB) registers 7985 MiB; 2.5 % less gives 7987.2.
    assert registered_memory_mib(us_east_1.instance("m4.large"), 0.025, 0) == pytest.approx(7987.2)
    assert registered_memory_mib(us_east_1.instance("m4.large"), 0.025, 256) == pytest.approx(7731.2)


def test_daemon_runs_on_every_instance(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    web = Service("web", 1, 2, bands=(UsageBand(4),), network_mode="bridge")
    agent = Service("agent", 0.25, 0.5, daemon=True, network_mode="bridge")
    alone = price_ecs_ec2(workload(web, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    with_daemon = price_ecs_ec2(workload(web, agent, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert with_daemon.monthly_usd > alone.monthly_usd


def test_headroom_keeps_spare_capacity(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    web = Service("web", 1, 2, bands=(UsageBand(8),), network_mode="bridge")
    tight = price_ecs_ec2(workload(web, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    roomy = price_ecs_ec2(
        workload(web, assumptions=replace(assumptions, headroom=0.3)), us_east_1, Purchase.ON_DEMAND
    )
    assert roomy.monthly_usd > tight.monthly_usd
    assert roomy.capacity.vcpu_utilization is not None
    assert roomy.capacity.vcpu_utilization <= 1.0


def test_burstable_only_when_sustained_cpu_fits_the_baseline(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    busy = Service("busy", 0.5, 1, bands=(UsageBand(2),), network_mode="bridge")
    idle = replace(busy, cpu_util=0.1)
    busy_fleet = price_ecs_ec2(workload(busy, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    idle_fleet = price_ecs_ec2(workload(idle, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert not any(us_east_1.instance(e.instance_type).burstable for e in busy_fleet.capacity.fleet)
    assert any(us_east_1.instance(e.instance_type).burstable for e in idle_fleet.capacity.fleet)


def test_gpu_services_get_gpu_types_and_others_do_not(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    gpu = Service("train", 4, 16, gpu_count=1, network_mode="bridge")
    result = price_ecs_ec2(workload(gpu, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert result.feasible
    assert all(us_east_1.instance(e.instance_type).gpu_count >= 1 for e in result.capacity.fleet)
    plain = price_ecs_ec2(
        workload(Service("web", 1, 2), assumptions=assumptions), us_east_1, Purchase.ON_DEMAND
    )
    assert all(us_east_1.instance(e.instance_type).gpu_count == 0 for e in plain.capacity.fleet)


def test_allow_list_of_families_and_types(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    web = Service("web", 1, 2, bands=(UsageBand(4),))
    result = price_ecs_ec2(
        workload(web, assumptions=assumptions, instance_types=("m7g",)), us_east_1, Purchase.ON_DEMAND
    )
    assert not result.feasible  # x86_64 service, ARM-only allow-list
    arm = replace(web, arch="arm64")
    result = price_ecs_ec2(
        workload(arm, assumptions=assumptions, instance_types=("m7g",)), us_east_1, Purchase.ON_DEMAND
    )
    assert {e.instance_type.split(".")[0] for e in result.capacity.fleet} == {"m7g"}
    unknown = price_ecs_ec2(
        workload(web, assumptions=assumptions, instance_types=("m5.lrage",)), us_east_1, Purchase.ON_DEMAND
    )
    assert not unknown.feasible
    assert "m5.large" in unknown.reasons[0]


def test_spot_needs_spot_tolerant_services(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # ENI limits without trunking (eni_trunking off), as the hand calculation assumes.
    web = Service("web", 1, 2, bands=(UsageBand(4),))
    assert not price_ecs_ec2(
        workload(web, assumptions=replace(assumptions, eni_trunking=False)), us_east_1, Purchase.SPOT
    ).feasible


def test_spot_uses_each_types_rate_from_the_spot_advisor_feed(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # m5.large in us-east-1: on-demand $0.096 (Karpenter 2026-07-20), the feed's average savings
    # 66 % -> 0.096 × (1 − 0.66) = $0.03264/h, band 15-20 % (within the default 20 %).
    # 4 awsvpc tasks of 1 vCPU / 2 GB: 2 per m5.large (3 ENIs) -> 2 instances × 730 h.
    web = Service("web", 1, 2, bands=(UsageBand(4),), spot_ok=True)
    no_trunking = replace(assumptions, eni_trunking=False)
    spot = price_ecs_ec2(
        workload(web, assumptions=no_trunking, instance_types=("m5.large",)), us_east_1, Purchase.SPOT
    )
    instance_lines = [i for i in spot.line_items if "instance-hours" in i.item]
    assert {i.rate_usd for i in instance_lines} == {0.03264}
    assert all(i.confidence is Confidence.MEDIUM and i.as_of == "2025-06-28" for i in instance_lines)
    assert all("AWS Spot Instance Advisor" in i.source for i in instance_lines)
    assert all("interruption 15-20%" in i.item for i in instance_lines)
    assert [(e.instance_type, e.count, e.interruption_band) for e in spot.capacity.fleet] == [
        ("m5.large", 2, "15-20%")
    ]
    assert round(sum(i.monthly_usd for i in instance_lines), 2) == round(2 * 730 * 0.03264, 2) == 47.65
    assert not any("ec2_spot_discount" in w for w in spot.warnings)


def test_spot_fleets_leave_out_the_riskiest_band_unless_allowed(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # m5.xlarge is in the '>20%' band in us-east-1: not used by default, used at 100 %.
    web = Service("web", 1, 2, bands=(UsageBand(4),), spot_ok=True, network_mode="bridge")
    only = ("m5.xlarge",)
    default = price_ecs_ec2(
        workload(web, assumptions=assumptions, instance_types=only), us_east_1, Purchase.SPOT
    )
    assert not default.feasible
    risky = replace(assumptions, spot_max_interruption_pct=100)
    allowed = price_ecs_ec2(workload(web, assumptions=risky, instance_types=only), us_east_1, Purchase.SPOT)
    assert [(e.instance_type, e.interruption_band) for e in allowed.capacity.fleet] == [("m5.xlarge", ">20%")]


def test_spot_falls_back_to_the_cited_discount_for_types_the_feed_lacks(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # c8i.large (2025 and later) is not in the June-2025 feed: 65 % (the feed's median) off
    # its on-demand $0.09371 = $0.0327985/h, labelled as an assumption.
    web = Service("web", 1, 2, bands=(UsageBand(2),), spot_ok=True)
    spot = price_ecs_ec2(
        workload(web, assumptions=assumptions, instance_types=("c8i.large",)), us_east_1, Purchase.SPOT
    )
    instance_lines = [i for i in spot.line_items if "instance-hours" in i.item]
    assert all(i.confidence is Confidence.ASSUMPTION for i in instance_lines)
    assert all(i.rate_usd == pytest.approx(0.09371 * 0.35) for i in instance_lines)
    assert any("ec2_spot_discount" in w for w in spot.warnings)


def test_windows_has_no_snapshot_price(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price_ecs_ec2(
        workload(Service("win", 1, 2, os="windows"), assumptions=assumptions), us_east_1, Purchase.ON_DEMAND
    )
    assert not result.feasible
    assert "refresh live" in result.reasons[0]


def test_savings_plan_without_rate_or_assumption_is_infeasible(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price_ecs_ec2(
        workload(Service("web", 1, 2), assumptions=assumptions), us_east_1, Purchase.SAVINGS_PLAN_1Y
    )
    assert not result.feasible
    assert "savings_plan_1y_discount" in result.reasons[0]


def test_bands_are_priced_step_by_step(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # ENI limits without trunking (eni_trunking off), as the hand calculation assumes.
    steady = Service("web", 1, 2, bands=(UsageBand(4, 730),))
    banded = Service("web", 1, 2, bands=(UsageBand(4, 365), UsageBand(2, 365)))
    full = price_ecs_ec2(
        workload(steady, assumptions=replace(assumptions, eni_trunking=False)), us_east_1, Purchase.ON_DEMAND
    )
    half = price_ecs_ec2(
        workload(banded, assumptions=replace(assumptions, eni_trunking=False)), us_east_1, Purchase.ON_DEMAND
    )
    # 2 × m5a.large for 365 h, then 1 × m5a.large for 365 h: 3 × 365 instance-hours.
    assert round(half.monthly_usd, 2) == round(3 * 365 * 0.086 + 3 * 365 / 730 * 30 * 0.08, 2)
    assert half.monthly_usd < full.monthly_usd


def test_public_ipv4_is_per_instance(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # ENI limits without trunking (eni_trunking off), as the hand calculation assumes.
    result = price_ecs_ec2(
        workload(
            Service("web", 1, 2, bands=(UsageBand(4),)),
            assumptions=replace(assumptions, eni_trunking=False),
            addons=AddOns(public_ipv4=True),
        ),
        us_east_1,
        Purchase.ON_DEMAND,
    )
    ipv4 = [i for i in result.line_items if "IPv4" in i.item]
    assert len(ipv4) == 1
    assert ipv4[0].quantity == pytest.approx(2 * 730)  # two instances, not four tasks
    assert ipv4[0].rate_usd == 0.005


def test_trunking_limits_come_from_the_ecs_table_for_current_generations(us_east_1: PriceCatalog) -> None:
    # ECS guide table: c6a.8xlarge 7 -> 90, m7g.medium 1 -> 4, c6in.large 2 -> 10, g5.xlarge 3 -> 6.
    for name, limit in (("c6a.8xlarge", 90), ("m7g.medium", 4), ("c6in.large", 10), ("g5.xlarge", 6)):
        assert awsvpc_task_limit(us_east_1.instance(name), trunking=True) == limit, name
    # Not in the table (c5n; families launched after it, e.g. m7i): ENIs - 1.
    for name in ("c5n.large", "m7i.large"):
        spec = us_east_1.instance(name)
        assert awsvpc_task_limit(spec, trunking=True) == spec.max_enis - 1, name


SMALL_AWSVPC = Service("api", 0.25, 0.5, bands=(UsageBand(50),))


def test_regression_issue_12_small_awsvpc_tasks_cost_what_bridge_mode_costs(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # 50 × (256 CPU units, 512 MiB), trunking on by default, one zone: registered memory less
    # 256 MiB binds. c6a.2xlarge ($0.306/h, 15,718 MiB, 40 trunk ENIs) holds 30, c6a.xlarge
    # ($0.153/h) 15, c6a.large ($0.0765/h) 7: 30 + 15 + 5 = $0.5355/h × 730 = $390.915, + 3 ×
    # 30 GB × $0.08 = $7.20 -> $398.115 (the cheapest mix: 4 nodes at the same $/h cost a root
    # volume more); bridge mode packs the same fleet.
    awsvpc = price_ecs_ec2(workload(SMALL_AWSVPC, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    bridge = replace(SMALL_AWSVPC, network_mode="bridge")
    bridged = price_ecs_ec2(workload(bridge, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert awsvpc.monthly_usd == pytest.approx(398.115)
    assert awsvpc.monthly_usd <= bridged.monthly_usd * 1.02
    assert [(e.instance_type, e.count) for e in awsvpc.capacity.fleet] == [
        ("c6a.2xlarge", 1),
        ("c6a.large", 1),
        ("c6a.xlarge", 1),
    ]
    assert not awsvpc.warnings


def test_an_eni_bound_fleet_warns_with_what_bridge_and_trunking_cost(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # Without trunking every type runs ENIs - 1 tasks: 50 × t3a.small (1 task each) = $806.20.
    off = replace(assumptions, eni_trunking=False)
    result = price_ecs_ec2(workload(SMALL_AWSVPC, assumptions=off), us_east_1, Purchase.ON_DEMAND)
    assert round(result.monthly_usd, 2) == 806.20
    (warning,) = [w for w in result.warnings if w.startswith("ENIs")]
    assert warning.startswith("ENIs bind this fleet: awsvpc tasks take 100% of the instances' task ENIs")
    assert "in bridge mode $398.12/month" in warning
    assert "with ENI trunking (the awsvpcTrunking account setting) $398.12/month" in warning


def test_no_gp3_rate_leaves_the_root_volumes_out_and_says_so(
    us_east_1: PriceCatalog, assumptions: Assumptions, without_rates
) -> None:
    wl = workload(Service("web", 1, 2, bands=(UsageBand(4, 730),)), assumptions=assumptions)
    full = price_ecs_ec2(wl, us_east_1, Purchase.ON_DEMAND)
    lacking = price_ecs_ec2(wl, without_rates(us_east_1, "ebs_gp3_gb_month"), Purchase.ON_DEMAND)
    assert (full.completeness, full.missing) == ("complete", ())
    assert (lacking.feasible, lacking.completeness, lacking.missing) == (
        True,
        "incomplete",
        ("EBS gp3 root volumes",),
    )
    ebs = [i for i in full.line_items if i.item.startswith("EBS gp3")]
    assert len(ebs) == 1
    assert not any(i.item.startswith("EBS gp3") for i in lacking.line_items)  # no $0 line
    assert lacking.monthly_usd == pytest.approx(full.monthly_usd - ebs[0].monthly_usd, abs=1e-9)
    assert any("EBS gp3 root volumes" in w and w.startswith("incomplete") for w in lacking.warnings)
