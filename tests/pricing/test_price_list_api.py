"""Price List Query API loader: recorded GetProducts pages through botocore's Stubber.

Every test pins the request (service code, TERM_MATCH filters, format, page size, token) with
`expected_params` and ends with `assert_no_pending_responses()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, NoCredentialsError
from botocore.stub import Stubber
from price_list_pages import dummy_session, ec2_filters, get_products_params, page, term_match

from advisor.model.prices import PricingUnavailable
from pricing.aws_errors import translated
from pricing.price_list_api import PRICE_LIST_ENDPOINT_REGION, fetch_price_list, pricing_client

CASE = "ap_northeast_1"
REGION = "ap-northeast-1"


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = pricing_client(dummy_session())
    with Stubber(client) as stubber:
        yield client, stubber


# The requests a full ap-northeast-1 fetch makes, in order, with the page each one gets.
LINUX_1 = get_products_params("AmazonEC2", ec2_filters(REGION, "Linux"))
LINUX_2 = get_products_params("AmazonEC2", ec2_filters(REGION, "Linux"), token="ec2-linux-page-2")
WINDOWS = get_products_params("AmazonEC2", ec2_filters(REGION, "Windows"))
FARGATE = get_products_params("AmazonECS", term_match(regionCode=REGION))
EKS = get_products_params("AmazonEKS", term_match(regionCode=REGION))
REQUESTS = (LINUX_1, LINUX_2, WINDOWS, FARGATE, EKS)


def queue_region(stubber: Stubber, replace: dict[int, dict] | None = None) -> None:
    """Queue the five recorded pages (page n answers request n), optionally replacing some."""
    for number, params in enumerate(REQUESTS, start=1):
        response = (replace or {}).get(number) or page(CASE, number)
        stubber.add_response("get_products", response, params)


def test_client_is_pinned_to_the_price_list_endpoint_with_standard_retries() -> None:
    client = pricing_client(dummy_session())
    assert client.meta.region_name == PRICE_LIST_ENDPOINT_REGION == "us-east-1"
    retries = client.meta.config.retries
    assert retries["mode"] == "standard"
    assert retries["total_max_attempts"] == 3


def test_issue_15_bad_credentials_or_no_network_fail_within_seconds() -> None:
    """Three attempts and a 5 s connect timeout (seven attempts and 10 s took ~40 s to fall back)."""
    config = pricing_client(dummy_session()).meta.config
    assert (config.retries["total_max_attempts"], config.connect_timeout) == (3, 5)


def test_pages_through_every_query_and_keeps_snapshot_rows(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    queue_region(stubber)

    prices = fetch_price_list(client, REGION, fetched_on="2026-11-23")

    ec2 = prices.ec2_frame().set_index(["instance_type", "os"])["usd_per_hour"].to_dict()
    assert ec2 == {
        ("m5.large", "linux"): 0.124,
        ("c5.xlarge", "linux"): 0.214,
        ("m7g.large", "linux"): 0.1054,  # from the second page
        ("c6i.large", "linux"): 0.107,
        ("m5.large", "windows"): 0.232,
        ("c5.xlarge", "windows"): 0.398,
    }
    rates = prices.service_frame().set_index("key")["usd"].to_dict()
    assert rates == {
        "fargate_linux_x86_vcpu": 0.05056,
        "fargate_linux_x86_memory": 0.00553,
        "fargate_linux_arm_vcpu": 0.04045,
        "fargate_linux_arm_memory": 0.00442,
        "fargate_ephemeral_storage_over_20gb": 0.000133,
        "fargate_windows_os_license": 0.046,
        "eks_cluster_standard_support": 0.1,
        "eks_cluster_extended_support_surcharge": 0.5,
    }
    assert prices.skipped == 0
    stubber.assert_no_pending_responses()


def test_rows_carry_usage_type_sku_and_publication_date(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    queue_region(stubber)

    prices = fetch_price_list(client, REGION, fetched_on="2026-11-23")

    windows = prices.ec2[("c5.xlarge", "windows")]
    assert windows["usage_type"] == "APN1-BoxUsage:c5.xlarge"
    assert windows["as_of"] == "2025-09-26"
    assert windows["confidence"] == "high"
    assert "GetProducts AmazonEC2 version 20250926182136, SKU KR2NPP9N7R68MJVX" in windows["source"]
    vcpu = prices.services["fargate_linux_x86_vcpu"]
    assert (vcpu["usage_type"], vcpu["unit"], vcpu["as_of"]) == (
        "APN1-Fargate-vCPU-Hours:perCPU",
        "vCPU-hour",
        "2026-09-09",
    )
    stubber.assert_no_pending_responses()


def test_an_entry_that_is_not_json_is_skipped_and_counted(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    broken = page(CASE, 3)
    broken["PriceList"][0] = broken["PriceList"][0][:40]  # a truncated entry
    queue_region(stubber, replace={3: broken})

    prices = fetch_price_list(client, REGION, fetched_on="2026-11-23")

    assert prices.skipped == 1
    assert ("m5.large", "windows") not in prices.ec2
    assert prices.ec2[("c5.xlarge", "windows")]["usd_per_hour"] == 0.398
    assert prices.problems() == ["1 price item(s) did not parse and were skipped"]
    stubber.assert_no_pending_responses()


def test_throttling_that_outlasts_the_retries_is_pricing_unavailable(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("get_products", page(CASE, 1), LINUX_1)
    stubber.add_client_error(
        "get_products",
        service_error_code="ThrottlingException",
        service_message="Rate exceeded",
        http_status_code=400,
        expected_params=LINUX_2,
    )

    with pytest.raises(PricingUnavailable, match="ThrottlingException") as raised:
        fetch_price_list(client, REGION, fetched_on="2026-11-23")

    assert raised.value.source == "AWS Price List API"
    assert raised.value.reason.startswith("ThrottlingException: still throttled after botocore's retries")
    assert raised.value.__cause__ is not None
    stubber.assert_no_pending_responses()


def test_access_denied_names_the_permission(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error(
        "get_products",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: pricing:GetProducts",
        http_status_code=400,
        expected_params=LINUX_1,
    )

    with pytest.raises(PricingUnavailable) as raised:
        fetch_price_list(client, REGION, fetched_on="2026-11-23")

    assert raised.value.reason == "AccessDeniedException: needs pricing:GetProducts"
    assert str(raised.value).startswith("AWS Price List API unavailable: AccessDeniedException")
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        pytest.param(NoCredentialsError(), "NoCredentials: no AWS credentials", id="no-credentials"),
        pytest.param(
            EndpointConnectionError(endpoint_url="https://api.pricing.us-east-1.amazonaws.com/"),
            "EndpointConnectionError: cannot reach AWS",
            id="no-network",
        ),
    ],
)
def test_botocore_failures_become_pricing_unavailable(error: Exception, reason: str) -> None:
    with pytest.raises(PricingUnavailable) as raised, translated("AWS Price List API", "pricing:GetProducts"):
        raise error
    assert raised.value.reason.startswith(reason)
    assert raised.value.__cause__ is error
