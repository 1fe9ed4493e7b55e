"""Benchmark: how close the heuristic packer gets to the cheapest fleet, and how fast it is.

`advisor.costing.packing.pack` is exact within the exact cover's bounds and a bounded heuristic
beyond them, so its fleets may cost more than the optimum there. This measures the gap on
small mixed cases, on larger ones (50 tasks; 3–6 services with up to 50 tasks) and on cases
past the exact bounds (up to 200 tasks), where an answer is still affordable: each case is
also solved as a mixed-integer program with `scipy.optimize.milp` (HiGHS). It also times `pack`
on those cases and on one 50-service packing over the full type list.

Run on demand (not part of pytest): `python bench/bench_packing.py`. Prints one row per case
and a summary against the target (issue: packing within 2 % of the optimum). It reports and
always exits 0.

Node types are ECS on EC2, Linux x86_64, on-demand, us-east-1, from the embedded snapshot,
built by `advisor.costing.node_types.node_table` with the ECS capacity model (CPU units, registered memory,
awsvpc ENI slots, GPUs) and default assumptions. Their price is what the packer minimizes: the
instance's hourly rate plus its per-instance extras (the EBS root volume). The small cases are
restricted to 20 common non-burstable types so the MILP stays small.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root, for `advisor`

from bench_estimate import median_ms  # this script's folder is on sys.path when run

from advisor.costing.bins import CandidateTable, Demand, NodeType, Packing
from advisor.costing.ecs_ec2 import ecs_ec2_model, task_resources
from advisor.costing.mix_cover import MAX_STATES, state_count
from advisor.costing.node_types import node_table, pools
from advisor.costing.packing import pack
from advisor.model.assumptions import default_assumptions
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Platform, Purchase, Service, Workload
from pricing import load_catalog

REGION = "us-east-1"
SMALL_FAMILIES = ("m5", "c5", "r5", "m6i", "c6i")
SMALL_SIZES = ("large", "xlarge", "2xlarge", "4xlarge")
SEED = 20260101
MIXED_CASES = 40
SINGLE_CASES = 6
LARGER_CASES = 8
"""Cases of 50 tasks of one service, and of 3–6 services with up to 50 tasks between them."""
BEYOND_CASES = 6
"""Cases of 3–6 services with up to 200 tasks between them, past the exact cover's bounds, so
the packer's heuristics answer (the MILP may not prove its optimum within its time limit there)."""
LARGE_SERVICES = 50
TARGET_GAP_PCT = 2.0
MILP_TIME_LIMIT_S = 30.0
PACK_REPEAT = 20
LARGE_REPEAT = 5
TASK_VCPUS = (0.25, 0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True, slots=True)
class Exact:
    """The MILP's best fleet price, whether HiGHS proved it optimal, and its solve time."""

    hourly_usd: float
    proven: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class CaseResult:
    services: int
    tasks: int
    heuristic_usd: float
    exact: Exact
    pack_ms: float

    @property
    def gap_pct(self) -> float:
        return (self.heuristic_usd - self.exact.hourly_usd) / self.exact.hourly_usd * 100


def ecs_node_types(catalog: PriceCatalog, instance_types: tuple[str, ...] = ()) -> CandidateTable:
    """Linux x86_64 on-demand ECS node types (all, or the allow-list) as the packer's table.

    Built exactly as the estimator builds them (`node_types.node_table` with the ECS model). The one
    placeholder service has no measured CPU use, so a burstable type counts only its baseline
    CPU, as the estimator does.
    """
    workload = Workload(
        services=(Service("web", 1, 2),),
        region=REGION,
        assumptions=default_assumptions(),
        platforms=(Platform.ECS_EC2,),
        instance_types=instance_types,
    )
    table = node_table(
        workload, catalog, Purchase.ON_DEMAND, pools(workload.services)[0], ecs_ec2_model(workload)
    )
    assert table is not None, "no Linux x86_64 type in the snapshot"
    return table


def random_demands(rng: np.random.Generator, services: int, max_tasks: int) -> list[Demand]:
    """Services of realistic awsvpc task sizes (Fargate-like vCPU:memory ratios, ≤ 16 GiB)."""
    demands = []
    for index in range(services):
        vcpu = float(rng.choice(TASK_VCPUS))
        low, high = max(0.5, 2 * vcpu), min(16.0, 8 * vcpu)
        memory_gib = float(rng.choice(np.arange(low, high + 0.25, 0.5)))
        service = Service(f"svc{index}", vcpu, memory_gib)
        demands.append(Demand(service.name, int(rng.integers(1, max_tasks + 1)), task_resources(service)))
    return demands


