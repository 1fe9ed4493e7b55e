"""The exact cheapest fleet for one kind of task, vectorized over many problems at once.

For identical tasks the cheapest set of nodes of any types that holds m of them is a
minimum-cost cover, solved by dynamic programming over the task count (`covers`); `frontier`
drops the types no other type beats, which keeps a batch of a million rows cheap, and
`per_node_counts` says how many tasks one empty node of each type holds. `packing` uses it for
one service and `ec2_rows` for whole batches, so both give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPS = 1e-9
MANY = 10**9
"""Tasks per node when a task needs none of a node's resources (no limit in practice)."""


def per_node_counts(capacity: np.ndarray, needs: np.ndarray) -> np.ndarray:
    """[problems, types]: how many tasks needing `needs[p]` one empty node of each type holds.

    `capacity` is [types, resources], or [problems, types, resources] for one table per
    problem; `needs` is [problems, resources]. 0 where a task does not fit.
    """
    need = needs[:, None, :]
    table = capacity if capacity.ndim == 3 else capacity[None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(need > 0, np.floor((table + EPS) / np.where(need > 0, need, 1.0)), MANY)
    return np.clip(np.min(ratio, axis=2), 0, MANY).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Covers:
    """Per problem, the cheapest fleets of identical tasks: exact (a minimum-cost cover).

    `cost[p, m]` is the least $/h of nodes holding m tasks (inf where no type holds one) and
    `choice[p, m]` the type of one node of that fleet, for m up to `tail[p]` (and the count
    `covers` was told problem p needs); beyond the tail `best[p]` (the type with the most
    tasks per dollar) repeats, which is exact there (see `covers`). `per_node` and `price`
    are the problems' types, as given.
    """

    cost: np.ndarray
    choice: np.ndarray
    best: np.ndarray
    tail: np.ndarray
    per_node: np.ndarray
    price: np.ndarray

    def hourly_usd(self, counts: np.ndarray, problems: np.ndarray | None = None) -> np.ndarray:
        """$/h of the cheapest fleet for `counts[i]` tasks of problem `problems[i]` (default i);
        counts up to `most` (see `covers`) or beyond the tail."""
        counts = np.asarray(counts, dtype=np.int64)
        rows = np.arange(len(counts)) if problems is None else np.asarray(problems, dtype=np.int64)
        best, tail = self.best[rows], self.tail[rows]
        k_best = np.maximum(self.per_node[rows, best], 1)
        repeats = np.where(counts > tail, -(-(counts - tail) // k_best), 0)
        base = np.maximum(counts - repeats * k_best, 0)
        with np.errstate(invalid="ignore"):
            extra = np.where(repeats > 0, repeats * self.price[rows, best], 0.0)
        return self.cost[rows, base] + extra

    def fleet(self, problem: int, count: int) -> list[tuple[int, int]]:
        """(type, tasks) of each node of problem p's cheapest fleet for `count` tasks: the
        biggest nodes full, the last one holding what is left."""
        types = []
        left = count
        while left > 0:
            t = int(self.best[problem]) if left > self.tail[problem] else int(self.choice[problem, left])
            types.append(t)
            left -= int(self.per_node[problem, t])
        nodes = []
        left = count
        for t in sorted(types, key=lambda t: -int(self.per_node[problem, t])):
            held = min(int(self.per_node[problem, t]), left)
            nodes.append((t, held))
            left -= held
        return nodes


def covers(per_node: np.ndarray, price: np.ndarray, most: int, needed: np.ndarray | None = None) -> Covers:
    """The cheapest fleet for every count up to `most`, per problem, by dynamic programming.

    cost(m) = min over types t of price_t + cost(m − k_t) (cost(≤ 0) = 0): every fleet that
    holds m identical tasks is some nodes with k_t tasks each, so this is exact; it never
    decreases as m or the task grows. Work is bounded by the classic exchange argument: with
    b the type of most tasks per dollar, any k_b other nodes contain a subset whose capacity
    is a multiple of k_b, which b nodes hold for no more; so a cheapest fleet has fewer than
    k_b other nodes, and above (k_b − 1) × max k tasks it contains a b node: cost(m) =
    price_b + cost(m − k_b) there, the `tail` from which `Covers` repeats b.
    `per_node` is [problems, types], `price` [types] or [problems, types]. `needed[p]`, when
    given, is the most tasks problem p will be asked about: its table is filled only as far
    as those counts read it (a batch asks most problems about a few tasks only).
    """
    per_node = np.asarray(per_node, dtype=np.int64)
    problems = per_node.shape[0]
    price = np.broadcast_to(np.asarray(price, dtype=float), per_node.shape)
    fits = per_node > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(fits, per_node / price, -np.inf)
    best = np.argmax(value, axis=1)
    rows = np.arange(problems)
    k_best = np.maximum(per_node[rows, best], 1)
    tail = np.minimum((k_best - 1) * np.max(per_node, axis=1, initial=1) + k_best, max(0, int(most)))
    length = int(tail.max(initial=0)) + 1
    # Problems in order of how far their tables go, so the ones still being filled at count m
    # are a prefix; counts run down the rows (cost_by_count[m, p]), so each count writes one
    # contiguous row and reads the earlier ones through one flat index, into buffers made
    # once: the same sums and minima as indexing [problem, count], without fresh arrays.
    reach = tail if needed is None else np.minimum(tail, needed)
    order = np.argsort(-reach, kind="stable")
    filling = np.searchsorted(-reach[order], -np.arange(length), side="right")  # reach ≥ m
    cost_by_count = np.full((length, problems), np.inf)
    cost_by_count[0] = 0.0
    choice_by_count = np.full((length, problems), -1, dtype=np.int64)
    step = np.where(fits, price, np.inf)[order]
    back = rows[:, None] - per_node[order] * problems  # flat index of count m − k_t, less m × problems
    at = np.empty_like(back)
    candidate = np.empty(back.shape)
    for m in range(1, int(reach.max(initial=0)) + 1):
        a = int(filling[m])
        np.maximum(np.add(back[:a], m * problems, out=at[:a]), rows[:a, None], out=at[:a])  # count ≥ 0
        np.add(cost_by_count.take(at[:a], out=candidate[:a]), step[:a], out=candidate[:a])
        pick = candidate[:a].argmin(axis=1)
        choice_by_count[m, :a] = pick
        cost_by_count[m, :a] = candidate[rows[:a], pick]
    unsorted = np.argsort(order)
    return Covers(
        cost_by_count.T[unsorted], choice_by_count.T[unsorted], best, tail, per_node, np.array(price)
    )


def frontier(per_node: np.ndarray, price: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per problem, only the types no other type beats on both price and tasks per node.

    `price` is [types] or [problems, types]. Returns ([problems, width] tasks per node,
    [problems, width ≥ 1] prices), narrower than the table, padded with types that hold nothing
    (0 tasks, infinite price). `covers` on it finds the same cost as on the whole
    table: a dominated type's candidate costs no less than its dominator's
    (more tasks per node at no higher price never needs more nodes), and the cheapest holder of
    any remainder is on the frontier too. This is what makes a million rows cheap.
    """
    price = np.broadcast_to(np.asarray(price, dtype=float), per_node.shape)
    order = np.argsort(price, axis=1, kind="stable")
    k = np.take_along_axis(per_node, order, axis=1)
    p = np.take_along_axis(price, order, axis=1)
    best_before = np.maximum.accumulate(k, axis=1)
    keep = k > np.concatenate([np.zeros((len(k), 1), dtype=k.dtype), best_before[:, :-1]], axis=1)
    width = max(1, int(keep.sum(axis=1).max(initial=0)))
    kept = np.argsort(~keep, axis=1, kind="stable")[:, :width]
    valid = np.take_along_axis(keep, kept, axis=1)
    return (
        np.where(valid, np.take_along_axis(k, kept, axis=1), 0),
        np.where(valid, np.take_along_axis(p, kept, axis=1), np.inf),
    )
