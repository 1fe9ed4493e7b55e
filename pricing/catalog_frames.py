"""Turn snapshot-format tables (from any source) into a typed `PriceCatalog` for one region.

The snapshot reader, the live-refresh cache and the offer-file loader all end here, which is
what makes the sources indistinguishable to the cost models.
"""

from __future__ import annotations

from types import MappingProxyType, SimpleNamespace
from typing import Any

import pandas as pd

from advisor.model.prices import (
    Confidence,
    InstanceType,
    PriceCatalog,
    PriceSource,
    Rate,
    UnknownRegion,
)


def _rows(frame: pd.DataFrame) -> list[Any]:
    """Rows as attribute namespaces (typed Any: the schema check already fixed the dtypes)."""
    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict(orient="records")]


def _trunking(value: object) -> bool | None:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _optional(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if pd.isna(number) else number


def instance_types_from_frame(frame: pd.DataFrame) -> dict[str, InstanceType]:
    """Typed instance specs keyed by type name."""
    specs: dict[str, InstanceType] = {}
    for row in _rows(frame):
        baseline = float(row.baseline_cpu_fraction)
        branch = row.branch_enis
        specs[str(row.instance_type)] = InstanceType(
            name=str(row.instance_type),
            family=str(row.family),
            generation=int(row.generation),
            vcpu=int(row.vcpu),
            memory_gib=float(row.memory_gib),
            arch=str(row.arch),
            burstable=bool(row.burstable),
            baseline_cpu_fraction=None if pd.isna(baseline) else baseline,
            gpu_count=int(row.gpu_count),
            max_enis=int(row.max_enis),
            ipv4_per_eni=int(row.ipv4_per_eni),
            trunking=_trunking(row.trunking),
            branch_enis=None if pd.isna(branch) else int(branch),
            max_pods=int(row.max_pods),
            max_pods_prefix=int(row.max_pods_prefix),
            bare_metal=bool(row.bare_metal),
            nitro=bool(row.nitro),
            gpu_manufacturer=_text(row.gpu_manufacturer),
            accelerator=_text(row.accelerator),
            accelerator_count=int(row.accelerator_count),
            current_generation=bool(row.current_generation),
            eks_allocatable_vcpu=_optional(row.eks_allocatable_vcpu),
            eks_allocatable_memory_mib=_optional(row.eks_allocatable_memory_mib),
        )
    return specs


def regions_of(ec2_prices: pd.DataFrame, service_rates: pd.DataFrame) -> list[str]:
    return sorted(set(ec2_prices["region"]) | set(service_rates["region"]))


def catalog_from_frames(
    region: str,
    source: PriceSource,
    instance_types: dict[str, InstanceType],
    ec2_prices: pd.DataFrame,
    service_rates: pd.DataFrame,
) -> PriceCatalog:
    """Select one region's rows and build the catalog; UnknownRegion if it has none."""
    known = regions_of(ec2_prices, service_rates)
    if region not in known:
        raise UnknownRegion(region, known)
    ec2 = ec2_prices[ec2_prices["region"] == region]
    services = service_rates[service_rates["region"] == region]
    ondemand: dict[tuple[str, str], Rate] = {}
    spot: dict[str, Rate] = {}
    savings: dict[str, Rate] = {}
    for row in _rows(ec2):
        rate = Rate(
            key=f"ec2:{row.instance_type}:{row.os}:{row.purchase}",
            region=region,
            usd=float(row.usd_per_hour),
            unit="instance-hour",
            usage_type=str(row.usage_type),
            source=str(row.source),
            as_of=str(row.as_of),
            confidence=Confidence(str(row.confidence)),
            interruption_band=row.interruption_band if isinstance(row.interruption_band, str) else "",
        )
        if row.purchase == "on-demand":
            ondemand[(str(row.instance_type), str(row.os))] = rate
        elif row.purchase == "spot":
            spot[str(row.instance_type)] = rate
        else:
            savings[f"{row.purchase}:{row.instance_type}:{row.os}"] = rate
    rates: dict[str, Rate] = {}
    for row in _rows(services):
        rate = Rate(
            key=str(row.key),
            region=region,
            usd=float(row.usd),
            unit=str(row.unit),
            usage_type=str(row.usage_type),
            source=str(row.source),
            as_of=str(row.as_of),
            confidence=Confidence(str(row.confidence)),
        )
        rates[str(row.key)] = rate
    return PriceCatalog(
        region=region,
        source=source,
        instance_types=MappingProxyType(instance_types),
        rates=MappingProxyType(rates),
        ec2_ondemand=MappingProxyType(ondemand),
        ec2_spot=MappingProxyType(spot),
        savings_plan_rates=MappingProxyType(savings),
    )
