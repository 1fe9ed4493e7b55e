"""The packer: never over capacity, every task placed, cheap on hand-checkable cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.packing import Demand, NodeType, Unplaceable, pack

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
