"""ECS resources of an infrastructure-code file → services, through the task-definition importer.

Terraform plans and CloudFormation templates describe the same three things in their own
spelling: task definitions, services that run them, and autoscaling targets on those
services. Their importers translate each into the ECS API's own form (register-task-definition
input, a describe-services entry) and hand them here, so sizes, counts, Fargate Spot shares and
daemons follow exactly the rules of `import taskdef` (`advisor.importers.taskdef`): the same
file gives the same workload whichever way it is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from advisor.importers.capacity import DEFAULT_PEAK_HOURS, scaling_bands, scaling_note
from advisor.importers.errors import problem
from advisor.importers.result import ImportResult
from advisor.importers.taskdef import import_taskdef, service_info
from advisor.model.checks import InvalidWorkload
from advisor.model.workload import Service

PathRename = Callable[[str], str]


def _same(path: str) -> str:
    return path


@dataclass(frozen=True, slots=True)
class TaskdefSource:
    """One task definition: `key` links services to it, `label` names it in messages.

    `rename` turns the ECS API paths the importer reports (`containerDefinitions[0].cpu`) into
    the file's own spelling (`container_definitions[0].cpu`, `Properties.Cpu`).
    """

    key: str
    label: str
    data: Mapping[str, Any]
    rename: PathRename = _same


@dataclass(frozen=True, slots=True)
class ServiceSource:
    """One ECS service as a describe-services entry, and the key of its task definition."""

    key: str
    label: str
    describe: Mapping[str, Any]
    taskdef_key: str | None
    rename: PathRename = _same


@dataclass(frozen=True, slots=True)
class ScalingSource:
    """Autoscaling bounds of one service (its key), as the file spells them."""

    label: str
    service_key: str
    min_capacity: Any
    max_capacity: Any


def not_priced_notes(skipped: Counter[str], addon_hints: Mapping[str, str]) -> list[str]:
    """One note counting the resource types not priced, and one per load balancer / NAT type
    pointing to the `--addon` that prices it."""
    if not skipped:
        return []
    listed = ", ".join(f"{kind} ×{count}" for kind, count in sorted(skipped.items()))
    return [f"not priced (not container workloads): {listed}"] + [
        f"{kind} ×{skipped[kind]}: the load balancer / NAT bill is an add-on: estimate {hint}"
        for kind, hint in addon_hints.items()
        if skipped[kind]
    ]


def relabel(err: InvalidWorkload, label: str, rename: PathRename = _same) -> str:
    """One error line: `label: path: message`, the path in the file's own spelling."""
    field = rename(err.field)
    if err.value is None and str(err).startswith(f"{err.field}: "):
        message = str(problem(field, str(err)[len(err.field) + 2 :]))
    else:
        message = str(InvalidWorkload(field, err.value, err.allowed))
    return f"{label}: {message}"


def assemble(
    taskdefs: Sequence[TaskdefSource],
    services: Sequence[ServiceSource],
    scaling: Sequence[ScalingSource] = (),
    *,
    peak_hours: float = DEFAULT_PEAK_HOURS,
) -> ImportResult:
    """Every service priced with its task definition; task definitions no service runs are
    priced as one task each (a note says so). Errors name the resource; the rest import."""
    by_key = {taskdef.key: taskdef for taskdef in taskdefs}
    targets = {target.service_key: target for target in scaling}
    used: set[str] = set()
    out: list[Service] = []
    notes: list[str] = []
    errors: list[str] = []
    for source in services:
        taskdef = by_key.get(source.taskdef_key or "")
        if taskdef is None:
            what = source.taskdef_key or "its task definition"
            errors.append(f"{source.label}: task definition {what} is not in this file; import it too")
            continue
        used.add(taskdef.key)
        try:
            info = service_info(source.describe, "service")
        except InvalidWorkload as err:
            errors.append(relabel(err, source.label, source.rename))
            continue
        try:
            result = import_taskdef(taskdef.data, service_info=info)
        except InvalidWorkload as err:
            errors.append(relabel(err, taskdef.label, taskdef.rename))
            continue
        service = result.service
        notes += [f"{source.label}: {note}" for note in result.notes]
        target = targets.get(source.key)
        if target is not None:
            try:
                service = _scaled(service, target, peak_hours, notes)
            except InvalidWorkload as err:
                errors.append(relabel(err, target.label))
                continue
        out.append(service)
    for taskdef in taskdefs:
        if taskdef.key in used:
            continue
        try:
            result = import_taskdef(taskdef.data)
        except InvalidWorkload as err:
            errors.append(relabel(err, taskdef.label, taskdef.rename))
            continue
        notes.append(f"{taskdef.label}: no service in this file runs it: priced as one task")
        notes += [f"{taskdef.label}: {note}" for note in result.notes]
        out.append(result.service)
    return ImportResult(tuple(out), tuple(notes), tuple(errors))


def _scaled(service: Service, target: ScalingSource, peak_hours: float, notes: list[str]) -> Service:
    if service.daemon:
        notes.append(f"{target.label}: ignored, a DAEMON service runs one task per instance")
        return service
    bands = scaling_bands(target.min_capacity, target.max_capacity, peak_hours)
    desired = service.bands[0].tasks
    # The bounds themselves, not the bands' (with --peak-hours 0 or 730 only one band is left).
    low, high = int(float(target.min_capacity)), int(float(target.max_capacity))
    detail = f" (desired count {desired} is outside it)" if not low <= desired <= high else ""
    notes.append(f"{target.label}: {low}–{high} tasks{detail}; {scaling_note(peak_hours)}")
    return replace(service, bands=bands)
