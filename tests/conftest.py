"""Shared fixtures: the real embedded snapshot, read once per test session."""

from __future__ import annotations

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
