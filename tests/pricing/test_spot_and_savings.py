"""Spot history, Savings Plans offering rates and instance specs for a live refresh.

Spot values are those of a real `describe_spot_price_history` response for m5.large in
us-east-1 (February 2021; ../shared/data/fixtures/pricing_api/describe_spot_price_history_m5.large.json),
reduced to what a one-hour window would return. The Savings Plans rates (price_list_pages.py)
are real Compute Savings Plans, No Upfront rates for c5.xlarge Windows in ap-northeast-1.
moto runs EC2 for the instance-type and spot-history API calls (moto serves its own
placeholder Spot price, which the moto test compares against rather than hard-coding).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pandas as pd
import pytest
from botocore.stub import Stubber
from moto import mock_aws
from price_list_pages import (
    P3_16XLARGE,
    SP_EC2_PARAMS,
    T3_MICRO,
    dummy_session,
    offering_rate,
    queue_savings_plans,
)

from advisor.model.prices import PricingUnavailable
from pricing import schema
from pricing.instance_specs import fetch_new_instance_types
from pricing.snapshot import snapshot_tables
from pricing.spot_and_savings import (
    SECONDS_1Y,
    ec2_client,
    fetch_savings_plan_rows,
    fetch_spot_rows,
    savings_plan_row,
    savings_plans_client,
    spot_rows,
)

NOW = datetime(2021, 2, 9, 2, 0, tzinfo=UTC)


def spot(zone: str, price: str, stamp: str) -> dict[str, Any]:
    return {
        "AvailabilityZone": zone,
        "InstanceType": "m5.large",
        "ProductDescription": "Linux/UNIX",
        "SpotPrice": price,
        "Timestamp": datetime.fromisoformat(stamp),
    }


# What a 01:00-02:00 window returns: the one change inside it (us-east-1f at 01:40) and, for
# every AZ, the last change before 01:00 (the price in effect at the window's start).
SPOT_PAGE_1 = [
    spot("us-east-1f", "0.043700", "2021-02-09T01:40:10+00:00"),
    spot("us-east-1a", "0.042300", "2021-02-08T23:58:38+00:00"),
]
SPOT_PAGE_2 = [
    spot("us-east-1b", "0.038900", "2021-02-08T21:46:09+00:00"),
    spot("us-east-1c", "0.038100", "2021-02-08T20:38:39+00:00"),
    spot("us-east-1f", "0.043500", "2021-02-08T19:30:39+00:00"),
    spot("us-east-1d", "0.043100", "2021-02-08T19:14:31+00:00"),
]
SPOT_PARAMS = {
    "StartTime": datetime(2021, 2, 9, 1, 0, tzinfo=UTC),
    "EndTime": NOW,
    "ProductDescriptions": ["Linux/UNIX"],
    "MaxResults": 1000,
}


@pytest.fixture
def ec2_stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = ec2_client(dummy_session(), "us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber


def test_spot_rate_is_the_mean_of_the_latest_price_in_each_az(ec2_stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = ec2_stubbed
    stubber.add_response(
        "describe_spot_price_history", {"SpotPriceHistory": SPOT_PAGE_1, "NextToken": "spot-2"}, SPOT_PARAMS
    )
    stubber.add_response(
        "describe_spot_price_history",
        {"SpotPriceHistory": SPOT_PAGE_2},
        {**SPOT_PARAMS, "NextToken": "spot-2"},
    )

    rows = fetch_spot_rows(client, "us-east-1", now=NOW)

    (row,) = rows.ec2
    # latest per AZ: 1a 0.0423, 1b 0.0389, 1c 0.0381, 1d 0.0431, 1f 0.0437 (not its older 0.0435)
    assert row["usd_per_hour"] == pytest.approx((0.0423 + 0.0389 + 0.0381 + 0.0431 + 0.0437) / 5)
    assert round(row["usd_per_hour"], 5) == 0.04122
    assert (row["instance_type"], row["os"], row["purchase"]) == ("m5.large", "linux", "spot")
    assert (row["usage_type"], row["confidence"], row["as_of"]) == (
        "SpotUsage:m5.large",
        "medium",
        "2021-02-09",
    )
    assert "5 AZ(s) (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f)" in row["source"]
    stubber.assert_no_pending_responses()


def test_spot_access_denied_is_pricing_unavailable(ec2_stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = ec2_stubbed
    stubber.add_client_error(
        "describe_spot_price_history",
        "UnauthorizedOperation",
        http_status_code=403,
        expected_params=SPOT_PARAMS,
    )

    with pytest.raises(PricingUnavailable) as raised:
        fetch_spot_rows(client, "us-east-1", now=NOW)

    assert raised.value.reason == "UnauthorizedOperation: needs ec2:DescribeSpotPriceHistory"
    stubber.assert_no_pending_responses()


def test_spot_entries_that_do_not_parse_are_counted() -> None:
    rows = spot_rows(
        [*SPOT_PAGE_2, {**SPOT_PAGE_1[0], "SpotPrice": "n/a"}, {"InstanceType": "m5.large"}], "us-east-1"
    )
    assert rows.skipped == 2
    assert [r["instance_type"] for r in rows.ec2] == ["m5.large"]


@mock_aws
def test_spot_history_from_moto_becomes_one_row_per_type() -> None:
    client = ec2_client(dummy_session(), "us-east-1")
    served = client.describe_spot_price_history(InstanceTypes=["m5.large"])["SpotPriceHistory"]

    rows = fetch_spot_rows(client, "us-east-1", now=datetime.now(UTC))

    m5 = next(r for r in rows.ec2 if r["instance_type"] == "m5.large")
    assert m5["usd_per_hour"] == pytest.approx(statistics.fmean(float(s["SpotPrice"]) for s in served))
    assert f"{len({s['AvailabilityZone'] for s in served})} AZ(s)" in m5["source"]
    assert len({r["instance_type"] for r in rows.ec2}) == len(rows.ec2)
    assert rows.skipped == 0


@pytest.fixture(scope="module")
def moto_instance_types() -> pd.DataFrame:
    """Every type moto's EC2 knows in us-east-1, as spec rows (one slow moto call per module)."""
    with mock_aws():
        client = ec2_client(dummy_session(), "us-east-1")
        frame, incomplete = fetch_new_instance_types(client, "us-east-1", set(), as_of="2026-11-23")
    assert incomplete == 0
    return frame


