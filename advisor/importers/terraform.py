"""Terraform: the JSON of `terraform show -json` (a saved plan, or the state) → services.

Format: Terraform's JSON output format 1.x (https://developer.hashicorp.com/terraform/internals/
json-format, read 2026-12). Resources come from `planned_values` (a plan) or `values` (the
state), module tree included; a plan's `resource_changes[].change.after_unknown` says which
values are `(known after apply)`. Those are reported, never guessed: an unknown value the
advisor needs is an error naming the resource and attribute.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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
from advisor.model.safe_load import load_json
from advisor.model.workload import InvalidWorkload, Service

KNOWN_AFTER_APPLY = (
    "(known after apply): the plan does not know it yet and the advisor does not guess it; set "
    "it in the configuration, or import the state after apply (terraform show -json)"
)
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
_INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class _Resource:
    """One resource instance of the plan, with what is unknown about it."""

    address: str
    module: str
    type: str
    name: str
    index: Any
    values: Mapping[str, Any]
    unknown: Mapping[str, Any]

    def is_unknown(self, key: str) -> bool:
        return self.unknown.get(key) is True

    @property
    def config_key(self) -> str:
        module = _INSTANCE_KEY.sub("", self.module)
        return f"{module}.{self.type}.{self.name}" if module else f"{self.type}.{self.name}"


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


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidWorkload(path, type(value).__name__, "expected an object")
    return value


def _resources(plan: Mapping[str, Any]) -> Iterator[_Resource]:
    """Managed resource instances, module tree in file order (depth first, no recursion)."""
    values = plan.get("planned_values") or plan.get("values")
    if not isinstance(values, Mapping):
        raise problem(
            "planned_values",
            "missing; expected the JSON of `terraform show -json` on a saved plan or the state",
        )
    unknown: dict[str, Mapping[str, Any]] = {}
    for change in plan.get("resource_changes") or ():
        if isinstance(change, Mapping) and isinstance(change.get("change"), Mapping):
            after_unknown = change["change"].get("after_unknown")
            if isinstance(after_unknown, Mapping):
                unknown[str(change.get("address"))] = after_unknown
    stack: list[tuple[Mapping[str, Any], str]] = [(_mapping(values.get("root_module"), "root_module"), "")]
    while stack:
        module, module_address = stack.pop()
        for raw in module.get("resources") or ():
            if not isinstance(raw, Mapping) or raw.get("mode", "managed") != "managed":
                continue
            address = str(raw.get("address") or "")
            yield _Resource(
                address=address,
                module=module_address,
                type=str(raw.get("type") or ""),
                name=str(raw.get("name") or ""),
                index=raw.get("index"),
                values=_mapping(raw.get("values"), f"{address}.values"),
                unknown=unknown.get(address, {}),
            )
        children = [c for c in module.get("child_modules") or () if isinstance(c, Mapping)]
        stack += [(child, str(child.get("address") or "")) for child in reversed(children)]


def _configuration(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Resource configurations by module path + `type.name` (instance keys dropped)."""
    root = _mapping(plan.get("configuration"), "configuration").get("root_module")
    out: dict[str, Mapping[str, Any]] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        module, prefix = stack.pop()
        if not isinstance(module, Mapping):
            continue
        for raw in module.get("resources") or ():
            if isinstance(raw, Mapping):
                out[f"{prefix}{raw.get('type')}.{raw.get('name')}"] = raw
        calls = module.get("module_calls")
        for name, call in calls.items() if isinstance(calls, Mapping) else ():
            if isinstance(call, Mapping):
                stack.append((call.get("module"), f"{prefix}module.{name}."))
    return out


def _references(
    resource: _Resource, config: Mapping[str, Mapping[str, Any]], attribute: str, kind: str
) -> list[str]:
    """Names of `kind` resources the configuration's expression for `attribute` refers to."""
    expressions = _mapping(config.get(resource.config_key, {}).get("expressions"), "expressions")
    expression = expressions.get(attribute)
    refs = expression.get("references") if isinstance(expression, Mapping) else None
    pattern = re.compile(rf"^{re.escape(kind)}\.([A-Za-z_][A-Za-z0-9_-]*)")
    names = [m[1] for ref in refs or () if isinstance(ref, str) and (m := pattern.match(ref))]
    return list(dict.fromkeys(names))


