"""What the packer works on: tasks to place, instance types, nodes and the candidate table.

Resources are vectors (e.g. CPU, memory, ENI slots or pods, GPUs) so one packer serves ECS and
EKS. `CandidateTable` holds the types as arrays, so bounds over hundreds of types are vector
operations, and memoizes what a comparison asks for again and again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from advisor.costing.covers import EPS
from advisor.costing.mix_cover import Mix, undominated

PACKINGS_KEPT = 4096
"""Packings of several services (and exact fleets) memoized per table (then the memo starts over)."""


class Unplaceable(ValueError):
    """A task fits no allowed instance type; the message says which service and why."""


@dataclass(frozen=True, slots=True)
class Demand:
    """`count` identical tasks of one service, each needing `resources` (same order as nodes)."""

    service: str
    count: int
    resources: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class NodeType:
    """An instance type as the packer sees it: its hourly price and usable capacity."""

    name: str
    hourly_usd: float
    capacity: tuple[float, ...]

    def fits(self, resources: tuple[float, ...]) -> bool:
        return all(need <= have + EPS for need, have in zip(resources, self.capacity, strict=True))

    def per_node(self, resources: tuple[float, ...]) -> int:
        """How many such tasks one empty node holds."""
        counts = [
            math.floor((have + EPS) / need)
            for need, have in zip(resources, self.capacity, strict=True)
            if need > 0
        ]
        return min(counts) if counts else 10**9


@dataclass(slots=True)
class Node:
    """One instance in a packing and the tasks it holds (counts per demand index)."""

    node_type: NodeType
    counts: list[int]
    used: list[float]

    def room_for(self, resources: tuple[float, ...]) -> int:
        counts = [
            math.floor((have - used + EPS) / need)
            for need, have, used in zip(resources, self.node_type.capacity, self.used, strict=True)
            if need > 0
        ]
        return max(0, min(counts)) if counts else 10**9

    def add(self, index: int, resources: tuple[float, ...], n: int) -> None:
        self.counts[index] += n
        for r, need in enumerate(resources):
            self.used[r] += need * n

    def utilization(self) -> float:
        """Share of the binding resource in use (the fullest dimension)."""
        return max(
            (used / have for used, have in zip(self.used, self.node_type.capacity, strict=True) if have > 0),
            default=0.0,
        )


@dataclass(frozen=True, slots=True)
class Packing:
    """A placement of every task: the nodes and what each holds."""

    nodes: tuple[Node, ...]

    @property
    def hourly_usd(self) -> float:
        return sum(node.node_type.hourly_usd for node in self.nodes)


@dataclass(frozen=True, slots=True)
class CandidateTable:
    """The candidate types as arrays, so bounds over hundreds of types are vector operations."""

    types: list[NodeType]
    capacity: np.ndarray  # (types, resources)
    price: np.ndarray  # (types,)
    packed: dict[tuple[Demand, ...], Packing] = field(default_factory=dict, compare=False, repr=False)
    """Packings of several services already found on this table: a comparison re-prices the
    same fleet for many hours, shares and purchase assumptions, and packing is the costly part."""
    mixes: dict[tuple[tuple[tuple[float, ...], ...], tuple[int, ...]], Mix | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Exact fleets (`mix_cover`) found on this table by kinds and counts: the improvement
    passes ask for the same few nodes' tasks again and again."""
    undominated_memo: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)
    """The undominated types (`mix_cover.undominated`), found once per table when first needed."""

    @classmethod
    def of(cls, types: list[NodeType]) -> CandidateTable:
        return cls(
            types,
            np.array([t.capacity for t in types], dtype=float),
            np.array([t.hourly_usd for t in types], dtype=float),
        )

    def extended(self, more: list[NodeType]) -> CandidateTable:
        """This table with `more` types after its own (the arrays are not rebuilt)."""
        extra = CandidateTable.of(more)
        return CandidateTable(
            self.types + more,
            np.vstack([self.capacity, extra.capacity]),
            np.concatenate([self.price, extra.price]),
        )

    def undominated(self) -> np.ndarray:
        """Indices of the types no other type matches in every resource for no more, by price."""
        if not self.undominated_memo:
            self.undominated_memo.append(undominated(self.capacity, self.price))
        return self.undominated_memo[0]

    def fitting(self, demands: list[Demand]) -> np.ndarray:
        """Mask of types on which one task of every demand with a count fits."""
        mask = np.ones(len(self.types), dtype=bool)
        for d in demands:
            if d.count:
                mask &= np.all(np.asarray(d.resources) <= self.capacity + EPS, axis=1)
        return mask

    def lower_bound_nodes(self, demands: list[Demand]) -> np.ndarray:
        """Nodes of each type that the summed requests need at least (per resource, the max)."""
        totals = np.sum([np.asarray(d.resources) * d.count for d in demands], axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(self.capacity > 0, totals / self.capacity, np.where(totals > 0, np.inf, 0.0))
        return np.ceil(np.max(ratio, axis=1) - EPS)


def candidate_table(types: list[NodeType]) -> CandidateTable:
    """The arrays `pack` searches; build once and pass it in when packing many times."""
    return CandidateTable.of(types)
