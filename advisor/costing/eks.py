"""Amazon EKS cost models: the control plane shared by both EKS paths, and EKS on EC2 nodes."""

from __future__ import annotations

from dataclasses import replace

from advisor.costing.fleet import price_platform
from advisor.costing.node_types import FleetModel, Pool, burstable_vcpu, devices
from advisor.model.costs import CostBreakdown, LineItem
from advisor.model.prices import HOURS_PER_MONTH, InstanceType, PriceCatalog
from advisor.model.workload import Assumptions, Platform, Purchase, Service, SupportTier, UsageBand, Workload

CONTROL_PLANE_KEY = "eks_cluster_standard_support"
EXTENDED_SUPPORT_KEY = "eks_cluster_extended_support_surcharge"
EKS_DIMENSIONS = {CONTROL_PLANE_KEY: "EKS control plane", EXTENDED_SUPPORT_KEY: "EKS extended support"}


def control_plane_items(workload: Workload, catalog: PriceCatalog) -> tuple[LineItem, ...]:
    """Cluster-hours of the control plane times this workload's share of the cluster.

    A cluster runs the whole month whatever the tasks do, so the quantity is the month's
    730 hours × `eks_cluster_share`; extended support adds its surcharge as its own line.
    Raises PriceNotFound when the region has no EKS rate in the catalog.
    """
    share = workload.assumptions.eks_cluster_share
    hours = HOURS_PER_MONTH * share
    keys = [CONTROL_PLANE_KEY]
    if workload.assumptions.eks_support is SupportTier.EXTENDED:
        keys.append(EXTENDED_SUPPORT_KEY)
    items = []
    for key in keys:
        rate = catalog.rate(key)
        label = (
            "EKS control plane (standard support)"
            if key == CONTROL_PLANE_KEY
            else "EKS extended support surcharge"
        )
        if share != 1:
            label += f", {share:.0%} cluster share"
        items.append(LineItem.at(label, hours, "cluster-hour", rate))
    return tuple(items)


COREDNS_REPLICAS = 2
COREDNS_VCPU = 0.1
COREDNS_MEMORY_MIB = 70.0
"""The CoreDNS add-on every EKS cluster runs: 2 replicas requesting cpu 100m and memory 70Mi
(Amazon EKS User Guide, "Manage CoreDNS for DNS in Amazon EKS clusters", and the add-on's
deployment manifest; read 2026-12-01)."""


def coredns_service(workload: Workload) -> Service:
    """CoreDNS as pods to price, for this workload's share of the cluster (like the control plane)."""
    return Service(
        "kube-system/coredns",
        COREDNS_VCPU,
        COREDNS_MEMORY_MIB / 1024,
        bands=(UsageBand(COREDNS_REPLICAS, HOURS_PER_MONTH * workload.assumptions.eks_cluster_share),),
    )


# --- EKS on EC2 nodes ------------------------------------------------------------------------

EVICTION_HARD_MIB = 100.0
"""kubelet `evictionHard memory.available: 100Mi` set by the EKS AMI (awslabs/amazon-eks-ami,
files/bootstrap.sh and nodeadm/internal/kubelet/config.go, read 2026-11-23)."""

SYSTEM_DAEMONSETS: tuple[tuple[str, float, float], ...] = (
    ("aws-node", 0.025, 0.0),
    ("kube-proxy", 0.1, 0.0),
)
"""DaemonSets every EKS node runs, with their default (CPU vCPU, memory MiB) requests.

aws-node (Amazon VPC CNI) requests cpu 25m (aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml);
the EKS kube-proxy add-on requests cpu 100m (Amazon EKS User Guide, kube-proxy add-on); neither
sets a memory request. Read 2026-11-23.
"""


def kube_reserved_cpu(vcpu: int) -> float:
    """vCPU the EKS AMI reserves for Kubernetes: 6 % of the first core, 1 % of the second,
    0.5 % of cores 3–4 and 0.25 % of each core above 4 (awslabs/amazon-eks-ami bootstrap.sh
    `get_cpu_millicores_to_reserve`, the GKE ranges; read 2026-11-23)."""
    return (
        0.06 * min(vcpu, 1)
        + 0.01 * min(max(vcpu - 1, 0), 1)
        + 0.005 * min(max(vcpu - 2, 0), 2)
        + 0.0025 * max(vcpu - 4, 0)
    )


def kube_reserved_memory_mib(max_pods: int) -> float:
    """MiB the EKS AMI reserves for Kubernetes: 11 MiB per pod the node may run + 255 MiB
    (awslabs/amazon-eks-ami bootstrap.sh `get_memory_mebibytes_to_reserve`, read 2026-11-23)."""
    return 11.0 * max_pods + 255.0


def node_max_pods(spec: InstanceType, prefix_delegation: bool) -> int:
    return spec.max_pods_prefix if prefix_delegation else spec.max_pods


