"""Turn an on-demand rate into the rate paid under a purchase option.

A real rate always wins: a type's own Spot rate (the snapshot's, from AWS's Spot Instance
Advisor feed, or a live refresh's Spot price history) and live Savings Plans offering rates.
Otherwise the editable assumption applies, and the result says so: its confidence is
`assumption` and its note names the discount and the on-demand rate it was applied to.
Spot fleets also leave out types AWS reports as interrupted more often than the
`spot_max_interruption_pct` assumption allows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor.model.costs import Capacity
from advisor.model.prices import INTERRUPTION_BANDS, Confidence, NoPurchaseRate, PriceCatalog, Rate
from advisor.model.workload import Assumptions, Purchase


@dataclass(frozen=True, slots=True)
class EffectiveRate:
    """The unit price actually paid, with where it came from."""

    usd: float
    note: str
    source: str
    as_of: str
    confidence: Confidence
    usage_type: str = ""


def _from_rate(rate: Rate, note: str) -> EffectiveRate:
    return EffectiveRate(rate.usd, note, rate.source, rate.as_of, rate.confidence, rate.usage_type)


def _assumed(rate: Rate, purchase: Purchase, field_name: str, assumptions: Assumptions) -> EffectiveRate:
    discount: float | None = getattr(assumptions, field_name)
    if discount is None:
        raise NoPurchaseRate(purchase.value, field_name)
    label = _LABEL[purchase]
    return EffectiveRate(
        usd=rate.usd * (1.0 - discount),
        note=f"{label}: assumption {discount:.0%} off on-demand ${rate.usd:g} ({field_name})",
        source=f"assumption {field_name}={discount:g} applied to: {rate.source}",
        as_of=rate.as_of,
        confidence=Confidence.ASSUMPTION,
        usage_type=rate.usage_type,
    )


EC2_DISCOUNT_FIELD = {
    Purchase.SPOT: "ec2_spot_discount",
    Purchase.SAVINGS_PLAN_1Y: "savings_plan_1y_discount",
    Purchase.SAVINGS_PLAN_3Y: "savings_plan_3y_discount",
}
_FARGATE_DISCOUNT_FIELD = {
    Purchase.SPOT: "fargate_spot_discount",
    Purchase.SAVINGS_PLAN_1Y: "fargate_savings_plan_1y_discount",
    Purchase.SAVINGS_PLAN_3Y: "fargate_savings_plan_3y_discount",
}
_LABEL = {
    Purchase.SPOT: "Spot",
    Purchase.SAVINGS_PLAN_1Y: "Compute Savings Plan 1y",
    Purchase.SAVINGS_PLAN_3Y: "Compute Savings Plan 3y",
}


def ec2_rate(
    catalog: PriceCatalog,
    instance_type: str,
    os: str,
    purchase: Purchase,
    assumptions: Assumptions,
) -> EffectiveRate:
    """Hourly rate of one instance under `purchase`.

    Raises PriceNotFound without an on-demand price, NoPurchaseRate when neither a live rate
    nor a discount assumption exists for the purchase option.
    """
    ondemand = catalog.ondemand(instance_type, os)
    if purchase is Purchase.ON_DEMAND:
        return _from_rate(ondemand, "on-demand")
    live = (
        catalog.ec2_spot.get(instance_type)
        if purchase is Purchase.SPOT and os == "linux"
        else catalog.savings_plan_rates.get(f"{purchase.value}:{instance_type}:{os}")
    )
    if live is not None:
        return _from_rate(live, _real_rate_note(purchase, live))
    return _assumed(ondemand, purchase, EC2_DISCOUNT_FIELD[purchase], assumptions)


def _real_rate_note(purchase: Purchase, rate: Rate) -> str:
    """'Spot rate, interruption 15-20%' for a feed rate; '(live rate)' for one fetched live."""
    if rate.interruption_band:
        return f"{_LABEL[purchase]} rate, interruption {rate.interruption_band}"
    return f"{_LABEL[purchase]} (live rate)"


def interruption_band(catalog: PriceCatalog, instance_type: str) -> str:
    """The type's Spot interruption band in this region ('' when no source gives one)."""
    rate = catalog.ec2_spot.get(instance_type)
    return rate.interruption_band if rate is not None else ""


def spot_band_allowed(
    catalog: PriceCatalog, instance_type: str, purchase: Purchase, assumptions: Assumptions
) -> bool:
    """Whether a fleet may use the type: always, except Spot beyond `spot_max_interruption_pct`.

    A type with no known band (no feed entry, or a live price) stays usable; its rate then
    says where it came from.
    """
    if purchase is not Purchase.SPOT:
        return True
    band = interruption_band(catalog, instance_type)
    return not band or INTERRUPTION_BANDS[band] <= assumptions.spot_max_interruption_pct


def service_rate(
    catalog: PriceCatalog, key: str, purchase: Purchase, assumptions: Assumptions
) -> EffectiveRate:
    """Per-unit Fargate rate under `purchase` (PriceNotFound if the on-demand rate is missing).

    Only compute dimensions are discounted by Spot and Savings Plans; callers pass
    on-demand for storage and other dimensions that no purchase option covers.
    """
    ondemand = catalog.rate(key)
    if purchase is Purchase.ON_DEMAND:
        return _from_rate(ondemand, "on-demand")
    live = catalog.rates.get(f"{purchase.value}:{key}")
    if live is not None:
        return _from_rate(live, f"{_LABEL[purchase]} (live rate)")
    return _assumed(ondemand, purchase, _FARGATE_DISCOUNT_FIELD[purchase], assumptions)


def with_interruption_bands(capacity: Capacity, catalog: PriceCatalog, purchase: Purchase) -> Capacity:
    """A Spot fleet's capacity with each type's interruption band, so it shows beside the counts."""
    if purchase is not Purchase.SPOT:
        return capacity
    return replace(
        capacity,
        fleet=tuple(
            replace(entry, interruption_band=interruption_band(catalog, entry.instance_type))
            for entry in capacity.fleet
        ),
    )
