"""EC2 fleets across Availability Zones and with scaling time; real us-east-1 prices (2026-07-20)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.costing.ecs_ec2 import price_ecs_ec2
from advisor.costing.fargate import price_fargate
from advisor.costing.timeline import service_bands, zone_split
from advisor.model.costs import FleetEntry
from advisor.model.prices import PriceCatalog
from advisor.model.workload import (
    Arch,
    Assumptions,
    Platform,
    Purchase,
    RunSchedule,
    Service,
    UsageBand,
    Workload,
)

SMALL = Service("api", 0.25, 0.5, bands=(UsageBand(50),))


def workload(*services: Service, assumptions: Assumptions) -> Workload:
    return Workload(services=services, region="us-east-1", assumptions=assumptions)


def test_tasks_spread_evenly_over_min_tasks_and_zones() -> None:
    assert zone_split({"api": 50}, 3) == [(2, {"api": 17}), (1, {"api": 16})]
    assert zone_split({"api": 2}, 3) == [(2, {"api": 1})]
    assert zone_split({"api": 5}, 1) == [(1, {"api": 5})]
    assert zone_split({"a": 4, "b": 1}, 3) == [(1, {"a": 2, "b": 1}), (2, {"a": 1})]


def test_regression_issue_12_fifty_tasks_need_a_fleet_in_each_of_three_zones(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # 17 + 17 + 16 tasks of 256 CPU units / 512 MiB. m5a.xlarge ($0.172/h) holds 16 (4,096 units;
    # 20 trunk ENIs; 15,718 MiB registered); the 17th goes on a t3a.small ($0.0188/h, its 20 %
    # baseline of 2 vCPU = 410 units holds one). 3 × 0.172 + 2 × 0.0188 = $0.5536/h × 730 =
    # $404.128, + 5 × 30 GB × $0.08 = $12.00 -> $416.128.
    result = price_ecs_ec2(workload(SMALL, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    assert result.monthly_usd == pytest.approx(416.128)
    zones = [
        [(e.instance_type, e.count, e.tasks_per_instance) for e in zone] for zone in result.capacity.zones
    ]
    assert zones == [
        [("m5a.xlarge", 1, 16.0), ("t3a.small", 1, 1.0)],
        [("m5a.xlarge", 1, 16.0), ("t3a.small", 1, 1.0)],
        [("m5a.xlarge", 1, 16.0)],
    ]
    one_zone = replace(assumptions, availability_zones=1)
    single = price_ecs_ec2(workload(SMALL, assumptions=one_zone), us_east_1, Purchase.ON_DEMAND)
    assert single.monthly_usd == pytest.approx(398.115)  # c6a.2xlarge + c6a.xlarge + c6a.large
    assert len(single.capacity.zones) == 1


def test_fargate_does_not_depend_on_zones(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    costs = {
        zones: price_fargate(
            workload(SMALL, assumptions=replace(assumptions, availability_zones=zones)),
            us_east_1,
            Platform.ECS_FARGATE,
            Purchase.ON_DEMAND,
        ).monthly_usd
        for zones in (1, 3)
    }
    assert costs[1] == costs[3]


def test_bands_keep_their_capacity_for_the_scaling_time() -> None:
    # 10 tasks for 305 h, 4 for 425 h: the 10-task level starts 5 min early and ends 15 min late
    # (1/3 h of scaling time); the 4-task base runs the rest of the month.
    service = Service("web", 1, 2, bands=(UsageBand(4, 425), UsageBand(10, 305)))
    (busy, scaling, base) = service_bands(service, 1 / 3)
    assert busy == (10, 305, False)
    assert scaling == (10, pytest.approx(1 / 3), True)
    assert base == (4, pytest.approx(730 - 305 - 1 / 3), False)
    assert service_bands(replace(service, bands=(UsageBand(4),)), 1 / 3) == [(4, 730, False)]


def test_regression_issue_12_a_daily_two_hour_job_bills_more_than_its_run_time(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # 30 runs × 2 h, one at a time: each run holds an instance for 5 min of launch and warm-up
    # and 15 min of scale-in delay too: 30 × (2 + 1/3) = 70 instance-hours, 10 of them scaling.
    job = Service("report", 1, 2, bands=(), runs=RunSchedule(30, 7200, 1))
    result = price_ecs_ec2(workload(job, assumptions=assumptions), us_east_1, Purchase.ON_DEMAND)
    hours = [i for i in result.line_items if i.unit == "instance-hour"]
    assert sum(i.quantity for i in hours) == pytest.approx(70)
    (scaling,) = [i for i in hours if "scaling time" in i.item]
    assert scaling.quantity == pytest.approx(10)


def test_pools_on_one_type_show_one_line_for_it(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # An arm64 service and an 'any' service pack in two pools (they never share a node); both
    # land on m6g.medium, the only type allowed. The capacity shows one line for the type: the
    # two pools' instances added up, each share the count-weighted mean of the pools'.
    arm = Service("web", 0.5, 1, bands=(UsageBand(3),), arch=Arch.ARM64)
    any_arch = Service("cache", 0.5, 2, bands=(UsageBand(2),), arch=Arch.ANY)
    one_zone = replace(assumptions, availability_zones=1)

    def fleet(*services: Service) -> tuple[FleetEntry, ...]:
        w = Workload(services, "us-east-1", one_zone, instance_types=("m6g.medium",))
        return price_ecs_ec2(w, us_east_1, Purchase.ON_DEMAND).capacity.fleet

    ((alone_arm,), (alone_any,)) = fleet(arm), fleet(any_arch)
    (both,) = fleet(arm, any_arch)
    assert both.instance_type == "m6g.medium"
    assert both.count == alone_arm.count + alone_any.count
    weighted = alone_arm.tasks_per_instance * alone_arm.count + alone_any.tasks_per_instance * alone_any.count
    assert both.tasks_per_instance == pytest.approx(weighted / both.count)
    assert both.tasks_per_instance * both.count == pytest.approx(5)
