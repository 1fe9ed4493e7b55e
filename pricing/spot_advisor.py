"""Offline EC2 Spot rates from AWS's Spot Instance Advisor feed (`spot-advisor-data.json`).

The feed behind the EC2 Spot Instance Advisor page gives, per region, OS and instance type,
the average savings of Spot over On-Demand during the prior month (`s`, in %) and the
interruption-frequency band (`r`, an index into `ranges`). A type's Spot rate is then its
on-demand rate × (1 − s/100): a real, published figure, though one month's average, so its
confidence is `medium` and a live refresh (`ec2:DescribeSpotPriceHistory`) is preferred.
Only types with an on-demand price in the same region become Spot rows; nothing is guessed.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pandas as pd

from advisor.model.prices import INTERRUPTION_BANDS

SPOT_ADVISOR_FILE = "spot-advisor-data.json"
SPOT_ADVISOR_AS_OF = "2025-06-28"
"""When the vendored copy of the feed was fetched (alexei-led/spotinfo commit 5eedf20,
`internal/spot/data/spot-advisor-data.json`, 2025-06-28; see shared/data/aws/SOURCES.md)."""

SPOT_ADVISOR_SOURCE = (
    "AWS Spot Instance Advisor (average savings over the prior month, "
    "https://aws.amazon.com/ec2/spot/instance-advisor/)"
)

_OS_NAMES = {"Linux": "linux", "Windows": "windows"}


class SpotFeedError(ValueError):
    """The feed does not have the shape AWS publishes; the message names what is wrong."""


def read_feed(path: Path) -> dict[str, Any]:
    """The parsed feed, after checking that its band labels are the ones the advisor knows."""
    try:
        feed = json.loads(path.read_text())
        labels = {int(r["index"]): str(r["label"]) for r in feed["ranges"]}
        feed["spot_advisor"].items()
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise SpotFeedError(f"{path.name}: not a Spot Instance Advisor feed ({err})") from err
    unknown = set(labels.values()) - set(INTERRUPTION_BANDS)
    if unknown:
        raise SpotFeedError(f"{path.name}: unknown interruption bands {sorted(unknown)}")
    return dict(feed, band_labels=labels)


def savings_frame(feed: dict[str, Any]) -> pd.DataFrame:
    """One row per (region, os, instance type): savings_pct and interruption_band."""
    labels: dict[int, str] = feed["band_labels"]
    rows = [
        {
            "region": region,
            "os": _OS_NAMES[os_name],
            "instance_type": instance_type,
            "savings_pct": float(entry["s"]),
            "interruption_band": labels[int(entry["r"])],
        }
        for region, by_os in feed["spot_advisor"].items()
        for os_name, types in by_os.items()
        if os_name in _OS_NAMES
        for instance_type, entry in types.items()
    ]
    return pd.DataFrame(rows, columns=["region", "os", "instance_type", "savings_pct", "interruption_band"])


def median_savings_pct(feed: dict[str, Any], os: str = "linux", region: str | None = None) -> float:
    """Median of the feed's savings (one region, or every region): the cited Spot fallback."""
    frame = savings_frame(feed)
    frame = frame[frame["os"] == os]
    if region is not None:
        frame = frame[frame["region"] == region]
    return float(statistics.median(frame["savings_pct"]))


def spot_rows(feed: dict[str, Any], ondemand: pd.DataFrame) -> list[dict[str, Any]]:
    """Spot price rows (snapshot EC2 schema) for every on-demand row the feed has savings for.

    `ondemand` holds snapshot-format on-demand rows; the Spot rate is rounded to 8 decimals
    (AWS quotes Spot prices to 4–6), which keeps every cent the engine adds up unchanged.
    """
    joined = ondemand.drop(columns="interruption_band").merge(
        savings_frame(feed), on=["region", "os", "instance_type"], how="inner"
    )
    records: list[Any] = joined.to_dict(orient="records")
    return [
        {
            "instance_type": row["instance_type"],
            "region": row["region"],
            "os": row["os"],
            "purchase": "spot",
            "usd_per_hour": round(row["usd_per_hour"] * (1 - row["savings_pct"] / 100), 8),
            "usage_type": f"SpotUsage:{row['instance_type']}",
            "confidence": "medium",
            "source": (
                f"{SPOT_ADVISOR_SOURCE}: {row['savings_pct']:g}% off on-demand "
                f"${row['usd_per_hour']:g} (as of {row['as_of']})"
            ),
            "as_of": SPOT_ADVISOR_AS_OF,
            "interruption_band": row["interruption_band"],
        }
        for row in records
        if row["savings_pct"] < 100
    ]
