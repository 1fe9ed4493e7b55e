"""Break-evens and sensitivity, checked by pricing either side of each crossing."""

from __future__ import annotations

from dataclasses import replace

from advisor.decision.break_even import (
    MAX_RANGES,
    hours_analysis,
    task_ranges,
    tasks_analysis,
    with_hours_factor,
    with_tasks,
)
from advisor.decision.commitment import COMPUTE_SP_MAX_DISCOUNT, _with_plan_discount, commitment_analysis
from advisor.decision.recommend import compare
from advisor.engine import estimate
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions, Platform, Purchase, Service, UsageBand, Workload
from advisor.model.workload_file import workload_from_dict


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


def test_task_counts_read_as_ranges_with_exceptions_folded_in() -> None:
    # F F F E E F E E E E K K: the lone F at 6 is an exception inside E's range 4–10
    ranges = task_ranges(list("FFFEEFEEEEKK"))
    assert [(r.option, r.start, r.end, r.exceptions) for r in ranges] == [
        ("F", 1, 3, []),
        ("E", 4, 10, [(6, "F")]),
        ("K", 11, 12, []),
    ]


def test_alternating_counts_give_at_most_four_ranges() -> None:
    ranges = task_ranges(list("FE" * 10 + "K" * 5 + "FEFK"))
    assert len(ranges) <= MAX_RANGES
    assert sum(r.end - r.start + 1 for r in ranges) == 29


def test_fifty_tasks_give_a_few_range_lines(assumptions: Assumptions, us_east_1: PriceCatalog) -> None:
    """Issue 13: 11 alternating "from N tasks" lines became ranges."""
    workload = Workload((Service("api", 1, 2, bands=(UsageBand(50),)),), "us-east-1", assumptions)
    analysis = tasks_analysis(workload, us_east_1)
    assert analysis is not None
    flips = [f for f in analysis[0] if " is cheapest " in f.description]  # not the managed-vs-Fargate line
    assert 1 <= len(flips) <= MAX_RANGES - 1
    first = flips[0]
    assert first.description.startswith(f"ECS on EC2 (on-demand) is cheapest from {first.value:g} ")
    assert f"; below {first.value:g}, ECS on Fargate (on-demand)" in first.description
    assert cheapest(with_tasks(workload, int(first.value)), us_east_1) == first.above
    assert cheapest(with_tasks(workload, int(first.value) - 1), us_east_1) == first.below


def test_utilization_flips_only_when_a_utilization_was_given(web: Workload, us_east_1: PriceCatalog) -> None:
    measured = compare(web, us_east_1)
    unmeasured = replace(web, services=tuple(replace(s, cpu_util=None, mem_util=None) for s in web.services))
    assert not any(f.dimension == "utilization" for f in compare(unmeasured, us_east_1).break_even)
    assert any(s.dimension == "utilization" for s in measured.sensitivity)


def test_hours_name_the_service_in_a_multi_service_workload(
    assumptions: Assumptions, us_east_1: PriceCatalog
) -> None:
    workload = Workload(
        (
            Service("api", 2, 4, bands=(UsageBand(10, 730),)),
            Service("batch", 1, 2, bands=(UsageBand(2, 300),)),
        ),
        "us-east-1",
        assumptions,
        platforms=(Platform.ECS_FARGATE, Platform.ECS_EC2),
    )
    flips, _ = hours_analysis(workload, us_east_1)
    assert flips
    assert all(
        " hours/month for api (the other services' hours scaled in proportion)" in f.description
        for f in flips
    )


def test_commitment_thresholds_apply_the_plan_to_every_platform(
    web: Workload, us_east_1: PriceCatalog
) -> None:
    spot_ok = replace(web, services=tuple(replace(s, spot_ok=True) for s in web.services))
    workload = replace(spot_ok, purchases=(Purchase.ON_DEMAND, Purchase.SPOT))
    results = estimate(workload, us_east_1)
    flips = commitment_analysis(workload, us_east_1, results)
    for flip in flips:
        assert 0 < flip.value <= COMPUTE_SP_MAX_DISCOUNT  # AWS's published maximum, 66 %

        def best(discount: float) -> str:
            planned = estimate(_with_plan_discount(workload, discount), us_east_1)
            costs = {r.option_id: r.monthly_usd for r in planned if r.feasible}
            costs |= {
                r.option_id: r.monthly_usd for r in results if r.feasible and r.purchase is Purchase.SPOT
            }
            return min(costs, key=costs.__getitem__)

        assert best(flip.value - 0.005) == flip.below
        assert best(flip.value + 0.005) == flip.above


def test_no_commitment_line_cites_a_discount_above_the_published_maximum(us_east_1: PriceCatalog) -> None:
    """Issue 13: thresholds of 70–92 % were shown, and EC2 was discounted but not Fargate."""
    for tasks in (1, 4, 50):
        workload = workload_from_dict(
            {"region": "us-east-1", "services": [{"name": "s", "vcpu": 1, "memory_gb": 2, "tasks": tasks}]}
        )
        for flip in compare(workload, us_east_1).break_even:
            if flip.dimension == "commitment":
                assert flip.value <= COMPUTE_SP_MAX_DISCOUNT
                assert "EC2 and Fargate alike" in flip.description


def test_managed_platform_crossings_are_stated_even_when_ec2_is_cheapest(
    assumptions: Assumptions, us_east_1: PriceCatalog
) -> None:
    # 2 vCPU / 4 GB tasks: ECS on EC2 is the cheapest at every count, yet where ECS Managed
    # Instances overtakes Fargate is what someone choosing between the two asks.
    workload = Workload(
        (Service("api", 2, 4, bands=(UsageBand(4),)),),
        "us-east-1",
        assumptions,
        platforms=(Platform.ECS_FARGATE, Platform.ECS_MANAGED_INSTANCES, Platform.ECS_EC2),
    )
    analysis = tasks_analysis(workload, us_east_1, max_tasks=12)
    assert analysis is not None
    flips, series = analysis
    assert [f.description for f in flips] == [
        "ECS Managed Instances (on-demand) is cheaper than ECS on Fargate (on-demand) from 5 tasks on "
        "(priced to 12)."
    ]
    (flip,) = flips
    assert "ecs-managed-instances/on-demand" in series.costs
    for n, cheaper in ((4, flip.below), (5, flip.above)):
        costs = {r.option_id: r.monthly_usd for r in estimate(with_tasks(workload, n), us_east_1)}
        assert min((flip.below, flip.above), key=costs.__getitem__) == cheaper
