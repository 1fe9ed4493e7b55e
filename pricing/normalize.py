"""Read one raw AWS Price List product + terms: keep it or say why not, and read its price.

`price_rows.Normalized` gathers what this module accepts into snapshot rows (the columns of
`pricing.schema`); this module judges one item at a time and holds no rows. Shared by the
Price List Query API loader (`price_list_api`, one GetProducts `PriceList` item after
`json.loads`) and the bulk offer-file loader (`offer_files`, a product and its OnDemand terms
from the JSON file, or one row of the CSV file), so both apply the same filters and produce
exactly the rows the embedded snapshot holds.

EC2 on-demand: a price is kept only for productFamily "Compute Instance" (or its bare-metal
variant), locationType "AWS Region" (Local Zones, Wavelength Zones and Outposts are other
location types), tenancy Shared, capacitystatus Used (not an unused or allocated capacity
reservation), preInstalledSw NA, operatingSystem Linux or Windows with licenseModel
"No License required" (for Windows that is the licence-included price; BYOL is "Bring your own
license"), the matching operation (RunInstances, RunInstances:0002), a BoxUsage usage type,
an OnDemand term (never Reserved, never an upfront fee) and unit Hrs.

Fargate (AmazonECS) and EKS (AmazonEKS): filtered by regionCode first; the ECS Managed Instances
and EKS Auto Mode management fees are recognised by `management_fees`; the rest is classified by
the usage type's *suffix*, because region prefixes are irregular (none or USE1- in us-east-1,
USE2-, EU- for eu-west-1, EUW2-, APS3- …). The suffixes and keys are those of
data/service_rates.csv; Fargate Spot usage types map to 'spot:<key>' (see PriceCatalog).

Prices are parsed from the Price List's own strings here, at the edge. An item that does not
parse is skipped and counted in `price_rows.Normalized.skipped` (never a crash); callers warn
about it.

Warnings: every degradation that does not stop a load (items skipped, a Spot or Savings Plans
call that failed, a corrupt cache) is reported with `warnings.warn(..., PricingWarning)` and in
the catalog's `source.detail`. The pricing package uses `warnings`, not logging, for these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pricing import management_fees

EC2_PRODUCT_FAMILIES = frozenset({"Compute Instance", "Compute Instance (bare metal)"})
EC2_OS = {"Linux": "linux", "Windows": "windows"}
EC2_OPERATION = {"linux": "RunInstances", "windows": "RunInstances:0002"}
LICENSE_INCLUDED_OR_NONE = "No License required"

# Why an item was rejected (stable codes; several can apply to one item).
REGION = "region"  # regionCode is another region (or a Local Zone's own code)
LOCATION = "location"  # Local Zone, Wavelength Zone or Outposts, not "AWS Region"
FAMILY = "family"  # not a compute instance (EBS, data transfer, …)
TENANCY = "tenancy"  # Dedicated or Host
CAPACITY = "capacity"  # UnusedCapacityReservation / AllocatedCapacityReservation
OS = "os"  # RHEL, SUSE, Ubuntu Pro, …
LICENSE = "license"  # Bring your own license
SOFTWARE = "software"  # SQL Server and other pre-installed software
USAGE_TYPE = "usage-type"  # not BoxUsage (HostBoxUsage, DedicatedUsage, UnusedBox, …)
OPERATION = "operation"  # operation code does not match the OS
MARKET = "market"  # not the OnDemand market (e.g. Capacity Blocks)
TERM = "term"  # Reserved term (hourly rate or upfront fee)
SERVICE = "service"  # a service this advisor does not price
DIMENSION = "dimension"  # an ECS/EKS usage type no cost model reads


@dataclass(frozen=True, slots=True)
class ServiceDimension:
    """One priced dimension of a container service, as data/service_rates.csv keys it."""

    key: str
    unit: str


# Usage-type suffix → service_rates key and unit (data/service_rates.csv, `usage_type` column).
FARGATE_DIMENSIONS: Mapping[str, ServiceDimension] = {
    "Fargate-vCPU-Hours:perCPU": ServiceDimension("fargate_linux_x86_vcpu", "vCPU-hour"),
    "Fargate-GB-Hours": ServiceDimension("fargate_linux_x86_memory", "GB-hour"),
    "Fargate-ARM-vCPU-Hours:perCPU": ServiceDimension("fargate_linux_arm_vcpu", "vCPU-hour"),
    "Fargate-ARM-GB-Hours": ServiceDimension("fargate_linux_arm_memory", "GB-hour"),
    "Fargate-Windows-vCPU-Hours:perCPU": ServiceDimension("fargate_windows_vcpu", "vCPU-hour"),
    "Fargate-Windows-OS-Hours:perCPU": ServiceDimension("fargate_windows_os_license", "vCPU-hour"),
    "Fargate-Windows-GB-Hours": ServiceDimension("fargate_windows_memory", "GB-hour"),
    "Fargate-EphemeralStorage-GB-Hours": ServiceDimension("fargate_ephemeral_storage_over_20gb", "GB-hour"),
    # Fargate Spot (Linux only): purchase-specific keys, see the PriceCatalog docstring.
    "SpotUsage-Fargate-vCPU-Hours:perCPU": ServiceDimension("spot:fargate_linux_x86_vcpu", "vCPU-hour"),
    "SpotUsage-Fargate-GB-Hours": ServiceDimension("spot:fargate_linux_x86_memory", "GB-hour"),
    "SpotUsage-Fargate-ARM-vCPU-Hours:perCPU": ServiceDimension("spot:fargate_linux_arm_vcpu", "vCPU-hour"),
    "SpotUsage-Fargate-ARM-GB-Hours": ServiceDimension("spot:fargate_linux_arm_memory", "GB-hour"),
}
EKS_DIMENSIONS: Mapping[str, ServiceDimension] = {
    "AmazonEKS-Hours:perCluster": ServiceDimension("eks_cluster_standard_support", "cluster-hour"),
    "AmazonEKS-Hours:extendedSupport": ServiceDimension(
        "eks_cluster_extended_support_surcharge", "cluster-hour"
    ),
}
SERVICE_DIMENSIONS: Mapping[str, Mapping[str, ServiceDimension]] = {
    "AmazonECS": FARGATE_DIMENSIONS,
    "AmazonEKS": EKS_DIMENSIONS,
}

# A region prefix is upper-case letters and digits before the first '-' ("USE2-", "EU-",
# "APS3-"); suffixes start with a mixed-case word ("Fargate-", "SpotUsage-", "AmazonEKS-").
_REGION_PREFIX = re.compile(r"^[A-Z]{2,4}[0-9]{0,2}-")


class PricingWarning(UserWarning):
    """A price source answered, but with less than it was asked for."""


class Unparsable(ValueError):
    """A price item whose structure or price string cannot be read."""


def usage_type_suffix(usage_type: str) -> str:
    """'APS3-Fargate-GB-Hours' → 'Fargate-GB-Hours'; 'BoxUsage:m5.large' stays as it is."""
    return _REGION_PREFIX.sub("", usage_type, count=1)


def service_dimension(service_code: str, usage_type: str) -> ServiceDimension | None:
    """The Fargate/EKS dimension a usage type prices, or None for one no model reads."""
    return SERVICE_DIMENSIONS.get(service_code, {}).get(usage_type_suffix(usage_type))


def parse_usd(text: object) -> float:
    """A Price List price string ('0.0960000000') as a float; Unparsable otherwise."""
    if not isinstance(text, str):
        raise Unparsable(f"price is not a string: {text!r}")
    try:
        value = float(text)
    except ValueError:
        raise Unparsable(f"price {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise Unparsable(f"price {text!r} is not a finite non-negative number")
    return value


@dataclass(frozen=True, slots=True)
class Ec2Target:
    """An accepted EC2 on-demand product."""

    instance_type: str
    os: str
    usage_type: str


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """An accepted Fargate or EKS product."""

    service_code: str
    dimension: ServiceDimension
    usage_type: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A product the filters exclude, with every reason that applies."""

    reasons: tuple[str, ...]


