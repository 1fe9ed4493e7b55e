"""What the dashboard says about its input: errors that name the service, sanity warnings.

The core names fields as the workload file does (`services[0].vcpu: 0.0 is invalid; must be
greater than 0`), which is right for the CLI and unreadable beside a table: here the same
error names the service, the column header and the 1-based row (`web: vCPU must be greater
than 0 (row 1, entered 0)`). Sanity warnings flag input the core accepts but that is almost
certainly a slip (0 tasks, a task larger than anything AWS runs); they never block a run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from advisor.model.checks import InvalidWorkload
from advisor.model.prices import PriceCatalog
from advisor.model.safe_load import InvalidDocument
from advisor.model.workload import Workload
from ui.services import LABELS, plain

ECS_MAX_TASK_VCPU = 192.0
"""Largest task CPU ECS accepts for tasks on EC2 instances (Amazon ECS Developer Guide,
"Troubleshoot Amazon ECS task definition invalid CPU or memory errors":
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html)."""

_SERVICE_FIELD = re.compile(r"^services\[(\d+)\](?:\.(\w+))?")
_ALIASES = {"memory_gib": "memory_gb"}
_VERB = re.compile(r"^(must|is|are)\b")


def row_names(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each row's service name as typed ('' where blank)."""
    return [str(plain(row.get("name")) or "") for row in rows]


def name_blank_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows with a generated name where none was typed (`service-2` for row 2), and a note
    for each, so a nameless row is priced and said so instead of being dropped."""
    taken = set(row_names(rows))
    named: list[dict[str, Any]] = []
    notes: list[str] = []
    for i, row in enumerate(rows, start=1):
        if plain(row.get("name")) is not None:
            named.append(dict(row))
            continue
        name, n = f"service-{i}", i
        while name in taken:
            n += 1
            name = f"service-{n}"
        taken.add(name)
        named.append({**row, "name": name})
        notes.append(f"Row {i} had no name: it is priced as {name}. Type a name in the Service column.")
    return named, notes


def input_error(err: InvalidWorkload, names: Sequence[str]) -> str:
    """One line naming the service and column for a service field, else the core's own line."""
    match = _SERVICE_FIELD.match(err.field)
    if match is None:
        return str(err)
    index = int(match[1])
    service = names[index] if index < len(names) and names[index] else f"row {index + 1}"
    key = _ALIASES.get(match[2] or "", match[2] or "")
    label = LABELS.get(key, key)
    if not label:
        where = err.allowed
    elif _VERB.match(err.allowed):
        where = f"{label} {err.allowed}"
    else:
        where = f"{label}: {err.allowed}"
    entered = "" if err.value is None else f", entered {_value_text(err.value)}"
    return f"{service}: {where} (row {index + 1}{entered})"


def _value_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def upload_error(err: InvalidWorkload, file_name: str) -> str:
    """A rejected upload in one line: the file, what is wrong (a parse error gives its line
    and column) and a hint on where to look."""
    text = str(err) if str(err).startswith(f"{file_name}:") else f"{file_name}: {err}"
    if isinstance(err, InvalidDocument):
        hint = (
            "check the brackets, quotes and indentation on that line and the one above; a "
            "workload file is YAML or JSON with `region` and a list of `services`"
        )
    else:
        hint = 'the README\'s "Workload files" section lists every key'
    return f"{text}. Hint: {hint}."


def sanity_warnings(workload: Workload, catalog: PriceCatalog) -> list[str]:
    """Input that is valid but most likely a slip: no tasks at all, or a task no AWS
    platform can run (beyond ECS's per-task CPU limit or the region's largest instance)."""
    types = list(catalog.instance_types.values())
    max_vcpu = min(ECS_MAX_TASK_VCPU, max((t.vcpu for t in types), default=ECS_MAX_TASK_VCPU))
    max_memory = max((t.memory_gib for t in types), default=0.0)
    warnings = []
    for service in workload.services:
        if service.peak_tasks == 0:
            warnings.append(
                f"{service.name}: 0 tasks, so it costs nothing on every option. Set Tasks to 1 or "
                "more, or delete the row."
            )
        if service.vcpu > max_vcpu:
            warnings.append(
                f"{service.name}: {service.vcpu:g} vCPU per task is more than any task AWS can run "
                f"(ECS on EC2 tasks go up to {max_vcpu:g} vCPU). Check the unit: vCPU per task."
            )
        if max_memory and service.memory_gib > max_memory:
            warnings.append(
                f"{service.name}: {service.memory_gib:,g} GB per task is more than the largest instance "
                f"in {catalog.region} has ({max_memory:,g} GB). Check the unit: GB per task, not MB."
            )
    return warnings
