"""The exact cover for several kinds of task: equal to brute force, bounded, and by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.costing.bins import Demand
from advisor.costing.ecs_ec2 import ecs_ec2_model
from advisor.costing.mix_cover import MAX_STATES, cheapest_mix, undominated
from advisor.costing.node_types import node_table, pools
from advisor.costing.packing import pack
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Purchase, Service, UsageBand, Workload

# (vCPU, GiB) boxes: a CPU box, a memory box and a big box holding both.
CAPACITY = np.array([[4.0, 4.0], [1.0, 8.0], [4.0, 16.0]])
PRICE = np.array([1.0, 0.5, 1.6])
SIZES = ("large", "xlarge", "2xlarge", "4xlarge")


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    """Every way to split the tasks into nodes (set partitions)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for i in range(len(partition)):
            yield [*partition[:i], [first, *partition[i]], *partition[i + 1 :]]


def _brute_force(counts: list[int], need: np.ndarray, capacity: np.ndarray, price: np.ndarray) -> float:
    """The cheapest fleet over every split of the tasks into nodes, each on its cheapest holder."""
    tasks = [kind for kind, count in enumerate(counts) for _ in range(count)]
    best = np.inf
    for partition in _partitions(tasks):
        total = 0.0
        for node in partition:
            usage = need[node].sum(axis=0)
            holders = price[np.all(usage <= capacity + 1e-9, axis=1)]
            total += holders.min() if len(holders) else np.inf
        best = min(best, total)
    return float(best)


def test_cpu_heavy_beside_memory_heavy_by_hand() -> None:
    # 2 × (2 vCPU, 1 GiB) and 1 × (0.5 vCPU, 6 GiB). The CPU box holds the two CPU tasks (4 vCPU)
    # but not the third (4.5 vCPU); the memory box holds the memory task: $1.0 + $0.5 = $1.5,
    # against $1.6 + $1.0 with the big box, and $3.2 for two big boxes.
    need = np.array([[2.0, 1.0], [0.5, 6.0]])
    found = cheapest_mix(np.array([2, 1]), need, CAPACITY, PRICE, undominated(CAPACITY, PRICE))
    assert found is not None
    assert found.hourly_usd == pytest.approx(1.5)
    assert sorted(found.nodes) == [(0, (2, 0)), (1, (0, 1))]


def test_a_type_matched_in_every_resource_for_no_more_is_left_out() -> None:
    # The fourth box is the big box's capacity for more; the fifth a copy of the CPU box.
    capacity = np.vstack([CAPACITY, [[4.0, 16.0], [4.0, 4.0]]])
    price = np.append(PRICE, [1.7, 1.0])
    assert undominated(capacity, price).tolist() == [1, 0, 2]


def test_over_the_bounds_or_with_a_task_that_fits_nowhere_there_is_no_answer() -> None:
    need = np.array([[0.25, 0.5], [0.5, 1.0], [1.0, 2.0]])
    types = undominated(CAPACITY, PRICE)
    over = np.array([30, 30, 30])
    assert np.prod(over + 1) > MAX_STATES
    assert cheapest_mix(over, need, CAPACITY, PRICE, types) is None
    assert cheapest_mix(np.array([1, 1]), np.array([[8.0, 1.0], [1.0, 1.0]]), CAPACITY, PRICE, types) is None


@settings(max_examples=120, deadline=None)
@given(
    boxes=st.lists(
        st.tuples(st.integers(1, 8), st.integers(1, 16), st.floats(0.05, 3)), min_size=1, max_size=4
    ),
    kinds=st.lists(
        st.tuples(st.sampled_from([0.5, 1.0, 2.0]), st.sampled_from([1.0, 2.0, 4.0, 6.0]), st.integers(0, 3)),
        min_size=1,
        max_size=3,
    ),
)
def test_the_cover_equals_brute_force_over_every_split_of_the_tasks(
    boxes: list[tuple[int, int, float]], kinds: list[tuple[float, float, int]]
) -> None:
    capacity = np.array([[cpu, mem] for cpu, mem, _ in boxes], dtype=float)
    price = np.array([p for _, _, p in boxes])
    need = np.array([[cpu, mem] for cpu, mem, _ in kinds])
    counts = [count for _, _, count in kinds]
    if sum(counts) == 0 or sum(counts) > 7:
        return
    brute = _brute_force(counts, need, capacity, price)
    found = cheapest_mix(np.array(counts), need, capacity, price, undominated(capacity, price))
    if not np.isfinite(brute):
        assert found is None
        return
    assert found is not None
    assert found.hourly_usd == pytest.approx(brute)
    held = np.sum([tasks for _, tasks in found.nodes], axis=0)
    assert held.tolist() == counts
    for t, tasks in found.nodes:
        assert np.all(np.asarray(tasks) @ need <= capacity[t] + 1e-9)
    assert sum(price[t] for t, _ in found.nodes) == pytest.approx(found.hourly_usd)


def test_regression_issue_12_several_services_on_real_types_are_optimal(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    """A benchmark case the heuristics left 2.7 % above the optimum: 4 × (0.5 vCPU, 1.5 GiB),
    1 × (0.25 vCPU, 1.5 GiB) and 2 × (1 vCPU, 7 GiB) in awsvpc mode on 20 common types in one
    zone. The packing now equals brute force over every split of the seven tasks."""
    services = (
        Service("a", 0.5, 1.5, bands=(UsageBand(4),)),
        Service("b", 0.25, 1.5, bands=(UsageBand(1),)),
        Service("c", 1, 7, bands=(UsageBand(2),)),
    )
    types = tuple(f"{family}.{size}" for family in ("m5", "c5", "r5", "m6i", "c6i") for size in SIZES)
    workload = Workload(
        services, "us-east-1", replace(assumptions, availability_zones=1), instance_types=types
    )
    model = ecs_ec2_model(workload)
    table = node_table(workload, us_east_1, Purchase.ON_DEMAND, pools(services)[0], model)
    assert table is not None
    demands = [Demand(s.name, s.bands[0].tasks, model.resources(s)) for s in services]
    packed = pack(demands, table.types, table)
    need = np.array([d.resources for d in demands])
    assert packed.hourly_usd == pytest.approx(_brute_force([4, 1, 2], need, table.capacity, table.price))
