"""ECS Managed Instances and EKS Auto Mode: EC2 capacity AWS provisions, plus a management fee.

Both run the fleet of their self-managed counterpart — ECS container instances
(`ecs_ec2`) and EKS nodes (`eks`) — with the same packing, allocatable, Availability Zone
spread, scaling time and GPU rules. What sets them apart lives here, as data:

- which types AWS picks when the workload gives no allow-list (`ManagedPlatform.admits`);
- a management fee per instance-hour of each type (`management_fee`), billed as its own line
  item and never discounted by Spot or a Savings Plan (the instance hours are, as on EC2);
- what they cannot run (`ManagedPlatform.unsupported`): such options are infeasible, with the
  reason.

What each supports, as AWS documents it (read 2026-12-02), against what is modelled here:

- **Windows**: neither. "Amazon ECS Managed Instances support Linux containers" (ECS Developer
  Guide, Architect for Amazon ECS Managed Instances,
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ManagedInstances.html); Auto Mode
  nodes run a Bottlerocket variant ("Security Overview of Amazon EKS Auto Mode", Benefits,
  https://docs.aws.amazon.com/whitepapers/latest/security-overview-amazon-eks-auto-mode/benefits.html).
  Infeasible.
- **Network modes** (ECS): tasks "use the awsvpc or host network mode" (Amazon ECS task
  definition differences for Amazon ECS Managed Instances,
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-tasks-services.html;
  the API adds `none`, ManagedInstancesNetworkConfiguration), so a bridge-mode service is
  infeasible — except a daemon (`daemon: true`), see below.
- **Daemons**: ECS Managed Daemons (2026-04) run "exactly one daemon task … on every Amazon EC2
  instance provisioned through those capacity providers"
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons.html); a daemon
  task definition takes no network mode (RegisterDaemonTaskDefinition has no `networkMode`; ECS
  networks daemons itself), so a daemon service runs whatever its mode elsewhere and takes no
  ENI of its own. Auto Mode runs DaemonSets like any Kubernetes node. Both: per-node overhead.
- **Privileged containers**: both. ECS Managed Instances name "security and monitoring tools
  that require privileged access to the underlying OS" as a use
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-capacity-providers-concept.html);
  on Auto Mode "standard Pod-level configurations work as expected", `securityContext`
  included, within SELinux and a read-only root filesystem (Security Overview, Workloads,
  https://docs.aws.amazon.com/whitepapers/latest/security-overview-amazon-eks-auto-mode/workloads.html).
- **GPUs**: both ("NVIDIA or AMD GPUs" on ECS Managed Instances, same concept page; Auto Mode
  NVIDIA and Neuron types through a NodePool), on any type with the devices (`admits`).
- **Spot and Savings Plans**: both. An ECS Managed Instances capacity provider takes
  `capacityOptionType` SPOT; Auto Mode takes Spot through a NodePool's
  `karpenter.sh/capacity-type`, and "customers can continue to use capacity reservations and
  savings plans" (Security Overview, EKS Auto Mode data plane). The fee is never discounted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from advisor.costing.ecs_ec2 import ecs_ec2_model
from advisor.costing.eks import eks_ec2_model, with_max_pods
from advisor.costing.fleet import FEE_LABEL, price_platform
from advisor.costing.node_types import FleetModel, Pool
from advisor.costing.purchase import EffectiveRate
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.prices import (
    ECS_MANAGED_INSTANCES_FEE,
    EKS_AUTO_MODE_FEE,
    Confidence,
    InstanceType,
    PriceCatalog,
    management_fee_key,
)
from advisor.model.workload import OS, Assumptions, NetworkMode, Platform, Purchase, Service, Workload

FEE_REDUCTIONS: Mapping[str, float] = MappingProxyType({"g": 0.35, "p": 0.60, "trn": 0.60})
"""Reductions of the management fee by instance category since 2026-07-01, on ECS Managed
Instances and EKS Auto Mode alike: G types 35 %, P and Trainium types 60% (AWS What's New,
https://aws.amazon.com/about-aws/whats-new/2026/07/amazon-ecs-managed-instances-gpu-price/,
read 2026-12-02). Applied to `management_fee_fraction` offline; a live fee already has them."""


def category(family: str) -> str:
    """The letters a family starts with, as Karpenter's instance-category: 'm7i-flex' → 'm',
    'c6gn' → 'c', 'trn1' → 'trn', 'mac2' → 'mac'."""
    match = re.match(r"[a-z]+", family)
    return match.group(0) if match else ""


@dataclass(frozen=True, slots=True)
class ManagedPlatform:
    """One managed platform: its name, fee key, default types and what it cannot run."""

    name: str
    fee_key: str
    default_categories: frozenset[str]
    min_generation: int
    limits: Mapping[str, str]
    """Reason a service cannot run, keyed 'windows' or 'bridge' (bridge binds no daemon service:
    daemons take no network mode of their own)."""

    def admits(self, spec: InstanceType, pool: Pool) -> bool:
        """A type AWS picks by itself: the default families, or any type with the devices the
        pool's tasks ask for (both services take GPU and Neuron types when tasks need them)."""
        if pool.gpu or pool.accelerator:
            return True
        return category(spec.family) in self.default_categories and spec.generation >= self.min_generation

    def unsupported(self, service: Service) -> str | None:
        if service.os is OS.WINDOWS:
            return self.limits["windows"]
        if service.network_mode is NetworkMode.BRIDGE and "bridge" in self.limits and not service.daemon:
            return self.limits["bridge"]
        return None


