"""Live on-demand prices from the AWS Price List Query API (the boto3 `pricing` client).

The client is built from an injected boto3 Session, pinned to the us-east-1 Price List
endpoint (the API serves every region's prices from a few endpoints; us-east-1 is one), with
botocore's "standard" retry mode doing the retrying. `get_products` is read with its paginator
and TERM_MATCH filters; every `PriceList` entry is `json.loads`-ed and handed to
`pricing.normalize`, which keeps exactly the rows the snapshot holds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pricing.aws_errors import RETRY_CONFIG, translated
from pricing.price_rows import Normalized

if TYPE_CHECKING:
    import boto3
    from mypy_boto3_pricing import PricingClient
    from mypy_boto3_pricing.type_defs import FilterTypeDef

PRICE_LIST_ENDPOINT_REGION = "us-east-1"
SOURCE = "AWS Price List API"
PERMISSION = "pricing:GetProducts"
PAGE_SIZE = 100  # GetProducts' MaxResults ceiling
FORMAT_VERSION = "aws_v1"

EC2_OPERATING_SYSTEMS = ("Linux", "Windows")
CONTAINER_SERVICE_CODES = ("AmazonECS", "AmazonEKS")


def pricing_client(session: boto3.Session) -> PricingClient:
    """A `pricing` client on the us-east-1 Price List endpoint with the retry config."""
    return session.client("pricing", region_name=PRICE_LIST_ENDPOINT_REGION, config=RETRY_CONFIG)


def term_match(**fields: str) -> list[FilterTypeDef]:
    return [{"Type": "TERM_MATCH", "Field": name, "Value": value} for name, value in fields.items()]


def ec2_filters(region: str, operating_system: str) -> list[FilterTypeDef]:
    """Server-side filters for on-demand shared-tenancy instances of one OS in one region.

    `normalize` applies the same filters again (and more: location type, usage type,
    operation, term type), so the result does not depend on the server filtering.
    """
    return term_match(
        regionCode=region,
        operatingSystem=operating_system,
        tenancy="Shared",
        preInstalledSw="NA",
        capacitystatus="Used",
        licenseModel="No License required",
    )


def service_filters(region: str) -> list[FilterTypeDef]:
    """Fargate and EKS: filter by region code; usage-type suffixes are classified locally."""
    return term_match(regionCode=region)


def load_service(
    client: PricingClient,
    service_code: str,
    filters: list[FilterTypeDef],
    out: Normalized,
    *,
    fetched_on: str,
) -> None:
    """Page through GetProducts for one query and add every item to `out`."""
    origin = f"{SOURCE} GetProducts {service_code}"
    paginator = client.get_paginator("get_products")
    pages = paginator.paginate(
        ServiceCode=service_code,
        Filters=filters,
        FormatVersion=FORMAT_VERSION,
        PaginationConfig={"PageSize": PAGE_SIZE},
    )
    with translated(SOURCE, PERMISSION):
        for page in pages:
            for entry in page.get("PriceList", []):
                try:
                    item = json.loads(entry)
                except ValueError:
                    out.skipped += 1
                    continue
                out.add_item(item, origin=origin, as_of=fetched_on)


def fetch_price_list(client: PricingClient, region: str, *, fetched_on: str) -> Normalized:
    """EC2 on-demand (Linux, Windows), Fargate and EKS rates for one region.

    Raises PricingUnavailable (with the translated AWS error) when the API cannot answer.
    `fetched_on` (ISO date) is the as-of date for items without a publicationDate.
    """
    out = Normalized(region)
    for operating_system in EC2_OPERATING_SYSTEMS:
        load_service(client, "AmazonEC2", ec2_filters(region, operating_system), out, fetched_on=fetched_on)
    for service_code in CONTAINER_SERVICE_CODES:
        load_service(client, service_code, service_filters(region), out, fetched_on=fetched_on)
    return out
