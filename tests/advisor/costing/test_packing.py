"""The packer: never over capacity, every task placed, cheap on hand-checkable cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.costing.bins import Demand, NodeType, Unplaceable, candidate_table
from advisor.costing.covers import covers, frontier, per_node_counts
from advisor.costing.packing import pack
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions

SMALL = NodeType("small", 1.0, (2.0, 4.0))
LARGE = NodeType("large", 1.9, (4.0, 8.0))


def test_identical_tasks_fill_the_best_type_and_the_remainder_goes_to_the_cheapest_holder() -> None:
    # 5 tasks of (1, 2): LARGE holds 4 at 0.475/task, SMALL 2 at 0.5/task.
    # Best: 1 LARGE (4 tasks) + 1 SMALL (1 task) = 2.9 < 2 LARGE = 3.8 < 3 SMALL = 3.0.
    packing = pack([Demand("web", 5, (1.0, 2.0))], [SMALL, LARGE])
    assert sorted(n.node_type.name for n in packing.nodes) == ["large", "small"]
    assert packing.hourly_usd == pytest.approx(2.9)


def test_task_that_fits_nowhere_is_reported() -> None:
    with pytest.raises(Unplaceable, match="big"):
        pack([Demand("big", 1, (16.0, 1.0))], [SMALL, LARGE])


def test_no_tasks_no_nodes() -> None:
    assert pack([Demand("web", 0, (1.0, 1.0))], [SMALL]).nodes == ()


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[Demand], list[NodeType]]:
    types = [
        NodeType(
            f"t{i}",
            draw(st.floats(0.01, 5)),
            (float(draw(st.integers(2, 16))), float(draw(st.integers(2, 64)))),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    demands = [
        Demand(
            f"s{i}",
            draw(st.integers(0, 30)),
            (draw(st.sampled_from([0.25, 0.5, 1, 2])), draw(st.sampled_from([0.5, 1, 2, 4]))),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    return demands, types


@settings(max_examples=150, deadline=None)
@given(problems())
def test_packing_never_exceeds_capacity_and_places_every_task(
    problem: tuple[list[Demand], list[NodeType]],
) -> None:
    demands, types = problem
    biggest = (max(t.capacity[0] for t in types), max(t.capacity[1] for t in types))
    placeable = all(any(t.fits(d.resources) for t in types) for d in demands if d.count)
    if not placeable:
        with pytest.raises(Unplaceable):
            pack(demands, types)
        return
    packing = pack(demands, types)
    for node in packing.nodes:
        for used, have in zip(node.used, node.node_type.capacity, strict=True):
            assert used <= have + 1e-6
    for i, demand in enumerate(d for d in demands if d.count):
        assert sum(node.counts[i] for node in packing.nodes) == demand.count
    assert biggest  # the strategy always builds at least one type


CPU_BOX = NodeType("cpu", 1.0, (4.0, 4.0))
MEM_BOX = NodeType("mem", 1.0, (1.0, 16.0))
BIG_BOX = NodeType("big", 1.2, (4.0, 16.0))


def test_cpu_heavy_and_memory_heavy_tasks_share_a_node() -> None:
    # 4 tasks of (1, 1) and 4 of (0, 3): one BIG holds them all (4 CPU, 4 + 12 = 16 GB) for
    # 1.2; apart they need 1 CPU box + 1 memory box (its 16 GB hold four 3 GB tasks) = 2.0.
    packing = pack([Demand("cpu", 4, (1.0, 1.0)), Demand("mem", 4, (0.0, 3.0))], [CPU_BOX, MEM_BOX, BIG_BOX])
    assert packing.hourly_usd == pytest.approx(1.2)


def test_cheapest_fleets_by_hand() -> None:
    # Tasks of (1, 2): SMALL holds 2 for 1.0, LARGE 4 for 1.9.
    # 0 tasks: nothing. 1: one SMALL (1.0). 5: LARGE + SMALL (2.9). 8: two LARGE (3.8).
    per_node = per_node_counts(np.array([SMALL.capacity, LARGE.capacity]), np.array([[1.0, 2.0]] * 4))
    found = covers(per_node, np.array([1.0, 1.9]), 8)
    assert found.hourly_usd(np.array([0, 1, 5, 8])).tolist() == pytest.approx([0.0, 1.0, 2.9, 3.8])
    assert sorted(found.fleet(2, 5)) == [(0, 1), (1, 4)]


def test_tasks_per_node_with_one_table_per_problem() -> None:
    # Tasks of (1, 2) and (2, 2). Table 1 is SMALL and LARGE; table 2 the same types with
    # (1, 8) and (3, 8): a burstable's CPU shrinking at a higher utilization.
    needs = np.array([[1.0, 2.0], [2.0, 2.0]])
    tables = np.array([[SMALL.capacity, LARGE.capacity], [(1.0, 8.0), (3.0, 8.0)]])
    assert per_node_counts(tables, needs).tolist() == [[2, 4], [0, 1]]
    assert per_node_counts(tables[1], needs[1:]).tolist() == [[0, 1]]


def test_tables_filled_only_as_far_as_needed_give_the_same_fleets() -> None:
    # Problem 0 is asked about 13 tasks, problem 1 about 2: its table stops there.
    per_node = np.array([[5, 3, 1], [2, 4, 0]])
    price = np.array([[5.0, 3.3, 1.2], [1.0, 1.9, np.inf]])
    whole = covers(per_node, price, 13)
    short = covers(per_node, price, 13, needed=np.array([13, 2]))
    for problem, counts in ((0, range(14)), (1, range(3))):
        asked = np.array(list(counts))
        at = np.full(len(asked), problem)
        assert short.hourly_usd(asked, at).tolist() == whole.hourly_usd(asked, at).tolist()
        assert [short.fleet(problem, c) for c in asked] == [whole.fleet(problem, c) for c in asked]
    assert short.hourly_usd(np.array([13]), np.array([0]))[0] == pytest.approx(13.3)


def test_regression_issue_12_one_kind_is_exact_where_bulk_plus_remainder_is_not() -> None:
    # A holds 5 for $5, B 3 for $3.3, C 1 for $1.2. 8 tasks: bulk plus one remainder gives at
    # best A + B ($8.3); 13 tasks: 2 A + B ($13.3). The cover equals brute force over every mix.
    per_node = np.array([[5, 3, 1]] * 3)
    price = np.array([5.0, 3.3, 1.2])
    found = covers(per_node, price, 13)
    for count in (6, 8, 13):
        brute = min(
            a * 5.0 + b * 3.3 + c * 1.2
            for a in range(4)
            for b in range(6)
            for c in range(14)
            if 5 * a + 3 * b + c >= count
        )
        assert found.hourly_usd(np.array([count]), np.array([0]))[0] == pytest.approx(brute)


@settings(max_examples=200, deadline=None)
@given(
    capacity=st.lists(st.tuples(st.integers(1, 16), st.integers(1, 64)), min_size=1, max_size=8),
    prices=st.lists(st.floats(0.01, 5), min_size=8, max_size=8),
    need=st.tuples(st.sampled_from([0.25, 0.5, 1, 2, 3]), st.sampled_from([0.5, 1, 2, 4, 6])),
    counts=st.lists(st.integers(0, 200), min_size=1, max_size=6),
)
def test_the_frontier_finds_the_same_cost_as_every_type(
    capacity: list[tuple[int, int]], prices: list[float], need: tuple[float, float], counts: list[int]
) -> None:
    caps = np.array(capacity, dtype=float)
    price = np.array(prices[: len(capacity)])
    per_node = per_node_counts(caps, np.array([need] * len(counts), dtype=float))
    every = covers(per_node, price, max(counts)).hourly_usd(np.array(counts))
    k, p = frontier(per_node, price)
    assert k.shape[1] <= len(capacity)
    front = covers(k, p, max(counts)).hourly_usd(np.array(counts))
    np.testing.assert_allclose(front, every, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    capacity=st.lists(st.tuples(st.integers(1, 16), st.integers(1, 64)), min_size=1, max_size=6),
    prices=st.lists(st.floats(0.01, 5), min_size=6, max_size=6),
    need=st.tuples(st.sampled_from([0.25, 0.5, 1, 2, 3]), st.sampled_from([0.5, 1, 2, 4, 6])),
    count=st.integers(1, 60),
)
def test_one_kind_of_task_costs_no_more_than_any_single_type_fleet_and_grows_with_the_count(
    capacity: list[tuple[int, int]], prices: list[float], need: tuple[float, float], count: int
) -> None:
    types = [NodeType(f"t{i}", prices[i], (float(c), float(m))) for i, (c, m) in enumerate(capacity)]
    fitting = [t for t in types if t.fits(need)]
    if not fitting:
        return
    cost = pack([Demand("s", count, need)], types).hourly_usd
    assert cost <= min(math.ceil(count / t.per_node(need)) * t.hourly_usd for t in fitting) + 1e-9
    assert pack([Demand("s", count + 1, need)], types).hourly_usd >= cost - 1e-9


def test_a_packing_of_several_services_is_reused_from_the_table() -> None:
    table = candidate_table([CPU_BOX, MEM_BOX, BIG_BOX])
    demands = [Demand("cpu", 4, (1.0, 1.0)), Demand("mem", 4, (0.0, 3.0))]
    first = pack(demands, table.types, table)
    assert pack(demands, table.types, table) is first
    table.packed.clear()
    assert pack(demands, table.types, table).hourly_usd == first.hourly_usd


@pytest.mark.parametrize("family", ["c6a", "m7g", "t3a"])
@pytest.mark.parametrize("count", [1, 7, 17, 50, 133])
def test_regression_issue_12_one_service_on_one_family_is_optimal(
    us_east_1: PriceCatalog, assumptions: Assumptions, family: str, count: int
) -> None:
    """The packer's fleet for one kind of task equals the optimum over every mix of the family's
    types, found independently as an integer programme (scipy's HiGHS)."""
    from dataclasses import replace

    from scipy.optimize import Bounds, LinearConstraint, milp

    from advisor.costing.ecs_ec2 import ecs_ec2_model
    from advisor.costing.node_types import Pool, node_table
    from advisor.model.workload import Arch, Purchase, Service, UsageBand, Workload

    service = Service("api", 0.25, 0.5, bands=(UsageBand(count),), arch=Arch.ANY, network_mode="bridge")
    one_zone = replace(assumptions, availability_zones=1)
    workload = Workload((service,), "us-east-1", one_zone, instance_types=(family,))
    model = ecs_ec2_model(workload)
    table = node_table(
        workload, us_east_1, Purchase.ON_DEMAND, Pool("linux", "any", False, (service,)), model
    )
    assert table is not None
    per_node = per_node_counts(table.capacity, np.array([model.resources(service)], dtype=float))[0]
    usable = per_node > 0
    k, price = per_node[usable].astype(float), table.price[usable]
    best = milp(
        price,
        constraints=LinearConstraint(k[None, :], lb=count),
        integrality=np.ones(len(k)),
        bounds=Bounds(0, np.inf),
    )
    packed = pack([Demand("api", count, model.resources(service))], table.types, table)
    assert packed.hourly_usd == pytest.approx(best.fun, rel=1e-9)
