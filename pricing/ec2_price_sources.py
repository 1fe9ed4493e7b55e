"""EC2 price rows of the snapshot: on-demand Linux per (type, region), and Spot from AWS's feed.

- us-east-1: every type in Karpenter's generated on-demand price file
  (`InitialOnDemandPricesAWS`, generated 2026-07-20) that the catalog has specs for.
- other regions: libcloud 3.9.1's multi-region prices, validated against Karpenter as
  shared/data/aws/SOURCES.md describes (its `status` column sets the confidence). A type
  libcloud lacks in a region stays out: never a guess from another generation or region.
- Spot: on-demand × (1 − average savings) from the Spot Instance Advisor feed
  (`pricing.spot_advisor`), for the types the feed lists in that region.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pricing import schema
from pricing.spot_advisor import SPOT_ADVISOR_FILE, read_feed, spot_rows

KARPENTER_PRICES_FILE = "ec2_ondemand_linux_us-east-1_karpenter.csv"
LIBCLOUD_PRICES_FILE = "ec2_ondemand_linux_multiregion_libcloud.csv"
KARPENTER_PRICES_AS_OF = "2026-07-20"
LIBCLOUD_PRICES_AS_OF = "2025-03-02"
KARPENTER_REGION = "us-east-1"
KARPENTER_SOURCE = (
    "Karpenter InitialOnDemandPricesAWS us-east-1 "
    "(aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go)"
)

# How much each libcloud/derived row can be trusted, from the `status` column documented in
# shared/data/aws/SOURCES.md ("Checked against 29 independently published prices").
STATUS_CONFIDENCE = {
    "karpenter": "high",
    "karpenter_libcloud_agree": "high",
    "libcloud_validated": "high",
    "libcloud_inflated_replaced_by_derived": "medium",
    "libcloud_zero": "medium",
    "libcloud_unvalidated": "low",
    "libcloud_lower_than_derived": "low",
}


class PriceSourceError(ValueError):
    """A price source file failed validation; the message names the file and the problem."""


def _libcloud_source(status: str) -> str:
    if status in ("libcloud_validated", "libcloud_unvalidated"):
        return f"libcloud 3.9.1 pricing.json ({status.replace('_', ' ')})"
    if status in ("karpenter", "karpenter_libcloud_agree"):
        return "libcloud 3.9.1 pricing.json, agreeing with Karpenter"
    # Same family, same region: libcloud's price for this size was 0 or another SKU's, so
    # SOURCES.md scales Karpenter's us-east-1 price by the family's own ratio in this region.
    return "derived: Karpenter us-east-1 2026-07-20 × this family's region ratio from libcloud 2025-03-02"


def _row(  # noqa: PLR0917 - one row's six columns, two private callers
    instance_type: str, region: str, usd: float, confidence: str, source: str, as_of: str
) -> dict[str, Any]:
    return {
        "instance_type": instance_type,
        "region": region,
        "os": "linux",
        "purchase": "on-demand",
        "usd_per_hour": usd,
        "usage_type": f"BoxUsage:{instance_type}",
        "confidence": confidence,
        "source": source,
        "as_of": as_of,
        "interruption_band": "",
    }


def karpenter_rows(source_dir: Path, known_types: set[str]) -> list[dict[str, Any]]:
    """us-east-1 on-demand Linux prices of every type with specs, from Karpenter's file."""
    raw = pd.read_csv(source_dir / KARPENTER_PRICES_FILE, dtype={"ondemand_usd_per_hour": float})
    if set(raw["region"]) != {KARPENTER_REGION}:
        raise PriceSourceError(f"{KARPENTER_PRICES_FILE}: expected only {KARPENTER_REGION} rows")
    prices: list[Any] = raw.to_dict(orient="records")
    return [
        _row(
            r["instance_type"],
            r["region"],
            float(r["ondemand_usd_per_hour"]),
            "high",
            KARPENTER_SOURCE,
            KARPENTER_PRICES_AS_OF,
        )
        for r in prices
        if r["instance_type"] in known_types and r["ondemand_usd_per_hour"] > 0
    ]


def libcloud_rows(source_dir: Path, known_types: set[str]) -> list[dict[str, Any]]:
    """Other regions' on-demand Linux prices (`best_usd_per_hour`), with provenance."""
    raw = pd.read_csv(source_dir / LIBCLOUD_PRICES_FILE, dtype=str)
    unknown_status = set(raw["status"]) - set(STATUS_CONFIDENCE)
    if unknown_status:
        raise PriceSourceError(f"unknown price status values: {sorted(unknown_status)}")
    rows = []
    records: list[Any] = raw.to_dict(orient="records")
    for r in records:
        price = r["best_usd_per_hour"] if isinstance(r["best_usd_per_hour"], str) else ""
        if (
            r["region"] == KARPENTER_REGION
            or r["instance_type"] not in known_types
            or not price
            or float(price) <= 0
        ):
            continue  # us-east-1 comes from Karpenter; family-name rows and zeros: no price
        status = str(r["status"])
        rows.append(
            _row(
                str(r["instance_type"]),
                str(r["region"]),
                float(price),
                STATUS_CONFIDENCE[status],
                _libcloud_source(status),
                LIBCLOUD_PRICES_AS_OF,
            )
        )
    return rows


def build_ec2_prices(source_dir: Path, known_types: set[str]) -> pd.DataFrame:
    """On-demand rows of every region, then a Spot row wherever the feed has the type's savings."""
    ondemand = pd.DataFrame(
        karpenter_rows(source_dir, known_types) + libcloud_rows(source_dir, known_types),
        columns=list(schema.EC2_PRICE_COLUMNS),
    )
    spot = spot_rows(read_feed(source_dir / SPOT_ADVISOR_FILE), ondemand)
    rows: list[Any] = ondemand.to_dict(orient="records")
    frame = pd.DataFrame(rows + spot, columns=list(schema.EC2_PRICE_COLUMNS))
    frame = frame.sort_values(["region", "instance_type", "purchase"], ignore_index=True)
    return frame.astype(schema.EC2_PRICE_COLUMNS)
