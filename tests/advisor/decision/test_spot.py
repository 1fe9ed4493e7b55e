"""Spot with its risk: the interruption band of the capacity, Spot only for Spot-tolerant
services, and reasons that say what the Spot price rests on."""

from __future__ import annotations

from advisor.decision.recommend import compare
from advisor.model.prices import PriceCatalog
from advisor.model.workload_file import workload_from_dict
from advisor.reporting.payload import estimate_payload


def _payload(catalog: PriceCatalog, **workload: object) -> dict:
    loaded = workload_from_dict({"region": "us-east-1", **workload})
    return estimate_payload(loaded, catalog.source, compare(loaded, catalog, analyses=False))


def _option(payload: dict, option_id: str) -> dict:
    return next(o for o in payload["options"] if f"{o['platform']}/{o['purchase']}" == option_id)


def test_a_spot_fleet_shows_its_band_and_the_feed_date(us_east_1: PriceCatalog) -> None:
    payload = _payload(
        us_east_1,
        platforms=["ecs-ec2"],
        purchases=["spot"],
        instance_types=["m5.large"],
        services=[{"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4, "spot_ok": True}],
    )
    option = _option(payload, "ecs-ec2/spot")
    # m5.large in us-east-1: 0.096 × (1 − 0.66) = $0.03264/h, interruption band 15-20 % (README)
    assert option["interruption"] == "m5.large 15-20%"
    assert {i["interruption_band"] for i in option["capacity"]["instances"]} == {"15-20%"}
    reasons = {r["code"]: r for r in payload["recommendation"]["reasons"]}
    assert "m5.large 15-20%" in reasons["spot_risk"]["message"]
    assert reasons["spot_risk"]["value"] == 20.0
    assert reasons["spot_price"]["message"] == (
        "Its Spot price rests on AWS Spot Instance Advisor (as of 2025-06-28)."
    )


def test_fargate_spot_says_no_band_is_published_and_names_the_assumption(us_east_1: PriceCatalog) -> None:
    payload = _payload(
        us_east_1,
        platforms=["ecs-fargate"],
        purchases=["spot"],
        services=[{"name": "web", "vcpu": 1, "memory_gb": 2, "spot_ok": True}],
    )
    assert _option(payload, "ecs-fargate/spot")["interruption"] == "not published"
    messages = [r["message"] for r in payload["recommendation"]["reasons"]]
    assert (
        "Its Spot price rests on the assumption fargate_spot_discount=0.7 (not a published rate)." in messages
    )
    assert not any(r["code"] == "assumption" for r in payload["recommendation"]["reasons"])


def test_spot_is_never_recommended_for_a_service_that_is_not_spot_tolerant(us_east_1: PriceCatalog) -> None:
    payload = _payload(
        us_east_1,
        platforms=["ecs-fargate", "ecs-ec2"],
        purchases=["on-demand", "spot"],
        services=[
            {"name": "web", "vcpu": 1, "memory_gb": 2, "tasks": 4, "spot_ok": True},
            {"name": "db-sync", "vcpu": 1, "memory_gb": 2},
        ],
    )
    for option_id in ("ecs-fargate/spot", "ecs-ec2/spot"):
        option = _option(payload, option_id)
        assert not option["feasible"]
        assert option["interruption"] is None
        assert any("db-sync" in r for r in option["reasons"])
    assert payload["recommendation"]["purchase"] == "on-demand"
    assert not any(r["code"].startswith("spot") for r in payload["recommendation"]["reasons"])


def test_an_on_demand_option_has_no_interruption(us_east_1: PriceCatalog) -> None:
    payload = _payload(
        us_east_1, platforms=["ecs-ec2"], services=[{"name": "web", "vcpu": 1, "memory_gb": 2}]
    )
    assert _option(payload, "ecs-ec2/on-demand")["interruption"] is None
    assert all(
        "interruption_band" not in i for i in _option(payload, "ecs-ec2/on-demand")["capacity"]["instances"]
    )
