"""Ranking and scoring, on hand-made cost breakdowns (no pricing involved)."""

from __future__ import annotations

from collections import Counter

import pytest

from advisor.decision.ranking import (
    OpsEffort,
    Weights,
    cost_score,
    rank,
    recommend,
    tradeoff_score,
)
from advisor.decision.tradeoffs import CRITERIA, TRADEOFFS
from advisor.model.costs import CostBreakdown, LineItem, infeasible
from advisor.model.workload import Platform, Purchase


def option(
    platform: Platform, monthly: float, purchase: Purchase = Purchase.ON_DEMAND, **kw
) -> CostBreakdown:
    return CostBreakdown(
        platform, purchase, True, line_items=(LineItem("compute", 1, "month", monthly),), **kw
    )


def test_every_platform_has_one_score_per_criterion_within_1_to_5() -> None:
    pairs = Counter((t.platform, t.criterion) for t in TRADEOFFS)
    assert set(pairs) == {(p, c) for p in Platform for c in CRITERIA}
    assert set(pairs.values()) == {1}
    assert all(1 <= t.score <= 5 and t.rationale for t in TRADEOFFS)


def test_cost_score_is_5_for_the_cheapest_and_halves_with_double_cost() -> None:
    assert cost_score(100, 100) == 5
    assert cost_score(200, 100) == 2.5
    assert cost_score(10_000, 100) == 1


def test_rank_orders_by_cost_with_gap_to_next() -> None:
    results = (
        option(Platform.ECS_FARGATE, 120.0),
        option(Platform.ECS_EC2, 80.0),
        infeasible(Platform.EKS_FARGATE, Purchase.ON_DEMAND, "no GPUs on Fargate"),
        option(Platform.EKS_EC2, 153.0),
    )
    ranked = rank(results, Weights())
    assert [r.result.platform for r in ranked] == [Platform.ECS_EC2, Platform.ECS_FARGATE, Platform.EKS_EC2]
    assert ranked[0].delta_to_next_usd == pytest.approx(40.0)
    assert ranked[0].delta_to_next_pct == pytest.approx(40 / 120)
    assert ranked[-1].delta_to_next_usd is None


def test_tie_keeps_order_and_recommends_the_better_scored() -> None:
    results = (option(Platform.EKS_EC2, 100.0), option(Platform.ECS_FARGATE, 100.0))
    ranked, rec = recommend(results)
    assert [r.result.platform for r in ranked] == [Platform.EKS_EC2, Platform.ECS_FARGATE]
    assert rec is not None
    assert rec.platform is Platform.ECS_FARGATE  # same cost, better trade-offs


def test_cost_only_weights_recommend_the_cheapest() -> None:
    results = (option(Platform.ECS_FARGATE, 101.0), option(Platform.EKS_EC2, 100.0))
    _, rec = recommend(results, Weights(cost=1.0, criteria={}))
    assert rec is not None
    assert rec.platform is Platform.EKS_EC2
    assert rec.savings_vs_next_usd == pytest.approx(1.0)


def test_tco_adds_operational_effort() -> None:
    ops = OpsEffort({Platform.ECS_EC2: 10.0, Platform.ECS_FARGATE: 2.0}, hourly_usd=100.0)
    ranked, rec = recommend((option(Platform.ECS_EC2, 500.0), option(Platform.ECS_FARGATE, 900.0)), ops=ops)
    assert [r.tco_monthly_usd for r in ranked] == [1500.0, 1100.0]
    assert rec is not None
    assert any(r.code == "tco" for r in rec.reasons)


def test_no_feasible_option_gives_no_recommendation() -> None:
    ranked, rec = recommend((infeasible(Platform.ECS_FARGATE, Purchase.SPOT, "not spot-tolerant"),))
    assert ranked == ()
    assert rec is None


def test_weights_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown criteria"):
        Weights(criteria={"speed": 1.0})
    with pytest.raises(ValueError, match="0 or more"):
        Weights(cost=-1)
    with pytest.raises(ValueError, match="at least one"):
        Weights(cost=0, criteria={})


def test_tradeoff_score_is_the_weighted_mean() -> None:
    weights = Weights(cost=0, criteria={"management": 1.0, "portability": 1.0})
    assert tradeoff_score(Platform.ECS_FARGATE, weights) == pytest.approx((5 + 2) / 2)
    assert tradeoff_score(Platform.EKS_EC2, weights) == pytest.approx((2 + 5) / 2)


def test_incomplete_options_rank_after_complete_ones_with_no_gap_between() -> None:
    results = (
        option(Platform.ECS_EC2, 80.0, missing=("EBS gp3 root volumes",)),
        option(Platform.ECS_FARGATE, 120.0),
        option(Platform.EKS_EC2, 95.0, missing=("EBS gp3 root volumes",)),
    )
    ranked = rank(results, Weights())
    assert [r.result.platform for r in ranked] == [Platform.ECS_FARGATE, Platform.ECS_EC2, Platform.EKS_EC2]
    assert ranked[0].delta_to_next_usd is None  # $120 complete vs a lower bound: not comparable
    assert ranked[1].delta_to_next_usd == pytest.approx(15.0)
    assert ranked[0].cost_score == 5.0  # scored against the cheapest complete option


def test_an_incomplete_option_is_never_recommended_over_a_complete_one() -> None:
    results = (
        option(Platform.ECS_EC2, 10.0, missing=("NAT gateway hour",)),
        option(Platform.ECS_FARGATE, 500.0),
    )
    _, rec = recommend(results, Weights(cost=1.0))
    assert rec is not None
    assert rec.platform is Platform.ECS_FARGATE
