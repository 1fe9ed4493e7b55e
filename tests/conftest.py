"""Shared fixtures: the real embedded snapshot, read once per test session.

Property tests draw the same examples on every run (the `repeatable` profile), so a suite that
passes here passes on a clean clone too; `HYPOTHESIS_PROFILE=explore` draws fresh ones to hunt
for new failures.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import settings

from advisor.model.assumptions import default_assumptions
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions
from pricing import load_catalog

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def us_east_1() -> PriceCatalog:
    return load_catalog("snapshot", "us-east-1")


@pytest.fixture
def assumptions() -> Assumptions:
    return default_assumptions()


@pytest.fixture(scope="session")
def without_rates() -> Callable[..., PriceCatalog]:
    """`without_rates(catalog, key, …)`: the catalog with those rates taken out, as a region
    the snapshot lacks them for (a gap that does not move when the snapshot gains rates)."""

    def strip(catalog: PriceCatalog, *keys: str) -> PriceCatalog:
        rates = {key: rate for key, rate in catalog.rates.items() if key not in keys}
        return replace(catalog, rates=MappingProxyType(rates))

    return strip
