"""Why an option is recommended, as reasons users read: the templates and the sentences.

Every sentence the app and the CLI show about a recommendation is built here from
REASON_TEMPLATES (data, so neither words its own). Apart from `ranking`, which orders and scores
the options and picks one, because the wording reads a ranked option but takes no part in
choosing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from advisor.decision.needs import EKS_PLATFORMS, PASSED_OVER, PREFERENCE_WEIGHT, preference
from advisor.decision.needs import TEMPLATES as NEED_TEMPLATES
from advisor.decision.option_names import option_name
from advisor.decision.spot import price_basis, risk_message, worst_band_pct
from advisor.decision.tradeoffs import score
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.prices import Confidence
from advisor.model.workload import KubernetesNeed, Purchase

if TYPE_CHECKING:  # ranking imports this module to build its recommendation
    from advisor.decision.ranking import OpsEffort, RankedOption, Weights

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
class Reason:
    """A machine-readable reason (`code`, `value`) with the sentence users read."""

    code: str
    message: str
    value: float | None = None


def _fleet_text(result: CostBreakdown) -> str:
    return ", ".join(f"{e.count} × {e.instance_type}" for e in result.capacity.fleet)


def _rounding_usd(result: CostBreakdown) -> float:
    return sum(i.monthly_usd for i in result.line_items if "rounding" in i.item.lower())


def recommendation_reasons(
    best: RankedOption,
    ranked: tuple[RankedOption, ...],
    weights: Weights,
    ops: OpsEffort | None,
    need: KubernetesNeed,
) -> tuple[Reason, ...]:
    """Why `best` is recommended: its cost against the others, its score and what it rests on.

    Each reason is machine-readable (`code`, `value`) with its sentence from REASON_TEMPLATES.
    """
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


def kubernetes_reason(
    top: RankedOption, ranked: tuple[RankedOption, ...], need: KubernetesNeed
) -> Reason | None:
    """Which Kubernetes need decided: the EKS option it passed over, or the rule that applied.

    `top` is the best-scored of all the `ranked` options, eligible or not.
    """
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
