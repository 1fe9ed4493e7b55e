"""Build the embedded price snapshot in `data/` from real public source files.

Run explicitly (`python -m pricing.build_snapshot --from ../shared/data/aws`); the app and the
CLI never build prices at run time. It validates and joins the sources described in their
SOURCES.md into three compact CSVs plus a manifest (sources, dates, sha256, row counts,
schema version). Nothing here guesses: a type or price a source lacks is left out, and the
product then says "not in snapshot".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from pricing import schema
from pricing.ec2_price_sources import (
    KARPENTER_PRICES_AS_OF,
    KARPENTER_PRICES_FILE,
    LIBCLOUD_PRICES_FILE,
    PriceSourceError,
    build_ec2_prices,
)
from pricing.service_rate_sources import (
    GLOBAL_RATES_FILE,
    PRICE_FILE_RATES_FILE,
    PUBLISHED_RATES_FILE,
    ServiceRateError,
    build_service_rates,
)
from pricing.spot_advisor import SPOT_ADVISOR_AS_OF, SPOT_ADVISOR_FILE, SpotFeedError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

INSTANCE_SPECS_AS_OF = "2026-08-11"

INSTANCE_SPEC_SOURCE = (
    "aws/karpenter-provider-aws instance-types.md + vpclimits (2026-07/08); "
    "awslabs/amazon-eks-ami instance-info.jsonl (2026-07-01); "
    "aws/amazon-vpc-cni-k8s eni-max-pods.txt (2026-08-11); "
    "previous generation per DescribeInstanceTypes (ManageIQ fixture, 2026-04-19)"
)

# Burstable baseline CPU per vCPU, as a fraction. Source: Amazon EC2 User Guide, "Key concepts
# for burstable performance instances", table "Baseline utilization per vCPU"
# (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_cpu-credits), read 2026-11-23.
BURSTABLE_BASELINE_PER_VCPU: dict[str, dict[str, float]] = {
    "t2": {
        "nano": 0.05,
        "micro": 0.10,
        "small": 0.20,
        "medium": 0.20,
        "large": 0.30,
        "xlarge": 0.225,
        "2xlarge": 0.17,
    },
    "t3": {
        "nano": 0.05,
        "micro": 0.10,
        "small": 0.20,
        "medium": 0.20,
        "large": 0.30,
        "xlarge": 0.40,
        "2xlarge": 0.40,
    },
}
BURSTABLE_BASELINE_PER_VCPU["t3a"] = BURSTABLE_BASELINE_PER_VCPU["t3"]
BURSTABLE_BASELINE_PER_VCPU["t4g"] = BURSTABLE_BASELINE_PER_VCPU["t3"]
BURSTABLE_FAMILIES = frozenset({"t1", "t2", "t3", "t3a", "t4g"})

# Families EC2 calls previous generation (DescribeInstanceTypes `CurrentGeneration: false`), as
# recorded for every type by ManageIQ/manageiq-providers-amazon db/fixtures/aws_instance_types.yml
# (commit 70095d16c79c920919271155fe15e950884d91a4, 2026-04-19), read 2026-12-01. AWS's
# "Previous Generation Instances" page (https://aws.amazon.com/ec2/previous-generation/) lists
# the same upgrade paths. The advisor uses them only when allow-listed.
PREVIOUS_GENERATION_FAMILIES = frozenset(
    {
        "a1", "c1", "c3", "cc2", "cr1", "d2", "g2", "hs1", "i2", "m1", "m2", "m3", "mac2-m1ultra",
        "r3", "t1", "u-12tb1", "u-18tb1", "u-24tb1", "u-9tb1",
    }
)  # fmt: skip


class SnapshotBuildError(ValueError):
    """A source file failed validation; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    description: str
    data_date: str
    licence: str


SOURCE_FILES = (
    SourceFile(
        "ec2_instance_types_karpenter.csv",
        "aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md",
        "2026-07-11",
        "Apache-2.0",
    ),
    SourceFile(
        "ec2_vpc_limits_karpenter.csv",
        "aws/karpenter-provider-aws pkg/providers/instancetype/zz_generated.vpclimits.go",
        "2026-08-06",
        "Apache-2.0",
    ),
    SourceFile(
        "eks_ami_instance_info.jsonl",
        "awslabs/amazon-eks-ami nodeadm/internal/kubelet/instance-info.jsonl",
        "2026-07-01",
        "MIT-0",
    ),
    SourceFile(
        "eni-max-pods.txt", "aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt", "2026-08-11", "Apache-2.0"
    ),
    SourceFile(
        KARPENTER_PRICES_FILE,
        "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go "
        "InitialOnDemandPricesAWS (us-east-1)",
        KARPENTER_PRICES_AS_OF,
        "Apache-2.0",
    ),
    SourceFile(
        SPOT_ADVISOR_FILE,
        "AWS Spot Instance Advisor feed (average Spot savings over the prior month and "
        "interruption band per region, OS and type), as vendored by alexei-led/spotinfo "
        "internal/spot/data/spot-advisor-data.json",
        SPOT_ADVISOR_AS_OF,
        "AWS public data",
    ),
    SourceFile(
        LIBCLOUD_PRICES_FILE,
        "apache-libcloud 3.9.1 libcloud/data/pricing.json compute.ec2_linux, "
        "validated against Karpenter us-east-1 prices",
        "2025-03-02",
        "Apache-2.0",
    ),
)

