"""ECS on EC2: tasks packed onto container instances by CPU units, registered memory and ENIs.

A container instance registers less memory than it has installed (the OS and the agent keep
some), `awsvpc` tasks each take an ENI (one stays with the instance; ENI trunking raises the
limit on supported types), daemon services run on every instance, and headroom keeps spare
capacity for rolling deployments. `advisor.costing.fleet` packs and prices the result.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.costing.eni_trunking import awsvpc_task_limit
from advisor.costing.fleet import price_platform
from advisor.costing.node_types import FleetModel, Pool, burstable_vcpu, devices
from advisor.model.costs import CostBreakdown
from advisor.model.money import cents
from advisor.model.prices import InstanceType, PriceCatalog
from advisor.model.workload import NetworkMode, Platform, Purchase, Service, Workload

CPU_UNITS_PER_VCPU = 1024


def registered_memory_mib(spec: InstanceType, os_fraction: float, reserved_mib: int) -> float:
    """Memory an ECS container instance registers for tasks.

    Amazon ECS Developer Guide, "Container instance memory management"
    (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html): an
    m4.large with 8192 MiB installed reports 8,373,026,816 bytes to the agent, 7985 MiB
    registered on Linux (2.5 % less: the default `ecs_os_memory_fraction`, checked against the
    guide on 2026-12-01), and ECS_RESERVED_MEMORY (`ecs_reserved_memory_mib`, 256 MiB as the
    guide's example of memory to keep for the agent and system processes) on top.
    """
    return spec.memory_gib * 1024 * (1 - os_fraction) - reserved_mib


def task_resources(service: Service) -> tuple[float, float, float, float]:
    """(CPU units, memory MiB, ENIs, GPUs) one task reserves."""
    eni = 1.0 if service.network_mode is NetworkMode.AWSVPC else 0.0
    return (service.vcpu * CPU_UNITS_PER_VCPU, service.memory_gib * 1024, eni, float(service.gpu_count))


def ecs_ec2_model(
    workload: Workload, platform: Platform = Platform.ECS_EC2, *, daemon_enis: bool = True
) -> FleetModel:
    """ECS container instances: registered memory, ENI (or trunking) limits, daemon tasks.

    ECS Managed Instances run the same ECS agent, so `managed` reuses this model under its own
    `platform` (which keys the memoized node tables apart), with `daemon_enis=False`: there
    daemons run as Managed Daemons, which take no ENI of their own (see `managed`).
    """
    a = workload.assumptions
    daemons = [s for s in workload.services if s.daemon]
    daemon_use = [sum(task_resources(d)[i] for d in daemons) for i in range(4)]
    if not daemon_enis:
        daemon_use[2] = 0.0

    def capacity(spec: InstanceType, pool: Pool) -> tuple[float, ...] | None:
        cpu = float(spec.vcpu * CPU_UNITS_PER_VCPU)
        if spec.burstable:
            sustained = burstable_vcpu(spec, pool, a)
            if sustained is None:
                return None
            cpu = min(cpu, sustained * CPU_UNITS_PER_VCPU)
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
        platform,
        capacity,
        task_resources,
        utilization_dims=(0, 1),
        extra_dims={"eni": 2},
        capacity_key=(platform.value, a, tuple(daemons), daemon_enis),
        cpu_per_vcpu=CPU_UNITS_PER_VCPU,
    )


def price_ecs_ec2(workload: Workload, catalog: PriceCatalog, purchase: Purchase) -> CostBreakdown:
    """Monthly cost of the workload on ECS container instances under `purchase`.

    When ENIs, not CPU or memory, fill the fleet, a warning says so and what the same tasks
    would cost in bridge mode (no ENI per task) and with ENI trunking when it is off.
    """
    result = price_platform(workload, catalog, purchase, ecs_ec2_model(workload))
    capacity = result.capacity
    if not result.feasible or capacity.eni_utilization is None:
        return result
    allocated = max(capacity.vcpu_utilization or 0.0, capacity.memory_utilization or 0.0)
    if capacity.eni_utilization <= allocated + 1e-9:
        return result
    alternatives = [("in bridge mode", _bridged(workload))]
    if not workload.assumptions.eni_trunking:
        trunked = replace(workload, assumptions=replace(workload.assumptions, eni_trunking=True))
        alternatives.append(("with ENI trunking (the awsvpcTrunking account setting)", trunked))
    costs = []
    for label, other in alternatives:
        priced = price_platform(other, catalog, purchase, ecs_ec2_model(other))
        if priced.feasible:
            costs.append(f"{label} ${cents(priced.monthly_usd):,.2f}/month")
    message = (
        f"ENIs bind this fleet: awsvpc tasks take {capacity.eni_utilization:.0%} of the instances' "
        f"task ENIs while vCPU is {capacity.vcpu_utilization or 0:.0%} and memory "
        f"{capacity.memory_utilization or 0:.0%} allocated"
    )
    if costs:
        message += f"; the same tasks would cost {' or '.join(costs)}"
    return replace(result, warnings=(*result.warnings, message))


def _bridged(workload: Workload) -> Workload:
    """The workload with its awsvpc services in bridge mode (tasks share the instance's ENI)."""
    services = tuple(
        replace(s, network_mode=NetworkMode.BRIDGE) if s.network_mode is NetworkMode.AWSVPC else s
        for s in workload.services
    )
    return replace(workload, services=services)
