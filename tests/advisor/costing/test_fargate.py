"""ECS on Fargate and EKS on Fargate, hand-worked to the cent with real snapshot rates.

Rates used (data/service_rates.csv; Fargate from the price file behind AWS's Fargate pricing
page, published 2025-10-27, see pricing/sources/README.md):
us-east-1 Linux/x86 $0.04048/vCPU-hour and $0.004445/GB-hour; Linux/ARM $0.03238 and $0.00356;
Windows $0.046552/vCPU-hour, $0.00511175/GB-hour and $0.046/vCPU-hour OS licence; ephemeral storage
$0.000111/GB-hour; EKS control plane $0.10/cluster-hour; public IPv4 $0.005/IP-hour.
eu-central-1 Linux/x86 $0.04656 and $0.00511. Where a test needs a gap, it takes rates out of a
real catalog (`without_rates`): every region of the snapshot has every Fargate rate.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.costing.fargate import price_fargate
from advisor.costing.fargate_sizes import (
    LINUX_TASK_SIZES,
    WINDOWS_TASK_SIZES,
    NoFargateSize,
    fargate_size,
    valid_sizes,
)
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.prices import Confidence, PriceCatalog
from advisor.model.workload import (
    OS,
    AddOns,
    Arch,
    Assumptions,
    NetworkMode,
    Platform,
    Purchase,
    RunSchedule,
    Service,
    UsageBand,
    Workload,
)
from pricing import load_catalog

ECS = Platform.ECS_FARGATE
EKS = Platform.EKS_FARGATE


def price(
    assumptions: Assumptions,
    catalog: PriceCatalog,
    *services: Service,
    platform: Platform = ECS,
    purchase: Purchase = Purchase.ON_DEMAND,
    addons: AddOns | None = None,
) -> CostBreakdown:
    wl = Workload(services, catalog.region, assumptions, addons=addons or AddOns())
    return price_fargate(wl, catalog, platform, purchase)


COREDNS = "kube-system/coredns"
COREDNS_MONTHLY = 2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445)
"""EKS on Fargate runs the cluster's 2 CoreDNS pods at 0.25 vCPU / 0.5 GB: $18.02 (test_eks.py)."""


def line(result: CostBreakdown, *words: str) -> LineItem:
    """The one line item of the workload (not the cluster's CoreDNS) whose label has every word."""
    (found,) = [i for i in result.line_items if i.service != COREDNS and all(w in i.item for w in words)]
    return found


def cents(usd: float) -> int:
    return round(usd * 100)


# --- hand-worked examples: ECS on Fargate ----------------------------------------------------


def test_linux_x86_1_vcpu_2_gb_for_730_hours(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("web", 1, 2))
    vcpu = line(result, "vCPU-hours as requested")
    memory = line(result, "memory GB-hours as requested")
    # 730 h × 1 vCPU × $0.04048 = $29.5504 → $29.55
    assert (vcpu.quantity, vcpu.unit, vcpu.rate_usd) == (730, "vCPU-hour", 0.04048)
    assert cents(vcpu.monthly_usd) == 2955
    # 730 h × 2 GB × $0.004445 = $6.4897 → $6.49
    assert (memory.quantity, memory.unit, memory.rate_usd) == (1460, "GB-hour", 0.004445)
    assert cents(memory.monthly_usd) == 649
    assert len(result.line_items) == 2  # a valid size: nothing added by rounding
    assert cents(result.monthly_usd) == cents(29.5504 + 6.4897)
    assert result.capacity.task_sizes == {"web": (1.0, 2.0)}
    assert vcpu.service == "web"
    assert vcpu.as_of == "2025-10-27"
    assert vcpu.confidence is Confidence.HIGH
    assert "https://aws.amazon.com/fargate/pricing/" in vcpu.source


