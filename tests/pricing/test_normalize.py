"""normalize: the on-demand filters, usage-type suffixes and price parsing shared by all sources.

The filter cases are real rows of the AmazonEC2 bulk file (tests/fixtures/offer_files/README.md
names each one); every rejected row must trip the filter it exists to test.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from price_list_pages import OFFER_FILES, page, row_by

from pricing import management_fees, schema
from pricing.normalize import (
    CAPACITY,
    LICENSE,
    LOCATION,
    OS,
    SERVICE_DIMENSIONS,
    SOFTWARE,
    TENANCY,
    USAGE_TYPE,
    Ec2Target,
    ServiceTarget,
    Unparsable,
    classify_product,
    csv_row_product,
    ec2_reject_reasons,
    parse_usd,
    service_dimension,
    usage_type_suffix,
)
from pricing.snapshot import DATA_DIR


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
