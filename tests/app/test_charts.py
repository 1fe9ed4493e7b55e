"""advisor.reporting.charts: plotly Figures from hand-made results (no pricing involved)."""

from __future__ import annotations

from types import MappingProxyType

import plotly.graph_objects as go
import pytest

from advisor.decision.recommend import BreakEven, Comparison, Series, Weights, option_name, recommend
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.costs import CostBreakdown, LineItem, infeasible
from advisor.model.workload import Platform, Purchase
from advisor.reporting import charts


def comparison() -> Comparison:
    fargate = CostBreakdown(
        Platform.ECS_FARGATE,
        Purchase.ON_DEMAND,
        True,
        line_items=(
            LineItem("Fargate vCPU", 2190, "vCPU-hour", 0.04048, service="web"),
            LineItem("Fargate memory", 4380, "GB-hour", 0.004445, service="web"),
        ),
    )
    ec2 = CostBreakdown(
        Platform.ECS_EC2,
        Purchase.ON_DEMAND,
        True,
        line_items=(
            LineItem("EC2 m7g.large", 730, "instance-hour", 0.0816, service="web"),
            LineItem("EBS gp3 root volume", 30, "GB-month", 0.08),
        ),
    )
    results = (ec2, fargate, infeasible(Platform.EKS_FARGATE, Purchase.ON_DEMAND, "no GPUs on Fargate"))
    ranked, rec = recommend(results, Weights())
    series = Series(
        "tasks",
        (1.0, 2.0, 3.0, 4.0),
        MappingProxyType(
            {
                "ecs-ec2/on-demand": (62.0, 62.0, 62.0, 124.0),
                "ecs-fargate/on-demand": (36.0, 72.0, 108.0, 144.0),
                "eks-fargate/on-demand": (None, None, None, None),
            }
        ),
    )
    flip = BreakEven(
        "tasks", 2.0, "ecs-fargate/on-demand", "ecs-ec2/on-demand", "From 2 tasks, EC2 is cheaper."
    )
    return Comparison(results, ranked, rec, break_even=(flip,), sensitivity=(series,))


def test_cost_chart_stacks_each_line_item_per_feasible_option() -> None:
    c = comparison()
    fig = charts.monthly_cost_by_item(c)
    assert isinstance(fig, go.Figure)
    assert fig.layout.barmode == "stack"
    assert {t.name for t in fig.data} == {i.item for r in c.ranked for i in r.result.line_items}
    options = [option_name(r.result) for r in c.ranked]
    for trace in fig.data:
        assert list(trace.x) == options
    totals = [sum(t.y[i] for t in fig.data) for i in range(len(options))]
    expected = [r.result.monthly_usd for r in c.ranked]
    assert totals == pytest.approx(expected, abs=0.01 * len(fig.data))


def test_sensitivity_chart_draws_feasible_options_and_marks_break_evens() -> None:
    c = comparison()
    names = {r.option_id: option_name(r) for r in c.results}
    fig = charts.sensitivity(c.sensitivity[0], c.break_even, names, current=3.0)
    assert sorted(t.name for t in fig.data) == sorted(
        [names["ecs-ec2/on-demand"], names["ecs-fargate/on-demand"]]
    )
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [2.0, 3.0]
    assert any(a.hovertext == "From 2 tasks, EC2 is cheaper." for a in fig.layout.annotations)


def test_radar_shows_every_criterion_with_the_users_weights() -> None:
    weights = Weights(cost=1.0, criteria={c: (3.0 if c == "portability" else 1.0) for c in CRITERIA})
    fig = charts.tradeoff_radar([Platform.ECS_FARGATE, Platform.EKS_EC2], weights)
    assert len(fig.data) == 2
    theta = list(fig.data[0].theta)
    assert len(theta) == len(CRITERIA) + 1  # closed polygon
    assert "portability ×3" in theta
    assert fig.data[0].name.startswith("ecs-fargate (")
