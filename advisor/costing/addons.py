"""The rest of a container bill: load balancers, NAT, public IPv4 and log ingestion.

Compute is often only part of what a containerized service costs, and one add-on differs
between platforms: public IPv4 addresses are billed per IP-hour, one per task for awsvpc
Fargate tasks but one per instance on EC2. So every platform prices the add-ons through this
one function and passes its own IP-hours; each add-on is its own auditable line item.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from advisor.model.costs import LineItem
from advisor.model.prices import HOURS_PER_MONTH, PriceCatalog, PriceNotFound, SourceKind
from advisor.model.workload import Workload

ALB_HOUR_KEY = "alb_hour"
ALB_LCU_HOUR_KEY = "alb_lcu_hour"
NAT_GATEWAY_HOUR_KEY = "nat_gateway_hour"
NAT_GATEWAY_GB_KEY = "nat_gateway_gb"
PUBLIC_IPV4_HOUR_KEY = "public_ipv4_hour"
LOGS_INGEST_GB_KEY = "cloudwatch_logs_ingest_gb"

ADDON_DIMENSIONS: Mapping[str, str] = MappingProxyType(
    {
        ALB_HOUR_KEY: "Application Load Balancer hour",
        ALB_LCU_HOUR_KEY: "Application Load Balancer LCU-hour",
        NAT_GATEWAY_HOUR_KEY: "NAT gateway hour",
        NAT_GATEWAY_GB_KEY: "NAT gateway data processing",
        PUBLIC_IPV4_HOUR_KEY: "public IPv4 address hour",
        LOGS_INGEST_GB_KEY: "CloudWatch Logs ingestion",
    }
)
"""What each rate key is called in messages users read."""


def missing_rate_reason(
    err: PriceNotFound, catalog: PriceCatalog, dimensions: Mapping[str, str] | None = None
) -> str:
    """The reason shown when an option cannot be priced because the catalog lacks a rate.

    Worded for users ("no NAT gateway hour rate for eu-west-3 in the snapshot — refresh live")
    so that every cost model reports a missing rate the same way instead of guessing a price.
    """
    names = {**ADDON_DIMENSIONS, **(dimensions or {})}
    dimension = names.get(err.key, err.key)
    return f"no {dimension} rate for {err.region} in {_where(catalog)}"


def _where(catalog: PriceCatalog) -> str:
    if catalog.source.kind is SourceKind.SNAPSHOT:
        return "the snapshot — refresh live"
    return catalog.source.label


def incomplete_warning(missing: tuple[str, ...], catalog: PriceCatalog) -> str:
    """The sentence an incomplete option shows: what is left out of its total and why."""
    items = ", ".join(missing)
    return f"incomplete, no {catalog.region} rate for {items} in {_where(catalog)}; the total leaves them out"


class Addons(NamedTuple):
    """The add-ons' line items, and the names of those the catalog has no rate for."""

    items: tuple[LineItem, ...]
    missing: tuple[str, ...]


def addon_line_items(
    workload: Workload,
    catalog: PriceCatalog,
    *,
    public_ip_hours: float,
    public_ip_label: str,
) -> Addons:
    """Line items for the workload's add-ons; none when every add-on is off.

    Load balancers and NAT gateways run all month whatever the tasks do, so their hours are
    count × 730 (the Pricing Calculator month). `public_ip_hours` is what the caller's platform
    holds public addresses for: task-hours on Fargate (one ENI per awsvpc task), instance-hours
    on EC2; `public_ip_label` says which, e.g. "one per Fargate task". An add-on whose rate the
    catalog lacks is not priced at $0: it is named in `missing`, which makes the option
    incomplete (`CostBreakdown.missing`), and the rest is still priced.
    """
    if public_ip_hours < 0:
        raise ValueError(f"public_ip_hours must be 0 or more, not {public_ip_hours!r}")
    addons = workload.addons
    wanted: list[tuple[str, float, str, str]] = []
    if addons.alb_count:
        wanted.append(
            (
                f"Application Load Balancer hours ({addons.alb_count} × {HOURS_PER_MONTH:g} h)",
                addons.alb_count * HOURS_PER_MONTH,
                "ALB-hour",
                ALB_HOUR_KEY,
            )
        )
        if addons.alb_lcu_per_hour:
            wanted.append(
                (
                    f"Application Load Balancer LCU-hours ({addons.alb_count} × "
                    f"{addons.alb_lcu_per_hour:g} LCU × {HOURS_PER_MONTH:g} h)",
                    addons.alb_count * addons.alb_lcu_per_hour * HOURS_PER_MONTH,
                    "LCU-hour",
                    ALB_LCU_HOUR_KEY,
                )
            )
    if addons.nat_gateways:
        wanted.append(
            (
                f"NAT gateway hours ({addons.nat_gateways} × {HOURS_PER_MONTH:g} h)",
                addons.nat_gateways * HOURS_PER_MONTH,
                "NAT-gateway-hour",
                NAT_GATEWAY_HOUR_KEY,
            )
        )
    if addons.nat_gb_per_month:
        wanted.append(("NAT gateway data processed", addons.nat_gb_per_month, "GB", NAT_GATEWAY_GB_KEY))
    if addons.public_ipv4 and public_ip_hours > 0:
        wanted.append(
            (f"public IPv4 addresses ({public_ip_label})", public_ip_hours, "IP-hour", PUBLIC_IPV4_HOUR_KEY)
        )
    if addons.logs_gb_per_month:
        wanted.append(("CloudWatch Logs ingestion", addons.logs_gb_per_month, "GB", LOGS_INGEST_GB_KEY))
    items: list[LineItem] = []
    missing: list[str] = []
    for item, quantity, unit, key in wanted:
        if not catalog.has_rate(key):
            missing.append(ADDON_DIMENSIONS[key])
            continue
        items.append(LineItem.at(item, quantity, unit, catalog.rate(key)))
    return Addons(tuple(items), tuple(missing))
