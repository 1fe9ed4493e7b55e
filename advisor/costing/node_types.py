"""Which EC2 instance types a pool of services may use, and what each offers it.

A pool is the services that can share instances (same OS, architecture, devices). Its node
table holds every allowed, priced type with the capacity the platform's `FleetModel` says one
instance offers the pool's tasks, memoized on the catalog (batches and break-evens re-price
the same pools many times).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np

from advisor.costing.bins import CandidateTable, NodeType, candidate_table
from advisor.costing.purchase import EffectiveRate, ec2_rate, spot_band_allowed
from advisor.model.costs import LineItem
from advisor.model.prices import HOURS_PER_MONTH, InstanceType, PriceCatalog
from advisor.model.workload import Assumptions, Platform, Purchase, Service, Workload

EBS_KEY = "ebs_gp3_gb_month"
EBS_ROOT_VOLUMES = "EBS gp3 root volumes"
"""What an option misses (`CostBreakdown.missing`) where the catalog has no gp3 rate."""


@dataclass(frozen=True, slots=True)
class Pool:
    """Services that can share instances: same OS, architecture need, GPUs and accelerator."""

    os: str
    arch: str
    gpu: bool
    services: tuple[Service, ...]
    accelerator: str = ""


def pools(services: tuple[Service, ...]) -> list[Pool]:
    keys: dict[tuple[str, str, bool, str], list[Service]] = {}
    for s in services:
        if not s.daemon:
            keys.setdefault((s.os.value, s.arch.value, s.gpu_count > 0, s.accelerator), []).append(s)
    return [
        Pool(os, arch, gpu, tuple(group), accelerator) for (os, arch, gpu, accelerator), group in keys.items()
    ]


GPU_MANUFACTURER = "nvidia"
"""GPUs the ECS GPU-optimized AMI and the EKS accelerated AMI drive (NVIDIA driver and
container toolkit): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html and
https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html (read 2026-12-01).
AMD (g4ad), Inferentia, Trainium and other devices need a service's `accelerator` key."""


def devices(spec: InstanceType) -> int:
    """Accelerator devices a type offers tasks: its GPUs, else its Inferentia/Trainium chips."""
    return spec.gpu_count or spec.accelerator_count


def _accelerator_fits(spec: InstanceType, pool: Pool) -> bool:
    """Only the devices a pool asks for: NVIDIA GPUs by default, a named accelerator on request,
    none for services without GPUs (an accelerated type is never a plain node)."""
    if pool.accelerator:
        return pool.accelerator in (spec.accelerator, spec.gpu_manufacturer)
    if pool.gpu:
        return spec.gpu_count > 0 and spec.gpu_manufacturer == GPU_MANUFACTURER
    return devices(spec) == 0


def device_text(pool: Pool) -> str:
    if pool.accelerator:
        return f"with {pool.accelerator} devices "
    return "with NVIDIA GPUs " if pool.gpu else ""


def allowed(spec: InstanceType, pool: Pool, allow_list: tuple[str, ...], previous_generation: bool) -> bool:
    """Architecture, devices, generation, bare metal and the user's allow-list (types or families).

    Previous-generation types (EC2's CurrentGeneration flag) and bare metal are used only when
    named in the allow-list; `previous_generation` opts into the former for every family.
    """
    named = spec.name in allow_list or spec.family in allow_list
    if allow_list and not named:
        return False
    if pool.arch not in ("any", spec.arch) or not _accelerator_fits(spec, pool):
        return False
    if not (spec.current_generation or previous_generation or named):
        return False
    return not (spec.bare_metal and spec.name not in allow_list)


