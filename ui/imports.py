"""Uploaded files → what the dashboard's widgets should show.

Two kinds of file are accepted: a workload file (YAML or JSON, `advisor.model.workload_file`),
which sets the services and every option it names, and an ECS task definition
(`aws ecs describe-task-definition` output or register-task-definition input,
`advisor.importers.taskdef`), which replaces the services table with that one service.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.importers.taskdef import import_taskdef
from advisor.model.prices import UnknownRegion
from advisor.model.workload import InvalidWorkload
from advisor.model.workload_file import parse_workload_text
from ui.inputs import state_from_workload
from ui.services import service_to_row


@dataclass(frozen=True, slots=True)
class Imported:
    """The services table rows, the other widget values to set, and notes for the user."""

    rows: tuple[dict[str, Any], ...]
    values: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _looks_like_taskdef(text: str) -> Any:
    """The parsed JSON when the text is an ECS task definition, else None."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(data, dict) and ("containerDefinitions" in data or "taskDefinition" in data):
        return data
    return None


def import_file(name: str, content: bytes, regions: Sequence[str]) -> Imported:
    """Parse one uploaded file; InvalidWorkload / UnknownRegion name what is wrong."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidWorkload(name, "(binary)", "must be UTF-8 text (YAML or JSON)") from err
    taskdef = _looks_like_taskdef(text)
    if taskdef is not None:
        imported = import_taskdef(taskdef)
        family = f" {imported.family}" if imported.family else ""
        notes = (f"{name}: ECS task definition{family} imported as one service.", *imported.notes)
        return Imported(rows=(service_to_row(imported.service),), notes=notes)
    loaded = parse_workload_text(text, name)
    if loaded.region not in regions:
        raise UnknownRegion(loaded.region, list(regions))
    return Imported(
        rows=tuple(service_to_row(s) for s in loaded.services),
        values=state_from_workload(loaded),
        notes=(f"{name}: workload file with {len(loaded.services)} service(s) imported.",),
    )
