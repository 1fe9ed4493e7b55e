"""The workload file format (YAML or JSON) that `estimate --workload`, `discover`, the batch
reader and the dashboard share, and its normalized dict form used in JSON output.

Parsing is strict: an unknown key is an error with a close match suggested, and every error
names its path (e.g. `services[1].vcpu`), so a typo never silently prices the wrong thing.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from enum import StrEnum
from typing import Any, TypeVar

from advisor.model.assumptions import default_assumptions
from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import load_yaml
from advisor.model.workload import (
    AddOns,
    Assumptions,
    Platform,
    Purchase,
    RunSchedule,
    Service,
    UsageBand,
    Workload,
    default_purchases,
)

SERVICE_KEYS = (
    "name",
    "vcpu",
    "memory_gb",
    "tasks",
    "hours_per_month",
    "bands",
    "runs",
    "storage_gb",
    "arch",
    "os",
    "cpu_util",
    "mem_util",
    "spot_ok",
    "gpu_count",
    "privileged",
    "daemon",
    "network_mode",
    "accelerator",
)
WORKLOAD_KEYS = (
    "region",
    "services",
    "platforms",
    "purchases",
    "instance_types",
    "assumptions",
    "addons",
    "kubernetes",
)
SCALAR_SERVICE_KEYS = tuple(k for k in SERVICE_KEYS if k not in ("bands", "runs"))
"""The service keys a single table cell can hold (a batch column, a CLI flag)."""
BAND_KEYS = ("tasks", "hours_per_month")
RUN_KEYS = ("runs_per_month", "avg_duration_seconds", "peak_concurrency")
ASSUMPTION_KEYS = tuple(f.name for f in fields(Assumptions))
ADDON_KEYS = tuple(f.name for f in fields(AddOns))

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def _check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
    if not isinstance(data, Mapping):
        raise InvalidWorkload(path or "workload", data, "must be a mapping of keys to values")
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InvalidWorkload(
                f"{path}.{key}" if path else str(key),
                data[key],
                f"unknown field; {hint}allowed: {', '.join(allowed)}",
            )


def _prefixed(err: InvalidWorkload, path: str) -> InvalidWorkload:
    return InvalidWorkload(f"{path}.{err.field}", err.value, err.allowed)


def _bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n", ""):
        return False
    raise InvalidWorkload(path, value, "must be true or false")


def _number(value: Any, path: str) -> float:
    """A finite number from a number or its text; anything else (NaN, inf, 1e999, a list)
    is an error naming the field."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidWorkload(path, value, "must be a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise InvalidWorkload(path, value, "must be a number") from None
    if not math.isfinite(number):
        raise InvalidWorkload(path, value, "must be a finite number")
    return number


def _whole(value: Any, path: str) -> int:
    number = _number(value, path)
    if not number.is_integer():
        raise InvalidWorkload(path, value, "must be a whole number")
    if abs(number) > 2**53:
        raise InvalidWorkload(path, value, "is far too large (see the README's Limits)")
    return int(number)


def _text(value: Any, path: str) -> str:
    """A name: text (a bare number in YAML is read as its text); a list or mapping is an error,
    not its Python spelling."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidWorkload(path, value, "must be text")
    return str(value).strip()


def _within(path: str, build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`build(*args, **kwargs)`, its InvalidWorkload named under `path` (`bands[0].tasks`)."""
    try:
        return build(*args, **kwargs)
    except InvalidWorkload as err:
        raise _prefixed(err, path) from None