def _per_node_hourly_extras(workload: Workload, catalog: PriceCatalog) -> float:
    """What each extra instance adds per hour besides itself (root volume, public IPv4).

    The packer minimizes instance price plus these, so four small nodes do not beat one
    large node of the same price once their four root volumes are counted.
    """
    extra = 0.0
    if catalog.has_rate(EBS_KEY):
        extra += workload.assumptions.ebs_root_gb * catalog.rate(EBS_KEY).usd / HOURS_PER_MONTH
    if workload.addons.public_ipv4 and catalog.has_rate("public_ipv4_hour"):
        extra += catalog.rate("public_ipv4_hour").usd
    return extra


@dataclass(frozen=True, slots=True)
class FleetModel:
    """What sets ECS on EC2 and EKS on EC2 apart, for the fleet pricing they share.

    `capacity` is what one instance offers a pool's tasks (None: unusable); it may read the
    pool's services only through their CPU utilization, and only for burstable types (which
    `node_parts` relies on to reuse the other types across utilizations). `capacity_key`
    identifies everything `capacity` depends on besides the pool (platform, assumptions,
    daemons): node tables are memoized on the catalog under it.
    """

    platform: Platform
    capacity: Callable[[InstanceType, Pool], tuple[float, ...] | None]
    resources: Callable[[Service], tuple[float, ...]]
    utilization_dims: tuple[int, int]
    extra_dims: Mapping[str, int]
    capacity_key: Hashable
    fixed_items: Callable[[], tuple[LineItem, ...]] = tuple
    dimensions: Mapping[str, str] | None = None
    cpu_per_vcpu: float = 1.0
    """What the CPU dimension counts per vCPU (1024 CPU units on ECS, vCPUs on EKS)."""
    admits: Callable[[InstanceType, Pool], bool] = lambda _spec, _pool: True
    """The types the platform picks itself when the workload gives no allow-list (ECS Managed
    Instances and EKS Auto Mode choose from default families; the EC2 paths from every type)."""
    fee: Callable[[str, str], EffectiveRate] | None = None
    """Per-instance-hour management fee of a type and OS (managed platforms), never discounted by
    the purchase option: the packer counts it in each node's price, the fleet bills it apart."""
    unsupported: Callable[[Service], str | None] = lambda _service: None
    """Why the platform cannot run a service at all (None: it can), e.g. Windows. It reads only
    the service's OS and network mode, so the batch asks it once per such pair."""


def _node_types(  # noqa: PLR0917 - one caller, all required
    workload: Workload,
    catalog: PriceCatalog,
    purchase: Purchase,
    pool: Pool,
    model: FleetModel,
    specs: list[InstanceType],
) -> list[NodeType]:
    """Those of `specs` the pool can use, priced, with their usable capacity for the pool."""
    per_node_extra = _per_node_hourly_extras(workload, catalog)
    node_types: list[NodeType] = []
    for spec in specs:
        cap = model.capacity(spec, pool)
        if cap is None:
            continue
        hourly = (
            catalog.ec2_ondemand[spec.name, pool.os].usd
            if purchase is Purchase.ON_DEMAND
            else ec2_rate(catalog, spec.name, pool.os, purchase, workload.assumptions).usd
        )
        fee = model.fee(spec.name, pool.os).usd if model.fee else 0.0
        node_types.append(NodeType(spec.name, hourly + fee + per_node_extra, cap))
    return node_types


