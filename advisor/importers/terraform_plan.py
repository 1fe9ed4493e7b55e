"""Reading Terraform's JSON output format 1.x (`terraform show -json`, a saved plan or the
state): resource instances with what is unknown about them, the configuration's references
between resources, and the aws provider's region.

Format: https://developer.hashicorp.com/terraform/internals/json-format (read 2026-12).
Resources come from `planned_values` (a plan) or `values` (the state), module tree included; a
plan's `resource_changes[].change.after_unknown` says which values are `(known after apply)`.
What the resources mean for the advisor is `advisor.importers.terraform`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.importers.errors import problem
from advisor.model.checks import InvalidWorkload

KNOWN_AFTER_APPLY = (
    "(known after apply): the plan does not know it yet and the advisor does not guess it; set "
    "it in the configuration, or import the state after apply (terraform show -json)"
)
_INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Resource:
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


def as_mapping(value: Any, path: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidWorkload(path, type(value).__name__, "expected an object")
    return value


def plan_resources(plan: Mapping[str, Any]) -> Iterator[Resource]:
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
    stack: list[tuple[Mapping[str, Any], str]] = [(as_mapping(values.get("root_module"), "root_module"), "")]
    while stack:
        module, module_address = stack.pop()
        for raw in module.get("resources") or ():
            if not isinstance(raw, Mapping) or raw.get("mode", "managed") != "managed":
                continue
            address = str(raw.get("address") or "")
            yield Resource(
                address=address,
                module=module_address,
                type=str(raw.get("type") or ""),
                name=str(raw.get("name") or ""),
                index=raw.get("index"),
                values=as_mapping(raw.get("values"), f"{address}.values"),
                unknown=unknown.get(address, {}),
            )
        children = [c for c in module.get("child_modules") or () if isinstance(c, Mapping)]
        stack += [(child, str(child.get("address") or "")) for child in reversed(children)]


def plan_configuration(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Resource configurations by module path + `type.name` (instance keys dropped)."""
    root = as_mapping(plan.get("configuration"), "configuration").get("root_module")
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


def references(
    resource: Resource, config: Mapping[str, Mapping[str, Any]], attribute: str, kind: str
) -> list[str]:
    """Names of `kind` resources the configuration's expression for `attribute` refers to."""
    expressions = as_mapping(config.get(resource.config_key, {}).get("expressions"), "expressions")
    expression = expressions.get(attribute)
    refs = expression.get("references") if isinstance(expression, Mapping) else None
    pattern = re.compile(rf"^{re.escape(kind)}\.([A-Za-z_][A-Za-z0-9_-]*)")
    names = [m[1] for ref in refs or () if isinstance(ref, str) and (m := pattern.match(ref))]
    return list(dict.fromkeys(names))


def pick(candidates: list[Resource], resource: Resource) -> Resource | None:
    """The one candidate, or the one with the same count/for_each key as `resource`."""
    if len(candidates) == 1:
        return candidates[0]
    same = [c for c in candidates if c.index == resource.index]
    return same[0] if len(same) == 1 else None


def linked_resource(
    resource: Resource, attribute: str, targets: list[Resource], config: Mapping[str, Mapping[str, Any]]
) -> Resource | None:
    """The resource of `targets` that `resource.attribute` refers to in the configuration."""
    kind = targets[0].type if targets else ""
    for name in references(resource, config, attribute, kind):
        found = pick([t for t in targets if t.module == resource.module and t.name == name], resource)
        if found is not None:
            return found
    return None


def plan_region(plan: Mapping[str, Any]) -> str | None:
    """The root aws provider's region: a constant, or a root variable's value."""
    providers = as_mapping(plan.get("configuration"), "configuration").get("provider_config")
    for provider in providers.values() if isinstance(providers, Mapping) else ():
        if not isinstance(provider, Mapping) or provider.get("name") != "aws" or provider.get("alias"):
            continue
        if provider.get("module_address"):
            continue
        expression = as_mapping(provider.get("expressions"), "expressions").get("region")
        if not isinstance(expression, Mapping):
            return None
        if isinstance(expression.get("constant_value"), str):
            return str(expression["constant_value"])
        for ref in expression.get("references") or ():
            if isinstance(ref, str) and ref.startswith("var."):
                variable = as_mapping(plan.get("variables"), "variables").get(ref[4:])
                if isinstance(variable, Mapping) and isinstance(variable.get("value"), str):
                    return str(variable["value"])
    return None
