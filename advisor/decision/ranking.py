"""Rank the feasible options and say why one is recommended.

Costs come from `engine.estimate`; the qualitative scores from `tradeoffs`; every sentence
shown to users is built here from templates (`REASON_TEMPLATES`), so the app and the CLI never
word their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from advisor.decision.needs import (
    EKS_PLATFORMS,
    PASSED_OVER,
    PREFERENCE_WEIGHT,
    cheapest_ecs_usd,
    eligible,
    preference,
)
from advisor.decision.needs import TEMPLATES as NEED_TEMPLATES
from advisor.decision.spot import price_basis, risk_message, worst_band_pct
from advisor.decision.tradeoffs import CRITERIA, score
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.prices import Confidence
from advisor.model.workload import KubernetesNeed, Platform, Purchase

PLATFORM_NAMES: Mapping[Platform, str] = MappingProxyType(
    {
        Platform.ECS_FARGATE: "ECS on Fargate",
        Platform.ECS_EC2: "ECS on EC2",
        Platform.EKS_EC2: "EKS on EC2",
        Platform.EKS_FARGATE: "EKS on Fargate",
        Platform.ECS_MANAGED_INSTANCES: "ECS Managed Instances",
        Platform.EKS_AUTO_MODE: "EKS Auto Mode",
    }
)
PURCHASE_NAMES: Mapping[Purchase, str] = MappingProxyType(
    {
        Purchase.ON_DEMAND: "on-demand",
        Purchase.SPOT: "Spot",
        Purchase.SAVINGS_PLAN_1Y: "1-year Compute Savings Plan",
        Purchase.SAVINGS_PLAN_3Y: "3-year Compute Savings Plan",
    }
)

REASON_TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        "cheapest": "{option} is the cheapest feasible option at ${monthly:,.2f}/month.",
        "savings_vs_next": "It costs ${usd:,.2f} ({pct:.0%}) less per month than {next}.",
        "only_option": "{option} is the only feasible option.",
        "score": "It has the best weighted score, {score:.2f} of 5, cost counting {cost_share:.0%}.",
        "not_cheapest": "It is not the cheapest: {cheapest} costs ${usd:,.2f}/month less, "
        "but scores lower on the weighted trade-offs.",
        "packing": "The EC2 fleet ({fleet}) has vCPU {cpu:.0%} allocated, memory {memory:.0%}: "
        "{cpu_idle:.0%} of the vCPU and {memory_idle:.0%} of the memory paid for are idle.",
        "rounding": "Fargate rounding to valid task sizes adds ${usd:,.2f}/month.",
        "management": "Operations: {rationale}.",
        "assumption": "Part of this price rests on an assumption ({what}), not a published rate.",
        "incomplete": "Its total is a lower bound: no rate in this price source for {missing}.",
        "tco": "With operational effort of {hours:g} h/month at ${rate:,.2f}/h, "
        "the total is ${tco:,.2f}/month.",
    }
)


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each criterion counts in the final score; cost has its own weight."""

    cost: float = 4.0
    criteria: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {
                "management": 1.0,
                "scaling": 1.0,
                "ease_of_use": 1.0,
                "flexibility": 1.0,
                "startup_speed": 0.5,
                "isolation": 0.5,
                "portability": 0.5,
                "limits": 0.5,
            }
        )
    )

    def __post_init__(self) -> None:
        unknown = set(self.criteria) - set(CRITERIA)
        if unknown:
            raise ValueError(f"unknown criteria {sorted(unknown)}; allowed: {', '.join(CRITERIA)}")
        if self.cost < 0 or any(w < 0 for w in self.criteria.values()):
            raise ValueError("weights must be 0 or more")
        if self.cost + sum(self.criteria.values()) <= 0:
            raise ValueError("at least one weight must be above 0")


@dataclass(frozen=True, slots=True)
class OpsEffort:
    """Operational effort per platform (hours per month) and what an hour costs.

    An explicit assumption: no published source gives such hours, so there are no defaults;
    TCO is shown only when the user states them.
    """

    hours_per_month: Mapping[Platform, float]
    hourly_usd: float

    def monthly_usd(self, platform: Platform) -> float:
        return self.hours_per_month.get(platform, 0.0) * self.hourly_usd


@dataclass(frozen=True, slots=True)
class Reason:
    """A machine-readable reason (`code`, `value`) with the sentence users read."""

    code: str
    message: str
    value: float | None = None


@dataclass(frozen=True, slots=True)
class RankedOption:
    result: CostBreakdown
    rank: int
    delta_to_next_usd: float | None
    delta_to_next_pct: float | None
    cost_score: float
    tradeoff_score: float
    score: float
    ops_monthly_usd: float | None
    eligible: bool = True

    @property
    def tco_monthly_usd(self) -> float | None:
        if self.ops_monthly_usd is None:
            return None
        return self.result.monthly_usd + self.ops_monthly_usd


@dataclass(frozen=True, slots=True)
class Recommendation:
    platform: Platform
    purchase: Purchase
    monthly_usd: float
    savings_vs_next_usd: float | None
    savings_vs_next_pct: float | None
    score: float
    reasons: tuple[Reason, ...]
    explanation: str