def test_linux_arm(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("web", 1, 2, arch=Arch.ARM64))
    # 730 × 1 × $0.03238 = $23.6374; 730 × 2 × $0.00356 = $5.1976
    assert line(result, "Linux/ARM vCPU-hours").monthly_usd == pytest.approx(23.6374)
    assert line(result, "Linux/ARM memory").monthly_usd == pytest.approx(5.1976)
    assert result.monthly_usd == pytest.approx(23.6374 + 5.1976)


def test_windows_adds_the_os_licence_per_vcpu_hour(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("iis", 1, 2, os=OS.WINDOWS))
    # vCPU 730 × 1 × $0.046552 = $33.98296; memory 730 × 2 × $0.00511175 = $7.463155;
    # licence 730 × 1 vCPU × $0.046 = $33.58
    assert line(result, "Windows/x86 vCPU-hours").monthly_usd == pytest.approx(33.98296)
    assert line(result, "Windows/x86 memory").monthly_usd == pytest.approx(7.463155)
    licence = line(result, "OS licence")
    assert (licence.quantity, licence.unit, licence.rate_usd) == (730, "vCPU-hour", 0.046)
    assert result.monthly_usd == pytest.approx(33.98296 + 7.463155 + 33.58)
    assert cents(result.monthly_usd) == 7503