Classified = Ec2Target | ServiceTarget | Rejected


def ec2_reject_reasons(product_family: str, attributes: Mapping[str, Any], region: str) -> list[str]:
    """Every on-demand filter an EC2 product fails (empty when it is a price we keep)."""
    get = attributes.get
    reasons = []
    if get("regionCode") != region:
        reasons.append(REGION)
    if get("locationType") != "AWS Region":
        reasons.append(LOCATION)
    if product_family not in EC2_PRODUCT_FAMILIES:
        reasons.append(FAMILY)
    if get("tenancy") != "Shared":
        reasons.append(TENANCY)
    if get("capacitystatus") != "Used":
        reasons.append(CAPACITY)
    os = EC2_OS.get(str(get("operatingSystem")))
    if os is None:
        reasons.append(OS)
    if get("licenseModel") != LICENSE_INCLUDED_OR_NONE:
        reasons.append(LICENSE)
    if get("preInstalledSw") != "NA":
        reasons.append(SOFTWARE)
    if usage_type_suffix(str(get("usagetype", ""))) != f"BoxUsage:{get('instanceType')}":
        reasons.append(USAGE_TYPE)
    if os is not None and get("operation") != EC2_OPERATION[os]:
        reasons.append(OPERATION)
    if get("marketoption", "OnDemand") != "OnDemand":
        reasons.append(MARKET)
    return reasons


