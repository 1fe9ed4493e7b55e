"""How the platforms compare beyond price: scores 1–5 per criterion, each with its rationale.

This is data, not logic: the app and the CLI render the rationale as written here, and users
weigh the criteria themselves (`recommend.Weights`). Higher is better for the user. Cost is not
in this table: it is scored from the workload's real numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model.workload import Platform


@dataclass(frozen=True, slots=True)
class TradeOff:
    platform: Platform
    criterion: str
    score: int
    rationale: str


CRITERIA: dict[str, str] = {
    "management": "Operational burden: what the team must patch, scale and upgrade",
    "scaling": "How capacity follows load",
    "ease_of_use": "How much there is to learn and configure",
    "flexibility": "Choice of hardware and configuration",
    "startup_speed": "How fast a new task or pod starts",
    "isolation": "Security boundary between workloads",
    "portability": "How easily the workload moves to another cloud or on premises",
    "limits": "Hard limits: task size, GPUs, daemons, Windows, Spot",
}

_F, _E, _K, _KF = Platform.ECS_FARGATE, Platform.ECS_EC2, Platform.EKS_EC2, Platform.EKS_FARGATE
_MI, _KA = Platform.ECS_MANAGED_INSTANCES, Platform.EKS_AUTO_MODE
# ECS Managed Instances and EKS Auto Mode: "AWS handles provisioning, scaling, patching, and
# maintenance of the underlying infrastructure" (ECS Developer Guide, Architect for Amazon ECS
# Managed Instances); Auto Mode runs Karpenter, the node OS and core add-ons for you (EKS User
# Guide, EKS Auto Mode), nodes being replaced at most every 21 days (EKS Best Practices Guide).

TRADEOFFS: tuple[TradeOff, ...] = (
    TradeOff(_F, "management", 5, "No instances, AMIs or cluster capacity to manage; AWS patches the hosts"),
    TradeOff(_E, "management", 3, "You patch AMIs and scale instances (capacity providers help)"),
    TradeOff(_K, "management", 2, "Nodes, AMIs, add-ons and a Kubernetes upgrade every few minor versions"),
    TradeOff(_KF, "management", 4, "No nodes, but Kubernetes versions and add-ons still to upgrade"),
    TradeOff(_MI, "management", 4, "AWS provisions, patches and replaces the instances; no AMIs or groups"),
    TradeOff(
        _KA, "management", 4, "AWS runs nodes, their OS and core add-ons; Kubernetes upgrades stay yours"
    ),
    TradeOff(_F, "scaling", 4, "Scales per task; no spare instances to keep or pre-provision"),
    TradeOff(_E, "scaling", 3, "Tasks and instances scale in two layers; capacity may lag load"),
    TradeOff(_K, "scaling", 4, "HPA plus Karpenter or Cluster Autoscaler; mature and fast on warm nodes"),
    TradeOff(_KF, "scaling", 3, "Every pod provisions its own capacity; no node to warm up"),
    TradeOff(_MI, "scaling", 4, "ECS launches instances for pending tasks and removes idle ones"),
    TradeOff(_KA, "scaling", 4, "AWS-run Karpenter provisions and consolidates nodes for pending pods"),
    TradeOff(_F, "ease_of_use", 5, "Task definition and service only; the simplest path on AWS"),
    TradeOff(_E, "ease_of_use", 4, "ECS concepts plus EC2 capacity: Auto Scaling groups, AMIs"),
    TradeOff(
        _K, "ease_of_use", 2, "Kubernetes plus EKS specifics: VPC CNI, IAM roles for service accounts, nodes"
    ),
    TradeOff(_KF, "ease_of_use", 3, "Kubernetes without nodes; Fargate profiles decide what runs where"),
    TradeOff(_MI, "ease_of_use", 4, "Task definitions plus a capacity provider and two IAM roles"),
    TradeOff(_KA, "ease_of_use", 3, "Kubernetes without node groups, Karpenter or add-ons to install"),
    TradeOff(_F, "flexibility", 2, "Fixed CPU/memory combinations; no GPUs, privileged mode or host access"),
    TradeOff(_E, "flexibility", 4, "Any instance type, GPUs, custom AMIs, privileged containers, daemons"),
    TradeOff(_K, "flexibility", 5, "Any instance type plus the whole Kubernetes ecosystem"),
    TradeOff(_KF, "flexibility", 2, "Fargate sizes only; no DaemonSets, GPUs or privileged pods"),
    TradeOff(_MI, "flexibility", 4, "Most EC2 types, GPUs and Spot; no custom AMIs, SSH or bridge mode"),
    TradeOff(
        _KA, "flexibility", 4, "Most EC2 types through NodePools, GPUs, Spot; no custom AMIs or node access"
    ),
    TradeOff(_F, "startup_speed", 3, "Each task provisions capacity and pulls its image before it starts"),
    TradeOff(
        _E,
        "startup_speed",
        4,
        "Seconds on a warm instance with cached images; minutes when a new instance is needed",
    ),
    TradeOff(
        _K, "startup_speed", 4, "Seconds on a warm node with cached images; minutes when a new node is needed"
    ),
    TradeOff(_KF, "startup_speed", 2, "Each pod provisions its own capacity and pulls its image"),
    TradeOff(_MI, "startup_speed", 4, "Seconds on an instance with room; a new instance when none has room"),
    TradeOff(_KA, "startup_speed", 4, "Seconds on a node with room; a new node when none has room"),
    TradeOff(
        _F,
        "isolation",
        5,
        "Each task has its own kernel, CPU, memory and ENI boundary (AWS Fargate security docs)",
    ),
    TradeOff(_E, "isolation", 3, "Containers on an instance share its kernel"),
    TradeOff(_K, "isolation", 3, "Pods on a node share its kernel"),
    TradeOff(_KF, "isolation", 5, "Each pod runs in its own isolated compute environment"),
    TradeOff(_MI, "isolation", 3, "Tasks share an instance's kernel (small tasks are packed together)"),
    TradeOff(_KA, "isolation", 3, "Pods on a node share its kernel"),
    TradeOff(_F, "portability", 2, "ECS APIs and task definitions are AWS-specific"),
    TradeOff(_E, "portability", 2, "ECS APIs and task definitions are AWS-specific"),
    TradeOff(_K, "portability", 5, "Standard Kubernetes manifests run on any conformant cluster"),
    TradeOff(_KF, "portability", 4, "Standard manifests, within Fargate's limits"),
    TradeOff(_MI, "portability", 2, "ECS APIs and task definitions are AWS-specific"),
    TradeOff(_KA, "portability", 5, "Standard Kubernetes manifests run on any conformant cluster"),
    TradeOff(_F, "limits", 2, "At most 16 vCPU / 120 GB per task, 200 GB storage; no GPUs or daemons"),
    TradeOff(_E, "limits", 5, "Limited only by the instance types in the region"),
    TradeOff(_K, "limits", 5, "Limited only by the instance types and max pods per node"),
    TradeOff(_KF, "limits", 1, "Fargate limits plus no Spot, no DaemonSets, Linux x86 only"),
    TradeOff(_MI, "limits", 4, "The region's instance types; Linux only, awsvpc or host networking"),
    TradeOff(_KA, "limits", 4, "The region's instance types and max pods per node; Linux only"),
)


def score(platform: Platform, criterion: str) -> TradeOff:
    for row in TRADEOFFS:
        if row.platform is platform and row.criterion == criterion:
            return row
    raise KeyError((platform, criterion))
