"""Rank the options, weigh the trade-offs, find where the answer flips, right-size.

`compare(workload, catalog)` is what the CLI, the app and the reports call. Costs come from
`engine.estimate`; the qualitative scores from `tradeoffs`; every sentence shown to users is
built here from templates (`REASON_TEMPLATES`), so the app and the CLI never word their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from advisor.decision.tradeoffs import CRITERIA, score
from advisor.engine import estimate
from advisor.model.costs import CostBreakdown
from advisor.model.prices import Confidence, PriceCatalog
from advisor.model.workload import MAX_HOURS_PER_MONTH, Platform, Purchase, UsageBand, Workload

PLATFORM_NAMES: Mapping[Platform, str] = MappingProxyType(
    {
        Platform.ECS_FARGATE: "ECS on Fargate",
        Platform.ECS_EC2: "ECS on EC2",
        Platform.EKS_EC2: "EKS on EC2",
        Platform.EKS_FARGATE: "EKS on Fargate",
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
        "packing": "The EC2 fleet ({fleet}) is {util:.0%} packed: "
        "{waste:.0%} of the capacity paid for is idle.",
        "rounding": "Fargate rounding to valid task sizes adds ${usd:,.2f}/month.",
        "management": "Operations: {rationale}.",
        "assumption": "Part of this price rests on an assumption ({what}), not a published rate.",
        "tco": "With operational effort of {hours:g} h/month at ${rate:,.2f}/h, "
        "the total is ${tco:,.2f}/month.",
    }
)

COST_CRITERION = "cost"


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


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Where the cheapest option changes along one dimension of the workload."""

    dimension: str
    value: float
    below: str
    above: str
    description: str


@dataclass(frozen=True, slots=True)
class Series:
    """Monthly cost of each option along one dimension, for charts (None = infeasible)."""

    dimension: str
    x: tuple[float, ...]
    costs: Mapping[str, tuple[float | None, ...]]


@dataclass(frozen=True, slots=True)
class ServiceResize:
    name: str
    vcpu: float
    memory_gib: float
    new_vcpu: float
    new_memory_gib: float
    note: str


@dataclass(frozen=True, slots=True)
class OptionSavings:
    option: str
    current_usd: float
    rightsized_usd: float

    @property
    def savings_usd(self) -> float:
        return self.current_usd - self.rightsized_usd


@dataclass(frozen=True, slots=True)
class RightSizing:
    target_util: float
    services: tuple[ServiceResize, ...]
    options: tuple[OptionSavings, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    results: tuple[CostBreakdown, ...]
    ranked: tuple[RankedOption, ...]
    recommendation: Recommendation | None
    break_even: tuple[BreakEven, ...] = ()
    sensitivity: tuple[Series, ...] = ()
    rightsizing: RightSizing | None = None


def option_name(result: CostBreakdown) -> str:
    return f"{PLATFORM_NAMES[result.platform]} ({PURCHASE_NAMES[result.purchase]})"


def _option_id(result: CostBreakdown) -> str:
    return result.option_id


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
    results: tuple[CostBreakdown, ...], weights: Weights, ops: OpsEffort | None = None
) -> tuple[RankedOption, ...]:
    """Feasible options cheapest first, with the gap to the next one and their scores."""
    feasible = sorted((r for r in results if r.feasible), key=lambda r: r.monthly_usd)
    if not feasible:
        return ()
    cheapest = feasible[0].monthly_usd
    total_weight = weights.cost + sum(weights.criteria.values())
    ranked = []
    for i, result in enumerate(feasible):
        delta: float | None = None
        pct: float | None = None
        if i + 1 < len(feasible):
            following = feasible[i + 1].monthly_usd
            delta = following - result.monthly_usd
            pct = delta / following if following > 0 else None
        c_score = cost_score(result.monthly_usd, cheapest)
        t_score = tradeoff_score(result.platform, weights)
        combined = (weights.cost * c_score + sum(weights.criteria.values()) * t_score) / total_weight
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
            )
        )
    return tuple(ranked)


def _fleet_text(result: CostBreakdown) -> str:
    return ", ".join(f"{e.count} × {e.instance_type}" for e in result.capacity.fleet)


def _rounding_usd(result: CostBreakdown) -> float:
    return sum(i.monthly_usd for i in result.line_items if "rounding" in i.item.lower())


