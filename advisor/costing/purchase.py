"""Turn an on-demand rate into the rate paid under a purchase option.

A real rate from a live refresh (Spot price history, Savings Plans offering rates) always
wins; otherwise the editable assumption applies, and the result says so: its confidence is
`assumption` and its note names the discount and the on-demand rate it was applied to.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model.prices import Confidence, NoPurchaseRate, PriceCatalog, Rate
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


_EC2_DISCOUNT_FIELD = {
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
        return _from_rate(live, f"{_LABEL[purchase]} (live rate)")
    return _assumed(ondemand, purchase, _EC2_DISCOUNT_FIELD[purchase], assumptions)


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
