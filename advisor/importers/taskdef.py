"""ECS task definitions (and `describe-services`) → `Service`.

Accepts what `aws ecs describe-task-definition` prints (with or without its `taskDefinition`
wrapper) and what `aws ecs register-task-definition --cli-input-json` takes. Field meanings
follow the task definition parameters reference
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html,
read 2026-11):

- size: task-level `cpu` / `memory` in any accepted spelling (see `advisor.importers.units`);
  without them, the sum over containers of `cpu` and of `memoryReservation` (else `memory`),
  which is what the scheduler reserves on an instance. A task that reserves no CPU at all is
  priced at 128 CPU units, the smallest task size ECS accepts, and says so in a note.
- `runtimePlatform.cpuArchitecture` (X86_64 / ARM64) → arch; `operatingSystemFamily`
  (LINUX / WINDOWS_SERVER_*) → os. Absent means X86_64 Linux, as in ECS.
- `ephemeralStorage.sizeInGiB` → storage_gb (absent: Fargate's included 20 GiB).
- `networkMode` (absent: awsvpc when Fargate or ECS Managed Instances is required, which run
  no bridge mode, else ECS's default bridge).
- GPUs: the sum of containers' `resourceRequirements` of type GPU; privileged containers.
- `describe-services`: desiredCount, service name, FARGATE_SPOT (→ spot_ok) and the DAEMON
  scheduling strategy (→ daemon, one task per instance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.importers.capacity import spot_note, spot_share
from advisor.importers.errors import missing, problem
from advisor.importers.units import (
    CPU_UNITS_PER_VCPU,
    MIB_PER_GIB,
    ecs_container_integer,
    ecs_cpu_units,
    ecs_memory_mib,
)
from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import load_json
from advisor.model.workload import OS, Arch, NetworkMode, Service, UsageBand

ECS_MIN_TASK_CPU_UNITS = 128
"""Smallest task-level `cpu` ECS accepts: "between 128 CPU units (0.125 vCPUs) and 196608 CPU
units (192 vCPUs)" (RegisterTaskDefinition API reference, read 2026-11)."""

FARGATE_INCLUDED_STORAGE_GIB = 20.0
"""Fargate tasks get 20 GiB of ephemeral storage unless `ephemeralStorage` asks for more
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html)."""

_ARCH = {"X86_64": Arch.X86_64, "ARM64": Arch.ARM64}
# Service-field errors raised by `Service` → where that value came from in the task definition.
_FIELD_PATHS = {
    "vcpu": "cpu",
    "memory_gib": "memory",
    "storage_gb": "ephemeralStorage.sizeInGiB",
    "arch": "runtimePlatform.cpuArchitecture",
}


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """The parts of one `describe-services` entry the importers use."""

    name: str
    task_definition: str
    desired_count: int
    running_count: int | None = None
    launch_type: str = ""
    spot: bool = False
    daemon: bool = False
    spot_share: float = 0.0
    """Fraction of the tasks the capacity provider strategy puts on FARGATE_SPOT."""


@dataclass(frozen=True, slots=True)
class TaskdefImport:
    """A priced-ready service plus what the task definition said that the Service can't hold."""

    service: Service
    family: str | None
    compatibilities: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def parse_json_text(text: str, source: str) -> Any:
    """JSON text → data, by the bounded loader; a syntax error names the file, line and column."""
    return load_json(text, source)


def unwrap(data: Any) -> tuple[Mapping[str, Any], str]:
    """The task definition inside `data` and the JSON path prefix that leads to it.

    `describe-task-definition` wraps it as `{"taskDefinition": {...}, "tags": [...]}`;
    `register-task-definition` input is the bare object.
    """
    if not isinstance(data, Mapping):
        raise InvalidWorkload("$", type(data).__name__, "expected a JSON object (an ECS task definition)")
    inner = data.get("taskDefinition")
    if isinstance(inner, Mapping):
        return inner, "taskDefinition."
    if "containerDefinitions" not in data:
        hint = (
            " (this looks like describe-services output: pass it with --services-json)"
            if ("services" in data)
            else ""
        )
        raise missing(
            "containerDefinitions",
            f"expected an ECS task definition (`aws ecs describe-task-definition` output "
            f"or register-task-definition input){hint}",
        )
    return data, ""


