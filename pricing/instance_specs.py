"""Instance specs from EC2 `describe_instance_types`, for types the snapshot does not list.

A live refresh keeps the snapshot's specs (they carry EKS AMI and VPC CNI data that
DescribeInstanceTypes lacks) and only adds the types it is missing, in the same columns:

- ENIs: the default network card's interface count (what the VPC CNI and ECS use), falling
  back to the instance-wide MaximumNetworkInterfaces;
- EKS max pods: the ENI formula `ENIs × (IPv4 per ENI − 1) + 2` and the prefix-delegation
  formula, as in `pricing.build_snapshot` (no eni-max-pods.txt entry exists for a new type);
- trunking and branch ENIs: unknown (DescribeInstanceTypes does not say), left empty;
- GPU manufacturer, accelerator (Inferentia, Trainium…) and CurrentGeneration as EC2 states
  them; EKS allocatable is left empty (the cost model then applies its documented formula).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from pricing import schema
from pricing.aws_errors import translated
from pricing.build_snapshot import (
    BURSTABLE_FAMILIES,
    baseline_fraction,
    eni_max_pods,
    prefix_delegation_max_pods,
)

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client

SOURCE = "EC2 DescribeInstanceTypes"
PERMISSION = "ec2:DescribeInstanceTypes"
PAGE_SIZE = 100


class IncompleteSpec(ValueError):
    """A DescribeInstanceTypes entry without the fields the packers need."""


def _architecture(architectures: Iterable[str]) -> str:
    supported = set(architectures)
    for arch in ("arm64", "x86_64"):
        if arch in supported or f"{arch}_mac" in supported:
            return arch
    raise IncompleteSpec(f"no arm64/x86_64 architecture in {sorted(supported)}")


def _generation(family: str) -> int:
    """The generation digit(s) in a family name ('m7i-flex' → 7, 'u-6tb1' → 6, none → 0)."""
    match = re.search(r"\d+", family)
    return int(match.group()) if match else 0


def _default_card_enis(network: Mapping[str, Any]) -> int:
    default_index = network.get("DefaultNetworkCardIndex", 0)
    for card in network.get("NetworkCards") or []:
        if card.get("NetworkCardIndex") == default_index and card.get("MaximumNetworkInterfaces"):
            return int(card["MaximumNetworkInterfaces"])
    return int(network["MaximumNetworkInterfaces"])


def spec_row(info: Mapping[str, Any], *, region: str, as_of: str) -> dict[str, Any]:
    """One DescribeInstanceTypes entry as an `ec2_instance_types.csv` row."""
    try:
        name = str(info["InstanceType"])
        family, _, size = name.partition(".")
        vcpu = int(info["VCpuInfo"]["DefaultVCpus"])
        network = info["NetworkInfo"]
        max_enis = _default_card_enis(network)
        ipv4 = int(network["Ipv4AddressesPerInterface"])
        memory_gib = int(info["MemoryInfo"]["SizeInMiB"]) / 1024
        arch = _architecture(info["ProcessorInfo"]["SupportedArchitectures"])
    except (KeyError, TypeError, ValueError) as err:
        raise IncompleteSpec(f"{info.get('InstanceType', '?')}: {err!r}") from None
    bare_metal = bool(info.get("BareMetal", False))
    nitro = info.get("Hypervisor") == "nitro" or bare_metal
    burstable = bool(info.get("BurstablePerformanceSupported", False)) or family in BURSTABLE_FAMILIES
    gpus = (info.get("GpuInfo") or {}).get("Gpus") or []
    accelerators = (info.get("InferenceAcceleratorInfo") or {}).get("Accelerators") or (
        (info.get("NeuronInfo") or {}).get("NeuronDevices") or []
    )
    return {
        "instance_type": name,
        "family": family,
        "generation": _generation(family),
        "vcpu": vcpu,
        "memory_gib": memory_gib,
        "arch": arch,
        "burstable": burstable,
        "baseline_cpu_fraction": baseline_fraction(family, size) if burstable else None,
        "gpu_count": sum(int(gpu.get("Count", 0)) for gpu in gpus),
        "max_enis": max_enis,
        "ipv4_per_eni": ipv4,
        "trunking": None,
        "branch_enis": None,
        "max_pods": eni_max_pods(max_enis, ipv4),
        "max_pods_prefix": prefix_delegation_max_pods(max_enis, ipv4, vcpu, nitro),
        "bare_metal": bare_metal,
        "nitro": nitro,
        "gpu_manufacturer": str(gpus[0].get("Manufacturer", "")).lower() if gpus else "",
        "accelerator": str(accelerators[0].get("Name", "")).lower() if accelerators else "",
        "accelerator_count": sum(int(a.get("Count", 0)) for a in accelerators),
        "current_generation": bool(info.get("CurrentGeneration", True)),
        "eks_allocatable_vcpu": None,
        "eks_allocatable_memory_mib": None,
        "source": f"{SOURCE} ({region}); EKS max pods by the ENI formula",
        "as_of": as_of,
    }


def instance_type_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(schema.INSTANCE_TYPE_COLUMNS))
    return frame.astype(schema.INSTANCE_TYPE_COLUMNS)


def fetch_new_instance_types(
    client: EC2Client, region: str, known: set[str], *, as_of: str
) -> tuple[pd.DataFrame, int]:
    """Spec rows for the region's types not in `known`, and how many entries were incomplete.

    Raises PricingUnavailable when the call fails.
    """
    rows: list[dict[str, Any]] = []
    incomplete = 0
    paginator = client.get_paginator("describe_instance_types")
    with translated(SOURCE, PERMISSION):
        for page in paginator.paginate(PaginationConfig={"PageSize": PAGE_SIZE}):
            for info in page.get("InstanceTypes", []):
                if info.get("InstanceType") in known:
                    continue
                try:
                    rows.append(spec_row(info, region=region, as_of=as_of))
                except IncompleteSpec:
                    incomplete += 1
    rows.sort(key=lambda row: str(row["instance_type"]))
    return instance_type_frame(rows), incomplete
