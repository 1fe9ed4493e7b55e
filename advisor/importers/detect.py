"""Which kind of file this is: a workload file or one of the formats `import` reads.

`estimate --from` and `diff` take "anything import reads", so they need to tell the formats
apart without being told. Each format has keys no other one has at its top level; a file that
matches none, or more than one, is an error asking for `--from-kind`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.importers.cfn_template import TaggedLoader
from advisor.importers.errors import problem
from advisor.importers.taskdef import parse_json_text
from advisor.model.safe_load import load_yaml_all

KINDS = ("workload", "taskdef", "k8s", "terraform", "cloudformation", "compose")


def _first_document(text: str, name: str) -> Any:
    if text.lstrip().startswith("{"):
        return parse_json_text(text, name)
    return next(load_yaml_all(text, name, loader_class=TaggedLoader), None)


def kinds_of(data: Any) -> list[str]:
    """Every kind whose top-level keys `data` has (normally exactly one)."""
    if not isinstance(data, Mapping):
        return []
    services = data.get("services")
    checks = {
        "workload": isinstance(services, list),
        "taskdef": "containerDefinitions" in data or isinstance(data.get("taskDefinition"), Mapping),
        "k8s": "apiVersion" in data and "kind" in data,
        "terraform": "format_version" in data and ("planned_values" in data or "values" in data),
        "cloudformation": isinstance(data.get("Resources"), Mapping) or "AWSTemplateFormatVersion" in data,
        "compose": isinstance(services, Mapping),
    }
    return [kind for kind, matches in checks.items() if matches]


def detect_kind(text: str, name: str) -> str:
    """The one kind of file `text` is; InvalidWorkload naming the file when it is not clear."""
    found = kinds_of(_first_document(text, name))
    if len(found) == 1:
        return found[0]
    if found:
        return _ambiguous(name, f"it looks like {' and '.join(found)}")
    return _ambiguous(name, "not recognised as a workload file or a file `import` reads")


def _ambiguous(name: str, why: str) -> str:
    raise problem(name, f"{why}: pass --from-kind {{{'|'.join(KINDS)}}}")