CURATED_RATE_FILES = (
    (PUBLISHED_RATES_FILE, "published AWS rates quoted one by one, one cited source per row"),
    (PRICE_FILE_RATES_FILE, "rates from the price files behind AWS's pricing pages, one cited row each"),
    (GLOBAL_RATES_FILE, "AWS rates published as one figure for every commercial region"),
)
"""The project's own rate tables in pricing/sources/ (see its README), in the order they win."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_eni_max_pods(path: Path) -> dict[str, int]:
    """Parse AWS's eni-max-pods.txt ('<type> <max pods>' per line, '#' comments)."""
    pods: dict[str, int] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise SnapshotBuildError(f"{path.name}:{number}: expected '<type> <pods>', got {text!r}")
        pods[parts[0]] = int(parts[1])
    return pods


def read_eks_ami_info(path: Path) -> dict[str, tuple[int, int]]:
    """instance type → (default max ENIs, IPv4 addresses per ENI), from instance-info.jsonl."""
    info: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            info[row["instanceType"]] = (int(row["defaultMaxENIs"]), int(row["ipv4AddressesPerInterface"]))
        except (ValueError, KeyError) as err:
            raise SnapshotBuildError(f"{path.name}:{number}: {err}") from err
    return info


def eni_max_pods(max_enis: int, ipv4_per_eni: int) -> int:
    """EKS max pods with secondary IPs: ENIs × (IPv4 per ENI − 1) + 2 (eni-max-pods.txt header)."""
    return max_enis * (ipv4_per_eni - 1) + 2


def prefix_delegation_max_pods(max_enis: int, ipv4_per_eni: int, vcpu: int, nitro: bool) -> int:
    """EKS max pods with VPC CNI prefix delegation (amazon-eks-ami max-pods-calculator.sh).

    Each secondary-IP slot holds a /28 prefix (16 addresses) on Nitro types; the calculator
    caps the result at 110 below 30 vCPUs and at 250 above. Non-Nitro types cannot use
    prefixes, so they keep the secondary-IP value.
    """
    if not nitro:
        return eni_max_pods(max_enis, ipv4_per_eni)
    cap = 110 if vcpu < 30 else 250
    return min(max_enis * (ipv4_per_eni - 1) * 16 + 2, cap)


def baseline_fraction(family: str, size: str) -> float | None:
    return BURSTABLE_BASELINE_PER_VCPU.get(family, {}).get(size)


def _text(value: object) -> str:
    """A source cell as lower-case text ('' where empty: no GPU, no accelerator)."""
    return str(value).strip().lower() if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    """A numeric source cell, None where empty (Karpenter lists no allocatable for the type)."""
    return float(value) if isinstance(value, str) and value.strip() else None


def _namespaces(frame: pd.DataFrame) -> list[Any]:
    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict(orient="records")]


def build_instance_types(source_dir: Path) -> pd.DataFrame:
    """Join specs, VPC limits, EKS AMI ENI data and eni-max-pods into one row per type."""
    specs = pd.read_csv(source_dir / "ec2_instance_types_karpenter.csv", dtype=str)
    limits = pd.read_csv(source_dir / "ec2_vpc_limits_karpenter.csv", dtype=str).set_index("instance_type")
    ami = read_eks_ami_info(source_dir / "eks_ami_instance_info.jsonl")
    pods = read_eni_max_pods(source_dir / "eni-max-pods.txt")
    rows = []
    for spec in _namespaces(specs):
        name = str(spec.instance_type)
        if name not in ami:
            continue  # no ENI data: the packers could not place awsvpc tasks or pods on it
        max_enis, ipv4 = ami[name]
        limit = limits.loc[name] if name in limits.index else None
        hypervisor = str(spec.hypervisor) if isinstance(spec.hypervisor, str) else ""
        bare_metal = str(spec.size).startswith("metal")
        nitro = hypervisor == "nitro" or bare_metal
        trunking = "" if limit is None else str(limit["trunking_compatible"]).lower()
        branch = limit["branch_enis"] if limit is not None else None
        family = str(spec.family)
        vcpu = int(spec.vcpu)
        rows.append(
            {
                "instance_type": name,
                "family": family,
                "generation": int(spec.generation),
                "vcpu": vcpu,
                "memory_gib": int(spec.memory_mib) / 1024,
                "arch": "x86_64" if spec.arch == "amd64" else str(spec.arch),
                "burstable": family in BURSTABLE_FAMILIES,
                "baseline_cpu_fraction": baseline_fraction(family, str(spec.size)),
                "gpu_count": int(spec.gpu_count) if isinstance(spec.gpu_count, str) else 0,
                "max_enis": max_enis,
                "ipv4_per_eni": ipv4,
                "trunking": trunking,
                "branch_enis": int(branch) if isinstance(branch, str) and branch else None,
                "max_pods": pods.get(name, eni_max_pods(max_enis, ipv4)),
                "max_pods_prefix": prefix_delegation_max_pods(max_enis, ipv4, vcpu, nitro),
                "bare_metal": bare_metal,
                "nitro": nitro,
                "gpu_manufacturer": _text(spec.gpu_manufacturer),
                "accelerator": _text(spec.accelerator_name),
                "accelerator_count": int(_number(spec.accelerator_count) or 0),
                "current_generation": family not in PREVIOUS_GENERATION_FAMILIES,
                "eks_allocatable_vcpu": _number(spec.eks_allocatable_cpu_vcpu),
                "eks_allocatable_memory_mib": _number(spec.eks_allocatable_memory_mib),
                "source": INSTANCE_SPEC_SOURCE,
                "as_of": INSTANCE_SPECS_AS_OF,
            }
        )
    frame = pd.DataFrame(rows, columns=list(schema.INSTANCE_TYPE_COLUMNS))
    return frame.astype(schema.INSTANCE_TYPE_COLUMNS)


