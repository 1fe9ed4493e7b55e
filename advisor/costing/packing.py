"""Packing tasks onto EC2 instances at the least hourly price: `pack`.

One kind of task (the common case: one service, one step of the month, one zone) is solved
exactly by `covers`, a dynamic programme over the task count: the cheapest set of nodes of any
types that holds them. That cost never decreases when the task count or the task size grows,
so an estimate never gets cheaper by asking for more; and it is vectorized over many problems,
which is how a batch of a million rows is priced with the same answer as `estimate`.

Several kinds of task are solved exactly too (`mix_cover`, services of one size counted as one
kind) while the product of (tasks + 1) over the kinds and the work stay within its bounds: a
few services of tens of tasks per zone. Beyond them, the cheapest of the `greedy` fleets and
of each service on its own exact fleet is improved: the tasks of the k emptiest nodes, and
then (up to 6 services) of any two nodes, are repacked on their exact cheapest fleet while
that costs less. `bench/bench_packing.py` measures the gap to an exact MILP (2026-12-02: every
one of 54 cases of up to 50 tasks and 6 services at the optimum; larger cases, beyond the
exact bounds, within a few percent of the best fleet the MILP finds in 30 s).
"""

from __future__ import annotations

import numpy as np

from advisor.costing.bins import PACKINGS_KEPT, CandidateTable, Demand, Node, NodeType, Packing, Unplaceable
from advisor.costing.covers import EPS, covers, per_node_counts
from advisor.costing.greedy import (
    ROUND_ROBIN_SERVICES,
    cheapest_homogeneous,
    efficient_nodes,
    first_fit_decreasing,
)
from advisor.costing.mix_cover import MAX_STATES, cheapest_mix, state_count

REPAIR_NODES = 5
"""How many of the emptiest nodes the repair pass repacks together (k = 1 … 5)."""
PAIR_STATES = 400
"""Pairs of nodes are repacked exactly up to this many count vectors, else on one type."""
MERGE_ROUNDS = 20
"""Pairs of nodes merged at most this many times per packing (bounded work)."""
MERGE_MAX_NODES = 24
"""Fleets of more nodes skip the pairwise merge."""


def pack(demands: list[Demand], types: list[NodeType], table: CandidateTable | None = None) -> Packing:
    """The cheapest placement found for every task (Unplaceable if a task fits no type)."""
    demands = [d for d in demands if d.count > 0]
    if not demands:
        return Packing(())
    catalog = table if table is not None else CandidateTable.of(types)
    if len(demands) == 1:
        return _pack_one_kind(demands[0], catalog)
    key = tuple(demands)
    found = catalog.packed.get(key)  # one lookup: another session's thread may clear the memo
    if found is None:
        if len(catalog.packed) >= PACKINGS_KEPT:
            catalog.packed.clear()
        found = catalog.packed[key] = _pack_several(demands, catalog)
    return found


def _separate_covers(demands: list[Demand], catalog: CandidateTable, per_node: np.ndarray) -> list[Node]:
    """Each service on its own cheapest fleet (`covers`, exact per service), before the repair
    pass consolidates the emptiest nodes."""
    found = covers(per_node, catalog.price, max(d.count for d in demands))
    nodes: list[Node] = []
    for i, demand in enumerate(demands):
        for t, tasks in found.fleet(i, demand.count):
            node = Node(catalog.types[t], [0] * len(demands), [0.0] * len(demand.resources))
            node.add(i, demand.resources, tasks)
            nodes.append(node)
    return nodes


def _pack_several(demands: list[Demand], catalog: CandidateTable) -> Packing:
    per_node = per_node_counts(catalog.capacity, np.array([d.resources for d in demands], dtype=float))
    with np.errstate(divide="ignore"):
        per_task = np.where(per_node > 0, catalog.price / np.maximum(per_node, 1), np.inf)
    best_type: list[NodeType] = []
    for demand, cost in zip(demands, per_task, strict=True):
        if not np.isfinite(cost).any():
            raise Unplaceable(f"{demand.service}: one task fits no allowed instance type")
        best_type.append(catalog.types[int(np.lexsort((catalog.price, cost))[0])])
    exact = _exact(demands, catalog)
    if exact is not None:
        return Packing(tuple(exact))
    candidates = [
        first_fit_decreasing(demands, best_type),
        efficient_nodes(demands, catalog, per_task.min(axis=1)),
        _separate_covers(demands, catalog, per_node),
    ]
    homogeneous = cheapest_homogeneous(demands, catalog)
    if homogeneous is not None:
        candidates.append(homogeneous)
    best = min(candidates, key=lambda nodes: sum(n.node_type.hourly_usd for n in nodes))
    return Packing(tuple(_merge_pairs(_repair(best, demands, catalog), demands, catalog)))


