"""The engine's last check (issue 15): a cost that is not a finite number is an error, never
a price."""

from __future__ import annotations

import pytest

from advisor import engine
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.prices import PricingError
from advisor.model.workload import Platform, Purchase
from advisor.model.workload_file import workload_from_dict
from pricing import load_catalog


def test_issue_15_a_cost_that_overflows_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def overflowing(*_: object) -> CostBreakdown:
        item = LineItem("Fargate vCPU-hours", 1e308, "vCPU-hours", 1e308)
        return CostBreakdown(Platform.ECS_FARGATE, Purchase.ON_DEMAND, True, line_items=(item,))

    monkeypatch.setattr(engine, "price_fargate", overflowing)
    workload = workload_from_dict({"region": "us-east-1", "services": [{"vcpu": 1, "memory_gb": 2}]})
    catalog = load_catalog("snapshot", "us-east-1")
    with pytest.raises(PricingError, match=r"^ecs-fargate/on-demand: the monthly cost overflows"):
        engine.price_option(workload, catalog, Platform.ECS_FARGATE, Purchase.ON_DEMAND)