def classify_product(product: Mapping[str, Any], region: str) -> Classified:
    """Decide from the product alone whether its on-demand price belongs in the catalog."""
    try:
        attributes = product["attributes"]
        family = str(product.get("productFamily", ""))
        service_code = str(attributes.get("servicecode") or product.get("serviceCode") or "")
    except (KeyError, TypeError, AttributeError) as err:
        raise Unparsable(f"product without attributes: {err!r}") from None
    if not isinstance(attributes, Mapping):
        raise Unparsable("product attributes are not a mapping")
    if service_code == "AmazonEC2":
        if not isinstance(attributes.get("instanceType"), str):
            return Rejected((FAMILY,))  # EBS, data transfer and other non-instance products
        reasons = ec2_reject_reasons(family, attributes, region)
        if reasons:
            return Rejected(tuple(reasons))
        return Ec2Target(
            instance_type=attributes["instanceType"],
            os=EC2_OS[attributes["operatingSystem"]],
            usage_type=str(attributes["usagetype"]),
        )
    if service_code in SERVICE_DIMENSIONS:
        if attributes.get("regionCode") != region:
            return Rejected((REGION,))
        usage_type = attributes.get("usagetype")
        if not isinstance(usage_type, str):
            raise Unparsable(f"{service_code} product without a usage type")
        fee = management_fees.fee_key(service_code, usage_type)
        if fee is not None:
            return ServiceTarget(service_code, ServiceDimension(fee, management_fees.UNIT), usage_type)
        dimension = service_dimension(service_code, usage_type)
        if dimension is None:
            return Rejected((DIMENSION,))
        return ServiceTarget(service_code, dimension, usage_type)
    return Rejected((SERVICE,))


def _is_hourly(unit: str) -> bool:
    return unit.lower() in ("hrs", "hours", "hour") or unit.lower().endswith("-hours")


def ondemand_usd(ondemand_terms: object, *, ec2: bool) -> float:
    """The single first-tier hourly price in a product's OnDemand terms.

    `ondemand_terms` is `terms["OnDemand"]` of a GetProducts item, or the per-SKU mapping of
    a bulk JSON file: {term code: {"priceDimensions": {rate code: {"unit", "pricePerUnit"}}}}.
    EC2 must be unit "Hrs"; Fargate and EKS use "hours"/"Hrs"/"GB-Hours" (all hourly).
    """
    if not isinstance(ondemand_terms, Mapping) or not ondemand_terms:
        raise Unparsable("no OnDemand term")
    prices: set[float] = set()
    try:
        for term in ondemand_terms.values():
            for dimension in term["priceDimensions"].values():
                unit = str(dimension.get("unit", ""))
                hourly = unit == "Hrs" if ec2 else _is_hourly(unit)
                if not hourly:
                    raise Unparsable(f"unexpected unit {unit!r}")
                if str(dimension.get("beginRange", "0")) not in ("0", ""):
                    continue  # a higher usage tier; the first tier is the list price
                prices.add(parse_usd(dimension["pricePerUnit"]["USD"]))
    except (KeyError, TypeError, AttributeError) as err:
        raise Unparsable(f"malformed OnDemand term: {err!r}") from None
    if len(prices) != 1:
        raise Unparsable(f"expected one first-tier price, found {sorted(prices)}")
    return prices.pop()


# Bulk CSV column → the JSON attribute name (the CSV header uses display names).
CSV_ATTRIBUTE_COLUMNS: Mapping[str, str] = {
    "serviceCode": "servicecode",
    "Location Type": "locationType",
    "Instance Type": "instanceType",
    "Tenancy": "tenancy",
    "Operating System": "operatingSystem",
    "License Model": "licenseModel",
    "usageType": "usagetype",
    "operation": "operation",
    "CapacityStatus": "capacitystatus",
    "Pre Installed S/W": "preInstalledSw",
    "Region Code": "regionCode",
    "MarketOption": "marketoption",
}


def csv_row_product(row: Mapping[str, str]) -> dict[str, Any]:
    """The product (sku, family, JSON-named attributes) of one bulk CSV row."""
    attributes = {name: row[column] for column, name in CSV_ATTRIBUTE_COLUMNS.items() if row.get(column)}
    family = row.get("Product Family", "")
    return {"sku": row.get("SKU", ""), "productFamily": family, "attributes": attributes}


def csv_row_terms(row: Mapping[str, str]) -> dict[str, Any]:
    """The OnDemand terms of one bulk CSV row, shaped like the JSON file's (one dimension)."""
    dimension = {
        "unit": row.get("Unit", ""),
        "beginRange": row.get("StartingRange", "0"),
        "pricePerUnit": {row.get("Currency", "USD"): row.get("PricePerUnit")},
    }
    return {row.get("OfferTermCode", ""): {"priceDimensions": {row.get("RateCode", ""): dimension}}}