def service_from_dict(data: Mapping[str, Any], path: str = "service") -> Service:
    """One service from its file/CSV form; `tasks`+`hours_per_month` or `bands` or `runs`."""
    _check_keys(data, SERVICE_KEYS, path)
    for required in ("vcpu", "memory_gb"):
        if data.get(required) in (None, ""):
            raise InvalidWorkload(f"{path}.{required}", data.get(required), "is required")
    try:
        runs = None
        if data.get("runs") is not None:
            _check_keys(data["runs"], RUN_KEYS, f"{path}.runs")
            raw = data["runs"]
            runs = _within(
                f"{path}.runs",
                RunSchedule,
                runs_per_month=_number(raw.get("runs_per_month"), f"{path}.runs.runs_per_month"),
                avg_duration_seconds=_number(
                    raw.get("avg_duration_seconds"), f"{path}.runs.avg_duration_seconds"
                ),
                peak_concurrency=_whole(raw.get("peak_concurrency", 1), f"{path}.runs.peak_concurrency"),
            )
        if data.get("bands") not in (None, []):
            if not isinstance(data["bands"], list):
                raise InvalidWorkload(
                    f"{path}.bands", data["bands"], "must be a list of {tasks, hours_per_month} mappings"
                )
            if data.get("tasks") not in (None, "") or data.get("hours_per_month") not in (None, ""):
                raise InvalidWorkload(f"{path}.bands", data["bands"], "give bands or tasks, not both")
            bands = []
            for i, band in enumerate(data["bands"]):
                _check_keys(band, BAND_KEYS, f"{path}.bands[{i}]")
                bands.append(
                    _within(
                        f"{path}.bands[{i}]",
                        UsageBand,
                        _whole(band.get("tasks"), f"{path}.bands[{i}].tasks"),
                        _number(band.get("hours_per_month", 730), f"{path}.bands[{i}].hours_per_month"),
                    )
                )
        else:
            tasks = data.get("tasks")
            hours = data.get("hours_per_month")
            bands = [
                UsageBand(
                    _whole(1 if tasks in (None, "") else tasks, f"{path}.tasks"),
                    _number(730 if hours in (None, "") else hours, f"{path}.hours_per_month"),
                )
            ]
        optional: dict[str, Any] = {}
        for key in ("storage_gb", "cpu_util", "mem_util"):
            if data.get(key) not in (None, ""):
                optional[key] = _number(data[key], f"{path}.{key}")
        for key in ("spot_ok", "privileged", "daemon"):
            if data.get(key) not in (None, ""):
                optional[key] = _bool(data[key], f"{path}.{key}")
        for key in ("arch", "os", "network_mode", "accelerator"):
            if data.get(key) not in (None, ""):
                optional[key] = data[key]
        if data.get("gpu_count") not in (None, ""):
            optional["gpu_count"] = _whole(data["gpu_count"], f"{path}.gpu_count")
        return Service(
            name=_text(data.get("name") or "service", f"{path}.name"),
            vcpu=_number(data["vcpu"], f"{path}.vcpu"),
            memory_gib=_number(data["memory_gb"], f"{path}.memory_gb"),
            bands=tuple(bands) if runs is None else (),
            runs=runs,
            **optional,
        )
    except InvalidWorkload as err:
        if err.field.startswith(path):
            raise
        field = "memory_gb" if err.field == "memory_gib" else err.field
        raise _prefixed(InvalidWorkload(field, err.value, err.allowed), path) from None


def assumptions_from_dict(data: Mapping[str, Any] | None, path: str = "assumptions") -> Assumptions:
    """The documented defaults with the given fields overridden."""
    if not data:
        return default_assumptions()
    _check_keys(data, ASSUMPTION_KEYS, path)
    overrides: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            overrides[key] = None
        elif key in ("eni_trunking", "prefix_delegation", "previous_generation"):
            overrides[key] = _bool(value, f"{path}.{key}")
        elif key == "eks_support":
            overrides[key] = value
        elif key in ("ecs_reserved_memory_mib", "availability_zones"):
            overrides[key] = _whole(value, f"{path}.{key}")
        else:
            overrides[key] = _number(value, f"{path}.{key}")
    try:
        return replace(default_assumptions(), **overrides)
    except InvalidWorkload as err:
        raise _prefixed(err, path) from None


def addons_from_dict(data: Mapping[str, Any] | None, path: str = "addons") -> AddOns:
    if not data:
        return AddOns()
    _check_keys(data, ADDON_KEYS, path)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "public_ipv4":
            values[key] = _bool(value, f"{path}.{key}")
        elif key in ("alb_count", "nat_gateways"):
            values[key] = _whole(value, f"{path}.{key}")
        else:
            values[key] = _number(value, f"{path}.{key}")
    try:
        return AddOns(**values)
    except InvalidWorkload as err:
        raise _prefixed(err, path) from None


def _string_list(value: Any, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple):
        return tuple(_text(v, f"{path}[{i}]") for i, v in enumerate(value))
    raise InvalidWorkload(path, value, "must be a list or a comma-separated string")


