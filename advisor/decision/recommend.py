"""Everything the advisor says about a workload, in one call: `compare(workload, catalog)`.

The CLI, the dashboard and the reports call `compare`; it prices every option
(`engine.estimate`), ranks them (`ranking`, with `reasons` saying why), finds where the answer
flips (`break_even`) and right-sizes (`rightsizing`). The names those modules define for
callers are re-exported here, so `advisor.decision.recommend` stays the one import the README
documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.decision.break_even import (
    BreakEven,
    Series,
    hours_analysis,
    tasks_analysis,
    utilization_analysis,
)
from advisor.decision.commitment import PlanAdvice, commitment_analysis, plan_advice
from advisor.decision.fees import fee_analysis
from advisor.decision.option_names import PLATFORM_NAMES, PURCHASE_NAMES, option_name
from advisor.decision.ranking import (
    OpsEffort,
    RankedOption,
    Recommendation,
    Weights,
    cost_score,
    rank,
    recommend,
    tradeoff_score,
)
from advisor.decision.reasons import REASON_TEMPLATES, Reason
from advisor.decision.rightsizing import OptionSavings, RightSizing, ServiceResize, rightsize
from advisor.engine import estimate
from advisor.model.costs import CostBreakdown
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Workload

__all__ = [
    "PLATFORM_NAMES",
    "PURCHASE_NAMES",
    "REASON_TEMPLATES",
    "BreakEven",
    "Comparison",
    "OpsEffort",
    "OptionSavings",
    "PlanAdvice",
    "RankedOption",
    "Reason",
    "Recommendation",
    "RightSizing",
    "Series",
    "ServiceResize",
    "Weights",
    "compare",
    "cost_score",
    "option_name",
    "rank",
    "recommend",
    "rightsize",
    "tradeoff_score",
]


@dataclass(frozen=True, slots=True)
class Comparison:
    results: tuple[CostBreakdown, ...]
    ranked: tuple[RankedOption, ...]
    recommendation: Recommendation | None
    break_even: tuple[BreakEven, ...] = ()
    sensitivity: tuple[Series, ...] = ()
    rightsizing: RightSizing | None = None
    savings_plan: tuple[PlanAdvice, ...] = ()


def compare(
    workload: Workload,
    catalog: PriceCatalog,
    *,
    weights: Weights | None = None,
    ops: OpsEffort | None = None,
    target_util: float = 0.7,
    analyses: bool = True,
) -> Comparison:
    """Everything the advisor says about a workload: costs, ranking, recommendation and,
    with `analyses`, break-evens, sensitivity series and right-sizing."""
    results = estimate(workload, catalog)
    ranked, recommendation = recommend(results, weights, ops, workload.kubernetes)
    if not analyses or recommendation is None:
        return Comparison(results, ranked, recommendation)
    break_even: list[BreakEven] = []
    sensitivity: list[Series] = []
    tasks = tasks_analysis(workload, catalog)
    if tasks is not None:
        break_even += tasks[0]
        sensitivity.append(tasks[1])
    hours_flips, hours_series = hours_analysis(workload, catalog)
    break_even += hours_flips
    sensitivity.append(hours_series)
    util_flips, util_series = utilization_analysis(workload, catalog, target_util)
    if any(s.cpu_util is not None or s.mem_util is not None for s in workload.services):
        break_even += util_flips  # a utilization nobody measured is not a finding
    sensitivity.append(util_series)
    break_even += commitment_analysis(workload, catalog, results)
    break_even += fee_analysis(workload, catalog, results)
    chosen = next(
        r for r in results if (r.platform, r.purchase) == (recommendation.platform, recommendation.purchase)
    )
    return Comparison(
        results=results,
        ranked=ranked,
        recommendation=recommendation,
        break_even=tuple(break_even),
        sensitivity=tuple(sensitivity),
        rightsizing=rightsize(workload, catalog, target_util, results, chosen.option_id),
        savings_plan=plan_advice(workload, catalog, chosen),
    )
