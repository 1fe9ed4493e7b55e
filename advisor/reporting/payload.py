"""The `estimate --format json` payload: pricing, workload, options and the advice, as dicts.

The CLI's JSON, the dashboard's JSON download and its tables read these dicts, so every
surface shows the same fields and the same cents. Money is rounded to cents here, at export,
and nowhere earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.decision.allocation import allocate
from advisor.decision.recommend import Comparison, OptionSavings
from advisor.decision.spot import interruption_text
from advisor.model.costs import CostBreakdown, FleetEntry, LineItem
from advisor.model.money import annual_usd, cents, split_cents
from advisor.model.prices import PriceSource
from advisor.model.workload import Service, Workload
from advisor.model.workload_file import workload_to_dict


def line_item_dict(item: LineItem, cost: float) -> dict[str, Any]:
    """One line item; `cost` is its displayed cost (see `line_item_dicts`)."""
    return {
        "item": item.item,
        "service": item.service,
        "quantity": round(float(item.quantity), 6),
        "unit": item.unit,
        "rate": float(item.rate_usd),
        "cost": cost,
        "source": item.source,
        "as_of": item.as_of,
        "confidence": item.confidence.value,
    }


def line_item_dicts(result: CostBreakdown) -> list[dict[str, Any]]:
    """An option's line items with costs that add up to its displayed monthly cost.

    Each cost is quantity × rate to the cent, except that the rounding of a few items may go
    the other way by one cent so that the column sums to the total (largest remainder)."""
    costs = split_cents(result.monthly_usd, [item.monthly_usd for item in result.line_items])
    return [line_item_dict(item, cost) for item, cost in zip(result.line_items, costs, strict=True)]


def _instances(fleet: tuple[FleetEntry, ...]) -> list[dict[str, Any]]:
    return [
        {
            "instance_type": entry.instance_type,
            "count": entry.count,
            "tasks_per_instance": round(float(entry.tasks_per_instance), 3),
            **({"interruption_band": entry.interruption_band} if entry.interruption_band else {}),
        }
        for entry in fleet
    ]


def capacity_dict(result: CostBreakdown) -> dict[str, Any]:
    """Fargate: task sizes after rounding; EC2 paths: the packed fleet and its utilization."""
    capacity = result.capacity
    out: dict[str, Any] = {}
    if capacity.task_sizes:
        sizes = list(capacity.task_sizes.items())
        if len(sizes) == 1:
            out["task_vcpu"], out["task_memory_gb"] = sizes[0][1]
        out["services"] = [
            {"name": name, "task_vcpu": vcpu, "task_memory_gb": memory} for name, (vcpu, memory) in sizes
        ]
    if capacity.fleet:
        out["instances"] = _instances(capacity.fleet)
    if capacity.zones:
        out["zones"] = [_instances(zone) for zone in capacity.zones]
    for name in ("vcpu_utilization", "memory_utilization", "eni_utilization", "pod_utilization"):
        value = getattr(capacity, name)
        if value is not None:
            out[name] = round(float(value), 4)
    if capacity.max_pods is not None:
        out["max_pods"] = capacity.max_pods
    return out


def allocation_dicts(result: CostBreakdown, services: Sequence[Service]) -> list[dict[str, Any]]:
    """Cost per service (`decision.allocation`) in cents that add up: the services' costs to
    the option's monthly cost, and each service's direct + shared + idle to its cost."""
    allocated = allocate(result, services)
    costs = split_cents(result.monthly_usd, [a.cost_usd for a in allocated])
    out = []
    for a, cost in zip(allocated, costs, strict=True):
        direct, shared, idle = split_cents(cost, [a.direct_usd, a.shared_usd, a.idle_usd])
        out.append({"service": a.service, "cost": cost, "direct": direct, "shared": shared, "idle": idle})
    return out


def option_dict(result: CostBreakdown, services: Sequence[Service] = ()) -> dict[str, Any]:
    """One option as the JSON contract names it (platform, purchase, feasible, …)."""
    return {
        "platform": result.platform.value,
        "purchase": result.purchase.value,
        "feasible": result.feasible,
        "completeness": result.completeness,
        "missing": list(result.missing),
        "reasons": list(result.reasons),
        "warnings": list(result.warnings),
        "monthly_cost": cents(result.monthly_usd) if result.feasible else None,
        "annual_cost": annual_usd(result.monthly_usd) if result.feasible else None,
        "line_items": line_item_dicts(result),
        "capacity": capacity_dict(result),
        "interruption": interruption_text(result) or None,
        "allocation": allocation_dicts(result, services),
    }


def pricing_dict(source: PriceSource, region: str) -> dict[str, Any]:
    return {
        "source": source.label,
        "kind": source.kind.value,
        "as_of": source.as_of,
        "region": region,
        "detail": source.detail,
    }


def recommendation_dict(comparison: Comparison) -> dict[str, Any] | None:
    rec = comparison.recommendation
    if rec is None:
        return None
    return {
        "platform": rec.platform.value,
        "purchase": rec.purchase.value,
        "monthly_cost": cents(rec.monthly_usd),
        "annual_cost": annual_usd(rec.monthly_usd),
        "savings_vs_next": None if rec.savings_vs_next_usd is None else cents(rec.savings_vs_next_usd),
        "savings_vs_next_pct": None if rec.savings_vs_next_pct is None else round(rec.savings_vs_next_pct, 4),
        "score": round(rec.score, 3),
        "reasons": [{"code": r.code, "message": r.message, "value": r.value} for r in rec.reasons],
        "explanation": rec.explanation,
    }


def break_even_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "dimension": b.dimension,
            "value": round(b.value, 4),
            "below": b.below,
            "above": b.above,
            "description": b.description,
        }
        for b in comparison.break_even
    ]


def _option_savings(o: OptionSavings) -> dict[str, Any]:
    current, rightsized = cents(o.current_usd), cents(o.rightsized_usd)
    return {
        "option": o.option,
        "current_monthly": current,
        "rightsized_monthly": rightsized,
        "savings": cents(current - rightsized),
    }


def rightsizing_dict(comparison: Comparison) -> dict[str, Any] | None:
    """Suggested sizes per platform, and savings only where there are some (to the cent)."""
    sizing = comparison.rightsizing
    if sizing is None:
        return None
    savings: list[float | None] = [None] * len(sizing.services)
    if sizing.recommended is not None:
        # each side in cents that add up to the option's figure, so the services' savings add
        # up to the option's savings (reconciliation rule)
        was = split_cents(sizing.recommended.current_usd, [s.current_usd or 0.0 for s in sizing.services])
        now = split_cents(
            sizing.recommended.rightsized_usd, [s.rightsized_usd or 0.0 for s in sizing.services]
        )
        savings = [cents(a - b) for a, b in zip(was, now, strict=True)]
    return {
        "target_util": sizing.target_util,
        "services": [
            {
                "name": s.name,
                "vcpu": s.vcpu,
                "memory_gb": s.memory_gib,
                "new_vcpu": s.new_vcpu,
                "new_memory_gb": s.new_memory_gib,
                "fargate_vcpu": s.fargate_vcpu,
                "fargate_memory_gb": s.fargate_memory_gib,
                "savings": saved,
                "note": s.note,
            }
            for s, saved in zip(sizing.services, savings, strict=True)
        ],
        "options": [_option_savings(o) for o in sizing.options],
        "recommended": None if sizing.recommended is None else _option_savings(sizing.recommended),
    }


def savings_plan_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    """What to commit to a Compute Savings Plan for the steady part, per term (or why not)."""
    out = []
    for advice in comparison.savings_plan:
        monthly = advice.monthly_savings_usd
        out.append(
            {
                "term": advice.term.value,
                "platform": advice.platform.value,
                "feasible": advice.feasible,
                "reason": advice.reason or None,
                "steady": advice.steady or None,
                "hourly_commitment": None
                if advice.commitment_usd_per_hour is None
                else round(advice.commitment_usd_per_hour, 4),
                "monthly_savings": None if monthly is None else cents(monthly),
                "annual_savings": None if monthly is None else annual_usd(monthly),
                "rate": advice.rate or None,
            }
        )
    return out


def ranking_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "option": r.result.option_id,
            "rank": r.rank,
            "monthly_cost": cents(r.result.monthly_usd),
            "delta_to_next": None if r.delta_to_next_usd is None else cents(r.delta_to_next_usd),
            "delta_to_next_pct": None if r.delta_to_next_pct is None else round(r.delta_to_next_pct, 4),
            "cost_score": round(r.cost_score, 3),
            "tradeoff_score": round(r.tradeoff_score, 3),
            "score": round(r.score, 3),
            "tco_monthly": None if r.tco_monthly_usd is None else cents(r.tco_monthly_usd),
            "eligible": r.eligible,
        }
        for r in comparison.ranked
    ]


def estimate_payload(workload: Workload, source: PriceSource, comparison: Comparison) -> dict[str, Any]:
    """The `estimate --format json` object: pricing, workload, options and the advice."""
    return {
        "pricing": pricing_dict(source, workload.region),
        "workload": workload_to_dict(workload),
        "options": [option_dict(result, workload.services) for result in comparison.results],
        "ranking": ranking_dicts(comparison),
        "recommendation": recommendation_dict(comparison),
        "break_even": break_even_dicts(comparison),
        "rightsizing": rightsizing_dict(comparison),
        "savings_plan": savings_plan_dicts(comparison),
    }