def _exact(demands: list[Demand], catalog: CandidateTable) -> list[Node] | None:
    """The cheapest fleet (`mix_cover`, exact), services of one size counted as one kind of
    task and then given back their own counts; None when the problem is over its bounds."""
    kinds = tuple(dict.fromkeys(d.resources for d in demands))
    counts = tuple(sum(d.count for d in demands if d.resources == kind) for kind in kinds)
    key = (kinds, counts)
    try:
        found = catalog.mixes[key]  # one lookup: another session's thread may clear the memo
    except KeyError:
        if len(catalog.mixes) >= PACKINGS_KEPT:
            catalog.mixes.clear()
        found = catalog.mixes[key] = cheapest_mix(
            np.array(counts),
            np.array(kinds, dtype=float),
            catalog.capacity,
            catalog.price,
            catalog.undominated(),
        )
    if found is None:
        return None
    left = [d.count for d in demands]
    nodes = []
    for t, held in found.nodes:
        node = Node(catalog.types[t], [0] * len(demands), [0.0] * len(kinds[0]))
        for kind, tasks in zip(kinds, held, strict=True):
            rest = tasks
            for i, demand in enumerate(demands):
                take = min(rest, left[i]) if demand.resources == kind else 0
                if take:
                    node.add(i, demand.resources, take)
                    left[i] -= take
                    rest -= take
        nodes.append(node)
    return nodes


def _pack_one_kind(demand: Demand, catalog: CandidateTable) -> Packing:
    """`count` identical tasks on their cheapest fleet (`covers`; Unplaceable if none fits)."""
    need = np.asarray([demand.resources], dtype=float)
    found = covers(per_node_counts(catalog.capacity, need), catalog.price, demand.count)
    if not np.isfinite(found.hourly_usd(np.array([demand.count]))[0]):
        raise Unplaceable(f"{demand.service}: one task fits no allowed instance type")
    nodes: list[Node] = []
    for t, tasks in found.fleet(0, demand.count):
        node = Node(catalog.types[t], [0], [0.0] * len(demand.resources))
        node.add(0, demand.resources, tasks)
        nodes.append(node)
    return Packing(tuple(nodes))


def _cheapest_part(
    demands: list[Demand], catalog: CandidateTable, most_states: int = MAX_STATES
) -> list[Node] | None:
    """The cheapest fleet for part of a packing: exact (`_exact`) when small enough, else the
    best homogeneous one. Services with no tasks in the part add nothing to the work (a count
    of 0 is one state)."""
    small = state_count(np.array([d.count for d in demands])) <= most_states
    exact = _exact(demands, catalog) if small else None
    return exact if exact is not None else cheapest_homogeneous(demands, catalog)


def _repair(nodes: list[Node], demands: list[Demand], catalog: CandidateTable) -> list[Node]:
    """Move the contents of the k emptiest nodes onto the cheapest type(s) that hold them."""
    for k in range(1, min(REPAIR_NODES, len(nodes)) + 1):
        emptiest = sorted(range(len(nodes)), key=lambda j: (nodes[j].utilization(), j))[:k]
        leftover = [
            Demand(d.service, sum(nodes[j].counts[i] for j in emptiest), d.resources)
            for i, d in enumerate(demands)
        ]
        current = sum(nodes[j].node_type.hourly_usd for j in emptiest)
        moved = _cheapest_part(leftover, catalog)
        if moved is None:
            continue
        cost = sum(node.node_type.hourly_usd for node in moved)
        if cost < current - EPS:
            kept = [node for j, node in enumerate(nodes) if j not in emptiest]
            nodes = kept + moved
    return nodes


def _merge_pairs(nodes: list[Node], demands: list[Demand], catalog: CandidateTable) -> list[Node]:
    """Repack any two nodes' tasks onto the cheapest type(s) holding them when that costs less;
    repeat while it helps (pairs of identical nodes are tried once). Only for fleets of up to
    `MERGE_MAX_NODES` nodes and `ROUND_ROBIN_SERVICES` services: the work grows with the square
    of the nodes and with the services."""
    if len(nodes) > MERGE_MAX_NODES or len(demands) > ROUND_ROBIN_SERVICES:
        return nodes
    for _ in range(MERGE_ROUNDS):
        seen: set[tuple[object, ...]] = set()
        improved = False
        for a in range(len(nodes)):
            for b in range(a + 1, len(nodes)):
                key = tuple(
                    sorted(
                        (
                            (nodes[a].node_type.name, *nodes[a].counts),
                            (nodes[b].node_type.name, *nodes[b].counts),
                        )
                    )
                )
                if key in seen:
                    continue
                seen.add(key)
                pair = [
                    Demand(d.service, nodes[a].counts[i] + nodes[b].counts[i], d.resources)
                    for i, d in enumerate(demands)
                ]
                moved = _cheapest_part(pair, catalog, PAIR_STATES)
                current = nodes[a].node_type.hourly_usd + nodes[b].node_type.hourly_usd
                if moved is not None and sum(n.node_type.hourly_usd for n in moved) < current - EPS:
                    nodes = [n for j, n in enumerate(nodes) if j not in (a, b)] + moved
                    improved = True
                    break
            if improved:
                break
        if not improved:
            break
    return nodes
