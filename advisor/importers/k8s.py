"""Kubernetes manifests (multi-document YAML) → `Service`s.

Read with the bounded loader (`advisor.model.safe_load.load_yaml_all`, safe_load semantics).
Supported kinds: Deployment, StatefulSet, ReplicaSet,
DaemonSet, Job, CronJob, Pod, and `List` (its items). Anything else is skipped with a note.

Per pod, following the Kubernetes resource model
(https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
and .../pods/sidecar-containers/, read 2026-11), for CPU, memory, ephemeral storage and GPUs:

- a container's request is `resources.requests`, else `resources.limits` (Kubernetes defaults
  a missing request to the limit); GPUs (`*/gpu`) are limits;
- sidecars (init containers with `restartPolicy: Always`) run beside the app containers;
- effective request = max(max over init containers of (its request + the sidecars started
  before it), sum of app containers + sidecars), plus `spec.overhead`.

Replicas: `spec.replicas` (default 1). `nodeSelector` or required node affinity on
`kubernetes.io/arch` (amd64 / arm64; both → any) and `kubernetes.io/os` set arch / os; no
constraint means x86_64 Linux. `hostNetwork` → host network mode, privileged containers →
privileged. DaemonSets become `daemon: true` services (one pod per node: per-node overhead).

Jobs and CronJobs become run-based services. A CronJob's runs per month come from its
schedule (see `advisor.importers.cron`) × completions; a Job runs once (completions runs in
the month). Manifests do not say how long a run takes, so the duration comes from the
annotation `ecs-advisor/avg-duration-seconds`, else the `job_seconds` argument (CLI
`--job-seconds`), else `activeDeadlineSeconds` as an upper bound (with a note); without any of
them the object is reported as an error naming the annotation and the flag.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.importers.cron import runs_per_month
from advisor.importers.errors import missing
from advisor.importers.units import k8s_cpu_vcpu, k8s_memory_gib, k8s_quantity
from advisor.model.safe_load import InvalidDocument, load_yaml_all
from advisor.model.workload import OS, Arch, InvalidWorkload, NetworkMode, RunSchedule, Service, UsageBand

DURATION_ANNOTATION = "ecs-advisor/avg-duration-seconds"
REPLICATED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
SUPPORTED_KINDS = (*REPLICATED_KINDS, "DaemonSet", "Job", "CronJob", "Pod")
_ARCH = {"amd64": Arch.X86_64, "arm64": Arch.ARM64}
_OS = {"linux": OS.LINUX, "windows": OS.WINDOWS}
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")


@dataclass(frozen=True, slots=True)
class ManifestResult:
    """What one manifest file gave: services, notes (skips, assumptions) and errors.

    Each error names the document index (1-based, as editors count `---` documents), the
    object and the path within it; documents after a failed one still import.
    """

    services: tuple[Service, ...] = ()
    notes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


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


@dataclass(slots=True)
class _Context:
    notes: list[str] = field(default_factory=list)


def _mapping(value: Any, path: str, what: str = "a mapping") -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidWorkload(path, value, f"expected {what}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidWorkload(path, value, "expected a list")
    return value


def _container_resources(container: Mapping[str, Any], path: str) -> _Resources:
    resources = _mapping(container.get("resources"), f"{path}.resources")
    requests = _mapping(resources.get("requests"), f"{path}.resources.requests")
    limits = _mapping(resources.get("limits"), f"{path}.resources.limits")

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
    containers = _list(pod_spec.get("containers"), f"{path}.containers")
    if not containers:
        raise InvalidWorkload(f"{path}.containers", containers, "expected at least one container")
    app = _Resources()
    for i, container in enumerate(containers):
        cpath = f"{path}.containers[{i}]"
        app = app.plus(_container_resources(_mapping(container, cpath, "a container"), cpath))
    sidecars = _Resources()
    init_peak = _Resources()
    for i, container in enumerate(_list(pod_spec.get("initContainers"), f"{path}.initContainers")):
        cpath = f"{path}.initContainers[{i}]"
        own = _container_resources(_mapping(container, cpath, "a container"), cpath)
        init_peak = init_peak.max(own.plus(sidecars))
        if container.get("restartPolicy") == "Always":
            sidecars = sidecars.plus(own)
    total = init_peak.max(app.plus(sidecars))
    overhead = _mapping(pod_spec.get("overhead"), f"{path}.overhead")
    if overhead:
        total = total.plus(_container_resources({"resources": {"requests": overhead}}, f"{path}.overhead"))
    gpus = total.gpus
    if gpus != int(gpus):
        raise InvalidWorkload(f"{path}.containers[].resources.limits", gpus, "GPU counts must be whole")
    return total.vcpu, total.memory_gib, total.storage_gib, int(gpus)


def _node_values(pod_spec: Mapping[str, Any], keys: Sequence[str], path: str) -> set[str] | None:
    """The values a pod allows for a node label (`nodeSelector` or required affinity)."""
    selector = _mapping(pod_spec.get("nodeSelector"), f"{path}.nodeSelector")
    for key in keys:
        if selector.get(key) is not None:
            return {str(selector[key]).lower()}
    affinity = _mapping(pod_spec.get("affinity"), f"{path}.affinity")
    node = _mapping(affinity.get("nodeAffinity"), f"{path}.affinity.nodeAffinity")
    required = _mapping(
        node.get("requiredDuringSchedulingIgnoredDuringExecution"),
        f"{path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution",
    )
    allowed: set[str] | None = None
    for term in _list(required.get("nodeSelectorTerms"), f"{path}.affinity.nodeAffinity.nodeSelectorTerms"):
        term_values: set[str] | None = None
        for expression in _list(_mapping(term, path).get("matchExpressions"), path):
            if not isinstance(expression, Mapping) or expression.get("key") not in keys:
                continue
            if expression.get("operator") == "In":
                values = {str(v).lower() for v in _list(expression.get("values"), path)}
                term_values = values if term_values is None else term_values & values
        if term_values is None:
            return None  # a term without the label: that term allows any value (terms are ORed)
        allowed = term_values if allowed is None else allowed | term_values
    return allowed


def _arch(pod_spec: Mapping[str, Any], path: str) -> Arch:
    values = _node_values(pod_spec, _ARCH_KEYS, path)
    if not values:
        return Arch.X86_64
    archs = {_ARCH[v] for v in values if v in _ARCH}
    if not archs:
        raise InvalidWorkload(
            f"{path}.nodeSelector[kubernetes.io/arch]", sorted(values), "expected amd64 or arm64"
        )
    return archs.pop() if len(archs) == 1 else Arch.ANY


def _os(pod_spec: Mapping[str, Any], path: str) -> OS:
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


def _count(value: Any, path: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidWorkload(path, value, "expected a whole number, 0 or more")
    return value


def _run_seconds(
    obj: Mapping[str, Any],
    job_spec: Mapping[str, Any],
    job_path: str,
    job_seconds: float | None,
    ctx: _Context,
) -> float:
    annotations = _mapping(
        _mapping(obj.get("metadata"), "metadata").get("annotations"), "metadata.annotations"
    )
    if annotations.get(DURATION_ANNOTATION) is not None:
        raw = annotations[DURATION_ANNOTATION]
        try:
            seconds = float(raw)
        except (TypeError, ValueError):
            raise InvalidWorkload(
                f"metadata.annotations[{DURATION_ANNOTATION}]", raw, "expected seconds"
            ) from None
        if seconds <= 0:
            raise InvalidWorkload(
                f"metadata.annotations[{DURATION_ANNOTATION}]", raw, "must be greater than 0"
            )
        return seconds
    if job_seconds is not None:
        return job_seconds
    deadline = job_spec.get("activeDeadlineSeconds")
    if deadline is not None:
        ctx.notes.append("run duration taken from activeDeadlineSeconds (an upper bound)")
        return float(_count(deadline, f"{job_path}.activeDeadlineSeconds", 0))
    raise missing(
        f"metadata.annotations[{DURATION_ANNOTATION}]",
        f"a manifest does not say how long a run takes: add the annotation "
        f"{DURATION_ANNOTATION}: '<seconds>' or pass --job-seconds N",
    )


def _runs(
    obj: Mapping[str, Any],
    job_spec: Mapping[str, Any],
    job_path: str,
    *,
    runs: float,
    job_seconds: float | None,
    ctx: _Context,
) -> RunSchedule:
    completions = _count(job_spec.get("completions"), f"{job_path}.completions", 0)
    parallelism = _count(job_spec.get("parallelism"), f"{job_path}.parallelism", 1)
    pods_per_run = completions or max(parallelism, 1)
    peak = max(1, min(parallelism, pods_per_run))
    return RunSchedule(
        runs_per_month=runs * pods_per_run,
        avg_duration_seconds=_run_seconds(obj, job_spec, job_path, job_seconds, ctx),
        peak_concurrency=peak,
    )


def service_from_object(
    obj: Mapping[str, Any], *, job_seconds: float | None = None
) -> tuple[Service, tuple[str, ...]]:
    """One supported Kubernetes object → (Service, notes). Paths in errors are within `obj`."""
    kind = str(obj.get("kind"))
    metadata = _mapping(obj.get("metadata"), "metadata")
    name = str(metadata.get("name") or "").strip()
    if not name:
        raise missing("metadata.name", "every object needs a name")
    spec = _mapping(obj.get("spec"), "spec")
    ctx = _Context()
    runs: RunSchedule | None = None
    tasks = 1
    if kind == "Pod":
        pod_path, pod_spec = "spec", spec
    elif kind == "CronJob":
        job_path = "spec.jobTemplate.spec"
        job_spec = _mapping(_mapping(spec.get("jobTemplate"), "spec.jobTemplate").get("spec"), job_path)
        pod_path = f"{job_path}.template.spec"
        pod_spec = _mapping(_mapping(job_spec.get("template"), f"{job_path}.template").get("spec"), pod_path)
        if spec.get("suspend") is True:
            ctx.notes.append("suspended CronJob: priced as if it ran on its schedule")
        if spec.get("schedule") is None:
            raise missing("spec.schedule", "a CronJob needs a schedule")
        runs = _runs(
            obj,
            job_spec,
            job_path,
            runs=runs_per_month(spec["schedule"], "spec.schedule"),
            job_seconds=job_seconds,
            ctx=ctx,
        )
    else:
        pod_path = "spec.template.spec"
        pod_spec = _mapping(_mapping(spec.get("template"), "spec.template").get("spec"), pod_path)
        if kind in REPLICATED_KINDS:
            tasks = _count(spec.get("replicas"), "spec.replicas", 1)
        elif kind == "Job":
            ctx.notes.append("a Job runs once: priced as one run this month")
            runs = _runs(obj, spec, "spec", runs=1.0, job_seconds=job_seconds, ctx=ctx)
    vcpu, memory_gib, storage_gib, gpus = pod_resources(pod_spec, pod_path)
    if vcpu <= 0:
        raise missing(
            f"{pod_path}.containers[].resources.requests.cpu", "no container requests or limits CPU"
        )
    if memory_gib <= 0:
        raise missing(
            f"{pod_path}.containers[].resources.requests.memory", "no container requests or limits memory"
        )
    containers = [
        *_list(pod_spec.get("containers"), f"{pod_path}.containers"),
        *_list(pod_spec.get("initContainers"), f"{pod_path}.initContainers"),
    ]
    privileged = any(
        bool(_mapping(c.get("securityContext"), "securityContext").get("privileged"))
        for c in containers
        if isinstance(c, Mapping)
    )
    daemon = kind == "DaemonSet"
    if daemon:
        ctx.notes.append("DaemonSet: one pod per node, priced as per-node overhead")
    optional: dict[str, Any] = {}
    if storage_gib:
        # GiB as the ECS importer does: AWS bills Fargate ephemeral storage in "GB" of 2^30 bytes.
        optional["storage_gb"] = storage_gib
    try:
        service = Service(
            name=name,
            vcpu=vcpu,
            memory_gib=memory_gib,
            bands=() if runs is not None else (UsageBand(tasks),),
            runs=runs,
            arch=_arch(pod_spec, pod_path),
            os=_os(pod_spec, pod_path),
            gpu_count=gpus,
            privileged=privileged,
            daemon=daemon,
            network_mode=NetworkMode.HOST if pod_spec.get("hostNetwork") is True else NetworkMode.AWSVPC,
            **optional,
        )
    except InvalidWorkload as err:
        where = {
            "storage_gb": f"{pod_path}.containers[].resources.requests.ephemeral-storage",
            "arch": f"{pod_path}.nodeSelector",
        }.get(err.field, err.field)
        raise InvalidWorkload(where, err.value, err.allowed) from None
    return service, tuple(ctx.notes)


def _objects(document: Any) -> Iterator[tuple[str, Any]]:
    """(suffix, object) pairs: the document itself, or the items of a `kind: List`."""
    if isinstance(document, Mapping) and document.get("kind") == "List":
        for i, item in enumerate(_list(document.get("items"), "items")):
            yield f" items[{i}]", item
    else:
        yield "", document


def _label(obj: Any) -> str:
    """` (Kind/name)` for messages, or nothing when the document is not an object."""
    if not isinstance(obj, Mapping):
        return ""
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return f" ({obj.get('kind', '?')}/{name or '?'})"


def import_manifest_text(text: str, *, job_seconds: float | None = None) -> ManifestResult:
    """Every supported object of a multi-document manifest; errors per document.

    A YAML syntax error stops the file at that document (the documents before it are kept).
    """
    services: list[Service] = []
    notes: list[str] = []
    errors: list[str] = []
    index = 0
    try:
        for index, document in enumerate(load_yaml_all(text, "manifest"), start=1):
            if document is None:
                continue
            for suffix, obj in _objects(document):
                where = f"document {index}{suffix}{_label(obj)}"
                if not isinstance(obj, Mapping) or "kind" not in obj:
                    errors.append(f"{where}: expected a Kubernetes object with apiVersion and kind")
                    continue
                if obj["kind"] not in SUPPORTED_KINDS:
                    notes.append(f"{where}: skipped, kind {obj['kind']} is not a workload the advisor prices")
                    continue
                try:
                    service, object_notes = service_from_object(obj, job_seconds=job_seconds)
                except InvalidWorkload as err:
                    errors.append(f"{where}: {err}")
                    continue
                services.append(service)
                notes.extend(f"{where}: {note}" for note in object_notes)
    except InvalidDocument as err:
        errors.append(f"document {index + 1}: {err.allowed}")
    return ManifestResult(tuple(services), tuple(notes), tuple(errors))
