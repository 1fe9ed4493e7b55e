"""The exact cheapest fleet for a few kinds of task, by dynamic programming over task counts.

Several services of different sizes on one fleet: every fleet is a multiset of nodes, each a
type holding some tasks of each kind. A fleet that holds at least the tasks asked for holds
exactly them too (drop the extra), so the cheapest fleet is a minimum-cost cover of the count
vector by node *fillings*, and only the maximal fillings of each type (no further task of any
kind fits) can be needed. `cheapest_mix` solves that cover exactly over every count vector
up to the demand (cost(v) = min over fillings f of price_f + cost(max(v − f, 0))), vectorized
over all fillings and all states of one number of tasks at a time.

The work grows with the product of (count + 1) over the kinds and with the number of
fillings, so `packing` uses it only within `MAX_STATES` and `MAX_WORK` and falls back to its
heuristics beyond; that covers a few services of tens of tasks per zone, the common case, and
every case of `bench/bench_packing.py`, where it matches the MILP optimum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EPS = 1e-9
MAX_STATES = 12_000
"""Largest product of (tasks + 1) over the kinds solved exactly (bounded memory and time)."""
MAX_WORK = 300_000
"""Largest states × fillings (and states × types) solved exactly, a few milliseconds: a
comparison packs hundreds of variants of a workload, so beyond it the heuristics answer."""


@dataclass(frozen=True, slots=True)
class Mix:
    """The cheapest fleet found: its $/h and each node's type index and tasks of each kind."""

    hourly_usd: float
    nodes: tuple[tuple[int, tuple[int, ...]], ...]


def state_count(counts: np.ndarray) -> int:
    """How many count vectors the cover ranges over: the product of (count + 1)."""
    return math.prod(int(c) + 1 for c in counts)


def undominated(capacity: np.ndarray, price: np.ndarray) -> np.ndarray:
    """Indices of the types, by price, that no other type matches in every resource for no more.

    Such a type can always replace the one it dominates, so the cover never needs the latter.
    Of identical types at one price the first is kept.
    """
    covers_all = np.all(capacity[None, :, :] >= capacity[:, None, :] - EPS, axis=2)  # [t, u]: u ⊇ t
    cheaper = price[None, :] < price[:, None] - EPS
    same = np.abs(price[None, :] - price[:, None]) <= EPS
    identical = covers_all & covers_all.T
    earlier = np.arange(len(price))[None, :] < np.arange(len(price))[:, None]
    better = covers_all & (cheaper | (same & (~identical | earlier)))
    np.fill_diagonal(better, False)
    keep = np.flatnonzero(~better.any(axis=1))
    return keep[np.lexsort((keep, price[keep]))]


def cheapest_mix(
    counts: np.ndarray, need: np.ndarray, capacity: np.ndarray, price: np.ndarray, types: np.ndarray
) -> Mix | None:
    """The exact cheapest fleet for `counts[k]` tasks needing `need[k]` (kinds × resources), on
    `types` (indices into `capacity` and `price`, cheapest first, e.g. `undominated`'s); None
    when the problem is over the work bounds or some task fits no type.

    States are visited by their number of tasks, a layer at a time: a node holds at least one
    task of the state, so a state's best comes from states of fewer tasks, already final.
    """
    counts = np.asarray(counts, dtype=np.int64)
    shape = tuple(int(c) + 1 for c in counts)
    states = state_count(counts)
    if states > MAX_STATES:
        return None
    types = _useful(types, counts @ need, capacity)
    if states * len(types) > MAX_WORK:
        return None
    vectors = np.indices(shape).reshape(len(shape), -1).T
    strides = np.array([math.prod(shape[k + 1 :]) for k in range(len(shape))], dtype=np.int64)
    fillings, filling_price, filling_type = _maximal_fillings(
        vectors, strides, vectors @ need, capacity[types], price[types]
    )
    if not len(fillings) or states * len(fillings) > MAX_WORK:
        return None
    tasks = vectors.sum(axis=1)
    by_tasks = np.argsort(tasks, kind="stable")
    layer_start = np.searchsorted(tasks[by_tasks], np.arange(int(tasks[-1]) + 2))
    cost = np.full(states, np.inf)
    cost[0] = 0.0
    choice = np.zeros(states, dtype=np.int64)
    held = vectors[fillings]
    for layer in range(1, int(tasks[-1]) + 1):
        at = by_tasks[layer_start[layer] : layer_start[layer + 1]]
        before = np.maximum(vectors[at][None, :, :] - held[:, None, :], 0) @ strides
        candidate = cost[before] + filling_price[:, None]
        best = np.argmin(candidate, axis=0)
        cost[at] = candidate[best, np.arange(len(at))]
        choice[at] = best
    if not np.isfinite(cost[-1]):
        return None
    nodes = []
    left = counts
    while left.any():
        f = int(choice[int(left @ strides)])
        taken = np.minimum(held[f], left)
        nodes.append((int(types[filling_type[f]]), tuple(int(n) for n in taken)))
        left = left - taken
    return Mix(float(cost[-1]), tuple(nodes))


def _useful(types: np.ndarray, total: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """`types` (cheapest first) up to the first that holds every task: a node of any dearer
    type could be swapped for that one, holding everything, for less."""
    holds_all = np.flatnonzero(np.all(total <= capacity[types] + EPS, axis=1))
    return types[: int(holds_all[0]) + 1] if len(holds_all) else types


def _maximal_fillings(
    vectors: np.ndarray, strides: np.ndarray, usage: np.ndarray, capacity: np.ndarray, price: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The count vectors that are a maximal filling of some type (no further task of any kind
    fits, within the counts), with the price and position of the cheapest such type (types
    come cheapest first, so ties keep the first)."""
    fits = np.all(usage[None, :, :] <= capacity[:, None, :] + EPS, axis=2)  # [types, states]
    maximal = fits.copy()
    maximal[:, 0] = False
    counts = vectors[-1]
    for k, stride in enumerate(strides):
        grow = np.flatnonzero(vectors[:, k] < counts[k])
        maximal[:, grow] &= ~fits[:, grow + stride]
    priced = np.where(maximal, price[:, None], np.inf)
    cheapest = np.argmin(priced, axis=0)
    best_price = priced[cheapest, np.arange(len(vectors))]
    fillings = np.flatnonzero(np.isfinite(best_price))
    return fillings, best_price[fillings], cheapest[fillings]
