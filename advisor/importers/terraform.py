"""Terraform: the JSON of `terraform show -json` (a saved plan, or the state) → services.

The plan's JSON format (resources, unknown values, references, region) is read by
`advisor.importers.terraform_plan`. Values `(known after apply)` are reported, never guessed:
an unknown value the advisor needs is an error naming the resource and attribute.

- `aws_ecs_task_definition`: cpu, memory, network_mode, requires_compatibilities,
  runtime_platform, ephemeral_storage and `container_definitions` (a JSON string), read by the
  task-definition importer. When the container definitions are not known yet (an image URL
  from a repository being created) but the task-level cpu and memory are, the task is sized
  from those, with a note.
- `aws_ecs_service`: name, desired_count, launch_type, capacity_provider_strategy (FARGATE_SPOT
  weights → Spot share), scheduling_strategy DAEMON, and the task definition it runs: by the
  configuration's reference (`aws_ecs_task_definition.web.arn`, unknown until apply when both
  are created together), else by ARN / family:revision / family.
- `aws_appautoscaling_target` (namespace ecs): min/max capacity → usage bands, an editable
  assumption (`advisor.importers.capacity`).
- `kubernetes_deployment`, `kubernetes_stateful_set`, `kubernetes_daemonset` (and their `_v1`
  names) and `kubernetes_manifest`, read by the Kubernetes importer.

Other resource types are counted in one note; load balancers and NAT gateways point to the
`--addon` that prices them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from advisor.importers.capacity import DEFAULT_PEAK_HOURS
from advisor.importers.ecs_app import (
    ScalingSource,
    ServiceSource,
    TaskdefSource,
    assemble,
    not_priced_notes,
)
from advisor.importers.errors import problem
from advisor.importers.k8s import SUPPORTED_KINDS, service_from_object
from advisor.importers.result import ImportResult
from advisor.importers.taskdef import parse_json_text
from advisor.importers.terraform_plan import (
    KNOWN_AFTER_APPLY,
    Resource,
    as_mapping,
    linked_resource,
    plan_configuration,
    plan_region,
    plan_resources,
)
from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import load_json
from advisor.model.workload import Service

K8S_RESOURCES = {
    "kubernetes_deployment": "Deployment",
    "kubernetes_deployment_v1": "Deployment",
    "kubernetes_stateful_set": "StatefulSet",
    "kubernetes_stateful_set_v1": "StatefulSet",
    "kubernetes_daemonset": "DaemonSet",
    "kubernetes_daemon_set_v1": "DaemonSet",
}
ADDON_HINTS = {
    "aws_lb": "--addon alb_count=N",
    "aws_alb": "--addon alb_count=N",
    "aws_nat_gateway": "--addon nat_gateways=N",
}
# Kubernetes provider blocks that repeat (kept as lists, renamed to the API's plural).
_K8S_LISTS = {
    "container": "containers",
    "init_container": "initContainers",
    "node_selector_term": "nodeSelectorTerms",
    "match_expressions": "matchExpressions",
}
# Task-definition paths the importer reports → the attribute names of aws_ecs_task_definition.
_TASKDEF_PATHS = {
    "networkMode": "network_mode",
    "runtimePlatform.cpuArchitecture": "runtime_platform[0].cpu_architecture",
    "runtimePlatform.operatingSystemFamily": "runtime_platform[0].operating_system_family",
    "ephemeralStorage.sizeInGiB": "ephemeral_storage[0].size_in_gib",
}


def _taskdef_path(path: str) -> str:
    if path.startswith("containerDefinitions"):
        return "container_definitions" + path[len("containerDefinitions") :]
    return _TASKDEF_PATHS.get(path, path)


def _service_path(path: str) -> str:
    path = path.removeprefix("service.")
    for api, attribute in (
        ("serviceName", "name"),
        ("desiredCount", "desired_count"),
        ("capacityProviderStrategy", "capacity_provider_strategy"),
    ):
        if path.startswith(api):
            return attribute + path[len(api) :]
    return path


def _taskdef_by_value(value: str, taskdefs: list[Resource]) -> Resource | None:
    """A task definition by ARN, `family:revision` or family (what aws_ecs_service accepts)."""
    for taskdef in taskdefs:
        if value and taskdef.values.get("arn") == value:
            return taskdef
    family, _, revision = value.rsplit("/", 1)[-1].partition(":")
    for taskdef in taskdefs:
        known = taskdef.values.get("revision")
        if taskdef.values.get("family") == family and (
            not revision or known is None or str(known) == revision
        ):
            return taskdef
    return None


def _block(value: Any) -> Mapping[str, Any]:
    """A nested block (Terraform lists single blocks as a one-element list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, Mapping) else {}


