"""EC2 options of many rows at once equal `estimate` on each row."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from advisor.costing import ec2_rows
from advisor.engine import price_option
from advisor.model.prices import PriceCatalog
from advisor.model.workload import (
    OS,
    AddOns,
    Arch,
    Assumptions,
    NetworkMode,
    Platform,
    Purchase,
    Service,
    UsageBand,
    Workload,
)

SIZES: tuple[tuple[float, float], ...] = (
    *((0.25, 0.5), (0.5, 1.0), (1.0, 2.0), (1.0, 4.0), (2.0, 4.0), (2.0, 8.0), (4.0, 16.0), (8.0, 32.0)),
    *((0.3, 0.75), (16.0, 64.0), (64.0, 900.0)),  # odd, large, and too big for any type
)


def sample_rows(count: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(SIZES), count)
    os_ = rng.choice(["linux", "linux", "linux", "windows"], count).astype(object)
    arch = rng.choice(["x86_64", "arm64", "any"], count).astype(object)
    return {
        "vcpu": np.array([SIZES[i][0] for i in pick]),
        "memory_gb": np.array([SIZES[i][1] for i in pick]),
        "tasks": rng.integers(0, 80, count),
        "hours_per_month": rng.choice([730.0, 240.0, 100.5, 1.0], count),
        "arch": np.where(os_ == "windows", "x86_64", arch).astype(object),
        "os": os_,
        "cpu_util": np.where(rng.random(count) < 0.5, np.nan, rng.uniform(0.05, 1.0, count)),
        "spot_ok": rng.random(count) < 0.5,
        "network_mode": rng.choice(["awsvpc", "bridge"], count).astype(object),
    }


def engine_monthly(
    values: dict[str, np.ndarray],
    i: int,
    *,
    catalog: PriceCatalog,
    assumptions: Assumptions,
    platform: Platform,
    purchase: Purchase,
    template: Workload | None = None,
) -> float:
    cpu = float(values["cpu_util"][i])
    service = Service(
        "svc",
        float(values["vcpu"][i]),
        float(values["memory_gb"][i]),
        bands=(UsageBand(int(values["tasks"][i]), float(values["hours_per_month"][i])),),
        arch=Arch(values["arch"][i]),
        os=OS(values["os"][i]),
        cpu_util=None if math.isnan(cpu) else cpu,
        spot_ok=bool(values["spot_ok"][i]),
        network_mode=NetworkMode(values["network_mode"][i]),
    )
    workload = Workload((service,), "us-east-1", assumptions, platforms=(platform,), purchases=(purchase,))
    if template is not None:
        workload = replace(workload, addons=template.addons, instance_types=template.instance_types)
    result = price_option(workload, catalog, platform, purchase)
    return result.monthly_usd if result.feasible else math.nan


@pytest.mark.parametrize("platform", list(ec2_rows.MODELS))
@pytest.mark.parametrize("purchase", [Purchase.ON_DEMAND, Purchase.SPOT, Purchase.SAVINGS_PLAN_1Y])
def test_every_row_costs_what_estimate_says(
    us_east_1: PriceCatalog, assumptions: Assumptions, platform: Platform, purchase: Purchase
) -> None:
    values = sample_rows(150, seed=11)
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions)
    got = ec2_rows.monthly_usd(reference, us_east_1, platform, purchase, values)
    want = np.array(
        [
            engine_monthly(
                values, i, catalog=us_east_1, assumptions=assumptions, platform=platform, purchase=purchase
            )
            for i in range(150)
        ]
    )
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    if purchase is not Purchase.SAVINGS_PLAN_1Y:  # no Savings Plan rate offline: all infeasible
        assert np.isfinite(got).sum() > 30


def test_spot_is_only_for_spot_tolerant_rows(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    values = sample_rows(40, seed=3)
    values["spot_ok"][:] = False
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions)
    assert np.isnan(ec2_rows.monthly_usd(reference, us_east_1, Platform.ECS_EC2, Purchase.SPOT, values)).all()


def test_a_hand_worked_row(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    # 3 tasks of 2 vCPU / 4 GB, bridge, x86 Linux, on-demand, 730 h.
    values = sample_rows(1, seed=0)
    values.update(
        vcpu=np.array([2.0]),
        memory_gb=np.array([4.0]),
        tasks=np.array([3]),
        hours_per_month=np.array([730.0]),
        arch=np.array(["x86_64"], dtype=object),
        os=np.array(["linux"], dtype=object),
        cpu_util=np.array([np.nan]),
        network_mode=np.array(["bridge"], dtype=object),
    )
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions)
    (got,) = ec2_rows.monthly_usd(reference, us_east_1, Platform.ECS_EC2, Purchase.ON_DEMAND, values)
    # A task needs 2048 CPU units: an m5a.large (2 vCPU, $0.086/h) holds one, an m5a.xlarge
    # (4 vCPU, $0.172/h) two; a c6a.xlarge registers 8192 × 0.975 = 7987 MiB, one 4 GB task.
    # Spread over three zones, one task each: 3 × m5a.large = $0.258/h × 730 h = $188.34 (one
    # zone would take 1 m5a.xlarge + 1 m5a.large, the same $/h), plus three 30 GB gp3 root
    # volumes at $0.08/GB-month = $7.20.
    assert got == pytest.approx(188.34 + 7.20)
    assert got == pytest.approx(
        engine_monthly(
            values,
            0,
            catalog=us_east_1,
            assumptions=assumptions,
            platform=Platform.ECS_EC2,
            purchase=Purchase.ON_DEMAND,
        )
    )


def test_utilization_counts_to_the_next_whole_percent(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # A burstable type must sustain the CPU use taken up to the next percent: 43.73 % is 44 %.
    values = sample_rows(1, seed=0)
    values.update(
        vcpu=np.array([0.25]),
        memory_gb=np.array([0.5]),
        tasks=np.array([3]),
        os=np.array(["linux"], dtype=object),
        arch=np.array(["x86_64"], dtype=object),
    )
    costs = []
    for cpu_util in (0.4373, 0.44):
        values["cpu_util"] = np.array([cpu_util])
        costs.append(
            engine_monthly(
                values,
                0,
                catalog=us_east_1,
                assumptions=assumptions,
                platform=Platform.ECS_EC2,
                purchase=Purchase.ON_DEMAND,
            )
        )
    exact, rounded = costs
    assert exact == rounded


@pytest.mark.parametrize("platform", list(ec2_rows.MODELS))
def test_assumptions_add_ons_and_allow_lists_are_honoured_as_estimate_does(
    us_east_1: PriceCatalog, assumptions: Assumptions, platform: Platform
) -> None:
    changed = replace(assumptions, headroom=0.1, eni_trunking=True, prefix_delegation=True, ebs_root_gb=50.0)
    reference = Workload(
        (Service("any", 1.0, 1.0),),
        "us-east-1",
        changed,
        addons=AddOns(public_ipv4=True, alb_count=1, alb_lcu_per_hour=2.0, logs_gb_per_month=10.0),
        instance_types=("m5", "c6g", "t3", "r6i.large"),
    )
    values = sample_rows(120, seed=5)
    got = ec2_rows.monthly_usd(reference, us_east_1, platform, Purchase.ON_DEMAND, values)
    want = np.array(
        [
            engine_monthly(
                values,
                i,
                catalog=us_east_1,
                assumptions=changed,
                platform=platform,
                purchase=Purchase.ON_DEMAND,
                template=reference,
            )
            for i in range(120)
        ]
    )
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    assert np.isfinite(got).sum() > 30


def test_an_unknown_allow_listed_type_makes_every_row_infeasible(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions, instance_types=("m99",))
    values = sample_rows(10, seed=1)
    assert np.isnan(
        ec2_rows.monthly_usd(reference, us_east_1, Platform.ECS_EC2, Purchase.ON_DEMAND, values)
    ).all()


def test_the_same_catalog_prices_rows_with_and_without_public_ipv4_apart(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # Per-instance public IPv4 changes which fleet is cheapest: memoized frontiers must not mix.
    values = sample_rows(60, seed=9)
    for public_ipv4 in (False, True, False):
        reference = Workload(
            (Service("any", 1.0, 1.0),), "us-east-1", assumptions, addons=AddOns(public_ipv4=public_ipv4)
        )
        got = ec2_rows.monthly_usd(reference, us_east_1, Platform.ECS_EC2, Purchase.ON_DEMAND, values)
        want = [
            engine_monthly(
                values,
                i,
                catalog=us_east_1,
                assumptions=assumptions,
                platform=Platform.ECS_EC2,
                purchase=Purchase.ON_DEMAND,
                template=reference,
            )
            for i in range(60)
        ]
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)


def test_kinds_found_once_for_more_rows_price_a_subset_the_same(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    # The batch finds every row's kind once per chunk and prices subsets of the rows with it.
    values = sample_rows(80, seed=4)
    kinds = ec2_rows.kind_codes(values)
    subset = np.arange(80)[values["os"] == "linux"][::2]
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions)
    rows = {f: values[f][subset] for f in ec2_rows.ROW_FIELDS}
    for purchase in (Purchase.ON_DEMAND, Purchase.SPOT):
        alone = ec2_rows.monthly_usd(reference, us_east_1, Platform.EKS_EC2, purchase, rows)
        shared = ec2_rows.monthly_usd(
            reference, us_east_1, Platform.EKS_EC2, purchase, rows, kinds=kinds[subset]
        )
        np.testing.assert_array_equal(shared, alone)
        assert np.isfinite(alone).sum() > 5


def test_rows_of_one_kind_share_a_code() -> None:
    values = sample_rows(3, seed=0)
    values.update(
        vcpu=np.array([1.0, 1.0, 1.0]),
        memory_gb=np.array([2.0, 2.0, 2.0]),
        os=np.array(["linux"] * 3, dtype=object),
        arch=np.array(["arm64"] * 3, dtype=object),
        network_mode=np.array(["awsvpc"] * 3, dtype=object),
        # 0.431 and 0.44 are both a burstable's 44 %; unknown is 100 %.
        cpu_util=np.array([0.431, 0.44, np.nan]),
    )
    assert ec2_rows.kind_codes(values).tolist() == [0, 0, 1]


def test_shapes_worked_out_in_blocks_price_every_row_the_same(
    us_east_1: PriceCatalog, assumptions: Assumptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch of many distinct sizes has their per-type counts worked out a block at a time,
    # so memory stays bounded; blocks of 3 shapes give what one block of all of them gives.
    values = sample_rows(60, seed=21)
    values["vcpu"] = values["vcpu"] * np.linspace(1.0, 1.2, 60)  # distinct sizes
    reference = Workload((Service("any", 1.0, 1.0),), "us-east-1", assumptions)
    whole = ec2_rows.monthly_usd(reference, us_east_1, Platform.ECS_EC2, Purchase.ON_DEMAND, values)
    blocked_catalog = replace(us_east_1, memo={})
    monkeypatch.setattr(ec2_rows, "SHAPES_PER_BLOCK", 3)
    blocked = ec2_rows.monthly_usd(reference, blocked_catalog, Platform.ECS_EC2, Purchase.ON_DEMAND, values)
    np.testing.assert_array_equal(blocked, whole)
    assert np.isfinite(whole).sum() > 20
