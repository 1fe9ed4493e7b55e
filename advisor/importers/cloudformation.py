"""CloudFormation (and CDK-synthesized) templates → services, through the task-definition importer.

Resource types (CloudFormation resource reference, https://docs.aws.amazon.com/AWSCloudFormation/
latest/TemplateReference/aws-resource-ecs-taskdefinition.html and …-ecs-service.html, read 2026-12):

- `AWS::ECS::TaskDefinition`: Cpu, Memory, NetworkMode, RequiresCompatibilities,
  RuntimePlatform, EphemeralStorage and the containers' Cpu, Memory, MemoryReservation,
  Privileged and ResourceRequirements. They are the ECS API's fields in PascalCase, so they are
  handed to `import taskdef` as register-task-definition input, and errors name the
  template's own path (`Resources.WebTask.Properties.Cpu`).
- `AWS::ECS::Service`: ServiceName, DesiredCount ("if a desired count is not specified, a
  default value of 1 is used"), LaunchType, CapacityProviderStrategy (FARGATE_SPOT share),
  SchedulingStrategy DAEMON and TaskDefinition (`Ref` to a task definition of the template,
  as CDK writes it, or a family / ARN).
- `AWS::ApplicationAutoScaling::ScalableTarget` on `ecs:service:DesiredCount`: min/max
  capacity → usage bands, an editable assumption (`advisor.importers.capacity`).

Intrinsic functions are resolved where the template alone decides them (`cfn_template`);
every value that stays unresolved is named: in a note when the advisor can do without it (a
name; one note per resource lists the paths of those it does not read at all, such as images
and role ARNs), as an error naming the expression when the price depends on it (a size).
Resources whose Condition is false are left out, with a note. Other types are counted in one
note; load balancers and NAT gateways point to the `--addon` that prices them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from advisor.importers.capacity import DEFAULT_PEAK_HOURS
from advisor.importers.cfn_template import Resolver, Unresolved, is_intrinsic, load_template, unresolved_paths
from advisor.importers.ecs_app import (
    ScalingSource,
    ServiceSource,
    TaskdefSource,
    assemble,
    not_priced_notes,
)
from advisor.importers.errors import missing, problem
from advisor.importers.result import ImportResult
from advisor.model.checks import InvalidWorkload

TASK_DEFINITION = "AWS::ECS::TaskDefinition"
SERVICE = "AWS::ECS::Service"
SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
ADDON_HINTS = {
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "--addon alb_count=N",
    "AWS::EC2::NatGateway": "--addon nat_gateways=N",
}
_TASKDEF_KEYS = (
    "Family",
    "Cpu",
    "Memory",
    "NetworkMode",
    "RequiresCompatibilities",
    "RuntimePlatform",
    "EphemeralStorage",
)
_CONTAINER_KEYS = ("Name", "Cpu", "Memory", "MemoryReservation", "Privileged", "ResourceRequirements")
_CONTAINER_SIZES = ("Cpu", "Memory", "MemoryReservation")
_NAMES = ("Family", "Name")
_SERVICE_KEYS = {
    "ServiceName": "serviceName",
    "DesiredCount": "desiredCount",
    "LaunchType": "launchType",
    "CapacityProviderStrategy": "capacityProviderStrategy",
    "SchedulingStrategy": "schedulingStrategy",
}
UNRESOLVED_HINT = (
    "cannot be resolved from the template alone; give the parameter a Default or pass --parameter"
)


def template_path(path: str) -> str:
    """An ECS API path (`containerDefinitions[0].cpu`, `service.desiredCount`) in the
    template's spelling (`Properties.ContainerDefinitions[0].Cpu`)."""
    segments = path.removeprefix("service.").split(".")
    return "Properties." + ".".join(s[:1].upper() + s[1:] for s in segments if s)


