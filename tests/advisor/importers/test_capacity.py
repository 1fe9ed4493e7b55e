"""Fargate Spot shares from capacity provider strategies, autoscaling bounds as bands."""

from __future__ import annotations

import pytest

from advisor.importers.capacity import DEFAULT_PEAK_HOURS, scaling_bands, spot_share
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import UsageBand


def strategy(*items: tuple[str, int, int]) -> list[dict[str, object]]:
    return [{"capacityProvider": p, "weight": w, "base": b} for p, w, b in items]


@pytest.mark.parametrize(
    ("items", "desired", "share"),
    [
        # base 1 on FARGATE, the other 5 split 3:1 → 3.75 of 6 on Spot
        ((("FARGATE_SPOT", 3, 0), ("FARGATE", 1, 1)), 6, 3.75 / 6),
        # base on Spot: 2 first, then 8 split 1:1 → 6 of 10
        ((("FARGATE_SPOT", 1, 2), ("FARGATE", 1, 0)), 10, 0.6),
        ((("FARGATE", 1, 0),), 4, 0.0),
        ((("FARGATE_SPOT", 1, 0),), 4, 1.0),
        # no tasks yet: the weights alone
        ((("FARGATE_SPOT", 4, 0), ("FARGATE", 1, 0)), 0, 0.8),
        # a base larger than the service: every task on the base's provider
        ((("FARGATE", 0, 5), ("FARGATE_SPOT", 1, 0)), 3, 0.0),
    ],
    ids=["base-on-demand", "base-on-spot", "no-spot", "all-spot", "no-tasks", "base-covers-all"],
)
def test_spot_share_follows_base_then_weight(items: tuple, desired: int, share: float) -> None:
    assert spot_share(strategy(*items), desired) == pytest.approx(share)


def test_spot_share_rejects_a_strategy_without_weight() -> None:
    with pytest.raises(InvalidWorkload, match=r"capacityProviderStrategy\[\]\.weight"):
        spot_share(strategy(("FARGATE_SPOT", 0, 0)), 2)
    with pytest.raises(InvalidWorkload, match=r"capacityProviderStrategy\[0\]\.weight"):
        spot_share([{"capacityProvider": "FARGATE_SPOT", "weight": -1}], 2)


def test_scaling_bands_max_for_business_hours_min_for_the_rest() -> None:
    # 730 h × 50 / 168 = 217.26 h at the maximum, 512.74 h at the minimum
    assert DEFAULT_PEAK_HOURS == 217.26
    assert scaling_bands(2, 10) == (UsageBand(10, 217.26), UsageBand(2, 512.74))
    assert scaling_bands(3, 3) == (UsageBand(3),)
    assert scaling_bands(1, 4, peak_hours=0) == (UsageBand(1),)
    assert scaling_bands(1, 4, peak_hours=730) == (UsageBand(4),)
    assert scaling_bands(0, 4, peak_hours=100) == (UsageBand(4, 100), UsageBand(0, 630))


def test_scaling_bands_reject_bad_bounds() -> None:
    with pytest.raises(InvalidWorkload, match="max_capacity"):
        scaling_bands(5, 2)
    with pytest.raises(InvalidWorkload, match="--peak-hours"):
        scaling_bands(1, 2, peak_hours=800)
