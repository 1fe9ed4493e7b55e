"""price_rows: snapshot rows gathered from many items, conflicts dropped, frames with the schema.

The rows are real rows of the AmazonEC2 bulk file (tests/fixtures/offer_files/README.md names
each one) and one real GetProducts item.
"""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest
from price_list_pages import FILTER_CASES, OFFER_FILES, csv_rows, row_by

from pricing import schema
from pricing.normalize import TERM
from pricing.price_rows import Normalized, drop_conflicts


@pytest.mark.parametrize(
    ("sku", "description"),
    [
        pytest.param("6C86BEPQVG73ZGGR", "reserved instance applied", id="reserved-hourly-rate"),
        pytest.param("6C86BEPQVG73ZGGR", "Upfront Fee", id="reserved-upfront-fee"),
        pytest.param("222AMNDXSFRESBBK", "Upfront Fee", id="reserved-upfront-fee-sql"),
    ],
)
def test_reserved_terms_are_rejected_before_anything_else(sku: str, description: str) -> None:
    prices = Normalized(row_by(sku, description)["Region Code"])
    prices.add_csv_row(row_by(sku, description), origin="test", as_of="2025-09-12")
    assert prices.rejected == Counter({TERM: 1})
    assert not prices.ec2


def test_accepted_rows_sit_next_to_the_rejected_ones() -> None:
    us_east_1 = Normalized("us-east-1")
    tokyo = Normalized("ap-northeast-1")
    for row in csv_rows(FILTER_CASES):
        us_east_1.add_csv_row(row, origin="AmazonEC2 20250912225308", as_of="2025-09-12")
        tokyo.add_csv_row(row, origin="AmazonEC2 20250912225308", as_of="2025-09-12")

    assert {k: r["usd_per_hour"] for k, r in us_east_1.ec2.items()} == {("m5.large", "linux"): 0.096}
    assert {k: r["usd_per_hour"] for k, r in tokyo.ec2.items()} == {("c5.xlarge", "windows"): 0.398}
    assert us_east_1.ec2[("m5.large", "linux")]["usage_type"] == "BoxUsage:m5.large"
    assert us_east_1.ec2[("m5.large", "linux")]["source"] == "AmazonEC2 20250912225308, SKU 6C86BEPQVG73ZGGR"
    assert us_east_1.skipped == 0
    assert sum(us_east_1.rejected.values()) == len(csv_rows(FILTER_CASES)) - 1


def test_an_unparsable_price_is_skipped_and_counted_never_raised() -> None:
    tokyo = Normalized("ap-northeast-1")
    for row in csv_rows(FILTER_CASES):
        tokyo.add_csv_row(row, origin="test", as_of="2025-09-12")
    assert tokyo.skipped == 1  # the deliberately damaged "0.398 USD" row
    assert tokyo.ec2[("c5.xlarge", "windows")]["usd_per_hour"] == 0.398
    assert tokyo.problems() == ["1 price item(s) did not parse and were skipped"]


def test_a_get_products_item_uses_only_its_on_demand_term() -> None:
    bulk = json.loads((OFFER_FILES / "AmazonEC2_slice.json").read_text())
    sku = "6C86BEPQVG73ZGGR"  # m5.large us-east-1 Linux, with Reserved terms at $0.06 and $0.034 + $294
    item = {
        "product": bulk["products"][sku],
        "serviceCode": "AmazonEC2",
        "terms": {"OnDemand": bulk["terms"]["OnDemand"][sku], "Reserved": bulk["terms"]["Reserved"][sku]},
        "version": "20210205204500",
        "publicationDate": "2021-02-05T20:45:00Z",
    }
    prices = Normalized("us-east-1")
    prices.add_item(item, origin="GetProducts AmazonEC2", as_of="2026-11-23")
    row = prices.ec2[("m5.large", "linux")]
    assert (row["usd_per_hour"], row["purchase"], row["as_of"]) == (0.096, "on-demand", "2021-02-05")
    assert row["source"] == "GetProducts AmazonEC2 version 20210205204500, SKU 6C86BEPQVG73ZGGR"


@pytest.mark.parametrize(
    "item",
    [
        pytest.param("not a mapping", id="not-a-mapping"),
        pytest.param({"product": {"sku": "X"}}, id="no-attributes"),
        pytest.param({"product": {"attributes": "nope"}}, id="attributes-not-a-mapping"),
    ],
)
def test_malformed_items_are_counted_not_raised(item: object) -> None:
    prices = Normalized("us-east-1")
    prices.add_item(item, origin="test", as_of="2026-11-23")
    assert prices.skipped == 1


def test_drop_conflicts_collapses_duplicates_and_drops_disagreements() -> None:
    frame = pd.DataFrame(
        {
            "key": ["fargate_linux_x86_vcpu", "fargate_linux_x86_vcpu", "a", "a"],
            "usd": [0.05056, 0.05056, 0.124, 0.232],  # the last two disagree: neither is kept
        }
    )
    kept, dropped = drop_conflicts(frame, ["key"], "usd")
    assert kept.to_dict(orient="records") == [{"key": "fargate_linux_x86_vcpu", "usd": 0.05056}]
    assert dropped == 1


def test_frames_have_the_snapshot_schema() -> None:
    prices = Normalized("us-east-1")
    for row in csv_rows(FILTER_CASES):
        prices.add_csv_row(row, origin="test", as_of="2025-09-12")
    schema.check_columns(prices.ec2_frame(), schema.EC2_PRICE_COLUMNS, "ec2")
    schema.check_columns(prices.service_frame(), schema.SERVICE_RATE_COLUMNS, "services")
    assert prices.ec2_frame().dtypes.astype(str).to_dict()["usd_per_hour"] == "float64"