MANAGED: Mapping[Platform, ManagedPlatform] = MappingProxyType(
    {
        Platform.ECS_MANAGED_INSTANCES: ManagedPlatform(
            name="ECS Managed Instances",
            fee_key=ECS_MANAGED_INSTANCES_FEE,
            # "AWS automatically selects the most cost-optimized general-purpose Amazon EC2
            # instance types" (ECS Developer Guide, Architect for Amazon ECS Managed Instances,
            # read 2026-12-02); general purpose is EC2's M, T, A1 and Mac, and attribute-based
            # selection leaves burstable (T) types out unless asked (EC2 InstanceRequirements,
            # BurstablePerformance default 'excluded'); Mac runs no Linux containers.
            default_categories=frozenset({"m", "a"}),
            min_generation=0,
            limits=MappingProxyType(
                {
                    "windows": "ECS Managed Instances run Linux containers only (ECS Developer Guide, "
                    "Architect for Amazon ECS Managed Instances)",
                    "bridge": "ECS Managed Instances tasks use the awsvpc or host network mode, not "
                    "bridge (ECS Developer Guide, task definition differences for Managed Instances)",
                }
            ),
        ),
        Platform.EKS_AUTO_MODE: ManagedPlatform(
            name="EKS Auto Mode",
            fee_key=EKS_AUTO_MODE_FEE,
            # The built-in NodePools "use the C, M, and R EC2 instance families" and "require
            # generation 5 or newer" (EKS User Guide, Enable or Disable Built-in NodePools, read
            # 2026-12-02); Spot, arm64 and GPU nodes take a custom NodePool, which Auto Mode supports.
            default_categories=frozenset({"c", "m", "r"}),
            min_generation=5,
            limits=MappingProxyType(
                {
                    "windows": "EKS Auto Mode nodes run AWS's Bottlerocket-based Linux AMI; Windows "
                    "nodes must be self-managed (EKS Best Practices Guide, EKS Auto Mode)",
                }
            ),
        ),
    }
)


PRICE_DECIMALS = 10
"""Price List prices carry ten decimal places ('0.0115200000'); a derived fee is rounded to
as many, so 12 % of $0.096 is $0.01152, not 0.011519999999999999."""


def fee_key(platform: Platform, instance_type: str) -> str:
    """The catalog rate key of a type's live management fee: 'eks_auto_mode_fee:m5.large'."""
    return management_fee_key(MANAGED[platform].fee_key, instance_type)


def management_fee(
    catalog: PriceCatalog, platform: Platform, instance_type: str, os: str, assumptions: Assumptions
) -> EffectiveRate:
    """The type's management fee per instance-hour: the Price List's when the catalog has it
    (a price), else `management_fee_fraction` of its on-demand price, less the documented
    category reductions (an assumption, labelled so). Raises PriceNotFound without an
    on-demand price."""
    live = catalog.rates.get(fee_key(platform, instance_type))
    if live is not None:
        return EffectiveRate(
            live.usd, "Price List rate", live.source, live.as_of, live.confidence, live.usage_type
        )
    ondemand = catalog.ondemand(instance_type, os)
    reduction = FEE_REDUCTIONS.get(category(catalog.instance(instance_type).family), 0.0)
    fraction = assumptions.management_fee_fraction * (1 - reduction)
    note = f"assumption {fraction * 100:g}% of on-demand ${ondemand.usd:g}"
    if reduction:
        note += f", {reduction:.0%} accelerated-type reduction"
    return EffectiveRate(
        usd=round(ondemand.usd * fraction, PRICE_DECIMALS),
        note=note,
        source=f"assumption management_fee_fraction={assumptions.management_fee_fraction:g} "
        f"applied to: {ondemand.source}",
        as_of=ondemand.as_of,
        confidence=Confidence.ASSUMPTION,
        usage_type=ondemand.usage_type,
    )


def is_assumed_fee(item: LineItem) -> bool:
    """A fee line priced on `management_fee_fraction` rather than a Price List rate."""
    return FEE_LABEL in item.item and item.confidence is Confidence.ASSUMPTION


def managed_model(workload: Workload, catalog: PriceCatalog, platform: Platform) -> FleetModel:
    """The fleet model of a managed platform: its counterpart's, with AWS's type choice, the fee
    and the limits. EKS Auto Mode runs the VPC CNI, kube-proxy and CoreDNS as node processes,
    not pods ("Automated components", EKS User Guide, EKS Auto Mode), so no system DaemonSet
    takes room on its nodes; the workload's own DaemonSets still do."""
    managed = MANAGED[platform]
    base = (
        ecs_ec2_model(workload, platform, daemon_enis=False)
        if platform is Platform.ECS_MANAGED_INSTANCES
        else eks_ec2_model(workload, catalog, platform, system=())
    )
    fee: Callable[[str, str], EffectiveRate] = lambda instance_type, os: management_fee(  # noqa: E731
        catalog, platform, instance_type, os, workload.assumptions
    )
    return replace(base, admits=managed.admits, fee=fee, unsupported=managed.unsupported)


def price_managed(
    workload: Workload, catalog: PriceCatalog, platform: Platform, purchase: Purchase
) -> CostBreakdown:
    """Monthly cost on ECS Managed Instances or EKS Auto Mode (control plane included)."""
    result = price_platform(workload, catalog, purchase, managed_model(workload, catalog, platform))
    return with_max_pods(result, workload, catalog) if platform is Platform.EKS_AUTO_MODE else result
