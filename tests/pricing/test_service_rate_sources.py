"""The project's cited rate tables (pricing/sources/) and how they fold into the snapshot.

Hand-checked figures: each is the value the cited AWS price file gives for that region (see
pricing/sources/README.md), e.g. eu-west-1 Fargate Linux/x86 $0.04048 per vCPU-hour
(ecs.json, regions['EU (Ireland)']['perCPU per hour'], SKU K4EXFQ5YFQCP98EN).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pricing import schema
from pricing.service_rate_sources import (
    PRICE_FILE_RATES_FILE,
    ServiceRateError,
    build_service_rates,
    read_rate_table,
)

REPO_DATA = Path(__file__).resolve().parents[2] / "data"
ECS_PRICE_FILE = "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ecs/USD/current/ecs.json"


@pytest.fixture(scope="module")
def rates() -> pd.DataFrame:
    return pd.read_csv(REPO_DATA / schema.SERVICE_RATES_FILE, dtype=str, keep_default_na=False)


def usd(rates: pd.DataFrame, region: str, key: str) -> float:
    (value,) = rates.loc[(rates["region"] == region) & (rates["key"] == key), "usd"]
    return float(value)


def regions_with(rates: pd.DataFrame, key: str) -> set[str]:
    return set(rates.loc[rates["key"] == key, "region"])


@pytest.mark.parametrize(
    ("region", "key", "expected"),
    [
        ("eu-west-1", "fargate_linux_x86_vcpu", 0.04048),
        ("eu-west-1", "fargate_linux_x86_memory", 0.004445),
        ("eu-central-1", "fargate_linux_x86_vcpu", 0.04656),
        ("ap-southeast-2", "fargate_linux_x86_vcpu", 0.04856),
        ("ap-southeast-2", "fargate_linux_x86_memory", 0.00532),
        ("sa-east-1", "fargate_linux_arm_vcpu", 0.0557),
        ("ap-south-1", "fargate_ephemeral_storage_over_20gb", 0.000127),
        ("us-east-1", "fargate_windows_vcpu", 0.046552),
        ("us-east-1", "fargate_windows_os_license", 0.046),
        ("eu-west-1", "ebs_gp3_gb_month", 0.088),
        ("eu-central-1", "ebs_gp3_gb_month", 0.0952),
        ("eu-west-1", "nat_gateway_hour", 0.048),
        ("eu-west-2", "nat_gateway_gb", 0.05),
        ("ap-northeast-1", "cloudwatch_logs_ingest_gb", 0.76),
        ("eu-west-1", "alb_hour", 0.0252),
        ("eu-west-1", "alb_lcu_hour", 0.008),
    ],
    ids=str,
)
def test_hand_checked_rates(rates: pd.DataFrame, region: str, key: str, expected: float) -> None:
    assert usd(rates, region, key) == expected


def test_fargate_x86_is_priced_in_every_catalog_region_from_aws_s_price_file(rates: pd.DataFrame) -> None:
    catalog_regions = set(pd.read_csv(REPO_DATA / schema.EC2_PRICES_FILE, usecols=["region"])["region"])
    fargate = rates[rates["key"] == "fargate_linux_x86_vcpu"]
    assert set(fargate["region"]) == catalog_regions
    assert len(catalog_regions) >= 20
    assert fargate["source"].str.contains(ECS_PRICE_FILE, regex=False).all()
    assert fargate["source"].str.contains("at commit ", regex=False).all()
    assert (fargate["as_of"] == "2025-10-27").all()


def test_nat_and_gp3_are_priced_wherever_fargate_is_but_three_new_regions(rates: pd.DataFrame) -> None:
    fargate = regions_with(rates, "fargate_linux_x86_vcpu")
    assert regions_with(rates, "nat_gateway_hour") == fargate
    assert regions_with(rates, "nat_gateway_gb") == fargate
    newer_than_the_ebs_price_file = {"ap-southeast-5", "ap-southeast-7", "mx-central-1"}  # (2024-07-18)
    assert fargate - regions_with(rates, "ebs_gp3_gb_month") == newer_than_the_ebs_price_file


def test_every_rate_cites_its_source_and_a_real_date(rates: pd.DataFrame) -> None:
    assert (rates["source"].str.strip() != "").all()
    assert rates["as_of"].str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()
    assert not rates["source"].str.contains(r"\bS\d{1,2}\b").any()  # no opaque source ids


def test_a_published_row_wins_over_the_price_file_row() -> None:
    table = build_service_rates(["us-east-1"])
    (gp3,) = table.loc[(table["region"] == "us-east-1") & (table["key"] == "ebs_gp3_gb_month")].itertuples()
    assert (gp3.usd, gp3.as_of) == (0.08, "2026-09-18")  # not the 2024-07-18 price file row


def test_an_undated_row_is_refused(tmp_path: Path) -> None:
    table = read_rate_table(PRICE_FILE_RATES_FILE).head(2).assign(as_of=["2026", "2025-10-27"])
    path = tmp_path / "rates.csv"
    table.to_csv(path, index=False)
    expected = r"rates\.csv: as_of must be YYYY-MM-DD or YYYY-MM, got \['2026'\]"
    with pytest.raises(ServiceRateError, match=expected):
        read_rate_table(path)


def test_a_duplicate_rate_is_refused(tmp_path: Path) -> None:
    table = read_rate_table(PRICE_FILE_RATES_FILE).head(1)
    path = tmp_path / "rates.csv"
    pd.concat([table, table]).to_csv(path, index=False)
    with pytest.raises(ServiceRateError, match=r"rates\.csv: duplicate rates"):
        read_rate_table(path)