def _taskdef_data(resource: Resource, notes: list[str]) -> dict[str, Any]:
    """aws_ecs_task_definition values → register-task-definition input."""
    values = resource.values
    for key in ("cpu", "memory", "runtime_platform", "ephemeral_storage", "network_mode"):
        if resource.is_unknown(key):
            raise problem(key, KNOWN_AFTER_APPLY)
    data: dict[str, Any] = {}
    for attribute, api in (
        ("family", "family"),
        ("cpu", "cpu"),
        ("memory", "memory"),
        ("network_mode", "networkMode"),
        ("requires_compatibilities", "requiresCompatibilities"),
        ("arn", "taskDefinitionArn"),
        ("revision", "revision"),
    ):
        if values.get(attribute) not in (None, ""):
            data[api] = values[attribute]
    platform = _block(values.get("runtime_platform"))
    if platform:
        data["runtimePlatform"] = {
            "cpuArchitecture": platform.get("cpu_architecture"),
            "operatingSystemFamily": platform.get("operating_system_family"),
        }
    storage = _block(values.get("ephemeral_storage"))
    if storage:
        data["ephemeralStorage"] = {"sizeInGiB": storage.get("size_in_gib")}
    if resource.is_unknown("container_definitions"):
        if "cpu" not in data or "memory" not in data:
            raise problem("container_definitions", KNOWN_AFTER_APPLY)
        notes.append(
            f"{resource.address}: container_definitions {KNOWN_AFTER_APPLY.split(':', maxsplit=1)[0]}: sized "
            "from the task-level cpu and memory (GPUs and privileged containers not read)"
        )
        data["containerDefinitions"] = [{}]
        return data
    raw = values.get("container_definitions")
    if isinstance(raw, str):
        raw = load_json(raw, "container_definitions")
    data["containerDefinitions"] = raw
    return data


def _describe(resource: Resource, has_scaling: bool, notes: list[str]) -> dict[str, Any]:
    """aws_ecs_service values → a describe-services entry."""
    values = resource.values
    for key in ("capacity_provider_strategy", "scheduling_strategy", "launch_type"):
        if resource.is_unknown(key):
            raise problem(key, KNOWN_AFTER_APPLY)
    if resource.is_unknown("desired_count") and not has_scaling:
        raise problem("desired_count", KNOWN_AFTER_APPLY)
    name = values.get("name")
    if resource.is_unknown("name") or not name:
        name = resource.name if resource.index is None else f"{resource.name}-{resource.index}"
        notes.append(f"{resource.address}: name not known: named {name!r} after the resource")
    strategy = values.get("capacity_provider_strategy") or []
    return {
        "serviceName": name,
        "desiredCount": 0 if resource.is_unknown("desired_count") else values.get("desired_count") or 0,
        "launchType": values.get("launch_type"),
        "capacityProviderStrategy": [
            {"capacityProvider": i.get("capacity_provider"), "weight": i.get("weight"), "base": i.get("base")}
            for i in strategy
            if isinstance(i, Mapping)
        ],
        "schedulingStrategy": values.get("scheduling_strategy"),
    }


def _scaled_service(
    target: Resource, services: list[Resource], config: Mapping[str, Mapping[str, Any]]
) -> Resource | None:
    """The aws_ecs_service an ECS scalable target scales: `service/<cluster>/<name>`."""
    resource_id = target.values.get("resource_id")
    if isinstance(resource_id, str) and not target.is_unknown("resource_id"):
        name = resource_id.rsplit("/", 1)[-1]
        named = [s for s in services if s.values.get("name") == name]
        if len(named) == 1:
            return named[0]
    return linked_resource(target, "resource_id", services, config)


def _k8s_object(resource: Resource) -> Mapping[str, Any]:
    """A kubernetes_* resource's values → the Kubernetes object they describe."""
    if resource.type == "kubernetes_manifest":
        if resource.is_unknown("manifest"):
            raise problem("manifest", KNOWN_AFTER_APPLY)
        return as_mapping(resource.values.get("manifest"), "manifest")
    body = _k8s_value(dict(resource.values))
    spec = body.get("spec")
    if isinstance(spec, dict) and isinstance(spec.get("replicas"), str):
        text = spec["replicas"].strip()
        spec["replicas"] = int(text) if text.isdigit() else (None if text == "" else text)
    return {"kind": K8S_RESOURCES[resource.type], **body}


