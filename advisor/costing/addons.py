"""The rest of a container bill: load balancers, NAT, public IPv4 and log ingestion.

Compute is often only part of what a containerized service costs, and one add-on differs
between platforms: public IPv4 addresses are billed per IP-hour, one per task for awsvpc
Fargate tasks but one per instance on EC2. So every platform prices the add-ons through this
one function and passes its own IP-hours; each add-on is its own auditable line item.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from advisor.model.costs import LineItem
from advisor.model.prices import HOURS_PER_MONTH, PriceCatalog, PriceNotFound, Rate, SourceKind
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
    if catalog.source.kind is SourceKind.SNAPSHOT:
        where = "the snapshot — refresh live"
    else:
        where = catalog.source.label
    return f"no {dimension} rate for {err.region} in {where}"


def _item(item: str, quantity: float, unit: str, rate: Rate) -> LineItem:
    return LineItem(
        item=item,
        quantity=quantity,
        unit=unit,
        rate_usd=rate.usd,
        source=rate.source,
        as_of=rate.as_of,
        confidence=rate.confidence,
    )


def addon_line_items(
    workload: Workload,
    catalog: PriceCatalog,
    *,
    public_ip_hours: float,
    public_ip_label: str,
) -> tuple[LineItem, ...]:
    """Line items for the workload's add-ons; none when every add-on is off.

    Load balancers and NAT gateways run all month whatever the tasks do, so their hours are
    count × 730 (the Pricing Calculator month). `public_ip_hours` is what the caller's platform
    holds public addresses for: task-hours on Fargate (one ENI per awsvpc task), instance-hours
    on EC2; `public_ip_label` says which, e.g. "one per Fargate task". Raises PriceNotFound
    naming the missing rate; callers turn it into an infeasibility reason (`missing_rate_reason`).
    """
    if public_ip_hours < 0:
        raise ValueError(f"public_ip_hours must be 0 or more, not {public_ip_hours!r}")
    addons = workload.addons
    items: list[LineItem] = []
    if addons.alb_count:
        items.append(
            _item(
                f"Application Load Balancer hours ({addons.alb_count} × {HOURS_PER_MONTH:g} h)",
                addons.alb_count * HOURS_PER_MONTH,
                "ALB-hour",
                catalog.rate(ALB_HOUR_KEY),
            )
        )
        if addons.alb_lcu_per_hour:
            items.append(
                _item(
                    f"Application Load Balancer LCU-hours ({addons.alb_count} × "
                    f"{addons.alb_lcu_per_hour:g} LCU × {HOURS_PER_MONTH:g} h)",
                    addons.alb_count * addons.alb_lcu_per_hour * HOURS_PER_MONTH,
                    "LCU-hour",
                    catalog.rate(ALB_LCU_HOUR_KEY),
                )
            )
    if addons.nat_gateways:
        items.append(
            _item(
                f"NAT gateway hours ({addons.nat_gateways} × {HOURS_PER_MONTH:g} h)",
                addons.nat_gateways * HOURS_PER_MONTH,
                "NAT-gateway-hour",
                catalog.rate(NAT_GATEWAY_HOUR_KEY),
            )
        )
    if addons.nat_gb_per_month:
        items.append(
            _item(
                "NAT gateway data processed",
                addons.nat_gb_per_month,
                "GB",
                catalog.rate(NAT_GATEWAY_GB_KEY),
            )
        )
    if addons.public_ipv4 and public_ip_hours > 0:
        items.append(
            _item(
                f"public IPv4 addresses ({public_ip_label})",
                public_ip_hours,
                "IP-hour",
                catalog.rate(PUBLIC_IPV4_HOUR_KEY),
            )
        )
    if addons.logs_gb_per_month:
        items.append(
            _item(
                "CloudWatch Logs ingestion",
                addons.logs_gb_per_month,
                "GB",
                catalog.rate(LOGS_INGEST_GB_KEY),
            )
        )
    return tuple(items)
