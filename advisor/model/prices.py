"""The price catalog as the cost models see it: typed, in memory, free of I/O.

Whatever filled it (the embedded snapshot, a live Price List refresh, a bulk offer file),
a `PriceCatalog` looks the same, so the engines cannot tell the sources apart. Every rate
carries its provenance (usage type, region, source, as-of date, confidence) because a
FinOps figure without a source is not auditable.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

HOURS_PER_MONTH = 730.0
"""Hours in a billing month as the AWS Pricing Calculator counts them (24 × 365 / 12).

Source: https://docs.aws.amazon.com/pricing-calculator/latest/userguide/pricing-assumptions.html
(read 2026-11-23): "The AWS Pricing Calculator uses 730 hours per month".
"""


class Confidence(StrEnum):
    """How far a price can be trusted; assumptions are never mistaken for prices."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    ASSUMPTION = "assumption"


class SourceKind(StrEnum):
    """Where a catalog's prices came from."""

    SNAPSHOT = "snapshot"
    LIVE = "live"
    CACHE = "cache"
    OFFER_FILE = "offer-file"


class PricingError(Exception):
    """Base class of the pricing errors the CLI and the app show to users."""


class UnknownRegion(PricingError):
    """A region the catalog has no data for, with close matches."""

    def __init__(self, region: str, known: list[str]) -> None:
        self.region = region
        self.suggestions = difflib.get_close_matches(region, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown region {region!r}{hint}")


class UnknownInstanceType(PricingError):
    """An instance type the catalog does not list, with close matches."""

    def __init__(self, instance_type: str, known: list[str]) -> None:
        self.instance_type = instance_type
        self.suggestions = difflib.get_close_matches(instance_type, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown instance type {instance_type!r}{hint}")


class PriceNotFound(PricingError):
    """A price the catalog does not hold: never guessed, the user is told to refresh."""

    def __init__(self, key: str, region: str, source: str = "snapshot") -> None:
        self.key = key
        self.region = region
        super().__init__(f"no price for {key} in {region}: not in {source}; refresh live prices")


class NoPurchaseRate(PricingError):
    """A purchase option with neither a real rate nor a discount assumption to apply."""

    def __init__(self, purchase: str, assumption: str) -> None:
        self.purchase = purchase
        self.assumption = assumption
        super().__init__(
            f"{purchase}: no real rate offline; refresh live prices or set the {assumption} assumption"
        )


class PricingUnavailable(PricingError):
    """A live source could not answer (no credentials, no network, access denied, …)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source} unavailable: {reason}")


@dataclass(frozen=True, slots=True)
class PriceSource:
    """Which source answered, for which date, and why (e.g. a fallback reason)."""

    kind: SourceKind
    as_of: str
    label: str
    detail: str = ""

    def caption(self) -> str:
        """One line for every figure shown: 'Prices: embedded snapshot, as of 2026-09-09'."""
        extra = f" ({self.detail})" if self.detail else ""
        return f"Prices: {self.label}, as of {self.as_of}{extra}"


INTERRUPTION_BANDS: dict[str, float] = {
    "<5%": 5.0,
    "5-10%": 10.0,
    "10-15%": 15.0,
    "15-20%": 20.0,
    ">20%": 100.0,
}
"""AWS's Spot interruption-frequency bands and the highest frequency (%) each stands for.

Source: the EC2 Spot Instance Advisor (https://aws.amazon.com/ec2/spot/instance-advisor/),
"frequency of interruption" over the prior month; the same labels are the `ranges` of its
data feed (spot-advisor-data.json, read 2025-06-28).
"""


ECS_MANAGED_INSTANCES_FEE = "ecs_managed_instances_fee"
EKS_AUTO_MODE_FEE = "eks_auto_mode_fee"
"""Rate keys of the management fees, one rate per instance type: '<fee>:<instance type>'
(e.g. 'eks_auto_mode_fee:m7i.large'), filled by a live refresh (pricing.management_fees)."""


def management_fee_key(fee: str, instance_type: str) -> str:
    return f"{fee}:{instance_type}"


@dataclass(frozen=True, slots=True)
class Rate:
    """One unit price with its provenance.

    `interruption_band` is set only on an EC2 Spot rate from the Spot Instance Advisor feed
    (one of INTERRUPTION_BANDS): how often AWS reclaimed that type over the prior month.
    """

    key: str
    region: str
    usd: float
    unit: str
    usage_type: str
    source: str
    as_of: str
    confidence: Confidence
    interruption_band: str = ""


@dataclass(frozen=True, slots=True)
class InstanceType:
    """Specs of one EC2 instance type, as the packers need them.

    `max_pods` is the EKS ENI formula value (secondary IPs); `max_pods_prefix` the value with
    VPC CNI prefix delegation. `trunking` says whether the type supports ENI trunking
    (None where no source says). `baseline_cpu_fraction` is the sustained share of all vCPUs a
    burstable type may use without surplus credits (None when not burstable or unknown).
    `gpu_manufacturer` ('nvidia', 'amd'; '' without GPUs) and `accelerator` (a non-GPU
    accelerator such as 'inferentia2', `accelerator_count` of them; '' without) decide which
    services may use the type;
    `current_generation` is EC2's flag. `eks_allocatable_*` is what an EKS node offers pods
    as measured for the type (Karpenter, AL2023), None where no source lists it.
    """

    name: str
    family: str
    generation: int
    vcpu: int
    memory_gib: float
    arch: str
    burstable: bool
    baseline_cpu_fraction: float | None
    gpu_count: int
    max_enis: int
    ipv4_per_eni: int
    trunking: bool | None
    branch_enis: int | None
    max_pods: int
    max_pods_prefix: int
    bare_metal: bool
    nitro: bool
    gpu_manufacturer: str = ""
    accelerator: str = ""
    accelerator_count: int = 0
    current_generation: bool = True
    eks_allocatable_vcpu: float | None = None
    eks_allocatable_memory_mib: float | None = None


@dataclass(frozen=True, slots=True)
class InstancePrice:
    """The hourly price of one instance type for one OS and purchase option."""

    instance_type: str
    os: str
    usd_per_hour: float
    rate: Rate


@dataclass(frozen=True, slots=True)
class PriceCatalog:
    """Every price and spec the cost models read, for one region.

    `rates` holds per-unit service rates keyed by dimension (e.g. 'fargate_linux_x86_vcpu',
    'eks_cluster_standard_support'); a live refresh may add purchase-specific ones keyed
    '<purchase>:<dimension>' (e.g. 'spot:fargate_linux_x86_vcpu',
    'savings-plan-1y:fargate_linux_x86_vcpu'). `ec2_ondemand` holds the hourly on-demand price
    keyed by (instance type, os); `ec2_spot` (by type, Linux) and `savings_plan_rates`
    (keyed '<purchase>:<type>:<os>') are filled only by a live refresh, since no offline
    source has them.
    """

    region: str
    source: PriceSource
    instance_types: Mapping[str, InstanceType]
    rates: Mapping[str, Rate]
    ec2_ondemand: Mapping[tuple[str, str], Rate]
    ec2_spot: Mapping[str, Rate] = field(default_factory=lambda: MappingProxyType({}))
    savings_plan_rates: Mapping[str, Rate] = field(default_factory=lambda: MappingProxyType({}))
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False, hash=False)
    """Derived, immutable tables the cost models compute from this catalog (e.g. the usable
    capacity of every instance type for one pool), kept with the catalog they derive from so
    repeated estimates (break-evens, batches) do not rebuild them. Never holds prices."""

    def rate(self, key: str) -> Rate:
        """The rate for a dimension, or PriceNotFound naming it and the region."""
        try:
            return self.rates[key]
        except KeyError:
            raise PriceNotFound(key, self.region, self.source.label) from None

    def has_rate(self, key: str) -> bool:
        return key in self.rates

    def instance(self, name: str) -> InstanceType:
        """Specs of an instance type, or UnknownInstanceType with close matches."""
        try:
            return self.instance_types[name]
        except KeyError:
            raise UnknownInstanceType(name, list(self.instance_types)) from None

    def ondemand(self, instance_type: str, os: str = "linux") -> Rate:
        """On-demand hourly rate of a type, or PriceNotFound when the source lacks it."""
        self.instance(instance_type)
        try:
            return self.ec2_ondemand[(instance_type, os)]
        except KeyError:
            raise PriceNotFound(
                f"EC2 {instance_type} {os} on-demand", self.region, self.source.label
            ) from None

    def priced_instance_types(self, os: str = "linux") -> list[InstanceType]:
        """Instance types that have an on-demand price for `os` in this region, by name."""
        return [spec for name, spec in sorted(self.instance_types.items()) if (name, os) in self.ec2_ondemand]