def test_windows_rounds_up_to_its_1_vcpu_minimum_and_licenses_the_billed_vcpu(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(assumptions, us_east_1, Service("iis", 0.5, 1, os=OS.WINDOWS))
    assert result.capacity.task_sizes == {"iis": (1.0, 2.0)}
    # requested 730 × 0.5 × $0.046552 = $16.99148, rounding adds the other 0.5 vCPU: $16.99148
    assert line(result, "vCPU-hours as requested").monthly_usd == pytest.approx(16.99148)
    assert line(result, "vCPU-hours added by rounding").monthly_usd == pytest.approx(16.99148)
    # memory 730 × 1 × $0.00511175 = $3.7315775 requested and as much added by rounding to 2 GB
    assert line(result, "memory GB-hours added by rounding").monthly_usd == pytest.approx(3.7315775)
    # the licence is per billed vCPU: 730 × 1 × $0.046 = $33.58
    assert line(result, "OS licence").monthly_usd == pytest.approx(33.58)
    assert result.monthly_usd == pytest.approx(33.98296 + 7.463155 + 33.58)


def test_rounding_up_is_its_own_line_item(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("api", 1.5, 5))
    assert result.capacity.task_sizes == {"api": (2.0, 5.0)}
    # 730 × 1.5 × $0.04048 = $44.3256 requested; 730 × 0.5 × $0.04048 = $14.7752 rounding
    assert line(result, "vCPU-hours as requested").monthly_usd == pytest.approx(44.3256)
    rounding = line(result, "vCPU-hours added by rounding up to the 2 vCPU / 5 GB task size")
    assert rounding.quantity == pytest.approx(365)
    assert rounding.monthly_usd == pytest.approx(14.7752)
    # memory 730 × 5 × $0.004445 = $16.22425; 5 GB is valid at 2 vCPU, so no memory rounding
    assert not [i for i in result.line_items if "memory" in i.item and "rounding" in i.item]
    assert result.monthly_usd == pytest.approx(44.3256 + 14.7752 + 16.22425)


def test_ephemeral_storage_above_the_free_20_gb(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("etl", 1, 2, storage_gb=50))
    storage = line(result, "ephemeral storage")
    # (50 − 20) GB × 730 h = 21,900 GB-hours × $0.000111 = $2.4309
    assert (storage.quantity, storage.unit, storage.rate_usd) == (21900, "GB-hour", 0.000111)
    assert storage.monthly_usd == pytest.approx(2.4309)
    assert result.monthly_usd == pytest.approx(29.5504 + 6.4897 + 2.4309)


def test_fargate_spot_applies_the_70_percent_assumption_labelled_as_such(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(
        assumptions, us_east_1, Service("worker", 1, 2, spot_ok=True, storage_gb=50), purchase=Purchase.SPOT
    )
    vcpu = line(result, "vCPU-hours as requested")
    memory = line(result, "memory GB-hours as requested")
    # $0.04048 × (1 − 0.70) = $0.012144; 730 × $0.012144 = $8.86512
    assert vcpu.rate_usd == pytest.approx(0.012144)
    assert vcpu.monthly_usd == pytest.approx(8.86512)
    # $0.004445 × 0.30 = $0.0013335; 1460 × $0.0013335 = $1.94691
    assert memory.monthly_usd == pytest.approx(1.94691)
    for item in (vcpu, memory):
        assert item.confidence is Confidence.ASSUMPTION
        assert "assumption" in item.item
        assert "assumption" in item.source
    # storage is never discounted: 30 GB × 730 h × $0.000111 = $2.4309, a published rate
    storage = line(result, "ephemeral storage")
    assert storage.monthly_usd == pytest.approx(2.4309)
    assert storage.confidence is Confidence.HIGH
    assert any("fargate_spot_discount=0.7" in w for w in result.warnings)
    assert result.monthly_usd == pytest.approx(8.86512 + 1.94691 + 2.4309)


def test_fargate_spot_covers_arm_today(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(
        assumptions, us_east_1, Service("w", 1, 2, arch=Arch.ARM64, spot_ok=True), purchase=Purchase.SPOT
    )
    # (730 × $0.03238 + 1460 × $0.00356) × 0.30 = ($23.6374 + $5.1976) × 0.30 = $8.6505
    assert result.feasible
    assert result.monthly_usd == pytest.approx(8.6505)


def test_each_band_is_priced_on_its_own(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    bands = (UsageBand(4, 420), UsageBand(10, 300))  # 4 tasks 14 h/day, 10 tasks 10 h/day
    result = price(assumptions, us_east_1, Service("web", 0.5, 1, bands=bands))
    # band 1: 4 × 420 = 1,680 task-hours: vCPU 1680 × 0.5 × $0.04048 = $34.0032, memory 1680 × 1 ×
    # $0.004445 = $7.4676; band 2: 10 × 300 = 3,000 task-hours: $60.72 and $13.335
    assert line(result, "vCPU", "4 tasks × 420 h").monthly_usd == pytest.approx(34.0032)
    assert line(result, "memory", "4 tasks × 420 h").monthly_usd == pytest.approx(7.4676)
    assert line(result, "vCPU", "10 tasks × 300 h").monthly_usd == pytest.approx(60.72)
    assert line(result, "memory", "10 tasks × 300 h").monthly_usd == pytest.approx(13.335)
    assert len(result.line_items) == 4
    assert result.monthly_usd == pytest.approx(34.0032 + 7.4676 + 60.72 + 13.335)


def test_cron_job_shorter_than_a_minute_is_billed_the_one_minute_minimum(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # every 10 minutes for 30 days = 4,320 runs of 20 s, 0.25 vCPU / 0.5 GB
    job = Service("cron", 0.25, 0.5, runs=RunSchedule(4320, 20))
    result = price(assumptions, us_east_1, job)
    # actual: 4320 × 20 s / 3600 = 24 task-hours: vCPU 24 × 0.25 × $0.04048 = $0.24288,
    # memory 24 × 0.5 × $0.004445 = $0.05334
    assert line(result, "vCPU-hours as requested").monthly_usd == pytest.approx(0.24288)
    assert line(result, "memory GB-hours as requested").monthly_usd == pytest.approx(0.05334)
    # minimum: each run billed 60 s, so 4320 × 40 s / 3600 = 48 more task-hours:
    # vCPU 48 × 0.25 × $0.04048 = $0.48576, memory 48 × 0.5 × $0.004445 = $0.10668
    vcpu_min = line(result, "vCPU-hours billed by the one-minute minimum")
    assert vcpu_min.quantity == pytest.approx(12)
    assert vcpu_min.monthly_usd == pytest.approx(0.48576)
    assert line(result, "memory GB-hours billed by the one-minute minimum").monthly_usd == pytest.approx(
        0.10668
    )
    # in all 72 billed task-hours × (0.25 × $0.04048 + 0.5 × $0.004445) = 72 × $0.0123425 = $0.88866
    assert result.monthly_usd == pytest.approx(0.88866)


def test_windows_runs_are_billed_at_least_15_minutes(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    job = Service("report", 1, 2, os=OS.WINDOWS, runs=RunSchedule(100, 300))
    result = price(assumptions, us_east_1, job)
    # 100 runs × 300 s billed as 900 s: 100 × 600 s / 3600 = 16.667 extra task-hours, 25 billed in all;
    # 25 × (1 × $0.046552 + 2 × $0.00511175 + 1 × $0.046 licence) = 25 × $0.1027755 = $2.5693875
    licence_min = line(result, "OS licence", "15-minute minimum")
    assert licence_min.quantity == pytest.approx(100 * 600 / 3600)
    assert result.monthly_usd == pytest.approx(2.5693875)


def test_runs_longer_than_a_minute_have_no_minimum_line(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(assumptions, us_east_1, Service("batch", 1, 2, runs=RunSchedule(100, 360)))
    # 100 × 360 s = 10 task-hours: 10 × $0.04048 + 20 × $0.004445 = $0.4048 + $0.0889 = $0.4937
    assert not [i for i in result.line_items if "minimum" in i.item]
    assert result.monthly_usd == pytest.approx(0.4937)


def test_arch_any_picks_arm_where_it_is_cheaper_and_says_so(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(assumptions, us_east_1, Service("web", 1, 2, arch=Arch.ANY))
    # ARM $23.6374 + $5.1976 = $28.835 < x86 $29.5504 + $6.4897 = $36.0401
    assert result.monthly_usd == pytest.approx(28.835)
    assert all("Linux/ARM" in i.item for i in result.line_items)
    (warning,) = result.warnings
    assert "Linux/ARM" in warning
    assert "$7.21/month less than Linux/x86" in warning


def test_arch_any_falls_back_to_x86_where_arm_has_no_rate(assumptions: Assumptions, without_rates) -> None:
    arm = ("fargate_linux_arm_vcpu", "fargate_linux_arm_memory")
    eu_central_1 = without_rates(load_catalog("snapshot", "eu-central-1"), *arm)
    result = price(assumptions, eu_central_1, Service("web", 1, 2, arch=Arch.ANY))
    # 730 × $0.04656 = $33.9888; 1460 × $0.00511 = $7.4606
    assert result.monthly_usd == pytest.approx(33.9888 + 7.4606)
    assert any("no Fargate Linux/ARM vCPU rate for eu-central-1" in w for w in result.warnings)


def test_public_ipv4_is_charged_per_task_hour(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(
        assumptions, us_east_1, Service("web", 1, 2, bands=(UsageBand(2),)), addons=AddOns(public_ipv4=True)
    )
    ip = line(result, "public IPv4")
    # 2 tasks × 730 h = 1,460 IP-hours × $0.005 = $7.30
    assert ip.quantity == 1460
    assert ip.monthly_usd == pytest.approx(7.30)
    assert result.monthly_usd == pytest.approx(2 * (29.5504 + 6.4897) + 7.30)


def test_savings_plan_with_a_user_set_discount(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    sp = replace(assumptions, fargate_savings_plan_1y_discount=0.2)
    result = price(sp, us_east_1, Service("web", 1, 2, storage_gb=50), purchase=Purchase.SAVINGS_PLAN_1Y)
    # ($29.5504 + $6.4897) × 0.8 = $28.83208, storage on-demand $2.4309
    assert result.monthly_usd == pytest.approx(28.83208 + 2.4309)
    assert line(result, "vCPU").confidence is Confidence.ASSUMPTION
    assert any("fargate_savings_plan_1y_discount=0.2" in w for w in result.warnings)


def test_savings_plan_leaves_the_windows_licence_on_demand(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    sp = replace(assumptions, fargate_savings_plan_1y_discount=0.2)
    result = price(sp, us_east_1, Service("iis", 1, 2, os=OS.WINDOWS), purchase=Purchase.SAVINGS_PLAN_1Y)
    # ($33.98296 + $7.463155) × 0.8 = $33.156892, licence $33.58 undiscounted
    assert line(result, "OS licence").rate_usd == 0.046
    assert result.monthly_usd == pytest.approx(33.156892 + 33.58)
    assert any("licence is priced on-demand" in w for w in result.warnings)


# --- EKS on Fargate ----------------------------------------------------------------------------


def test_eks_pod_adds_256_mb_then_rounds_1_vcpu_2_gb_to_3_gb(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(assumptions, us_east_1, Service("web", 1, 2), platform=EKS)
    assert result.capacity.task_sizes == {"web": (1.0, 3.0)}
    overhead = line(result, "Kubernetes components")
    # 730 h × 0.25 GB × $0.004445 = $0.8112125
    assert overhead.quantity == pytest.approx(182.5)
    assert overhead.monthly_usd == pytest.approx(0.8112125)
    # 2.25 GB rounds to 3 GB: 730 × 0.75 × $0.004445 = $2.4336375
    assert line(
        result, "memory GB-hours added by rounding up to the 1 vCPU / 3 GB"
    ).monthly_usd == pytest.approx(2.4336375)
    # control plane 730 cluster-hours × $0.10 = $73.00
    assert line(result, "EKS control plane").monthly_usd == pytest.approx(73.0)
    assert result.monthly_usd == pytest.approx(
        29.5504 + 6.4897 + 0.8112125 + 2.4336375 + 73.0 + COREDNS_MONTHLY
    )


def test_eks_overhead_can_push_a_pod_to_more_vcpu(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # AWS's own example: 1 vCPU / 8 GB + 256 MB has no 1 vCPU size, so it runs as 2 vCPU / 9 GB
    result = price(assumptions, us_east_1, Service("big", 1, 8), platform=EKS)
    assert result.capacity.task_sizes == {"big": (2.0, 9.0)}
    # vCPU rounding 730 × 1 × $0.04048 = $29.5504; memory rounding 730 × 0.75 × $0.004445
    assert line(result, "vCPU-hours added by rounding").monthly_usd == pytest.approx(29.5504)
    assert line(result, "memory GB-hours added by rounding").monthly_usd == pytest.approx(2.4336375)


def test_eks_request_that_fits_exactly_after_the_overhead(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    result = price(assumptions, us_east_1, Service("tiny", 0.25, 0.25), platform=EKS)
    assert result.capacity.task_sizes == {"tiny": (0.25, 0.5)}
    assert not [i for i in result.line_items if "rounding" in i.item and i.service != COREDNS]


def test_eks_arch_any_runs_on_x86_and_cluster_share_scales_the_control_plane(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    shared = replace(assumptions, eks_cluster_share=0.5)
    result = price(shared, us_east_1, Service("web", 1, 2, arch=Arch.ANY), platform=EKS)
    assert all("Linux/x86" in i.item for i in result.line_items if i.service)
    # 365 cluster-hours × $0.10 = $36.50
    assert line(result, "EKS control plane").monthly_usd == pytest.approx(36.5)


def test_eks_has_no_public_ipv4_per_pod(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(
        assumptions, us_east_1, Service("web", 1, 2), platform=EKS, addons=AddOns(public_ipv4=True)
    )
    assert not [i for i in result.line_items if "IPv4" in i.item]
    assert any("private subnets" in w for w in result.warnings)


# --- infeasible options keep their reasons -----------------------------------------------------


@pytest.mark.parametrize(
    ("service", "platform", "purchase", "reason"),
    [
        pytest.param(Service("s", 17, 34), ECS, Purchase.ON_DEMAND, "17 vCPU is above", id="over-16-vcpu"),
        pytest.param(Service("s", 16, 121), ECS, Purchase.ON_DEMAND, "121 GB of memory", id="over-120-gb"),
        pytest.param(
            Service("s", 16, 120),
            EKS,
            Purchase.ON_DEMAND,
            "256 MB pod overhead",
            id="eks-overhead-over-120-gb",
        ),
        pytest.param(
            Service("s", 8, 16, os=OS.WINDOWS),
            ECS,
            Purchase.ON_DEMAND,
            "Windows Fargate",
            id="windows-8-vcpu",
        ),
        pytest.param(Service("s", 1, 2, gpu_count=1), ECS, Purchase.ON_DEMAND, "GPU", id="gpu"),
        pytest.param(
            Service("s", 1, 2, privileged=True), EKS, Purchase.ON_DEMAND, "privileged", id="privileged"
        ),
        pytest.param(Service("s", 1, 2, daemon=True), ECS, Purchase.ON_DEMAND, "DAEMON", id="ecs-daemon"),
        pytest.param(
            Service("s", 1, 2, daemon=True), EKS, Purchase.ON_DEMAND, "DaemonSets", id="eks-daemonset"
        ),
        pytest.param(
            Service("s", 1, 2, network_mode=NetworkMode.HOST),
            ECS,
            Purchase.ON_DEMAND,
            "host",
            id="host-network",
        ),
        pytest.param(
            Service("s", 1, 2, os=OS.WINDOWS, spot_ok=True), ECS, Purchase.SPOT, "Windows", id="spot-windows"
        ),
        pytest.param(Service("s", 1, 2), ECS, Purchase.SPOT, "not marked spot_ok", id="spot-not-ok"),
        pytest.param(Service("s", 1, 2, spot_ok=True), EKS, Purchase.SPOT, "no Spot", id="eks-spot"),
        pytest.param(Service("s", 1, 2, os=OS.WINDOWS), EKS, Purchase.ON_DEMAND, "Windows", id="eks-windows"),
        pytest.param(Service("s", 1, 2, arch=Arch.ARM64), EKS, Purchase.ON_DEMAND, "ARM64", id="eks-arm"),
        pytest.param(Service("s", 1, 2, storage_gb=180), EKS, Purchase.ON_DEMAND, "175 GB", id="eks-storage"),
        pytest.param(
            Service("s", 1, 2),
            ECS,
            Purchase.SAVINGS_PLAN_1Y,
            "set the fargate_savings_plan_1y_discount assumption",
            id="savings-plan-without-rate",
        ),
    ],
)
def test_infeasible_with_a_reason(
    *,
    us_east_1: PriceCatalog,
    assumptions: Assumptions,
    service: Service,
    platform: Platform,
    purchase: Purchase,
    reason: str,
) -> None:
    result = price(assumptions, us_east_1, service, platform=platform, purchase=purchase)
    assert not result.feasible
    assert result.line_items == ()
    assert any(reason in r for r in result.reasons), result.reasons


def test_missing_rates_become_reasons_never_guesses(assumptions: Assumptions, without_rates) -> None:
    windows = ("fargate_windows_vcpu", "fargate_windows_memory", "fargate_windows_os_license")
    eu_west_1 = without_rates(
        load_catalog("snapshot", "eu-west-1"), *windows, "fargate_ephemeral_storage_over_20gb"
    )
    result = price(
        assumptions, eu_west_1, Service("iis", 1, 2, os=OS.WINDOWS), Service("etl", 1, 2, storage_gb=40)
    )
    assert not result.feasible
    assert result.reasons == (
        "no Fargate Windows vCPU rate for eu-west-1 in the snapshot — refresh live",
        "no Fargate ephemeral storage rate for eu-west-1 in the snapshot — refresh live",
    )


def test_a_missing_addon_rate_makes_the_option_incomplete_not_free(
    assumptions: Assumptions, us_east_1: PriceCatalog, without_rates
) -> None:
    catalog = without_rates(us_east_1, "alb_hour")
    result = price(assumptions, catalog, Service("web", 1, 2), addons=AddOns(alb_count=1))
    assert result.feasible
    assert (result.completeness, result.missing) == ("incomplete", ("Application Load Balancer hour",))
    # Only the task is priced: 730 vCPU-h × $0.04048 + 1460 GB-h × $0.004445 = $36.04
    assert result.monthly_usd == pytest.approx(36.0401, abs=1e-4)
    assert any(w.startswith("incomplete, no us-east-1 rate") for w in result.warnings)


def test_control_plane_is_priced_in_every_commercial_region(assumptions: Assumptions) -> None:
    # AWS charges one rate everywhere: 730 h × $0.10 = $73.00 per cluster-month (eu-west-1).
    result = price(assumptions, load_catalog("snapshot", "eu-west-1"), Service("web", 1, 2), platform=EKS)
    plane = [i for i in result.line_items if "control plane" in i.item]
    assert [(i.quantity, i.rate_usd, round(i.monthly_usd, 2)) for i in plane] == [(730, 0.10, 73.0)]
    assert "aws.amazon.com/eks/pricing" in plane[0].source


def test_every_service_reason_is_kept(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    result = price(assumptions, us_east_1, Service("a", 1, 2, gpu_count=1), Service("b", 32, 64))
    assert len(result.reasons) == 2
    assert result.reasons[0].startswith("a: ")
    assert result.reasons[1].startswith("b: ")


def test_only_fargate_platforms(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    with pytest.raises(ValueError, match="Fargate platforms only"):
        price(assumptions, us_east_1, Service("a", 1, 2), platform=Platform.ECS_EC2)


# --- the task-size table -------------------------------------------------------------------------


def test_table_matches_the_documented_ranges() -> None:
    rows = {vcpu: (memories[0], memories[-1], len(memories)) for vcpu, memories in LINUX_TASK_SIZES}
    assert rows == {
        0.25: (0.5, 2.0, 3),
        0.5: (1.0, 4.0, 4),
        1.0: (2.0, 8.0, 7),
        2.0: (4.0, 16.0, 13),
        4.0: (8.0, 30.0, 23),
        8.0: (16.0, 60.0, 12),  # 4 GB steps
        16.0: (32.0, 120.0, 12),  # 8 GB steps
    }
    assert [vcpu for vcpu, _ in WINDOWS_TASK_SIZES] == [1.0, 2.0, 4.0]
    assert len(valid_sizes(OS.LINUX)) == 74


@pytest.mark.parametrize(
    ("vcpu", "memory", "expected"),
    [
        pytest.param(0.1, 0.1, (0.25, 0.5), id="tiny-to-smallest"),
        pytest.param(0.25, 0.5, (0.25, 0.5), id="0.25vcpu-min"),
        pytest.param(0.25, 0.51, (0.25, 1.0), id="0.25vcpu-above-0.5gb"),
        pytest.param(0.25, 1.01, (0.25, 2.0), id="0.25vcpu-above-1gb"),
        pytest.param(0.25, 2.0, (0.25, 2.0), id="0.25vcpu-max"),
        pytest.param(0.25, 2.01, (0.5, 3.0), id="0.25vcpu-over-max"),
        pytest.param(0.26, 0.5, (0.5, 1.0), id="above-0.25vcpu"),
        pytest.param(0.5, 4.0, (0.5, 4.0), id="0.5vcpu-max"),
        pytest.param(0.5, 4.01, (1.0, 5.0), id="0.5vcpu-over-max"),
        pytest.param(0.51, 1.0, (1.0, 2.0), id="above-0.5vcpu"),
        pytest.param(1.0, 2.0, (1.0, 2.0), id="1vcpu-min"),
        pytest.param(1.0, 2.5, (1.0, 3.0), id="1vcpu-1gb-step"),
        pytest.param(1.0, 8.0, (1.0, 8.0), id="1vcpu-max"),
        pytest.param(1.0, 8.01, (2.0, 9.0), id="1vcpu-over-max"),
        pytest.param(1.01, 1.0, (2.0, 4.0), id="above-1vcpu"),
        pytest.param(2.0, 16.0, (2.0, 16.0), id="2vcpu-max"),
        pytest.param(2.0, 16.5, (4.0, 17.0), id="2vcpu-over-max"),
        pytest.param(2.01, 4.0, (4.0, 8.0), id="above-2vcpu"),
        pytest.param(4.0, 30.0, (4.0, 30.0), id="4vcpu-max"),
        pytest.param(4.0, 30.1, (8.0, 32.0), id="4vcpu-over-max"),
        pytest.param(4.01, 8.0, (8.0, 16.0), id="above-4vcpu"),
        pytest.param(8.0, 16.1, (8.0, 20.0), id="8vcpu-4gb-step"),
        pytest.param(8.0, 60.0, (8.0, 60.0), id="8vcpu-max"),
        pytest.param(8.0, 60.1, (16.0, 64.0), id="8vcpu-over-max"),
        pytest.param(8.01, 16.0, (16.0, 32.0), id="above-8vcpu"),
        pytest.param(16.0, 32.1, (16.0, 40.0), id="16vcpu-8gb-step"),
        pytest.param(16.0, 120.0, (16.0, 120.0), id="largest"),
        pytest.param(0.1 + 0.2, 0.1 + 0.4, (0.5, 1.0), id="float-noise-0.3vcpu-0.5gb"),
    ],
)
def test_linux_rounding_boundaries(vcpu: float, memory: float, expected: tuple[float, float]) -> None:
    assert fargate_size(vcpu, memory, OS.LINUX) == expected


@pytest.mark.parametrize(
    ("vcpu", "memory", "expected"),
    [
        pytest.param(0.25, 0.5, (1.0, 2.0), id="below-1vcpu-minimum"),
        pytest.param(0.5, 4.0, (1.0, 4.0), id="0.5vcpu-4gb"),
        pytest.param(1.0, 8.5, (2.0, 9.0), id="1vcpu-over-max"),
        pytest.param(2.0, 17.0, (4.0, 17.0), id="2vcpu-over-max"),
        pytest.param(4.0, 30.0, (4.0, 30.0), id="largest"),
    ],
)
def test_windows_rounding_boundaries(vcpu: float, memory: float, expected: tuple[float, float]) -> None:
    assert fargate_size(vcpu, memory, OS.WINDOWS) == expected


@pytest.mark.parametrize(
    ("vcpu", "memory", "os", "message"),
    [
        pytest.param(
            16.01, 32, OS.LINUX, "16.01 vCPU is above the largest Fargate task size (16 vCPU / 120 GB)"
        ),
        pytest.param(16, 120.5, OS.LINUX, "120.5 GB of memory is above the largest Fargate task size"),
        pytest.param(4.5, 8, OS.WINDOWS, "above the largest Windows Fargate task size (4 vCPU / 30 GB)"),
        pytest.param(4, 31, OS.WINDOWS, "31 GB of memory is above the largest Windows Fargate task size"),
    ],
)
def test_no_size_above_the_table(vcpu: float, memory: float, os: OS, message: str) -> None:
    with pytest.raises(NoFargateSize, match=message.replace("(", r"\(").replace(")", r"\)")):
        fargate_size(vcpu, memory, os)