def _reasons(
    best: RankedOption, ranked: tuple[RankedOption, ...], weights: Weights, ops: OpsEffort | None
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
        gap = result.monthly_usd - cheapest.result.monthly_usd
        reasons.append(
            Reason(
                "not_cheapest",
                REASON_TEMPLATES["not_cheapest"].format(cheapest=option_name(cheapest.result), usd=gap),
                gap,
            )
        )
    total_weight = weights.cost + sum(weights.criteria.values())
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
                REASON_TEMPLATES["packing"].format(fleet=_fleet_text(result), util=util, waste=1 - util),
                1 - util,
            )
        )
    rounding = _rounding_usd(result)
    if rounding > 0.005:
        reasons.append(Reason("rounding", REASON_TEMPLATES["rounding"].format(usd=rounding), rounding))
    reasons.append(
        Reason(
            "operational_effort",
            REASON_TEMPLATES["management"].format(rationale=score(result.platform, "management").rationale),
        )
    )
    assumed = sorted(
        {i.source.split(" applied to")[0] for i in result.line_items if i.confidence is Confidence.ASSUMPTION}
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


def recommend(
    results: tuple[CostBreakdown, ...], weights: Weights | None = None, ops: OpsEffort | None = None
) -> tuple[tuple[RankedOption, ...], Recommendation | None]:
    """The ranked options and the recommended one (best weighted score; ties → cheaper)."""
    weights = weights or Weights()
    ranked = rank(results, weights, ops)
    if not ranked:
        return ranked, None
    best = max(ranked, key=lambda r: (round(r.score, 9), -r.result.monthly_usd))
    reasons = _reasons(best, ranked, weights, ops)
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
            if r.code in ("cost", "savings_vs_next", "not_cheapest", "waste", "rounding", "only_option")
        ),
    )


# --- where the answer flips -------------------------------------------------------------


def _cheapest(results: tuple[CostBreakdown, ...]) -> CostBreakdown | None:
    feasible = [r for r in results if r.feasible]
    return min(feasible, key=lambda r: r.monthly_usd) if feasible else None


def _with_tasks(workload: Workload, tasks: int) -> Workload:
    """The single steady service with `tasks` tasks."""
    service = workload.services[0]
    band = service.bands[0]
    return replace(workload, services=(replace(service, bands=(UsageBand(tasks, band.hours_per_month),)),))


def _with_hours_factor(workload: Workload, factor: float) -> Workload:
    services = tuple(
        replace(s, bands=tuple(UsageBand(b.tasks, b.hours_per_month * factor) for b in s.bands))
        if s.runs is None
        else s
        for s in workload.services
    )
    return replace(workload, services=services)


def _with_utilization(workload: Workload, util: float, target: float) -> Workload:
    """Every service right-sized as if its average CPU and memory use were `util`."""
    services = tuple(
        replace(
            s,
            vcpu=_round_up(s.vcpu * util / target, 0.125),
            memory_gib=_round_up(s.memory_gib * util / target, 0.125),
        )
        for s in workload.services
    )
    return replace(workload, services=services)


def _series(dimension: str, xs: list[float], runs: list[tuple[CostBreakdown, ...]]) -> Series:
    ids = sorted({r.option_id for results in runs for r in results})
    costs: dict[str, tuple[float | None, ...]] = {}
    for option in ids:
        values: list[float | None] = []
        for results in runs:
            match = next((r for r in results if r.option_id == option), None)
            values.append(round(match.monthly_usd, 2) if match is not None and match.feasible else None)
        costs[option] = tuple(values)
    return Series(dimension, tuple(xs), MappingProxyType(costs))


def _flips(
    dimension: str,
    xs: list[float],
    runs: list[tuple[CostBreakdown, ...]],
    describe: Callable[[float, str, str], str],
) -> list[BreakEven]:
    flips = []
    previous: CostBreakdown | None = None
    for x, results in zip(xs, runs, strict=True):
        best = _cheapest(results)
        if best is not None and previous is not None and best.option_id != previous.option_id:
            flips.append(
                BreakEven(
                    dimension,
                    x,
                    previous.option_id,
                    best.option_id,
                    describe(x, option_name(previous), option_name(best)),
                )
            )
        previous = best if best is not None else previous
    return flips


def tasks_analysis(
    workload: Workload, catalog: PriceCatalog, max_tasks: int | None = None
) -> tuple[list[BreakEven], Series] | None:
    """Exact task-count break-evens for a single steady service: every count is priced.

    Task counts are whole numbers, so pricing each one from 1 to `max_tasks` finds the true
    crossing points of the stepwise EC2 costs and the linear Fargate costs.
    """
    if (
        len(workload.services) != 1
        or workload.services[0].runs is not None
        or len(workload.services[0].bands) != 1
    ):
        return None
    current = workload.services[0].bands[0].tasks
    top = max_tasks or min(max(2 * current, 20), 200)
    xs = list(range(1, top + 1))
    runs = [estimate(_with_tasks(workload, n), catalog) for n in xs]
    flips = _flips(
        "tasks", [float(x) for x in xs], runs, lambda x, a, b: f"From {x:g} tasks, {b} is cheaper than {a}."
    )
    return flips, _series("tasks", [float(x) for x in xs], runs)


