"""Where the answer flips: the task count, hours, utilization and commitment at which the
cheapest option changes, and the cost series the dashboard charts along each of them. Along
the task count, where a managed platform first becomes cheaper than its Fargate counterpart is
stated too (the management fee's own break-even is in `fees`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from advisor.decision.option_names import option_name
from advisor.decision.rightsizing import round_up
from advisor.engine import estimate
from advisor.model.costs import CostBreakdown
from advisor.model.prices import PriceCatalog
from advisor.model.workload import MAX_HOURS_PER_MONTH, Platform, Purchase, UsageBand, Workload


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


def _cheapest(results: tuple[CostBreakdown, ...]) -> CostBreakdown | None:
    feasible = [r for r in results if r.feasible]
    return min(feasible, key=lambda r: r.monthly_usd) if feasible else None


def with_tasks(workload: Workload, tasks: int) -> Workload:
    """The single steady service with `tasks` tasks."""
    service = workload.services[0]
    band = service.bands[0]
    return replace(workload, services=(replace(service, bands=(UsageBand(tasks, band.hours_per_month),)),))


def with_hours_factor(workload: Workload, factor: float) -> Workload:
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
            vcpu=round_up(s.vcpu * util / target, 0.125),
            memory_gib=round_up(s.memory_gib * util / target, 0.125),
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


MAX_RANGES = 4
"""At most this many ranges per dimension (so at most three lines): shorter runs of another
cheapest option are folded into their neighbours and named as exceptions."""

_RUN_SHORT = 2
"""A run of at most this many task counts between two runs of one option is an exception."""


@dataclass(slots=True)
class _Run:
    option: str
    start: int
    end: int
    exceptions: list[tuple[int, str]]


def task_ranges(best: list[str], first: int = 1) -> list[_Run]:
    """Runs of task counts with the same cheapest option, short alternations folded in.

    `best[i]` is the cheapest option at `first + i` tasks. A short run between two runs of the
    same option becomes an exception of the merged run; then, while there are more than
    MAX_RANGES runs, the shortest run joins its longer neighbour.
    """
    runs: list[_Run] = []
    for i, option in enumerate(best):
        n = first + i
        if runs and runs[-1].option == option:
            runs[-1].end = n
        else:
            runs.append(_Run(option, n, n, []))

    def fold(k: int, into: int) -> None:
        gone = runs.pop(k)
        target = runs[into if into < k else into - 1]
        target.exceptions += [(n, gone.option) for n in range(gone.start, gone.end + 1)] + gone.exceptions
        target.start, target.end = min(target.start, gone.start), max(target.end, gone.end)

    def length(k: int) -> int:
        return runs[k].end - runs[k].start + 1

    while True:
        sandwiched = [
            k
            for k in range(1, len(runs) - 1)
            if runs[k - 1].option == runs[k + 1].option and length(k) <= _RUN_SHORT
        ]
        if not sandwiched:
            break
        k = min(sandwiched, key=lambda i: (length(i), i))
        fold(k, k - 1)
        nxt = runs.pop(k)  # now next to a run of its own option: join them
        runs[k - 1].end, runs[k - 1].exceptions = nxt.end, runs[k - 1].exceptions + nxt.exceptions
    while len(runs) > MAX_RANGES:
        k = min(range(len(runs)), key=lambda i: (length(i), i))
        neighbours = [i for i in (k - 1, k + 1) if 0 <= i < len(runs)]
        fold(k, max(neighbours, key=length))
        for i in range(len(runs) - 1, 0, -1):
            if runs[i].option == runs[i - 1].option:
                runs[i - 1].end, runs[i - 1].exceptions = (
                    runs[i].end,
                    runs[i - 1].exceptions + runs[i].exceptions,
                )
                runs.pop(i)
    for run in runs:
        run.exceptions.sort()
    return runs


def _exception_text(run: _Run, names: Mapping[str, str]) -> str:
    if not run.exceptions:
        return ""
    by_option: dict[str, list[int]] = {}
    for n, option in run.exceptions:
        by_option.setdefault(option, []).append(n)
    parts = []
    for option, counts in by_option.items():
        listed = ", ".join(map(str, counts[:5])) + (" …" if len(counts) > 5 else "")
        parts.append(f"{names[option]} at {listed}")
    return f" (except {'; '.join(parts)})"


def tasks_analysis(
    workload: Workload, catalog: PriceCatalog, max_tasks: int | None = None
) -> tuple[list[BreakEven], Series] | None:
    """Task-count ranges for a single steady service: every count is priced.

    Task counts are whole numbers, so pricing each one from 1 to `max_tasks` finds the true
    crossing points of the stepwise EC2 costs and the linear Fargate costs; the counts are then
    read as a few ranges ("ECS on EC2 is cheapest from 4 to 40 tasks; below 4, ECS on
    Fargate"), each BreakEven at the first count of a range.
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
    runs = [estimate(with_tasks(workload, n), catalog) for n in xs]
    cheapest = [_cheapest(results) for results in runs]
    if any(c is None for c in cheapest):
        return [], _series("tasks", [float(x) for x in xs], runs)
    names = {r.option_id: option_name(r) for results in runs for r in results}
    ranges = task_ranges([c.option_id for c in cheapest if c is not None])
    flips = []
    for k in range(1, len(ranges)):
        run, before = ranges[k], ranges[k - 1]
        upto = f"to {run.end} tasks" if k < len(ranges) - 1 else f"tasks on (priced to {top})"
        text = f"{names[run.option]} is cheapest from {run.start} {upto}{_exception_text(run, names)}"
        if k == 1:
            text += f"; below {run.start}, {names[before.option]}{_exception_text(before, names)}"
        flips.append(BreakEven("tasks", float(run.start), before.option, run.option, text + "."))
    for pair in _managed_pairs(workload):
        stated = {(f.value, f.below, f.above) for f in flips}
        flips += [
            f for f in _pair_crossing(runs, pair, names, top) if (f.value, f.below, f.above) not in stated
        ]
    return flips, _series("tasks", [float(x) for x in xs], runs)


def _pair_crossing(
    runs: list[tuple[CostBreakdown, ...]],
    pair: set[tuple[Platform, Purchase]],
    names: Mapping[str, str],
    top: int,
) -> list[BreakEven]:
    """Where a managed option first becomes cheaper than its Fargate counterpart along the task
    count, read as a range like the cheapest option's ("ECS Managed Instances (on-demand) is
    cheaper than ECS on Fargate (on-demand) from 5 tasks on (priced to 12)."), even where
    neither is the cheapest; one line at most."""
    winners = []
    for results in runs:
        best = _cheapest(tuple(r for r in results if (r.platform, r.purchase) in pair))
        if best is None:
            return []
        winners.append(best.option_id)
    ranges = task_ranges(winners)
    for k in range(1, len(ranges)):
        run, before = ranges[k], ranges[k - 1]
        if Platform(run.option.split("/")[0]) in MANAGED_COUNTERPARTS:
            upto = f"to {run.end} tasks" if k < len(ranges) - 1 else f"tasks on (priced to {top})"
            text = f"{names[run.option]} is cheaper than {names[before.option]} from {run.start} {upto}"
            return [
                BreakEven(
                    "tasks",
                    float(run.start),
                    before.option,
                    run.option,
                    text + _exception_text(run, names) + ".",
                )
            ]
    return []


MANAGED_COUNTERPARTS: Mapping[Platform, Platform] = MappingProxyType(
    {
        Platform.ECS_MANAGED_INSTANCES: Platform.ECS_FARGATE,
        Platform.EKS_AUTO_MODE: Platform.EKS_FARGATE,
    }
)
"""The serverless option each managed platform is weighed against; against self-managed EC2
(the same fleet without the fee) the fee itself is the difference (`fee_analysis`)."""


def _managed_pairs(workload: Workload) -> list[set[tuple[Platform, Purchase]]]:
    """(managed, Fargate counterpart) option pairs under one purchase option, both requested."""
    return [
        {(managed, purchase), (other, purchase)}
        for managed, other in MANAGED_COUNTERPARTS.items()
        if managed in workload.platforms and other in workload.platforms
        for purchase in workload.purchases
    ]


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
    half = estimate(with_hours_factor(workload, 0.5), catalog)
    full = estimate(with_hours_factor(workload, 1.0), catalog)
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
    longest = [s.name for s in workload.services if any(b.hours_per_month == base_hours for b in s.bands)]
    who = (
        ""
        if len(workload.services) == 1
        else f" for {', '.join(longest)} (the other services' hours scaled in proportion)"
    )
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
                    f"{names[above]} is cheapest above {hours:,.0f} hours/month{who}; below, {names[below]}.",
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
