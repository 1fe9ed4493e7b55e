"""Rank the feasible options and recommend one.

Costs come from `engine.estimate`; the qualitative scores from `tradeoffs`; the Kubernetes
need from `needs`. The sentences that say why come from `reasons`, so the app and the CLI never
word their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from advisor.decision.needs import cheapest_ecs_usd, eligible, preference
from advisor.decision.reasons import Reason, kubernetes_reason, recommendation_reasons
from advisor.decision.tradeoffs import CRITERIA, score
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.workload import KubernetesNeed, Platform, Purchase


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


def _best(options: Iterable[RankedOption]) -> RankedOption:
    return max(options, key=lambda r: (round(r.score, 9), -r.result.monthly_usd))


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
    reasons = recommendation_reasons(best, ranked, weights, ops, kubernetes)
    need = kubernetes_reason(_best(ranked), ranked, kubernetes)
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
