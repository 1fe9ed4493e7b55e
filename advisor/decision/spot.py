"""What a Spot option risks and what its price rests on, in words the reports show.

Spot is only ever priced for Spot-tolerant services (the cost models rule it out otherwise,
`spot_ok`), so a Spot recommendation is always for services that said they can be
interrupted; these reasons say how often and on what the price stands.
"""

from __future__ import annotations

import re

from advisor.model.costs import CostBreakdown
from advisor.model.prices import INTERRUPTION_BANDS, Confidence
from advisor.model.workload import Purchase

NOTICE = "two minutes' notice"
"""EC2 Spot interruption notices and Fargate Spot task stops both come two minutes ahead
(EC2 User Guide, "Spot Instance interruption notices"; ECS Developer Guide, "Fargate Spot")."""

FARGATE_BAND = "not published"


def interruption_text(result: CostBreakdown) -> str:
    """The option's interruption bands: 'm7a.medium <5%, r6a.large 5-10%' for a Spot fleet,
    'not published' for Fargate Spot, '' for an option that is not Spot."""
    if result.purchase is not Purchase.SPOT or not result.feasible:
        return ""
    if not result.capacity.fleet:
        return FARGATE_BAND
    return ", ".join(
        f"{entry.instance_type} {entry.interruption_band or 'not in the feed'}"
        for entry in result.capacity.fleet
    )


def worst_band_pct(result: CostBreakdown) -> float | None:
    """The highest interruption frequency (%) of the fleet's bands (None: none known)."""
    bands = [INTERRUPTION_BANDS[e.interruption_band] for e in result.capacity.fleet if e.interruption_band]
    return max(bands) if bands else None


def risk_message(result: CostBreakdown) -> str:
    """How often the capacity is reclaimed, as AWS reports it."""
    if not result.capacity.fleet:
        return (
            f"Fargate Spot tasks can be stopped at {NOTICE} when AWS needs the capacity back; "
            "AWS publishes no interruption frequency for Fargate Spot."
        )
    return (
        f"Spot instances can be reclaimed at {NOTICE}; AWS's Spot Instance Advisor puts the "
        f"interruption frequency over the prior month at {interruption_text(result)}."
    )


def price_basis(result: CostBreakdown) -> str:
    """What the Spot price rests on: the feed and its date, live prices, or an assumption."""
    spot = [i for i in result.line_items if "[Spot" in i.item]
    measured = sorted(
        {
            f"{re.split(r' [(]|:', i.source)[0]} (as of {i.as_of})"
            for i in spot
            if i.confidence is not Confidence.ASSUMPTION
        }
    )
    assumed = sorted(
        {i.source.split(" applied to")[0] for i in spot if i.confidence is Confidence.ASSUMPTION}
    )
    parts = [*measured, *(f"the {a} (not a published rate)" for a in assumed)]
    return "Its Spot price rests on " + " and ".join(parts) + "." if parts else ""
