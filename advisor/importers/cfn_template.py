"""CloudFormation templates: reading them (JSON, or YAML with the short tags) and resolving the
intrinsic functions that can be resolved without deploying.

YAML: CloudFormation's short forms (`!Ref`, `!Sub`, `!GetAtt`, `!Join`, `!If`, …) become the
long forms (`{"Ref": …}`, `{"Fn::Sub": …}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`) in a
`yaml.SafeLoader` subclass: no Python objects are ever built. CloudFormation itself refuses
YAML aliases ("YAML aliases are not allowed in CloudFormation templates"), so they are refused
here too, which also rules out alias expansion bombs; nesting is bounded.

Intrinsics (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
intrinsic-function-reference.html, read 2026-12): `Ref` to a parameter (its override or
`Default`), `AWS::Region` (when the region is given) and `AWS::NoValue`; `Fn::Sub`,
`Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::If` and the condition functions.
What only exists once deployed (`Ref` to a resource, `Fn::GetAtt`, `Fn::ImportValue`, SSM
parameters, the account id) becomes an `Unresolved` value that names its expression, so the
importer can say which value it could not read instead of guessing it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from advisor.importers.errors import problem
from advisor.importers.taskdef import parse_json_text
from advisor.model.safe_load import MAX_DEPTH, BoundedLoader, load_yaml

_SHORT_TAGS = ("Ref", "Condition", "GetAtt")
_FUNCTIONS = frozenset(
    {
        *("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select"),
        *("Split", "Sub", "Transform", "If", "Equals", "And", "Or", "Not", "ToJsonString"),
        *("Length", "Contains"),
    }
)
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_NO_VALUE = object()


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A value known only when the stack is deployed; `expression` names it for messages."""

    expression: str

    def __str__(self) -> str:
        return self.expression


class TaggedLoader(BoundedLoader):
    """The bounded loader (size, nesting, aliases, duplicate keys) + CloudFormation's short
    tags as their long forms; builds no objects."""


class _TemplateLoader(TaggedLoader):
    """TaggedLoader without aliases (CloudFormation refuses them)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise problem(
                f"line {mark.line + 1}",
                "YAML aliases are not allowed in CloudFormation templates (CloudFormation rejects them too)",
            )
        return super().compose_node(parent, index)


def _short_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if suffix not in _FUNCTIONS and suffix not in _SHORT_TAGS:
        raise problem(f"line {node.start_mark.line + 1}", f"unknown CloudFormation tag !{suffix}")
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    key = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    return {key: value}


TaggedLoader.add_multi_constructor("!", _short_tag)


def load_template(text: str, name: str = "template") -> Any:
    """A template's data from JSON or YAML text; syntax errors name the file and line."""
    if text.lstrip().startswith("{"):
        return parse_json_text(text, name)
    return load_yaml(text, name, loader_class=_TemplateLoader)


