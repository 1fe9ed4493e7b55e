"""Price a workload on every (platform, purchase) option it asks for.

The single entry point the CLI, the app, the batch reports and the recommender use, so every
surface shows the same numbers.
"""

from __future__ import annotations

import math

from advisor.costing.ecs_ec2 import price_ecs_ec2
from advisor.costing.eks import price_eks_ec2
from advisor.costing.fargate import price_fargate
from advisor.costing.managed import MANAGED, price_managed
from advisor.model.costs import CostBreakdown
from advisor.model.prices import PriceCatalog, PricingError
from advisor.model.workload import Platform, Purchase, Workload


class CostOverflow(PricingError):
    """An option whose cost is not a finite number (a rate or quantity far out of range)."""

    def __init__(self, option: str) -> None:
        super().__init__(
            f"{option}: the monthly cost overflows (not a finite number); check the sizes, counts "
            "and add-ons against the README's Limits, and the price source"
        )


class RegionMismatch(ValueError):
    """The catalog was loaded for another region than the workload's."""


def price_option(
    workload: Workload, catalog: PriceCatalog, platform: Platform, purchase: Purchase
) -> CostBreakdown:
    """One option's cost breakdown (infeasible options carry their reasons)."""
    if catalog.region != workload.region:
        raise RegionMismatch(f"catalog is for {catalog.region}, workload for {workload.region}")
    if platform is Platform.ECS_EC2:
        result = price_ecs_ec2(workload, catalog, purchase)
    elif platform is Platform.EKS_EC2:
        result = price_eks_ec2(workload, catalog, purchase)
    elif platform in MANAGED:
        result = price_managed(workload, catalog, platform, purchase)
    else:
        result = price_fargate(workload, catalog, platform, purchase)
    if not math.isfinite(result.monthly_usd):
        raise CostOverflow(result.option_id)
    return result


def estimate(workload: Workload, catalog: PriceCatalog) -> tuple[CostBreakdown, ...]:
    """Every requested option, feasible ones cheapest first, then the infeasible ones.

    Ties keep the order of the workload's platforms and purchases (a stable sort), so
    output is reproducible.
    """
    results = [
        price_option(workload, catalog, platform, purchase)
        for platform in workload.platforms
        for purchase in workload.purchases
    ]
    return tuple(sorted(results, key=lambda r: (not r.feasible, r.monthly_usd if r.feasible else 0.0)))
