"""Rounding money to the cent, the same way on every surface (CLI, JSON, CSV, dashboard)."""

from __future__ import annotations

import math

import numpy as np

CENT_NOISE = 1e-6
"""Float noise ignored when rounding to the cent, in cents (a millionth of a cent).

The same sum of line items added in another order (the batch's vectorized path, a chart's
re-summing) can differ from `estimate` in the last binary digit; on an amount that is a whole
half cent in decimal (811.195 = 730 h × $1.1112329…) that digit alone would decide between
811.19 and 811.20. Rounding |x| × 100 + 0.5 + CENT_NOISE down makes every surface agree."""


def cents(usd: float) -> float:
    """USD rounded half-up (away from zero) to the cent, as a plain float; see CENT_NOISE."""
    usd = float(usd)
    return math.copysign(math.floor(abs(usd) * 100.0 + 0.5 + CENT_NOISE), usd) / 100.0 + 0.0


def cents_array(usd: np.ndarray) -> np.ndarray:
    """`cents` element by element (the same IEEE operations, so the same results)."""
    with np.errstate(invalid="ignore"):
        return np.sign(usd) * np.floor(np.abs(usd) * 100.0 + 0.5 + CENT_NOISE) / 100.0 + 0.0
