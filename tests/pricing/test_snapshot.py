"""Reading the committed snapshot: spot checks, schema, provenance, bad regions."""

from __future__ import annotations

import pandas as pd
import pytest

from advisor.model.prices import Confidence, PriceCatalog, PriceNotFound, UnknownInstanceType, UnknownRegion
from pricing import load_catalog, schema
from pricing.snapshot import DATA_DIR, read_tables, snapshot_regions


def test_spot_check_fargate_linux_x86_us_east_1(us_east_1: PriceCatalog) -> None:
    assert us_east_1.rate("fargate_linux_x86_vcpu").usd == 0.04048
    assert us_east_1.rate("fargate_linux_x86_memory").usd == 0.004445


def test_spot_check_m5_large_us_east_1(us_east_1: PriceCatalog) -> None:
    rate = us_east_1.ondemand("m5.large")
    assert rate.usd == 0.096
    assert rate.confidence is Confidence.HIGH
    assert rate.as_of == "2026-07-20"


def test_m5_large_specs(us_east_1: PriceCatalog) -> None:
    spec = us_east_1.instance("m5.large")
    assert (spec.vcpu, spec.memory_gib, spec.arch, spec.max_enis, spec.max_pods) == (2, 8.0, "x86_64", 3, 29)
    assert spec.trunking is True


def test_burstable_baseline(us_east_1: PriceCatalog) -> None:
    assert us_east_1.instance("t3.large").baseline_cpu_fraction == 0.30
    assert us_east_1.instance("t2.2xlarge").baseline_cpu_fraction == 0.17
    assert us_east_1.instance("m5.large").baseline_cpu_fraction is None


def test_unknown_region_suggests_close_matches() -> None:
    with pytest.raises(UnknownRegion, match=r"did you mean.*us-east-1"):
        load_catalog("snapshot", "us-east-9")


def test_unknown_instance_type_suggests_close_matches(us_east_1: PriceCatalog) -> None:
    with pytest.raises(UnknownInstanceType, match=r"m5\.large"):
        us_east_1.instance("m5.lrage")


def test_missing_price_says_not_in_snapshot() -> None:
    catalog = load_catalog("snapshot", "us-west-2")
    with pytest.raises(PriceNotFound, match="not in embedded snapshot"):
        catalog.rate("alb_hour")  # no ALB rate was found for us-west-2
    with pytest.raises(PriceNotFound, match="refresh live"):
        catalog.ondemand("m5.large", "windows")


def test_every_row_has_source_and_as_of_and_columns_match_schema() -> None:
    tables = read_tables(DATA_DIR)
    for frame, columns in (
        (tables.instance_types, schema.INSTANCE_TYPE_COLUMNS),
        (tables.ec2_prices, schema.EC2_PRICE_COLUMNS),
        (tables.service_rates, schema.SERVICE_RATE_COLUMNS),
    ):
        assert list(frame.columns) == list(columns)
        assert frame["source"].str.strip().ne("").all()
        assert frame["as_of"].str.strip().ne("").all()


def test_every_priced_instance_type_has_specs() -> None:
    tables = read_tables(DATA_DIR)
    assert set(tables.ec2_prices["instance_type"]) <= set(tables.instance_types["instance_type"])


def test_fargate_linux_x86_rates_exist_in_every_fargate_region() -> None:
    rates = read_tables(DATA_DIR).service_rates
    fargate_regions = set(rates.loc[rates["key"].str.startswith("fargate_"), "region"])
    for region in fargate_regions:
        keys = set(rates.loc[rates["region"] == region, "key"])
        assert {"fargate_linux_x86_vcpu", "fargate_linux_x86_memory"} <= keys, region


def test_schema_mismatch_is_reported(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"region": ["x"]}).to_csv(bad, index=False)
    with pytest.raises(schema.SchemaError, match="missing"):
        schema.read_table(str(bad), schema.SERVICE_RATE_COLUMNS)


def test_regions_cover_the_multiregion_file() -> None:
    regions = snapshot_regions()
    assert {"us-east-1", "eu-west-1", "ap-southeast-1", "sa-east-1"} <= set(regions)
    assert "us-west-2-lax-1" not in regions
