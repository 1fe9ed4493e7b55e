"""The dashboard's view state: every widget key, its default, and its URL form.

Each widget's session-state key is also its query-parameter name, so a shared link
reproduces the view: `from_query` seeds the first run from `st.query_params`, and
`to_query` writes back only what differs from the defaults (short links). Defaults come
from the core (`default_assumptions()`, `AddOns()`, `Weights()`), never restated here.
The services table has its own compact form (`ui.services.encode_row`), one `svc`
parameter per service.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from advisor.decision.recommend import Weights
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.assumptions import default_assumptions
from advisor.model.workload import AddOns, Platform, Purchase, SupportTier

SERVICES_PARAM = "svc"

ASSUMPTION_PREFIX = "a_"
ADDON_PREFIX = "addon_"
WEIGHT_PREFIX = "w_"
OPS_PREFIX = "ops_"

SOURCES = ("snapshot", "auto", "live")
CHARTS = ("Monthly cost", "Cost per service", "Sensitivity", "Trade-offs")
OPTION_IDS = ("", *(f"{p.value}/{b.value}" for p in Platform for b in Purchase))
"""What runs today: '' (not stated) or an option id, `platform/purchase`."""
VIEW_KEYS = frozenset({"source", "chart", "sensitivity", "show_calc", "current"})
"""Keys that change what is shown, not what is priced: they apply without Estimate."""


@dataclass(frozen=True, slots=True)
class Field:
    """One widget's state: `kind` is str, float, optfloat (blank = None), int, bool or list."""

    key: str
    default: Any
    kind: str
    choices: tuple[str, ...] = ()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def _fields() -> tuple[Field, ...]:
    assumptions = default_assumptions()
    items = [
        Field("region", "us-east-1", "str"),
        Field("source", "snapshot", "str", SOURCES),
        Field("platforms", tuple(p.value for p in Platform), "list", tuple(p.value for p in Platform)),
        # Empty means the workload file's default: on-demand, plus Spot when every service is Spot-OK.
        Field("purchases", (), "list", tuple(p.value for p in Purchase)),
        Field("instance_types", "", "str"),
        Field("current", "", "str", OPTION_IDS),
        Field("target_util", 0.7, "float"),
    ]
    for f in fields(assumptions):
        value = getattr(assumptions, f.name)
        key = ASSUMPTION_PREFIX + f.name
        if f.name == "eks_support":
            items.append(Field(key, value.value, "str", tuple(t.value for t in SupportTier)))
        elif value is None:
            items.append(Field(key, None, "optfloat"))
        else:
            items.append(Field(key, value, _kind(value)))
    addons = AddOns()
    items += [
        Field(ADDON_PREFIX + f.name, getattr(addons, f.name), _kind(getattr(addons, f.name)))
        for f in fields(addons)
    ]
    weights = Weights()
    items.append(Field(WEIGHT_PREFIX + "cost", weights.cost, "float"))
    items += [Field(WEIGHT_PREFIX + c, float(weights.criteria.get(c, 0.0)), "float") for c in CRITERIA]
    items += [Field(OPS_PREFIX + p.value, 0.0, "float") for p in Platform]
    items += [
        Field("chart", CHARTS[0], "str", CHARTS),
        Field("sensitivity", "", "str"),
        Field("show_calc", False, "bool"),
    ]
    return tuple(items)


FIELDS: tuple[Field, ...] = _fields()
FIELDS_BY_KEY: Mapping[str, Field] = {f.key: f for f in FIELDS}


def defaults() -> dict[str, Any]:
    """Every widget key with its default (lists as lists, as widgets return them)."""
    return {f.key: list(f.default) if f.kind == "list" else f.default for f in FIELDS}


def input_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The widget values that decide the estimate (everything but the view keys)."""
    return {f.key: values[f.key] for f in FIELDS if f.key not in VIEW_KEYS and f.key in values}


def _parse(field: Field, text: str, choices: Sequence[str]) -> Any:
    if field.kind == "list":
        values = [v.strip() for v in text.split(",") if v.strip()]
        bad = [v for v in values if v not in choices]
        if bad:
            raise ValueError(f"{', '.join(bad)} not among {', '.join(choices)}")
        return values
    if field.kind == "bool":
        if text not in ("0", "1"):
            raise ValueError("must be 0 or 1")
        return text == "1"
    if field.kind == "optfloat" and text == "":
        return None
    if field.kind in ("float", "optfloat", "int"):
        number = float(text)
        if not math.isfinite(number):
            raise ValueError("must be a finite number")
        if field.kind == "int":
            if not number.is_integer():
                raise ValueError("must be a whole number")
            return int(number)
        return number
    if choices and text not in choices:
        raise ValueError(f"not among {', '.join(choices)}")
    return text


MAX_WEIGHT = 100.0
"""A trade-off weight (the defaults are 0 to 4)."""
MAX_OPS_HOURS = 744.0
"""Operations hours a month on one platform: at most every hour of the month."""


def _check(key: str, value: Any) -> Any:
    """`value` if the core accepts it for `key` (the workload model's own bounds), else
    ValueError naming the field: a link never sets what the form would then reset silently."""
    if key.startswith(ADDON_PREFIX):
        AddOns(**{key.removeprefix(ADDON_PREFIX): value})
    elif key.startswith(ASSUMPTION_PREFIX):
        replace(default_assumptions(), **{key.removeprefix(ASSUMPTION_PREFIX): value})
    elif key.startswith(WEIGHT_PREFIX) and not 0 <= value <= MAX_WEIGHT:
        raise ValueError(f"a weight must be in [0, {MAX_WEIGHT:g}]")
    elif key.startswith(OPS_PREFIX) and not 0 <= value <= MAX_OPS_HOURS:
        raise ValueError(f"operations hours must be in [0, {MAX_OPS_HOURS:g}] a month")
    elif key == "target_util" and not 0 < value <= 1:
        raise ValueError("must be a fraction in (0, 1]")
    return value


def from_query(
    params: Mapping[str, str | list[str]], choices: Mapping[str, Sequence[str]] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Known, valid parameters as widget values, and one problem line per rejected one.

    `choices` adds runtime choices (e.g. the snapshot's regions). Unknown parameters and
    `svc` are left to the caller.
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    extra = choices or {}
    for key, raw in params.items():
        field = FIELDS_BY_KEY.get(key)
        if field is None:
            continue
        text = raw[-1] if isinstance(raw, list) else raw
        try:
            values[key] = _check(key, _parse(field, text.strip(), extra.get(key, field.choices)))
        except ValueError as err:  # InvalidWorkload is a ValueError
            problems.append(f"URL parameter {key}={text[:60]!r} ignored: {err}")
    return values, problems


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def to_query(state: Mapping[str, Any]) -> dict[str, str]:
    """The URL parameters for `state`: only keys whose value differs from the default."""
    out: dict[str, str] = {}
    for field in FIELDS:
        if field.key not in state:
            continue
        value = state[field.key]
        default = field.default
        if field.kind == "list":
            if list(value or ()) == list(default):
                continue
        elif field.kind in ("float", "optfloat", "int") and value is not None and default is not None:
            if float(value) == float(default):
                continue
        elif value == default:
            continue
        out[field.key] = _text(value)
    return out