def small_cases(rng: np.random.Generator) -> list[list[Demand]]:
    """Mixed cases of 2–4 services, then single-service cases; 1–12 tasks per service; then the
    larger cases: two of 50 tasks of one service, the rest 3–6 services of up to 50 tasks; then
    the cases beyond the exact bounds."""
    mixed = [random_demands(rng, int(rng.integers(2, 5)), 12) for _ in range(MIXED_CASES)]
    single = [random_demands(rng, 1, 12) for _ in range(SINGLE_CASES)]
    fifty = [[Demand(d.service, 50, d.resources) for d in random_demands(rng, 1, 1)] for _ in range(2)]
    several = []
    for _ in range(LARGER_CASES - len(fifty)):
        services = int(rng.integers(3, 7))
        several.append(random_demands(rng, services, 50 // services))
    beyond: list[list[Demand]] = []
    while len(beyond) < BEYOND_CASES:
        services = int(rng.integers(3, 7))
        demands = random_demands(rng, services, 200 // services)
        kinds: dict[tuple[float, ...], int] = {}
        for d in demands:
            kinds[d.resources] = kinds.get(d.resources, 0) + d.count
        if state_count(np.array(list(kinds.values()))) > MAX_STATES:
            beyond.append(demands)
    return mixed + single + fifty + several + beyond


def _per_node(resources: tuple[float, ...], capacity: tuple[float, ...]) -> int:
    """Tasks of one kind an empty node holds (0 if one does not fit)."""
    return min(
        math.floor((have + 1e-9) / need) for need, have in zip(resources, capacity, strict=True) if need > 0
    )


def _slot_types(demands: list[Demand], types: list[NodeType], upper_usd: float) -> list[int]:
    """The type of each node slot, slots of one type adjacent.

    Type t gets min(⌊upper_usd / price_t⌋, tasks that fit on t) slots: a fleet no dearer than
    `upper_usd` cannot use more nodes of t, and an optimal one has no empty node, so the
    bound cuts off no optimum.
    """
    return [
        t
        for t, node in enumerate(types)
        for _ in range(
            min(
                math.floor(upper_usd / node.hourly_usd + 1e-9),
                sum(d.count for d in demands if _per_node(d.resources, node.capacity) > 0),
            )
        )
    ]


@dataclass(slots=True)
class _Rows:
    """Sparse constraint rows `low <= A @ v <= high`, added one at a time."""

    entries: list[tuple[int, int, float]] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)

    def add(self, terms: list[tuple[int, float]], low: float, high: float) -> None:
        self.entries.extend((len(self.low), column, value) for column, value in terms)
        self.low.append(low)
        self.high.append(high)

    def constraint(self, columns: int) -> LinearConstraint:
        rows, cols, values = zip(*self.entries, strict=True)
        matrix = coo_array((values, (rows, cols)), shape=(len(self.low), columns))
        return LinearConstraint(matrix, self.low, self.high)


def solve_exact(demands: list[Demand], types: list[NodeType], upper_usd: float) -> Exact:
    """The cheapest fleet holding every task, as a MILP over node slots (`_slot_types`).

    Per slot s: y[s] (open, binary, column s) and x[i, s] (tasks of demand i on it, integer).
    Every task is placed, each open slot holds what fits in every resource, slots of a type
    open in order (symmetry breaking), and the fleet costs at most `upper_usd` (the heuristic's
    price, so the search starts with a cutoff). Minimizes the summed price of open slots.
    """
    slot_type = _slot_types(demands, types, upper_usd)
    n, slots = len(demands), len(slot_type)

    def x(i: int, s: int) -> int:
        return slots + s * n + i

    upper = np.ones(slots * (n + 1))
    for s, t in enumerate(slot_type):
        for i, d in enumerate(demands):
            upper[x(i, s)] = min(d.count, _per_node(d.resources, types[t].capacity))
    price = np.zeros(slots * (n + 1))
    price[:slots] = [types[t].hourly_usd for t in slot_type]
    rows = _Rows()
    for i, d in enumerate(demands):
        rows.add([(x(i, s), 1.0) for s in range(slots)], d.count, d.count)
    dims = [r for r in range(len(demands[0].resources)) if any(d.resources[r] > 0 for d in demands)]
    for s, t in enumerate(slot_type):
        for r in dims:
            terms = [(x(i, s), d.resources[r]) for i, d in enumerate(demands) if d.resources[r] > 0]
            rows.add([*terms, (s, -types[t].capacity[r])], -np.inf, 0.0)
        for i in range(n):
            rows.add([(x(i, s), 1.0), (s, -upper[x(i, s)])], -np.inf, 0.0)
        if s + 1 < slots and slot_type[s + 1] == t:
            rows.add([(s, 1.0), (s + 1, -1.0)], 0.0, np.inf)
    rows.add([(s, price[s]) for s in range(slots)], 0.0, upper_usd + 1e-6)
    start = time.perf_counter()
    result = milp(
        price,
        constraints=rows.constraint(len(price)),
        integrality=np.ones(len(price)),
        bounds=Bounds(0, upper),
        options={"time_limit": MILP_TIME_LIMIT_S},
    )
    seconds = time.perf_counter() - start
    best = float(result.fun) if result.x is not None else upper_usd
    return Exact(min(best, upper_usd), result.status == 0, seconds)


def cold_pack(demands: list[Demand], table: CandidateTable) -> Packing:
    """`pack` without the table's memos of earlier packings and exact fleets, so each run does
    the work."""
    table.packed.clear()
    table.mixes.clear()
    return pack(demands, table.types, table)


def run_case(demands: list[Demand], table: CandidateTable) -> CaseResult:
    types = table.types
    heuristic = pack(demands, types, table).hourly_usd
    return CaseResult(
        services=len(demands),
        tasks=sum(d.count for d in demands),
        heuristic_usd=heuristic,
        exact=solve_exact(demands, types, heuristic),
        pack_ms=median_ms(lambda: cold_pack(demands, table), PACK_REPEAT),
    )


def print_table(results: list[CaseResult]) -> None:
    print(f"{'case':>4} {'svcs':>4} {'tasks':>5} {'heuristic $/h':>13} {'optimum $/h':>12} {'gap %':>6}")
    for number, r in enumerate(results, 1):
        flag = "" if r.exact.proven else "  (not proven optimal)"
        print(
            f"{number:>4} {r.services:>4} {r.tasks:>5} {r.heuristic_usd:>13.4f} "
            f"{r.exact.hourly_usd:>12.4f} {r.gap_pct:>6.2f}{flag}"
        )


def print_summary(results: list[CaseResult], large_ms: float) -> None:
    beyond = [r.gap_pct for r in results[-BEYOND_CASES:]]
    gaps = [r.gap_pct for r in results[:-BEYOND_CASES]]
    within = sum(gap <= TARGET_GAP_PCT + 1e-9 for gap in gaps) / len(gaps)
    unproven = sum(not r.exact.proven for r in results)
    mean, worst = statistics.mean(gaps), max(gaps)
    print()
    print(
        f"cases: {len(gaps)} ({MIXED_CASES} mixed, {SINGLE_CASES} single-service, "
        f"{LARGER_CASES} larger) and {BEYOND_CASES} beyond the exact bounds, seed {SEED}"
    )
    larger = gaps[-LARGER_CASES:]
    print(
        f"larger cases (50 tasks; 3–6 services): mean gap {statistics.mean(larger):.2f} %, "
        f"max {max(larger):.2f} %"
    )
    print(
        f"beyond the exact bounds (3–6 services, up to 200 tasks): mean gap {statistics.mean(beyond):.2f} %, "
        f"max {max(beyond):.2f} %, {sum(g <= TARGET_GAP_PCT + 1e-9 for g in beyond)} of {len(beyond)} "
        f"within {TARGET_GAP_PCT:g} %"
    )
    print(f"gap to optimum: mean {mean:.2f} %, median {statistics.median(gaps):.2f} %, max {worst:.2f} %")
    print(f"within {TARGET_GAP_PCT:g} % of optimum: {within:.0%} of cases")
    if unproven:
        print(
            f"not proven optimal within {MILP_TIME_LIMIT_S:g} s: {unproven} case(s); gap is to the best found"
        )
    else:
        print("every optimum proven by HiGHS")
    print(f"MILP solve time: median {statistics.median(r.exact.seconds for r in results):.2f} s")
    print(f"pack on a small case: median {statistics.median(r.pack_ms for r in results):.2f} ms")
    print(f"pack of {LARGE_SERVICES} services on all Linux x86 types: median {large_ms:.1f} ms")
    print(
        f"target: packing within {TARGET_GAP_PCT:g} % of optimum — "
        f"mean {'meets' if mean <= TARGET_GAP_PCT else 'misses'} it, "
        f"max {'meets' if worst <= TARGET_GAP_PCT else 'misses'} it"
    )


def main() -> None:
    catalog = load_catalog("snapshot", REGION)
    subset = tuple(f"{family}.{size}" for family in SMALL_FAMILIES for size in SMALL_SIZES)
    small_table = ecs_node_types(catalog, subset)
    all_table = ecs_node_types(catalog)
    rng = np.random.default_rng(SEED)
    print(
        f"ECS on EC2, Linux x86_64 on-demand, {REGION}: {len(small_table.types)} types for the small "
        f"cases, {len(all_table.types)} for the {LARGE_SERVICES}-service packing\n"
    )
    results = [run_case(demands, small_table) for demands in small_cases(rng)]
    large = random_demands(rng, LARGE_SERVICES, 20)
    large_ms = median_ms(lambda: cold_pack(large, all_table), LARGE_REPEAT)
    print_table(results)
    print_summary(results, large_ms)


if __name__ == "__main__":
    main()
