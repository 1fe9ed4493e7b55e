"""Results → rows for the dashboard's tables.

Numbers come from `advisor.reporting.payload` (the JSON/CSV exporters), so a table on screen and the
downloads agree to the cent; words come from the core (option names, reasons, notes).
"""

from __future__ import annotations

import re
from typing import Any

from advisor.decision.recommend import Comparison, RankedOption, option_name
from advisor.model.costs import CostBreakdown, FleetEntry
from advisor.model.money import annual_usd, cents
from advisor.model.workload import Service, Workload
from advisor.reporting.payload import line_item_dicts

RECOMMENDED = "★ Recommended"
_URL = re.compile(r"https?://[^\s)\]'\",]+")


def _fleet_text(fleet: tuple[FleetEntry, ...]) -> str:
    return " + ".join(f"{e.count} × {e.instance_type}" for e in fleet)


def _counts(fleet: tuple[FleetEntry, ...]) -> list[tuple[str, int]]:
    return sorted((e.instance_type, e.count) for e in fleet)


def _service_tasks(service: Service) -> str:
    """`3 tasks`; bands: the longest band, then the peak (`4 tasks for 425 h, up to 10`); runs."""
    if service.runs is not None:
        runs = service.runs
        schedule = f"{runs.runs_per_month:,g} runs of {runs.avg_duration_seconds:g} s"
        return f"up to {runs.peak_concurrency} ({schedule})"
    steady = max(service.bands, key=lambda b: b.hours_per_month)
    text = f"{steady.tasks} task{'s' * (steady.tasks != 1)}"
    if len(service.bands) > 1:
        text += f" for {steady.hours_per_month:g} h"
        if service.peak_tasks > steady.tasks:
            text += f", up to {service.peak_tasks}"
    return text


def capacity_text(result: CostBreakdown, workload: Workload | None = None) -> str:
    """What the option runs: the steady EC2 fleet and the peak when the services scale
    (`steady 7 × m5a.large (706 h); peak 10 × m5a.large`), or each Fargate service's billed
    size × its tasks (`api: 0.5 vCPU / 1 GB × 4 tasks for 425 h, up to 10`)."""
    capacity = result.capacity
    if capacity.fleet:
        steady = capacity.steady or capacity.fleet
        if _counts(steady) == _counts(capacity.fleet):
            return _fleet_text(steady)
        hours = f" ({capacity.steady_hours:,.0f} h)" if capacity.steady_hours else ""
        return f"steady {_fleet_text(steady)}{hours}; peak {_fleet_text(capacity.fleet)}"
    services = {s.name: s for s in workload.services} if workload else {}
    parts = []
    for name, (vcpu, memory) in capacity.task_sizes.items():
        size = f"{vcpu:g} vCPU / {memory:g} GB"
        service = services.get(name)
        parts.append(f"{name}: {size} × {_service_tasks(service)}" if service else f"{name}: {size}")
    return "; ".join(parts)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def is_recommended(comparison: Comparison, ranked: RankedOption) -> bool:
    rec = comparison.recommendation
    return rec is not None and (ranked.result.platform, ranked.result.purchase) == (
        rec.platform,
        rec.purchase,
    )


def options_rows(comparison: Comparison, workload: Workload | None = None) -> list[dict[str, Any]]:
    """The feasible options, cheapest first: the recommended marker, warnings early (they must
    be read), then the scores on the radar's 1–5 scale and what each option provisions."""
    rows = []
    for ranked in comparison.ranked:
        result = ranked.result
        capacity = result.capacity
        row: dict[str, Any] = {
            "recommended": RECOMMENDED if is_recommended(comparison, ranked) else "",
            "option": option_name(result),
            "monthly_usd": cents(result.monthly_usd),
            "annual_usd": annual_usd(result.monthly_usd),
            "price_rank": ranked.rank,
            "score": round(ranked.score, 2),
            "completeness": "complete"
            if result.complete
            else f"lower bound: no rate for {', '.join(result.missing)}",
            "warnings": "; ".join(result.warnings),
            "capacity": capacity_text(result, workload),
            "cost_score": round(ranked.cost_score, 2),
            "tradeoff_score": round(ranked.tradeoff_score, 2),
            "cheaper_than_next_usd": None
            if ranked.delta_to_next_usd is None
            else cents(ranked.delta_to_next_usd),
            "vcpu_packed_pct": _percent(capacity.vcpu_utilization),
            "memory_packed_pct": _percent(capacity.memory_utilization),
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


def source_link(source: str) -> str | None:
    """The first web address a rate's source names, for a link beside it (None when none)."""
    match = _URL.search(source)
    return match[0].rstrip(".") if match else None


def line_item_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Every line item of every feasible option, cheapest option first ("show calculations"),
    each with its source, a link to it where the source names one, its date and confidence."""
    return [
        {"option": option_name(ranked.result), **item, "link": source_link(item["source"])}
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
            "fargate_vcpu": s.fargate_vcpu,
            "fargate_memory_gb": s.fargate_memory_gib,
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
