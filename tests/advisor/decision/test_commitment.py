"""Savings Plan advice: the hourly commitment the steady part uses fully, and what it saves."""

from __future__ import annotations

from advisor.decision.commitment import plan_advice, steady_part
from advisor.decision.recommend import compare
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Purchase
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import estimate_payload


def _workload(**extra: object):
    return workload_from_dict(
        {
            "region": "us-east-1",
            "platforms": ["ecs-fargate"],
            "services": [
                {
                    "name": "web",
                    "vcpu": 1,
                    "memory_gb": 2,
                    "bands": [{"tasks": 4, "hours_per_month": 425}, {"tasks": 10, "hours_per_month": 305}],
                },
                {
                    "name": "nightly",
                    "vcpu": 2,
                    "memory_gb": 4,
                    "runs": {"runs_per_month": 30, "avg_duration_seconds": 900},
                },
            ],
            **extra,
        }
    )


def test_the_steady_part_is_each_services_lowest_band_all_month() -> None:
    steady = steady_part(_workload())
    assert steady is not None
    (web,) = steady.services  # the run-based service has no steady part
    assert [(b.tasks, b.hours_per_month) for b in web.bands] == [(4, 730)]


def test_commitment_and_savings_by_hand(us_east_1: PriceCatalog) -> None:
    workload = _workload(assumptions={"fargate_savings_plan_1y_discount": 0.2})
    payload = estimate_payload(workload, us_east_1.source, compare(workload, us_east_1))
    one_year, three_year = payload["savings_plan"]
    # steady: 4 tasks × 730 h of (1 vCPU × $0.04048 + 2 GB × $0.004445) = $144.16/month on-demand,
    # $0.197480/h; the plan at 20 % off: commit 0.197480 × 0.8 = $0.1580/h, save 144.1604 × 0.2
    assert one_year == {
        "term": "savings-plan-1y",
        "platform": "ecs-fargate",
        "feasible": True,
        "reason": None,
        "steady": "web × 4 all month",
        "hourly_commitment": 0.158,
        "monthly_savings": 28.83,
        "annual_savings": 345.96,  # 12 × 28.83
        "rate": "assumption fargate_savings_plan_1y_discount=0.2",
    }
    assert not three_year["feasible"]
    assert "fargate_savings_plan_3y_discount" in three_year["reason"]
    assert three_year["hourly_commitment"] is None


def test_no_advice_without_a_steady_part_or_on_spot(us_east_1: PriceCatalog) -> None:
    runs_only = workload_from_dict(
        {
            "region": "us-east-1",
            "services": [
                {
                    "name": "n",
                    "vcpu": 1,
                    "memory_gb": 2,
                    "runs": {"runs_per_month": 30, "avg_duration_seconds": 60},
                }
            ],
        }
    )
    comparison = compare(runs_only, us_east_1)
    assert {a.reason for a in comparison.savings_plan} == {"no steady part: no service runs all month"}
    spot = workload_from_dict(
        {
            "region": "us-east-1",
            "platforms": ["ecs-fargate"],
            "services": [{"name": "w", "vcpu": 1, "memory_gb": 2, "tasks": 4, "spot_ok": True}],
        }
    )
    comparison = compare(spot, us_east_1)
    assert comparison.recommendation is not None
    assert comparison.recommendation.purchase is Purchase.SPOT
    assert all(not a.feasible and "Spot" in a.reason for a in comparison.savings_plan)
    chosen = next(r for r in comparison.results if r.purchase is Purchase.ON_DEMAND)
    advice = plan_advice(spot, us_east_1, chosen)
    assert [a.feasible for a in advice] == [False, False]  # no rate offline
    assert advice[0].reason.startswith("no 1-year Compute Savings Plan rate")