def _k8s_value(value: Any, key: str = "") -> Any:
    """Provider blocks (snake_case, single blocks as one-element lists) → the API's form."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            name = _K8S_LISTS.get(k) or re.sub(r"_([a-z])", lambda m: m[1].upper(), k)
            out[name] = _k8s_value(v, k)
        return out
    if isinstance(value, list):
        if key not in _K8S_LISTS and len(value) <= 1 and all(isinstance(v, Mapping) for v in value):
            return _k8s_value(value[0]) if value else None
        return [_k8s_value(v) for v in value]
    return value


def _k8s_services(by_type: dict[str, list[Resource]], notes: list[str], errors: list[str]) -> list[Service]:
    """The kubernetes_* resources (removed from `by_type`) through the Kubernetes importer."""
    out: list[Service] = []
    for kind in (*K8S_RESOURCES, "kubernetes_manifest"):
        for resource in by_type.pop(kind, []):
            try:
                obj = _k8s_object(resource)
                if obj.get("kind") not in SUPPORTED_KINDS:
                    what = f"kind {obj.get('kind')} is not a workload the advisor prices"
                    notes.append(f"{resource.address}: skipped, {what}")
                    continue
                service, object_notes = service_from_object(obj)
            except InvalidWorkload as err:
                errors.append(f"{resource.address}: {err}")
                continue
            out.append(service)
            notes += [f"{resource.address}: {note}" for note in object_notes]
    return out


def import_plan(plan: Any, *, peak_hours: float = DEFAULT_PEAK_HOURS) -> ImportResult:
    """The services of a `terraform show -json` document; errors name the resource address."""
    if not isinstance(plan, Mapping):
        raise InvalidWorkload("$", type(plan).__name__, "expected the JSON object of `terraform show -json`")
    version = str(plan.get("format_version") or "")
    if version.split(".", maxsplit=1)[0] != "1":
        raise InvalidWorkload(
            "format_version", plan.get("format_version"), "expected 1.x (terraform show -json)"
        )
    config = plan_configuration(plan)
    by_type: dict[str, list[Resource]] = {}
    for resource in plan_resources(plan):
        by_type.setdefault(resource.type, []).append(resource)
    taskdefs = by_type.pop("aws_ecs_task_definition", [])
    services = by_type.pop("aws_ecs_service", [])
    targets = by_type.pop("aws_appautoscaling_target", [])
    notes: list[str] = []
    errors: list[str] = []
    scaling: list[ScalingSource] = []
    for target in targets:
        if target.values.get("service_namespace") != "ecs":
            continue
        service = _scaled_service(target, services, config)
        if service is None:
            errors.append(f"{target.address}: resource_id: no aws_ecs_service of this plan matches it")
            continue
        unknown = [key for key in ("min_capacity", "max_capacity") if target.is_unknown(key)]
        if unknown:
            errors.append(f"{target.address}: {unknown[0]}: {KNOWN_AFTER_APPLY}")
            continue
        scaling.append(
            ScalingSource(
                target.address,
                service.address,
                target.values.get("min_capacity"),
                target.values.get("max_capacity"),
            )
        )
    scaled = {source.service_key for source in scaling}
    taskdef_sources: list[TaskdefSource] = []
    for taskdef in taskdefs:
        try:
            data = _taskdef_data(taskdef, notes)
        except InvalidWorkload as err:
            errors.append(f"{taskdef.address}: {err}")
            continue
        taskdef_sources.append(TaskdefSource(taskdef.address, taskdef.address, data, _taskdef_path))
    service_sources: list[ServiceSource] = []
    for service in services:
        try:
            describe = _describe(service, service.address in scaled, notes)
        except InvalidWorkload as err:
            errors.append(f"{service.address}: {err}")
            continue
        linked = linked_resource(service, "task_definition", taskdefs, config)
        value = service.values.get("task_definition")
        if linked is None and isinstance(value, str) and not service.is_unknown("task_definition"):
            linked = _taskdef_by_value(value, taskdefs)
        service_sources.append(
            ServiceSource(
                service.address, service.address, describe, linked.address if linked else value, _service_path
            )
        )
    result = assemble(taskdef_sources, service_sources, scaling, peak_hours=peak_hours)
    services_out = [*result.services, *_k8s_services(by_type, notes, errors)]
    notes += not_priced_notes(Counter({kind: len(items) for kind, items in by_type.items()}), ADDON_HINTS)
    return ImportResult(
        tuple(services_out), (*notes, *result.notes), (*errors, *result.errors), plan_region(plan)
    )


def import_plan_text(
    text: str, name: str = "plan", *, peak_hours: float = DEFAULT_PEAK_HOURS
) -> ImportResult:
    """`import_plan` on JSON text; a syntax error names the file."""
    return import_plan(parse_json_text(text, name), peak_hours=peak_hours)
