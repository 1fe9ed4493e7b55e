"""ECS on EC2: tasks packed onto container instances by CPU units, registered memory and ENIs.

A container instance registers less memory than it has installed (the OS and the agent keep
some), `awsvpc` tasks each take an ENI (one stays with the instance; ENI trunking raises the
limit on supported types), daemon services run on every instance, and headroom keeps spare
capacity for rolling deployments. `advisor.costing.fleet` packs and prices the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from advisor.costing.fleet import price_platform
from advisor.costing.node_types import FleetModel, Pool, devices, sustained_cpu_share
from advisor.model.costs import CostBreakdown
from advisor.model.prices import InstanceType, PriceCatalog
from advisor.model.workload import NetworkMode, Platform, Purchase, Service, Workload

CPU_UNITS_PER_VCPU = 1024

TRUNKING_TASK_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "medium": 4,
        "large": 10,
        "xlarge": 20,
        "2xlarge": 40,
        "4xlarge": 60,
        "8xlarge": 60,
        "9xlarge": 60,
        "12xlarge": 60,
        "16xlarge": 120,
        "18xlarge": 120,
        "24xlarge": 120,
        "32xlarge": 120,
        "48xlarge": 120,
        "metal": 120,
    }
)
"""awsvpc tasks per instance with ENI trunking, by size, for the families below.

Source: Amazon ECS Developer Guide, "Supported Amazon EC2 instance types" for ENI trunking
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/eni-trunking-supported-instance-types.html;
awsdocs/amazon-ecs-developer-guide doc_source/container-instance-eni.md, read 2026-11-23):
large 2 → 10, xlarge 3 → 20, 2xlarge 3 → 40, 4xlarge 7 → 60, 16xlarge 14 → 120, Graviton
medium 1 → 4. The 6th-generation Intel/AMD families allow more at 8xlarge and 12xlarge
(`TRUNKING_OVERRIDES`). Types the table does not list keep the limit without trunking.
"""

TRUNKING_FAMILIES = frozenset(
    {
        "a1",
        "c5",
        "c5a",
        "c5ad",
        "c5d",
        "c6a",
        "c6g",
        "c6gd",
        "c6gn",
        "c6i",
        "c6id",
        "c7g",
        "m5",
        "m5a",
        "m5ad",
        "m5d",
        "m6a",
        "m6g",
        "m6gd",
        "m6i",
        "m6id",
        "m7g",
        "r5",
        "r5a",
        "r5ad",
        "r5d",
        "r6a",
        "r6g",
        "r6gd",
        "r6i",
        "r6id",
        "r7g",
        "x2gd",
    }
)
TRUNKING_OVERRIDES: Mapping[str, int] = MappingProxyType(
    {
        **{
            f"{family}.8xlarge": 90
            for family in ("m6i", "m6a", "m6id", "c6i", "c6a", "c6id", "r6i", "r6a", "r6id")
        },
        **{
            f"{family}.12xlarge": 120
            for family in ("m6i", "m6a", "m6id", "c6i", "c6a", "c6id", "r6i", "r6a", "r6id")
        },
        "a1.medium": 10,
    }
)
TRUNKING_UNSUPPORTED = frozenset(
    {
        "a1.metal",
        "c5.metal",
        "c5a.8xlarge",
        "c5ad.8xlarge",
        "c5d.metal",
        "m5.metal",
        "r5.metal",
        "r5.8xlarge",
        "r5d.metal",
    }
)


def awsvpc_task_limit(spec: InstanceType, trunking: bool) -> int:
    """awsvpc tasks one instance can run: ENIs − 1, or the ECS trunking limit where supported."""
    if trunking and spec.family in TRUNKING_FAMILIES and spec.name not in TRUNKING_UNSUPPORTED:
        size = spec.name.split(".", 1)[1]
        limit = TRUNKING_OVERRIDES.get(spec.name, TRUNKING_TASK_LIMITS.get(size))
        if limit is not None:
            return limit
    return spec.max_enis - 1


def registered_memory_mib(spec: InstanceType, os_fraction: float, reserved_mib: int) -> float:
    """Memory an ECS container instance registers for tasks.

    Amazon ECS Developer Guide, "Container instance memory management"
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html): an
    m4.large with 8192 MiB installed registers 7985 MiB on Linux (2.5 % less: the default
    `ecs_os_memory_fraction`), and ECS_RESERVED_MEMORY (default 0) is subtracted on top.
    """
    return spec.memory_gib * 1024 * (1 - os_fraction) - reserved_mib


def task_resources(service: Service) -> tuple[float, float, float, float]:
    """(CPU units, memory MiB, ENIs, GPUs) one task reserves."""
    eni = 1.0 if service.network_mode is NetworkMode.AWSVPC else 0.0
    return (service.vcpu * CPU_UNITS_PER_VCPU, service.memory_gib * 1024, eni, float(service.gpu_count))


def ecs_ec2_model(workload: Workload) -> FleetModel:
    """ECS container instances: registered memory, ENI (or trunking) limits, daemon tasks."""
    a = workload.assumptions
    daemons = [s for s in workload.services if s.daemon]
    daemon_use = [sum(task_resources(d)[i] for d in daemons) for i in range(4)]

    def capacity(spec: InstanceType, pool: Pool) -> tuple[float, ...] | None:
        cpu = float(spec.vcpu * CPU_UNITS_PER_VCPU)
        if spec.burstable:
            # A burstable type is used only when the tasks' sustained CPU fits its baseline.
            if spec.baseline_cpu_fraction is None:
                return None
            cpu = min(cpu, spec.baseline_cpu_fraction * cpu / sustained_cpu_share(pool.services))
        memory = registered_memory_mib(spec, a.ecs_os_memory_fraction, a.ecs_reserved_memory_mib)
        usable = (
            cpu * (1 - a.headroom) - daemon_use[0],
            memory * (1 - a.headroom) - daemon_use[1],
            awsvpc_task_limit(spec, a.eni_trunking) - daemon_use[2],
            devices(spec) - daemon_use[3],
        )
        if usable[0] <= 0 or usable[1] <= 0 or usable[2] < 0 or usable[3] < 0:
            return None
        return usable

    return FleetModel(
        Platform.ECS_EC2,
        capacity,
        task_resources,
        utilization_dims=(0, 1),
        extra_dims={"eni": 2},
        capacity_key=("ecs-ec2", a, tuple(daemons)),
    )


def price_ecs_ec2(workload: Workload, catalog: PriceCatalog, purchase: Purchase) -> CostBreakdown:
    """Monthly cost of the workload on ECS container instances under `purchase`."""
    return price_platform(workload, catalog, purchase, ecs_ec2_model(workload))
