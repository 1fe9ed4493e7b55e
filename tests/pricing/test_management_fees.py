"""The management fees of ECS Managed Instances and EKS Auto Mode, read from recorded Price
List pages (tests/fixtures/price_list/us_east_1_management_fees, sources in its README) through
botocore's Stubber, then billed by the cost engine as prices."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

import pytest
from botocore.stub import Stubber
from price_list_pages import dummy_session, ec2_filters, get_products_params, page, term_match

from advisor.costing.managed import price_managed
from advisor.model.money import cents
from advisor.model.prices import Confidence, PriceCatalog, Rate
from advisor.model.workload import Assumptions, Platform, Purchase, Service, Workload
from pricing.management_fees import fee_key
from pricing.price_list_api import fetch_price_list, pricing_client

CASE, REGION = "us_east_1_management_fees", "us-east-1"
REQUESTS = (
    get_products_params("AmazonEC2", ec2_filters(REGION, "Linux")),
    get_products_params("AmazonEC2", ec2_filters(REGION, "Windows")),
    get_products_params("AmazonECS", term_match(regionCode=REGION)),
    get_products_params("AmazonEKS", term_match(regionCode=REGION)),
)


def fetched_rates() -> dict[str, Any]:
    client = pricing_client(dummy_session())
    with Stubber(client) as stubber:
        for number, params in enumerate(REQUESTS, start=1):
            stubber.add_response("get_products", page(CASE, number), params)
        prices = fetch_price_list(client, REGION, fetched_on="2026-12-02")
        stubber.assert_no_pending_responses()
    return prices.service_frame().set_index("key").to_dict("index")


def test_a_refresh_reads_both_fees_per_instance_type() -> None:
    rates = fetched_rates()
    assert {key: row["usd"] for key, row in rates.items()} == {
        "ecs_managed_instances_fee:g6e.48xlarge": 3.615744,
        "fargate_linux_x86_vcpu": 0.04048,
        "eks_auto_mode_fee:m7i.large": 0.0121,
        "eks_cluster_standard_support": 0.1,
    }
    fee = rates["eks_auto_mode_fee:m7i.large"]
    assert (fee["unit"], fee["service_code"], fee["confidence"]) == ("instance-hour", "AmazonEKS", "high")
    assert (fee["usage_type"], fee["as_of"]) == ("EKS-Auto:m7i.large-management-hours", "2026-09-28")
    assert "GetProducts AmazonEKS" in fee["source"]
    assert "TESTSKUUSE1EKSAM" in fee["source"]


MI_FEE, AUTO_FEE = "ecs_managed_instances_fee", "eks_auto_mode_fee"


@pytest.mark.parametrize(
    ("service", "usage_type", "key"),
    [
        ("AmazonECS", "APN1-ECS-Managed-Instances:c6a.2xlarge-management-hours", f"{MI_FEE}:c6a.2xlarge"),
        ("AmazonECS", "ECS-Managed-Instances:u-6tb1.metal-management-hours", f"{MI_FEE}:u-6tb1.metal"),
        ("AmazonECS", "APN1-Fargate-GB-Hours", None),
        ("AmazonEKS", "EKS-Auto:m7i.large-management-hours", f"{AUTO_FEE}:m7i.large"),
        ("AmazonEKS", "APS7-EKS-Auto:t4g.medium-management-hours", f"{AUTO_FEE}:t4g.medium"),
        ("AmazonEKS", "USE1-AmazonEKS-Hours:perCluster", None),
        ("AmazonECS", "EKS-Auto:m7i.large-management-hours", None),
        ("AmazonEKS", "EKS-Auto:m7i.large", None),
    ],
    ids=[
        "ecs-prefixed",
        "ecs-no-prefix",
        "fargate",
        "auto-mode-us-east-1",
        "auto-mode-prefixed",
        "cluster-hours",
        "auto-mode-in-the-ecs-offer",
        "not-management-hours",
    ],
)
def test_which_products_are_fees(service: str, usage_type: str, key: str | None) -> None:
    assert fee_key(service, usage_type) == key


def test_a_live_fee_is_billed_as_a_price(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    row = fetched_rates()["eks_auto_mode_fee:m7i.large"]
    rate = Rate(
        "eks_auto_mode_fee:m7i.large",
        REGION,
        row["usd"],
        row["unit"],
        row["usage_type"],
        row["source"],
        row["as_of"],
        Confidence(row["confidence"]),
    )
    catalog = replace(us_east_1, rates=MappingProxyType({**us_east_1.rates, rate.key: rate}), memo={})
    workload = Workload(
        (Service("web", 1, 4, spot_ok=True),),
        REGION,
        replace(assumptions, availability_zones=1, ebs_root_gb=0),
        instance_types=("m7i.large",),
    )
    result = price_managed(workload, catalog, Platform.EKS_AUTO_MODE, Purchase.SPOT)
    (fee,) = [i for i in result.line_items if "management fee" in i.item]
    assert fee.item == "m7i.large management fee (Price List rate)"
    assert (fee.quantity, fee.rate_usd, fee.confidence, fee.as_of) == (
        730,
        0.0121,
        Confidence.HIGH,
        "2026-09-28",
    )
    assert cents(fee.monthly_usd) == 8.83  # 730 h × $0.0121
    assert not any("management_fee_fraction" in w for w in result.warnings)
