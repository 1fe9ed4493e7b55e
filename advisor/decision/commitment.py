"""Compute Savings Plans: where a commitment would change the answer, and what to commit.

A Compute Savings Plan covers EC2 instance hours and Fargate vCPU and memory hours alike
(never Spot, storage, the EKS control plane or add-ons), so both analyses apply the plan to
every platform it covers, each at its own on-demand rate less the discount.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor.decision.break_even import BreakEven
from advisor.decision.option_names import PLATFORM_NAMES, PURCHASE_NAMES, option_name
from advisor.engine import estimate, price_option
from advisor.model.costs import CostBreakdown
from advisor.model.prices import HOURS_PER_MONTH, PriceCatalog
from advisor.model.workload import Platform, Purchase, UsageBand, Workload

COMPUTE_SP_MAX_DISCOUNT = 0.66
"""The highest discount AWS publishes for Compute Savings Plans: "up to 66%" off on-demand
(https://aws.amazon.com/savingsplans/compute-pricing/ and the Savings Plans FAQ, read
2026-12-02). A break-even that needs more cannot be bought, so it is not shown."""

_PLAN = Purchase.SAVINGS_PLAN_1Y
_PLAN_TERMS = (Purchase.SAVINGS_PLAN_1Y, Purchase.SAVINGS_PLAN_3Y)


def _with_plan_discount(workload: Workload, discount: float) -> Workload:
    """The workload with the 1-year plan at `discount` on EC2 and on Fargate."""
    assumptions = replace(
        workload.assumptions, savings_plan_1y_discount=discount, fargate_savings_plan_1y_discount=discount
    )
    return replace(workload, assumptions=assumptions, purchases=(_PLAN,))


def commitment_analysis(
    workload: Workload, catalog: PriceCatalog, results: tuple[CostBreakdown, ...]
) -> list[BreakEven]:
    """The plan discounts at which the cheapest option changes, up to AWS's published maximum.

    Every on-demand platform is priced under the plan (cost is linear in the discount, so the
    plan at 0 % and 50 % gives each platform's line); Spot options, which no plan covers,
    stay as they are. The crossings of the cheapest line are exact.
    """
    at_zero = {r.platform: r for r in estimate(_with_plan_discount(workload, 0.0), catalog) if r.feasible}
    at_half = {r.platform: r for r in estimate(_with_plan_discount(workload, 0.5), catalog) if r.feasible}
    lines: dict[str, tuple[float, float]] = {}
    names: dict[str, str] = {}
    for platform, zero in at_zero.items():
        if platform in at_half:
            lines[zero.option_id] = (zero.monthly_usd, 2 * (zero.monthly_usd - at_half[platform].monthly_usd))
            names[zero.option_id] = f"{PLATFORM_NAMES[platform]} with the plan"
    for r in results:
        if r.feasible and r.purchase is Purchase.SPOT:
            lines[r.option_id], names[r.option_id] = (r.monthly_usd, 0.0), option_name(r)
    if len(lines) < 2:
        return []

    def best_at(d: float) -> str:
        return min(lines, key=lambda k: (lines[k][0] - lines[k][1] * d, k))

    crossings = sorted(
        {
            (lines[a][0] - lines[b][0]) / (lines[a][1] - lines[b][1])
            for a in lines
            for b in lines
            if a < b and lines[a][1] != lines[b][1]
        }
    )
    flips = []
    for d in crossings:
        if not 0 < d <= COMPUTE_SP_MAX_DISCOUNT:
            continue
        below, above = best_at(d - 1e-9), best_at(d + 1e-9)
        if below != above:
            flips.append(
                BreakEven(
                    "commitment",
                    round(d, 4),
                    below,
                    above,
                    f"With a Compute Savings Plan discount of {d:.1%} or more on EC2 and Fargate alike, "
                    f"{names[above]} is cheapest; below it, {names[below]} "
                    f"(AWS publishes discounts of up to {COMPUTE_SP_MAX_DISCOUNT:.0%}).",
                )
            )
    return flips


@dataclass(frozen=True, slots=True)
class PlanAdvice:
    """The Compute Savings Plan commitment the steady part of the workload would use fully.

    `steady` describes that part (each service's lowest band, when it runs all month);
    `commitment_usd_per_hour` is what it costs per hour at the plan's rates (what to commit),
    `monthly_savings_usd` what the plan saves on it against on-demand. Infeasible advice
    carries the reason (no rate, no steady part, a Spot recommendation).
    """

    term: Purchase
    platform: Platform
    feasible: bool
    reason: str = ""
    steady: str = ""
    commitment_usd_per_hour: float | None = None
    monthly_savings_usd: float | None = None
    rate: str = ""


def steady_part(workload: Workload) -> Workload | None:
    """Each service at its lowest band all month (None when nothing runs all month).

    A service whose bands leave hours of the month without tasks, and run-based services,
    have no steady part.
    """
    services = []
    for s in workload.services:
        if s.runs is not None or sum(b.hours_per_month for b in s.bands) < HOURS_PER_MONTH - 1e-9:
            continue
        low = min(b.tasks for b in s.bands)
        if low > 0:
            services.append(replace(s, bands=(UsageBand(low, HOURS_PER_MONTH),)))
    return replace(workload, services=tuple(services)) if services else None


def _steady_text(workload: Workload) -> str:
    return ", ".join(f"{s.name} × {s.bands[0].tasks}" for s in workload.services) + " all month"


def plan_advice(
    workload: Workload, catalog: PriceCatalog, recommended: CostBreakdown
) -> tuple[PlanAdvice, ...]:
    """For each plan term, what to commit for the steady part on the recommended platform."""
    out = []
    platform = recommended.platform
    steady = steady_part(workload)
    for term in _PLAN_TERMS:
        label = PURCHASE_NAMES[term]
        if recommended.purchase is Purchase.SPOT:
            out.append(
                PlanAdvice(term, platform, False, "the recommendation runs on Spot, which no plan covers")
            )
            continue
        if steady is None:
            out.append(PlanAdvice(term, platform, False, "no steady part: no service runs all month"))
            continue
        on_demand = price_option(steady, catalog, platform, Purchase.ON_DEMAND)
        planned = price_option(replace(steady, purchases=(term,)), catalog, platform, term)
        if not (on_demand.feasible and planned.feasible):
            why = "; ".join(planned.reasons or on_demand.reasons)
            out.append(PlanAdvice(term, platform, False, f"no {label} rate: {why}", _steady_text(steady)))
            continue
        covered = [i for i in planned.line_items if "Compute Savings Plan" in i.item]
        assumed = sorted(
            {i.source.split(" applied to")[0] for i in covered if i.source.startswith("assumption")}
        )
        out.append(
            PlanAdvice(
                term,
                platform,
                True,
                steady=_steady_text(steady),
                commitment_usd_per_hour=sum(i.monthly_usd for i in covered) / HOURS_PER_MONTH,
                monthly_savings_usd=on_demand.monthly_usd - planned.monthly_usd,
                rate=", ".join(assumed) if assumed else "live Savings Plans rates",
            )
        )
    return tuple(out)