VM_MEMORY_OVERHEAD = 0.075
"""Share of installed memory the hypervisor and kernel keep from an EKS node, for types the
snapshot has no measured allocatable for: Karpenter's `VM_MEMORY_OVERHEAD_PERCENT` default
(https://karpenter.sh/docs/reference/settings/, read 2026-12-01), the overhead its published
allocatable figures carry: c6a.2xlarge 16,384 MiB × 0.925 − 893 kube-reserved (58 pods) − 100
eviction = 14,162 MiB, as listed."""


def allocatable(spec: InstanceType, assumptions: Assumptions) -> tuple[float, float, int]:
    """(vCPU, memory MiB, pods) a node offers pods: capacity − VM overhead − kube-reserved − eviction.

    Where the snapshot has the type's EKS allocatable (Karpenter's generated instance-type
    reference, AL2023, max pods by the ENI formula), that is used, with kube-reserved memory
    moved by 11 MiB per pod when prefix delegation changes max pods; elsewhere the same formula
    with the documented `VM_MEMORY_OVERHEAD`.
    """
    pods = node_max_pods(spec, assumptions.prefix_delegation)
    if spec.eks_allocatable_vcpu is not None and spec.eks_allocatable_memory_mib is not None:
        memory = spec.eks_allocatable_memory_mib + kube_reserved_memory_mib(spec.max_pods)
        return spec.eks_allocatable_vcpu, memory - kube_reserved_memory_mib(pods), pods
    cpu = spec.vcpu - kube_reserved_cpu(spec.vcpu)
    memory = (
        spec.memory_gib * 1024 * (1 - VM_MEMORY_OVERHEAD) - kube_reserved_memory_mib(pods) - EVICTION_HARD_MIB
    )
    return cpu, memory, pods


def pod_resources(service: Service) -> tuple[float, float, float, float]:
    """(vCPU, memory MiB, pods, GPUs) one pod requests."""
    return (service.vcpu, service.memory_gib * 1024, 1.0, float(service.gpu_count))


def eks_ec2_model(
    workload: Workload,
    catalog: PriceCatalog,
    platform: Platform = Platform.EKS_EC2,
    system: tuple[tuple[str, float, float], ...] = SYSTEM_DAEMONSETS,
) -> FleetModel:
    """EKS managed nodes: allocatable after kube-reserved and eviction, max pods, DaemonSets.

    EKS Auto Mode nodes reuse it under their own `platform`, with no `system` DaemonSets (their
    networking and DNS run as node processes, see `managed`).
    """
    a = workload.assumptions
    daemons = [s for s in workload.services if s.daemon]
    daemon_cpu = sum(cpu for _, cpu, _ in system) + sum(d.vcpu for d in daemons)
    daemon_mem = sum(mem for _, _, mem in system) + sum(d.memory_gib * 1024 for d in daemons)
    daemon_pods = len(system) + len(daemons)
    daemon_gpus = sum(d.gpu_count for d in daemons)

    def capacity(spec: InstanceType, pool: Pool) -> tuple[float, ...] | None:
        cpu, memory, pods = allocatable(spec, a)
        if spec.burstable:
            sustained = burstable_vcpu(spec, pool, a)
            if sustained is None:
                return None
            cpu = min(cpu, sustained)
        usable = (
            cpu * (1 - a.headroom) - daemon_cpu,
            memory * (1 - a.headroom) - daemon_mem,
            float(pods - daemon_pods),
            float(devices(spec) - daemon_gpus),
        )
        if usable[0] <= 0 or usable[1] <= 0 or usable[2] <= 0 or usable[3] < 0:
            return None
        return usable

    return FleetModel(
        platform,
        capacity,
        pod_resources,
        utilization_dims=(0, 1),
        extra_dims={"pods": 2},
        capacity_key=(platform.value, a, tuple(daemons)),
        fixed_items=lambda: control_plane_items(workload, catalog),
        dimensions=EKS_DIMENSIONS,
    )


def price_eks_ec2(workload: Workload, catalog: PriceCatalog, purchase: Purchase) -> CostBreakdown:
    """Monthly cost of the workload on EKS managed nodes under `purchase`, control plane included."""
    return with_max_pods(
        price_platform(workload, catalog, purchase, eks_ec2_model(workload, catalog)), workload, catalog
    )


def with_max_pods(result: CostBreakdown, workload: Workload, catalog: PriceCatalog) -> CostBreakdown:
    """An EKS result with the fleet's lowest max pods per node in its capacity."""
    if result.feasible and result.capacity.fleet:
        pods = min(
            node_max_pods(catalog.instance(e.instance_type), workload.assumptions.prefix_delegation)
            for e in result.capacity.fleet
        )
        result = replace(result, capacity=replace(result.capacity, max_pods=pods))
    return result
