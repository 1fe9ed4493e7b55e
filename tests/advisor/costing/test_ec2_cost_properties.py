"""Properties of the EC2-backed options (ECS on EC2, EKS on EC2) for every input.

Asking for more — tasks, vCPU, memory, hours — never makes an estimate cheaper, and the
line items account for exactly the fleet that was packed.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.costing.node_types import EBS_KEY
from advisor.engine import price_option
from advisor.model.costs import CostBreakdown
from advisor.model.prices import HOURS_PER_MONTH, PriceCatalog
from advisor.model.workload import Arch, Assumptions, Platform, Purchase, Service, UsageBand, Workload

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
EC2_PLATFORMS = (Platform.ECS_EC2, Platform.EKS_EC2)


@st.composite
def services(draw: st.DrawFn) -> Service:
    return Service(
        name="svc",
        vcpu=draw(st.sampled_from([0.125, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 8.0])),
        memory_gib=draw(st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 8.0, 16.0, 30.0])),
        bands=(UsageBand(draw(st.integers(0, 60)), draw(st.floats(1.0, 730.0))),),
        arch=draw(st.sampled_from(list(Arch))),
        cpu_util=draw(st.none() | st.floats(0.05, 1.0)),
        spot_ok=True,
    )


def cost(
    service: Service, catalog: PriceCatalog, assumptions: Assumptions, platform: Platform, purchase: Purchase
) -> CostBreakdown:
    workload = Workload(
        services=(service,),
        region="us-east-1",
        assumptions=assumptions,
        platforms=(platform,),
        purchases=(purchase,),
    )
    return price_option(workload, catalog, platform, purchase)


def assert_not_cheaper(small: CostBreakdown, big: CostBreakdown) -> None:
    if not small.feasible:
        # Whatever rules the smaller request out also rules the bigger one out.
        assert not big.feasible, f"{big.option_id}: feasible for more but not for less ({small.reasons})"
    elif big.feasible:
        assert big.monthly_usd >= small.monthly_usd - 1e-9, f"{big.option_id} got cheaper"


def grow(
    service: Service, *, tasks: int = 0, vcpu: float = 1.0, memory: float = 0.0, hours: float = 0.0
) -> Service:
    (band,) = service.bands
    return replace(
        service,
        vcpu=service.vcpu * vcpu,
        memory_gib=service.memory_gib + memory,
        bands=(UsageBand(band.tasks + tasks, min(730.0, band.hours_per_month + hours)),),
    )


@pytest.mark.parametrize("platform", EC2_PLATFORMS)
@pytest.mark.parametrize("purchase", [Purchase.ON_DEMAND, Purchase.SPOT])
@SETTINGS
@given(
    service=services(),
    more_tasks=st.integers(0, 40),
    vcpu_factor=st.floats(1.0, 4.0),
    more_memory=st.floats(0.0, 16.0),
    more_hours=st.floats(0.0, 730.0),
)
def test_more_of_anything_never_costs_less(  # noqa: PLR0917 - hypothesis draws each one
    us_east_1: PriceCatalog,
    assumptions: Assumptions,
    platform: Platform,
    purchase: Purchase,
    service: Service,
    more_tasks: int,
    vcpu_factor: float,
    more_memory: float,
    more_hours: float,
) -> None:
    base = cost(service, us_east_1, assumptions, platform, purchase)
    for bigger in (
        grow(service, tasks=more_tasks),
        grow(service, vcpu=vcpu_factor),
        grow(service, memory=more_memory),
        grow(service, hours=more_hours),
        grow(service, tasks=more_tasks, vcpu=vcpu_factor, memory=more_memory, hours=more_hours),
    ):
        assert_not_cheaper(base, cost(bigger, us_east_1, assumptions, platform, purchase))


@pytest.mark.parametrize("platform", EC2_PLATFORMS)
@SETTINGS
@given(service=services())
def test_line_items_add_up_to_the_total_and_bill_the_packed_fleet(
    us_east_1: PriceCatalog, assumptions: Assumptions, platform: Platform, service: Service
) -> None:
    result = cost(service, us_east_1, assumptions, platform, Purchase.ON_DEMAND)
    if not result.feasible:
        return
    assert math.fsum(i.quantity * i.rate_usd for i in result.line_items) == pytest.approx(result.monthly_usd)
    (band,) = service.bands
    nodes = sum(entry.count for entry in result.capacity.fleet)
    billed = sum(i.quantity for i in result.line_items if i.unit == "instance-hour")
    scaling = (assumptions.ec2_scale_out_seconds + assumptions.ec2_scale_in_seconds) / 3600
    hours = band.hours_per_month if band.hours_per_month >= HOURS_PER_MONTH else HOURS_PER_MONTH
    hours = min(hours, band.hours_per_month + scaling)  # scaling time when it does not run all month
    assert billed == pytest.approx(nodes * hours)
    tasks_placed = sum(round(entry.tasks_per_instance * entry.count) for entry in result.capacity.fleet)
    assert tasks_placed == band.tasks
    ebs = [i for i in result.line_items if i.rate_usd == us_east_1.rate(EBS_KEY).usd and i.unit == "GB-month"]
    if nodes:
        assert ebs[0].quantity == pytest.approx(assumptions.ebs_root_gb * billed / HOURS_PER_MONTH)
