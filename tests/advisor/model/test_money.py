"""Rounding to the cent: half-up, deaf to float noise, the same for one value or an array."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.model.money import annual_array, annual_usd, cents, cents_array, split_cents


@pytest.mark.parametrize(
    ("usd", "expected"),
    [
        (0.125, 0.13),  # half-up, not half-even
        (2.675, 2.68),  # 2.675 is 2.67499999… in binary: still a half cent in decimal
        (1.005, 1.01),
        (-0.005, -0.01),  # away from zero, so savings and costs round alike
        (-2.675, -2.68),
        (0.0, 0.0),
        (1.004999, 1.0),
        (14.7752, 14.78),
        (811.1949999999999, 811.2),  # the same sum as 811.195, added in another order
        (811.195, 811.2),
        (811.19499, 811.19),  # a real difference (a thousandth of a cent) is not noise
    ],
)
def test_cents(usd: float, expected: float) -> None:
    assert cents(usd) == expected
    assert str(cents(-0.0)) == "0.0"


def test_cents_array_is_cents_element_by_element() -> None:
    values = np.concatenate(
        [
            np.array([0.125, 2.675, 1.005, -0.005, -2.675, 0.0, -0.0, 1e6 + 0.005, 14.7752, 0.115]),
            np.random.default_rng(1).uniform(-1e5, 1e5, 10_000),
            np.arange(0, 100, 0.005),
        ]
    )
    assert cents_array(values).tolist() == [cents(float(v)) for v in values]
    assert np.isnan(cents_array(np.array([np.nan]))).all()


def test_annual_is_twelve_times_the_monthly_as_displayed() -> None:
    # issue 13: $505.154/month showed $6,061.85/year; 12 × 505.15 = 6,061.80
    assert annual_usd(505.154) == 6061.80
    assert annual_usd(36.04499) == 432.48  # 36.04 × 12
    assert np.array_equal(
        annual_array(np.array([505.154, np.nan])), np.array([6061.80, np.nan]), equal_nan=True
    )


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        # 333.3 + 333.3 + 333.4 cents: floors 333 each, the missing cent to the largest remainder
        (10.0, [3.333, 3.333, 3.334], [3.33, 3.33, 3.34]),
        # two half cents: one cent in all, to the earlier part (ties go in order)
        (0.01, [0.005, 0.005], [0.01, 0.0]),
        # each rounded alone: 1.67 × 3 = 5.01 ≠ 5.00
        (5.0, [5 / 3, 5 / 3, 5 / 3], [1.67, 1.67, 1.66]),
        # a negative part (a credit) stays within a cent of itself
        (9.99, [10.004, -0.014], [10.0, -0.01]),
        (0.0, [], []),
    ],
    ids=["largest-remainder", "tie-in-order", "thirds", "credit", "empty"],
)
def test_split_cents_adds_up_to_the_rounded_total(
    total: float, parts: list[float], expected: list[float]
) -> None:
    split = split_cents(total, parts)
    assert split == expected
    assert round(sum(split), 2) == cents(total)
