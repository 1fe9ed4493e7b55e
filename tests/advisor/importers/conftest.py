"""Where the importer tests' fixture files live (realistic task definitions and manifests), and
the check every importer passes: its services price like the equivalent task definitions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from advisor.engine import estimate
from advisor.model.assumptions import default_assumptions
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Service, Workload, default_purchases

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

SameEstimate = Callable[[Sequence[Service], Sequence[Service]], tuple[CostBreakdown, ...]]


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def workload(services: Sequence[Service]) -> Workload:
    """The services in us-east-1 with the default options (what `estimate --workload` prices)."""
    services = tuple(services)
    return Workload(services, "us-east-1", default_assumptions(), purchases=default_purchases(services))


@pytest.fixture
def same_estimate(us_east_1: PriceCatalog) -> SameEstimate:
    """Asserts that two service lists give every option the same feasibility and monthly cost
    to the cent (and that something was priced); returns the first list's results."""

    def check(ours: Sequence[Service], theirs: Sequence[Service]) -> tuple[CostBreakdown, ...]:
        mine = estimate(workload(ours), us_east_1)
        other = estimate(workload(theirs), us_east_1)
        assert [(r.option_id, r.feasible, cents(r.monthly_usd)) for r in mine] == [
            (r.option_id, r.feasible, cents(r.monthly_usd)) for r in other
        ]
        assert any(r.feasible and r.monthly_usd > 0 for r in mine)
        return mine

    return check