def choices_from(value: Any, enum: type[E], path: str) -> tuple[E, ...]:
    """Ids of `enum` from a list or a comma-separated string (any case), each kept once, in
    order: how `platforms` and `purchases` are read from files, flags and batch options.
    Nothing given (None, '') is an empty tuple: the caller's default applies."""
    chosen = []
    for part in _string_list(value, path) if value else ():
        try:
            chosen.append(enum(part.lower()))
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise InvalidWorkload(path, part, f"allowed: {allowed}") from None
    return tuple(dict.fromkeys(chosen))


def workload_from_dict(data: Mapping[str, Any]) -> Workload:
    """A whole workload from its file form (see the README's 'Workload files')."""
    _check_keys(data, WORKLOAD_KEYS, "")
    if not data.get("region"):
        raise InvalidWorkload("region", data.get("region"), "is required")
    if not isinstance(data["region"], str):
        raise InvalidWorkload("region", data["region"], "must be a region name, e.g. us-east-1")
    raw_services = data.get("services")
    if not isinstance(raw_services, list) or not raw_services:
        raise InvalidWorkload("services", raw_services, "give a list of at least one service")
    services = tuple(service_from_dict(service, f"services[{i}]") for i, service in enumerate(raw_services))
    options: dict[str, Any] = {}
    if data.get("platforms"):
        options["platforms"] = choices_from(data["platforms"], Platform, "platforms")
    if data.get("purchases"):
        options["purchases"] = choices_from(data["purchases"], Purchase, "purchases")
    if data.get("instance_types"):
        options["instance_types"] = _string_list(data["instance_types"], "instance_types")
    if data.get("kubernetes"):
        options["kubernetes"] = data["kubernetes"]
    options.setdefault("purchases", default_purchases(services))
    return Workload(
        services=services,
        region=str(data["region"]).strip(),
        assumptions=assumptions_from_dict(data.get("assumptions")),
        addons=addons_from_dict(data.get("addons")),
        **options,
    )


def parse_mapping(text: str, name: str = "workload") -> dict[str, Any]:
    """The raw mapping of a YAML or JSON workload file (JSON is YAML), read by the bounded,
    strict loader (`advisor.model.safe_load`: size, depth, aliases, duplicate keys)."""
    data = load_yaml(text, name)
    if not isinstance(data, dict):
        raise InvalidWorkload(name, type(data).__name__, "must be a mapping with region and services")
    return data


def parse_workload_text(text: str, name: str = "workload") -> Workload:
    """Parse and validate a workload file's text."""
    return workload_from_dict(parse_mapping(text, name))


def service_to_dict(service: Service) -> dict[str, Any]:
    """The normalized inputs of one service (what the JSON output's `workload` shows)."""
    out: dict[str, Any] = {"name": service.name, "vcpu": service.vcpu, "memory_gb": service.memory_gib}
    if service.runs is not None:
        out["runs"] = {
            "runs_per_month": service.runs.runs_per_month,
            "avg_duration_seconds": service.runs.avg_duration_seconds,
            "peak_concurrency": service.runs.peak_concurrency,
        }
    elif len(service.bands) == 1:
        out["tasks"] = service.bands[0].tasks
        out["hours_per_month"] = service.bands[0].hours_per_month
    else:
        out["bands"] = [{"tasks": b.tasks, "hours_per_month": b.hours_per_month} for b in service.bands]
    out.update(
        storage_gb=service.storage_gb,
        arch=service.arch.value,
        os=service.os.value,
        cpu_util=service.cpu_util,
        mem_util=service.mem_util,
        spot_ok=service.spot_ok,
        gpu_count=service.gpu_count,
        privileged=service.privileged,
        daemon=service.daemon,
        network_mode=service.network_mode.value,
    )
    if service.accelerator:
        out["accelerator"] = service.accelerator
    return out


def workload_to_dict(workload: Workload) -> dict[str, Any]:
    """The normalized workload, round-trippable through `workload_from_dict`."""
    assumptions = {f: getattr(workload.assumptions, f) for f in ASSUMPTION_KEYS}
    assumptions["eks_support"] = workload.assumptions.eks_support.value
    return {
        "region": workload.region,
        "services": [service_to_dict(s) for s in workload.services],
        "platforms": [p.value for p in workload.platforms],
        "purchases": [p.value for p in workload.purchases],
        "instance_types": list(workload.instance_types),
        "assumptions": assumptions,
        "addons": {f: getattr(workload.addons, f) for f in ADDON_KEYS},
        "kubernetes": workload.kubernetes.value,
    }


def workload_to_json(workload: Workload) -> str:
    return json.dumps(workload_to_dict(workload), indent=2) + "\n"
