"""Bounded, strict parsing of YAML and JSON from files nobody vouched for: workload files,
manifests, task definitions, Terraform plans, dashboard uploads and the price cache.

One home for the rules every reader shares, so a hostile or broken file fails the same way
everywhere, fast and with one line naming the file:

- size: at most `MAX_YAML_CHARS` of YAML (the pure-Python parser runs ~1 s per MB) and
  `MAX_JSON_CHARS` of JSON;
- text: UTF-8 (a byte-order mark is dropped); other encodings are an error, not a traceback;
- depth: at most `MAX_DEPTH` nested collections, checked while composing, before Python's
  recursion limit can be reached;
- aliases: a YAML document may expand to at most `MAX_NODES` values, counted with every alias
  as the size of what it stands for and checked as each node is composed, before anything is
  expanded, so a "billion laughs" file fails in milliseconds with little memory; an alias to
  its own ancestor (a recursive structure) is an error;
- duplicate keys: an error in YAML and JSON (YAML merge keys `<<` may still be overridden);
- numbers: NaN/Infinity literals in JSON and integers longer than Python converts are errors.

`yaml.safe_load` semantics otherwise (no Python tags). Errors are `InvalidDocument`, an
`InvalidWorkload`, so every command reports them as bad input (exit code 2).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NoReturn

import yaml

from advisor.model.checks import InvalidWorkload

MAX_YAML_CHARS = 2 * 1024 * 1024
"""2 MiB of YAML: about 30,000 services or a few hundred Kubernetes manifests."""
MAX_JSON_CHARS = 64 * 1024 * 1024
"""64 MiB of JSON (a large `terraform show -json`); JSON is parsed in C."""
MAX_DEPTH = 64
"""Nested mappings/lists: a Kubernetes pod spec is ~10 deep, a Terraform plan ~30."""
MAX_NODES = 1_000_000
"""Values one YAML document may expand to, aliases counted as what they stand for."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


class InvalidDocument(InvalidWorkload):
    """A file that cannot be parsed within the bounds: `name: problem`, one line."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(name, None, problem)
        self.args = (f"{name}: {problem}",)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 bytes → text (a byte-order mark dropped); any other encoding is an error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidDocument(name, f"not UTF-8 text (byte {err.start} is {data[err.start]:#04x})") from None


def _check_size(text: str, name: str, limit: int) -> None:
    if len(text) > limit:
        raise InvalidDocument(name, f"larger than the limit of {limit // 1024 // 1024} MiB")


def _where(mark: Any) -> str:
    return f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""


class _Problem(yaml.MarkedYAMLError):
    """A bound the loader enforces, reported like a syntax error (with its line)."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class BoundedLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that bounds depth and alias expansion while composing, and rejects
    duplicate keys while constructing. Subclass it for extra tags (CloudFormation's short
    forms) and pass the subclass to `load_yaml`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._weights: dict[int, int] = {}

    def compose_document(self) -> Any:
        self._weights = {}
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self._weights:
                raise _Problem(f"alias *{event.anchor} refers to its own ancestor", event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Problem(f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
        try:
            node: Any = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        weight = 1 + sum(self._weights[id(child)] for child in children)
        if weight > MAX_NODES:
            raise _Problem(
                f"expands to more than {MAX_NODES:,} values through aliases (or is too large)",
                node.start_mark,
            )
        self._weights[id(node)] = weight
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node)
                if key in seen:
                    raise _Problem(f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def yaml_problem(err: yaml.YAMLError) -> str:
    """A YAML error in one line: the problem and its line/column (1-based)."""
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        context = f" ({err.context})" if err.context else ""
        return f"{err.problem}{context}{_where(err.problem_mark)}"
    return " ".join(str(err).split())


def _yaml_failed(err: Exception, name: str) -> NoReturn:
    if isinstance(err, InvalidWorkload):
        raise err  # a subclass's own, already named, problem
    if isinstance(err, yaml.YAMLError):
        raise InvalidDocument(name, f"not valid YAML: {yaml_problem(err)}") from None
    # ValueError: an integer longer than Python converts (sys.get_int_max_str_digits)
    raise InvalidDocument(name, "not valid YAML: a number has too many digits") from None


def load_yaml_all(
    text: str, name: str, *, loader_class: type[BoundedLoader] = BoundedLoader
) -> Iterator[Any]:
    """Each document of a (multi-document) YAML text, within the bounds; a problem raises
    InvalidDocument when its document is reached (the documents before it are kept)."""
    _check_size(text, name, MAX_YAML_CHARS)
    loader = loader_class(text)
    try:
        while True:
            try:
                if not loader.check_node():
                    return
                document = loader.get_node()
                data = None if document is None else loader.construct_document(document)
            except (yaml.YAMLError, ValueError) as err:
                _yaml_failed(err, name)
            yield data
    finally:
        loader.dispose()


def load_yaml(text: str, name: str, *, loader_class: type[BoundedLoader] = BoundedLoader) -> Any:
    """One YAML (or JSON) document within the bounds; more than one is an error."""
    _check_size(text, name, MAX_YAML_CHARS)
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, ValueError) as err:
        _yaml_failed(err, name)
    finally:
        loader.dispose()


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    pass


def _no_constant(literal: str) -> NoReturn:
    raise _BadConstant(literal)


class _BadConstant(ValueError):
    pass


def _depth(data: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def load_json(text: str, name: str) -> Any:
    """JSON text within the bounds: duplicate keys, NaN/Infinity and deep nesting are errors;
    a syntax error names its line and column."""
    _check_size(text, name, MAX_JSON_CHARS)
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise InvalidDocument(
            name, f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        ) from None
    except _DuplicateKey as err:
        raise InvalidDocument(name, f"not valid JSON: duplicate key {err.args[0]!r}") from None
    except _BadConstant as err:
        raise InvalidDocument(name, f"not valid JSON: {err.args[0]} is not a number JSON allows") from None
    except RecursionError:
        raise InvalidDocument(name, f"not valid JSON: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:
        raise InvalidDocument(name, "not valid JSON: a number has too many digits") from None
    if _depth(data) > MAX_DEPTH:
        raise InvalidDocument(name, f"not valid JSON: nested deeper than {MAX_DEPTH} levels")
    return data
