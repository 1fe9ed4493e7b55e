"""The bounded loader: hostile or broken YAML/JSON fails fast, in little memory, in one line
naming the file (issue 15: billion laughs, deep nesting, duplicate keys, long numbers)."""

from __future__ import annotations

import tracemalloc

import pytest

from advisor.model.safe_load import (
    MAX_DEPTH,
    MAX_YAML_CHARS,
    InvalidDocument,
    decode_text,
    load_json,
    load_yaml,
    load_yaml_all,
)

LAUGHS = "lol: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)
"""418-byte-class "billion laughs": 9 ** 10 values once expanded."""


def test_billion_laughs_fails_before_expanding_with_little_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDocument, match=r"^w.yaml: .*expands to more than 1,000,000 values"):
            load_yaml(LAUGHS, "w.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000


def test_aliases_within_the_bound_still_work() -> None:
    assert load_yaml("base: &b {vcpu: 1}\nweb: *b\n", "w.yaml") == {"base": {"vcpu": 1}, "web": {"vcpu": 1}}


def test_recursive_alias_is_an_error() -> None:
    with pytest.raises(InvalidDocument, match="refers to its own ancestor"):
        load_yaml("a: &x [*x]\n", "w.yaml")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000], ids=["just-over", "5k", "200k"])
def test_deep_yaml_is_an_error_not_a_recursion_error(depth: int) -> None:
    with pytest.raises(InvalidDocument, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_yaml("[" * depth + "]" * depth, "w.yaml")


def test_yaml_at_the_depth_limit_loads() -> None:
    assert load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "w.yaml") is not None


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000], ids=["just-over", "5k", "200k"])
def test_deep_json_is_an_error(depth: int) -> None:
    with pytest.raises(InvalidDocument, match=f"^t.json: not valid JSON: nested deeper than {MAX_DEPTH}"):
        load_json("[" * depth + "]" * depth, "t.json")


def test_duplicate_yaml_key_names_it_and_its_line() -> None:
    with pytest.raises(InvalidDocument, match=r"duplicate key 'vcpu' at line 3 column 1"):
        load_yaml("vcpu: 1\nmemory_gb: 2\nvcpu: 64\n", "w.yaml")


def test_duplicate_key_in_flow_mapping_is_an_error() -> None:
    with pytest.raises(InvalidDocument, match="duplicate key 'vcpu'"):
        load_yaml("{vcpu: 1, vcpu: 64}", "w.yaml")


def test_merge_keys_may_be_overridden() -> None:
    assert load_yaml("base: &b {a: 1, b: 2}\nx: {<<: *b, a: 3}\n", "w.yaml")["x"] == {"a": 3, "b": 2}


def test_duplicate_json_key_is_an_error() -> None:
    with pytest.raises(InvalidDocument, match=r"^t.json: not valid JSON: duplicate key 'cpu'$"):
        load_json('{"cpu": "256", "cpu": "4096"}', "t.json")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_errors(literal: str) -> None:
    with pytest.raises(InvalidDocument, match=f"{literal} is not a number JSON allows"):
        load_json(f'{{"tasks": {literal}}}', "t.json")


def test_integers_longer_than_python_converts_are_errors() -> None:
    with pytest.raises(InvalidDocument, match="a number has too many digits"):
        load_yaml("tasks: " + "9" * 5000, "w.yaml")
    with pytest.raises(InvalidDocument, match="a number has too many digits"):
        load_json('{"tasks": ' + "9" * 5000 + "}", "t.json")


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(
        InvalidDocument, match=r"^t.json: not valid JSON: Expecting ',' delimiter at line 2 column 1$"
    ):
        load_json('{"a": 1\n"b": 2}', "t.json")


def test_oversized_yaml_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidDocument, match="larger than the limit of 2 MiB"):
        load_yaml("#" * (MAX_YAML_CHARS + 1), "w.yaml")


def test_multi_document_yaml_keeps_the_documents_before_a_bad_one() -> None:
    documents = load_yaml_all("a: 1\n---\nb: 2\n---\nc: 1\nc: 2\n", "m.yaml")
    assert next(documents) == {"a": 1}
    assert next(documents) == {"b": 2}
    with pytest.raises(InvalidDocument, match=r"^m.yaml: not valid YAML: duplicate key 'c'"):
        next(documents)


@pytest.mark.parametrize(
    ("data", "byte"),
    [("vcpu: é".encode("latin-1"), "0xe9"), ("v".encode("utf-16"), "0xff"), (b"\x00\x9f\x92\x96", "0x9f")],
    ids=["latin-1", "utf-16", "binary"],
)
def test_non_utf8_text_is_an_error_naming_the_byte(data: bytes, byte: str) -> None:
    with pytest.raises(InvalidDocument, match=f"^f: not UTF-8 text \\(byte \\d+ is {byte}\\)$"):
        decode_text(data, "f")


def test_utf8_byte_order_mark_is_dropped() -> None:
    assert decode_text("\ufeffregion: x".encode(), "f") == "region: x"