def test_instance_types_from_moto_match_the_snapshot_specs(moto_instance_types: pd.DataFrame) -> None:
    schema.check_columns(moto_instance_types, schema.INSTANCE_TYPE_COLUMNS, "live instance types")
    live = moto_instance_types.set_index("instance_type")
    snapshot = snapshot_tables().instance_types.set_index("instance_type")
    columns = ["vcpu", "memory_gib", "arch", "max_enis", "ipv4_per_eni", "max_pods", "gpu_count", "nitro"]
    for name in ("m5.large", "m7g.large", "c5.xlarge", "t3.micro", "g4dn.xlarge", "m5.metal"):
        assert live.loc[name, columns].tolist() == snapshot.loc[name, columns].tolist(), name
    assert live.loc["t3.micro", "baseline_cpu_fraction"] == 0.10
    assert bool(live.loc["m5.metal", "bare_metal"]) is True


def test_only_types_missing_from_the_snapshot_are_added(ec2_stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = ec2_stubbed
    stubber.add_response(
        "describe_instance_types", {"InstanceTypes": [T3_MICRO, P3_16XLARGE]}, {"MaxResults": 100}
    )
    known = set(snapshot_tables().instance_types["instance_type"])
    assert "t3.micro" in known
    assert "p3.16xlarge" not in known

    frame, incomplete = fetch_new_instance_types(client, "us-east-1", known, as_of="2026-11-23")

    (row,) = frame.to_dict(orient="records")
    assert incomplete == 0
    assert (row["instance_type"], row["vcpu"], row["memory_gib"], row["gpu_count"]) == (
        "p3.16xlarge",
        64,
        488.0,
        8,
    )
    # ENI formula: 8 × (30 − 1) + 2 = 234, which is eni-max-pods.txt's value for p3.16xlarge
    assert (row["max_enis"], row["ipv4_per_eni"], row["max_pods"], row["nitro"]) == (8, 30, 234, False)
    assert row["max_pods_prefix"] == 234  # no prefix delegation off Nitro
    assert pd.isna(row["trunking"])
    assert row["source"] == "EC2 DescribeInstanceTypes (us-east-1); EKS max pods by the ENI formula"
    stubber.assert_no_pending_responses()


@pytest.fixture
def sp_stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = savings_plans_client(dummy_session())
    with Stubber(client) as stubber:
        yield client, stubber


def test_compute_savings_plans_no_upfront_rates_become_ec2_rows(sp_stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = sp_stubbed
    queue_savings_plans(stubber)

    rows = fetch_savings_plan_rows(client, "ap-northeast-1", as_of="2026-11-23")

    assert client.meta.endpoint_url == "https://savingsplans.amazonaws.com"  # the global endpoint
    assert [(r["instance_type"], r["os"], r["purchase"], r["usd_per_hour"]) for r in rows.ec2] == [
        ("c5.xlarge", "windows", "savings-plan-1y", 0.361),
        ("c5.xlarge", "windows", "savings-plan-3y", 0.31),
    ]
    assert rows.ec2[0]["usage_type"] == "APN1-BoxUsage:c5.xlarge"
    assert rows.ec2[0]["source"].startswith(
        "Savings Plans DescribeSavingsPlansOfferingRates, Compute 1y No Upfront"
    )
    assert rows.services == []
    assert rows.skipped == 0
    stubber.assert_no_pending_responses()


def test_savings_plans_access_denied_names_the_permission(sp_stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = sp_stubbed
    stubber.add_client_error(
        "describe_savings_plans_offering_rates",
        "AccessDeniedException",
        http_status_code=403,
        expected_params=SP_EC2_PARAMS,
    )

    with pytest.raises(PricingUnavailable) as raised:
        fetch_savings_plan_rows(client, "ap-northeast-1", as_of="2026-11-23")

    assert (
        raised.value.reason == "AccessDeniedException: needs savingsplans:DescribeSavingsPlansOfferingRates"
    )
    stubber.assert_no_pending_responses()


def test_a_rate_for_another_region_is_not_kept() -> None:
    assert savings_plan_row(offering_rate(SECONDS_1Y, "0.361"), "us-east-1", as_of="2026-11-23") is None


def test_ec2_and_savings_plans_clients_use_the_standard_retry_mode() -> None:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    for client in (ec2_client(session, "ap-northeast-1"), savings_plans_client(session)):
        assert client.meta.config.retries["mode"] == "standard"
