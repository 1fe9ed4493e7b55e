"""Reasons for a recommendation: the figures they cite, the templates, what a price rests on.

On hand-made cost breakdowns (no pricing involved), read through `recommend`.
"""

from __future__ import annotations

from advisor.decision.ranking import Weights, recommend
from advisor.decision.reasons import REASON_TEMPLATES
from advisor.model.costs import Capacity, CostBreakdown, FleetEntry, LineItem
from advisor.model.prices import Confidence
from advisor.model.workload import Platform, Purchase


def option(
    platform: Platform, monthly: float, purchase: Purchase = Purchase.ON_DEMAND, **kw
) -> CostBreakdown:
    return CostBreakdown(
        platform, purchase, True, line_items=(LineItem("compute", 1, "month", monthly),), **kw
    )


def test_reasons_contain_the_figures_they_cite() -> None:
    fleet = Capacity(
        fleet=(FleetEntry("m7g.large", 3, 2.0, 0.8, 0.84),), vcpu_utilization=0.8, memory_utilization=0.84
    )
    ec2 = option(Platform.ECS_EC2, 150.0, capacity=fleet)
    fargate = option(Platform.ECS_FARGATE, 200.0)
    _, rec = recommend((ec2, fargate), Weights(cost=1.0, criteria={}))
    assert rec is not None
    text = " ".join(r.message for r in rec.reasons)
    assert "$150.00/month" in text
    assert "$50.00 (25%) less per month than ECS on Fargate (on-demand)" in text
    assert "3 × m7g.large" in text
    assert "vCPU 80% allocated, memory 84%" in text
    assert {r.code for r in rec.reasons} >= {"cost", "savings_vs_next", "waste", "operational_effort"}


def test_assumption_based_price_is_flagged() -> None:
    spot = CostBreakdown(
        Platform.ECS_FARGATE,
        Purchase.SPOT,
        True,
        line_items=(
            LineItem("vCPU-hours (Spot)", 730, "vCPU-hour", 0.012144, confidence=Confidence.ASSUMPTION),
        ),
    )
    _, rec = recommend((spot,))
    assert rec is not None
    assert any(r.code == "assumption" for r in rec.reasons)
    assert any(r.code == "only_option" for r in rec.reasons)


def test_reason_templates_are_data() -> None:
    assert all(isinstance(text, str) and text for text in REASON_TEMPLATES.values())


def test_regression_issue_12_the_packing_reason_states_cpu_and_memory() -> None:
    from advisor.decision.ranking import recommend
    from advisor.model.costs import Capacity, CostBreakdown, FleetEntry, LineItem
    from advisor.model.prices import Confidence
    from advisor.model.workload import Platform, Purchase

    item = LineItem(
        "t3a.medium instance-hours",
        730,
        "instance-hour",
        0.0376,
        source="test",
        as_of="2026-07-20",
        confidence=Confidence.HIGH,
    )
    fleet = (FleetEntry("t3a.medium", 1, 4.0, 0.98, 0.51),)
    ec2 = CostBreakdown(
        Platform.ECS_EC2,
        Purchase.ON_DEMAND,
        True,
        line_items=(item,),
        capacity=Capacity(fleet=fleet, vcpu_utilization=0.98, memory_utilization=0.51),
    )
    _, best = recommend((ec2,))
    assert best is not None
    text = " ".join(r.message for r in best.reasons)
    assert "vCPU 98% allocated, memory 51%: 2% of the vCPU and 49% of the memory paid for are idle" in text


def test_when_every_option_is_incomplete_the_reasons_say_what_is_left_out() -> None:
    missing = ("EBS gp3 root volumes", "NAT gateway hour")
    _, rec = recommend((option(Platform.ECS_EC2, 80.0, missing=missing),))
    assert rec is not None
    (reason,) = [r for r in rec.reasons if r.code == "incomplete"]
    assert reason.message == (
        "Its total is a lower bound: no rate in this price source for EBS gp3 root volumes, NAT gateway hour."
    )
    assert reason.message in rec.explanation
    assert option(Platform.ECS_EC2, 1.0, missing=missing).completeness == "incomplete"
    assert option(Platform.ECS_EC2, 1.0).completeness == "complete"
