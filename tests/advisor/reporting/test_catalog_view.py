"""The management fees as `advisor prices fees` lists them, hand-worked on us-east-1 prices.

On-demand (snapshot): m5.large $0.096, m7i.large $0.1008 (Karpenter, 2026-07-20), g6.xlarge
$0.8048, p5.48xlarge $55.04. Offline each fee is `management_fee_fraction` (0.12) of on-demand,
less 35 % on G and 60 % on P types; a live fee for the type is the Price List's own.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from advisor.model.prices import Confidence, PriceCatalog, Rate
from advisor.model.workload import Assumptions
from advisor.reporting.catalog_view import FEE_COLUMNS, fee_rows


def row(rows: list[dict], platform: str, instance_type: str) -> dict:
    (found,) = [r for r in rows if r["platform"] == platform and r["instance_type"] == instance_type]
    return found


@pytest.mark.parametrize(
    ("instance_type", "fee_usd", "pct"),
    [
        ("m5.large", 0.01152, 12),  # 0.12 × $0.096
        ("g6.xlarge", 0.0627744, 7.8),  # 0.12 × 0.65 × $0.8048
        ("p5.48xlarge", 2.64192, 4.8),  # 0.12 × 0.40 × $55.04
    ],
    ids=["general-purpose", "g-reduced-35", "p-reduced-60"],
)
def test_offline_fees_are_the_labelled_fraction_of_on_demand(
    us_east_1: PriceCatalog, assumptions: Assumptions, instance_type: str, fee_usd: float, pct: float
) -> None:
    rows = fee_rows(us_east_1, assumptions)
    for platform in ("ecs-managed-instances", "eks-auto-mode"):
        fee = row(rows, platform, instance_type)
        assert set(fee) == set(FEE_COLUMNS)
        assert (fee["fee_usd_per_hour"], fee["fee_pct_of_ondemand"]) == (pytest.approx(fee_usd), pct)
        assert (fee["basis"], fee["confidence"], fee["usage_type"]) == ("assumption", "assumption", "")
        assert fee["source"].startswith("assumption management_fee_fraction=0.12 applied to: ")
        assert fee["as_of"] == "2026-07-20"


def test_a_price_list_fee_is_listed_as_a_price_for_its_platform_only(
    us_east_1: PriceCatalog, assumptions: Assumptions
) -> None:
    live = Rate(
        "eks_auto_mode_fee:m7i.large",
        "us-east-1",
        0.0121,
        "instance-hour",
        "EKS-Auto:m7i.large-management-hours",
        "AWS Price List GetProducts AmazonEKS",
        "2026-09-28",
        Confidence.HIGH,
    )
    catalog = replace(us_east_1, rates=MappingProxyType({**us_east_1.rates, live.key: live}), memo={})
    rows = fee_rows(catalog, assumptions)
    auto = row(rows, "eks-auto-mode", "m7i.large")
    assert (auto["fee_usd_per_hour"], auto["fee_pct_of_ondemand"], auto["basis"]) == (0.0121, 12.0, "price")
    assert (auto["usage_type"], auto["as_of"], auto["confidence"]) == (
        "EKS-Auto:m7i.large-management-hours",
        "2026-09-28",
        "high",
    )
    ecs = row(rows, "ecs-managed-instances", "m7i.large")
    # 0.12 × $0.1008 on ECS Managed Instances, which has no Price List fee for the type here
    assert (ecs["fee_usd_per_hour"], ecs["basis"]) == (pytest.approx(0.012096), "assumption")


def test_the_fraction_is_the_workloads_assumption(us_east_1: PriceCatalog, assumptions: Assumptions) -> None:
    rows = fee_rows(us_east_1, replace(assumptions, management_fee_fraction=0.1))
    fee = row(rows, "eks-auto-mode", "m5.large")
    assert (fee["fee_usd_per_hour"], fee["fee_pct_of_ondemand"]) == (pytest.approx(0.0096), 10)