def _affine(
    lo: tuple[CostBreakdown, ...], hi: tuple[CostBreakdown, ...], f_lo: float, f_hi: float
) -> dict[str, tuple[float, float]]:
    """Per feasible option, (intercept, slope) of cost in the hours factor."""
    out = {}
    for a in lo:
        b = next((r for r in hi if r.option_id == a.option_id), None)
        if a.feasible and b is not None and b.feasible:
            slope = (b.monthly_usd - a.monthly_usd) / (f_hi - f_lo)
            out[a.option_id] = (a.monthly_usd - slope * f_lo, slope)
    return out


def _names(results: tuple[CostBreakdown, ...]) -> dict[str, str]:
    return {r.option_id: option_name(r) for r in results}


def hours_analysis(workload: Workload, catalog: PriceCatalog) -> tuple[list[BreakEven], Series]:
    """Exact hours-per-month break-evens: every option's cost is affine in running hours.

    Instance-hours, task-hours and add-on hours scale with the hours the tasks run and the EKS
    control plane is constant, so two evaluations give each option's line and the crossings
    follow by algebra, not by sampling. Hours scale every band of every service together.
    """
    base_hours = max((b.hours_per_month for s in workload.services for b in s.bands), default=0.0)
    if base_hours <= 0:
        return [], Series("hours_per_month", (), MappingProxyType({}))
    max_factor = MAX_HOURS_PER_MONTH / base_hours
    half = estimate(_with_hours_factor(workload, 0.5), catalog)
    full = estimate(_with_hours_factor(workload, 1.0), catalog)
    names = _names(full)
    lines = _affine(half, full, 0.5, 1.0)

    def best_at(f: float) -> str:
        return min(lines, key=lambda k: (lines[k][0] + lines[k][1] * f, k))

    crossings = set()
    ids = sorted(lines)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            (ia, sa), (ib, sb) = lines[a], lines[b]
            if sa != sb:
                f = (ib - ia) / (sa - sb)
                if 1.0 / base_hours <= f < max_factor:  # under an hour is float noise at zero
                    crossings.add(f)
    flips = []
    eps = 1e-9 * max_factor
    for f in sorted(crossings):
        below, above = best_at(f - eps), best_at(f + eps)
        if below != above:
            hours = f * base_hours
            flips.append(
                BreakEven(
                    "hours_per_month",
                    hours,
                    below,
                    above,
                    f"Above {hours:,.0f} hours/month, {names[above]} is cheaper than {names[below]}.",
                )
            )
    xs = [round(base_hours * f, 2) for f in (0.1, 0.25, 0.5, 0.75, 1.0, max_factor)]
    costs = {k: tuple(round(i + sl * x / base_hours, 2) for x in xs) for k, (i, sl) in lines.items()}
    return flips, Series("hours_per_month", tuple(xs), MappingProxyType(costs))


UTILIZATION_GRID = tuple(round(0.05 * i, 2) for i in range(2, 21))


def utilization_analysis(
    workload: Workload, catalog: PriceCatalog, target: float
) -> tuple[list[BreakEven], Series]:
    """Break-evens in average utilization, with every service right-sized to it.

    Right-sized Fargate sizes and packed EC2 fleets both move in steps, so the grid locates
    each change of the cheapest option and bisection then pins it down to 0.001.
    """
    xs = list(UTILIZATION_GRID)
    runs = [estimate(_with_utilization(workload, u, target), catalog) for u in xs]
    flips = []
    for i in range(1, len(xs)):
        lo_best, hi_best = _cheapest(runs[i - 1]), _cheapest(runs[i])
        if lo_best is None or hi_best is None or lo_best.option_id == hi_best.option_id:
            continue
        lo, hi = xs[i - 1], xs[i]
        while hi - lo > 0.001:
            mid = (lo + hi) / 2
            best = _cheapest(estimate(_with_utilization(workload, mid, target), catalog))
            if best is not None and best.option_id == lo_best.option_id:
                lo = mid
            else:
                hi = mid
        flips.append(
            BreakEven(
                "utilization",
                round(hi, 3),
                lo_best.option_id,
                hi_best.option_id,
                f"At {hi:.0%} average utilization and above (right-sized to {target:.0%}), "
                f"{option_name(hi_best)} is cheaper than {option_name(lo_best)}.",
            )
        )
    return flips, _series("utilization", xs, runs)


