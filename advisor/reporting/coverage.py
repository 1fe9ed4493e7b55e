"""What a price catalog covers, region by region: `advisor prices coverage` and the dashboard.

A region × item matrix: each cell gives the as-of date (or date range) of the rates behind the
item, "partial …" when only some of its rates exist, or "—" when none do, so a gap is seen
before an estimate runs into it rather than after.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from advisor.model.prices import PriceCatalog, Rate

MISSING = "—"

COVERAGE_ITEMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "fargate_x86": ("fargate_linux_x86_vcpu", "fargate_linux_x86_memory"),
        "fargate_arm": ("fargate_linux_arm_vcpu", "fargate_linux_arm_memory"),
        "fargate_storage": ("fargate_ephemeral_storage_over_20gb",),
        "fargate_windows": ("fargate_windows_vcpu", "fargate_windows_memory", "fargate_windows_os_license"),
        "eks": ("eks_cluster_standard_support", "eks_cluster_extended_support_surcharge"),
        "ebs_gp3": ("ebs_gp3_gb_month",),
        "alb": ("alb_hour", "alb_lcu_hour"),
        "nat": ("nat_gateway_hour", "nat_gateway_gb"),
        "public_ipv4": ("public_ipv4_hour",),
        "logs": ("cloudwatch_logs_ingest_gb",),
    }
)
"""Service-rate items and the rate keys each needs (EC2 on-demand and Spot come first)."""

COVERAGE_COLUMNS = ("region", "ec2_on_demand", "ec2_spot", *COVERAGE_ITEMS)

ITEM_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "fargate_x86": "Fargate x86",
        "fargate_arm": "Fargate ARM",
        "fargate_storage": "Fargate storage",
        "fargate_windows": "Fargate Windows",
        "eks": "EKS",
        "ebs_gp3": "EBS gp3",
        "alb": "ALB",
        "nat": "NAT",
        "public_ipv4": "public IPv4",
        "logs": "Logs",
    }
)
"""Short names of the coverage items, for the dashboard's region selector."""


def date_range(dates: Iterable[str]) -> str:
    """'2025-03-02 to 2026-09-09' from as-of dates (YYYY-MM-DD, YYYY-MM or YYYY); '—' when there are none."""
    given = list(dates)
    dated = sorted({d for d in given if d[:4].isdigit() and len(d) in (4, 7, 10)})
    if not dated:
        return "undated" if given else MISSING
    return dated[0] if dated[0] == dated[-1] else f"{dated[0]} to {dated[-1]}"


def _cell(rates: list[Rate], wanted: int) -> str:
    if not rates:
        return MISSING
    dates = date_range([r.as_of for r in rates])
    return dates if len(rates) == wanted else f"partial {dates}"


def coverage_row(catalog: PriceCatalog) -> dict[str, Any]:
    """One region's row: the date (range) of each item's rates, 'partial …' or '—'."""
    ec2 = [rate for (_, os), rate in catalog.ec2_ondemand.items() if os == "linux"]
    row: dict[str, Any] = {
        "region": catalog.region,
        "ec2_on_demand": _cell(ec2, len(ec2)),
        "ec2_spot": _cell(list(catalog.ec2_spot.values()), len(catalog.ec2_spot)),
    }
    for item, keys in COVERAGE_ITEMS.items():
        row[item] = _cell([catalog.rates[k] for k in keys if k in catalog.rates], len(keys))
    return row


def missing_items(row: Mapping[str, Any]) -> list[str]:
    """The items a coverage row lacks entirely or in part."""
    return [c for c in COVERAGE_COLUMNS[1:] if row[c] == MISSING or str(row[c]).startswith("partial")]


def region_label(region: str, rate_keys: Collection[str]) -> str:
    """'eu-west-3 · no Fargate x86, EBS gp3, ALB' from the service-rate keys a region has:
    the region selector shows each region's gaps before an estimate runs into them."""
    lacking = [ITEM_NAMES[item] for item, keys in COVERAGE_ITEMS.items() if not set(keys) <= set(rate_keys)]
    return f"{region} · no {', '.join(lacking)}" if lacking else region
