"""The management fee as a break-even, checked by pricing either side of it."""

from __future__ import annotations

from dataclasses import replace

from advisor.decision.fees import fee_analysis
from advisor.engine import estimate
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Platform, Service, UsageBand, Workload


def cheapest(workload: Workload, catalog: PriceCatalog) -> str:
    feasible = [r for r in estimate(workload, catalog) if r.feasible]
    return min(feasible, key=lambda r: r.monthly_usd).option_id


def test_the_assumed_fee_below_which_a_managed_platform_is_cheapest(
    assumptions: Assumptions, us_east_1: PriceCatalog
) -> None:
    workload = Workload(
        (Service("api", 2, 4, bands=(UsageBand(4),)),),
        "us-east-1",
        assumptions,
        platforms=(Platform.ECS_FARGATE, Platform.ECS_MANAGED_INSTANCES),
    )
    (flip,) = fee_analysis(workload, us_east_1, estimate(workload, us_east_1))
    assert (flip.dimension, flip.below, flip.above) == (
        "management_fee",
        "ecs-fargate/on-demand",
        "ecs-managed-instances/on-demand",
    )
    assert flip.description == (
        f"With a management fee below {flip.value:.1%} of the On-Demand price (assumed 12%), "
        "ECS Managed Instances (on-demand) becomes cheaper than ECS on Fargate (on-demand)."
    )
    for fraction, cheapest_id in ((flip.value - 0.001, flip.above), (flip.value + 0.001, flip.below)):
        at = replace(workload, assumptions=replace(assumptions, management_fee_fraction=fraction))
        assert cheapest(at, us_east_1) == cheapest_id
