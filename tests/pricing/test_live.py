"""The live source end to end: AWS (stubbed) → normalize → cache → catalog, and the fallbacks.

The Price List and Savings Plans clients are botocore Stubbers fed with recorded pages
(tests/fixtures/price_list/ap_northeast_1, README there); EC2 is either moto or a Stubber.
Sessions are injected; nothing reaches the network (credentials are cleared for the
"no credentials" cases and instance metadata is disabled).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import ANY, Stubber
from moto import mock_aws
from price_list_pages import (
    P3_16XLARGE,
    SP_EC2_PARAMS,
    T3_MICRO,
    ClientsSession,
    NoCallSession,
    clear_credentials,
    dummy_session,
    ec2_filters,
    get_products_params,
    page,
    queue_savings_plans,
    term_match,
)

from advisor.costing.purchase import ec2_rate, service_rate
from advisor.model.assumptions import default_assumptions
from advisor.model.prices import (
    PriceCatalog,
    PriceNotFound,
    PricingUnavailable,
    SourceKind,
    UnknownInstanceType,
    UnknownRegion,
)
from advisor.model.workload import Purchase
from pricing import load_catalog, schema
from pricing.cache import cache_dir, read_cache, write_cache
from pricing.live import fetch_live_tables, load_live_catalog
from pricing.normalize import PricingWarning
from pricing.price_list_api import pricing_client
from pricing.spot_and_savings import ec2_client, savings_plans_client

REGION = "ap-northeast-1"
NO_CREDENTIALS = "live refresh failed: NoCredentials: no AWS credentials found in boto3's default chain"


@pytest.fixture(autouse=True)
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ECS_ADVISOR_CACHE_DIR", str(root))
    return root


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clear_credentials(monkeypatch, tmp_path)


def queue_price_list(stubber: Stubber, region: str = REGION, *, empty: bool = False) -> None:
    """The recorded ap-northeast-1 pages in request order (or empty answers for `region`)."""
    linux = ec2_filters(region, "Linux")
    requests = [
        get_products_params("AmazonEC2", linux),
        get_products_params("AmazonEC2", linux, token="ec2-linux-page-2"),
        get_products_params("AmazonEC2", ec2_filters(region, "Windows")),
        get_products_params("AmazonECS", term_match(regionCode=region)),
        get_products_params("AmazonEKS", term_match(regionCode=region)),
    ]
    if empty:
        requests.pop(1)  # no second EC2 page without a NextToken
    for number, params in enumerate(requests, start=1):
        response = {"FormatVersion": "aws_v1", "PriceList": []} if empty else page("ap_northeast_1", number)
        stubber.add_response("get_products", response, params)


SPOT_ANY_WINDOW = {
    "StartTime": ANY,
    "EndTime": ANY,
    "ProductDescriptions": ["Linux/UNIX"],
    "MaxResults": 1000,
}


class Stubs:
    """A session whose pricing, savingsplans and (optionally) ec2 clients are stubbed."""

    def __init__(self, *, stub_ec2: bool = True) -> None:
        base = dummy_session()
        self.pricing = Stubber(pricing_client(base))
        self.plans = Stubber(savings_plans_client(base))
        clients: dict[str, Any] = {"pricing": self.pricing.client, "savingsplans": self.plans.client}
        self.ec2: Stubber | None = None
        if stub_ec2:
            self.ec2 = Stubber(ec2_client(base, REGION))
            clients["ec2"] = self.ec2.client
        self.session = ClientsSession(clients, fallback=base)
        self.all = [s for s in (self.pricing, self.plans, self.ec2) if s is not None]
        for stubber in self.all:
            stubber.activate()

    def queue_everything(self) -> None:
        queue_price_list(self.pricing)
        assert self.ec2 is not None
        self.ec2.add_response(
            "describe_instance_types", {"InstanceTypes": [T3_MICRO, P3_16XLARGE]}, {"MaxResults": 100}
        )
        self.ec2.add_response("describe_spot_price_history", {"SpotPriceHistory": []}, SPOT_ANY_WINDOW)
        queue_savings_plans(self.plans)

    def assert_no_pending_responses(self) -> None:
        for stubber in self.all:
            stubber.assert_no_pending_responses()


def prices_of(catalog: PriceCatalog) -> dict[str, tuple[float, str, str]]:
    """Every price of a catalog as (usd, usage type, source), keyed by rate key."""
    rates = [
        *catalog.rates.values(),
        *catalog.ec2_ondemand.values(),
        *catalog.ec2_spot.values(),
        *catalog.savings_plan_rates.values(),
    ]
    return {rate.key: (rate.usd, rate.usage_type, rate.source) for rate in rates}


def test_live_refresh_with_moto_ec2_answers_and_caches() -> None:
    stubs = Stubs(stub_ec2=False)
    queue_price_list(stubs.pricing)
    queue_savings_plans(stubs.plans)

    with mock_aws():
        served = ec2_client(dummy_session(), REGION).describe_spot_price_history(InstanceTypes=["m5.large"])
        catalog = load_catalog("live", REGION, session=stubs.session)

    assert catalog.source.kind is SourceKind.LIVE
    assert catalog.source.detail.startswith("fetched ")
    assert catalog.ondemand("m5.large").usd == 0.124
    assert catalog.ondemand("c5.xlarge", "windows").usd == 0.398
    assert catalog.rate("fargate_linux_x86_vcpu").usd == 0.05056
    assert catalog.rate("eks_cluster_extended_support_surcharge").usd == 0.5
    assert catalog.savings_plan_rates["savings-plan-3y:c5.xlarge:windows"].usd == 0.31
    moto_prices = [float(s["SpotPrice"]) for s in served["SpotPriceHistory"]]
    assert catalog.ec2_spot["m5.large"].usd == pytest.approx(sum(moto_prices) / len(moto_prices))
    assert (cache_dir(REGION) / schema.MANIFEST_FILE).exists()
    stubs.assert_no_pending_responses()


def test_the_cache_answers_exactly_what_the_live_refresh_did() -> None:
    stubs = Stubs()
    stubs.queue_everything()
    live = load_live_catalog(REGION, session=stubs.session)

    cached = load_live_catalog(REGION, session=NoCallSession())

    assert (live.source.kind, cached.source.kind) == (SourceKind.LIVE, SourceKind.CACHE)
    assert prices_of(cached) == prices_of(live)
    assert cached.instance_types == live.instance_types
    assert "p3.16xlarge" in cached.instance_types  # added from DescribeInstanceTypes
    assert cached.source.detail == "fetched 0 min ago, within the 24 h cache TTL"
    assert cached.source.as_of == live.source.as_of
    stubs.assert_no_pending_responses()


def test_the_engine_reads_live_rates_instead_of_assumptions() -> None:
    stubs = Stubs()
    stubs.queue_everything()
    catalog = load_live_catalog(REGION, session=stubs.session)
    assumptions = default_assumptions()

    plan = ec2_rate(catalog, "c5.xlarge", "windows", Purchase.SAVINGS_PLAN_1Y, assumptions)
    vcpu = service_rate(catalog, "fargate_linux_x86_vcpu", Purchase.ON_DEMAND, assumptions)

    assert (plan.usd, plan.confidence.value) == (0.361, "high")
    assert "live rate" in plan.note
    assert vcpu.usd == 0.05056
    stubs.assert_no_pending_responses()


def test_types_and_prices_the_live_source_lacks_raise_like_the_snapshot() -> None:
    stubs = Stubs()
    stubs.queue_everything()
    catalog = load_live_catalog(REGION, session=stubs.session)

    with pytest.raises(PriceNotFound, match=r"c6i\.large windows"):
        catalog.ondemand("c6i.large", "windows")
    with pytest.raises(PriceNotFound, match="fargate_windows_vcpu"):
        catalog.rate("fargate_windows_vcpu")
    with pytest.raises(UnknownInstanceType, match=r"did you mean m5\.large"):
        catalog.instance("m5.lareg")
    stubs.assert_no_pending_responses()


def test_a_region_the_price_list_does_not_know_is_unknown_with_close_matches() -> None:
    stubs = Stubs()
    queue_price_list(stubs.pricing, "ap-northeast-9", empty=True)

    with pytest.raises(UnknownRegion, match=r"did you mean .*ap-northeast-1"):
        load_live_catalog("ap-northeast-9", session=stubs.session)

    assert read_cache("ap-northeast-9") is None
    stubs.assert_no_pending_responses()


@pytest.mark.parametrize("region", ["../etc", "us east 1", ""])
def test_a_name_that_is_not_a_region_is_refused_before_any_call(region: str) -> None:
    with pytest.raises(UnknownRegion):
        load_live_catalog(region, session=NoCallSession())


def test_spot_and_savings_plans_failures_keep_the_on_demand_prices() -> None:
    stubs = Stubs()
    queue_price_list(stubs.pricing)
    assert stubs.ec2 is not None
    stubs.ec2.add_client_error(
        "describe_instance_types", "UnauthorizedOperation", expected_params={"MaxResults": 100}
    )
    stubs.ec2.add_client_error(
        "describe_spot_price_history", "UnauthorizedOperation", expected_params=SPOT_ANY_WINDOW
    )
    stubs.plans.add_client_error(
        "describe_savings_plans_offering_rates", "AccessDeniedException", expected_params=SP_EC2_PARAMS
    )

    with pytest.warns(PricingWarning) as warned:
        catalog = load_live_catalog(REGION, session=stubs.session)

    assert catalog.source.kind is SourceKind.LIVE
    assert catalog.ondemand("m5.large").usd == 0.124
    assert not catalog.ec2_spot
    assert not catalog.savings_plan_rates
    assert [str(w.message).split(" (")[0] for w in warned] == [
        "ap-northeast-1: instance specs from the snapshot only",
        "ap-northeast-1: no live Spot prices",
        "ap-northeast-1: no live Savings Plans rates",
    ]
    detail = catalog.source.detail
    assert (
        "instance specs from the snapshot only (UnauthorizedOperation: needs ec2:DescribeInstanceTypes)"
        in detail
    )
    assert "no live Spot prices (UnauthorizedOperation: needs ec2:DescribeSpotPriceHistory)" in detail
    needs = "needs savingsplans:DescribeSavingsPlansOfferingRates"
    assert f"no live Savings Plans rates (AccessDeniedException: {needs})" in detail
    stubs.assert_no_pending_responses()


def test_live_without_credentials_raises(no_credentials: None) -> None:
    with pytest.raises(PricingUnavailable, match="NoCredentials"):
        load_catalog("live", "us-east-1")


def test_a_profile_that_does_not_exist_falls_back_like_missing_credentials(
    no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    catalog = load_catalog("auto", "us-east-1")

    assert catalog.source.kind is SourceKind.SNAPSHOT
    assert catalog.source.detail.startswith("live refresh failed: ProfileNotFound")


def test_auto_without_credentials_or_cache_falls_back_to_the_snapshot(no_credentials: None) -> None:
    catalog = load_catalog("auto", "us-east-1")

    assert catalog.source.kind is SourceKind.SNAPSHOT
    assert catalog.source.detail == f"{NO_CREDENTIALS}; no cached live prices; using snapshot"
    assert catalog.ondemand("m5.large").usd == 0.096
    assert "live refresh failed: NoCredentials" in catalog.source.caption()


def write_live_cache(fetched_at: datetime) -> None:
    """Cache ap-northeast-1 as a live refresh fetched it at `fetched_at`."""
    stubs = Stubs()
    stubs.queue_everything()
    tables = fetch_live_tables(REGION, stubs.session, now=fetched_at)
    write_cache(REGION, tables.instance_types, tables.ec2_prices, tables.service_rates, fetched_at=fetched_at)
    stubs.assert_no_pending_responses()


def test_auto_falls_back_to_a_stale_cache_before_the_snapshot(no_credentials: None) -> None:
    write_live_cache(datetime.now(UTC) - timedelta(days=3))

    catalog = load_catalog("auto", REGION)

    assert catalog.source.kind is SourceKind.CACHE
    assert catalog.source.detail == f"{NO_CREDENTIALS}; using the cache fetched 3 d ago (stale)"
    assert catalog.ondemand("m5.large", "windows").usd == 0.232  # a price only the cache has


def test_live_serves_a_fresh_cache_without_calling_aws() -> None:
    write_live_cache(datetime.now(UTC) - timedelta(hours=2))

    catalog = load_live_catalog(REGION, session=NoCallSession())

    assert catalog.source.kind is SourceKind.CACHE
    assert catalog.source.detail == "fetched 2 h ago, within the 24 h cache TTL"


def test_refresh_bypasses_a_fresh_cache(no_credentials: None) -> None:
    write_live_cache(datetime.now(UTC) - timedelta(hours=2))

    with pytest.raises(PricingUnavailable, match="NoCredentials"):
        load_catalog("live", REGION, refresh=True)
    catalog = load_catalog("auto", REGION, refresh=True)

    assert catalog.source.kind is SourceKind.CACHE
    assert catalog.source.detail == f"{NO_CREDENTIALS}; using the cache fetched 2 h ago (within its TTL)"


def test_a_corrupt_cache_is_skipped_with_a_warning_then_rebuilt(no_credentials: None) -> None:
    write_live_cache(datetime.now(UTC) - timedelta(hours=2))
    (cache_dir(REGION) / schema.SERVICE_RATES_FILE).write_text("region,key\n")  # a broken write

    with pytest.warns(PricingWarning, match="corrupt price cache"):
        fallback = load_catalog("auto", REGION)
    assert fallback.source.kind is SourceKind.SNAPSHOT

    stubs = Stubs()
    stubs.queue_everything()
    with pytest.warns(PricingWarning, match="corrupt price cache"):
        rebuilt = load_live_catalog(REGION, session=stubs.session)
    assert rebuilt.source.kind is SourceKind.LIVE
    assert read_cache(REGION) is not None
    stubs.assert_no_pending_responses()
