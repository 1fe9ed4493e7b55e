"""The coverage matrix: each cell is the date of its rates, 'partial …' or '—'."""

from __future__ import annotations

from advisor.reporting.coverage import (
    COVERAGE_COLUMNS,
    COVERAGE_ITEMS,
    coverage_row,
    date_range,
    missing_items,
    region_label,
)
from pricing import load_catalog, snapshot_rate_keys, snapshot_regions


def test_date_range_spans_the_dated_rates_and_marks_gaps() -> None:
    assert date_range(["2026-07-20", "2025-03-02", "2026-07"]) == "2025-03-02 to 2026-07-20"
    assert date_range(["2024-04-01"]) == "2024-04-01"
    assert date_range(["undated"]) == "undated"
    assert date_range([]) == "—"


def test_us_east_1_is_covered_and_every_cell_is_dated() -> None:
    row = coverage_row(load_catalog("snapshot", "us-east-1"))
    assert set(row) == set(COVERAGE_COLUMNS)
    assert row["ec2_on_demand"] == "2026-07-20"  # Karpenter's us-east-1 file
    assert row["ec2_spot"] == "2025-06-28"  # the Spot Instance Advisor feed
    assert row["eks"] == "2024-04-01"
    assert missing_items(row) == []


def test_eu_west_1_is_covered_by_the_dates_of_its_sources() -> None:
    row = coverage_row(load_catalog("snapshot", "eu-west-1"))
    assert row["fargate_x86"] == "2025-10-27"  # the price file behind AWS's Fargate pricing page
    assert row["fargate_windows"] == "2025-10-27"
    assert row["ebs_gp3"] == "2024-07-18"  # the price file behind AWS's EBS pricing page
    assert row["nat"] == "2025-10-28"
    assert row["logs"] == "2025-09-23"
    assert row["alb"] == "2022-03-07"  # AWS bill lines quoted in a public post
    assert missing_items(row) == []


def test_region_label_names_the_items_a_region_lacks_wholly_or_in_part() -> None:
    keys = {"fargate_linux_x86_vcpu", "fargate_linux_x86_memory", "alb_hour", "public_ipv4_hour"}
    assert region_label("xx-test-1", keys) == (
        "xx-test-1 · no Fargate ARM, Fargate storage, Fargate Windows, EKS, EBS gp3, ALB, NAT, Logs"
    )
    every = {key for keys in COVERAGE_ITEMS.values() for key in keys}
    assert region_label("xx-test-1", every) == "xx-test-1"


def test_snapshot_rate_keys_label_us_east_1_as_complete() -> None:
    keys = snapshot_rate_keys()
    assert set(keys) == set(snapshot_regions())
    assert region_label("us-east-1", keys["us-east-1"]) == "us-east-1"


def test_a_region_names_what_it_lacks() -> None:
    row = coverage_row(load_catalog("snapshot", "mx-central-1"))
    assert row["fargate_x86"] == "2025-10-27"
    assert row["ebs_gp3"] == "—"  # launched after the newest EBS price file found
    assert row["alb"] == "—"
    assert missing_items(row) == ["ebs_gp3", "alb"]
    label = region_label("mx-central-1", snapshot_rate_keys()["mx-central-1"])
    assert label == "mx-central-1 · no EBS gp3, ALB"
