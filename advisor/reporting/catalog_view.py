"""The price catalog as rows for people: what `advisor prices` and the app's price table show."""

from __future__ import annotations

from typing import Any

from advisor.costing.managed import MANAGED, management_fee
from advisor.model.assumptions import default_assumptions
from advisor.model.prices import Confidence, PriceCatalog
from advisor.model.workload import Assumptions

EC2_COLUMNS = (
    "instance_type",
    "vcpu",
    "memory_gib",
    "arch",
    "max_enis",
    "max_pods",
    "max_pods_prefix",
    "gpu_count",
    "burstable",
    "ondemand_usd_per_hour",
    "source",
    "as_of",
    "confidence",
)
RATE_COLUMNS = ("key", "usage_type", "usd", "unit", "region", "source", "as_of", "confidence")
FEE_COLUMNS = (
    "platform",
    "instance_type",
    "ondemand_usd_per_hour",
    "fee_usd_per_hour",
    "fee_pct_of_ondemand",
    "basis",
    "usage_type",
    "source",
    "as_of",
    "confidence",
)

PLATFORM_RATE_PREFIXES = {"fargate": ("fargate_",), "eks": ("eks_",)}


def ec2_rows(catalog: PriceCatalog, os: str = "linux") -> list[dict[str, Any]]:
    """One row per instance type that has an on-demand price for `os` in the region."""
    rows = []
    for spec in catalog.priced_instance_types(os):
        rate = catalog.ec2_ondemand[(spec.name, os)]
        rows.append(
            {
                "instance_type": spec.name,
                "vcpu": spec.vcpu,
                "memory_gib": spec.memory_gib,
                "arch": spec.arch,
                "max_enis": spec.max_enis,
                "max_pods": spec.max_pods,
                "max_pods_prefix": spec.max_pods_prefix,
                "gpu_count": spec.gpu_count,
                "burstable": spec.burstable,
                "ondemand_usd_per_hour": rate.usd,
                "source": rate.source,
                "as_of": rate.as_of,
                "confidence": rate.confidence.value,
            }
        )
    return rows


def rate_rows(catalog: PriceCatalog, platform: str) -> list[dict[str, Any]]:
    """Service rates of one platform ('fargate' or 'eks'), purchase-specific ones included."""
    prefixes = PLATFORM_RATE_PREFIXES[platform]
    rows = []
    for key, rate in sorted(catalog.rates.items()):
        dimension = key.split(":", 1)[-1]
        if dimension.startswith(prefixes):
            rows.append(
                {
                    "key": key,
                    "usage_type": rate.usage_type,
                    "usd": rate.usd,
                    "unit": rate.unit,
                    "region": rate.region,
                    "source": rate.source,
                    "as_of": rate.as_of,
                    "confidence": rate.confidence.value,
                }
            )
    return rows


def fee_rows(catalog: PriceCatalog, assumptions: Assumptions | None = None) -> list[dict[str, Any]]:
    """The management fee per instance-hour of every Linux type with an on-demand price, on each
    managed platform, exactly as the engine bills it (`advisor.costing.managed.management_fee`):
    the Price List's own fee for the type (basis 'price') or `management_fee_fraction` of the
    on-demand price less the documented G/P/Trainium reductions (basis 'assumption')."""
    assumed = assumptions if assumptions is not None else default_assumptions()
    rows = []
    for platform in MANAGED:
        for spec in catalog.priced_instance_types("linux"):
            ondemand = catalog.ec2_ondemand[(spec.name, "linux")].usd
            fee = management_fee(catalog, platform, spec.name, "linux", assumed)
            price = fee.confidence is not Confidence.ASSUMPTION
            rows.append(
                {
                    "platform": platform.value,
                    "instance_type": spec.name,
                    "ondemand_usd_per_hour": ondemand,
                    "fee_usd_per_hour": fee.usd,
                    "fee_pct_of_ondemand": round(100 * fee.usd / ondemand, 2) if ondemand else None,
                    "basis": "price" if price else "assumption",
                    "usage_type": fee.usage_type if price else "",
                    "source": fee.source,
                    "as_of": fee.as_of,
                    "confidence": fee.confidence.value,
                }
            )
    return rows