def _api(value: Any) -> Any:
    """PascalCase property names → the ECS API's camelCase, at every level."""
    if isinstance(value, Mapping):
        return {str(k)[:1].lower() + str(k)[1:]: _api(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_api(v) for v in value]
    return value


def _properties(resource: Mapping[str, Any], resolver: Resolver) -> dict[str, Any]:
    properties = resource.get("Properties") or {}
    if not isinstance(properties, Mapping):
        raise InvalidWorkload("Properties", type(properties).__name__, "expected an object")
    resolved = resolver.resolve(properties)
    return dict(resolved) if isinstance(resolved, Mapping) else {}


def _taskdef_data(properties: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    """The properties the advisor reads, as register-task-definition input. Unresolved names
    are dropped with a note, container sizes too when the task-level size is known; any other
    unresolved value is an error naming it."""
    picked = {key: properties[key] for key in _TASKDEF_KEYS if key in properties}
    containers = properties.get("ContainerDefinitions")
    if isinstance(containers, list):
        picked["ContainerDefinitions"] = [
            {key: c[key] for key in _CONTAINER_KEYS if key in c} if isinstance(c, Mapping) else c
            for c in containers
        ]
    elif containers is not None:
        picked["ContainerDefinitions"] = containers
    task_sized = all(not isinstance(picked.get(k), Unresolved | type(None)) for k in ("Cpu", "Memory"))
    for path, value in unresolved_paths(picked, "Properties"):
        leaf = path.rsplit(".", 1)[-1]
        if leaf in _NAMES or (task_sized and leaf in _CONTAINER_SIZES and "ContainerDefinitions" in path):
            notes.append(f"{path}: {value} is not known before deploy: not needed here, left out")
            _drop(picked, path)
            continue
        raise problem(path, f"{value} {UNRESOLVED_HINT}")
    return _api(picked)


def _drop(data: dict[str, Any], path: str) -> None:
    """Remove the value at `Properties.A[0].B` from `data` (whose root is Properties)."""
    parts = path.replace("[", ".[").split(".")[1:]
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    del node[parts[-1]]


def _reads_taskdef(path: str) -> bool:
    """Whether the advisor reads this task-definition property (and notes it if unresolved)."""
    top = path.split(".")[1].split("[", maxsplit=1)[0]
    if top == "ContainerDefinitions":
        return path.rsplit(".", 1)[-1] in _CONTAINER_KEYS and path.count(".") == 2
    return top in _TASKDEF_KEYS


def _reads_service(path: str) -> bool:
    return path.split(".")[1].split("[", maxsplit=1)[0] in (*_SERVICE_KEYS, "TaskDefinition")


def unread_note(properties: Mapping[str, Any], reads: Callable[[str], bool]) -> list[str]:
    """One note naming the values known only after deploy that the price does not need."""
    paths = [path for path, _ in unresolved_paths(properties, "Properties") if not reads(path)]
    if not paths:
        return []
    more = f" and {len(paths) - 6} more" if len(paths) > 6 else ""
    return [f"known only after deploy, not needed for the price: {', '.join(paths[:6])}{more}"]


def _taskdef_key(raw: Any, resolved: Any, taskdefs: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The logical id of the task definition a service runs: `Ref` to it (CDK), else the
    family (`family`, `family:3`, or an ARN ending in either)."""
    if is_intrinsic(raw) and "Ref" in raw and str(raw["Ref"]) in taskdefs:
        return str(raw["Ref"])
    if isinstance(resolved, str) and resolved:
        family = resolved.rsplit("/", 1)[-1].split(":", 1)[0]
        for key, properties in taskdefs.items():
            if properties.get("Family") == family:
                return key
        return resolved
    return None


def _describe(key: str, properties: Mapping[str, Any], scaled: bool, notes: list[str]) -> dict[str, Any]:
    """An AWS::ECS::Service's properties → a describe-services entry."""
    describe = {api: properties[cfn] for cfn, api in _SERVICE_KEYS.items() if cfn in properties}
    for path, value in unresolved_paths(describe, "Properties"):
        if path == "Properties.serviceName":
            del describe["serviceName"]
            notes.append(f"Properties.ServiceName: {value} is not known before deploy")
        elif path == "Properties.desiredCount" and scaled:
            describe["desiredCount"] = 0
        else:
            raise problem(template_path(path.removeprefix("Properties.")), f"{value} {UNRESOLVED_HINT}")
    if "serviceName" not in describe:
        describe["serviceName"] = key
        notes.append(f"no ServiceName: named {key!r} after its logical id")
    daemon = str(describe.get("schedulingStrategy", "")).upper() == "DAEMON"
    if "desiredCount" not in describe and not daemon:
        describe["desiredCount"] = 1
        notes.append("no DesiredCount: 1 task, CloudFormation's default for a new service")
    return _api(describe)


def _referenced(raw: Any, names: set[str]) -> list[str]:
    """Logical ids among `names` that an expression refers to (`Ref`, `GetAtt`, `${X.Name}`)."""
    found: list[str] = []
    stack = [raw]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack += list(value.values())
            ref = value.get("Ref")
            att = value.get("Fn::GetAtt")
            found += [str(ref)] if str(ref) in names else []
            found += [str(att[0])] if isinstance(att, list) and att and str(att[0]) in names else []
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str):
            found += [n for n in names if f"${{{n}}}" in value or f"${{{n}." in value]
    return list(dict.fromkeys(found))


def _scaling(
    key: str, resource: Mapping[str, Any], properties: Mapping[str, Any], names: Mapping[str, str]
) -> ScalingSource | None:
    """An ECS ScalableTarget → the bounds of the service it scales (None: not ECS)."""
    if properties.get("ScalableDimension") != "ecs:service:DesiredCount":
        return None
    raw = resource.get("Properties", {}).get("ResourceId")
    resource_id = properties.get("ResourceId")
    targets = _referenced(raw, set(names))
    if not targets and isinstance(resource_id, str):
        targets = [k for k, name in names.items() if name == resource_id.rsplit("/", 1)[-1]]
    if len(targets) != 1:
        raise problem("Properties.ResourceId", "names no single AWS::ECS::Service of this template")
    for bound in ("MinCapacity", "MaxCapacity"):
        value = properties.get(bound)
        if value is None:
            raise missing(f"Properties.{bound}", "a ScalableTarget has MinCapacity and MaxCapacity")
        if isinstance(value, Unresolved):
            raise problem(f"Properties.{bound}", f"{value} {UNRESOLVED_HINT}")
    return ScalingSource(f"Resources.{key}", targets[0], properties["MinCapacity"], properties["MaxCapacity"])


def import_template(
    template: Any,
    *,
    parameters: Mapping[str, str] | None = None,
    region: str | None = None,
    peak_hours: float = DEFAULT_PEAK_HOURS,
) -> ImportResult:
    """The services of a template; errors name `Resources.<LogicalId>` and the property."""
    if not isinstance(template, Mapping) or not isinstance(template.get("Resources"), Mapping):
        raise missing("Resources", "expected a CloudFormation template (an object with Resources)")
    resolver = Resolver(template, dict(parameters or {}), region)
    unknown = sorted(set(parameters or {}) - set(resolver.template.get("Parameters") or {}))
    if unknown:
        raise problem("--parameter", f"{unknown[0]} is not a parameter of this template")
    notes: list[str] = []
    errors: list[str] = []
    by_type: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for key, resource in template["Resources"].items():
        if not isinstance(resource, Mapping):
            errors.append(f"Resources.{key}: expected an object with Type and Properties")
            continue
        condition = resource.get("Condition")
        truth = resolver.condition(condition) if condition is not None else True
        if truth is False:
            notes.append(f"Resources.{key}: left out, its Condition {condition} is false")
            continue
        if isinstance(truth, Unresolved):
            notes.append(f"Resources.{key}: Condition {condition} depends on {truth}: counted as created")
        by_type.setdefault(str(resource.get("Type")), []).append((str(key), resource))
    resolved: dict[str, dict[str, Any]] = {}
    for key, resource in [*by_type.get(TASK_DEFINITION, []), *by_type.get(SERVICE, [])]:
        try:
            resolved[key] = _properties(resource, resolver)
        except InvalidWorkload as err:
            errors.append(f"Resources.{key}: {err}")
    taskdefs = {key: resolved[key] for key, _ in by_type.pop(TASK_DEFINITION, []) if key in resolved}
    services = [(key, resource) for key, resource in by_type.pop(SERVICE, []) if key in resolved]
    names = {key: str(resolved[key].get("ServiceName") or key) for key, _ in services}
    scaling: list[ScalingSource] = []
    for key, resource in by_type.pop(SCALABLE_TARGET, []):
        try:
            target = _scaling(key, resource, _properties(resource, resolver), names)
        except InvalidWorkload as err:
            errors.append(f"Resources.{key}: {err}")
            continue
        if target is not None:
            scaling.append(target)
    taskdef_sources: list[TaskdefSource] = []
    for key, properties in taskdefs.items():
        label = f"Resources.{key}"
        taskdef_notes: list[str] = []
        try:
            data = _taskdef_data(properties, taskdef_notes)
        except InvalidWorkload as err:
            errors.append(f"{label}: {err}")
            continue
        notes += [f"{label}: {note}" for note in [*taskdef_notes, *unread_note(properties, _reads_taskdef)]]
        taskdef_sources.append(TaskdefSource(key, label, data, template_path))
    scaled = {target.service_key for target in scaling}
    service_sources: list[ServiceSource] = []
    for key, resource in services:
        label = f"Resources.{key}"
        service_notes: list[str] = []
        try:
            describe = _describe(key, resolved[key], key in scaled, service_notes)
        except InvalidWorkload as err:
            errors.append(f"{label}: {err}")
            continue
        service_notes += unread_note(resolved[key], _reads_service)
        notes += [f"{label}: {note}" for note in service_notes]
        raw = (resource.get("Properties") or {}).get("TaskDefinition")
        linked = _taskdef_key(raw, resolved[key].get("TaskDefinition"), taskdefs)
        service_sources.append(ServiceSource(key, label, describe, linked, template_path))
    result = assemble(taskdef_sources, service_sources, scaling, peak_hours=peak_hours)
    notes += not_priced_notes(Counter({kind: len(items) for kind, items in by_type.items()}), ADDON_HINTS)
    return ImportResult(result.services, (*notes, *result.notes), (*errors, *result.errors))


def import_template_text(
    text: str,
    name: str = "template",
    *,
    parameters: Mapping[str, str] | None = None,
    region: str | None = None,
    peak_hours: float = DEFAULT_PEAK_HOURS,
) -> ImportResult:
    """`import_template` on JSON or YAML text (short tags read by a safe loader)."""
    return import_template(
        load_template(text, name), parameters=parameters, region=region, peak_hours=peak_hours
    )
