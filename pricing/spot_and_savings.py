"""Real Spot and Compute Savings Plans rates for a live refresh (no offline source has them).

Spot: EC2 `describe_spot_price_history` for "Linux/UNIX" over a recent window
(`SPOT_WINDOW`, ending now). AWS returns every price change in the window plus, per instance
type and Availability Zone, the last change before it (the price in effect at the window's
start). For each type we take the latest price in each AZ and publish the **mean across AZs**
as the type's Spot rate (confidence medium: Spot moves, and one AZ can be cheaper than the
mean). The source text names the AZs and the sample time.

Savings Plans: `savingsplans` `describe_savings_plans_offering_rates`, Compute Savings Plans,
No Upfront, 1 year (31,536,000 s) and 3 years (94,608,000 s). EC2 rates (shared tenancy,
Linux/UNIX and Windows, BoxUsage) become EC2 price rows with purchase `savings-plan-1y` /
`savings-plan-3y`; Fargate rates become service rates keyed `savings-plan-1y:<key>` with the
keys of `pricing.normalize`. The Savings Plans API is global (us-east-1 endpoint) and has no
botocore paginator, so its `nextToken` is followed here (that is paging, not retrying).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pricing.aws_errors import RETRY_CONFIG, translated
from pricing.normalize import (
    EC2_OPERATION,
    Unparsable,
    parse_usd,
    service_dimension,
    usage_type_suffix,
)

if TYPE_CHECKING:
    import boto3
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_savingsplans import SavingsPlansClient
    from mypy_boto3_savingsplans.type_defs import DescribeSavingsPlansOfferingRatesRequestTypeDef

SPOT_WINDOW = timedelta(hours=1)
SPOT_PRODUCT = "Linux/UNIX"
SPOT_SOURCE = "EC2 DescribeSpotPriceHistory"
SPOT_PERMISSION = "ec2:DescribeSpotPriceHistory"
SPOT_PAGE_SIZE = 1000

SAVINGS_PLANS_ENDPOINT_REGION = "us-east-1"
SAVINGS_PLANS_SOURCE = "Savings Plans DescribeSavingsPlansOfferingRates"
SAVINGS_PLANS_PERMISSION = "savingsplans:DescribeSavingsPlansOfferingRates"
SAVINGS_PLANS_PAGE_SIZE = 1000
SECONDS_1Y = 31_536_000  # 365 days, the API's one-year term
SECONDS_3Y = 94_608_000  # 3 × 365 days
PURCHASE_BY_DURATION = {SECONDS_1Y: "savings-plan-1y", SECONDS_3Y: "savings-plan-3y"}
SP_PRODUCT_OS = {"Linux/UNIX": "linux", "Windows": "windows"}


@dataclass(slots=True)
class PurchaseRows:
    """Snapshot rows from the Spot or Savings Plans APIs, with how many entries did not parse."""

    ec2: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def savings_plans_client(session: boto3.Session) -> SavingsPlansClient:
    return session.client("savingsplans", region_name=SAVINGS_PLANS_ENDPOINT_REGION, config=RETRY_CONFIG)


def ec2_client(session: boto3.Session, region: str) -> EC2Client:
    return session.client("ec2", region_name=region, config=RETRY_CONFIG)


def _is_linux_unix(description: str) -> bool:
    """'Linux/UNIX' or 'Linux/UNIX (Amazon VPC)'; not SUSE, RHEL or Windows."""
    return description in (SPOT_PRODUCT, f"{SPOT_PRODUCT} (Amazon VPC)")


def spot_rows(records: list[Mapping[str, Any]], region: str) -> PurchaseRows:
    """Mean over AZs of each type's latest Linux/UNIX Spot price, as EC2 `spot` rows."""
    latest: dict[tuple[str, str], tuple[datetime, float]] = {}
    out = PurchaseRows()
    for record in records:
        try:
            if not _is_linux_unix(str(record["ProductDescription"])):
                continue
            key = (str(record["InstanceType"]), str(record["AvailabilityZone"]))
            stamp = record["Timestamp"]
            price = parse_usd(record["SpotPrice"])
        except (KeyError, Unparsable):
            out.skipped += 1
            continue
        if key not in latest or stamp > latest[key][0]:
            latest[key] = (stamp, price)
    by_type: dict[str, dict[str, tuple[datetime, float]]] = {}
    for (instance_type, zone), sample in latest.items():
        by_type.setdefault(instance_type, {})[zone] = sample
    for instance_type, zones in sorted(by_type.items()):
        newest = max(stamp for stamp, _ in zones.values())
        out.ec2.append(
            {
                "instance_type": instance_type,
                "region": region,
                "os": "linux",
                "purchase": "spot",
                "usd_per_hour": statistics.fmean(price for _, price in zones.values()),
                "usage_type": f"SpotUsage:{instance_type}",
                "confidence": "medium",
                "source": (
                    f"{SPOT_SOURCE} {SPOT_PRODUCT}: mean of the latest price in "
                    f"{len(zones)} AZ(s) ({', '.join(sorted(zones))})"
                ),
                "as_of": newest.date().isoformat(),
            }
        )
    return out


