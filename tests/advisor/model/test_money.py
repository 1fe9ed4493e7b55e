"""Rounding to the cent: half-up, deaf to float noise, the same for one value or an array."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.model.money import cents, cents_array


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
