"""Uploaded files → what the dashboard's widgets should show.

Two kinds of file are accepted: a workload file (YAML or JSON, `advisor.model.workload_file`),
which sets the services and every option it names, and an ECS task definition
(`aws ecs describe-task-definition` output or register-task-definition input,
`advisor.importers.taskdef`), which replaces the services table with that one service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.importers.taskdef import import_taskdef
from advisor.model.prices import UnknownRegion
from advisor.model.safe_load import InvalidDocument, decode_text, load_json
from advisor.model.workload_file import parse_workload_text
from ui.inputs import state_from_workload
from ui.services import service_to_row


@dataclass(frozen=True, slots=True)
class Imported:
    """The services table rows, the other widget values to set, and notes for the user."""

    rows: tuple[dict[str, Any], ...]
    values: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _looks_like_taskdef(text: str, name: str) -> Any:
    """The parsed JSON when the text is an ECS task definition, else None."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = load_json(text, name)
    except InvalidDocument:
        return None  # not JSON: the workload file parser reports what is wrong with it
    if isinstance(data, dict) and ("containerDefinitions" in data or "taskDefinition" in data):
        return data
    return None


def import_file(name: str, content: bytes, regions: Sequence[str]) -> Imported:
    """Parse one uploaded file; InvalidWorkload / UnknownRegion name what is wrong."""
    text = decode_text(content, name)
    taskdef = _looks_like_taskdef(text, name)
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
