"""Kubernetes manifests (multi-document YAML) → `Service`s.

Read with the bounded loader (`advisor.model.safe_load.load_yaml_all`, safe_load semantics).
Supported kinds: Deployment, StatefulSet, ReplicaSet,
DaemonSet, Job, CronJob, Pod, and `List` (its items). Anything else is skipped with a note.

What each pod requests and which nodes (arch, OS) it may run on follow the Kubernetes rules
in `k8s_pod`. Replicas: `spec.replicas` (default 1). `hostNetwork` → host network mode,
privileged containers → privileged. DaemonSets become `daemon: true` services (one pod per
node: per-node overhead).

Jobs and CronJobs become run-based services. A CronJob's runs per month come from its
schedule (see `advisor.importers.cron`) × completions; a Job runs once (completions runs in
the month). Manifests do not say how long a run takes, so the duration comes from the
annotation `ecs-advisor/avg-duration-seconds`, else the `job_seconds` argument (CLI
`--job-seconds`), else `activeDeadlineSeconds` as an upper bound (with a note); without any of
them the object is reported as an error naming the annotation and the flag.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor.importers.cron import runs_per_month
from advisor.importers.errors import missing
from advisor.importers.k8s_pod import as_list, as_mapping, pod_arch, pod_os, pod_resources
from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import InvalidDocument, load_yaml_all
from advisor.model.workload import NetworkMode, RunSchedule, Service, UsageBand

DURATION_ANNOTATION = "ecs-advisor/avg-duration-seconds"
REPLICATED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
SUPPORTED_KINDS = (*REPLICATED_KINDS, "DaemonSet", "Job", "CronJob", "Pod")


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
class _Context:
    notes: list[str] = field(default_factory=list)


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
    annotations = as_mapping(
        as_mapping(obj.get("metadata"), "metadata").get("annotations"), "metadata.annotations"
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
    metadata = as_mapping(obj.get("metadata"), "metadata")
    name = str(metadata.get("name") or "").strip()
    if not name:
        raise missing("metadata.name", "every object needs a name")
    spec = as_mapping(obj.get("spec"), "spec")
    ctx = _Context()
    runs: RunSchedule | None = None
    tasks = 1
    if kind == "Pod":
        pod_path, pod_spec = "spec", spec
    elif kind == "CronJob":
        job_path = "spec.jobTemplate.spec"
        job_spec = as_mapping(as_mapping(spec.get("jobTemplate"), "spec.jobTemplate").get("spec"), job_path)
        pod_path = f"{job_path}.template.spec"
        pod_spec = as_mapping(
            as_mapping(job_spec.get("template"), f"{job_path}.template").get("spec"), pod_path
        )
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
        pod_spec = as_mapping(as_mapping(spec.get("template"), "spec.template").get("spec"), pod_path)
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
        *as_list(pod_spec.get("containers"), f"{pod_path}.containers"),
        *as_list(pod_spec.get("initContainers"), f"{pod_path}.initContainers"),
    ]
    privileged = any(
        bool(as_mapping(c.get("securityContext"), "securityContext").get("privileged"))
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
            arch=pod_arch(pod_spec, pod_path),
            os=pod_os(pod_spec, pod_path),
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
        for i, item in enumerate(as_list(document.get("items"), "items")):
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
