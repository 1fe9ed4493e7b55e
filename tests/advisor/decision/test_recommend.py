"""`compare`: the one call behind the CLI and the dashboard."""

from __future__ import annotations

from advisor.decision.recommend import compare
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Workload


def test_explanation_cites_its_figures(web: Workload, us_east_1: PriceCatalog) -> None:
    result = compare(web, us_east_1, analyses=False)
    assert result.recommendation is not None
    monthly = f"${result.recommendation.monthly_usd:,.2f}/month"
    assert monthly in result.recommendation.explanation
