"""Results → rows for the dashboard's tables.

Numbers come from `advisor.reporting.payload` (the JSON/CSV exporters), so a table on screen and the
downloads agree to the cent; words come from the core (option names, reasons, notes).
"""

from __future__ import annotations

from typing import Any

from advisor.decision.recommend import Comparison, option_name
from advisor.model.costs import CostBreakdown
from advisor.model.money import annual_usd, cents
from advisor.reporting.payload import capacity_dict, line_item_dicts


def capacity_text(result: CostBreakdown) -> str:
    """`3 × m7g.large` for EC2 fleets, `1 vCPU / 2 GB (web)` for Fargate task sizes."""
    capacity = capacity_dict(result)
    if "instances" in capacity:
        return ", ".join(f"{i['count']} × {i['instance_type']}" for i in capacity["instances"])
    if "services" in capacity:
        return ", ".join(
            f"{s['task_vcpu']:g} vCPU / {s['task_memory_gb']:g} GB ({s['name']})"
            for s in capacity["services"]
        )
    return ""


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def options_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The feasible options, cheapest first, with capacity and packing efficiency."""
    rows = []
    for ranked in comparison.ranked:
        result = ranked.result
        capacity = result.capacity
        row: dict[str, Any] = {
            "rank": ranked.rank,
            "option": option_name(result),
            "monthly_usd": cents(result.monthly_usd),
            "annual_usd": annual_usd(result.monthly_usd),
            "cheaper_than_next_usd": None
            if ranked.delta_to_next_usd is None
            else cents(ranked.delta_to_next_usd),
            "score": round(ranked.score, 2),
            "capacity": capacity_text(result),
            "vcpu_packed_pct": _percent(capacity.vcpu_utilization),
            "memory_packed_pct": _percent(capacity.memory_utilization),
            "notes": "; ".join(result.warnings),
        }
        if ranked.tco_monthly_usd is not None:
            row["tco_monthly_usd"] = cents(ranked.tco_monthly_usd)
        rows.append(row)
    return rows


def infeasible_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Options ruled out, each with the reasons the cost model gave."""
    return [
        {"option": option_name(r), "why not": "; ".join(r.reasons)}
        for r in comparison.results
        if not r.feasible
    ]


def line_item_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Every line item of every feasible option, cheapest option first ("show calculations")."""
    return [
        {"option": option_name(ranked.result), **item}
        for ranked in comparison.ranked
        for item in line_item_dicts(ranked.result)
    ]


def rightsizing_rows(comparison: Comparison) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(per-service suggestions, per-option savings), both empty without right-sizing."""
    sizing = comparison.rightsizing
    if sizing is None:
        return [], []
    names = {r.option_id: option_name(r) for r in comparison.results}
    services = [
        {
            "service": s.name,
            "vcpu": s.vcpu,
            "memory_gb": s.memory_gib,
            "suggested_vcpu": s.new_vcpu,
            "suggested_memory_gb": s.new_memory_gib,
            "note": s.note,
        }
        for s in sizing.services
    ]
    options = [
        {
            "option": names.get(o.option, o.option),
            "monthly_usd": cents(o.current_usd),
            "rightsized_monthly_usd": cents(o.rightsized_usd),
            "savings_usd": cents(o.savings_usd),
        }
        for o in sizing.options
    ]
    return services, options
