"""The management fee of ECS Managed Instances and EKS Auto Mode as a break-even: below which
assumed fee a managed platform would be the cheapest option (dimension `management_fee`).

Only while the fee is the `management_fee_fraction` assumption: a live fee is a price, not a
dial. Against self-managed EC2 the fee is the whole difference for the same fleet, which the
fee line items already show.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.costing.managed import MANAGED, is_assumed_fee
from advisor.decision.break_even import BreakEven
from advisor.decision.option_names import option_name
from advisor.engine import estimate
from advisor.model.costs import CostBreakdown
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Workload


def fee_analysis(
    workload: Workload, catalog: PriceCatalog, results: tuple[CostBreakdown, ...]
) -> list[BreakEven]:
    """The management fee below which ECS Managed Instances or EKS Auto Mode would become the
    cheapest option, where the fee is the `management_fee_fraction` assumption.

    Holding the fleet, cost is affine in the fraction: pricing the managed options without a
    fee gives each one's line through its cost at the assumed fraction. `results` is the
    workload's own estimate.
    """
    fraction = workload.assumptions.management_fee_fraction
    managed = tuple(p for p in workload.platforms if p in MANAGED)
    feasible = [r for r in results if r.feasible]
    current = min(feasible, key=lambda r: r.monthly_usd) if feasible else None
    if not managed or fraction <= 0 or current is None or current.platform in MANAGED:
        return []
    free = replace(workload.assumptions, management_fee_fraction=0.0)
    without = {
        r.option_id: r for r in estimate(replace(workload, assumptions=free, platforms=managed), catalog)
    }
    flips = []
    for a in results:
        b = without.get(a.option_id)
        if not a.feasible or b is None or not b.feasible or not any(map(is_assumed_fee, a.line_items)):
            continue
        fee_usd = a.monthly_usd - b.monthly_usd
        needed = fraction * (current.monthly_usd - b.monthly_usd) / fee_usd if fee_usd > 0 else -1.0
        if 0 < needed < fraction:
            flips.append(
                BreakEven(
                    "management_fee",
                    round(needed, 4),
                    current.option_id,
                    a.option_id,
                    f"With a management fee below {needed:.1%} of the On-Demand price (assumed "
                    f"{fraction:.0%}), {option_name(a)} becomes cheaper than {option_name(current)}.",
                )
            )
    return flips
