"""Turn raw AWS Price List product + terms into snapshot rows (the columns of `pricing.schema`).

Shared by the Price List Query API loader (`price_list_api`, one GetProducts `PriceList` item
after `json.loads`) and the bulk offer-file loader (`offer_files`, a product and its OnDemand
terms from the JSON file, or one row of the CSV file), so both apply the same filters and
produce exactly the rows the embedded snapshot holds.

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
parse is skipped and counted in `Normalized.skipped` (never a crash); callers warn about it.

Warnings: every degradation that does not stop a load (items skipped, a Spot or Savings Plans
call that failed, a corrupt cache) is reported with `warnings.warn(..., PricingWarning)` and in
the catalog's `source.detail`. The pricing package uses `warnings`, not logging, for these.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pricing import management_fees, schema

EC2_PRODUCT_FAMILIES = frozenset({"Compute Instance", "Compute Instance (bare metal)"})
EC2_OS = {"Linux": "linux", "Windows": "windows"}
EC2_OPERATION = {"linux": "RunInstances", "windows": "RunInstances:0002"}
LICENSE_INCLUDED_OR_NONE = "No License required"
PURCHASE_ON_DEMAND = "on-demand"
CONFIDENCE_PRICE_LIST = "high"

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


@dataclass(slots=True)
class Normalized:
    """Snapshot rows accumulated from many price items, with what was skipped and why.

    `skipped` counts items that did not parse; `rejected` counts filtered-out items by their
    first reason; `conflicts` counts keys for which two accepted items disagree on the price
    (both are dropped: a price is never guessed).
    """

    region: str
    ec2: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    conflicted: set[tuple[str, ...]] = field(default_factory=set)

    @property
    def conflicts(self) -> int:
        return len(self.conflicted)

    def add(self, product: object, ondemand_terms: object, *, origin: str, as_of: str) -> None:
        """Filter one product, read its on-demand price and keep the row; never raises."""
        try:
            if not isinstance(product, Mapping):
                raise Unparsable("product is not a mapping")
            target = classify_product(product, self.region)
            if isinstance(target, Rejected):
                self.rejected[target.reasons[0]] += 1
                return
            usd = ondemand_usd(ondemand_terms, ec2=isinstance(target, Ec2Target))
        except Unparsable:
            self.skipped += 1
            return
        self.add_price(target, usd, sku=str(product.get("sku", "")), origin=origin, as_of=as_of)

    def add_item(self, item: object, *, origin: str, as_of: str) -> None:
        """One GetProducts PriceList entry (after json.loads); its own version/date win."""
        if not isinstance(item, Mapping):
            self.skipped += 1
            return
        terms = item.get("terms")
        version = item.get("version")
        published = str(item.get("publicationDate") or "")
        self.add(
            item.get("product"),
            terms.get("OnDemand") if isinstance(terms, Mapping) else None,
            origin=f"{origin} version {version}" if version else origin,
            as_of=published[:10] or as_of,
        )

    def add_csv_row(self, row: Mapping[str, str], *, origin: str, as_of: str) -> None:
        """One bulk CSV row: Reserved rows (hourly or upfront fee) are rejected first."""
        if row.get("TermType") != "OnDemand":
            self.rejected[TERM] += 1
            return
        self.add(csv_row_product(row), csv_row_terms(row), origin=origin, as_of=as_of)

    def add_price(
        self, target: Ec2Target | ServiceTarget, usd: float, *, sku: str, origin: str, as_of: str
    ) -> None:
        source = f"{origin}, SKU {sku}" if sku else origin
        if isinstance(target, Ec2Target):
            self._keep(
                self.ec2,
                (target.instance_type, target.os),
                {
                    "instance_type": target.instance_type,
                    "region": self.region,
                    "os": target.os,
                    "purchase": PURCHASE_ON_DEMAND,
                    "usd_per_hour": usd,
                    "usage_type": target.usage_type,
                    "confidence": CONFIDENCE_PRICE_LIST,
                    "source": source,
                    "as_of": as_of,
                },
                price_column="usd_per_hour",
            )
        else:
            self._keep(
                self.services,
                target.dimension.key,
                {
                    "region": self.region,
                    "service_code": target.service_code,
                    "key": target.dimension.key,
                    "usage_type": target.usage_type,
                    "usd": usd,
                    "unit": target.dimension.unit,
                    "confidence": CONFIDENCE_PRICE_LIST,
                    "source": source,
                    "as_of": as_of,
                },
                price_column="usd",
            )

    def _keep(
        self, rows: dict[Any, dict[str, Any]], key: Any, row: dict[str, Any], price_column: str
    ) -> None:
        conflict_key = (key,) if isinstance(key, str) else tuple(key)
        if conflict_key in self.conflicted:
            return
        existing = rows.get(key)
        if existing is None:
            rows[key] = row
        elif existing[price_column] != row[price_column]:
            del rows[key]
            self.conflicted.add(conflict_key)

    def ec2_frame(self) -> pd.DataFrame:
        return ec2_price_frame(list(self.ec2.values()))

    def service_frame(self) -> pd.DataFrame:
        return service_rate_frame(list(self.services.values()))

    def problems(self) -> list[str]:
        """Human-readable notes on what was skipped (empty when nothing was)."""
        notes = []
        if self.skipped:
            notes.append(f"{self.skipped} price item(s) did not parse and were skipped")
        if self.conflicts:
            notes.append(f"{self.conflicts} price(s) dropped: two price items disagreed")
        return notes


def drop_conflicts(frame: pd.DataFrame, keys: list[str], price_column: str) -> tuple[pd.DataFrame, int]:
    """One row per key: exact duplicates collapse; keys whose prices disagree are dropped.

    Returns the frame and how many keys were dropped (a price is never guessed).
    """
    if frame.empty:
        return frame, 0
    prices_per_key = frame.groupby(keys, sort=False)[price_column].transform("nunique")
    conflicting = prices_per_key > 1
    dropped = int(frame.loc[conflicting, keys].drop_duplicates().shape[0])
    kept = frame.loc[~conflicting].drop_duplicates(subset=keys, keep="first")
    return kept.reset_index(drop=True), dropped


def ec2_price_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """EC2 price rows as a frame with the snapshot's columns and dtypes."""
    frame = pd.DataFrame(rows, columns=list(schema.EC2_PRICE_COLUMNS))
    return frame.astype(schema.EC2_PRICE_COLUMNS)


def service_rate_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Service rate rows as a frame with the snapshot's columns and dtypes."""
    frame = pd.DataFrame(rows, columns=list(schema.SERVICE_RATE_COLUMNS))
    return frame.astype(schema.SERVICE_RATE_COLUMNS)
