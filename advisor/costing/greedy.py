"""Heuristic fleets for several kinds of task, where the exact cover would cost too much.

The cheapest of homogeneous fleets of the most promising types (ranked by a lower bound on
their cost), first-fit decreasing onto each service's own cheapest type, and a fleet built
node by node from the filling worth most per dollar (which pairs CPU-heavy with memory-heavy
tasks). `packing` takes the cheapest of them and improves it.
"""

from __future__ import annotations

import math

import numpy as np

from advisor.costing.bins import CandidateTable, Demand, Node, NodeType
from advisor.costing.covers import EPS, MANY, per_node_counts

MAX_CANDIDATES = 30
"""Homogeneous fleets tried per packing, in lower-bound order (bounded work per estimate)."""
ROUND_ROBIN_SERVICES = 6
"""Up to this many services, the efficient fleet also tries filling nodes one task of each in turn."""
FILL_SHORTLIST = 24
"""Types (best by the plain filling) on which the one-of-each filling is also tried."""


def _dominant(resources: tuple[float, ...], capacity: tuple[float, ...]) -> float:
    return max((need / have for need, have in zip(resources, capacity, strict=True) if have > 0), default=0.0)


def first_fit_decreasing(demands: list[Demand], choose: list[NodeType]) -> list[Node]:
    """Place demands, biggest dominant share first, into open nodes, else new nodes.

    `choose[i]` is the type opened for demand i when no open node has room: identical tasks
    are placed in batches, so the work grows with demands × nodes, not with the task count.
    """
    order = sorted(
        range(len(demands)),
        key=lambda i: (-_dominant(demands[i].resources, choose[i].capacity), demands[i].service),
    )
    nodes: list[Node] = []
    width = len(demands)
    dims = len(demands[0].resources) if demands else 0
    for i in order:
        demand = demands[i]
        left = demand.count
        for node in nodes:
            if left == 0:
                break
            if not node.node_type.fits(demand.resources):
                continue
            n = min(left, node.room_for(demand.resources))
            if n > 0:
                node.add(i, demand.resources, n)
                left -= n
        node_type = choose[i]
        per_node = node_type.per_node(demand.resources)
        while left > 0:
            node = Node(node_type, [0] * width, [0.0] * dims)
            n = min(left, per_node)
            node.add(i, demand.resources, n)
            nodes.append(node)
            left -= n
    return nodes


def cheapest_homogeneous(demands: list[Demand], catalog: CandidateTable) -> list[Node] | None:
    """The cheapest homogeneous FFD packing of `demands` (bounded, lower-bound ordered search)."""
    mask = catalog.fitting(demands)
    if not mask.any():
        return None
    candidates = np.flatnonzero(mask)
    bound = catalog.lower_bound_nodes(demands)[candidates] * catalog.price[candidates]
    ranking = np.lexsort((catalog.price[candidates], bound))
    best: list[Node] | None = None
    best_cost = math.inf
    for position in ranking[:MAX_CANDIDATES]:
        if float(bound[position]) >= best_cost - EPS:
            break  # sorted by bound: no later type can beat the best found
        node_type = catalog.types[int(candidates[position])]
        nodes = first_fit_decreasing(demands, [node_type] * len(demands))
        cost = len(nodes) * node_type.hourly_usd
        if cost < best_cost - EPS:
            best, best_cost = nodes, cost
    return best


def efficient_nodes(demands: list[Demand], catalog: CandidateTable, value: np.ndarray) -> list[Node]:
    """Open, again and again, the node that holds the most value for its price.

    A task's `value` is what it would cost alone, on its cheapest type (price per task). For each
    type, one empty node is filled with the remaining tasks (`_fill`); the type and filling
    that hold the most value per dollar win, and that node is repeated while the remaining
    tasks allow it. Tasks that complement each other (CPU-heavy beside memory-heavy) make a
    node worth more than its price, which the one-type fleets cannot see.
    """
    need = np.array([d.resources for d in demands], dtype=float)
    left = np.array([d.count for d in demands], dtype=np.int64)
    order = np.argsort(-value, kind="stable").tolist()
    nodes: list[Node] = []
    while left.any():
        # Most valuable first, as many as fit, on every type; then, for a few services, one task
        # of each in turn on the types that did best: a node of four big tasks and one small
        # may be worth less than one of two of each.
        placed = _fill(catalog.capacity, need, left, order, round_robin=False)
        ratio = np.where(placed.any(axis=1), (placed @ value) / catalog.price, -np.inf)
        best = int(np.argmax(ratio))
        best_ratio, pattern = float(ratio[best]), placed[best]
        if len(demands) <= ROUND_ROBIN_SERVICES:
            shortlist = np.argsort(-ratio, kind="stable")[:FILL_SHORTLIST]
            placed = _fill(catalog.capacity[shortlist], need, left, order, round_robin=True)
            ratio = np.where(placed.any(axis=1), (placed @ value) / catalog.price[shortlist], -np.inf)
            t = int(np.argmax(ratio))
            if ratio[t] > best_ratio + EPS:
                best, pattern = int(shortlist[t]), placed[t]
        repeat = int(np.min(left[pattern > 0] // pattern[pattern > 0]))
        for _ in range(repeat):
            node = Node(catalog.types[best], [0] * len(demands), [0.0] * need.shape[1])
            for i in np.flatnonzero(pattern).tolist():
                node.add(i, demands[i].resources, int(pattern[i]))
            nodes.append(node)
        left -= repeat * pattern
    return nodes


def _fill(
    capacity: np.ndarray, need: np.ndarray, left: np.ndarray, order: list[int], *, round_robin: bool
) -> np.ndarray:
    """[types, demands] tasks one empty node of each type takes, visiting demands in `order`.

    Plain: as many of each demand as fit before the next. Round robin: one of each remaining
    demand per round while a whole round fits (the rounds are counted, not looped: one step per
    demand that runs out), then one of each in order while they fit, then the plain filling.
    """
    types = len(capacity)
    used = np.zeros_like(capacity)
    placed = np.zeros((types, len(order)), dtype=np.int64)
    if round_robin:
        going = np.ones(types, dtype=bool)
        for _ in range(len(order)):
            active = (left[None, :] - placed > 0) & going[:, None]
            if not active.any():
                break
            per_round = active.astype(float) @ need
            with np.errstate(divide="ignore", invalid="ignore"):
                fit = np.where(per_round > 0, np.floor((capacity - used + EPS) / per_round), MANY).min(axis=1)
            remaining = np.where(active, left[None, :] - placed, MANY).min(axis=1)
            rounds = np.where(going, np.clip(np.minimum(fit, remaining), 0, None), 0).astype(np.int64)
            placed += rounds[:, None] * active
            used += rounds[:, None] * per_round
            going &= remaining < fit  # capacity, not a demand running out, stopped these
    for most in ([1] if round_robin else []) + [MANY]:  # one of each in turn, then all that fit
        for i in order:
            room = per_node_counts(capacity - used, need[i : i + 1])[0]
            take = np.minimum(np.minimum(room, left[i] - placed[:, i]), most)
            placed[:, i] += take
            used += take[:, None] * need[i]
    return placed
