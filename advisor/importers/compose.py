"""Docker Compose files → services, through the task-definition importer.

Format: the Compose Specification (https://github.com/compose-spec/compose-spec, `deploy.md`
and `05-services.md`, read 2026-12). Each Compose service runs one container, so it becomes a
one-container ECS task definition handed to `import taskdef`: the same size rules, notes and
numbers as the task definition an architect would write for it.

- Size: `deploy.resources.reservations` (what the scheduler guarantees, like ECS's
  `memoryReservation` and Kubernetes' requests), else `deploy.resources.limits`, else the
  legacy service keys `cpus` / `mem_reservation` / `mem_limit`. `cpus` is a number of CPUs
  ("0.5"); memory is a byte value: bytes, or `b`, `k`/`kb`, `m`/`mb`, `g`/`gb` (binary
  multiples, as Docker reads them: `512m` = 512 MiB). No memory is an error; no CPU is priced at
  ECS's smallest task (0.125 vCPU) with a note.
- Count: `deploy.replicas`, else the legacy `scale`, else 1. `deploy.mode: global` runs one
  task on every node: a daemon (`daemon: true`), priced as capacity reserved on every EC2
  instance or EKS node of the fleet; Fargate has no nodes, so its options are ruled out.
  Job modes (`replicated-job`, `global-job`) run once and are errors: their duration is unknown.
- `platform` (`linux/amd64`, `linux/arm64`, `windows/amd64`) → arch and os; `privileged`;
  `network_mode: host`; GPUs from `deploy.resources.reservations.devices` with the `gpu`
  capability and a numeric `count`.
- Interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$`) in the values read: a
  variable takes its `env` value (CLI `--env`), else its default; the advisor reads neither
  the environment nor `.env`, so a variable with neither is an error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from advisor.importers.errors import missing, problem
from advisor.importers.result import ImportResult
from advisor.importers.taskdef import ECS_MIN_TASK_CPU_UNITS, import_taskdef
from advisor.importers.units import CPU_UNITS_PER_VCPU, MIB_PER_GIB
from advisor.model.checks import InvalidWorkload
from advisor.model.safe_load import load_yaml
from advisor.model.workload import Service

GLOBAL_NOTE = (
    "deploy.mode global: one task on every node, priced as a daemon: capacity reserved on every "
    "EC2 instance / EKS node of the fleet; Fargate options are ruled out (no nodes)"
)
_BYTES = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]?)i?b?$", re.IGNORECASE)
_UNIT_MIB = {"": 1 / 1024**2, "k": 1 / 1024, "m": 1.0, "g": float(MIB_PER_GIB), "t": float(MIB_PER_GIB) ** 2}
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_PLATFORMS = {
    "linux/amd64": ("X86_64", "LINUX"),
    "linux/x86_64": ("X86_64", "LINUX"),
    "linux/arm64": ("ARM64", "LINUX"),
    "linux/arm64/v8": ("ARM64", "LINUX"),
    "windows/amd64": ("X86_64", "WINDOWS_SERVER_2022_CORE"),
}


def interpolate(value: Any, path: str, env: Mapping[str, str]) -> Any:
    """A string with `${VAR}` variables replaced (other values as they are)."""
    if not isinstance(value, str):
        return value

    def one(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["name"] or match["bare"]
        op, arg = match["op"] or "", match["arg"] or ""
        found = env.get(name)
        is_set = found is not None and (found != "" or not op.startswith(":"))
        if op.endswith("+"):
            return arg if is_set else ""
        if is_set:
            return str(found)
        if op.endswith("-"):
            return arg
        detail = f" ({arg})" if op.endswith("?") and arg else ""
        raise problem(
            path,
            f"{match[0]} is not set{detail} and has no default: pass --env {name}=VALUE "
            "(the environment and .env files are not read)",
        )

    return _VARIABLE.sub(one, value)


def memory_mib(value: Any, path: str) -> float:
    """A Compose byte value (`512m`, `1.5gb`, `268435456`) in MiB."""
    if isinstance(value, bool):
        raise InvalidWorkload(path, value, "expected a byte value, e.g. 512m or 2g")
    if isinstance(value, int | float):
        return float(value) * _UNIT_MIB[""]
    match = _BYTES.match(str(value).strip())
    if not match:
        raise InvalidWorkload(path, value, "expected a byte value: bytes or b, k, m, g (e.g. 512m, 2g)")
    return float(match["number"]) * _UNIT_MIB[match["unit"].lower()]


def _cpus(value: Any, path: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidWorkload(path, value, "expected a number of CPUs, e.g. 0.5") from None
    if isinstance(value, bool) or not number > 0 or number > 192:
        raise InvalidWorkload(path, value, "expected a number of CPUs above 0 (at most 192)")
    return number


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidWorkload(path, type(value).__name__, "expected a mapping")
    return value


def _pick(spec: Mapping[str, Any], prefix: str, key: str, legacy: tuple[str, ...]) -> tuple[Any, str] | None:
    """The first of reservations.key, limits.key and the legacy service keys, with its path."""
    resources = _mapping(_mapping(spec.get("deploy"), f"{prefix}.deploy").get("resources"), "resources")
    for section in ("reservations", "limits"):
        block = _mapping(resources.get(section), f"{prefix}.deploy.resources.{section}")
        if block.get(key) not in (None, ""):
            return block[key], f"{prefix}.deploy.resources.{section}.{key}"
    for name in legacy:
        if spec.get(name) not in (None, ""):
            return spec[name], f"{prefix}.{name}"
    return None


def _gpus(spec: Mapping[str, Any], prefix: str, env: Mapping[str, str]) -> int:
    path = f"{prefix}.deploy.resources.reservations.devices"
    resources = _mapping(_mapping(spec.get("deploy"), "deploy").get("resources"), "resources")
    devices = _mapping(resources.get("reservations"), "reservations").get("devices") or []
    if not isinstance(devices, list):
        raise InvalidWorkload(path, type(devices).__name__, "expected a list")
    total = 0
    for i, device in enumerate(devices):
        if not isinstance(device, Mapping) or "gpu" not in (device.get("capabilities") or []):
            continue
        count = interpolate(device.get("count", len(device.get("device_ids") or []) or None), path, env)
        if count is None or not str(count).isdigit():
            raise InvalidWorkload(f"{path}[{i}].count", count, "expected a number of GPUs (not 'all')")
        total += int(count)
    return total


def _taskdef(
    name: str, spec: Mapping[str, Any], prefix: str, env: Mapping[str, str], notes: list[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """One Compose service → register-task-definition input, and where each field came from."""
    paths: dict[str, str] = {}
    container: dict[str, Any] = {"name": name, "privileged": bool(spec.get("privileged"))}
    data: dict[str, Any] = {"family": name, "containerDefinitions": [container]}
    memory = _pick(spec, prefix, "memory", ("mem_reservation", "mem_limit"))
    if memory is None:
        raise missing(
            f"{prefix}.deploy.resources",
            "no memory: set deploy.resources.reservations.memory (or limits.memory), e.g. 512m",
        )
    data["memory"] = memory_mib(interpolate(memory[0], memory[1], env), memory[1])
    paths["memory"] = memory[1]
    cpus = _pick(spec, prefix, "cpus", ("cpus",))
    if cpus is None:
        notes.append(
            f"no cpus: priced at {ECS_MIN_TASK_CPU_UNITS / CPU_UNITS_PER_VCPU:g} vCPU, the smallest ECS "
            "task; set deploy.resources.reservations.cpus to price it"
        )
        data["cpu"] = ECS_MIN_TASK_CPU_UNITS
    else:
        data["cpu"] = _cpus(interpolate(cpus[0], cpus[1], env), cpus[1]) * CPU_UNITS_PER_VCPU
        paths["cpu"] = cpus[1]
    platform = interpolate(spec.get("platform"), f"{prefix}.platform", env)
    if platform:
        if str(platform).lower() not in _PLATFORMS:
            raise InvalidWorkload(f"{prefix}.platform", platform, f"expected one of {', '.join(_PLATFORMS)}")
        arch, os = _PLATFORMS[str(platform).lower()]
        data["runtimePlatform"] = {"cpuArchitecture": arch, "operatingSystemFamily": os}
    if str(spec.get("network_mode", "")) in ("host", "none"):
        data["networkMode"] = spec["network_mode"]
    gpus = _gpus(spec, prefix, env)
    if gpus:
        container["resourceRequirements"] = [{"type": "GPU", "value": str(gpus)}]
    return data, paths


def _count(spec: Mapping[str, Any], prefix: str, env: Mapping[str, str]) -> int:
    deploy = _mapping(spec.get("deploy"), f"{prefix}.deploy")
    path, raw = f"{prefix}.deploy.replicas", deploy.get("replicas")
    if raw is None and spec.get("scale") is not None:
        path, raw = f"{prefix}.scale", spec["scale"]
    value = interpolate(1 if raw is None else raw, path, env)
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise InvalidWorkload(path, value, "expected a whole number of replicas, 0 or more")
    return int(str(value).strip())


def service_from_compose(
    name: str, spec: Any, *, env: Mapping[str, str] | None = None
) -> tuple[Service, tuple[str, ...]]:
    """One Compose service → Service and notes; errors name `services.<name>.<key>`."""
    prefix = f"services.{name}"
    spec = _mapping(spec, prefix)
    env = env or {}
    notes: list[str] = []
    mode = str(interpolate(_mapping(spec.get("deploy"), "deploy").get("mode") or "replicated", "mode", env))
    if mode not in ("replicated", "global"):
        raise InvalidWorkload(
            f"{prefix}.deploy.mode", mode, "expected replicated or global (a job's run time is unknown)"
        )
    data, paths = _taskdef(name, spec, prefix, env, notes)
    tasks = 1 if mode == "global" else _count(spec, prefix, env)
    try:
        result = import_taskdef(data, name=name, desired_count=tasks)
    except InvalidWorkload as err:
        raise InvalidWorkload(paths.get(err.field, f"{prefix}.{err.field}"), err.value, err.allowed) from None
    service = result.service
    if mode == "global":
        service = replace(service, daemon=True)
        notes.append(GLOBAL_NOTE)
    return service, (*notes, *result.notes)


def import_compose(data: Any, *, env: Mapping[str, str] | None = None) -> ImportResult:
    """Every service of a Compose file; a bad service is an error naming it, the rest import."""
    if not isinstance(data, Mapping) or not isinstance(data.get("services"), Mapping):
        raise missing("services", "expected a Compose file (a mapping with a services mapping)")
    services: list[Service] = []
    notes: list[str] = []
    errors: list[str] = []
    for name, spec in data["services"].items():
        try:
            service, service_notes = service_from_compose(str(name), spec, env=env)
        except InvalidWorkload as err:
            errors.append(str(err))
            continue
        services.append(service)
        notes += [f"services.{name}: {note}" for note in service_notes]
    return ImportResult(tuple(services), tuple(notes), tuple(errors))


def import_compose_text(
    text: str, name: str = "compose", *, env: Mapping[str, str] | None = None
) -> ImportResult:
    """`import_compose` on YAML text, read by the bounded loader (`advisor.model.safe_load`:
    anchors and merge keys work, alias expansion and nesting are bounded)."""
    return import_compose(load_yaml(text, name), env=env)