def option_name(result: CostBreakdown) -> str:
    return f"{PLATFORM_NAMES[result.platform]} ({PURCHASE_NAMES[result.purchase]})"


def tradeoff_score(platform: Platform, weights: Weights) -> float:
    """Weighted mean of the platform's 1–5 scores over the weighted criteria."""
    total = sum(weights.criteria.values())
    if total == 0:
        return 0.0
    return sum(score(platform, c).score * w for c, w in weights.criteria.items()) / total


def cost_score(monthly: float, cheapest: float) -> float:
    """5 for the cheapest option, falling with the ratio to it (twice the cost scores 2.5), ≥ 1."""
    if monthly <= 0:
        return 5.0
    return max(1.0, 5.0 * cheapest / monthly)


def rank(
    results: tuple[CostBreakdown, ...],
    weights: Weights,
    ops: OpsEffort | None = None,
    kubernetes: KubernetesNeed = KubernetesNeed.NOT_NEEDED,
) -> tuple[RankedOption, ...]:
    """Feasible options cheapest first, with the gap to the next one, their scores and whether
    the stated Kubernetes need lets them be recommended (`needs`).

    Complete options come first; incomplete ones (a rate missing, `CostBreakdown.missing`)
    follow, cheapest first among themselves: their totals are lower bounds, so no gap is
    stated between the last complete option and the first incomplete one.
    """
    feasible = sorted((r for r in results if r.feasible), key=lambda r: (not r.complete, r.monthly_usd))
    if not feasible:
        return ()
    cheapest = feasible[0].monthly_usd
    cheapest_ecs = cheapest_ecs_usd(feasible)
    total_weight = weights.cost + sum(weights.criteria.values())
    ranked = []
    for i, result in enumerate(feasible):
        delta: float | None = None
        pct: float | None = None
        if i + 1 < len(feasible) and feasible[i + 1].complete == result.complete:
            following = feasible[i + 1].monthly_usd
            # The gap between the two figures as displayed, so the reason's "$X less" is
            # exactly their difference (reconciliation rule, README).
            delta = cents(following) - cents(result.monthly_usd)
            pct = delta / following if following > 0 else None
        c_score = cost_score(result.monthly_usd, cheapest)
        t_score = tradeoff_score(result.platform, weights)
        k_weight, k_score = preference(result.platform, kubernetes)
        combined = (
            weights.cost * c_score + sum(weights.criteria.values()) * t_score + k_weight * k_score
        ) / (total_weight + k_weight)
        ranked.append(
            RankedOption(
                result=result,
                rank=i + 1,
                delta_to_next_usd=delta,
                delta_to_next_pct=pct,
                cost_score=c_score,
                tradeoff_score=t_score,
                score=combined,
                ops_monthly_usd=ops.monthly_usd(result.platform) if ops else None,
                eligible=eligible(result.platform, result.monthly_usd, cheapest_ecs, kubernetes),
            )
        )
    return tuple(ranked)


def _fleet_text(result: CostBreakdown) -> str:
    return ", ".join(f"{e.count} × {e.instance_type}" for e in result.capacity.fleet)


def _rounding_usd(result: CostBreakdown) -> float:
    return sum(i.monthly_usd for i in result.line_items if "rounding" in i.item.lower())