def commitment_analysis(workload: Workload, catalog: PriceCatalog) -> list[BreakEven]:
    """The Compute Savings Plan discount at which each platform would become the cheapest.

    Cost is linear in the discount (only compute is discounted), so pricing the 1-year plan at
    0 % and 50 % gives each platform's line; the break-even discount follows exactly.
    """
    current = _cheapest(estimate(workload, catalog))
    if current is None:
        return []

    def priced(discount: float) -> tuple[CostBreakdown, ...]:
        assumptions = replace(
            workload.assumptions,
            savings_plan_1y_discount=discount,
            fargate_savings_plan_1y_discount=discount,
        )
        return estimate(
            replace(workload, assumptions=assumptions, purchases=(Purchase.SAVINGS_PLAN_1Y,)), catalog
        )

    zero, half = priced(0.0), priced(0.5)
    flips = []
    for a in zero:
        b = next((r for r in half if r.option_id == a.option_id), None)
        if not a.feasible or b is None or not b.feasible or a.platform is current.platform:
            continue
        discountable = 2 * (a.monthly_usd - b.monthly_usd)
        if discountable <= 0:
            continue
        needed = (a.monthly_usd - current.monthly_usd) / discountable
        if 0 < needed < 1:
            flips.append(
                BreakEven(
                    "commitment",
                    round(needed, 4),
                    current.option_id,
                    a.option_id,
                    f"With a Compute Savings Plan discount above {needed:.1%}, "
                    f"{PLATFORM_NAMES[a.platform]} becomes cheaper than {option_name(current)}.",
                )
            )
    return flips


# --- right-sizing ------------------------------------------------------------------------


def _round_up(value: float, step: float) -> float:
    return max(step, math.ceil(value / step - 1e-9) * step)


def rightsize(
    workload: Workload,
    catalog: PriceCatalog,
    target: float = 0.7,
    current: tuple[CostBreakdown, ...] | None = None,
) -> RightSizing | None:
    """Smaller requests from measured utilization, and what each option saves with them.

    A service's new request is what its average use needs at the target utilization
    (use ÷ target, rounded up to 1/8 vCPU and 128 MiB), never below its measured use; services
    without utilization data, or already above the target, keep their size. The Fargate models
    round the new request up to a valid task size themselves.
    """
    if not 0 < target <= 1:
        raise ValueError(f"target utilization {target!r} must be in (0, 1]")
    resized = []
    services = []
    for s in workload.services:
        new_vcpu = _round_up(s.vcpu * s.cpu_util / target, 0.125) if s.cpu_util else s.vcpu
        new_mem = _round_up(s.memory_gib * s.mem_util / target, 0.125) if s.mem_util else s.memory_gib
        new_vcpu, new_mem = min(new_vcpu, s.vcpu), min(new_mem, s.memory_gib)
        if s.cpu_util is None and s.mem_util is None:
            note = "no utilization data: kept as requested"
        elif (new_vcpu, new_mem) == (s.vcpu, s.memory_gib):
            note = "already at or above the target utilization: kept"
        else:
            note = f"sized for {target:.0%} of the new request at the measured average use"
        resized.append(ServiceResize(s.name, s.vcpu, s.memory_gib, new_vcpu, new_mem, note))
        services.append(
            replace(
                s,
                vcpu=new_vcpu,
                memory_gib=new_mem,
                cpu_util=None if s.cpu_util is None else min(1.0, s.cpu_util * s.vcpu / new_vcpu),
                mem_util=None if s.mem_util is None else min(1.0, s.mem_util * s.memory_gib / new_mem),
            )
        )
    if all(r.vcpu == r.new_vcpu and r.memory_gib == r.new_memory_gib for r in resized):
        return RightSizing(target, tuple(resized), ())
    before = current if current is not None else estimate(workload, catalog)
    after = {r.option_id: r for r in estimate(replace(workload, services=tuple(services)), catalog)}
    options = tuple(
        OptionSavings(r.option_id, r.monthly_usd, after[r.option_id].monthly_usd)
        for r in before
        if r.feasible and r.option_id in after and after[r.option_id].feasible
    )
    return RightSizing(target, tuple(resized), options)


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
    ranked, recommendation = recommend(results, weights, ops)
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
    break_even += util_flips
    sensitivity.append(util_series)
    break_even += commitment_analysis(workload, catalog)
    return Comparison(
        results=results,
        ranked=ranked,
        recommendation=recommendation,
        break_even=tuple(break_even),
        sensitivity=tuple(sensitivity),
        rightsizing=rightsize(workload, catalog, target_util, results),
    )