def _pick(candidates: list[_Resource], resource: _Resource) -> _Resource | None:
    """The one candidate, or the one with the same count/for_each key as `resource`."""
    if len(candidates) == 1:
        return candidates[0]
    same = [c for c in candidates if c.index == resource.index]
    return same[0] if len(same) == 1 else None


def _linked(
    resource: _Resource, attribute: str, targets: list[_Resource], config: Mapping[str, Mapping[str, Any]]
) -> _Resource | None:
    """The resource of `targets` that `resource.attribute` refers to in the configuration."""
    kind = targets[0].type if targets else ""
    for name in _references(resource, config, attribute, kind):
        found = _pick([t for t in targets if t.module == resource.module and t.name == name], resource)
        if found is not None:
            return found
    return None


def _taskdef_by_value(value: str, taskdefs: list[_Resource]) -> _Resource | None:
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


def _taskdef_data(resource: _Resource, notes: list[str]) -> dict[str, Any]:
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


def _describe(resource: _Resource, has_scaling: bool, notes: list[str]) -> dict[str, Any]:
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
    target: _Resource, services: list[_Resource], config: Mapping[str, Mapping[str, Any]]
) -> _Resource | None:
    """The aws_ecs_service an ECS scalable target scales: `service/<cluster>/<name>`."""
    resource_id = target.values.get("resource_id")
    if isinstance(resource_id, str) and not target.is_unknown("resource_id"):
        name = resource_id.rsplit("/", 1)[-1]
        named = [s for s in services if s.values.get("name") == name]
        if len(named) == 1:
            return named[0]
    return _linked(target, "resource_id", services, config)


def _k8s_object(resource: _Resource) -> Mapping[str, Any]:
    """A kubernetes_* resource's values → the Kubernetes object they describe."""
    if resource.type == "kubernetes_manifest":
        if resource.is_unknown("manifest"):
            raise problem("manifest", KNOWN_AFTER_APPLY)
        return _mapping(resource.values.get("manifest"), "manifest")
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


def _k8s_services(by_type: dict[str, list[_Resource]], notes: list[str], errors: list[str]) -> list[Service]:
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


def _region(plan: Mapping[str, Any]) -> str | None:
    """The root aws provider's region: a constant, or a root variable's value."""
    providers = _mapping(plan.get("configuration"), "configuration").get("provider_config")
    for provider in providers.values() if isinstance(providers, Mapping) else ():
        if not isinstance(provider, Mapping) or provider.get("name") != "aws" or provider.get("alias"):
            continue
        if provider.get("module_address"):
            continue
        expression = _mapping(provider.get("expressions"), "expressions").get("region")
        if not isinstance(expression, Mapping):
            return None
        if isinstance(expression.get("constant_value"), str):
            return str(expression["constant_value"])
        for ref in expression.get("references") or ():
            if isinstance(ref, str) and ref.startswith("var."):
                variable = _mapping(plan.get("variables"), "variables").get(ref[4:])
                if isinstance(variable, Mapping) and isinstance(variable.get("value"), str):
                    return str(variable["value"])
    return None


def import_plan(plan: Any, *, peak_hours: float = DEFAULT_PEAK_HOURS) -> ImportResult:
    """The services of a `terraform show -json` document; errors name the resource address."""
    if not isinstance(plan, Mapping):
        raise InvalidWorkload("$", type(plan).__name__, "expected the JSON object of `terraform show -json`")
    version = str(plan.get("format_version") or "")
    if version.split(".", maxsplit=1)[0] != "1":
        raise InvalidWorkload(
            "format_version", plan.get("format_version"), "expected 1.x (terraform show -json)"
        )
    config = _configuration(plan)
    by_type: dict[str, list[_Resource]] = {}
    for resource in _resources(plan):
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
        linked = _linked(service, "task_definition", taskdefs, config)
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
        tuple(services_out), (*notes, *result.notes), (*errors, *result.errors), _region(plan)
    )


def import_plan_text(
    text: str, name: str = "plan", *, peak_hours: float = DEFAULT_PEAK_HOURS
) -> ImportResult:
    """`import_plan` on JSON text; a syntax error names the file."""
    return import_plan(parse_json_text(text, name), peak_hours=peak_hours)