def is_intrinsic(value: Any) -> bool:
    """A one-key object `{"Ref": …}`, `{"Condition": …}` or `{"Fn::…": …}`."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return False
    key = next(iter(value))
    return key in ("Ref", "Condition") or str(key).startswith("Fn::")


def describe(value: Any) -> str:
    """A short, one-line spelling of an expression for messages."""
    text = json.dumps(value, separators=(",", ":"), default=str)
    return text if len(text) <= 100 else text[:99] + "…"


@dataclass
class Resolver:
    """Resolves a template's intrinsics against its parameters, mappings and conditions."""

    template: Mapping[str, Any]
    overrides: Mapping[str, str] = field(default_factory=dict)
    region: str | None = None

    def _section(self, name: str) -> Mapping[str, Any]:
        section = self.template.get(name)
        return section if isinstance(section, Mapping) else {}

    def parameter(self, name: str) -> Any:
        """A parameter's value: its override, else its Default (lists split), else Unresolved."""
        spec = self._section("Parameters").get(name)
        spec = spec if isinstance(spec, Mapping) else {}
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter"):
            return Unresolved(f"Ref {name} (an SSM parameter, read at deploy time)")
        if name in self.overrides:
            value: Any = self.overrides[name]
        elif "Default" in spec:
            value = spec["Default"]
        else:
            return Unresolved(f"Ref {name} (a parameter without Default: pass --parameter {name}=VALUE)")
        if kind == "CommaDelimitedList" or kind.startswith("List<"):
            return [part.strip() for part in str(value).split(",")] if isinstance(value, str) else value
        return value

    def ref(self, name: Any) -> Any:
        """`Ref`: a parameter, a pseudo parameter, or (unresolved) a resource's physical id."""
        name = str(name)
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name == "AWS::Region" and self.region:
            return self.region
        if name in self._section("Parameters"):
            return self.parameter(name)
        if name in self._section("Resources"):
            return Unresolved(f"Ref {name} (the resource's id, known after deploy)")
        return Unresolved(f"Ref {name}")

    def condition(self, name: Any, depth: int = 0) -> bool | Unresolved:
        """A named condition's truth, or Unresolved when it depends on deploy-time values."""
        expression = self._section("Conditions").get(str(name))
        if expression is None:
            return Unresolved(f"Condition {name} (not in Conditions)")
        value = self.resolve(expression, depth + 1)
        return value if isinstance(value, bool | Unresolved) else Unresolved(f"Condition {name}")

    def resolve(self, value: Any, depth: int = 0) -> Any:
        """`value` with every intrinsic resolved, or replaced by an Unresolved naming it."""
        if depth > MAX_DEPTH:
            raise problem("template", f"expressions nested deeper than {MAX_DEPTH} levels")
        if is_intrinsic(value):
            key, argument = next(iter(value.items()))
            return self._function(str(key), argument, depth + 1)
        if isinstance(value, Mapping):
            items = ((k, self.resolve(v, depth + 1)) for k, v in value.items())
            return {k: v for k, v in items if v is not _NO_VALUE}
        if isinstance(value, list):
            resolved = (self.resolve(v, depth + 1) for v in value)
            return [v for v in resolved if v is not _NO_VALUE]
        return value

    def _function(self, key: str, argument: Any, depth: int) -> Any:
        unresolved = Unresolved(f"{key} {describe(argument)}")
        if key == "Ref":
            return self.ref(argument)
        if key == "Condition":
            return self.condition(argument, depth)
        args = self.resolve(argument, depth)
        if _has_unresolved(args) and key not in ("Fn::If", "Fn::Sub", "Fn::Select"):
            return unresolved
        if key == "Fn::Sub":
            text = self._sub(argument, depth)
            return unresolved if text is None else text
        if key == "Fn::Join" and _is_pair(args, str, list):
            parts = args[1]
            if all(isinstance(p, str | int | float) and not isinstance(p, bool) for p in parts):
                return str(args[0]).join(str(p) for p in parts)
        if key == "Fn::Select" and _is_pair(args, (int, str), list):
            index = int(args[0]) if str(args[0]).isdigit() else -1
            return args[1][index] if 0 <= index < len(args[1]) else unresolved
        if key == "Fn::Split" and _is_pair(args, str, str):
            return args[1].split(args[0])
        if key == "Fn::FindInMap" and isinstance(args, list) and len(args) >= 3:
            found = self._section("Mappings").get(str(args[0]), {})
            found = found.get(str(args[1]), {}) if isinstance(found, Mapping) else {}
            if isinstance(found, Mapping) and str(args[2]) in found:
                return found[str(args[2])]
        if key == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
            truth = self.condition(argument[0], depth)
            if isinstance(truth, bool):
                return self.resolve(argument[1] if truth else argument[2], depth)
        if key == "Fn::Equals" and isinstance(args, list) and len(args) == 2:
            return str(args[0]) == str(args[1])
        if key in ("Fn::And", "Fn::Or") and isinstance(args, list) and all(isinstance(a, bool) for a in args):
            return all(args) if key == "Fn::And" else any(args)
        if key == "Fn::Not" and isinstance(args, list) and len(args) == 1 and isinstance(args[0], bool):
            return not args[0]
        return unresolved

    def _sub(self, argument: Any, depth: int) -> str | None:
        """`Fn::Sub` of a string or `[string, {name: value}]`; None when a variable is unknown."""
        text, variables = (argument, {}) if isinstance(argument, str) else (None, {})
        if _is_pair(argument, str, Mapping):
            text, variables = argument[0], self.resolve(argument[1], depth)
        if text is None:
            return None
        unknown = False

        def value(match: re.Match[str]) -> str:
            nonlocal unknown
            name = match[1].strip()
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            found = variables[name] if name in variables else self.ref(name) if "." not in name else None
            if not isinstance(found, str | int | float) or isinstance(found, bool):
                unknown = True
                return match[0]
            return str(found)

        out = _SUB_VARIABLE.sub(value, text)
        return None if unknown else out


def _is_pair(value: Any, first: Any, second: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], first)
        and isinstance(value[1], second)
    )


def _has_unresolved(value: Any) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, Mapping):
        return any(_has_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unresolved(v) for v in value)
    return False


def unresolved_paths(value: Any, path: str) -> list[tuple[str, Unresolved]]:
    """Every Unresolved inside `value`, with its path (`Properties.Cpu`, `…[0].Memory`)."""
    if isinstance(value, Unresolved):
        return [(path, value)]
    if isinstance(value, Mapping):
        return [found for k, v in value.items() for found in unresolved_paths(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in unresolved_paths(v, f"{path}[{i}]")]
    return []
