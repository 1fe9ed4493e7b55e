"""advisor.reporting.charts: plotly Figures from hand-made results (no pricing involved)."""

from __future__ import annotations

from types import MappingProxyType

import plotly.graph_objects as go

import pricing
from advisor.decision.recommend import (
    BreakEven,
    Comparison,
    Series,
    Weights,
    compare,
    option_name,
    recommend,
    tradeoff_score,
)
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.costs import CostBreakdown, LineItem, infeasible
from advisor.model.money import cents
from advisor.model.workload import Platform, Purchase
from advisor.model.workload_file import workload_from_dict
from advisor.reporting import charts
from advisor.reporting.palette import CATEGORY_COLOURS, option_colour


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


def test_cost_chart_stacks_fixed_categories_with_totals_and_line_items_on_hover() -> None:
    c = comparison()
    fig = charts.monthly_cost_by_category(c)
    assert isinstance(fig, go.Figure)
    assert fig.layout.barmode == "stack"
    # vCPU and instance-hours are compute, GB-hours memory, the EBS GB-months storage
    assert [t.name for t in fig.data] == ["compute", "memory", "storage"]
    assert [t.marker.color for t in fig.data] == [CATEGORY_COLOURS[t.name] for t in fig.data]
    options = [option_name(r.result) for r in c.ranked]
    for trace in fig.data:
        assert list(trace.x) == options
    # ECS on EC2: 730 h × $0.0816 = $59.57 compute + 30 GB × $0.08 = $2.40 storage = $61.97;
    # Fargate: 2,190 vCPU-h × $0.04048 = $88.65 + 4,380 GB-h × $0.004445 = $19.47 = $108.12
    assert [a.text for a in fig.layout.annotations] == ["$61.97", "$108.12"]
    ec2_compute = fig.data[0].customdata[0]
    assert ec2_compute == "$59.57 EC2 m7g.large"


def test_sensitivity_chart_numbers_break_evens_and_marks_this_workload() -> None:
    c = comparison()
    names = {r.option_id: option_name(r) for r in c.results}
    fig = charts.sensitivity(c.sensitivity[0], c.break_even, names, current=3.0)
    assert sorted(t.name for t in fig.data) == sorted(
        [names["ecs-ec2/on-demand"], names["ecs-fargate/on-demand"]]
    )
    assert {t.name: t.line.color for t in fig.data} == {
        names[o]: option_colour(o) for o in ("ecs-ec2/on-demand", "ecs-fargate/on-demand")
    }
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == [2.0, 3.0]
    [flip] = [a for a in fig.layout.annotations if a.hovertext]
    assert (flip.text, flip.hovertext) == ("1 · 2 tasks", "From 2 tasks, EC2 is cheaper.")
    assert any(a.text == "this workload: 3 tasks" for a in fig.layout.annotations)


def test_utilization_break_evens_read_as_percent() -> None:
    series = Series("utilization", (0.1, 0.5, 1.0), MappingProxyType({"ecs-ec2/on-demand": (1.0, 2.0, 3.0)}))
    flip = BreakEven("utilization", 0.351, "ecs-fargate/spot", "ecs-ec2/spot", "At 35% …")
    fig = charts.sensitivity(series, (flip,), {}, current=0.4)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["1 · 35%", "this workload: 40%"]
    assert fig.layout.xaxis.tickformat == ".0%"


def test_close_break_even_labels_go_on_separate_rows() -> None:
    values = [0.351, 0.526, 0.701, 0.36, 0.9]
    rows = charts.marker_rows(values, span=0.9)
    assert rows == [0, 0, 0, 1, 0]
    for a in range(len(values)):
        for b in range(a + 1, len(values)):
            if rows[a] == rows[b]:
                assert abs(values[a] - values[b]) >= charts.MARKER_GAP * 0.9


def test_radar_names_platforms_and_shows_every_criterion_with_the_users_weights() -> None:
    weights = Weights(cost=1.0, criteria={c: (3.0 if c == "portability" else 1.0) for c in CRITERIA})
    fig = charts.tradeoff_radar([Platform.ECS_FARGATE, Platform.EKS_EC2], weights)
    assert len(fig.data) == 2
    theta = list(fig.data[0].theta)
    assert len(theta) == len(CRITERIA) + 1  # closed polygon
    assert "portability<br>×3" in theta
    score = tradeoff_score(Platform.ECS_FARGATE, weights)
    assert fig.data[0].name == f"ECS on Fargate — {score:.2f}"
    assert fig.data[0].line.color == option_colour("ecs-fargate/on-demand")


def test_cost_per_service_bars_add_up_to_each_options_total() -> None:
    workload = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 3},
                {"name": "api", "vcpu": 0.5, "memory_gb": 1, "tasks": 2},
            ],
        }
    )
    c = compare(workload, pricing.load_catalog("snapshot", "us-east-1"), analyses=False)
    fig = charts.cost_per_service(c, workload.services)
    assert [t.name for t in fig.data] == [option_name(r.result) for r in c.ranked]
    for trace, ranked in zip(fig.data, c.ranked, strict=True):
        assert list(trace.x) == ["web", "api"]
        assert round(sum(trace.y), 2) == cents(ranked.result.monthly_usd)  # the allocation adds up
        assert trace.marker.color == option_colour(ranked.result.option_id)
        for (direct, shared, idle), total in zip(trace.customdata, trace.y, strict=True):
            assert round(direct + shared + idle, 2) == total
