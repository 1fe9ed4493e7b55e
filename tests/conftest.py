"""Shared fixtures: the real embedded snapshot, read once per test session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

import pytest

from advisor.model.assumptions import default_assumptions
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Assumptions
from pricing import load_catalog


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
