"""Offline Spot rates from AWS's Spot Instance Advisor feed, checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from advisor.model.assumptions import default_assumptions
from advisor.model.prices import Confidence
from pricing import load_catalog
from pricing.spot_advisor import SpotFeedError, median_savings_pct, read_feed, spot_rows

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "aws"

FEED = {
    "ranges": [
        {"index": 0, "label": "<5%"},
        {"index": 1, "label": "5-10%"},
        {"index": 2, "label": "10-15%"},
        {"index": 3, "label": "15-20%"},
        {"index": 4, "label": ">20%"},
    ],
    "spot_advisor": {
        "us-east-1": {
            "Linux": {
                "m5.large": {"s": 66, "r": 3},
                "c7g.large": {"s": 49, "r": 0},
                "x1.gone": {"s": 70, "r": 4},
            },
            "Windows": {"m5.large": {"s": 40, "r": 1}},
        }
    },
}


def _feed(tmp_path: Path, data: dict) -> dict:
    path = tmp_path / "spot-advisor-data.json"
    path.write_text(json.dumps(data))
    return read_feed(path)


def test_spot_rate_is_ondemand_times_one_minus_the_average_savings(tmp_path: Path) -> None:
    ondemand = pd.DataFrame(
        [
            {"instance_type": "m5.large", "region": "us-east-1", "os": "linux", "usd_per_hour": 0.096},
            {"instance_type": "c7g.large", "region": "us-east-1", "os": "linux", "usd_per_hour": 0.0725},
        ]
    ).assign(purchase="on-demand", usage_type="", confidence="high", source="s", as_of="2026-07-20")
    rows = {
        r["instance_type"]: r for r in spot_rows(_feed(tmp_path, FEED), ondemand.assign(interruption_band=""))
    }
    # 0.096 × (1 − 0.66) = 0.03264; 0.0725 × (1 − 0.49) = 0.036975. x1.gone has no on-demand row.
    assert set(rows) == {"m5.large", "c7g.large"}
    assert rows["m5.large"]["usd_per_hour"] == 0.03264
    assert rows["m5.large"]["interruption_band"] == "15-20%"
    assert rows["c7g.large"]["usd_per_hour"] == 0.036975
    assert rows["c7g.large"]["interruption_band"] == "<5%"
    assert all(r["confidence"] == "medium" and r["as_of"] == "2025-06-28" for r in rows.values())


def test_a_feed_with_unknown_bands_is_refused(tmp_path: Path) -> None:
    bad = dict(FEED, ranges=[{"index": 0, "label": "sometimes"}])
    with pytest.raises(SpotFeedError, match="unknown interruption bands"):
        _feed(tmp_path, bad)
    (tmp_path / "x.json").write_text("[]")
    with pytest.raises(SpotFeedError, match="not a Spot Instance Advisor feed"):
        read_feed(tmp_path / "x.json")


def test_snapshot_m5_large_spot_in_us_east_1_is_the_issue_check() -> None:
    rate = load_catalog("snapshot", "us-east-1").ec2_spot["m5.large"]
    assert rate.usd == 0.03264  # 0.096 × (1 − 0.66)
    assert rate.interruption_band == "15-20%"
    assert rate.confidence is Confidence.MEDIUM
    assert rate.as_of == "2025-06-28"
    assert rate.source.startswith("AWS Spot Instance Advisor (average savings over the prior month")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/aws is not beside this checkout")
def test_the_fallback_discount_is_the_feeds_median_savings() -> None:
    feed = read_feed(SHARED / "spot-advisor-data.json")
    assert median_savings_pct(feed) == 65.0
    assert median_savings_pct(feed, region="us-east-1") == 66.0
    assert median_savings_pct(feed, region="eu-west-1") == 55.0
    assert default_assumptions().ec2_spot_discount == median_savings_pct(feed) / 100