def container_definitions(taskdef: Mapping[str, Any], prefix: str = "") -> list[Mapping[str, Any]]:
    """The container definitions, checked to be a non-empty list of objects."""
    containers = taskdef.get("containerDefinitions")
    if not isinstance(containers, list) or not containers:
        raise InvalidWorkload(
            f"{prefix}containerDefinitions", containers, "expected a non-empty list of container definitions"
        )
    for i, container in enumerate(containers):
        if not isinstance(container, Mapping):
            raise InvalidWorkload(
                f"{prefix}containerDefinitions[{i}]", container, "expected a container definition object"
            )
    return containers


def _whole_count(value: Any, path: str, unit: str = "tasks") -> int:
    number = ecs_container_integer(value, path, unit)
    if number != int(number):
        raise InvalidWorkload(path, value, "expected a whole number")
    return int(number)


def services_from_describe(data: Any, source: str = "describe-services") -> tuple[ServiceInfo, ...]:
    """The services of an `aws ecs describe-services` output (`{"services": [...]}`)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("services"), list):
        raise problem(
            source, "expected `aws ecs describe-services` output (an object with a 'services' list)"
        )
    infos = []
    for i, raw in enumerate(data["services"]):
        path = f"services[{i}]"
        if not isinstance(raw, Mapping):
            raise InvalidWorkload(path, raw, "expected a service object")
        infos.append(service_info(raw, path))
    return tuple(infos)


def service_info(raw: Mapping[str, Any], path: str = "service") -> ServiceInfo:
    """One `describe-services` entry → ServiceInfo (launch type or capacity providers)."""
    name = raw.get("serviceName")
    if not name:
        raise missing(f"{path}.serviceName", "every service has a serviceName")
    strategy = raw.get("capacityProviderStrategy") or []
    if not isinstance(strategy, list):
        raise InvalidWorkload(f"{path}.capacityProviderStrategy", strategy, "expected a list")
    providers = [str(item.get("capacityProvider", "")) for item in strategy if isinstance(item, Mapping)]
    launch_type = str(raw.get("launchType") or ",".join(providers) or "")
    running = raw.get("runningCount")
    desired = _whole_count(raw.get("desiredCount", 0), f"{path}.desiredCount")
    share = spot_share(strategy, desired, f"{path}.capacityProviderStrategy")
    return ServiceInfo(
        name=str(name),
        task_definition=str(raw.get("taskDefinition") or ""),
        desired_count=desired,
        running_count=None if running is None else _whole_count(running, f"{path}.runningCount"),
        launch_type=launch_type,
        spot=share > 0,
        daemon=str(raw.get("schedulingStrategy", "")).upper() == "DAEMON",
        spot_share=share,
    )


def match_service(taskdef: Mapping[str, Any], infos: Sequence[ServiceInfo]) -> ServiceInfo | None:
    """The service that runs this task definition: by ARN, then `family:revision`, then family."""
    arn = str(taskdef.get("taskDefinitionArn") or "")
    family = str(taskdef.get("family") or "")
    revision = taskdef.get("revision")
    for info in infos:
        if arn and info.task_definition == arn:
            return info
    for info in infos:
        ref = info.task_definition.rsplit("/", 1)[-1]
        if family and revision is not None and ref == f"{family}:{revision}":
            return info
    for info in infos:
        ref = info.task_definition.rsplit("/", 1)[-1]
        if family and ref.split(":", 1)[0] == family:
            return info
    return None


def runtime_platform(taskdef: Mapping[str, Any], prefix: str = "") -> Mapping[str, Any]:
    """`runtimePlatform` ({} when absent); anything but an object is an error naming it."""
    platform = taskdef.get("runtimePlatform") or {}
    if not isinstance(platform, Mapping):
        raise InvalidWorkload(f"{prefix}runtimePlatform", platform, "expected an object")
    return platform


def _os(taskdef: Mapping[str, Any], prefix: str) -> OS:
    platform = runtime_platform(taskdef, prefix)
    family = str(platform.get("operatingSystemFamily") or "LINUX").strip().upper()
    if family == "LINUX":
        return OS.LINUX
    if family.startswith("WINDOWS"):
        return OS.WINDOWS
    raise InvalidWorkload(
        f"{prefix}runtimePlatform.operatingSystemFamily",
        platform.get("operatingSystemFamily"),
        "expected LINUX or WINDOWS_SERVER_* (e.g. WINDOWS_SERVER_2022_CORE)",
    )


def _arch(taskdef: Mapping[str, Any], prefix: str) -> Arch:
    platform = runtime_platform(taskdef, prefix)
    raw = str(platform.get("cpuArchitecture") or "X86_64").strip().upper()
    if raw not in _ARCH:
        raise InvalidWorkload(
            f"{prefix}runtimePlatform.cpuArchitecture",
            platform.get("cpuArchitecture"),
            "expected X86_64 or ARM64",
        )
    return _ARCH[raw]


def _network_mode(
    taskdef: Mapping[str, Any], prefix: str, compatibilities: tuple[str, ...], notes: list[str]
) -> NetworkMode:
    raw = taskdef.get("networkMode")
    if raw in (None, ""):
        if "MANAGED_INSTANCES" in compatibilities and "FARGATE" not in compatibilities:
            # ECS Managed Instances run awsvpc, host or none, never bridge (ECS API reference,
            # ManagedInstancesNetworkConfiguration): awsvpc is the mode that carries over.
            notes.append(
                "networkMode absent on MANAGED_INSTANCES: priced as awsvpc (bridge is not supported)"
            )
        return (
            NetworkMode.AWSVPC
            if {"FARGATE", "MANAGED_INSTANCES"} & set(compatibilities)
            else NetworkMode.BRIDGE
        )
    mode = str(raw).strip().lower()
    if mode in ("none", "default"):
        notes.append(f"networkMode {raw!r} uses no task ENI: priced like bridge")
        return NetworkMode.BRIDGE
    try:
        return NetworkMode(mode)
    except ValueError:
        raise InvalidWorkload(
            f"{prefix}networkMode", raw, "expected awsvpc, bridge, host, none or default"
        ) from None


def _container_sums(
    containers: Sequence[Mapping[str, Any]], prefix: str, *, need_memory: bool
) -> tuple[float, float]:
    """(CPU units, MiB) the containers reserve: `cpu`, `memoryReservation` else `memory`."""
    cpu_units = 0.0
    memory_mib = 0.0
    for i, container in enumerate(containers):
        path = f"{prefix}containerDefinitions[{i}]"
        if container.get("cpu") not in (None, ""):
            cpu_units += ecs_container_integer(container["cpu"], f"{path}.cpu", "CPU units")
        reservation = container.get("memoryReservation")
        hard = container.get("memory")
        if reservation not in (None, ""):
            memory_mib += ecs_container_integer(reservation, f"{path}.memoryReservation", "MiB")
        elif hard not in (None, ""):
            memory_mib += ecs_container_integer(hard, f"{path}.memory", "MiB")
        elif need_memory:
            raise missing(
                f"{path}.memory",
                "memory or memoryReservation is required when the task has no task-level memory",
            )
    return cpu_units, memory_mib


def _gpus(containers: Sequence[Mapping[str, Any]], prefix: str) -> int:
    total = 0
    for i, container in enumerate(containers):
        for j, requirement in enumerate(container.get("resourceRequirements") or []):
            if isinstance(requirement, Mapping) and str(requirement.get("type", "")).upper() == "GPU":
                path = f"{prefix}containerDefinitions[{i}].resourceRequirements[{j}].value"
                total += _whole_count(requirement.get("value"), path, "GPUs")
    return total


def _size(
    taskdef: Mapping[str, Any],
    containers: Sequence[Mapping[str, Any]],
    prefix: str,
    *,
    os: OS,
    compatibilities: tuple[str, ...],
    notes: list[str],
) -> tuple[float, float]:
    """(vCPU, GiB) of one task."""
    task_cpu = taskdef.get("cpu")
    task_memory = taskdef.get("memory")
    has_cpu = task_cpu not in (None, "")
    has_memory = task_memory not in (None, "")
    sum_cpu, sum_memory = _container_sums(containers, prefix, need_memory=not has_memory)
    if os is OS.WINDOWS and "FARGATE" not in compatibilities and (sum_cpu or sum_memory):
        # ECS: "Task-level CPU and memory parameters are ignored for Windows containers" on EC2.
        if has_cpu or has_memory:
            notes.append("Windows on EC2 ignores task-level cpu/memory: sized from the containers")
        has_cpu, has_memory = has_cpu and not sum_cpu, has_memory and not sum_memory
    cpu_units = ecs_cpu_units(task_cpu, f"{prefix}cpu") if has_cpu else sum_cpu
    memory_mib = ecs_memory_mib(task_memory, f"{prefix}memory") if has_memory else sum_memory
    if has_cpu and cpu_units <= 0:
        raise InvalidWorkload(f"{prefix}cpu", task_cpu, "must be greater than 0")
    if not has_cpu and cpu_units <= 0:
        notes.append(
            f"no CPU reserved (no task-level cpu, containers' cpu 0 or unset): priced at "
            f"{ECS_MIN_TASK_CPU_UNITS} CPU units, the smallest ECS task size; set cpu to price it"
        )
        cpu_units = ECS_MIN_TASK_CPU_UNITS
    if memory_mib <= 0:
        where = f"{prefix}memory" if has_memory else f"{prefix}containerDefinitions[].memory"
        raise InvalidWorkload(where, task_memory, "must be greater than 0 MiB")
    return cpu_units / CPU_UNITS_PER_VCPU, memory_mib / MIB_PER_GIB


def import_taskdef(
    data: Any,
    *,
    name: str | None = None,
    desired_count: int | None = None,
    service_info: ServiceInfo | None = None,
) -> TaskdefImport:
    """One task definition (wrapped or bare) → a Service and notes.

    Name: `name`, else the matched service's name, else the family. Tasks: `desired_count`,
    else the service's desiredCount, else 1. Errors name the JSON path within `data`.
    """
    taskdef, prefix = unwrap(data)
    containers = container_definitions(taskdef, prefix)
    notes: list[str] = []
    compatibilities = tuple(
        str(c).upper()
        for c in (taskdef.get("requiresCompatibilities") or taskdef.get("compatibilities") or ())
    )
    family = str(taskdef["family"]) if taskdef.get("family") else None
    os = _os(taskdef, prefix)
    arch = _arch(taskdef, prefix)
    vcpu, memory_gib = _size(taskdef, containers, prefix, os=os, compatibilities=compatibilities, notes=notes)
    storage = taskdef.get("ephemeralStorage") or {}
    storage_gib = FARGATE_INCLUDED_STORAGE_GIB
    if isinstance(storage, Mapping) and storage.get("sizeInGiB") not in (None, ""):
        storage_gib = ecs_container_integer(
            storage["sizeInGiB"], f"{prefix}ephemeralStorage.sizeInGiB", "GiB"
        )
    tasks = desired_count
    if tasks is None:
        tasks = service_info.desired_count if service_info is not None else 1
    daemon = service_info is not None and service_info.daemon
    if service_info is not None and 0 < service_info.spot_share < 1:
        notes.append(spot_note(service_info.spot_share))
    if daemon:
        notes.append(f"DAEMON service: one task per instance (desiredCount {tasks} = instances today)")
        tasks = 1
    service_name = name or (service_info.name if service_info else None) or family or "task"
    gpu_count = _gpus(containers, prefix)
    network_mode = _network_mode(taskdef, prefix, compatibilities, notes)
    try:
        service = Service(
            name=service_name,
            vcpu=vcpu,
            memory_gib=memory_gib,
            bands=(UsageBand(tasks),),
            storage_gb=storage_gib,
            arch=arch,
            os=os,
            spot_ok=service_info is not None and service_info.spot,
            gpu_count=gpu_count,
            privileged=any(bool(c.get("privileged")) for c in containers),
            daemon=daemon,
            network_mode=network_mode,
        )
    except InvalidWorkload as err:
        if err.field == "tasks":
            raise InvalidWorkload("desired count", err.value, err.allowed) from None
        path = _FIELD_PATHS.get(err.field, err.field)
        raise InvalidWorkload(f"{prefix}{path}", err.value, err.allowed) from None
    return TaskdefImport(service, family, compatibilities, tuple(notes))


def service_from_taskdef(
    data: Mapping[str, Any], *, name: str | None = None, desired_count: int = 1
) -> Service:
    """One task definition (`describe-task-definition` output or register input) → Service.

    The entry point for `estimate --taskdef` and the dashboard upload; `import_taskdef` gives
    the notes and describe-services matching too.
    """
    return import_taskdef(data, name=name, desired_count=desired_count).service
