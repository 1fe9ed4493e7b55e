"""The recommendation and the savings of many rows at once, as `recommend` makes them."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from advisor.decision.needs import EKS_PLATFORMS, preference
from advisor.decision.ranking import Weights, recommend, tradeoff_score
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.money import cents_array
from advisor.model.workload import KubernetesNeed, Platform, Purchase


def _tradeoff_scores(platforms: Sequence[Platform], weights: Weights) -> np.ndarray:
    return np.array([tradeoff_score(p, weights) for p in platforms], dtype=np.float64)


def _eligible(
    monthly: np.ndarray, feasible: np.ndarray, platforms: Sequence[Platform], need: KubernetesNeed
) -> np.ndarray:
    """[rows, options]: `needs.eligible` element by element (EKS only below every ECS option)."""
    eks = np.array([p in EKS_PLATFORMS for p in platforms], dtype=bool)
    if need is KubernetesNeed.REQUIRED:
        return feasible & eks[None, :]
    if need is KubernetesNeed.PREFERRED or eks.all():
        return feasible
    ecs = np.where(feasible & ~eks[None, :], monthly, np.inf)
    cheapest_ecs = cents_array(ecs.min(axis=1))
    with np.errstate(invalid="ignore"):
        below = cents_array(monthly) < cheapest_ecs[:, None]
    return feasible & (~eks[None, :] | below)


def recommend_rows(
    monthly: np.ndarray,
    platforms: Sequence[Platform],
    purchases: Sequence[Purchase],
    kubernetes: KubernetesNeed = KubernetesNeed.NOT_NEEDED,
    complete: np.ndarray | None = None,
) -> np.ndarray:
    """Per row, the index of the option `recommend` picks from these costs (-1: none eligible).

    `monthly[r, j]` is option j's cost for row r, NaN when infeasible or not asked for;
    `complete[r, j]` False where it lacks a rate: as `recommend` does, a row recommends an
    incomplete option only when no eligible option is complete. The
    scores are `recommend.rank`'s arithmetic, element by element, and only the options the
    stated Kubernetes need makes eligible can win (`decision.needs`). `recommend` compares
    scores rounded to 9 decimals, then the cost, then the order; where another option scores
    within 2e-9 of the best (so rounding could decide), the row is settled by `recommend` itself.
    """
    weights = Weights()
    n, width = monthly.shape
    best = np.full(n, -1, dtype=np.int64)
    if n == 0 or width == 0:
        return best
    feasible = ~np.isnan(monthly)
    complete = feasible if complete is None else complete & feasible
    allowed = _eligible(monthly, feasible, platforms, kubernetes)
    some_complete = (allowed & complete).any(axis=1)
    allowed &= complete | ~some_complete[:, None]
    any_feasible = allowed.any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # `rank` scores cost against the cheapest complete option where there is one.
        cheapest = np.nanmin(
            np.where(np.where(some_complete[:, None], complete, feasible), monthly, np.inf), axis=1
        )
        cost_score = np.where(monthly <= 0, 5.0, np.maximum(1.0, 5.0 * cheapest[:, None] / monthly))
    criteria_weight = sum(weights.criteria.values())
    total_weight = weights.cost + criteria_weight
    terms = np.array([preference(p, kubernetes) for p in platforms], dtype=np.float64).reshape(-1, 2)
    score = (
        weights.cost * cost_score
        + criteria_weight * _tradeoff_scores(platforms, weights)
        + terms[:, 0] * terms[:, 1]
    ) / (total_weight + terms[:, 0])
    score = np.where(allowed, score, -np.inf)
    top = score.max(axis=1)
    near = score >= (top - 2e-9)[:, None]
    # Among near-equal scores recommend prefers the cheaper, then the earlier option.
    cost_rank = np.where(near, monthly, np.inf)
    winner = np.argmin(cost_rank, axis=1)
    ambiguous = near.sum(axis=1) > 1
    best[any_feasible] = winner[any_feasible]
    for r in np.flatnonzero(any_feasible & ambiguous):
        best[r] = _recommend_one(monthly[r], platforms, purchases, kubernetes, complete[r])
    return best


def _recommend_one(
    monthly: np.ndarray,
    platforms: Sequence[Platform],
    purchases: Sequence[Purchase],
    need: KubernetesNeed,
    complete: np.ndarray,
) -> int:
    """`recommend` on one row's costs (one line item each, so monthly_usd is the cost)."""
    results = tuple(
        CostBreakdown(
            p,
            q,
            True,
            line_items=(LineItem("total", 1.0, "month", float(m)),),
            missing=() if ok else ("rate",),
        )
        for p, q, m, ok in zip(platforms, purchases, monthly, complete, strict=True)
        if not math.isnan(m)
    )
    _, rec = recommend(results, kubernetes=need)
    if rec is None:
        return -1
    return next(
        j
        for j, (p, q) in enumerate(zip(platforms, purchases, strict=True))
        if (p, q) == (rec.platform, rec.purchase)
    )


def baseline_index(monthly: np.ndarray, best: np.ndarray, fargate: int | None) -> np.ndarray:
    """Per row, the option savings are measured against (-1: none).

    ECS on Fargate on-demand when it is priced for the row; otherwise the cheapest other
    feasible option, "the next best" (the recommended one may then cost more than it, for its
    trade-offs, and the savings are negative).
    """
    n = len(best)
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(best >= 0)
    if not len(rows):
        return out
    others = monthly[rows].copy()
    others[np.arange(len(rows)), best[rows]] = np.nan
    none = np.isnan(others).all(axis=1)
    next_best = np.argmin(np.where(np.isnan(others), np.inf, others), axis=1)
    base = np.where(none, -1, next_best)
    if fargate is not None:
        base = np.where(np.isnan(monthly[rows, fargate]), base, fargate)
    out[rows] = base
    return out


def savings_vs_baseline(monthly: np.ndarray, best: np.ndarray, fargate: int | None) -> np.ndarray:
    """Baseline cost minus the recommended cost per row, each rounded to the cent first.

    So `savings_vs_fargate` is exactly the difference of the two figures a reader sees in
    the report. NaN when the row has no recommendation or no baseline.
    """
    base = baseline_index(monthly, best, fargate)
    out = np.full(len(best), np.nan)
    rows = np.flatnonzero(base >= 0)
    if len(rows):
        out[rows] = cents_array(monthly[rows, base[rows]]) - cents_array(monthly[rows, best[rows]])
    return out + 0.0