def validate(frames: dict[str, pd.DataFrame]) -> None:
    """Every row has a source and a date; prices are positive; confidence is a known level."""
    for name, frame in frames.items():
        for column in ("source", "as_of"):
            empty = frame[column].isna() | (frame[column].str.strip() == "")
            if empty.any():
                raise SnapshotBuildError(f"{name}: {int(empty.sum())} rows without {column}")
        if "confidence" in frame:
            bad = ~frame["confidence"].isin(["high", "medium", "low"])
            if bad.any():
                raise SnapshotBuildError(f"{name}: unknown confidence {set(frame.loc[bad, 'confidence'])}")
    for name, column in ((schema.EC2_PRICES_FILE, "usd_per_hour"), (schema.SERVICE_RATES_FILE, "usd")):
        if (frames[name][column] <= 0).any():
            raise SnapshotBuildError(f"{name}: non-positive {column}")


def build(source_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Build and write the snapshot; return the manifest."""
    missing = [f.name for f in SOURCE_FILES if not (source_dir / f.name).is_file()]
    if missing:
        raise SnapshotBuildError(f"{source_dir}: missing source files {missing}")
    instance_types = build_instance_types(source_dir)
    try:
        ec2_prices = build_ec2_prices(source_dir, set(instance_types["instance_type"]))
        service_rates = build_service_rates(set(ec2_prices["region"]))
    except (PriceSourceError, ServiceRateError, SpotFeedError) as err:
        raise SnapshotBuildError(str(err)) from err
    frames = {
        schema.INSTANCE_TYPES_FILE: instance_types,
        schema.EC2_PRICES_FILE: ec2_prices,
        schema.SERVICE_RATES_FILE: service_rates,
    }
    validate(frames)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for name, frame in frames.items():
        path = out_dir / name
        frame.to_csv(path, index=False, lineterminator="\n")
        outputs.append({"file": name, "rows": len(frame), "sha256": sha256(path)})
    manifest = {
        "schema_version": schema.SCHEMA_VERSION,
        "built": date.today().isoformat(),
        "regions": sorted(
            set(frames[schema.EC2_PRICES_FILE]["region"]) | set(frames[schema.SERVICE_RATES_FILE]["region"])
        ),
        "price_dates": sorted(
            set(frames[schema.EC2_PRICES_FILE]["as_of"]) | set(frames[schema.SERVICE_RATES_FILE]["as_of"])
        ),
        "sources": [
            {
                "file": f.name,
                "description": f.description,
                "data_date": f.data_date,
                "licence": f.licence,
                "sha256": sha256(source_dir / f.name),
                "rows": _count_rows(source_dir / f.name),
            }
            for f in SOURCE_FILES
        ]
        + [
            {
                "file": curated.name,
                "description": description,
                "data_date": "see as_of column",
                "licence": "facts",
                "sha256": sha256(curated),
                "rows": _count_rows(curated),
            }
            for curated, description in CURATED_RATE_FILES
        ],
        "outputs": outputs,
    }
    (out_dir / schema.MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _count_rows(path: Path) -> int:
    lines: Iterable[str] = path.read_text().splitlines()
    if path.suffix == ".csv":
        return max(sum(1 for _ in csv.reader(lines)) - 1, 0)
    return sum(1 for line in lines if line.strip() and not line.startswith("#"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pricing.build_snapshot", description=__doc__)
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        help="folder with the source files (e.g. ../shared/data/aws)",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default data/)")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.source, args.out)
    except SnapshotBuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for output in manifest["outputs"]:
        print(f"{output['file']}: {output['rows']} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