def fetch_spot_rows(client: EC2Client, region: str, *, now: datetime) -> PurchaseRows:
    """Spot rows for every type with a Linux/UNIX price in the window ending `now`."""
    records: list[Mapping[str, Any]] = []
    paginator = client.get_paginator("describe_spot_price_history")
    with translated(SPOT_SOURCE, SPOT_PERMISSION):
        for page in paginator.paginate(
            StartTime=now - SPOT_WINDOW,
            EndTime=now,
            ProductDescriptions=[SPOT_PRODUCT],
            PaginationConfig={"PageSize": SPOT_PAGE_SIZE},
        ):
            records.extend(page.get("SpotPriceHistory", []))
    return spot_rows(records, region)


def _properties(rate: Mapping[str, Any]) -> dict[str, str]:
    return {str(p.get("name")): str(p.get("value")) for p in rate.get("properties") or []}


def savings_plan_row(
    rate: Mapping[str, Any], region: str, *, as_of: str
) -> tuple[str, dict[str, Any]] | None:
    """('ec2' | 'service', row) for one offering rate we keep; None for one we do not.

    Raises Unparsable for an entry that cannot be read.
    """
    try:
        offering = rate["savingsPlanOffering"]
        purchase = PURCHASE_BY_DURATION.get(int(offering["durationSeconds"]))
        plan = f"{offering.get('planType')} {offering.get('paymentOption')}"
        usage_type = str(rate["usageType"])
        usd = parse_usd(rate["rate"])
    except (KeyError, TypeError, ValueError) as err:
        raise Unparsable(f"malformed offering rate: {err!r}") from None
    if purchase is None or plan != "Compute No Upfront" or rate.get("unit") != "Hrs":
        return None
    properties = _properties(rate)
    if properties.get("region", region) != region:
        return None
    term = "1y" if purchase.endswith("1y") else "3y"
    source = f"{SAVINGS_PLANS_SOURCE}, Compute {term} No Upfront, offering {offering.get('offeringId', '?')}"
    if rate.get("productType") == "EC2":
        os = SP_PRODUCT_OS.get(properties.get("productDescription", ""))
        instance_type = properties.get("instanceType", "")
        if (
            os is None
            or properties.get("tenancy", "shared") != "shared"
            or usage_type_suffix(usage_type) != f"BoxUsage:{instance_type}"
            or rate.get("operation") != EC2_OPERATION[os]
        ):
            return None
        return "ec2", {
            "instance_type": instance_type,
            "region": region,
            "os": os,
            "purchase": purchase,
            "usd_per_hour": usd,
            "usage_type": usage_type,
            "confidence": "high",
            "source": source,
            "as_of": as_of,
        }
    if rate.get("productType") == "Fargate":
        dimension = service_dimension(str(rate.get("serviceCode")), usage_type)
        if dimension is None or ":" in dimension.key:  # Spot usage is never under a plan
            return None
        return "service", {
            "region": region,
            "service_code": str(rate.get("serviceCode")),
            "key": f"{purchase}:{dimension.key}",
            "usage_type": usage_type,
            "usd": usd,
            "unit": dimension.unit,
            "confidence": "high",
            "source": source,
            "as_of": as_of,
        }
    return None


def savings_plan_requests(region: str) -> list[DescribeSavingsPlansOfferingRatesRequestTypeDef]:
    """One query for EC2 (shared tenancy, Linux/UNIX and Windows) and one for ECS Fargate."""
    common: DescribeSavingsPlansOfferingRatesRequestTypeDef = {
        "savingsPlanTypes": ["Compute"],
        "savingsPlanPaymentOptions": ["No Upfront"],
        "maxResults": SAVINGS_PLANS_PAGE_SIZE,
    }
    return [
        {
            **common,
            "products": ["EC2"],
            "serviceCodes": ["AmazonEC2"],
            "filters": [
                {"name": "region", "values": [region]},
                {"name": "tenancy", "values": ["shared"]},
                {"name": "productDescription", "values": sorted(SP_PRODUCT_OS)},
            ],
        },
        {
            **common,
            "products": ["Fargate"],
            "serviceCodes": ["AmazonECS"],
            "filters": [{"name": "region", "values": [region]}],
        },
    ]


def fetch_savings_plan_rows(client: SavingsPlansClient, region: str, *, as_of: str) -> PurchaseRows:
    """Compute Savings Plans (No Upfront, 1y and 3y) rows for EC2 and Fargate in `region`."""
    out = PurchaseRows()
    with translated(SAVINGS_PLANS_SOURCE, SAVINGS_PLANS_PERMISSION):
        for request in savings_plan_requests(region):
            token: str | None = None
            while True:
                page = client.describe_savings_plans_offering_rates(
                    **request, **({"nextToken": token} if token else {})
                )
                for rate in page.get("searchResults", []):
                    try:
                        kept = savings_plan_row(rate, region, as_of=as_of)
                    except Unparsable:
                        out.skipped += 1
                        continue
                    if kept is not None:
                        (out.ec2 if kept[0] == "ec2" else out.services).append(kept[1])
                token = page.get("nextToken")
                if not token:
                    break
    return out
