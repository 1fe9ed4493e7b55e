"""The workload file the importers write: `region` + `services`, in the format of
`advisor.model.workload_file`, validated by its own parser before anyone sees it.

Only keys the workload file knows are written (no p95, no provenance keys): provenance goes
into YAML comments, which the parser ignores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import yaml

from advisor.model.workload import Service
from advisor.model.workload_file import service_to_dict, workload_from_dict


def unique_names(services: Iterable[Service]) -> tuple[tuple[Service, ...], tuple[str, ...]]:
    """Services renamed `name-2`, `name-3`, … where names repeat (a workload needs unique
    names), with one note per rename so nothing changes silently."""
    seen: set[str] = set()
    out: list[Service] = []
    notes: list[str] = []
    for service in services:
        name = service.name
        counter = 2
        while name in seen:
            name = f"{service.name}-{counter}"
            counter += 1
        if name != service.name:
            notes.append(f"renamed a second {service.name!r} to {name!r} (service names must be unique)")
        seen.add(name)
        out.append(service if name == service.name else replace(service, name=name))
    return tuple(out), tuple(notes)


def service_document(service: Service) -> dict[str, Any]:
    """One service in file form, without the keys that are unset (None)."""
    return {key: value for key, value in service_to_dict(service).items() if value is not None}


def workload_document(services: Sequence[Service], region: str) -> dict[str, Any]:
    """`{region, services}` for the services; raises InvalidWorkload if it would not parse
    back (so `estimate --workload` always accepts what an importer wrote)."""
    document = {"region": region, "services": [service_document(s) for s in services]}
    workload_from_dict(document)
    return document


def comment_text(text: str) -> str:
    """`text` safe inside one YAML comment line: line breaks (YAML also breaks lines at U+0085,
    U+2028, U+2029) and other non-printable characters are written as escapes, so a file
    name like 'x\\naddons: {…}' cannot add keys to the workload it names."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def render_document(document: dict[str, Any], fmt: str, comments: Sequence[str] = ()) -> str:
    """The document as YAML (with `# comment` lines on top) or JSON (comments dropped)."""
    if fmt == "json":
        return json.dumps(document, indent=2) + "\n"
    header = "".join(f"# {comment_text(line)}\n" for line in comments)
    return header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
