"""What one Kubernetes pod spec asks for: its resources and the nodes it may run on.

Apart from `k8s`, which turns whole objects (Deployments, Jobs, CronJobs, …) into services,
because these are the rules of the pod itself, the same under every kind of object.

Resources follow the Kubernetes resource model
(https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
and .../pods/sidecar-containers/, read 2026-11), for CPU, memory, ephemeral storage and GPUs:

- a container's request is `resources.requests`, else `resources.limits` (Kubernetes defaults
  a missing request to the limit); GPUs (`*/gpu`) are limits;
- sidecars (init containers with `restartPolicy: Always`) run beside the app containers;
- effective request = max(max over init containers of (its request + the sidecars started
  before it), sum of app containers + sidecars), plus `spec.overhead`.

Nodes: `nodeSelector` or required node affinity on `kubernetes.io/arch` (amd64 / arm64; both →
any) and `kubernetes.io/os` set arch / os; no constraint means x86_64 Linux.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.importers.units import k8s_cpu_vcpu, k8s_memory_gib, k8s_quantity
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import OS, Arch

_ARCH = {"amd64": Arch.X86_64, "arm64": Arch.ARM64}
_OS = {"linux": OS.LINUX, "windows": OS.WINDOWS}
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")


def as_mapping(value: Any, path: str, what: str = "a mapping") -> Mapping[str, Any]:
    """The mapping at `path` (an absent one reads as empty); InvalidWorkload for anything else."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidWorkload(path, value, f"expected {what}")
    return value


def as_list(value: Any, path: str) -> list[Any]:
    """The list at `path` (an absent one reads as empty); InvalidWorkload for anything else."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidWorkload(path, value, "expected a list")
    return value


@dataclass(slots=True)
class _Resources:
    vcpu: float = 0.0
    memory_gib: float = 0.0
    storage_gib: float = 0.0
    gpus: float = 0.0

    def plus(self, other: _Resources) -> _Resources:
        return _Resources(
            self.vcpu + other.vcpu,
            self.memory_gib + other.memory_gib,
            self.storage_gib + other.storage_gib,
            self.gpus + other.gpus,
        )

    def max(self, other: _Resources) -> _Resources:
        return _Resources(
            max(self.vcpu, other.vcpu),
            max(self.memory_gib, other.memory_gib),
            max(self.storage_gib, other.storage_gib),
            max(self.gpus, other.gpus),
        )


def _container_resources(container: Mapping[str, Any], path: str) -> _Resources:
    resources = as_mapping(container.get("resources"), f"{path}.resources")
    requests = as_mapping(resources.get("requests"), f"{path}.resources.requests")
    limits = as_mapping(resources.get("limits"), f"{path}.resources.limits")

    def pick(key: str) -> tuple[Any, str] | None:
        if requests.get(key) is not None:
            return requests[key], f"{path}.resources.requests.{key}"
        if limits.get(key) is not None:
            return limits[key], f"{path}.resources.limits.{key}"
        return None

    out = _Resources()
    if (cpu := pick("cpu")) is not None:
        out.vcpu = k8s_cpu_vcpu(*cpu)
    if (memory := pick("memory")) is not None:
        out.memory_gib = k8s_memory_gib(*memory)
    if (storage := pick("ephemeral-storage")) is not None:
        out.storage_gib = k8s_memory_gib(*storage)
    for key in {*requests, *limits}:
        if str(key).endswith("/gpu") and (gpu := pick(str(key))) is not None:
            out.gpus += k8s_quantity(*gpu)
    return out


def pod_resources(pod_spec: Mapping[str, Any], path: str = "spec") -> tuple[float, float, float, int]:
    """(vCPU, memory GiB, ephemeral storage GiB, GPUs) one pod requests (see module doc)."""
    containers = as_list(pod_spec.get("containers"), f"{path}.containers")
    if not containers:
        raise InvalidWorkload(f"{path}.containers", containers, "expected at least one container")
    app = _Resources()
    for i, container in enumerate(containers):
        cpath = f"{path}.containers[{i}]"
        app = app.plus(_container_resources(as_mapping(container, cpath, "a container"), cpath))
    sidecars = _Resources()
    init_peak = _Resources()
    for i, container in enumerate(as_list(pod_spec.get("initContainers"), f"{path}.initContainers")):
        cpath = f"{path}.initContainers[{i}]"
        own = _container_resources(as_mapping(container, cpath, "a container"), cpath)
        init_peak = init_peak.max(own.plus(sidecars))
        if container.get("restartPolicy") == "Always":
            sidecars = sidecars.plus(own)
    total = init_peak.max(app.plus(sidecars))
    overhead = as_mapping(pod_spec.get("overhead"), f"{path}.overhead")
    if overhead:
        total = total.plus(_container_resources({"resources": {"requests": overhead}}, f"{path}.overhead"))
    gpus = total.gpus
    if gpus != int(gpus):
        raise InvalidWorkload(f"{path}.containers[].resources.limits", gpus, "GPU counts must be whole")
    return total.vcpu, total.memory_gib, total.storage_gib, int(gpus)


def _node_values(pod_spec: Mapping[str, Any], keys: Sequence[str], path: str) -> set[str] | None:
    """The values a pod allows for a node label (`nodeSelector` or required affinity)."""
    selector = as_mapping(pod_spec.get("nodeSelector"), f"{path}.nodeSelector")
    for key in keys:
        if selector.get(key) is not None:
            return {str(selector[key]).lower()}
    affinity = as_mapping(pod_spec.get("affinity"), f"{path}.affinity")
    node = as_mapping(affinity.get("nodeAffinity"), f"{path}.affinity.nodeAffinity")
    required = as_mapping(
        node.get("requiredDuringSchedulingIgnoredDuringExecution"),
        f"{path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
    )
    allowed: set[str] | None = None
    for term in as_list(required.get("nodeSelectorTerms"), f"{path}.affinity.nodeAffinity.nodeSelectorTerms"):
        term_values: set[str] | None = None
        for expression in as_list(as_mapping(term, path).get("matchExpressions"), path):
            if not isinstance(expression, Mapping) or expression.get("key") not in keys:
                continue
            if expression.get("operator") == "In":
                values = {str(v).lower() for v in as_list(expression.get("values"), path)}
                term_values = values if term_values is None else term_values & values
        if term_values is None:
            return None  # a term without the label: that term allows any value (terms are ORed)
        allowed = term_values if allowed is None else allowed | term_values
    return allowed


def pod_arch(pod_spec: Mapping[str, Any], path: str) -> Arch:
    """The CPU architecture the pod's node constraints allow: x86_64 when unconstrained."""
    values = _node_values(pod_spec, _ARCH_KEYS, path)
    if not values:
        return Arch.X86_64
    archs = {_ARCH[v] for v in values if v in _ARCH}
    if not archs:
        raise InvalidWorkload(
            f"{path}.nodeSelector[kubernetes.io/arch]", sorted(values), "expected amd64 or arm64"
        )
    return archs.pop() if len(archs) == 1 else Arch.ANY


def pod_os(pod_spec: Mapping[str, Any], path: str) -> OS:
    """The operating system the pod's node constraints require: Linux when unconstrained."""
    values = _node_values(pod_spec, _OS_KEYS, path)
    if not values:
        return OS.LINUX
    systems = {_OS[v] for v in values if v in _OS}
    if len(systems) != 1:
        raise InvalidWorkload(
            f"{path}.nodeSelector[kubernetes.io/os]",
            sorted(values),
            "expected linux or windows (one of them)",
        )
    return systems.pop()
