"""The recommendation of many rows at once equals `recommend` row by row, ties included."""

from __future__ import annotations

import math

import numpy as np
import pytest

from advisor.batch.advice import recommend_rows
from advisor.decision.ranking import recommend
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.workload import KubernetesNeed, Platform, Purchase


@pytest.mark.parametrize("need", list(KubernetesNeed), ids=[n.value for n in KubernetesNeed])
def test_recommend_rows_agrees_with_recommend_on_ties_and_gaps(need: KubernetesNeed) -> None:
    platforms = [Platform.ECS_FARGATE, Platform.ECS_FARGATE, Platform.ECS_EC2, Platform.EKS_EC2]
    purchases = [Purchase.ON_DEMAND, Purchase.SPOT, Purchase.ON_DEMAND, Purchase.ON_DEMAND]
    nan = math.nan
    monthly = np.array(
        [
            [100.0, 30.0, 80.0, 90.0],
            [100.0, nan, 100.0, 100.0],
            [nan, nan, nan, nan],
            [10.0, 10.0, nan, 1e6],
            [0.0, nan, 5.0, 5.0],
            [120.0, nan, 60.0, 59.999999999],
            [120.0, nan, 60.0, 59.99],
            [nan, nan, nan, 10.0],
        ]
    )
    best = recommend_rows(monthly, platforms, purchases, need)
    for r, row in enumerate(monthly):
        results = tuple(
            CostBreakdown(p, q, True, line_items=(LineItem("x", 1.0, "month", float(m)),))
            for p, q, m in zip(platforms, purchases, row, strict=True)
            if not math.isnan(m)
        )
        _, rec = recommend(results, kubernetes=need)
        expected = (
            -1
            if rec is None
            else next(
                j
                for j, pq in enumerate(zip(platforms, purchases, strict=True))
                if pq == (rec.platform, rec.purchase)
            )
        )
        assert best[r] == expected, r
