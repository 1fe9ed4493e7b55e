"""What the commands read: workload files, or anything `import` reads, as a workload.

`import` writes a workload file from task definitions, manifests, plans, templates and Compose
files; `estimate --from` and `diff` take those same files directly. Both go through the
importers here, so a file gives the same services whichever command reads it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from advisor.cli.files import read_input
from advisor.importers.capacity import DEFAULT_PEAK_HOURS
from advisor.importers.cloudformation import import_template_text
from advisor.importers.compose import import_compose_text
from advisor.importers.detect import detect_kind
from advisor.importers.document import unique_names, workload_document
from advisor.importers.errors import problem
from advisor.importers.k8s import import_manifest_text
from advisor.importers.result import ImportResult
from advisor.importers.taskdef import ServiceInfo, import_taskdef, match_service, parse_json_text, unwrap
from advisor.importers.terraform import import_plan_text
from advisor.model.workload_file import parse_mapping

Importer = Callable[[str, str], ImportResult]
"""(file text, file name) → what it gave; raises InvalidWorkload when the whole file is bad."""

DEFAULT_REGION = "us-east-1"


def taskdef_importer(infos: Sequence[ServiceInfo] = (), desired_count: int | None = None) -> Importer:
    """One task definition per file, matched to its service in `infos`."""

    def importer(text: str, name: str) -> ImportResult:
        data = parse_json_text(text, name)
        taskdef, _ = unwrap(data)
        result = import_taskdef(data, desired_count=desired_count, service_info=match_service(taskdef, infos))
        return ImportResult((result.service,), result.notes)

    return importer


def k8s_importer(job_seconds: float | None = None) -> Importer:
    def importer(text: str, name: str) -> ImportResult:
        result = import_manifest_text(text, job_seconds=job_seconds)
        return ImportResult(result.services, result.notes, result.errors)

    return importer


def terraform_importer(peak_hours: float = DEFAULT_PEAK_HOURS) -> Importer:
    def importer(text: str, name: str) -> ImportResult:
        return import_plan_text(text, name, peak_hours=peak_hours)

    return importer


def cloudformation_importer(
    parameters: Sequence[tuple[str, str]] = (),
    region: str | None = None,
    peak_hours: float = DEFAULT_PEAK_HOURS,
) -> Importer:
    def importer(text: str, name: str) -> ImportResult:
        return import_template_text(
            text, name, parameters=dict(parameters), region=region, peak_hours=peak_hours
        )

    return importer


def compose_importer(env: Sequence[tuple[str, str]] = ()) -> Importer:
    def importer(text: str, name: str) -> ImportResult:
        return import_compose_text(text, name, env=dict(env))

    return importer


def importer_for(kind: str) -> Importer:
    """The importer of a kind, with `import`'s defaults (no overrides)."""
    factories: dict[str, Callable[[], Importer]] = {
        "taskdef": taskdef_importer,
        "k8s": k8s_importer,
        "terraform": terraform_importer,
        "cloudformation": cloudformation_importer,
        "compose": compose_importer,
    }
    return factories[kind]()


def workload_mapping(name: str, kind: str | None = None, region: str | None = None) -> dict[str, Any]:
    """A workload file's mapping, or the workload `import` would write for the file.

    Notes go to stderr as `import` prints them. An imported file with errors is refused (after
    printing each error): pricing what is left would silently leave services out.
    """
    text = read_input(name)
    kind = kind or detect_kind(text, name)
    if kind == "workload":
        return parse_mapping(text, name)
    result = importer_for(kind)(text, name)
    services, renames = unique_names(result.services)
    for note in [*result.notes, *renames]:
        print(f"note: {name}: {note}", file=sys.stderr)
    for error in result.errors:
        print(f"error: {name}: {error}", file=sys.stderr)
    if result.errors:
        raise problem(name, f"{len(result.errors)} resource(s) could not be imported (above); fix them")
    if not services:
        raise problem(name, f"no service in this {kind} file")
    if not (region or result.region):
        print(f"note: {name}: region {DEFAULT_REGION} (the default; --region to change)", file=sys.stderr)
    return workload_document(services, region or result.region or DEFAULT_REGION)