def _reasons(
    best: RankedOption,
    ranked: tuple[RankedOption, ...],
    weights: Weights,
    ops: OpsEffort | None,
    need: KubernetesNeed,
) -> tuple[Reason, ...]:
    result = best.result
    name = option_name(result)
    cheapest = ranked[0]
    reasons: list[Reason] = []
    if best is cheapest:
        reasons.append(
            Reason(
                "cost",
                REASON_TEMPLATES["cheapest"].format(option=name, monthly=result.monthly_usd),
                result.monthly_usd,
            )
        )
        if len(ranked) > 1 and best.delta_to_next_usd is not None and best.delta_to_next_pct is not None:
            reasons.append(
                Reason(
                    "savings_vs_next",
                    REASON_TEMPLATES["savings_vs_next"].format(
                        usd=best.delta_to_next_usd,
                        pct=best.delta_to_next_pct,
                        next=option_name(ranked[1].result),
                    ),
                    best.delta_to_next_usd,
                )
            )
        elif len(ranked) == 1:
            reasons.append(Reason("only_option", REASON_TEMPLATES["only_option"].format(option=name)))
    else:
        gap = cents(result.monthly_usd) - cents(cheapest.result.monthly_usd)
        reasons.append(
            Reason(
                "not_cheapest",
                REASON_TEMPLATES["not_cheapest"].format(cheapest=option_name(cheapest.result), usd=gap),
                gap,
            )
        )
    total_weight = weights.cost + sum(weights.criteria.values()) + preference(result.platform, need)[0]
    reasons.append(
        Reason(
            "score",
            REASON_TEMPLATES["score"].format(score=best.score, cost_share=weights.cost / total_weight),
            best.score,
        )
    )
    capacity = result.capacity
    if capacity.fleet and capacity.vcpu_utilization is not None and capacity.memory_utilization is not None:
        util = max(capacity.vcpu_utilization, capacity.memory_utilization)
        reasons.append(
            Reason(
                "waste",
                REASON_TEMPLATES["packing"].format(
                    fleet=_fleet_text(result),
                    cpu=capacity.vcpu_utilization,
                    memory=capacity.memory_utilization,
                    cpu_idle=1 - capacity.vcpu_utilization,
                    memory_idle=1 - capacity.memory_utilization,
                ),
                1 - util,
            )
        )
    rounding = _rounding_usd(result)
    if rounding > 0.005:
        reasons.append(Reason("rounding", REASON_TEMPLATES["rounding"].format(usd=rounding), rounding))
    if result.purchase is Purchase.SPOT:
        reasons.append(Reason("spot_risk", risk_message(result), worst_band_pct(result)))
        basis = price_basis(result)
        if basis:
            reasons.append(Reason("spot_price", basis))
    reasons.append(
        Reason(
            "operational_effort",
            REASON_TEMPLATES["management"].format(rationale=score(result.platform, "management").rationale),
        )
    )
    if result.missing:
        reasons.append(
            Reason("incomplete", REASON_TEMPLATES["incomplete"].format(missing=", ".join(result.missing)))
        )
    spot_basis = price_basis(result) if result.purchase is Purchase.SPOT else ""
    assumed = sorted(
        {
            i.source.split(" applied to")[0]
            for i in result.line_items
            if i.confidence is Confidence.ASSUMPTION
            and not (spot_basis and i.source and i.source.split(" applied to")[0] in spot_basis)
        }
    )
    if assumed:
        reasons.append(
            Reason("assumption", REASON_TEMPLATES["assumption"].format(what=", ".join(assumed[:3])))
        )
    if ops is not None and best.tco_monthly_usd is not None:
        reasons.append(
            Reason(
                "tco",
                REASON_TEMPLATES["tco"].format(
                    hours=ops.hours_per_month.get(result.platform, 0.0),
                    rate=ops.hourly_usd,
                    tco=best.tco_monthly_usd,
                ),
                best.tco_monthly_usd,
            )
        )
    return tuple(reasons)


def _best(options: Iterable[RankedOption]) -> RankedOption:
    return max(options, key=lambda r: (round(r.score, 9), -r.result.monthly_usd))


def _need_reason(best: RankedOption, ranked: tuple[RankedOption, ...], need: KubernetesNeed) -> Reason | None:
    """Which Kubernetes need decided: the EKS option it passed over, or the rule that applied."""
    top = _best(ranked)
    if not top.eligible and need is KubernetesNeed.NOT_NEEDED:
        ecs = next(r for r in ranked if r.result.platform not in EKS_PLATFORMS)
        message = PASSED_OVER.format(
            eks=option_name(top.result),
            eks_usd=top.result.monthly_usd,
            ecs=option_name(ecs.result),
            ecs_usd=ecs.result.monthly_usd,
        )
        return Reason("kubernetes", message, top.result.monthly_usd - ecs.result.monthly_usd)
    if need is KubernetesNeed.NOT_NEEDED and not any(r.result.platform in EKS_PLATFORMS for r in ranked):
        return None
    return Reason("kubernetes", NEED_TEMPLATES[need].format(weight=PREFERENCE_WEIGHT))


def recommend(
    results: tuple[CostBreakdown, ...],
    weights: Weights | None = None,
    ops: OpsEffort | None = None,
    kubernetes: KubernetesNeed = KubernetesNeed.NOT_NEEDED,
) -> tuple[tuple[RankedOption, ...], Recommendation | None]:
    """The ranked options and the recommended one: the best weighted score among the options
    the stated Kubernetes need makes eligible (ties → cheaper), a complete one whenever one is
    eligible; None when none is."""
    weights = weights or Weights()
    ranked = rank(results, weights, ops, kubernetes)
    candidates = [r for r in ranked if r.eligible and r.result.complete] or [r for r in ranked if r.eligible]
    if not candidates:
        return ranked, None
    best = _best(candidates)
    reasons = _reasons(best, ranked, weights, ops, kubernetes)
    need = _need_reason(best, ranked, kubernetes)
    if need is not None:
        reasons = (reasons[0], need, *reasons[1:])
    savings = best.delta_to_next_usd if best is ranked[0] else None
    pct = best.delta_to_next_pct if best is ranked[0] else None
    return ranked, Recommendation(
        platform=best.result.platform,
        purchase=best.result.purchase,
        monthly_usd=best.result.monthly_usd,
        savings_vs_next_usd=savings,
        savings_vs_next_pct=pct,
        score=best.score,
        reasons=reasons,
        explanation=" ".join(
            r.message
            for r in reasons
            if r.code
            in (
                "cost",
                "kubernetes",
                "savings_vs_next",
                "not_cheapest",
                "waste",
                "rounding",
                "only_option",
                "incomplete",
            )
        ),
    )