def table_key(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> tuple[Hashable, ...]:
    """Everything a pool's node tables depend on but its services' CPU utilization (see
    `node_parts`): the key of anything memoized on the catalog that is derived from them."""
    return (
        "node-types",
        model.capacity_key,
        pool.os,
        pool.arch,
        pool.gpu,
        pool.accelerator,
        purchase,
        workload.instance_types,
        _per_node_hourly_extras(workload, catalog),
    )


def unknown_types(workload: Workload, catalog: PriceCatalog) -> list[str]:
    """Names in the workload's allow-list that are neither a type nor a family of the catalog."""
    if not workload.instance_types:
        return []
    families = {t.family for t in catalog.instance_types.values()}
    return [n for n in workload.instance_types if n not in catalog.instance_types and n not in families]


def percent_up(share: np.ndarray) -> np.ndarray:
    """A share taken up to the next whole percent (0.4373 → 0.44; 0.44 stays 0.44)."""
    return np.ceil(np.asarray(share, dtype=float) * 100 - 1e-9) / 100


def sustained_cpu_share(services: tuple[Service, ...]) -> float:
    """The highest average CPU use among services (1 where unknown): what a burstable must sustain.

    Taken up to the next whole percent (`percent_up`): a CloudWatch average is no more precise
    than that, the rounding only ever asks more of a burstable type, and a portfolio with a
    million distinct utilizations then needs at most a hundred burstable tables, not a million.
    """
    highest = max((s.cpu_util if s.cpu_util is not None else 1.0) for s in services) if services else 1.0
    return float(percent_up(np.array(highest)))


def burstable_vcpu(spec: InstanceType, pool: Pool, assumptions: Assumptions) -> float | None:
    """vCPU of requests a burstable type can hold and still run its tasks below its baseline.

    The tasks' sustained use (requests × `sustained_cpu_share`) must stay `burstable_headroom`
    below the baseline (the share of all vCPUs it earns credits for): at the baseline itself a
    spike would spend credits it cannot earn back. None where the baseline is unknown.
    """
    if spec.baseline_cpu_fraction is None:
        return None
    below = spec.baseline_cpu_fraction * (1 - assumptions.burstable_headroom)
    return below * spec.vcpu / sustained_cpu_share(pool.services)


def node_parts(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> tuple[CandidateTable | None, CandidateTable | None]:
    """The pool's usable types in two tables (None when empty), memoized on the catalog.

    Only burstable types depend on the pool's CPU utilization (their baseline), so the others
    (the first table) are built once and shared by every utilization; the second holds the
    burstable types for this pool's utilization. A batch of rows with a thousand different
    utilizations costs a thousand small burstable tables, not a thousand full ones.
    """
    key = table_key(workload, catalog, purchase, pool, model)
    steady_key, specs_key = (*key, "steady"), (*key, "burstable types")
    if steady_key not in catalog.memo:
        specs: dict[bool, list[InstanceType]] = {False: [], True: []}
        for name, os in catalog.ec2_ondemand:
            spec = catalog.instance_types[name]
            usable = (
                os == pool.os
                and allowed(spec, pool, workload.instance_types, workload.assumptions.previous_generation)
                and (bool(workload.instance_types) or model.admits(spec, pool))
            )
            if usable and spot_band_allowed(catalog, name, purchase, workload.assumptions):
                specs[spec.burstable].append(spec)
        steady = _node_types(workload, catalog, purchase, pool, model, specs[False])
        catalog.memo[steady_key] = candidate_table(steady) if steady else None
        catalog.memo[specs_key] = specs[True]
    burst_key = (*key, "burstable", sustained_cpu_share(pool.services))
    if burst_key not in catalog.memo:
        burst = _node_types(
            workload, catalog, purchase, pool, model, cast(list[InstanceType], catalog.memo[specs_key])
        )
        catalog.memo[burst_key] = candidate_table(burst) if burst else None
    return cast(CandidateTable | None, catalog.memo[steady_key]), cast(
        CandidateTable | None, catalog.memo[burst_key]
    )


def node_table(
    workload: Workload, catalog: PriceCatalog, purchase: Purchase, pool: Pool, model: FleetModel
) -> CandidateTable | None:
    """Every type the pool can use, as the packer's table (None when there is none)."""
    key = (*table_key(workload, catalog, purchase, pool, model), "all", sustained_cpu_share(pool.services))
    if key not in catalog.memo:
        steady, burst = node_parts(workload, catalog, purchase, pool, model)
        catalog.memo[key] = steady.extended(burst.types) if steady and burst else steady or burst
    return cast(CandidateTable | None, catalog.memo[key])
