"""normalize: the on-demand filters, usage-type suffixes and price parsing shared by all sources.

The filter cases are real rows of the AmazonEC2 bulk file (tests/fixtures/offer_files/README.md
names each one); every rejected row must trip the filter it exists to test.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from price_list_pages import OFFER_FILES, page

from pricing import management_fees, schema
from pricing.normalize import (
    CAPACITY,
    LICENSE,
    LOCATION,
    OS,
    SERVICE_DIMENSIONS,
    SOFTWARE,
    TENANCY,
    TERM,
    USAGE_TYPE,
    Ec2Target,
    Normalized,
    ServiceTarget,
    Unparsable,
    classify_product,
    csv_row_product,
    drop_conflicts,
    ec2_reject_reasons,
    parse_usd,
    service_dimension,
    usage_type_suffix,
)
from pricing.snapshot import DATA_DIR

FILTER_CASES = OFFER_FILES / "AmazonEC2_filter_cases.csv"


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        lines = handle.readlines()[5:]  # the five preamble rows
    return list(csv.DictReader(lines))


def row_by(sku: str, description: str = "") -> dict[str, str]:
    return next(r for r in csv_rows(FILTER_CASES) if r["SKU"] == sku and description in r["PriceDescription"])


@pytest.mark.parametrize(
    ("sku", "expected"),
    [
        pytest.param("2223TSA85TD5RWMS", LOCATION, id="local-zone"),
        pytest.param("2227U2PX8M4F95R6", TENANCY, id="dedicated-host"),
        pytest.param("2228VZNAASRCHSES", CAPACITY, id="unused-capacity-reservation"),
        pytest.param("22268AJAWBNJXMSB", CAPACITY, id="allocated-capacity-reservation"),
        pytest.param("222A4MXUYY5GUW3H", OS, id="ubuntu-pro"),
        pytest.param("2224XEM9D7MGYGBJ", TENANCY, id="dedicated-instance"),
        pytest.param("2224XEM9D7MGYGBJ", LICENSE, id="windows-byol"),
        pytest.param("2223RRAP6Z3VBN3N", SOFTWARE, id="sql-preinstalled"),
        pytest.param("2227U2PX8M4F95R6", USAGE_TYPE, id="host-usage-type"),
    ],
)
def test_each_reject_case_trips_its_filter_in_its_own_region(sku: str, expected: str) -> None:
    row = row_by(sku)
    product = csv_row_product(row)
    reasons = ec2_reject_reasons(product["productFamily"], product["attributes"], row["Region Code"])
    assert expected in reasons


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


def test_bare_metal_instances_are_compute_instances() -> None:
    product = json.loads((OFFER_FILES / "AmazonEC2_slice.json").read_text())["products"]["6C86BEPQVG73ZGGR"]
    metal = {
        **product,
        "productFamily": "Compute Instance (bare metal)",
        "attributes": {**product["attributes"], "instanceType": "m5.metal", "usagetype": "BoxUsage:m5.metal"},
    }
    assert classify_product(metal, "us-east-1") == Ec2Target("m5.metal", "linux", "BoxUsage:m5.metal")


@pytest.mark.parametrize(
    ("usage_type", "suffix"),
    [
        pytest.param("Fargate-GB-Hours", "Fargate-GB-Hours", id="no-prefix"),
        pytest.param("USE1-Fargate-vCPU-Hours:perCPU", "Fargate-vCPU-Hours:perCPU", id="USE1"),
        pytest.param("USE2-Fargate-GB-Hours", "Fargate-GB-Hours", id="USE2"),
        pytest.param("EU-Fargate-ARM-GB-Hours", "Fargate-ARM-GB-Hours", id="EU"),
        pytest.param(
            "APS3-Fargate-EphemeralStorage-GB-Hours", "Fargate-EphemeralStorage-GB-Hours", id="APS3"
        ),
        pytest.param("SpotUsage-Fargate-vCPU-Hours:perCPU", "SpotUsage-Fargate-vCPU-Hours:perCPU", id="spot"),
        pytest.param("APN2-AmazonEKS-Hours:extendedSupport", "AmazonEKS-Hours:extendedSupport", id="APN2"),
        pytest.param("BoxUsage:m5.large", "BoxUsage:m5.large", id="box-usage"),
        pytest.param("EUC1-BoxUsage:m5.large", "BoxUsage:m5.large", id="EUC1-box-usage"),
    ],
)
def test_usage_type_suffix_strips_irregular_region_prefixes(usage_type: str, suffix: str) -> None:
    assert usage_type_suffix(usage_type) == suffix


@pytest.mark.parametrize(
    ("usage_type", "key"),
    [
        pytest.param(
            "USW2-SpotUsage-Fargate-vCPU-Hours:perCPU", "spot:fargate_linux_x86_vcpu", id="spot-x86"
        ),
        pytest.param("USW2-Fargate-vCPU-Hours:perCPU", "fargate_linux_x86_vcpu", id="on-demand-x86"),
        pytest.param(
            "EUC1-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU", "spot:fargate_linux_arm_vcpu", id="spot-arm"
        ),
        pytest.param("EUC1-Fargate-ARM-vCPU-Hours:perCPU", "fargate_linux_arm_vcpu", id="on-demand-arm"),
        pytest.param("USE1-ECS-Anywhere-Instance-hours", None, id="ecs-anywhere"),
        pytest.param("USE1-ECS-EC2-vCPU-Hours", None, id="ecs-ec2-metering"),
    ],
)
def test_fargate_spot_and_on_demand_are_told_apart(usage_type: str, key: str | None) -> None:
    dimension = service_dimension("AmazonECS", usage_type)
    assert (dimension.key if dimension else None) == key


def test_service_dimensions_match_the_snapshot_keys_and_usage_types() -> None:
    snapshot = pd.read_csv(DATA_DIR / schema.SERVICE_RATES_FILE, dtype=str)
    container = snapshot[snapshot["service_code"].isin(SERVICE_DIMENSIONS)]
    fees = container["key"].str.contains(":")  # management fees, one rate per instance type
    assert [
        (management_fees.fee_key(code, usage_type), unit)
        for code, usage_type, unit in container.loc[fees, ["service_code", "usage_type", "unit"]].values
    ] == [(key, management_fees.UNIT) for key in container.loc[fees, "key"]]
    container = container[~fees]
    snapshot_pairs = set(zip(container["usage_type"], container["key"], strict=True))
    ours = {
        (suffix, dimension.key)
        for dimensions in SERVICE_DIMENSIONS.values()
        for suffix, dimension in dimensions.items()
        if ":" not in dimension.key  # spot:* keys are live-only
    }
    assert ours == snapshot_pairs
    units = {(k, u) for k, u in zip(container["key"], container["unit"], strict=True)}
    assert {
        (d.key, d.unit) for dims in SERVICE_DIMENSIONS.values() for d in dims.values() if ":" not in d.key
    } == units


def test_fargate_items_map_to_snapshot_keys_in_a_region_without_prefix_rules() -> None:
    items = [json.loads(entry) for entry in page("ap_northeast_1", 4)["PriceList"]]
    targets = [classify_product(item["product"], "ap-northeast-1") for item in items]
    assert all(isinstance(t, ServiceTarget) for t in targets)
    assert classify_product(items[0]["product"], "us-east-1").reasons == ("region",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("N/A", id="text"),
        pytest.param("", id="empty"),
        pytest.param("-0.5", id="negative"),
        pytest.param("nan", id="nan"),
        pytest.param("inf", id="inf"),
        pytest.param(0.096, id="not-a-string"),
    ],
)
def test_parse_usd_rejects_what_is_not_a_price(text: object) -> None:
    with pytest.raises(Unparsable):
        parse_usd(text)


def test_parse_usd_reads_price_list_strings() -> None:
    assert parse_usd("0.0960000000") == 0.096
    assert parse_usd("0.0001330000") == 0.000133


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
