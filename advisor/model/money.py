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


def annual_usd(monthly_usd: float) -> float:
    """The annual figure of a monthly cost: 12 × the monthly as displayed (to the cent).

    The reconciliation rule: a reader multiplying the shown monthly by 12 gets the shown
    annual, on every surface ($505.15/month → $6,061.80/year, never 12 × the unrounded
    505.1541…)."""
    return cents(cents(monthly_usd) * 12)


def annual_array(monthly_usd: np.ndarray) -> np.ndarray:
    """`annual_usd` element by element (NaN stays NaN)."""
    return cents_array(cents_array(monthly_usd) * 12)


def split_cents(total_usd: float, parts_usd: list[float]) -> list[float]:
    """`parts_usd` rounded to the cent so that they add up to `cents(total_usd)` exactly.

    Largest-remainder (Hamilton) rounding: each part is its exact amount rounded down to the
    cent, then the cents still missing go one each to the parts with the largest remainders
    (ties: the earlier part). Every part stays within a cent of its exact amount, and a total
    shown beside its parts always equals their sum.
    """
    if not parts_usd:
        return []
    target = round(cents(total_usd) * 100)
    exact = [float(p) * 100.0 + CENT_NOISE for p in parts_usd]
    floors = [math.floor(x) for x in exact]
    missing = target - sum(floors)
    order = sorted(range(len(exact)), key=lambda k: (-(exact[k] - floors[k]), k))
    step = 1 if missing >= 0 else -1
    for n in range(abs(missing)):
        floors[order[n % len(order)] if step > 0 else order[-1 - n % len(order)]] += step
    return [f / 100.0 + 0.0 for f in floors]
