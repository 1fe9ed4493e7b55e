"""Break-evens and sensitivity, checked by pricing either side of each crossing."""

from __future__ import annotations

from dataclasses import replace

from advisor.decision.break_even import hours_analysis, tasks_analysis, with_hours_factor, with_tasks
from advisor.decision.recommend import compare
from advisor.engine import estimate
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Platform, Service, UsageBand, Workload


def cheapest(workload: Workload, catalog: PriceCatalog) -> str:
    feasible = [r for r in estimate(workload, catalog) if r.feasible]
    return min(feasible, key=lambda r: r.monthly_usd).option_id


def test_task_break_evens_hold_just_below_and_above(web: Workload, us_east_1: PriceCatalog) -> None:
    analysis = tasks_analysis(web, us_east_1)
    assert analysis is not None
    flips, series = analysis
    assert len(series.x) >= 20
    for flip in flips:
        n = int(flip.value)
        assert cheapest(with_tasks(web, n - 1), us_east_1) == flip.below
        assert cheapest(with_tasks(web, n), us_east_1) == flip.above


def test_hours_break_even_is_exact(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    # EKS carries a fixed control plane, so at few hours ECS wins and the lines never cross back;
    # with Fargate vs EC2 both proportional to hours, any crossing must be verified either side.
    workload = Workload(
        (Service("api", 0.5, 1, bands=(UsageBand(3, 730),)),),
        "us-east-1",
        assumptions,
        platforms=(Platform.ECS_FARGATE, Platform.EKS_EC2),
    )
    flips, series = hours_analysis(workload, us_east_1)
    assert series.x
    for flip in flips:
        factor = flip.value / 730
        assert cheapest(with_hours_factor(workload, factor * 0.99), us_east_1) == flip.below
        assert cheapest(with_hours_factor(workload, min(factor * 1.01, 744 / 730)), us_east_1) == flip.above


def test_compare_reports_commitment_break_even_consistently(web: Workload, us_east_1: PriceCatalog) -> None:
    result = compare(web, us_east_1)
    assert result.recommendation is not None
    for flip in (f for f in result.break_even if f.dimension == "commitment"):
        platform = Platform(flip.above.split("/")[0])

        def priced(discount: float, platform: Platform = platform) -> float:
            assumptions = replace(
                web.assumptions, savings_plan_1y_discount=discount, fargate_savings_plan_1y_discount=discount
            )
            options = estimate(
                replace(web, assumptions=assumptions, purchases=("savings-plan-1y",), platforms=(platform,)),
                us_east_1,
            )  # type: ignore[arg-type]
            return options[0].monthly_usd

        best = min(r.monthly_usd for r in result.results if r.feasible)
        assert priced(flip.value - 0.01) > best
        assert priced(flip.value + 0.01) < best
